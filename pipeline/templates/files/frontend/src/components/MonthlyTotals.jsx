// The server's totals per month (the API's monthly-totals operation).
export default function MonthlyTotals({ rows }) {
  if (rows.length === 0) return null;
  return (
    <div className="card">
      <h2>Monthly totals</h2>
      <table>
        <thead>
          <tr>
            <th>Month</th>
            <th>Total</th>
            <th>Count</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.month}>
              <td>{row.month}</td>
              <td>{row.total.toFixed(2)}</td>
              <td>{row.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
