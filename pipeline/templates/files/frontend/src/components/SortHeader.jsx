// A column heading that sorts the list by its field; a second click turns the order round.
export default function SortHeader({ name, label, sort, onSort }) {
  const active = sort.field === name;
  const next = () => onSort({ field: name, direction: active && sort.direction === 'asc' ? 'desc' : 'asc' });
  return (
    <th aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}>
      <button type="button" className="sort" onClick={next}>
        {label}
        {active ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  );
}
