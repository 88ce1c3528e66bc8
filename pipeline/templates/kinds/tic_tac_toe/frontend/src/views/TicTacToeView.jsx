import { newTicTacToeGame, playTicTacToeMove, ticTacToeLeaderboard } from '../api.js';
import Leaderboard from '../components/Leaderboard.jsx';
import PlayerForm from '../components/PlayerForm.jsx';
import useGame from '../components/useGame.js';
import './TicTacToeView.css';

const RESULT = { won: 'You won!', lost: 'The computer won.', draw: 'A draw.', playing: 'Your move (you are X).' };
const COLUMNS = { played: 'Played', wins: 'Wins', draws: 'Draws', losses: 'Losses' };

// The board is the server's: this view sends a cell and shows what the server decided.
export default function TicTacToeView() {
  const { player, setPlayer, game, error, leaders, play } = useGame(ticTacToeLeaderboard);

  function place(cell) {
    if (!game || game.status !== 'playing' || game.board[cell]) return;
    play(() => playTicTacToeMove({ game_id: game.game_id, cell }));
  }

  return (
    <section className="card">
      <h2>Tic-tac-toe</h2>
      <PlayerForm player={player} setPlayer={setPlayer} onStart={() => play(() => newTicTacToeGame({ player }))} />
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
                onClick={() => place(cell)}
              >
                {mark}
              </button>
            ))}
          </div>
        </>
      )}
      <Leaderboard title="Leaderboard" empty="No finished games yet." columns={COLUMNS} rows={leaders} />
    </section>
  );
}
