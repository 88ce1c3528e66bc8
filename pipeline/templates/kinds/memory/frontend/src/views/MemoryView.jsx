import { useState } from 'react';
import { memoryLeaderboard, newMemoryGame, turnMemoryCards } from '../api.js';
import Leaderboard from '../components/Leaderboard.jsx';
import PlayerForm from '../components/PlayerForm.jsx';
import useGame from '../components/useGame.js';
import './MemoryView.css';

const SYMBOLS = { apple: '🍎', bell: '🔔', cherry: '🍒', diamond: '💎', flower: '🌸', heart: '❤️', moon: '🌙', star: '⭐' };

// The deck is the server's: pick two cards, the server shows their faces and keeps the pairs.
export default function MemoryView() {
  const { player, setPlayer, game, setGame, error, leaders, loadLeaders, attempt } = useGame(memoryLeaderboard);
  const [picked, setPicked] = useState(null);
  const [shown, setShown] = useState({});

  function start() {
    attempt(async () => {
      setGame(await newMemoryGame({ player }));
      setPicked(null);
      setShown({});
    });
  }

  async function pick(index) {
    if (!game || game.status !== 'playing' || game.matched.includes(index)) return;
    if (picked === null) { setPicked(index); setShown({}); return; }
    if (picked === index) return;
    await attempt(async () => {
      const turn = await turnMemoryCards({ game_id: game.game_id, first: picked, second: index });
      const cards = [...game.cards];
      if (turn.pair) { cards[picked] = turn.first; cards[index] = turn.second; }
      setGame({ ...game, cards, matched: turn.matched, moves: turn.moves, status: turn.status });
      setShown(turn.pair ? {} : { [picked]: turn.first, [index]: turn.second });
      if (turn.status === 'won') loadLeaders();
    });
    setPicked(null);
  }

  return (
    <section className="card">
      <h2>Memory</h2>
      <PlayerForm player={player} setPlayer={setPlayer} onStart={start} />
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
      <Leaderboard title="Fewest moves" empty="No cleared boards yet." columns={{ best_moves: 'Best', games: 'Games' }}
        rows={leaders} />
    </section>
  );
}
