import { useEffect, useState } from 'react';
import { castVote, closePoll, createPoll, listPolls } from '../api.js';
import './PollsView.css';

const EMPTY_OPTIONS = ['', ''];

// Votes are counted on the server, one per visitor (the app's cookie): this view asks and shows.
export default function PollsView() {
  const [polls, setPolls] = useState([]);
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState(EMPTY_OPTIONS);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');

  const load = () => listPolls().then(setPolls).catch((e) => setError(e.message));
  useEffect(() => { load(); }, []);

  const replace = (next) => setPolls((all) => all.map((poll) => (poll.poll_id === next.poll_id ? next : poll)));

  async function create(event) {
    event.preventDefault();
    setError('');
    setMessage('');
    try {
      const poll = await createPoll({ question, options: options.filter((o) => o.trim()) });
      setPolls((all) => [poll, ...all]);
      setQuestion('');
      setOptions(EMPTY_OPTIONS);
      setMessage(`Poll created: ${poll.question}`);
    } catch (e) {
      setError(e.message);
    }
  }

  async function vote(poll, option) {
    setError('');
    setMessage('');
    try {
      replace(await castVote({ poll_id: poll.poll_id, option_id: option.option_id }));
      setMessage(`Your vote for ${option.label} is counted.`);
    } catch (e) {
      setError(e.message);
      load(); // the server's count, whatever this page thought
    }
  }

  async function close(poll) {
    setError('');
    setMessage('');
    try {
      replace(await closePoll({ poll_id: poll.poll_id }));
      setMessage(`Closed: ${poll.question}`);
    } catch (e) {
      setError(e.message);
    }
  }

  return (
    <section className="card polls">
      <h2>New poll</h2>
      <form aria-label="New poll" onSubmit={create}>
        <label className="field">
          <span>Question</span>
          <input value={question} onChange={(e) => setQuestion(e.target.value)} maxLength={200} required />
        </label>
        {options.map((option, index) => (
          <label className="field" key={index}>
            <span>Option {index + 1}</span>
            <input value={option} maxLength={80}
              onChange={(e) => setOptions(options.map((o, i) => (i === index ? e.target.value : o)))} />
          </label>
        ))}
        <div className="actions">
          <button type="button" className="secondary" disabled={options.length >= 10}
            onClick={() => setOptions([...options, ''])}>Add option</button>
          <button type="submit">Create poll</button>
        </div>
      </form>
      {message && <p className="muted" role="status">{message}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      <h2>Polls</h2>
      <p className="muted">Each visitor votes once per poll: this browser is known by a cookie the app sets.</p>
      {polls.length === 0 && <p className="muted">No polls yet.</p>}
      {polls.map((poll) => {
        const mine = poll.options.find((o) => o.option_id === poll.voted_for);
        return (
          <article key={poll.poll_id} className="poll" data-testid="poll" aria-label={poll.question}>
            <h3>{poll.question} {poll.closed && <span className="badge">Closed</span>}</h3>
            <p className="muted" data-testid="poll-total">
              {poll.total} {poll.total === 1 ? 'vote' : 'votes'}{mine ? `. You voted for ${mine.label}.` : '.'}
            </p>
            <ul className="results">
              {poll.options.map((option) => (
                <li key={option.option_id} data-testid="result">
                  <span className="result-label">{option.label}: {option.votes} ({option.percent}%)</span>
                  <span className="bar" aria-hidden="true"><span style={{ width: `${option.percent}%` }} /></span>
                  {!poll.closed && !mine && (
                    <button type="button" onClick={() => vote(poll, option)}>Vote for {option.label}</button>
                  )}
                </li>
              ))}
            </ul>
            {!poll.closed && (
              <button type="button" className="secondary" onClick={() => close(poll)}>Close poll</button>
            )}
          </article>
        );
      })}
    </section>
  );
}
