// Pure helpers of the list views: sorting, CSV export, reminders. No React, no DOM: testable alone.

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

// Rows ordered by one field (its name); empty values last whichever the direction.
export function sortRows(rows, field, direction = 'asc') {
  if (!field) return rows;
  const sign = direction === 'desc' ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = a[field];
    const y = b[field];
    const emptyX = x === null || x === undefined || x === '';
    const emptyY = y === null || y === undefined || y === '';
    if (emptyX || emptyY) return emptyX === emptyY ? 0 : emptyX ? 1 : -1;
    if (typeof x === 'number' && typeof y === 'number') return sign * (x - y);
    if (typeof x === 'boolean') return sign * (Number(x) - Number(y));
    return sign * collator.compare(String(Array.isArray(x) ? x.join(', ') : x), String(Array.isArray(y) ? y.join(', ') : y));
  });
}

// One CSV cell: quoted when it must be, and a leading = + - @ made text, so a spreadsheet never
// runs a cell as a formula (CSV injection).
export function csvCell(value) {
  let text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join(', ') : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// The rows as CSV: an id column, then one per entry of `columns` (heading → the row's value).
export function toCsv(rows, columns) {
  const head = ['id', ...Object.keys(columns)].map(csvCell).join(',');
  const body = rows.map((row) => [row.id, ...Object.values(columns).map((value) => value(row))].map(csvCell).join(','));
  return [head, ...body].join('\r\n') + '\r\n';
}

// Reminders: rows whose `field` (a date) falls within `days` (overdue first), skipping those
// whose `doneField` is set.
export function dueSoon(rows, field, today = new Date(), days = 3, doneField = null) {
  const start = new Date(today.getFullYear(), today.getMonth(), today.getDate());
  const limit = new Date(start.getTime() + (days + 1) * 86400000);
  return rows
    .filter((row) => row[field] && !(doneField && row[doneField]))
    .map((row) => {
      const [y, m, d] = String(row[field]).slice(0, 10).split('-').map(Number);
      const when = new Date(y, m - 1, d);
      return { row, when, overdue: when < start, daysLeft: Math.round((when - start) / 86400000) };
    })
    .filter((r) => r.when < limit)
    .sort((a, b) => a.when - b.when);
}
