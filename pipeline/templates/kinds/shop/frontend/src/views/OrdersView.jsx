import { useEffect, useState } from 'react';
import { getToken, listShopOrders, myShopOrders } from '../api.js';
import { ownerEmail } from '../owner.js';
import { keepReceipt, savedReceipts } from '../receipts.js';

// Every order for the owner (signed in under Admin); a signed-in customer's own (apps with
// accounts); for anyone else, the orders their receipt codes are for: those placed in this
// browser, and any code typed in.
export default function OrdersView() {
  const owner = Boolean(ownerEmail());
  const [orders, setOrders] = useState([]);
  const [code, setCode] = useState('');
  const [error, setError] = useState('');

  const mine = () => myShopOrders({ order_tokens: savedReceipts() }).then(setOrders).catch((e) => setError(e.message));
  useEffect(() => {
    (getToken() ? listShopOrders().then(setOrders) : Promise.reject()).catch(() => mine());
  }, []);

  async function lookUp(event) {
    event.preventDefault();
    setError('');
    const found = await myShopOrders({ order_tokens: [code.trim()] }).catch((e) => { setError(e.message); return null; });
    if (found && found.length === 0) setError('No order has that receipt code.');
    if (found && found.length) { keepReceipt(code.trim()); setCode(''); mine(); }
  }

  return (
    <section className="card">
      <h2>{owner ? 'All orders' : 'Your orders'}</h2>
      {!owner && <p className="muted">The orders placed in this browser. The shop's owner sees every order after signing in under Admin.</p>}
      {error && <p className="error" role="alert">{error}</p>}
      {orders.length === 0 ? <p className="muted">No orders yet.</p> : (
        <table>
          <thead><tr><th>Order</th><th>Customer</th><th>Items</th><th>Total</th><th>Placed</th></tr></thead>
          <tbody>
            {orders.map((o) => (
              <tr key={o.order_id} data-testid="order">
                <td>{o.order_id}</td><td>{o.customer}</td>
                <td>{o.lines.map((l) => `${l.quantity} × ${l.name}`).join(', ')}</td>
                <td>{Number(o.total).toFixed(2)}</td><td>{o.placed_at.replace('T', ' ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!owner && (
        <form className="toolbar" onSubmit={lookUp} aria-label="Find an order">
          <label className="field"><span>Receipt code</span><input value={code} onChange={(e) => setCode(e.target.value)} required minLength={16} maxLength={64} /></label>
          <div className="actions"><button type="submit" className="secondary">Find my order</button></div>
        </form>
      )}
    </section>
  );
}
