import { useEffect, useState } from 'react';
import { listShopOrders } from '../api.js';

export default function OrdersView() {
  const [orders, setOrders] = useState([]);
  const [error, setError] = useState('');
  useEffect(() => { listShopOrders().then(setOrders).catch((e) => setError(e.message)); }, []);
  return (
    <section className="card">
      <h2>Orders</h2>
      {error && <p className="error" role="alert">{error}</p>}
      {orders.length === 0 ? <p className="muted">No orders yet.</p> : (
        <table>
          <thead><tr><th>Order</th><th>Customer</th><th>Items</th><th>Total</th><th>Placed</th></tr></thead>
          <tbody>
            {orders.map((o) => (
              <tr key={o.order_id}>
                <td>{o.order_id}</td><td>{o.customer}</td>
                <td>{o.lines.map((l) => `${l.quantity} × ${l.name}`).join(', ')}</td>
                <td>{Number(o.total).toFixed(2)}</td><td>{o.placed_at.replace('T', ' ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
