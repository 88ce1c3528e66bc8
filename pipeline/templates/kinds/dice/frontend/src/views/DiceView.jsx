import { useEffect, useState } from 'react';
import { diceHistory, diceStats, rollDice } from '../api.js';
import Leaderboard from '../components/Leaderboard.jsx';
import './DiceView.css';

const SIDES = [4, 6, 8, 10, 12, 20, 100];

// The server rolls: this view asks for a roll and shows what came up.
export default function DiceView() {
  const [player, setPlayer] = useState('');
  const [count, setCount] = useState(2);
  const [sides, setSides] = useState(6);
  const [last, setLast] = useState(null);
  const [history, setHistory] = useState([]);
  const [stats, setStats] = useState([]);
  const [error, setError] = useState('');

  const refresh = () => {
    diceHistory().then(setHistory).catch(() => setHistory([]));
    diceStats().then(setStats).catch(() => setStats([]));
  };
  useEffect(refresh, []);

  async function submit(event) {
    event.preventDefault();
    setError('');
    try {
      setLast(await rollDice({ player, count: Number(count), sides: Number(sides) }));
      refresh();
    } catch (e) {
      setError(e.message);
    }
  }

  return (
    <section className="card">
      <h2>Roll the dice</h2>
      <form className="toolbar" onSubmit={submit} aria-label="Roll">
        <label className="field"><span>Player</span>
          <input value={player} onChange={(e) => setPlayer(e.target.value)} maxLength={40} />
        </label>
        <label className="field"><span>Dice</span>
          <input type="number" min="1" max="20" value={count} onChange={(e) => setCount(e.target.value)} />
        </label>
        <label className="field"><span>Sides</span>
          <select value={sides} onChange={(e) => setSides(e.target.value)}>
            {SIDES.map((s) => <option key={s} value={s}>d{s}</option>)}
          </select>
        </label>
        <div className="actions"><button type="submit">Roll</button></div>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {last && (
        <p className="result" data-testid="roll">
          {last.faces.map((f, i) => <span key={i} className="die">{f}</span>)} = <strong>{last.total}</strong>
        </p>
      )}
      <Leaderboard title="Best rolls" empty="No rolls yet." columns={{ rolls: 'Rolls', best: 'Best', average: 'Average' }}
        rows={stats} />
      <p className="muted">{history.length} recent roll(s) kept on the server.</p>
    </section>
  );
}
