import { useEffect, useState } from 'react';
import { game2048Leaderboard, new2048Game, play2048Move } from '../api.js';
import Leaderboard from '../components/Leaderboard.jsx';
import PlayerForm from '../components/PlayerForm.jsx';
import useGame from '../components/useGame.js';
import './Game2048View.css';

const KEYS = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };
const ARROWS = { up: '↑', left: '←', down: '↓', right: '→' };

// The board, the merges and the new tiles are the server's: this view sends a direction (an arrow
// key or a button) and shows the board it gets back.
export default function Game2048View() {
  const { player, setPlayer, game, error, leaders, play } = useGame(game2048Leaderboard);
  const [busy, setBusy] = useState(false);

  async function move(direction) {
    if (!game || game.status !== 'playing' || busy) return;
    setBusy(true);
    await play(() => play2048Move({ game_id: game.game_id, direction }));
    setBusy(false);
  }

  useEffect(() => {
    function onKey(event) {
      const direction = KEYS[event.key];
      if (!direction || event.target.closest?.('input, select, textarea')) return;
      event.preventDefault(); // the arrows play; they do not scroll the page
      move(direction);
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <section className="card game-2048">
      <h2>2048</h2>
      <PlayerForm player={player} setPlayer={setPlayer} onStart={() => play(() => new2048Game({ player }))} />
      {error && <p className="error" role="alert">{error}</p>}
      {game && (
        <>
          <p className="scores">
            <span data-testid="score">Score: {game.score}</span>
            <span data-testid="best">Best: {Math.max(game.best, game.score)}</span>
            <span data-testid="moves">Moves: {game.moves}</span>
          </p>
          <p className="muted" role="status" data-testid="game-status">
            {game.status === 'over' ? `Game over: no tile can move. Final score ${game.score}.`
              : game.won ? 'You reached 2048! Keep going.' : 'Slide the tiles with the arrow keys or the buttons.'}
          </p>
          <div className="tiles" aria-label="Board">
            {game.board.map((value, index) => (
              <span key={index} className={`tile v${Math.min(value, 4096)}`} data-testid="tile"
                aria-label={value ? String(value) : 'empty'}>{value || ''}</span>
            ))}
          </div>
          <div className="pad" aria-label="Moves">
            {Object.entries(ARROWS).map(([direction, arrow]) => (
              <button key={direction} type="button" className={`pad-${direction}`} onClick={() => move(direction)}
                disabled={game.status !== 'playing'} aria-label={`Move ${direction}`}>{arrow}</button>
            ))}
          </div>
        </>
      )}
      <Leaderboard title="Best scores" empty="No games yet." columns={{ best: 'Best', games: 'Games' }} rows={leaders} />
    </section>
  );
}
