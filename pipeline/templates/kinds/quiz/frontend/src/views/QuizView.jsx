import { useEffect, useState } from 'react';
import { answerQuizQuestion, quizLeaderboard, startQuiz } from '../api.js';
import './QuizView.css';

// The answers are the server's: each choice is sent, and the server says whether it was right.
export default function QuizView() {
  const [player, setPlayer] = useState('');
  const [game, setGame] = useState(null);
  const [step, setStep] = useState(0);
  const [result, setResult] = useState(null);
  const [leaders, setLeaders] = useState([]);
  const [error, setError] = useState('');

  const loadLeaders = () => quizLeaderboard().then(setLeaders).catch(() => setLeaders([]));
  useEffect(() => { loadLeaders(); }, []);

  async function start(event) {
    event.preventDefault();
    setError('');
    try {
      setGame(await startQuiz({ player }));
      setStep(0);
      setResult(null);
    } catch (e) {
      setError(e.message);
    }
  }

  async function choose(choice) {
    const question = game.questions[step];
    setError('');
    try {
      const got = await answerQuizQuestion({ game_id: game.game_id, question_id: question.question_id, choice });
      setResult({ ...got, question });
      if (got.finished) loadLeaders();
    } catch (e) {
      setError(e.message);
    }
  }

  const question = game && game.questions[step];
  return (
    <section className="card">
      <h2>Quiz</h2>
      <form className="toolbar" onSubmit={start}>
        <label className="field">
          <span>Your name</span>
          <input value={player} onChange={(e) => setPlayer(e.target.value)} maxLength={40} required />
        </label>
        <div className="actions"><button type="submit">New quiz</button></div>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {question && (
        <div className="quiz">
          <p className="muted">Question {step + 1} of {game.questions.length}</p>
          <h3>{question.text}</h3>
          <div className="choices">
            {question.choices.map((choice, index) => (
              <button key={choice} type="button" disabled={Boolean(result)} onClick={() => choose(index)}>{choice}</button>
            ))}
          </div>
          {result && (
            <p role="status" data-testid="quiz-result">
              {result.correct ? 'Right!' : `Not quite: ${result.question.choices[result.answer]}.`} Score: {result.score}
              {result.finished ? ` of ${game.questions.length}. Well played!` : ''}
            </p>
          )}
          {result && !result.finished && (
            <button type="button" onClick={() => { setStep(step + 1); setResult(null); }}>Next question</button>
          )}
        </div>
      )}
      <h2>Best scores</h2>
      {leaders.length === 0 ? <p className="muted">No quizzes yet.</p> : (
        <table>
          <thead><tr><th>Player</th><th>Best</th><th>Games</th></tr></thead>
          <tbody>{leaders.map((r) => <tr key={r.player}><td>{r.player}</td><td>{r.best}</td><td>{r.games}</td></tr>)}</tbody>
        </table>
      )}
    </section>
  );
}
