import { useEffect, useState } from 'react';
import { startTimer, stopTimer, timerSummary } from '../api.js';
import './TimerView.css';

const MODES = [['focus', 'Focus'], ['break', 'Break'], ['stopwatch', 'Stopwatch']];

function clock(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

// The server keeps the times and the totals; the page shows the clock ticking.
export default function TimerView() {
  const [label, setLabel] = useState('');
  const [session, setSession] = useState(null);
  const [startedAt, setStartedAt] = useState(0);
  const [now, setNow] = useState(Date.now());
  const [summary, setSummary] = useState([]);
  const [error, setError] = useState('');

  const refresh = () => timerSummary().then(setSummary).catch(() => setSummary([]));
  useEffect(() => { refresh(); }, []);
  useEffect(() => {
    if (!session) return undefined;
    const tick = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(tick);
  }, [session]);

  async function start(mode) {
    setError('');
    try {
      setSession(await startTimer({ label, mode }));
      setStartedAt(Date.now());
      setNow(Date.now());
    } catch (e) {
      setError(e.message);
    }
  }

  async function stop() {
    try {
      const done = await stopTimer({ session_id: session.session_id });
      setSession(null);
      setError('');
      setLabel(`${done.label}: ${clock(done.seconds)} kept`);
      refresh();
    } catch (e) {
      setError(e.message);
    }
  }

  const passed = (now - startedAt) / 1000;
  const left = session && session.mode !== 'stopwatch' ? session.planned_minutes * 60 - passed : null;
  useEffect(() => {
    if (left !== null && left <= 0 && session) stop();
  }, [left !== null && left <= 0]);

  return (
    <section className="card">
      <h2>Timer</h2>
      <label className="field"><span>What are you working on?</span>
        <input value={label} onChange={(e) => setLabel(e.target.value)} maxLength={80} />
      </label>
      <div className="toolbar">
        {MODES.map(([mode, name]) => (
          <button key={mode} type="button" onClick={() => start(mode)} disabled={Boolean(session)}>{name}</button>
        ))}
        <button type="button" className="secondary" onClick={stop} disabled={!session}>Stop</button>
      </div>
      <p className="clock" role="timer" data-testid="clock">{session ? clock(left ?? passed) : '00:00'}</p>
      {error && <p className="error" role="alert">{error}</p>}
      <h2>Minutes per day</h2>
      {summary.length === 0 ? <p className="muted">No sessions yet.</p> : (
        <table>
          <thead><tr><th>Day</th><th>Mode</th><th>Sessions</th><th>Minutes</th></tr></thead>
          <tbody>{summary.map((r) => <tr key={r.day + r.mode}><td>{r.day}</td><td>{r.mode}</td><td>{r.sessions}</td><td>{r.minutes}</td></tr>)}</tbody>
        </table>
      )}
    </section>
  );
}
