import { useState } from 'react';
import { login, register, setToken } from '../api.js';

// Sign in or create an account; the session token then goes with every request. Creating one
// answers the same whether or not the email was taken, so the page signs in right after.
export default function AuthView() {
  const [mode, setMode] = useState('login');
  const [form, setForm] = useState({ email: '', password: '' });
  const [error, setError] = useState('');

  async function submit(event) {
    event.preventDefault();
    setError('');
    try {
      if (mode === 'register') await register(form);
      setToken((await login(form)).token);
    } catch (e) {
      setError(mode === 'register' && e.status === 401
        ? 'This email already has an account with another password: sign in with that one.'
        : e.message);
    }
  }

  const set = (key) => (e) => setForm({ ...form, [key]: e.target.value });
  return (
    <section className="card auth">
      <h2>{mode === 'login' ? 'Sign in' : 'Create an account'}</h2>
      <form onSubmit={submit} aria-label={mode === 'login' ? 'Sign in' : 'Create an account'}>
        <label className="field"><span>Email</span><input type="email" value={form.email} onChange={set('email')} required autoComplete="email" /></label>
        <label className="field"><span>Password</span>
          <input type="password" value={form.password} onChange={set('password')} required minLength={8}
            autoComplete={mode === 'login' ? 'current-password' : 'new-password'} />
        </label>
        {error && <p className="error" role="alert">{error}</p>}
        <div className="actions">
          <button type="submit">{mode === 'login' ? 'Sign in' : 'Create account'}</button>
          <button type="button" className="secondary" onClick={() => setMode(mode === 'login' ? 'register' : 'login')}>
            {mode === 'login' ? 'I need an account' : 'I have an account'}
          </button>
        </div>
      </form>
    </section>
  );
}
