// The operator view: the key pool per provider and limit group, today's jobs, spend and cache
// hit rate, what the stores keep per user. Behind the admin token when the service has one (kept for this tab only).
'use strict';

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = 'pipeline.adminToken';

function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

function when(epoch) { return epoch ? new Date(epoch * 1000).toLocaleTimeString() : '–'; }
function left(value) { return value === null || value === undefined ? '∞' : String(value); }

async function get(path) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (response.status === 401) {
    $('token-form').hidden = false;
    throw new Error('This view needs the admin token: enter one of PIPELINE_ADMIN_TOKENS.');
  }
  if (!response.ok) throw new Error(`The service answered ${response.status}: try again shortly.`);  // a 404 names itself
  return response.json();
}

const REFRESH_MS = 10_000;

async function load() {
  try {
    const [summary, stats, previews, jobs, usage] = await Promise.all([get('/api/v1/admin/summary'), get('/api/v1/ai/stats'),
      get('/api/v1/admin/previews'), get('/api/v1/admin/jobs?limit=20'), get('/api/v1/admin/usage?limit=50')]);
    $('error').hidden = true;
    const today = summary.today;
    const counts = Object.entries(today.jobs).map(([k, v]) => `${v} ${k}`).join(', ') || 'no jobs yet';
    $('today').textContent = `${counts}; ${today.tokens} tokens; spend $${today.spend_usd.toFixed(4)}; ` +
      `cache hit rate ${today.cache_hit_rate === null ? '–' : `${Math.round(today.cache_hit_rate * 100)}%`}; ` +
      `now ${summary.jobs_now.running} running, ${summary.jobs_now.queued} queued.`;
    $('capacity').textContent = capacityText(summary.capacity, stats);
    drawPreviews(previews);
    drawJobs(jobs.jobs);
    drawUsage(usage);
    drawKeys(stats);
    $('updated').textContent = `Updated at ${new Date().toLocaleTimeString()}.`;
  } catch (err) {
    $('error').textContent = err.message;
    $('error').hidden = false;
  }
}

function providersOf(stats) {
  return Object.entries(stats).filter(([name]) => !['cache', 'limiter', 'jobs', 'spend'].includes(name));
}

function capacityText(cap, stats) {
  if (!providersOf(stats).length) return 'No keys: every app comes from the templates.';
  if (!cap) return 'No estimate.';
  return `About ${cap.apps_per_day} apps a day made by models with these keys` +
    (cap.binding ? `; then ${cap.binding} binds and the templates make the rest` : '') +
    `. Paid links cost $${cap.daily_cost_usd.toFixed(2)} a day. (python -m pipeline capacity says more.)`;
}

function drawPreviews(previews) {
  const running = previews.running || [];
  const max = previews.max_previews;
  $('previews-count').textContent = `${running.length}${max ? ` of ${max}` : ''} running` +
    (max && running.length >= max ? ': full, so the next preview opened stops the one idle longest.' : '.') +
    (previews.idle_s ? ` A preview stops after ${Math.round(previews.idle_s / 60)} minutes idle.` : '');
  const table = $('previews');
  table.hidden = running.length === 0;
  table.tBodies[0].replaceChildren(...running.map((p) => {
    const row = el('tr');
    const cell = el('td');
    cell.append(el('a', p.job_id.slice(0, 12), { href: `/jobs/${encodeURIComponent(p.job_id)}` }));
    row.append(cell, el('td', p.started_s === undefined ? '–' : `${Number(p.started_s).toFixed(1)} s`),
      el('td', p.idle_s === undefined ? '–' : `${Math.round(p.idle_s)} s`),
      el('td', p.memory_mb === undefined ? '–' : `${p.memory_mb} MB`));
    return row;
  }));
}

function drawJobs(jobs) {
  const body = $('jobs').tBodies[0];
  if (!jobs.length) { body.replaceChildren(el('tr', null)); body.rows[0].append(el('td', 'No jobs yet.', { colspan: '5' })); return; }
  body.replaceChildren(...jobs.map((j) => {
    const row = el('tr', null, { 'data-status': j.status });
    const link = el('td');
    link.append(el('button', j.id.slice(0, 12), { type: 'button', class: 'secondary small', 'data-id': j.id, 'aria-label': `Look up job ${j.id}` }));
    link.firstChild.addEventListener('click', () => { $('lookup').value = j.id; lookup(); });
    row.append(link, el('td', when(j.created_at)), el('td', j.status + (j.version > 1 ? ` (v${j.version})` : '')),
      el('td', j.prompt), el('td', j.error || (j.status === 'failed' ? 'no reason recorded' : j.status === 'rejected' ? 'rejected at review' : ''), { class: 'why' }));
    return row;
  }));
}

function bytes(n) {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

const KINDS = { token: 'API token', secret: 'job secret (not signed in)', anonymous: 'not signed in', oidc: 'sign-in' };

function drawUsage(usage) {
  const t = usage.totals;
  const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
  $('usage-totals').textContent = `${plural(t.projects, 'project')} with ${plural(t.versions, 'version')} of ` +
    `${plural(t.users, 'user')}: ${bytes(t.bytes)} of files in ${usage.files_at}, records in ${usage.records_at}.`;
  const table = $('usage');
  table.hidden = usage.users.length === 0;
  table.tBodies[0].replaceChildren(...usage.users.map((u) => {
    const row = el('tr', null, { 'data-user': u.user });
    row.append(el('td', u.user.slice(0, 12), { title: u.subject }), el('td', KINDS[u.kind] || u.kind),
      el('td', u.projects), el('td', u.versions), el('td', bytes(u.bytes), { 'data-bytes': u.bytes }),
      el('td', u.last_change ? new Date(u.last_change * 1000).toLocaleString() : '–'));
    return row;
  }));
}

async function lookup(event) {
  if (event) event.preventDefault();
  const id = $('lookup').value.trim();
  const out = $('lookup-result');
  out.hidden = false;
  try {
    const job = await get(`/api/v1/admin/jobs/${encodeURIComponent(id)}`);
    const facts = [['status', job.status], ['request', job.prompt], ['why it failed', job.error || '–'],
      ['worker', job.worker || '–'], ['attempt', job.attempt ?? '–'], ['created', when(job.created_at)],
      ['finished', when(job.finished_at)], ['version', job.version || 1]];
    out.replaceChildren(...facts.flatMap(([k, v]) => [el('dt', k), el('dd', v)]));
    const page = el('dd');
    page.append(el('a', 'Open its page', { href: `/jobs/${encodeURIComponent(job.id)}` }));
    out.append(el('dt', 'page'), page);
  } catch (err) {
    out.replaceChildren(el('dt', 'not found'), el('dd', /404/.test(err.message) ? `No job ${id} here: it may have expired after a day.` : err.message));
  }
}

function drawKeys(stats) {
  const providers = providersOf(stats);
  if (!providers.length) {
    $('providers').replaceChildren(el('p', 'No provider keys are configured: every job uses the offline templates.'));
    return;
  }
  $('providers').replaceChildren(...providers.map(([name, p]) => {
    const box = el('section');
    box.append(el('h3', `${name}: ${p.active_keys}/${p.total_keys} keys active, ${p.limit_groups} limit group(s), ` +
      `${p.total_requests} requests, capacity ${p.total_capacity ?? '∞'}/day`));
    const wrap = el('div', null, { class: 'table-wrap' });
    const table = el('table');
    const head = el('tr');
    for (const c of ['key', 'group', 'state', 'left rpm', 'left rpd', 'left tpm', 'left tpd', 'minute frees', 'day resets', 'cooling until']) {
      head.append(el('th', c, { scope: 'col' }));
    }
    table.append(el('thead'));
    table.tHead.append(head);
    const body = el('tbody');
    for (const k of p.keys) {
      const row = el('tr');
      const r = k.resets || {};
      for (const v of [k.fingerprint, k.group === k.fingerprint ? 'own' : k.group, k.state, left(k.remaining.rpm),
        left(k.remaining.rpd), left(k.remaining.tpm), left(k.remaining.tpd), when(r.minute_at), when(r.day_at), when(r.cooling_until)]) {
        row.append(el('td', v));
      }
      body.append(row);
    }
    table.append(body);
    wrap.append(table);
    box.append(wrap);
    return box;
  }));
}

document.addEventListener('DOMContentLoaded', () => {
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    $('token-form').hidden = true;
    load();
  });
  $('refresh').addEventListener('click', load);
  $('lookup-form').addEventListener('submit', lookup);
  load();
  setInterval(() => { if (!document.hidden && $('token-form').hidden) load(); }, REFRESH_MS);
});
