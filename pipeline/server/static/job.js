// Following one job: its status (the page's one live region), the agents as chips with their
// details folded, the plan in two lines, a review when asked, and the end: the app on the stage,
// the truth about what was made, the versions.

import { $, el, getJson, jobUrl, problemText, remember, show, ownerHeaders } from './util.js';
import { drawDiff, drawFiles, selectTab, showPreview, veil, waitForApp } from './stage.js';
import { changeLine, fitOf, isNoChange, nothingChanged, truthNote } from './truth.js';
import { drawVersions, setPane, viewVersion } from './versions.js';
import { offerModelBuild } from './later.js';

const AGENTS = ['core', 'arch', 'backend', 'uix', 'debug'];
const DOING = {
  core: 'is planning the app', arch: 'is designing the API', backend: 'is writing the backend',
  uix: 'is building the screens', debug: 'is checking the project',
};
const TEMPLATE_PROVIDERS = ['template', 'rules'];

/** What the page knows of the job on screen; `service` is filled once at start. */
export const current = { jobId: '', version: 1, project: '', appName: '', plan: null, operations: null,
  planChange: null, service: { model_keys: true, kinds: [] } };
let stream = null;
let saidNoKeys = false;

// --- status: one polite live region, and the tab's title -------------------------------------

const SHORT = { queued: 'Queued', running: 'Working', awaiting_review: 'Review', succeeded: 'Done',
  partial: 'Partly done', failed: 'Failed', rejected: 'Rejected', nochange: 'Nothing changed', missing: 'Not found' };

export function setStatus(status, text) {
  const words = {
    queued: 'Waiting for a free worker…', running: 'Working…', awaiting_review: 'Waiting for your review.',
    succeeded: 'Done: your app is ready.', partial: 'Partly done: some of what you asked is missing (see the note).',
    failed: 'The job failed.', rejected: 'Rejected: nothing was built.',
  };
  $('job-status').textContent = text || words[status] || status;
  $('job-status').dataset.status = status;
  document.title = `${SHORT[status] || status} · ${current.appName || 'your app'} — pipeline`;
}

export function focusStatus() {
  const status = $('job-status');
  status.focus({ preventScroll: true });
  status.scrollIntoView({ block: 'nearest' });
}

// --- the agents ---------------------------------------------------------------------------------

function agentRow(agent) {
  let row = document.querySelector(`#agents tr[data-agent="${agent}"]`);
  if (!row) {
    row = el('tr', null, { 'data-agent': agent, 'data-state': 'waiting' });
    row.append(el('th', agent.toUpperCase(), { scope: 'row' }), el('td', 'waiting'), el('td', '–'),
      el('td', '–'), el('td', '–'), el('td', '', { class: 'note' }));
    $('agents').tBodies[0].append(row);
    const chip = el('li', null, { class: 'chip', 'data-agent': agent, 'data-state': 'waiting' });
    chip.append(el('strong', agent.toUpperCase()), el('span', ' waiting'));
    $('agent-chips').append(chip);
  }
  return row;
}

function setAgent(agent, state, words) {
  agentRow(agent).dataset.state = state;
  agentRow(agent).cells[1].textContent = words;
  const chip = document.querySelector(`#agent-chips li[data-agent="${agent}"]`);
  chip.dataset.state = state;
  chip.lastChild.textContent = state === 'done' ? ' ✓' : ` ${words}`;
}

function setCell(agent, index, text) { agentRow(agent).cells[index].textContent = text; }

const busy = new Set();  // the agents at work now: BACKEND and UIX run side by side

function sayBusy() {
  const doing = [...busy].map((a) => `${a.toUpperCase()} ${DOING[a] || 'is working'}`);
  setStatus('running', `Working: ${doing.join('; ')}…`);
}

function step(text) { $('steps').append(el('li', text)); }

const NO_KEYS = /no keys/i;

function sayNoKeys() {
  if (!saidNoKeys) step('No model keys are configured: the agents use the offline templates.');
  saidNoKeys = true;
}

function resetAgents() {
  $('agents').tBodies[0].replaceChildren();
  $('agent-chips').replaceChildren();
  AGENTS.forEach(agentRow);
  for (const id of ['steps', 'findings-list', 'operations']) $(id).replaceChildren();
  for (const id of ['review-panel', 'design', 'findings', 'job-error', 'job-missing']) show(id, false);
  show('agents-box', true);
  $('agent-details').open = false;
  saidNoKeys = false;
  busy.clear();
}

// --- following -------------------------------------------------------------------------------------

export function stopFollowing() { if (stream) stream.close(); }

export async function follow(jobId, { inPlace = false } = {}) {
  if (stream) stream.close();
  delete $('job').dataset.shown;  // set again once this job's end is drawn in full
  show('new', false);
  show('job', true);
  show('skip-link', true);
  Object.assign(current, { jobId, plan: null, operations: null, planChange: null });
  resetAgents();
  if (!inPlace) {
    for (const id of ['plan', 'change-line', 'change-form', 'versions-box', 'local', 'truth', 'viewing', 'model-later']) show(id, false);
    waitForApp('Your app appears here when the agents finish.');
    veil('');
    selectTab('preview');
    setPane('chat');
  }
  $('job-id').textContent = jobId;
  setStatus('queued', 'Loading…');
  const response = await fetch(jobUrl(jobId));
  if (!response.ok) { await missing(response); return; }
  const job = await response.json();
  current.version = job.version || 1;
  current.project = job.project || jobId;
  current.appName = (job.summary && job.summary.app_name) || (inPlace ? current.appName : '');
  $('job-title').textContent = current.appName || 'Your app';
  $('job-prompt').textContent = job.prompt;
  remember(jobId, { prompt: job.prompt, project: current.project, version: current.version, app: current.appName || undefined });
  const versions = await getJson(jobUrl(jobId, '/versions'));
  const mine = versions && versions.versions.find((v) => v.job_id === jobId);
  if (mine && mine.made === 'restore') { await restored(jobId, job, mine); return; }
  setStatus(job.status);
  if (job.waiting) setStatus('queued', `Waiting for room on the model keys: a model starts on it ${job.waiting.words}.`);
  // every event the stream may send, named once on the server (pipeline/events.py); known before
  // the stream opens, so no event arrives before its listener. The stream replays the job from its
  // start, so a reload shows everything so far.
  const kinds = (await (await fetch('/api/v1/event-names')).json()).events;
  stream = new EventSource(jobUrl(jobId, '/events'));
  for (const kind of kinds) stream.addEventListener(kind, (message) => handle(jobId, kind, JSON.parse(message.data)));
  stream.onerror = () => { /* EventSource reconnects by itself; 'end' closes it */ };
}

async function missing(response) {
  $('job-title').textContent = response.status === 404 ? 'This job is not known here' : 'This job cannot be shown';
  $('job-prompt').textContent = '';
  show('agents-box', false);
  setStatus('missing', response.status === 404
    ? 'It may have expired after a day, or the address is mistyped.' : await problemText(response));
  show('job-missing', true);
  waitForApp('Nothing to show.');
  $('job').dataset.shown = current.jobId;
}

async function restored(jobId, job, mine) {
  // a restore copies a version's files: no agent ran and no plan was made, so neither is shown
  show('agents-box', false);
  show('plan', false);
  const from = (mine.request.match(/v(\d+)/) || [])[1];
  await finish(jobId, job, `Restored from v${from}: v${current.version} has its files.`);
}

function handle(jobId, kind, e) {
  const agent = e.agent;
  switch (kind) {
    case 'agent_start':
      show('review-panel', false);
      setAgent(agent, 'running', e.round ? `fixing (round ${e.round})` : 'running');
      step(`${agent.toUpperCase()} ${DOING[agent] || 'is working'}${e.round ? ` (fix round ${e.round})` : ''}…`);
      busy.add(agent);
      sayBusy();
      break;
    case 'provider_call':
      setCell(agent, 2, `${e.provider}:${e.model}`);
      step(`${agent.toUpperCase()} ${DOING[agent] || 'is working'} on ${e.provider}…`);
      break;
    case 'streaming':
      setAgent(agent, 'running', `receiving (${Math.round(e.chars / 1000)} kB${e.files ? `, ${e.files} file(s)` : ''})`);
      break;
    case 'continuation':
      step(`${agent.toUpperCase()}'s answer was cut at the model's limit; it is asked to continue where it stopped.`);
      break;
    case 'agent_end': {
      const template = TEMPLATE_PROVIDERS.includes(e.provider);
      busy.delete(agent);
      if (busy.size) sayBusy();
      setAgent(agent, 'done', 'done');
      setCell(agent, 2, template ? e.provider : `${e.provider}:${e.model}`);
      setCell(agent, 3, String(e.tokens ?? 0));
      // no model, no price: a dash, not "$0.0000" or "unknown"
      setCell(agent, 4, template || e.cost_usd === undefined || e.cost_usd === null ? '–' : `$${Number(e.cost_usd).toFixed(4)}`);
      if (e.fallback_reason === 'template path chosen') setCell(agent, 5, 'offline templates');
      else if (e.fallback_reason) setCell(agent, 5, `fell back: ${e.fallback_reason}`);
      break;
    }
    case 'fallback': {
      // "no keys configured" is said once for the whole job, not once per agent and provider
      const reasons = (e.reasons || []).filter((r) => !NO_KEYS.test(r));
      if ((e.reasons || []).length > reasons.length) sayNoKeys();
      if (reasons.length) step(`${agent.toUpperCase()} used the offline templates: ${reasons.join('; ')}.`);
      break;
    }
    case 'model_retired':
    case 'link_skipped': {
      const text = String(e.message || e.reason || '');
      if (NO_KEYS.test(text)) sayNoKeys(); else step(text);
      break;
    }
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
    case 'plan_change': current.planChange = { done: e.done || [], notUnderstood: e.not_understood || [] }; break;
    case 'design': current.operations = e.operations; drawDesign(e.operations); break;
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
  current.plan = plan;
  current.appName = plan.app_name || current.appName;
  $('job-title').textContent = current.appName;
  show('plan', true);
  const first = plan.entities[0];
  if (first) $('change').placeholder = `e.g. add a rating to ${(first.plural_label || first.name).toLowerCase()}`;
  $('plan-summary').textContent = `${plan.entities.map((e) => `${e.plural_label || e.name}: ${e.fields.map((f) =>
    (f.label || f.name).toLowerCase()).join(', ')}`).join('. ')}.`;
  $('plan-entities').textContent = plan.entities.map((e) =>
    `${e.plural_label || e.name}: ${e.fields.map((f) => `${f.name} (${f.type}${f.required ? ', required' : ''})`).join(', ')}`).join('. ');
  const kind = plan.kind && plan.kind !== 'generic' ? `A ${plan.kind.replace(/_/g, ' ')} app` : 'A list app';
  $('plan-features').textContent = `${kind}${plan.features && plan.features.length ? ` with ${plan.features.join(', ').replace(/_/g, ' ')}` : ''}; pages: ${(plan.pages || []).join(', ')}.`;
}

function drawDesign(operations) {
  show('design', true);
  $('operations').replaceChildren(...operations.map((op) =>
    el('li', `${op.method} ${op.path}  ${op.operation_id}${op.custom ? '  (custom)' : ''}`, op.custom ? { class: 'custom' } : {})));
}

// --- review ------------------------------------------------------------------------------------------

let reviewing = null;

async function openReview(jobId, e) {
  // The stream replays answered reviews too (after a reload): open only the one still waiting.
  const job = await getJson(jobUrl(jobId));
  if (e.stage === 'plan') drawPlan(e.plan);
  if (!job || job.status !== 'awaiting_review' || !job.review || job.review.stage !== e.stage) return;
  setStatus('awaiting_review');
  reviewing = { jobId, stage: e.stage };
  show('review-panel', true);
  $('review-title').textContent = `Review the ${e.stage}`;
  $('review-json').value = JSON.stringify(e[e.stage], null, 2);
  $('review-error').hidden = !e.error;
  $('review-error').textContent = e.error || '';
  $('approve').focus();
}

export async function answerReview(action) {
  if (!reviewing) return;
  const body = { action };
  if (action === 'edit') {
    try { body[reviewing.stage] = JSON.parse($('review-json').value); } catch (err) {
      $('review-error').textContent = `Your edit is not valid JSON (${err.message}): fix it and save again.`;
      $('review-error').hidden = false;
      return;
    }
  }
  const response = await fetch(jobUrl(reviewing.jobId, '/review'), {
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
  focusStatus();
}

// --- the end ---------------------------------------------------------------------------------------------

async function finish(jobId, known, restoredText) {
  try {
    await drawEnd(jobId, known, restoredText);
  } finally {
    // the panes, versions, files and diff are final from here on: a click earlier (a test's, too)
    // could be overruled by the pane this turns to when its fetches answer
    if (jobId === current.jobId) $('job').dataset.shown = jobId;
  }
}

async function drawEnd(jobId, known, restoredText) {
  const job = known || await getJson(jobUrl(jobId));
  if (!job || jobId !== current.jobId) return;
  const summary = job.summary || {};
  current.appName = summary.app_name || current.appName;
  $('job-title').textContent = current.appName || 'Your app';
  remember(jobId, { app: current.appName || undefined });
  veil('');
  if (job.status === 'failed') {
    setStatus('failed');
    $('job-error').textContent = `The job failed: ${job.error || 'unknown reason'}. Start it again; if it keeps failing, try the offline option.`;
    show('job-error', true);
    if (!$('preview-frame').getAttribute('src')) waitForApp('The job failed: there is no app to run.');
    if (!$('versions-box').hidden) await drawVersions(jobId);  // a failed change is listed, as failed
    return;
  }
  if (job.status !== 'succeeded' && job.status !== 'partial') {
    setStatus(job.status);
    if (!$('preview-frame').getAttribute('src')) waitForApp('Nothing was built.');
    return;
  }
  const noChange = isNoChange(job);
  const change = current.planChange;
  const isEdit = summary.mode === 'edit';
  const note = isEdit
    ? (change && change.notUnderstood.length && !noChange ? `Not understood, so not made: ${change.notUnderstood.map((t) => `“${t}”`).join(', ')}.` : '')
    : truthNote({ summary, plan: current.plan, operations: current.operations, prompt: job.prompt,
      modelKeys: current.service.model_keys, offline: Boolean(job.options && job.options.offline), kinds: current.service.kinds });
  const { fit } = fitOf({ summary, plan: current.plan, operations: current.operations, prompt: job.prompt });
  if (restoredText) setStatus('succeeded', restoredText);
  else if (noChange) setStatus('nochange', nothingChanged(change ? change.notUnderstood : [], current.plan));
  else if (!isEdit && fit === 'none') setStatus('partial', 'Done, but not what you asked: the nearest app the templates make (see the note above it).');
  else if (summary.status === 'partial' || job.status === 'partial' || (!isEdit && note)) {
    setStatus('partial', 'Done in part: the app runs, without some of what you asked (see the note above it).');
  } else setStatus('succeeded', isEdit ? `Done: v${current.version} is ready.` : undefined);
  $('truth').textContent = note;
  $('truth').title = note; // on a wide screen the note is one line until it is opened
  show('truth', Boolean(note));
  const versions = await drawVersions(jobId);
  const before = versions.find((v) => v.version === current.version - 1);
  if (isEdit && !noChange && change && change.done.length && before) {
    $('change-text').textContent = changeLine(current.version, change.done);
    $('undo').dataset.target = before.job_id;
    $('undo').setAttribute('aria-label', `Undo v${current.version}: go back to v${before.version}`);
    show('change-line', true);
  } else show('change-line', false);
  show('change-form', true);
  show('local', true);
  const offered = offerModelBuild(jobId, job);  // after the versions: an offer taken redraws them
  $('download').href = jobUrl(jobId, '/archive');
  const slug = summary.slug || 'app';
  $('commands').textContent = [
    `unzip ${slug}.zip -d ${slug} && cd ${slug}`,
    'python -m pipeline run .                      # builds it and serves it on port 8000',
    'cd backend && python -m pytest                 # the app\'s own tests',
  ].join('\n');
  // a change that changed nothing keeps the app on screen (and the data typed into it)
  if (!noChange || !$('preview-frame').getAttribute('src')) showPreview(jobId, current.version);
  setPane('preview');
  selectTab('preview');
  const mine = versions.find((v) => v.job_id === jobId);
  // the address of an older version shows it read-only, the way View does
  if (mine && versions[versions.length - 1] !== mine) viewVersion(mine);
  await Promise.all([offered, drawFiles(jobId), drawDiff(current.version, mine ? mine.diff_url : jobUrl(jobId, '/diff'), before ? before.version : null)]);
}
