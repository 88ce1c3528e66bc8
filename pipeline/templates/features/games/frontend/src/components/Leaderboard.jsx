// A game's ranking as the server keeps it: a row per player, `columns` (answer key → heading)
// after the name, in the server's order.
export default function Leaderboard({ title, empty, columns, rows }) {
  const keys = Object.keys(columns);
  return (
    <>
      <h2>{title}</h2>
      {rows.length === 0 ? <p className="muted">{empty}</p> : (
        <table>
          <thead><tr><th>Player</th>{keys.map((key) => <th key={key}>{columns[key]}</th>)}</tr></thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.player}><td>{row.player}</td>{keys.map((key) => <td key={key}>{row[key]}</td>)}</tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
