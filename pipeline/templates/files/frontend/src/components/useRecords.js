import { useCallback, useEffect, useState } from 'react';
import { describe } from './format.js';

// One entity's records as the server lists them for `query` (search and filters), loaded again
// whenever the query changes or `reload` is called.
export default function useRecords(list, query) {
  const [items, setItems] = useState([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const asked = JSON.stringify(query); // a new object each render: compare what it asks

  const reload = useCallback(async () => {
    try {
      setItems(await list(JSON.parse(asked)));
      setError('');
    } catch (err) {
      setError(`Could not load the list: ${describe(err)}`);
    } finally {
      setLoading(false);
    }
  }, [list, asked]);

  useEffect(() => {
    reload();
  }, [reload]);

  return { items, setItems, loading, error, setError, reload };
}
