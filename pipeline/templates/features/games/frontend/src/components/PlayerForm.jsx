// The form that starts a game for a named player; `children` are a game's own fields (a bet).
export default function PlayerForm({ player, setPlayer, onStart, action = 'New game', disabled = false, children }) {
  function submit(event) {
    event.preventDefault();
    onStart();
  }

  return (
    <form className="toolbar" onSubmit={submit}>
      <label className="field">
        <span>Your name</span>
        <input value={player} onChange={(e) => setPlayer(e.target.value)} maxLength={40} required />
      </label>
      {children}
      <div className="actions"><button type="submit" disabled={disabled}>{action}</button></div>
    </form>
  );
}
