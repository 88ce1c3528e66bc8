import { useEffect, useState } from 'react';
import { guessWord, newWordGame, wordGameLeaderboard } from '../api.js';
import './WordGameView.css';

const NAMES = { g: 'right place', y: 'in the word', '-': 'not in the word' };

// The word is the server's: each guess is scored there, letter by letter.
export default function WordGameView() {
  const [player, setPlayer] = useState('');
  const [game, setGame] = useState(null);
  const [attempt, setAttempt] = useState('');
  const [leaders, setLeaders] = useState([]);
  const [error, setError] = useState('');

  const loadLeaders = () => wordGameLeaderboard().then(setLeaders).catch(() => setLeaders([]));
  useEffect(() => { loadLeaders(); }, []);

  async function start(event) {
    event.preventDefault();
    setError('');
    try { setGame(await newWordGame({ player })); } catch (e) { setError(e.message); }
  }

  async function send(event) {
    event.preventDefault();
    setError('');
    try {
      const next = await guessWord({ game_id: game.game_id, word: attempt });
      setGame(next);
      setAttempt('');
      if (next.status !== 'playing') loadLeaders();
    } catch (e) {
      setError(e.message);
    }
  }

  return (
    <section className="card">
      <h2>Guess the word</h2>
      <form className="toolbar" onSubmit={start}>
        <label className="field"><span>Your name</span>
          <input value={player} onChange={(e) => setPlayer(e.target.value)} maxLength={40} required />
        </label>
        <div className="actions"><button type="submit">New game</button></div>
      </form>
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
      <h2>Wins</h2>
      {leaders.length === 0 ? <p className="muted">No finished games yet.</p> : (
        <table>
          <thead><tr><th>Player</th><th>Wins</th><th>Played</th></tr></thead>
          <tbody>{leaders.map((r) => <tr key={r.player}><td>{r.player}</td><td>{r.wins}</td><td>{r.played}</td></tr>)}</tbody>
        </table>
      )}
    </section>
  );
}
