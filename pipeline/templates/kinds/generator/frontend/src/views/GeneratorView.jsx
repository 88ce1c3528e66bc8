import { useState } from 'react';
import { generateNumbers, generatePasswords } from '../api.js';
import './GeneratorView.css';

// The server draws from the operating system's randomness; nothing is stored.
export default function GeneratorView() {
  const [length, setLength] = useState(16);
  const [digits, setDigits] = useState(true);
  const [symbols, setSymbols] = useState(true);
  const [passwords, setPasswords] = useState([]);
  const [range, setRange] = useState({ low: 1, high: 100, count: 5, unique: true });
  const [numbers, setNumbers] = useState(null);
  const [error, setError] = useState('');

  async function makePasswords(event) {
    event.preventDefault();
    setError('');
    try {
      setPasswords(await generatePasswords({ length: Number(length), count: 5, digits, symbols }));
    } catch (e) {
      setError(e.message);
    }
  }

  async function makeNumbers(event) {
    event.preventDefault();
    setError('');
    try {
      setNumbers(await generateNumbers({ low: Number(range.low), high: Number(range.high), count: Number(range.count), unique: range.unique }));
    } catch (e) {
      setError(e.message);
    }
  }

  return (
    <section className="card">
      <h2>Passwords</h2>
      <form className="toolbar" onSubmit={makePasswords} aria-label="Passwords">
        <label className="field"><span>Length</span>
          <input type="number" min="8" max="128" value={length} onChange={(e) => setLength(e.target.value)} />
        </label>
        <label className="check"><input type="checkbox" checked={digits} onChange={(e) => setDigits(e.target.checked)} /> Digits</label>
        <label className="check"><input type="checkbox" checked={symbols} onChange={(e) => setSymbols(e.target.checked)} /> Symbols</label>
        <div className="actions"><button type="submit">Generate</button></div>
      </form>
      {passwords.length > 0 && (
        <ul className="history" data-testid="passwords">
          {passwords.map((p) => (
            <li key={p.password}><code>{p.password}</code> <span className="muted">{p.entropy_bits} bits</span>{' '}
              <button type="button" className="secondary" onClick={() => navigator.clipboard?.writeText(p.password)}>Copy</button>
            </li>
          ))}
        </ul>
      )}
      <h2>Random numbers</h2>
      <form className="toolbar" onSubmit={makeNumbers} aria-label="Numbers">
        {['low', 'high', 'count'].map((key) => (
          <label key={key} className="field"><span>{key[0].toUpperCase() + key.slice(1)}</span>
            <input type="number" value={range[key]} onChange={(e) => setRange({ ...range, [key]: e.target.value })} />
          </label>
        ))}
        <label className="check"><input type="checkbox" checked={range.unique} onChange={(e) => setRange({ ...range, unique: e.target.checked })} /> No repeats</label>
        <div className="actions"><button type="submit">Draw</button></div>
      </form>
      {numbers && <p className="result" data-testid="numbers">{numbers.numbers.join(', ')}</p>}
      {error && <p className="error" role="alert">{error}</p>}
    </section>
  );
}
