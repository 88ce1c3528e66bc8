// Signing in: the header shows "Sign in" (only when the server has a provider) or the person's
// name and "Sign out". Once signed in, the projects this browser made anonymously become theirs:
// it shows the server the job secrets it holds. Loaded before the page's other modules, so every
// change they send while signed in carries the session's CSRF token without knowing about it.
import { el, knowSession, recentJobs } from './util.js';

const CSRF_COOKIE = 'pipeline_csrf';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function csrfToken() {
  const found = document.cookie.split('; ').find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return found ? decodeURIComponent(found.slice(CSRF_COOKIE.length + 1)) : '';
}

// the one hook: a same-origin change gets X-CSRF-Token while a session's token is here
const plainFetch = window.fetch.bind(window);
window.fetch = (input, init = {}) => {
  const request = input instanceof Request ? input : null;
  const method = (init.method || (request ? request.method : 'GET')).toUpperCase();
  const url = new URL(request ? request.url : String(input), location.href);
  const token = csrfToken();
  if (token && !SAFE.has(method) && url.origin === location.origin) {
    const headers = new Headers(init.headers || (request ? request.headers : undefined));
    headers.set('X-CSRF-Token', token);
    return plainFetch(input, { ...init, headers });
  }
  return plainFetch(input, init);
};

async function json(url) {
  try {
    const response = await plainFetch(url, { credentials: 'same-origin' });
    return response.ok ? await response.json() : null;
  } catch (e) {
    return null;
  }
}

async function claimThisBrowsersProjects(note) {
  const secrets = [...new Set(recentJobs().map((j) => j.secret).filter(Boolean))];
  if (!secrets.length) return;
  const response = await fetch('/api/v1/me/claim', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ secrets }),
  });
  if (!response.ok) return;
  const { claimed } = await response.json();
  if (!claimed.length) return;
  note.textContent = claimed.length === 1
    ? 'The project you made before signing in is now kept in your account.'
    : `The ${claimed.length} projects you made before signing in are now kept in your account.`;
  // whoever lists projects on the page may list them again
  document.dispatchEvent(new CustomEvent('pipeline:projects-changed', { detail: { claimed } }));
}

// deleting the account takes every project, version, file and preview with it: asked twice
function deleteAccount(note) {
  const wrap = el('span', '', { class: 'account-delete' });
  const ask = el('button', 'Delete my account', { type: 'button', class: 'secondary small', id: 'account-delete' });
  ask.addEventListener('click', () => {
    const sure = el('button', 'Delete it and all my projects', { type: 'button', class: 'danger small', id: 'account-delete-sure' });
    const keep = el('button', 'Keep it', { type: 'button', class: 'secondary small' });
    const question = el('span', 'This deletes every project and version you hold. It cannot be undone.', { role: 'alert' });
    keep.addEventListener('click', () => { wrap.replaceChildren(ask); ask.focus(); });
    sure.addEventListener('click', async () => {
      sure.disabled = true;
      const response = await fetch('/api/v1/me', { method: 'DELETE' });
      if (response.ok) { localStorage.clear(); await fetch('/auth/logout', { method: 'POST' }); location.assign('/'); return; }
      sure.disabled = false;
      note.textContent = 'The account could not be deleted: try again.';
    });
    wrap.replaceChildren(question, sure, keep);
    keep.focus();
  });
  wrap.append(ask);
  return wrap;
}

async function showAccount() {
  const box = document.getElementById('account');
  if (!box) { knowSession(false); return; }
  const note = el('p', '', { id: 'account-note', class: 'account-note', role: 'status' });
  const me = await json('/api/v1/me');
  knowSession(Boolean(me && me.kind === 'oidc'));
  if (me && me.kind === 'oidc') {
    const out = el('button', 'Sign out', { type: 'button', class: 'secondary small' });
    out.addEventListener('click', async () => {
      out.disabled = true;
      const response = await fetch('/auth/logout', { method: 'POST' });
      if (response.ok) location.assign('/');
      else out.disabled = false;
    });
    const exported = el('a', 'Export my data', { href: '/api/v1/me/export', class: 'button secondary small', id: 'account-export', download: '' });
    box.replaceChildren(el('span', me.name, { class: 'account-name', id: 'account-name' }), out, exported, deleteAccount(note), note);
    await claimThisBrowsersProjects(note);
    return;
  }
  const auth = await json('/api/v1/auth');
  if (!auth || !auth.oidc) { box.replaceChildren(); return; }
  const signIn = el('a', 'Sign in', { href: auth.login_url, class: 'button secondary small' });
  signIn.title = `Sign in with ${auth.provider} to keep your projects`;
  box.replaceChildren(signIn, note);
}

showAccount();
