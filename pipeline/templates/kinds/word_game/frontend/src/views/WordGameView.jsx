import { useState } from 'react';
import { guessWord, newWordGame, wordGameLeaderboard } from '../api.js';
import Leaderboard from '../components/Leaderboard.jsx';
import PlayerForm from '../components/PlayerForm.jsx';
import useGame from '../components/useGame.js';
import './WordGameView.css';

const NAMES = { g: 'right place', y: 'in the word', '-': 'not in the word' };

// The word is the server's: each guess is scored there, letter by letter.
export default function WordGameView() {
  const { player, setPlayer, game, error, leaders, play } = useGame(wordGameLeaderboard);
  const [attempt, setAttempt] = useState('');

  function send(event) {
    event.preventDefault();
    play(async () => {
      const next = await guessWord({ game_id: game.game_id, word: attempt });
      setAttempt(''); // only once the guess is taken: a refused one stays to be corrected
      return next;
    });
  }

  return (
    <section className="card">
      <h2>Guess the word</h2>
      <PlayerForm player={player} setPlayer={setPlayer} onStart={() => play(() => newWordGame({ player }))} />
      {game && (
        <>
          <ol className="guesses" aria-label="Guesses">
            {game.guesses.map((g, row) => (
              <li key={row} className="guess">
                {g.word.split('').map((letter, i) => (
                  <span key={i} className={`letter mark-${g.marks[i] === '-' ? 'none' : g.marks[i]}`} title={NAMES[g.marks[i]]}>
                    {letter.toUpperCase()}
                  </span>
                ))}
              </li>
            ))}
          </ol>
          <p role="status" data-testid="game-status">
            {game.status === 'won' ? `You found it: ${game.answer.toUpperCase()}!`
              : game.status === 'lost' ? `Out of tries: it was ${game.answer.toUpperCase()}.`
                : `${game.tries_left} tries left.`}
          </p>
          {game.status === 'playing' && (
            <form className="toolbar" onSubmit={send} aria-label="Guess">
              <label className="field"><span>Your guess</span>
                <input value={attempt} onChange={(e) => setAttempt(e.target.value)} minLength={5} maxLength={5} required />
              </label>
              <div className="actions"><button type="submit">Guess</button></div>
            </form>
          )}
        </>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      <Leaderboard title="Wins" empty="No finished games yet." columns={{ wins: 'Wins', played: 'Played' }} rows={leaders} />
    </section>
  );
}
