import { useEffect, useState } from 'react';
import { adminLogin, adminLogout, setToken } from '../api.js';
import { ownerEmail, rememberOwner } from '../owner.js';

// The owner signs in here (ADMIN_EMAIL and ADMIN_PASSWORD in backend/.env); the session then goes
// with every request, so adding, changing and deleting records, every order and every booking
// are theirs to manage. Visitors never need this page.
export default function AdminView() {
  const [admin, setAdmin] = useState(ownerEmail);
  const [form, setForm] = useState({ email: '', password: '' });
  const [error, setError] = useState('');

  useEffect(() => {
    const onSession = () => setAdmin(ownerEmail());
    window.addEventListener('session-changed', onSession);
    return () => window.removeEventListener('session-changed', onSession);
  }, []);

  async function signIn(event) {
    event.preventDefault();
    setError('');
    try {
      const session = await adminLogin(form);
      rememberOwner(session.email);
      setToken(session.token);
      setForm({ email: '', password: '' });
    } catch (e) {
      setError(e.status === 429 ? `Too many tries: ${e.message}.` : e.message);
    }
  }

  async function signOut() {
    await adminLogout().catch(() => {});
    rememberOwner(null);
    setToken(null);
  }

  const set = (key) => (e) => setForm({ ...form, [key]: e.target.value });
  if (admin) {
    return (
      <section className="card">
        <h2>Owner</h2>
        <p role="status" data-testid="admin-status">Signed in as {admin}: you can change the records, see every order and cancel any booking.</p>
        <div className="actions"><button type="button" className="secondary" onClick={signOut}>Sign out</button></div>
      </section>
    );
  }
  return (
    <section className="card auth">
      <h2>Owner sign-in</h2>
      <p className="muted">For the owner only (ADMIN_EMAIL and ADMIN_PASSWORD in backend/.env).</p>
      <form onSubmit={signIn} aria-label="Owner sign-in">
        <label className="field"><span>Email</span><input type="email" value={form.email} onChange={set('email')} required autoComplete="username" /></label>
        <label className="field"><span>Password</span>
          <input type="password" value={form.password} onChange={set('password')} required autoComplete="current-password" />
        </label>
        {error && <p className="error" role="alert">{error}</p>}
        <div className="actions"><button type="submit">Sign in</button></div>
      </form>
    </section>
  );
}
