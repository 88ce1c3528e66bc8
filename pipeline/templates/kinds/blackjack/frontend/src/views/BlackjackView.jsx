import { useState } from 'react';
import { blackjackLeaderboard, dealBlackjackHand, playBlackjackAction } from '../api.js';
import Leaderboard from '../components/Leaderboard.jsx';
import PlayerForm from '../components/PlayerForm.jsx';
import useGame from '../components/useGame.js';
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
  const { player, setPlayer, game: hand, error, leaders, play } = useGame(blackjackLeaderboard);
  const [bet, setBet] = useState(10);
  const [busy, setBusy] = useState(false);

  async function run(call) {
    setBusy(true);
    await play(call);
    setBusy(false);
  }

  const playing = hand && hand.status === 'playing';
  return (
    <section className="card blackjack">
      <h2>Blackjack</h2>
      <PlayerForm player={player} setPlayer={setPlayer} action="Deal" disabled={busy || playing}
        onStart={() => run(() => dealBlackjackHand({ player, bet: Number(bet) }))}>
        <label className="field">
          <span>Bet</span>
          <input type="number" min={1} value={bet} onChange={(e) => setBet(e.target.value)} required />
        </label>
      </PlayerForm>
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
      <Leaderboard title="Best balances" empty="No hands yet." columns={{ best: 'Best', balance: 'Balance', hands: 'Hands' }}
        rows={leaders} />
    </section>
  );
}
