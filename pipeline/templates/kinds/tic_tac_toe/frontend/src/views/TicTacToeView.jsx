import { useEffect, useState } from 'react';
import { newTicTacToeGame, playTicTacToeMove, ticTacToeLeaderboard } from '../api.js';
import './TicTacToeView.css';

const RESULT = { won: 'You won!', lost: 'The computer won.', draw: 'A draw.', playing: 'Your move (you are X).' };

// The board is the server's: this view sends a cell and shows what the server decided.
export default function TicTacToeView() {
  const [player, setPlayer] = useState('');
  const [game, setGame] = useState(null);
  const [leaders, setLeaders] = useState([]);
  const [error, setError] = useState('');

  const loadLeaders = () => ticTacToeLeaderboard().then(setLeaders).catch(() => setLeaders([]));
  useEffect(() => { loadLeaders(); }, []);

  async function start(event) {
    event.preventDefault();
    setError('');
    try {
      setGame(await newTicTacToeGame({ player }));
    } catch (e) {
      setError(e.message);
    }
  }

  async function play(cell) {
    if (!game || game.status !== 'playing' || game.board[cell]) return;
    setError('');
    try {
      const next = await playTicTacToeMove({ game_id: game.game_id, cell });
      setGame(next);
      if (next.status !== 'playing') loadLeaders();
    } catch (e) {
      setError(e.message);
    }
  }

  return (
    <section className="card">
      <h2>Tic-tac-toe</h2>
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
          <div className="board" role="grid" aria-label="Board">
            {game.board.map((mark, cell) => (
              <button
                key={cell}
                type="button"
                className="cell"
                aria-label={`Cell ${cell + 1}${mark ? `, ${mark}` : ''}`}
                data-cell={cell}
                disabled={Boolean(mark) || game.status !== 'playing'}
                onClick={() => play(cell)}
              >
                {mark}
              </button>
            ))}
          </div>
        </>
      )}
      <h2>Leaderboard</h2>
      {leaders.length === 0 ? (
        <p className="muted">No finished games yet.</p>
      ) : (
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
