import { useCallback, useEffect, useRef, useState } from 'react';
import { describe } from './format.js';

// One entity's records as the server lists them for `query` (search and filters), loaded again
// whenever the query changes or `reload` is called.
export default function useRecords(list, query) {
  const [items, setItems] = useState([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const asked = JSON.stringify(query); // a new object each render: compare what it asks
  // only the latest load may show: a slow answer to an older one (the first list, the search typed
  // before the last letter) would otherwise land after it and put the old list back
  const latest = useRef(0);

  const reload = useCallback(async () => {
    const ticket = ++latest.current;
    try {
      const answer = await list(JSON.parse(asked));
      if (ticket !== latest.current) return;
      setItems(answer);
      setError('');
    } catch (err) {
      if (ticket !== latest.current) return;
      setError(`Could not load the list: ${describe(err)}`);
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, [list, asked]);

  useEffect(() => {
    reload();
  }, [reload]);

  return { items, setItems, loading, error, setError, reload };
}
