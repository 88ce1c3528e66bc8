import { useEffect, useRef, useState } from 'react';
import { snakeLeaderboard, startSnakeGame, submitSnakeScore } from '../api.js';
import Leaderboard from '../components/Leaderboard.jsx';
import PlayerForm from '../components/PlayerForm.jsx';
import useGame from '../components/useGame.js';
import './SnakeView.css';

const SIZE = 20;
const CELL = 16;
const TICK_MS = 120;
const KEYS = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };

function freeCell(snake) {
  for (;;) {
    const cell = [Math.floor(Math.random() * SIZE), Math.floor(Math.random() * SIZE)];
    if (!snake.some(([x, y]) => x === cell[0] && y === cell[1])) return cell;
  }
}

// The page plays; the server starts the run and takes its score (checked against the time played).
export default function SnakeView() {
  const canvas = useRef(null);
  const world = useRef(null);
  const { player, setPlayer, leaders, loadLeaders } = useGame(snakeLeaderboard);
  const [score, setScore] = useState(0);
  const [status, setStatus] = useState('Press "Start" and steer with the arrow keys.');
  const [running, setRunning] = useState(false);

  function draw() {
    const ctx = canvas.current?.getContext('2d');
    const w = world.current;
    if (!ctx || !w) return;
    const styles = getComputedStyle(document.documentElement);
    ctx.fillStyle = styles.getPropertyValue('--surface').trim() || '#fff';
    ctx.fillRect(0, 0, SIZE * CELL, SIZE * CELL);
    ctx.fillStyle = styles.getPropertyValue('--food').trim() || '#d62828';
    ctx.fillRect(w.food[0] * CELL, w.food[1] * CELL, CELL - 1, CELL - 1);
    ctx.fillStyle = styles.getPropertyValue('--accent').trim() || '#06c';
    w.snake.forEach(([x, y]) => ctx.fillRect(x * CELL, y * CELL, CELL - 1, CELL - 1));
  }

  async function finish(final) {
    setRunning(false);
    try {
      const result = await submitSnakeScore({ game_id: world.current.gameId, score: final });
      setStatus(`Game over: ${result.score} (your best: ${result.best}).`);
      loadLeaders();
    } catch (e) {
      setStatus(`Game over: ${final}. The score was not kept: ${e.message}`);
    }
  }

  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(() => {
      const w = world.current;
      w.direction = w.next;
      const [hx, hy] = w.snake[0];
      const head = [hx + w.direction[0], hy + w.direction[1]];
      const hit = head[0] < 0 || head[1] < 0 || head[0] >= SIZE || head[1] >= SIZE
        || w.snake.some(([x, y]) => x === head[0] && y === head[1]);
      if (hit) { clearInterval(timer); finish(w.score); return; }
      w.snake.unshift(head);
      if (head[0] === w.food[0] && head[1] === w.food[1]) {
        w.score += 1;
        setScore(w.score);
        w.food = freeCell(w.snake);
      } else {
        w.snake.pop();
      }
      draw();
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [running]);

  function turn(direction) {
    const w = world.current;
    if (!w || (w.direction[0] === -direction[0] && w.direction[1] === -direction[1])) return;
    w.next = direction;
  }

  useEffect(() => {
    const onKey = (event) => {
      if (KEYS[event.key] && running) { event.preventDefault(); turn(KEYS[event.key]); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [running]);

  async function start() {
    try {
      const run = await startSnakeGame({ player });
      const snake = [[10, 10], [9, 10], [8, 10]];
      world.current = { gameId: run.game_id, snake, direction: [1, 0], next: [1, 0], food: freeCell(snake), score: 0 };
      setScore(0);
      setStatus('Eat the red squares; do not bite yourself or the walls.');
      draw();
      setRunning(true);
    } catch (e) {
      setStatus(e.message);
    }
  }

  return (
    <section className="card">
      <h2>Snake</h2>
      <PlayerForm player={player} setPlayer={setPlayer} onStart={start} action="Start" disabled={running} />
      <p className="muted" role="status" data-testid="game-status">{status} Score: <strong data-testid="score">{score}</strong></p>
      <canvas ref={canvas} width={SIZE * CELL} height={SIZE * CELL} className="playfield" aria-label="Snake field" />
      <div className="pad" aria-label="Steer">
        <button type="button" onClick={() => turn([0, -1])}>Up</button>
        <button type="button" onClick={() => turn([-1, 0])}>Left</button>
        <button type="button" onClick={() => turn([1, 0])}>Right</button>
        <button type="button" onClick={() => turn([0, 1])}>Down</button>
      </div>
      <Leaderboard title="Best scores" empty="No runs yet." columns={{ best: 'Best', runs: 'Runs' }} rows={leaders} />
    </section>
  );
}
