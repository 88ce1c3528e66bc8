import { useCallback, useEffect, useMemo, useState } from 'react';
import FieldInput from './FieldInput.jsx';
import { dueSoon, sortRows, toCsv } from './listing.js';
import { resources } from '../api.js';
import { app, entitiesByName } from '../schema.js';

const blank = (entity) =>
  Object.fromEntries(entity.fields.map((f) => [f.name, f.type === 'boolean' ? false : '']));

// Form strings → the JSON the API expects; empty optional values become null.
function toPayload(entity, values) {
  const body = {};
  for (const field of entity.fields) {
    const raw = values[field.name];
    if (field.type === 'boolean') body[field.name] = Boolean(raw);
    else if (field.type === 'tags') body[field.name] = String(raw ?? '').split(',').map((t) => t.trim()).filter(Boolean);
    else if (raw === '' || raw === null || raw === undefined) body[field.name] = null;
    else if (field.type === 'integer' || field.type === 'reference') body[field.name] = parseInt(raw, 10);
    else if (field.type === 'number') body[field.name] = Number(raw);
    else body[field.name] = raw;
  }
  return body;
}

function toForm(entity, item) {
  const values = {};
  for (const field of entity.fields) {
    const value = item[field.name];
    if (field.type === 'tags') values[field.name] = (value ?? []).join(', ');
    else if (field.type === 'boolean') values[field.name] = Boolean(value);
    else if (field.type === 'datetime' && value) values[field.name] = String(value).slice(0, 16);
    else values[field.name] = value ?? '';
  }
  return values;
}

function describe(detail) {
  if (Array.isArray(detail)) return detail.map((d) => `${(d.loc ?? []).slice(-1)[0]}: ${d.msg}`).join('; ');
  return typeof detail === 'string' ? detail : JSON.stringify(detail);
}

export default function EntityView({ entity, api }) {
  const [items, setItems] = useState([]);
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState({});
  const [values, setValues] = useState(() => blank(entity));
  const [editingId, setEditingId] = useState(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(true);
  const [options, setOptions] = useState({});
  const [totals, setTotals] = useState([]);
  const [sort, setSort] = useState({ field: null, direction: 'asc' });

  const references = useMemo(() => entity.fields.filter((f) => f.type === 'reference'), [entity]);
  const filterable = useMemo(() => entity.fields.filter((f) => f.filterable), [entity]);
  const toggle = useMemo(
    () => (app.features.includes('completion_toggle') ? entity.fields.find((f) => f.type === 'boolean') : null),
    [entity],
  );
  const shown = useMemo(
    () => entity.fields.filter((f) => f.type !== 'text' && f !== toggle).slice(0, 6),
    [entity, toggle],
  );
  // the fields that get no column (long text, the 7th and later) are shown under "More" in each row
  const rest = useMemo(() => entity.fields.filter((f) => !shown.includes(f) && f !== toggle), [entity, shown, toggle]);

  const load = useCallback(async () => {
    try {
      setItems(await api.list({ q: query, ...filters }));
      if (api.monthlyTotals) setTotals(await api.monthlyTotals());
      setError('');
    } catch (err) {
      setError(`Could not load ${entity.pluralLabel.toLowerCase()}: ${describe(err.detail ?? err.message)}`);
    } finally {
      setLoading(false);
    }
  }, [api, entity, query, filters]);

  useEffect(() => {
    load();
  }, [load]);

  useEffect(() => {
    Promise.all(
      references.map(async (field) => {
        const target = entitiesByName[field.references];
        const rows = await resources[field.references].list({ limit: 500 });
        return [field.references, rows.map((row) => ({ id: row.id, label: String(row[target.titleField] ?? `#${row.id}`) }))];
      }),
    )
      .then((pairs) => setOptions(Object.fromEntries(pairs)))
      .catch((err) => setError(`Could not load choices: ${describe(err.detail ?? err.message)}`));
  }, [references]);

  const reset = () => {
    setValues(blank(entity));
    setEditingId(null);
  };

  const submit = async (event) => {
    event.preventDefault();
    try {
      const body = toPayload(entity, values);
      if (editingId === null) await api.create(body);
      else await api.update(editingId, body);
      reset();
      await load();
    } catch (err) {
      setError(describe(err.detail ?? err.message));
    }
  };

  const remove = async (item) => {
    try {
      await api.delete(item.id);
      if (editingId === item.id) reset();
      await load();
    } catch (err) {
      setError(describe(err.detail ?? err.message));
    }
  };

  const flip = async (item) => {
    const value = !item[toggle.name];
    // Show the change at once; the reload below brings back what the server stored.
    setItems((current) => current.map((row) => (row.id === item.id ? { ...row, [toggle.name]: value } : row)));
    try {
      await api.update(item.id, { [toggle.name]: value });
      await load();
    } catch (err) {
      setError(describe(err.detail ?? err.message));
    }
  };

  const display = (field, item) => {
    const value = item[field.name];
    if (value === null || value === undefined || value === '') return '—';
    if (field.type === 'boolean') return value ? 'yes' : 'no';
    if (field.type === 'tags') return value.join(', ') || '—';
    if (field.type === 'reference') {
      const match = (options[field.references] ?? []).find((o) => o.id === value);
      return match ? match.label : `#${value}`;
    }
    return String(value).replace(/_/g, ' ');
  };

  const sorted = useMemo(() => sortRows(items, sort.field, sort.direction), [items, sort]);
  const reminders = useMemo(() => dueSoon(entity, items, new Date(), 3, toggle), [entity, items, toggle]);
  const sortBy = (field) =>
    setSort((s) => ({ field, direction: s.field === field && s.direction === 'asc' ? 'desc' : 'asc' }));
  const exportCsv = () => {
    const blob = new Blob([toCsv(entity.fields, sorted, (f, row) => (f.type === 'reference' ? display(f, row) : row[f.name]))], { type: 'text/csv' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `${entity.plural}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <section className="entity" aria-label={entity.pluralLabel}>
      {reminders.length > 0 && (
        <div className="card reminders" role="status" aria-label="Reminders">
          <h2>Due soon</h2>
          <ul>
            {reminders.map(({ row, overdue, daysLeft }) => (
              <li key={row.id} className={overdue ? 'overdue' : ''}>
                {String(row[entity.titleField] ?? `#${row.id}`)}:{' '}
                {overdue ? `overdue by ${-daysLeft} day(s)` : daysLeft === 0 ? 'due today' : `due in ${daysLeft} day(s)`}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form className="card form" onSubmit={submit} aria-label={`${entity.label} form`}>
        <h2>{editingId === null ? `New ${entity.label.toLowerCase()}` : `Edit ${entity.label.toLowerCase()}`}</h2>
        <div className="grid">
          {entity.fields.map((field) => (
            <FieldInput
              key={field.name}
              field={field}
              value={values[field.name]}
              options={options[field.references]}
              onChange={(value) => setValues((current) => ({ ...current, [field.name]: value }))}
            />
          ))}
        </div>
        <div className="actions">
          <button type="submit">{editingId === null ? `Add ${entity.label}` : 'Save'}</button>
          {editingId !== null && (
            <button type="button" className="secondary" onClick={reset}>
              Cancel
            </button>
          )}
        </div>
      </form>

      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}

      <div className="card">
        <div className="toolbar">
          <input
            type="search"
            aria-label={`Search ${entity.pluralLabel.toLowerCase()}`}
            placeholder={`Search ${entity.pluralLabel.toLowerCase()}…`}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          {filterable.map((field) => (
            <select
              key={field.name}
              aria-label={`Filter by ${field.label.toLowerCase()}`}
              value={filters[field.name] ?? ''}
              onChange={(e) => setFilters((current) => ({ ...current, [field.name]: e.target.value }))}
            >
              <option value="">{field.label}: all</option>
              {field.type === 'boolean' && <option value="true">{field.label}: yes</option>}
              {field.type === 'boolean' && <option value="false">{field.label}: no</option>}
              {field.choices.map((choice) => (
                <option key={choice} value={choice}>{`${field.label}: ${choice.replace(/_/g, ' ')}`}</option>
              ))}
              {field.type === 'reference' &&
                (options[field.references] ?? []).map((o) => (
                  <option key={o.id} value={o.id}>{`${field.label}: ${o.label}`}</option>
                ))}
            </select>
          ))}
          <button type="button" className="secondary" onClick={exportCsv} disabled={items.length === 0}>
            Export CSV
          </button>
        </div>

        {loading ? (
          <p className="muted">Loading…</p>
        ) : items.length === 0 ? (
          <p className="muted">No {entity.pluralLabel.toLowerCase()} yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                {toggle && <th aria-label={toggle.label} />}
                {shown.map((field) => (
                  <th key={field.name} aria-sort={sort.field === field ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}>
                    <button type="button" className="sort" onClick={() => sortBy(field)}>
                      {field.label}
                      {sort.field === field ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
                    </button>
                  </th>
                ))}
                {rest.length > 0 && <th>More</th>}
                <th />
              </tr>
            </thead>
            <tbody>
              {sorted.map((item) => (
                <tr key={item.id} data-testid="row" className={toggle && item[toggle.name] ? 'done' : ''}>
                  {toggle && (
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`${toggle.label}: ${item[entity.titleField]}`}
                        checked={Boolean(item[toggle.name])}
                        onChange={() => flip(item)}
                      />
                    </td>
                  )}
                  {shown.map((field) => (
                    <td key={field.name}>{display(field, item)}</td>
                  ))}
                  {rest.length > 0 && (
                    <td>
                      <details>
                        <summary>{rest.map((field) => field.label).join(', ')}</summary>
                        <dl>
                          {rest.map((field) => (
                            <div key={field.name}>
                              <dt>{field.label}</dt>
                              <dd>{display(field, item)}</dd>
                            </div>
                          ))}
                        </dl>
                      </details>
                    </td>
                  )}
                  <td className="row-actions">
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => {
                        setEditingId(item.id);
                        setValues(toForm(entity, item));
                      }}
                    >
                      Edit
                    </button>
                    <button type="button" className="danger" onClick={() => remove(item)}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>

      {totals.length > 0 && (
        <div className="card">
          <h2>Monthly totals</h2>
          <table>
            <thead>
              <tr>
                <th>Month</th>
                <th>Total</th>
                <th>Count</th>
              </tr>
            </thead>
            <tbody>
              {totals.map((row) => (
                <tr key={row.month}>
                  <td>{row.month}</td>
                  <td>{row.total.toFixed(2)}</td>
                  <td>{row.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
