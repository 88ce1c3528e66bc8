// Small helpers the page's modules share: DOM building (all text goes in as text), the service's
// problems as one sentence, and the jobs this browser made (with their owner secrets).

export const $ = (id) => document.getElementById(id);

export function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

export function show(id, on = true) { $(id).hidden = !on; }

export const jobUrl = (jobId, rest = '') => `/api/v1/jobs/${encodeURIComponent(jobId)}${rest}`;

export async function getJson(url) {
  const response = await fetch(url);
  return response.ok ? response.json() : null;
}

export async function problemText(response) {
  // One clear sentence from an RFC 9457 problem, with what to do.
  let body = {};
  try { body = await response.json(); } catch (e) { /* not JSON */ }
  if (response.status === 429) {
    const wait = response.headers.get('Retry-After') || '60';
    return `Too many requests from you right now: try again in ${wait} seconds.`;
  }
  if (response.status === 413) return 'That request is too long: shorten it and try again.';
  if (response.status === 403) return 'Only the browser that started this job can change it.';
  if (response.status === 503) return 'The service is busy: try again in a minute.';
  const detail = body.detail || body.title || `the service answered ${response.status}`;
  return `${body.title ? body.title.charAt(0).toUpperCase() + body.title.slice(1) : 'Something went wrong'}: ${detail}.`;
}

// --- the jobs this browser made (the server never lists jobs) -------------------------------

const RECENT_KEY = 'pipeline.recentJobs';

export function recentJobs() {
  try { return JSON.parse(localStorage.getItem(RECENT_KEY) || '[]'); } catch (e) { return []; }
}

export function remember(id, fields) {
  // the job's owner secret stays in this browser: it is what lets this browser change the job
  const known = recentJobs().find((j) => j.id === id) || {};
  const entry = { ...known, at: known.at || Date.now() };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== null) entry[k] = v;
  entry.id = id;
  const jobs = [entry, ...recentJobs().filter((j) => j.id !== id)].slice(0, 40);
  localStorage.setItem(RECENT_KEY, JSON.stringify(jobs));
}

export function ownerHeaders(jobId) {
  const job = recentJobs().find((j) => j.id === jobId);
  return job && job.secret ? { 'X-Job-Secret': job.secret } : {};
}

export function secretOf(jobId) { return ownerHeaders(jobId)['X-Job-Secret']; }

// the app's modules reach each other through these, set once at start, so no import runs in a circle
export const hooks = { follow: null, focusStatus: null };

// --- who the page speaks for ----------------------------------------------------------------

/** Set by the sign-in code when a cookie session exists: then the cookie speaks for the caller,
 *  and `headers` carries what a change needs besides it (a CSRF token). */
export const session = { signedIn: false, headers: {} };
let settleSession;
/** Resolved once the sign-in code knows whether a session exists (or gave up), so a list of
 *  projects is asked for as the right caller the first time. */
export const sessionKnown = new Promise((resolve) => { settleSession = resolve; });
setTimeout(() => settleSession(), 4000);  // the sign-in code never answered: speak for the secrets
export function knowSession(signedIn) {
  session.signedIn = signedIn;
  settleSession();
}

/** The callers this browser speaks for, each as the headers of its requests: one signed-in
 *  session, or else each job secret it holds (without sign-in every project is its own owner). */
export function who() {
  if (session.signedIn) return [{ ...session.headers }];
  const secrets = [...new Set(recentJobs().map((j) => j.secret).filter(Boolean))];
  return secrets.map((secret) => ({ 'X-Job-Secret': secret }));
}

/** The headers of the caller that owns `projectId` (its first version's job id), or null. */
export async function ownerOfProject(projectId) {
  await sessionKnown;
  const held = recentJobs().find((j) => (j.project || j.id) === projectId && j.secret);
  const callers = session.signedIn || !held ? who() : [{ 'X-Job-Secret': held.secret }];
  for (const headers of callers) {
    const response = await fetch(`/api/v1/projects/${encodeURIComponent(projectId)}`, { headers });
    if (response.ok) return { headers, project: await response.json() };
  }
  return null;
}

/** The project is gone: this browser forgets its versions too. */
export function forgetProject(projectId) {
  const kept = recentJobs().filter((j) => (j.project || j.id) !== projectId);
  localStorage.setItem(RECENT_KEY, JSON.stringify(kept));
}
