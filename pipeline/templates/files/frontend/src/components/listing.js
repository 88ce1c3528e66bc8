// Pure helpers of the list views: sorting, CSV export, reminders. No React, no DOM: testable alone.

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

// Rows ordered by one field; empty values last whichever the direction.
export function sortRows(rows, field, direction = 'asc') {
  if (!field) return rows;
  const sign = direction === 'desc' ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = a[field.name];
    const y = b[field.name];
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

export function toCsv(fields, rows, show = (field, row) => row[field.name]) {
  const head = ['id', ...fields.map((f) => f.name)].map(csvCell).join(',');
  const body = rows.map((row) => [row.id, ...fields.map((f) => show(f, row))].map(csvCell).join(','));
  return [head, ...body].join('\r\n') + '\r\n';
}

// The field that says when something is due: a date or date-time named like a deadline.
export function dueField(entity) {
  return entity.fields.find((f) => (f.type === 'date' || f.type === 'datetime') && /due|deadline|remind/.test(f.name)) ?? null;
}

// Reminders: items due within `days` (overdue first), skipping those marked done.
export function dueSoon(entity, rows, today = new Date(), days = 3, doneField = null) {
  const field = dueField(entity);
  if (!field) return [];
  const start = new Date(today.getFullYear(), today.getMonth(), today.getDate());
  const limit = new Date(start.getTime() + (days + 1) * 86400000);
  return rows
    .filter((row) => row[field.name] && !(doneField && row[doneField.name]))
    .map((row) => {
      const [y, m, d] = String(row[field.name]).slice(0, 10).split('-').map(Number);
      const when = new Date(y, m - 1, d);
      return { row, when, overdue: when < start, daysLeft: Math.round((when - start) / 86400000) };
    })
    .filter((r) => r.when < limit)
    .sort((a, b) => a.when - b.when);
}
