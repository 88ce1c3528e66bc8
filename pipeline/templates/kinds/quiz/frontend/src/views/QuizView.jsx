import { useState } from 'react';
import { answerQuizQuestion, quizLeaderboard, startQuiz } from '../api.js';
import Leaderboard from '../components/Leaderboard.jsx';
import PlayerForm from '../components/PlayerForm.jsx';
import useGame from '../components/useGame.js';
import './QuizView.css';

// The answers are the server's: each choice is sent, and the server says whether it was right.
export default function QuizView() {
  const { player, setPlayer, game, setGame, error, leaders, loadLeaders, attempt } = useGame(quizLeaderboard);
  const [step, setStep] = useState(0);
  const [result, setResult] = useState(null);

  function start() {
    attempt(async () => {
      setGame(await startQuiz({ player }));
      setStep(0);
      setResult(null);
    });
  }

  function choose(choice) {
    const question = game.questions[step];
    attempt(async () => {
      const got = await answerQuizQuestion({ game_id: game.game_id, question_id: question.question_id, choice });
      setResult({ ...got, question });
      if (got.finished) loadLeaders();
    });
  }

  const question = game && game.questions[step];
  return (
    <section className="card">
      <h2>Quiz</h2>
      <PlayerForm player={player} setPlayer={setPlayer} onStart={start} action="New quiz" />
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
      <Leaderboard title="Best scores" empty="No quizzes yet." columns={{ best: 'Best', games: 'Games' }} rows={leaders} />
    </section>
  );
}
