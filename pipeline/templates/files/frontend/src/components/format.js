// How the lists show values, what an API error says, and the CSV download.

export function shown(value) {
  return value === null || value === undefined || value === '' ? '—' : String(value);
}

export function choice(value) {
  return shown(value).replace(/_/g, ' ');
}

export function yesNo(value) {
  return value ? 'yes' : 'no';
}

export function listed(values) {
  return values && values.length > 0 ? values.join(', ') : '—';
}

// A referenced record by its label, or its id while the choices load.
export function labelOf(choices, id) {
  if (id === null || id === undefined) return '—';
  return choices.find((option) => option.id === id)?.label ?? `#${id}`;
}

export function describe(err) {
  const detail = err.detail ?? err.message;
  if (Array.isArray(detail)) return detail.map((d) => `${(d.loc ?? []).slice(-1)[0]}: ${d.msg}`).join('; ');
  return typeof detail === 'string' ? detail : JSON.stringify(detail);
}

// A file the browser saves (the list's CSV export).
export function download(filename, text, type = 'text/csv') {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = filename;
  link.click();
  URL.revokeObjectURL(link.href);
}
