import { useEffect, useState } from 'react';
import { convertUnits, listUnits } from '../api.js';

// The arithmetic is the server's: this view sends a value and two units and shows the answer.
export default function ConverterView() {
  const [units, setUnits] = useState([]);
  const [value, setValue] = useState('1');
  const [fromUnit, setFromUnit] = useState('km');
  const [toUnit, setToUnit] = useState('mi');
  const [answer, setAnswer] = useState(null);
  const [error, setError] = useState('');

  useEffect(() => { listUnits().then(setUnits).catch((e) => setError(e.message)); }, []);
  const quantity = (units.find((u) => u.unit === fromUnit) || {}).quantity;
  const targets = units.filter((u) => u.quantity === quantity);

  async function submit(event) {
    event.preventDefault();
    setError('');
    try {
      setAnswer(await convertUnits({ value: Number(value), from_unit: fromUnit, to_unit: toUnit }));
    } catch (e) {
      setAnswer(null);
      setError(e.message);
    }
  }

  return (
    <section className="card">
      <h2>Convert</h2>
      <form className="toolbar" onSubmit={submit} aria-label="Converter">
        <label className="field"><span>Value</span>
          <input type="number" step="any" value={value} onChange={(e) => setValue(e.target.value)} required />
        </label>
        <label className="field"><span>From</span>
          <select value={fromUnit} onChange={(e) => { setFromUnit(e.target.value); setAnswer(null); }}>
            {units.map((u) => <option key={u.unit} value={u.unit}>{u.unit} ({u.quantity})</option>)}
          </select>
        </label>
        <label className="field"><span>To</span>
          <select value={toUnit} onChange={(e) => setToUnit(e.target.value)}>
            {targets.map((u) => <option key={u.unit} value={u.unit}>{u.unit}</option>)}
          </select>
        </label>
        <div className="actions"><button type="submit">Convert</button></div>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {answer && (
        <p className="result" data-testid="result">
          {answer.value} {answer.from_unit} = <strong>{answer.result}</strong> {answer.to_unit}
        </p>
      )}
    </section>
  );
}
