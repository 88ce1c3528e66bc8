import { useEffect, useState } from 'react';
import { connectFourLeaderboard, newConnectFourGame, playConnectFourMove } from '../api.js';
import './ConnectFourView.css';

const RESULT = { won: 'You won!', lost: 'The computer won.', draw: 'A draw.', playing: 'Your move (you are red).' };
const NAMES = { R: 'red', Y: 'yellow' };

// The board is the server's: this view sends a column and shows where the discs fell.
export default function ConnectFourView() {
  const [player, setPlayer] = useState('');
  const [game, setGame] = useState(null);
  const [leaders, setLeaders] = useState([]);
  const [error, setError] = useState('');

  const loadLeaders = () => connectFourLeaderboard().then(setLeaders).catch(() => setLeaders([]));
  useEffect(() => { loadLeaders(); }, []);

  async function start(event) {
    event.preventDefault();
    setError('');
    try {
      setGame(await newConnectFourGame({ player }));
    } catch (e) {
      setError(e.message);
    }
  }

  async function drop(column) {
    setError('');
    try {
      const next = await playConnectFourMove({ game_id: game.game_id, column });
      setGame(next);
      if (next.status !== 'playing') loadLeaders();
    } catch (e) {
      setError(e.message);
    }
  }

  return (
    <section className="card">
      <h2>Connect four</h2>
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
          <p className="muted" role="status" data-testid="game-status">{RESULT[game.status]}</p>
          <div className="drops">
            {[0, 1, 2, 3, 4, 5, 6].map((column) => (
              <button key={column} type="button" onClick={() => drop(column)}
                disabled={game.status !== 'playing' || Boolean(game.board[column])}>
                Drop in {column + 1}
              </button>
            ))}
          </div>
          <div className="board connect" aria-label="Board">
            {game.board.map((mark, index) => (
              <span key={index} className={`disc ${mark ? NAMES[mark] : ''}`} data-testid={`slot-${index}`}
                aria-label={mark ? NAMES[mark] : 'empty'} />
            ))}
          </div>
        </>
      )}
      <h2>Leaderboard</h2>
      {leaders.length === 0 ? <p className="muted">No finished games yet.</p> : (
        <table>
          <thead><tr><th>Player</th><th>Played</th><th>Wins</th><th>Draws</th><th>Losses</th></tr></thead>
          <tbody>
            {leaders.map((row) => (
              <tr key={row.player}>
                <td>{row.player}</td><td>{row.played}</td><td>{row.wins}</td><td>{row.draws}</td><td>{row.losses}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
