// Whether the owner is signed in in this browser: their email, kept beside the session token
// (which api.js keeps and drops on a 401), so the views show the owner's buttons without asking.
import { getToken } from './api.js';

const OWNER_KEY = 'owner-email';
let inMemory = null;

export function ownerEmail() {
  if (!getToken()) return null;
  try { return localStorage.getItem(OWNER_KEY); } catch { return inMemory; }
}

export function rememberOwner(email) {
  inMemory = email || null;
  try { if (email) localStorage.setItem(OWNER_KEY, email); else localStorage.removeItem(OWNER_KEY); } catch { /* memory only */ }
}
