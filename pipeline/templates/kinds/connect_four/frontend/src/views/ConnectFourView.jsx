import { connectFourLeaderboard, newConnectFourGame, playConnectFourMove } from '../api.js';
import Leaderboard from '../components/Leaderboard.jsx';
import PlayerForm from '../components/PlayerForm.jsx';
import useGame from '../components/useGame.js';
import './ConnectFourView.css';

const RESULT = { won: 'You won!', lost: 'The computer won.', draw: 'A draw.', playing: 'Your move (you are red).' };
const NAMES = { R: 'red', Y: 'yellow' };
const COLUMNS = { played: 'Played', wins: 'Wins', draws: 'Draws', losses: 'Losses' };

// The board is the server's: this view sends a column and shows where the discs fell.
export default function ConnectFourView() {
  const { player, setPlayer, game, error, leaders, play } = useGame(connectFourLeaderboard);
  const drop = (column) => play(() => playConnectFourMove({ game_id: game.game_id, column }));

  return (
    <section className="card">
      <h2>Connect four</h2>
      <PlayerForm player={player} setPlayer={setPlayer} onStart={() => play(() => newConnectFourGame({ player }))} />
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
      <Leaderboard title="Leaderboard" empty="No finished games yet." columns={COLUMNS} rows={leaders} />
    </section>
  );
}
