import { useEffect, useState } from 'react';
import { blackjackLeaderboard, dealBlackjackHand, playBlackjackAction } from '../api.js';
import './BlackjackView.css';

const SUITS = { S: '♠', H: '♥', D: '♦', C: '♣' };
const NAMES = { S: 'spades', H: 'hearts', D: 'diamonds', C: 'clubs' };
const RESULTS = {
  won: 'You win', lost: 'The dealer wins', bust: 'Bust: over 21', push: 'Push: your bet comes back',
  blackjack: 'Blackjack! Paid 3:2',
};
const LABELS = { hit: 'Hit', stand: 'Stand', double: 'Double down' };

function Card({ card }) {
  const rank = card.slice(0, -1);
  const suit = card.slice(-1);
  const red = suit === 'H' || suit === 'D';
  return (
    <span className={`playing-card${red ? ' red' : ''}`} data-testid="card" aria-label={`${rank} of ${NAMES[suit]}`}>
      {rank}{SUITS[suit]}
    </span>
  );
}

// The shoe, the dealer's hole card and the chips are the server's: this view sends a bet or an
// action and draws the hand it gets back (the hole card face down until the hand ends).
export default function BlackjackView() {
  const [player, setPlayer] = useState('');
  const [bet, setBet] = useState(10);
  const [hand, setHand] = useState(null);
  const [leaders, setLeaders] = useState([]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const loadLeaders = () => blackjackLeaderboard().then(setLeaders).catch(() => setLeaders([]));
  useEffect(() => { loadLeaders(); }, []);

  async function run(call) {
    setBusy(true);
    setError('');
    try {
      const next = await call();
      setHand(next);
      if (next.status !== 'playing') loadLeaders();
    } catch (e) {
      setError(e.message);
    } finally {
      setBusy(false);
    }
  }

  function deal(event) {
    event.preventDefault();
    run(() => dealBlackjackHand({ player, bet: Number(bet) }));
  }

  const playing = hand && hand.status === 'playing';
  return (
    <section className="card blackjack">
      <h2>Blackjack</h2>
      <form className="toolbar" onSubmit={deal}>
        <label className="field">
          <span>Your name</span>
          <input value={player} onChange={(e) => setPlayer(e.target.value)} maxLength={40} required />
        </label>
        <label className="field">
          <span>Bet</span>
          <input type="number" min={1} value={bet} onChange={(e) => setBet(e.target.value)} required />
        </label>
        <div className="actions"><button type="submit" disabled={busy || playing}>Deal</button></div>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {hand && (
        <>
          <p className="scores">
            <span data-testid="balance">Balance: {hand.balance}</span>
            <span data-testid="bet">Bet: {hand.bet}</span>
            <span data-testid="best">Best: {hand.best}</span>
          </p>
          <div className="felt">
            <h3>Dealer{hand.status === 'playing' ? '' : `: ${hand.dealer_total}`}</h3>
            <div className="cards" data-testid="dealer-cards">
              {hand.dealer.map((card, index) => <Card key={index} card={card} />)}
              {Array.from({ length: hand.hidden }, (_, index) => (
                <span key={`h${index}`} className="playing-card back" aria-label="face-down card" />
              ))}
            </div>
            <h3 data-testid="total">You: {hand.total}{hand.soft ? ' (soft)' : ''}</h3>
            <div className="cards" data-testid="player-cards">
              {hand.cards.map((card, index) => <Card key={index} card={card} />)}
            </div>
          </div>
          <p className="result" role="status" data-testid="result">
            {playing ? 'Hit, stand or double down.' : `${RESULTS[hand.status]}. Paid ${hand.payout}.`}
          </p>
          <div className="actions">
            {Object.entries(LABELS).map(([action, label]) => (
              <button key={action} type="button" disabled={busy || !hand.actions.includes(action)}
                onClick={() => run(() => playBlackjackAction({ hand_id: hand.hand_id, action }))}>{label}</button>
            ))}
          </div>
        </>
      )}
      <h2>Best balances</h2>
      {leaders.length === 0 ? <p className="muted">No hands yet.</p> : (
        <table>
          <thead><tr><th>Player</th><th>Best</th><th>Balance</th><th>Hands</th></tr></thead>
          <tbody>
            {leaders.map((row) => (
              <tr key={row.player}><td>{row.player}</td><td>{row.best}</td><td>{row.balance}</td><td>{row.hands}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
