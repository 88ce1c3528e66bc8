// The generator page: submit a request, follow the job's event stream, show the plan, the
// design, DEBUG's findings, the files and the README. Plain DOM; all text goes in as text.
'use strict';

const AGENTS = ['core', 'arch', 'backend', 'uix', 'debug'];
const DOING = {
  core: 'is planning the app', arch: 'is designing the API', backend: 'is writing the backend',
  uix: 'is building the screens', debug: 'is checking the project',
};
const RECENT_KEY = 'pipeline.recentJobs';
const $ = (id) => document.getElementById(id);

function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

function show(id, on = true) { $(id).hidden = !on; }

async function problemText(response) {
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

// --- recent jobs (this browser only; the server never lists jobs) ---------------------------

function recentJobs() {
  try { return JSON.parse(localStorage.getItem(RECENT_KEY) || '[]'); } catch (e) { return []; }
}

function remember(id, prompt, secret) {
  // the job's owner secret stays in this browser: it is what lets this browser change the job
  const known = recentJobs().find((j) => j.id === id);
  const kept = secret || (known && known.secret) || undefined;
  const jobs = [{ id, prompt, secret: kept, at: Date.now() }, ...recentJobs().filter((j) => j.id !== id)].slice(0, 20);
  localStorage.setItem(RECENT_KEY, JSON.stringify(jobs));
}

function ownerHeaders(jobId) {
  const job = recentJobs().find((j) => j.id === jobId);
  return job && job.secret ? { 'X-Job-Secret': job.secret } : {};
}

function drawRecent() {
  const jobs = recentJobs();
  const list = $('recent-list');
  list.replaceChildren(...jobs.map((j) => {
    const item = el('li');
    const link = el('a', j.prompt.slice(0, 80), { href: `/jobs/${encodeURIComponent(j.id)}` });
    item.append(link, el('span', `  ${new Date(j.at).toLocaleString()}`, { class: 'prompt' }));
    return item;
  }));
  show('recent', jobs.length > 0);
}

// --- submitting ------------------------------------------------------------------------------

async function submit(event) {
  event.preventDefault();
  const prompt = $('prompt').value.trim();
  const error = $('form-error');
  error.hidden = true;
  if (!prompt) {
    error.textContent = 'Write what you want built first, for example "build a todo app".';
    error.hidden = false;
    $('prompt').focus();
    return;
  }
  if (prompt.length > 8000) {
    error.textContent = `That request is ${prompt.length} characters long; the limit is 8000. Shorten it and try again.`;
    error.hidden = false;
    return;
  }
  const button = $('submit');
  button.disabled = true;
  try {
    const response = await fetch('/api/v1/generate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        prompt,
        options: { offline: $('offline').checked, level: $('level').value, review: $('review').checked },
      }),
    });
    if (!response.ok) {
      error.textContent = await problemText(response);
      error.hidden = false;
      return;
    }
    const job = await response.json();
    remember(job.job_id, prompt, job.job_secret);
    history.pushState({}, '', `/jobs/${job.job_id}`);
    follow(job.job_id);
  } catch (e) {
    error.textContent = 'The service could not be reached: check your connection and try again.';
    error.hidden = false;
  } finally {
    button.disabled = false;
  }
}

// --- following a job --------------------------------------------------------------------------

let stream = null;

function agentRow(agent) {
  let row = document.querySelector(`#agents tr[data-agent="${agent}"]`);
  if (!row) {
    row = el('tr', null, { 'data-agent': agent, 'data-state': 'waiting' });
    row.append(el('th', agent.toUpperCase(), { scope: 'row' }), el('td', 'waiting'), el('td', '–'),
      el('td', '–'), el('td', '–'), el('td', '', { class: 'note' }));
    $('agents').tBodies[0].append(row);
  }
  return row;
}

function setCell(agent, index, text) { agentRow(agent).cells[index].textContent = text; }

function step(text) {
  const steps = $('steps');
  steps.append(el('li', text));
  steps.scrollTop = steps.scrollHeight;
}

function resetJobView() {
  $('agents').tBodies[0].replaceChildren();
  AGENTS.forEach(agentRow);
  for (const id of ['steps', 'findings-list', 'operations', 'plan-entities', 'tree']) $(id).replaceChildren();
  for (const id of ['review-panel', 'plan', 'design', 'findings', 'result', 'job-error']) show(id, false);
  $('viewer').textContent = '';
  $('viewer-path').textContent = '';
}

async function follow(jobId) {
  if (stream) stream.close();
  show('new', false);
  show('job', true);
  resetJobView();
  $('job-title').textContent = `Job ${jobId}`;
  $('job-status').textContent = 'Loading…';
  const response = await fetch(`/api/v1/jobs/${encodeURIComponent(jobId)}`);
  if (!response.ok) {
    $('job-status').textContent = '';
    $('job-error').textContent = response.status === 404
      ? 'This job is not known here (it may have expired after a day): start a new one.'
      : await problemText(response);
    show('job-error', true);
    return;
  }
  const job = await response.json();
  $('job-prompt').textContent = `“${job.prompt}”`;
  remember(jobId, job.prompt);
  setStatus(job.status);
  // The event stream replays the job from its start, so a reload shows everything so far.
  // every event the stream may send, named once on the server (pipeline/events.py); known before
  // the stream opens, so no event arrives before its listener
  const kinds = (await (await fetch('/api/v1/event-names')).json()).events;
  stream = new EventSource(`/api/v1/jobs/${encodeURIComponent(jobId)}/events`);
  for (const kind of kinds) {
    stream.addEventListener(kind, (message) => handle(jobId, kind, JSON.parse(message.data)));
  }
  stream.onerror = () => { /* EventSource reconnects by itself; 'end' closes it */ };
}

function setStatus(status) {
  const words = {
    queued: 'Waiting for a free worker…', running: 'Working…', awaiting_review: 'Waiting for your review.',
    succeeded: 'Done: your app is ready.', partial: 'Done, but part of what you asked is missing.', failed: 'The job failed.', rejected: 'Rejected: nothing was built.',
  };
  $('job-status').textContent = words[status] || status;
}

function handle(jobId, kind, e) {
  const agent = e.agent;
  switch (kind) {
    case 'agent_start': {
      show('review-panel', false);
      const row = agentRow(agent);
      row.dataset.state = 'running';
      setCell(agent, 1, e.round ? `fixing (round ${e.round})` : 'running');
      step(`${agent.toUpperCase()} ${DOING[agent] || 'is working'}${e.round ? ` (fix round ${e.round})` : ''}…`);
      setStatus('running');
      break;
    }
    case 'provider_call':
      setCell(agent, 2, `${e.provider}:${e.model}`);
      step(`${agent.toUpperCase()} ${DOING[agent] || 'is working'} on ${e.provider}…`);
      break;
    case 'streaming':
      setCell(agent, 1, `receiving (${Math.round(e.chars / 1000)} kB${e.files ? `, ${e.files} file(s)` : ''})`);
      break;
    case 'continuation':
      step(`${agent.toUpperCase()}'s answer was cut at the model's limit; it is asked to continue where it stopped.`);
      break;
    case 'agent_end': {
      const row = agentRow(agent);
      row.dataset.state = 'done';
      setCell(agent, 1, 'done');
      setCell(agent, 2, ['template', 'rules'].includes(e.provider) ? e.provider : `${e.provider}:${e.model}`);
      setCell(agent, 3, String(e.tokens ?? 0));
      setCell(agent, 4, e.cost_usd === undefined ? '–' : e.cost_usd === null ? 'unknown' : `$${Number(e.cost_usd).toFixed(4)}`);
      if (e.fallback_reason === 'template path chosen') setCell(agent, 5, 'offline templates');
      else if (e.fallback_reason) setCell(agent, 5, `fell back: ${e.fallback_reason}`);
      break;
    }
    case 'fallback':
      step(`${agent.toUpperCase()} used the offline templates: ${(e.reasons || []).join('; ') || 'no provider answered'}.`);
      break;
    case 'model_retired':
    case 'link_skipped':
      step(e.message || e.reason);
      break;
    case 'validation': {
      show('findings', true);
      const list = $('findings-list');
      list.append(el('li', `Round ${e.round}: ${e.error} error(s), ${e.warning} warning(s) — ${e.reason}` +
        (e.next && e.next.length ? `; sent back to ${e.next.join(' and ').toUpperCase()}` : '')));
      for (const d of e.diagnostics || []) list.append(el('li', `${d.file}${d.line ? `:${d.line}` : ''} [${d.check}] ${d.message}`));
      break;
    }
    case 'reverted':
      for (const item of e.dropped || []) step(`Left out to keep the app working: ${item}`);
      break;
    case 'plan': drawPlan(e.plan); break;
    case 'design': drawDesign(e.operations); break;
    case 'review': openReview(jobId, e); break;
    case 'written': step('The project is written.'); break;
    case 'resumed':
      step('The worker running this job stopped; another one goes on from where it was' +
        (e.done && e.done.length ? ` (kept: ${e.done.map((a) => a.toUpperCase()).join(', ')}).` : '.'));
      break;
    case 'end':
      stream.close();
      finish(jobId);
      break;
    default: break;
  }
}

function drawPlan(plan) {
  show('plan', true);
  $('plan-features').textContent = `${plan.app_name}: ${plan.summary}` +
    (plan.features && plan.features.length ? ` Features: ${plan.features.join(', ')}.` : '');
  $('plan-entities').replaceChildren(...plan.entities.map((entity) => {
    const box = el('div', null, { class: 'entity' });
    box.append(el('strong', entity.plural_label || entity.name));
    box.append(el('span', entity.fields.map((f) => `${f.name} (${f.type}${f.required ? ', required' : ''})`).join(', ')));
    return box;
  }));
}

function drawDesign(operations) {
  show('design', true);
  $('operations').replaceChildren(...operations.map((op) =>
    el('li', `${op.method} ${op.path}  ${op.operation_id}${op.custom ? '  (custom)' : ''}`, op.custom ? { class: 'custom' } : {})));
}

let reviewing = null;

async function openReview(jobId, e) {
  // The stream replays answered reviews too (after a reload): open only the one still waiting.
  const job = await (await fetch(`/api/v1/jobs/${encodeURIComponent(jobId)}`)).json();
  if (job.status !== 'awaiting_review' || !job.review || job.review.stage !== e.stage) {
    if (e.stage === 'plan') drawPlan(e.plan);
    return;
  }
  setStatus('awaiting_review');
  reviewing = { jobId, stage: e.stage };
  show('review-panel', true);
  $('review-title').textContent = `Review the ${e.stage}`;
  $('review-json').value = JSON.stringify(e[e.stage], null, 2);
  const error = $('review-error');
  error.hidden = !e.error;
  error.textContent = e.error || '';
  if (e.stage === 'plan') drawPlan(e.plan);
  $('approve').focus();
}

async function answerReview(action) {
  if (!reviewing) return;
  const body = { action };
  if (action === 'edit') {
    try { body[reviewing.stage] = JSON.parse($('review-json').value); } catch (err) {
      $('review-error').textContent = `Your edit is not valid JSON (${err.message}): fix it and save again.`;
      $('review-error').hidden = false;
      return;
    }
  }
  const response = await fetch(`/api/v1/jobs/${encodeURIComponent(reviewing.jobId)}/review`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...ownerHeaders(reviewing.jobId) },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    $('review-error').textContent = await problemText(response);
    $('review-error').hidden = false;
    return;
  }
  show('review-panel', false);
  reviewing = null;
  setStatus('running');
}

async function finish(jobId) {
  const job = await (await fetch(`/api/v1/jobs/${encodeURIComponent(jobId)}`)).json();
  setStatus(job.status);
  if (job.status === 'failed') {
    $('job-error').textContent = `The job failed: ${job.error || 'unknown reason'}. Start it again; if it keeps failing, try the offline option.`;
    show('job-error', true);
    return;
  }
  if (job.status !== 'succeeded' && job.status !== 'partial') return;
  const summary = job.summary || {};
  if (job.status === 'partial') {
    $('job-error').textContent = `Missing from this version: ${(summary.dropped || []).join('; ') || 'see the run\'s checks'}`;
    show('job-error', true);
  }
  show('result', true);
  $('download').href = `/api/v1/jobs/${encodeURIComponent(jobId)}/archive`;
  const slug = summary.slug || 'app';
  $('commands').textContent = [
    `unzip ${slug}.zip -d ${slug} && cd ${slug}`,
    'python -m pipeline run .                      # builds it and serves it on port 8000',
    'cd backend && python -m pytest                 # the app\'s own tests',
  ].join('\n');
  showPreview(jobId, job.version || 1);
  drawVersions(jobId);
  const listing = await fetch(`/api/v1/jobs/${encodeURIComponent(jobId)}/files`);
  if (!listing.ok) return;
  const { files } = await listing.json();
  // the zip carries the project's git history too (the base of later edits); the tree shows the app
  const shown = files.filter((f) => !f.path.startsWith('.git/'));
  $('tree').replaceChildren(...shown.map((f) => {
    const item = el('li');
    const button = el('button', f.path, { type: 'button', 'data-path': f.path });
    button.addEventListener('click', () => openFile(jobId, f.path, button));
    item.append(button);
    return item;
  }));
  const readme = await fetch(`/api/v1/jobs/${encodeURIComponent(jobId)}/files/README.md`);
  $('readme').textContent = readme.ok ? await readme.text() : '(no README)';
}

// --- preview, changes and versions ----------------------------------------------------------

function showPreview(jobId, version) {
  const url = `/preview/${encodeURIComponent(jobId)}/`;
  $('preview-frame').src = url;
  $('preview-open').href = url;
  $('preview-version').textContent = `(v${version})`;
}

async function drawVersions(jobId) {
  const response = await fetch(`/api/v1/jobs/${encodeURIComponent(jobId)}/versions`);
  if (!response.ok) return;
  const { versions } = await response.json();
  $('versions').replaceChildren(...versions.map((v) => {
    const item = el('li', `v${v.version}: ${v.request.slice(0, 80)} (${v.status})`);
    if (v.job_id === jobId) item.setAttribute('aria-current', 'true');
    if (v.status === 'succeeded' || v.status === 'partial') {
      const look = el('button', 'Preview', { type: 'button', class: 'secondary' });
      look.addEventListener('click', () => showPreview(v.job_id, v.version));
      const diff = el('button', 'Diff', { type: 'button', class: 'secondary' });
      diff.addEventListener('click', async () => {
        const text = await fetch(v.diff_url);
        $('viewer-path').textContent = `Changes in v${v.version}`;
        $('viewer').textContent = text.ok ? (await text.text()) || '(the first version: nothing before it)' : await problemText(text);
      });
      const download = el('a', 'Download', { href: v.archive_url, download: '' });
      const back = el('button', `Go back to v${v.version}`, { type: 'button', class: 'secondary' });
      back.addEventListener('click', () => restore(jobId, v.job_id));
      item.append(look, diff, download, back);
    }
    return item;
  }));
}

function secretOf(jobId) { return ownerHeaders(jobId)['X-Job-Secret']; }

async function restore(currentId, versionId) {
  const response = await fetch(`/api/v1/jobs/${encodeURIComponent(versionId)}/restore`, {
    method: 'POST', headers: ownerHeaders(currentId),
  });
  if (!response.ok) { $('change-error').textContent = await problemText(response); show('change-error', true); return; }
  const made = await response.json();
  remember(made.job_id, `Go back (v${made.version})`, secretOf(currentId));
  history.pushState({}, '', `/jobs/${made.job_id}`);
  follow(made.job_id);
}

async function askChange(event) {
  event.preventDefault();
  const jobId = location.pathname.split('/').pop();
  const text = $('change').value.trim();
  if (!text) return;
  show('change-error', false);
  const response = await fetch(`/api/v1/jobs/${encodeURIComponent(jobId)}/edits`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', ...ownerHeaders(jobId) },
    body: JSON.stringify({ request: text }),
  });
  if (!response.ok) { $('change-error').textContent = await problemText(response); show('change-error', true); return; }
  const made = await response.json();
  remember(made.job_id, text, secretOf(jobId));
  $('change').value = '';
  history.pushState({}, '', `/jobs/${made.job_id}`);
  follow(made.job_id);
}

async function openFile(jobId, path, button) {
  for (const b of document.querySelectorAll('#tree button')) b.removeAttribute('aria-current');
  button.setAttribute('aria-current', 'true');
  $('viewer-path').textContent = path;
  const response = await fetch(`/api/v1/jobs/${encodeURIComponent(jobId)}/files/${path.split('/').map(encodeURIComponent).join('/')}`);
  $('viewer').textContent = response.ok ? await response.text() : await problemText(response);
}

// --- start ---------------------------------------------------------------------------------------

document.addEventListener('DOMContentLoaded', () => {
  $('request-form').addEventListener('submit', submit);
  for (const example of document.querySelectorAll('button.example')) {
    example.addEventListener('click', () => { $('prompt').value = example.textContent; $('prompt').focus(); });
  }
  $('approve').addEventListener('click', () => answerReview('approve'));
  $('change-form').addEventListener('submit', askChange);
  $('preview-reload').addEventListener('click', () => { const f = $('preview-frame'); f.src = f.src; });
  $('save-edit').addEventListener('click', () => answerReview('edit'));
  $('reject').addEventListener('click', () => answerReview('reject'));
  window.addEventListener('popstate', route);
  route();
});

function route() {
  const match = location.pathname.match(/^\/jobs\/([\w-]+)$/);
  if (match) {
    follow(match[1]);
  } else {
    if (stream) stream.close();
    show('job', false);
    show('new', true);
    drawRecent();
  }
}
