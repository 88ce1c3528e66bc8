// Versions and changes: the timeline (newest first), viewing an older version, restoring one (after
// a confirmation), asking for a change in place under a veil, and undoing the last change.

import { $, el, getJson, hooks, jobUrl, ownerHeaders, problemText, remember, secretOf, show } from './util.js';
import { drawDiff, selectTab, showPreview, veil } from './stage.js';
import { isNoChange } from './truth.js';

let newest = null;  // the project's newest version: what a change applies to
const MADE = ['succeeded', 'partial'];  // a version with files to show

/** Phones show one pane at a time: chat, preview or files. */
export function setPane(pane) {
  $('job').dataset.pane = pane;
  $('skip-link').addEventListener('click', () => setPane('preview'));
  for (const b of document.querySelectorAll('#switch button')) b.setAttribute('aria-pressed', String(b.dataset.pane === pane));
  if (pane === 'files') selectTab('files');
  if (pane === 'preview' && $('tab-files').getAttribute('aria-selected') === 'true') selectTab('preview');
}

function appliesTo(viewing) {
  const base = newest ? `This change applies to v${newest.version}, the newest version` : '';
  const data = 'The records you typed into the preview come along to the new version; this version keeps its own.';
  $('change-applies').textContent = viewing && newest && viewing.version !== newest.version
    ? `${base} (restore v${viewing.version} first to change it instead). ${data}` : `${base}. ${data}`;
  $('change-label').textContent = newest ? `Change v${newest.version}` : 'Change it';
}

export async function drawVersions(jobId) {
  const found = await getJson(jobUrl(jobId, '/versions'));
  if (!found) return [];
  const versions = found.versions;
  newest = versions[versions.length - 1];
  // an edit that wrote no file is marked as no change; its record says so
  const records = await Promise.all(versions.map((v) => (v.made === 'edit' && MADE.includes(v.status) ? getJson(jobUrl(v.job_id)) : null)));
  versions.forEach((v, i) => { v.noChange = isNoChange(records[i]); });
  $('versions').replaceChildren(...[...versions].reverse().map((v) => versionRow(jobId, v, versions)));
  show('versions-box', true);
  appliesTo(null);
  return versions;
}

function versionRow(jobId, v, versions) {
  const isNewest = v === newest;
  const item = el('li', null, { 'data-version': String(v.version) });
  if (isNewest) item.setAttribute('aria-current', 'true');
  const head = el('p', null, { class: 'version-head' });
  head.append(el('strong', `v${v.version}`));
  if (isNewest) head.append(el('span', 'current', { class: 'badge current' }));
  if (v.noChange) head.append(el('span', 'no change', { class: 'badge quiet' }));
  else if (v.status !== 'succeeded') head.append(el('span', v.status === 'partial' ? 'in part' : v.status, { class: 'badge quiet' }));
  head.append(el('span', ` ${v.request.slice(0, 80)}`));
  item.append(head);
  if (!MADE.includes(v.status)) return item;
  const actions = el('div', null, { class: 'row actions' });
  if (!isNewest) {
    const view = el('button', 'View', { type: 'button', class: 'secondary small', 'aria-label': `View v${v.version}` });
    view.addEventListener('click', () => viewVersion(v));
    actions.append(view);
  }
  const diff = el('button', 'Diff', { type: 'button', class: 'secondary small', 'aria-label': `Diff of v${v.version}` });
  diff.addEventListener('click', () => {
    const before = versions.find((o) => o.version === v.version - 1);
    drawDiff(v.version, v.diff_url, before ? before.version : null);
    setPane('preview');
    selectTab('diff', true);
  });
  actions.append(diff, el('a', 'Download', { href: v.archive_url, download: '', class: 'button secondary small', 'aria-label': `Download v${v.version}` }));
  if (!isNewest) {
    const restore = el('button', 'Restore…', { type: 'button', class: 'secondary small', 'aria-label': `Restore v${v.version}` });
    restore.addEventListener('click', () => confirmRestore(jobId, v, actions));
    actions.append(restore);
  }
  item.append(actions);
  return item;
}

function confirmRestore(jobId, v, actions) {
  const box = el('div', null, { class: 'confirm', role: 'group', 'aria-label': `Restore v${v.version}?` });
  box.append(el('span', `Make v${newest.version + 1} a copy of v${v.version}? v${newest.version} stays in the list.`));
  const yes = el('button', `Yes, restore v${v.version}`, { type: 'button', class: 'small' });
  const no = el('button', 'Cancel', { type: 'button', class: 'secondary small' });
  yes.addEventListener('click', () => restore(jobId, v.job_id));
  no.addEventListener('click', () => { box.remove(); actions.hidden = false; actions.querySelector('[aria-label^="Restore"]').focus(); });
  box.append(yes, no);
  actions.hidden = true;
  actions.after(box);
  yes.focus();
}

export function viewVersion(v) {
  showPreview(v.job_id, v.version);
  $('viewing-text').textContent = `You are looking at v${v.version}, an older version (read-only: changes apply to v${newest.version}).`;
  $('viewing-restore').textContent = `Restore v${v.version}`;
  $('viewing-restore').dataset.target = v.job_id;
  show('viewing', true);
  appliesTo(v);
  setPane('preview');
  selectTab('preview');
}

function backToNewest() {
  show('viewing', false);
  showPreview(newest.job_id, newest.version);
  appliesTo(null);
}

async function restore(currentId, versionId) {
  const response = await fetch(jobUrl(versionId, '/restore'), { method: 'POST', headers: ownerHeaders(currentId) });
  if (!response.ok) { $('change-error').textContent = await problemText(response); show('change-error', true); return; }
  const made = await response.json();
  remember(made.job_id, { secret: secretOf(currentId) });
  show('viewing', false);
  history.pushState({}, '', `/jobs/${made.job_id}`);
  await hooks.follow(made.job_id, { inPlace: true });
  hooks.focusStatus();
}

async function askChange(event) {
  event.preventDefault();
  const jobId = location.pathname.split('/').pop();
  const text = $('change').value.trim();
  if (!text) { $('change-error').textContent = 'Say what to change first, for example “add a rating”.'; show('change-error', true); return; }
  show('change-error', false);
  $('change-submit').disabled = true;
  try {
    const response = await fetch(jobUrl(jobId, '/edits'), {
      method: 'POST', headers: { 'Content-Type': 'application/json', ...ownerHeaders(jobId) },
      body: JSON.stringify({ request: text }),
    });
    if (!response.ok) { $('change-error').textContent = await problemText(response); show('change-error', true); return; }
    const made = await response.json();
    remember(made.job_id, { prompt: text, secret: secretOf(jobId) });
    $('change').value = '';
    show('change-line', false);
    show('viewing', false);
    // the app stays on screen under a veil until the new version is ready
    veil(`Building v${made.version}…`);
    history.pushState({}, '', `/jobs/${made.job_id}`);
    const following = hooks.follow(made.job_id, { inPlace: true });
    hooks.focusStatus();
    await following;
  } finally {
    $('change-submit').disabled = false;
  }
}

export function initVersions() {
  $('change-form').addEventListener('submit', askChange);
  $('undo').addEventListener('click', () => restore(location.pathname.split('/').pop(), $('undo').dataset.target));
  $('viewing-restore').addEventListener('click', () => restore(location.pathname.split('/').pop(), $('viewing-restore').dataset.target));
  $('viewing-back').addEventListener('click', backToNewest);
  $('skip-link').addEventListener('click', () => setPane('preview'));
  for (const b of document.querySelectorAll('#switch button')) b.addEventListener('click', () => setPane(b.dataset.pane));
}
