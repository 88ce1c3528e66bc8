import { useEffect, useState } from 'react';
import { calculate, calculationHistory } from '../api.js';
import './CalculatorView.css';

const KEYS = ['7', '8', '9', '÷', '4', '5', '6', '×', '1', '2', '3', '-', '0', '.', '%', '+', '(', ')', '^', 'sqrt '];

// The server works the expression out (and keeps it): this view types and shows.
export default function CalculatorView() {
  const [expression, setExpression] = useState('');
  const [result, setResult] = useState(null);
  const [history, setHistory] = useState([]);
  const [error, setError] = useState('');

  const refresh = () => calculationHistory().then(setHistory).catch(() => setHistory([]));
  useEffect(() => { refresh(); }, []);

  async function submit(event) {
    event.preventDefault();
    setError('');
    try {
      setResult(await calculate({ expression }));
      refresh();
    } catch (e) {
      setResult(null);
      setError(e.message);
    }
  }

  return (
    <section className="card">
      <h2>Calculator</h2>
      <form onSubmit={submit} aria-label="Calculator">
        <label className="field"><span>Expression</span>
          <input value={expression} onChange={(e) => setExpression(e.target.value)} maxLength={200} required
            placeholder="(2 + 3) × 4" />
        </label>
        <div className="keypad">
          {KEYS.map((key) => (
            <button key={key} type="button" className="secondary" onClick={() => setExpression(expression + key)}>{key.trim()}</button>
          ))}
          <button type="button" className="secondary" onClick={() => { setExpression(''); setResult(null); setError(''); }}>C</button>
          <button type="submit">=</button>
        </div>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {result && <p className="result" data-testid="result">{result.expression} = <strong>{result.result}</strong></p>}
      <h2>History</h2>
      {history.length === 0 ? <p className="muted">Nothing worked out yet.</p> : (
        <ul className="history">{history.map((c) => <li key={c.calculation_id}>{c.expression} = {c.result}</li>)}</ul>
      )}
    </section>
  );
}
