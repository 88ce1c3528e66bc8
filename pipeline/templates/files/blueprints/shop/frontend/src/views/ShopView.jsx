import { useEffect, useState } from 'react';
import { checkout, resources } from '../api.js';
import { keepReceipt } from '../receipts.js';

const CART_KEY = 'shop-cart';
const money = (n) => Number(n).toFixed(2);

function savedCart() {
  try { return JSON.parse(localStorage.getItem(CART_KEY)) ?? {}; } catch { return {}; }
}

// The catalogue and the stock are the server's; the cart lives in this browser until checkout,
// where the server prices it again and takes the stock.
export default function ShopView() {
  const [products, setProducts] = useState([]);
  const [cart, setCart] = useState(savedCart);
  const [customer, setCustomer] = useState({ customer: '', email: '' });
  const [placed, setPlaced] = useState(null);
  const [error, setError] = useState('');

  const load = () => resources.product.list({ limit: 200 }).then(setProducts).catch((e) => setError(e.message));
  useEffect(() => { load(); }, []);
  useEffect(() => {
    try { localStorage.setItem(CART_KEY, JSON.stringify(cart)); } catch { /* a sandboxed preview has no storage */ }
  }, [cart]);

  const add = (id, n) => setCart((c) => {
    const next = { ...c, [id]: Math.max(0, (c[id] ?? 0) + n) };
    if (!next[id]) delete next[id];
    return next;
  });
  const lines = products.filter((p) => cart[p.id]).map((p) => ({ product: p, quantity: cart[p.id] }));
  const total = lines.reduce((sum, l) => sum + l.quantity * l.product.price, 0);

  async function order(event) {
    event.preventDefault();
    setError('');
    try {
      const got = await checkout({ ...customer, lines: lines.map((l) => ({ product_id: l.product.id, quantity: l.quantity })) });
      keepReceipt(got.order_token);
      setPlaced(got);
      setCart({});
      load();
    } catch (e) {
      setError(e.message);
    }
  }

  return (
    <section className="card">
      <h2>Products</h2>
      {products.length === 0 ? <p className="muted">No products yet: add some under Products.</p> : (
        <ul className="catalogue">
          {products.map((p) => (
            <li key={p.id} className="product">
              <strong>{p.name}</strong> <span>{money(p.price)}</span>
              <span className="muted">{p.quantity > 0 ? `${p.quantity} in stock` : 'Sold out'}</span>
              <button type="button" onClick={() => add(p.id, 1)} disabled={(cart[p.id] ?? 0) >= p.quantity}
                aria-label={`Add ${p.name} to cart`}>Add to cart</button>
            </li>
          ))}
        </ul>
      )}
      <h2>Cart</h2>
      {lines.length === 0 ? <p className="muted">The cart is empty.</p> : (
        <form onSubmit={order} aria-label="Checkout">
          <table>
            <thead><tr><th>Product</th><th>Quantity</th><th>Subtotal</th><th /></tr></thead>
            <tbody>
              {lines.map((l) => (
                <tr key={l.product.id}>
                  <td>{l.product.name}</td><td>{l.quantity}</td><td>{money(l.quantity * l.product.price)}</td>
                  <td><button type="button" className="secondary" onClick={() => add(l.product.id, -1)}>−</button></td>
                </tr>
              ))}
            </tbody>
          </table>
          <p data-testid="cart-total">Total: <strong>{money(total)}</strong></p>
          <label className="field"><span>Your name</span>
            <input value={customer.customer} onChange={(e) => setCustomer({ ...customer, customer: e.target.value })} required maxLength={80} />
          </label>
          <label className="field"><span>Email</span>
            <input type="email" value={customer.email} onChange={(e) => setCustomer({ ...customer, email: e.target.value })} required maxLength={120} />
          </label>
          <div className="actions"><button type="submit">Place order</button></div>
        </form>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      {placed && (
        <div className="result" role="status">
          <p data-testid="order-placed">Order {placed.order_id} placed: {money(placed.total)}.</p>
          <p>Your receipt code (it shows this order to whoever has it; this browser keeps it under Orders): <code data-testid="order-token">{placed.order_token}</code></p>
        </div>
      )}
    </section>
  );
}
