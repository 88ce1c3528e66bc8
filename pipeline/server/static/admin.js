// The operator view: the key pool per provider and limit group, today's jobs, spend and cache
// hit rate. Behind the admin token when the service has one (kept for this tab only).
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
  if (!response.ok) throw new Error(`The service answered ${response.status}: try again shortly.`);
  return response.json();
}

async function load() {
  $('error').hidden = true;
  try {
    const [summary, stats] = await Promise.all([get('/api/v1/admin/summary'), get('/api/v1/ai/stats')]);
    const today = summary.today;
    const jobs = Object.entries(today.jobs).map(([k, v]) => `${v} ${k}`).join(', ') || 'no jobs yet';
    $('today').textContent = `${jobs}; ${today.tokens} tokens; spend $${today.spend_usd.toFixed(4)}; ` +
      `cache hit rate ${today.cache_hit_rate === null ? '–' : `${Math.round(today.cache_hit_rate * 100)}%`}; ` +
      `now ${summary.jobs_now.running} running, ${summary.jobs_now.queued} queued.`;
    const cap = summary.capacity;
    $('capacity').textContent = cap
      ? `About ${cap.apps_per_day} apps a day made by models with these keys` +
        (cap.binding ? `; then ${cap.binding} binds and the templates make the rest` : '') +
        `. Paid links cost $${cap.daily_cost_usd.toFixed(2)} a day. (python -m pipeline capacity says more.)`
      : 'No estimate.';
    drawKeys(stats);
  } catch (err) {
    $('error').textContent = err.message;
    $('error').hidden = false;
  }
}

function drawKeys(stats) {
  const providers = Object.entries(stats).filter(([name]) => !['cache', 'limiter', 'jobs', 'spend'].includes(name));
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
  load();
});
