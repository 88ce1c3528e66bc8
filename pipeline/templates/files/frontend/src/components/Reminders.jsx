// What is due within a few days, overdue first (from listing.js's dueSoon).
export default function Reminders({ items, title }) {
  if (items.length === 0) return null;
  return (
    <div className="card reminders" role="status" aria-label="Reminders">
      <h2>Due soon</h2>
      <ul>
        {items.map(({ row, overdue, daysLeft }) => (
          <li key={row.id} className={overdue ? 'overdue' : ''}>
            {title(row)}:{' '}
            {overdue ? `overdue by ${-daysLeft} day(s)` : daysLeft === 0 ? 'due today' : `due in ${daysLeft} day(s)`}
          </li>
        ))}
      </ul>
    </div>
  );
}
