import { newSlidingGame, playSlidingMove, slidingLeaderboard } from '../api.js';
import Leaderboard from '../components/Leaderboard.jsx';
import PlayerForm from '../components/PlayerForm.jsx';
import useGame from '../components/useGame.js';
import './SlidingView.css';

// The board is the server's: click a tile beside the gap, the server slides it and counts.
export default function SlidingView() {
  const { player, setPlayer, game, error, leaders, play } = useGame(slidingLeaderboard);

  function slide(tile) {
    if (!game || game.status !== 'playing' || tile === 0) return;
    play(() => playSlidingMove({ game_id: game.game_id, tile }));
  }

  return (
    <section className="card">
      <h2>Sliding puzzle</h2>
      <PlayerForm player={player} setPlayer={setPlayer} onStart={() => play(() => newSlidingGame({ player }))} />
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
      <Leaderboard title="Fewest moves" empty="No solved puzzles yet." columns={{ best_moves: 'Best', solved: 'Solved' }}
        rows={leaders} />
    </section>
  );
}
