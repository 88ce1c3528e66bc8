import { useState } from 'react';
import { listChessGames, newChessGame, playChessMove } from '../api.js';
import useGame from '../components/useGame.js';
import './ChessView.css';

const FILES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const GLYPHS = { K: '♔', Q: '♕', R: '♖', B: '♗', N: '♘', P: '♙', k: '♚', q: '♛', r: '♜', b: '♝', n: '♞', p: '♟' };
const NAMES = { k: 'king', q: 'queen', r: 'rook', b: 'bishop', n: 'knight', p: 'pawn' };

const squareName = (index) => `${FILES[index % 8]}${Math.floor(index / 8) + 1}`;
const colourOf = (piece) => (piece === piece.toUpperCase() ? 'white' : 'black');
const describe = (piece) => `${colourOf(piece)} ${NAMES[piece.toLowerCase()]}`;
const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);

function statusText(game) {
  if (game.status !== 'playing') return `${capital(game.reason)}.`;
  return `${capital(game.turn)} to move${game.check ? ': check!' : '.'}`;
}

// The rules are the server's (python-chess): this view sends a move, from a click on a piece and
// a click on a square or typed as UCI or SAN, and shows the server's board, or why it refused.
export default function ChessView() {
  const [white, setWhite] = useState('');
  const [black, setBlack] = useState('');
  const [opponent, setOpponent] = useState('friend');
  // the latest games stand where other games rank their players: reloaded after every move
  const { game, setGame, error, setError, leaders: games, loadLeaders: loadGames, attempt } = useGame(listChessGames);
  const [selected, setSelected] = useState(null);
  const [typed, setTyped] = useState('');

  function start(event) {
    event.preventDefault();
    setSelected(null);
    attempt(async () => {
      setGame(await newChessGame({ white, black: opponent === 'friend' ? black : null, opponent }));
      loadGames();
    });
  }

  function play(move) {
    setSelected(null);
    attempt(async () => {
      const next = await playChessMove({ game_id: game.game_id, move });
      setGame(next);
      setTyped('');
      loadGames(); // the list's move count and result follow the game
    });
  }

  function click(index) {
    if (!game || game.status !== 'playing') return;
    const piece = game.board[index];
    const own = piece && colourOf(piece) === game.turn;
    if (selected === null || (own && selected !== index)) {
      if (own) setSelected(index);
      else if (piece) setError(`That is a ${describe(piece)}: it is ${game.turn}'s move.`);
      return;
    }
    if (selected === index) {
      setSelected(null);
      return;
    }
    const move = squareName(selected) + squareName(index);
    // a pawn reaching the last rank becomes a queen; the server refuses anything else with its reason
    play(game.legal.includes(`${move}q`) ? `${move}q` : move);
  }

  const from = selected === null ? null : squareName(selected);
  const targets = new Set((game?.legal ?? []).filter((m) => m.startsWith(from)).map((m) => m.slice(2, 4)));
  const rows = [];
  for (let rank = 7; rank >= 0; rank -= 1) {
    for (let file = 0; file < 8; file += 1) rows.push(rank * 8 + file);
  }
  const pairs = [];
  for (let i = 0; i < (game?.history.length ?? 0); i += 2) pairs.push(game.history.slice(i, i + 2));

  return (
    <section className="card chess">
      <h2>Chess</h2>
      <form className="toolbar" aria-label="New game" onSubmit={start}>
        <label className="field">
          <span>White</span>
          <input value={white} onChange={(e) => setWhite(e.target.value)} maxLength={40} required />
        </label>
        <label className="field">
          <span>Opponent</span>
          <select value={opponent} onChange={(e) => setOpponent(e.target.value)}>
            <option value="friend">A friend on this screen</option>
            <option value="computer">The computer</option>
          </select>
        </label>
        {opponent === 'friend' && (
          <label className="field">
            <span>Black</span>
            <input value={black} onChange={(e) => setBlack(e.target.value)} maxLength={40} required />
          </label>
        )}
        <div className="actions"><button type="submit">New game</button></div>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {game && (
        <div className="chess-game">
          <div>
            <p className="muted" role="status" data-testid="game-status">{statusText(game)}</p>
            <div className="chessboard" aria-label="Board">
              {rows.map((index) => {
                const name = squareName(index);
                const piece = game.board[index];
                const dark = (Math.floor(index / 8) + (index % 8)) % 2 === 0;
                const classes = ['square', dark ? 'dark' : 'light', selected === index ? 'selected' : '',
                  targets.has(name) ? 'target' : '', game.last.includes(name) ? 'last' : ''];
                return (
                  <button key={index} type="button" className={classes.join(' ').trim()} onClick={() => click(index)}
                    aria-label={piece ? `${name}, ${describe(piece)}` : name} aria-pressed={selected === index}>
                    {piece ? GLYPHS[piece] : ''}
                  </button>
                );
              })}
            </div>
            <form className="toolbar" aria-label="Move" onSubmit={(e) => { e.preventDefault(); play(typed); }}>
              <label className="field">
                <span>Your move (e2e4 or Nf3)</span>
                <input value={typed} onChange={(e) => setTyped(e.target.value)} maxLength={12} required
                  disabled={game.status !== 'playing'} />
              </label>
              <div className="actions"><button type="submit" disabled={game.status !== 'playing'}>Play</button></div>
            </form>
          </div>
          <div>
            <h3>{game.white} (white) vs {game.black} (black)</h3>
            <ol className="history" data-testid="history">
              {pairs.map((pair, i) => <li key={i}>{pair.join(' ')}</li>)}
            </ol>
          </div>
        </div>
      )}
      <h2>Latest games</h2>
      {games.length === 0 ? <p className="muted">No games yet.</p> : (
        <table>
          <thead><tr><th>White</th><th>Black</th><th>Moves</th><th>Result</th></tr></thead>
          <tbody>
            {games.map((row) => (
              <tr key={row.game_id}>
                <td>{row.white}</td><td>{row.black}</td><td>{row.moves}</td>
                <td>{row.status === 'playing' ? 'playing' : `${row.result} (${row.reason})`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
