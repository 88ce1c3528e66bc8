import { useEffect, useState } from 'react';

// The records another entity has, as { id, label } choices for a select (label: its title field).
export default function useChoices(list, titleField) {
  const [choices, setChoices] = useState([]);
  useEffect(() => {
    list({ limit: 500 })
      .then((rows) => setChoices(rows.map((row) => ({ id: row.id, label: String(row[titleField] ?? `#${row.id}`) }))))
      .catch(() => setChoices([])); // the form still works; the list's own load reports a server that is down
  }, [list, titleField]);
  return choices;
}
