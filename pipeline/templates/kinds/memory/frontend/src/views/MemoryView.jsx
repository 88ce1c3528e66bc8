import { useEffect, useState } from 'react';
import { memoryLeaderboard, newMemoryGame, turnMemoryCards } from '../api.js';
import './MemoryView.css';

const SYMBOLS = { apple: '🍎', bell: '🔔', cherry: '🍒', diamond: '💎', flower: '🌸', heart: '❤️', moon: '🌙', star: '⭐' };

// The deck is the server's: pick two cards, the server shows their faces and keeps the pairs.
export default function MemoryView() {
  const [player, setPlayer] = useState('');
  const [game, setGame] = useState(null);
  const [picked, setPicked] = useState(null);
  const [shown, setShown] = useState({});
  const [leaders, setLeaders] = useState([]);
  const [error, setError] = useState('');

  const loadLeaders = () => memoryLeaderboard().then(setLeaders).catch(() => setLeaders([]));
  useEffect(() => { loadLeaders(); }, []);

  async function start(event) {
    event.preventDefault();
    setError('');
    try {
      setGame(await newMemoryGame({ player }));
      setPicked(null);
      setShown({});
    } catch (e) {
      setError(e.message);
    }
  }

  async function pick(index) {
    if (!game || game.status !== 'playing' || game.matched.includes(index)) return;
    if (picked === null) { setPicked(index); setShown({}); return; }
    if (picked === index) return;
    setError('');
    try {
      const turn = await turnMemoryCards({ game_id: game.game_id, first: picked, second: index });
      const cards = [...game.cards];
      if (turn.pair) { cards[picked] = turn.first; cards[index] = turn.second; }
      setGame({ ...game, cards, matched: turn.matched, moves: turn.moves, status: turn.status });
      setShown(turn.pair ? {} : { [picked]: turn.first, [index]: turn.second });
      if (turn.status === 'won') loadLeaders();
    } catch (e) {
      setError(e.message);
    }
    setPicked(null);
  }

  return (
    <section className="card">
      <h2>Memory</h2>
      <form className="toolbar" onSubmit={start}>
        <label className="field">
          <span>Your name</span>
          <input value={player} onChange={(e) => setPlayer(e.target.value)} maxLength={40} required />
        </label>
        <div className="actions"><button type="submit">New game</button></div>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {game && (
        <>
          <p className="muted" role="status" data-testid="game-status">
            {game.status === 'won' ? `Cleared in ${game.moves} moves!` : `Moves: ${game.moves}. Pick two cards.`}
          </p>
          <div className="board memory" aria-label="Cards">
            {game.cards.map((face, index) => {
              const visible = face || shown[index];
              return (
                <button key={index} type="button" onClick={() => pick(index)}
                  className={`cell${picked === index ? ' picked' : ''}${face ? ' matched' : ''}`}
                  aria-label={`Card ${index + 1}${visible ? `, ${visible}` : ''}`}
                  aria-pressed={picked === index}>
                  {visible ? SYMBOLS[visible] ?? visible : '?'}
                </button>
              );
            })}
          </div>
        </>
      )}
      <h2>Fewest moves</h2>
      {leaders.length === 0 ? <p className="muted">No cleared boards yet.</p> : (
        <table>
          <thead><tr><th>Player</th><th>Best</th><th>Games</th></tr></thead>
          <tbody>{leaders.map((r) => <tr key={r.player}><td>{r.player}</td><td>{r.best_moves}</td><td>{r.games}</td></tr>)}</tbody>
        </table>
      )}
    </section>
  );
}
