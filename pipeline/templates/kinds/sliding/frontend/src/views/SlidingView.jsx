import { useEffect, useState } from 'react';
import { newSlidingGame, playSlidingMove, slidingLeaderboard } from '../api.js';
import './SlidingView.css';

// The board is the server's: click a tile beside the gap, the server slides it and counts.
export default function SlidingView() {
  const [player, setPlayer] = useState('');
  const [game, setGame] = useState(null);
  const [leaders, setLeaders] = useState([]);
  const [error, setError] = useState('');

  const loadLeaders = () => slidingLeaderboard().then(setLeaders).catch(() => setLeaders([]));
  useEffect(() => { loadLeaders(); }, []);

  async function start(event) {
    event.preventDefault();
    setError('');
    try { setGame(await newSlidingGame({ player })); } catch (e) { setError(e.message); }
  }

  async function slide(tile) {
    if (!game || game.status !== 'playing' || tile === 0) return;
    setError('');
    try {
      const next = await playSlidingMove({ game_id: game.game_id, tile });
      setGame(next);
      if (next.status === 'solved') loadLeaders();
    } catch (e) {
      setError(e.message);
    }
  }

  return (
    <section className="card">
      <h2>Sliding puzzle</h2>
      <form className="toolbar" onSubmit={start}>
        <label className="field"><span>Your name</span>
          <input value={player} onChange={(e) => setPlayer(e.target.value)} maxLength={40} required />
        </label>
        <div className="actions"><button type="submit">New game</button></div>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {game && (
        <>
          <p className="muted" role="status" data-testid="game-status">
            {game.status === 'solved' ? `Solved in ${game.moves} moves!` : `Moves: ${game.moves}. Put the tiles in order.`}
          </p>
          <div className="board sliding" aria-label="Tiles">
            {game.board.map((tile) => (
              <button key={tile} type="button" className={tile === 0 ? 'cell gap' : 'cell'} onClick={() => slide(tile)}
                aria-label={tile === 0 ? 'Gap' : `Tile ${tile}`} disabled={tile === 0 || game.status !== 'playing'}>
                {tile === 0 ? '' : tile}
              </button>
            ))}
          </div>
        </>
      )}
      <h2>Fewest moves</h2>
      {leaders.length === 0 ? <p className="muted">No solved puzzles yet.</p> : (
        <table>
          <thead><tr><th>Player</th><th>Best</th><th>Solved</th></tr></thead>
          <tbody>{leaders.map((r) => <tr key={r.player}><td>{r.player}</td><td>{r.best_moves}</td><td>{r.solved}</td></tr>)}</tbody>
        </table>
      )}
    </section>
  );
}
