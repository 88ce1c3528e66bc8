import { useEffect, useState } from 'react';
import {
  dashboardBreakdown, dashboardDimensions, dashboardExport, dashboardImport, dashboardSummary,
} from '../api.js';
import './DashboardView.css';

const fmt = (n) => Number(n).toLocaleString(undefined, { maximumFractionDigits: 2 });

// A bar chart drawn as SVG by the app itself: no chart library, no CDN.
function BarChart({ rows, title }) {
  const width = 560;
  const barH = 26;
  const labelW = 130;
  const max = Math.max(1, ...rows.map((r) => r.total));
  const height = rows.length * (barH + 8) + 8;
  return (
    <svg className="chart" role="img" aria-label={title} viewBox={`0 0 ${width} ${height}`} width="100%" height={height}>
      <title>{title}</title>
      {rows.map((r, i) => {
        const y = 8 + i * (barH + 8);
        const w = Math.max(2, ((width - labelW - 90) * r.total) / max);
        return (
          <g key={r.key} data-testid="bar">
            <text x={labelW - 8} y={y + barH * 0.68} textAnchor="end" className="chart-label">{r.key}</text>
            <rect x={labelW} y={y} width={w} height={barH} rx="4" className="chart-bar" />
            <text x={labelW + w + 6} y={y + barH * 0.68} className="chart-value">{fmt(r.total)}</text>
          </g>
        );
      })}
    </svg>
  );
}

const words = (name) => name.replace(/_id$/, '').replace(/_/g, ' ');

// A CSV file whose first line names the fields: the server checks every row and adds all or none.
function CsvTools({ dims, onImported }) {
  const [result, setResult] = useState('');
  const [error, setError] = useState('');
  const pick = async (event) => {
    const file = event.target.files[0];
    event.target.value = '';
    if (!file) return;
    setResult('');
    setError('');
    try {
      const done = await dashboardImport({ entity: dims.entity, csv: await file.text() });
      setResult(`Imported ${done.imported} ${done.imported === 1 ? 'row' : 'rows'} from ${file.name}.`);
      onImported();
    } catch (e) {
      setError(e.message);
    }
  };
  const download = async () => {
    try {
      const out = await dashboardExport({ entity: dims.entity });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([out.csv], { type: 'text/csv' }));
      link.download = out.filename;
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (e) {
      setError(e.message);
    }
  };
  return (
    <div className="csv-tools">
      <label className="button">
        Import CSV
        <input type="file" accept=".csv,text/csv" className="visually-hidden" aria-label={`Import ${dims.label} from CSV`} onChange={pick} />
      </label>
      <button type="button" className="secondary" onClick={download}>Export CSV</button>
      <p className="muted">Columns: {dims.columns.join(', ')}</p>
      {result && <p className="notice" role="status">{result}</p>}
      {error && <p className="error" role="alert">{error}</p>}
    </div>
  );
}

function EntityPanel({ dims, card, onImported }) {
  const [by, setBy] = useState(dims.by[0] ?? '');
  const [measure, setMeasure] = useState(dims.measures[0] ?? '');
  const [rows, setRows] = useState([]);
  const [error, setError] = useState('');
  useEffect(() => {
    if (!by) return;
    dashboardBreakdown({ entity: dims.entity, by, measure }).then(setRows).catch((e) => setError(e.message));
  }, [dims.entity, by, measure, card]);
  const shown = measure ? `total ${words(measure)}` : 'count';
  return (
    <section className="card">
      <h2>{dims.label}</h2>
      <div className="cards">
        <div className="stat"><span>Count</span><strong data-testid={`count-${dims.entity}`}>{fmt(card?.count ?? 0)}</strong></div>
        {(card?.measures ?? []).map((m) => (
          <div className="stat" key={m.name}>
            <span>Total {words(m.name)}</span>
            <strong data-testid={`total-${dims.entity}${m.name === dims.measure ? '' : `-${m.name}`}`}>{fmt(m.total)}</strong>
            <small>average {fmt(m.average)}</small>
          </div>
        ))}
      </div>
      {dims.measures.length > 1 && (
        <label className="field"><span>Chart</span>
          <select value={measure} onChange={(e) => setMeasure(e.target.value)}>
            {dims.measures.map((m) => <option key={m} value={m}>{words(m)}</option>)}
          </select>
        </label>
      )}
      {dims.by.length > 0 && (
        <label className="field"><span>Group by</span>
          <select value={by} onChange={(e) => setBy(e.target.value)}>
            {dims.by.map((b) => <option key={b} value={b}>{words(b)}</option>)}
          </select>
        </label>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      {rows.length === 0 ? <p className="muted">No records yet: add some or import a CSV.</p>
        : <BarChart rows={rows} title={`${dims.label}: ${shown} by ${words(by)}`} />}
      <CsvTools dims={dims} onImported={onImported} />
    </section>
  );
}

export default function DashboardView() {
  const [dims, setDims] = useState([]);
  const [cards, setCards] = useState([]);
  const [error, setError] = useState('');
  const refresh = () => dashboardSummary().then(setCards).catch((e) => setError(e.message));
  useEffect(() => {
    dashboardDimensions().then(setDims).catch((e) => setError(e.message));
    refresh();
  }, []);
  return (
    <div className="dashboard">
      {error && <p className="error" role="alert">{error}</p>}
      {dims.map((d) => <EntityPanel key={d.entity} dims={d} card={cards.find((c) => c.entity === d.entity)} onImported={refresh} />)}
    </div>
  );
}
