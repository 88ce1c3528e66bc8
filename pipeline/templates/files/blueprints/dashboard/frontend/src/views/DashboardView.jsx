import { useEffect, useState } from 'react';
import { dashboardBreakdown, dashboardDimensions, dashboardSummary } from '../api.js';

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

function EntityPanel({ dims, card }) {
  const [by, setBy] = useState(dims.by[0] ?? '');
  const [rows, setRows] = useState([]);
  const [error, setError] = useState('');
  useEffect(() => {
    if (!by) return;
    dashboardBreakdown({ entity: dims.entity, by }).then(setRows).catch((e) => setError(e.message));
  }, [by]);
  return (
    <section className="card">
      <h2>{dims.label}</h2>
      <div className="cards">
        <div className="stat"><span>Count</span><strong data-testid={`count-${dims.entity}`}>{fmt(card?.count ?? 0)}</strong></div>
        {dims.measure !== 'count' && (
          <>
            <div className="stat"><span>Total {dims.measure.replace(/_/g, ' ')}</span><strong data-testid={`total-${dims.entity}`}>{fmt(card?.total ?? 0)}</strong></div>
            <div className="stat"><span>Average</span><strong>{fmt(card?.average ?? 0)}</strong></div>
          </>
        )}
      </div>
      {dims.by.length > 0 && (
        <label className="field"><span>Group by</span>
          <select value={by} onChange={(e) => setBy(e.target.value)}>
            {dims.by.map((b) => <option key={b} value={b}>{b.replace(/_id$/, '').replace(/_/g, ' ')}</option>)}
          </select>
        </label>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      {rows.length === 0 ? <p className="muted">No records yet: add some and come back.</p>
        : <BarChart rows={rows} title={`${dims.label}: ${dims.measure === 'count' ? 'count' : `total ${dims.measure}`} by ${by}`} />}
    </section>
  );
}

export default function DashboardView() {
  const [dims, setDims] = useState([]);
  const [cards, setCards] = useState([]);
  const [error, setError] = useState('');
  useEffect(() => {
    dashboardDimensions().then(setDims).catch((e) => setError(e.message));
    dashboardSummary().then(setCards).catch((e) => setError(e.message));
  }, []);
  return (
    <div className="dashboard">
      {error && <p className="error" role="alert">{error}</p>}
      {dims.map((d) => <EntityPanel key={d.entity} dims={d} card={cards.find((c) => c.entity === d.entity)} />)}
    </div>
  );
}
