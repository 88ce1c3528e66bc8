// The right pane: the running app (with its width, reload, new tab and full screen), the files,
// the coloured diff and the README, as tabs over one sticky, full-height stage.

import { $, el, jobUrl, problemText, show } from './util.js';

const TABS = ['preview', 'files', 'diff', 'readme'];

export function selectTab(name, focus = false) {
  for (const tab of TABS) {
    const on = tab === name;
    const button = $(`tab-${tab}`);
    button.setAttribute('aria-selected', String(on));
    button.tabIndex = on ? 0 : -1;
    show(`panel-${tab}`, on);
    if (on && focus) button.focus();
  }
  show('preview-tools', name === 'preview' && Boolean(shownUrl));
}

function onTabKey(event) {
  // arrow keys move between the tabs, as in every tablist
  const index = TABS.findIndex((t) => $(`tab-${t}`) === document.activeElement);
  if (index < 0 || !['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
  event.preventDefault();
  const next = event.key === 'Home' ? 0 : event.key === 'End' ? TABS.length - 1
    : (index + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length;
  selectTab(TABS[next], true);
}

// --- the preview --------------------------------------------------------------------------

let shownUrl = '';

export function waitForApp(text) {
  // before a job ends there is nothing to run: say so instead of a blank frame
  $('preview-frame').removeAttribute('src');
  shownUrl = '';
  $('frame-wait').textContent = text;
  show('frame-wait', true);
  show('preview-tools', false);  // nothing to reload, open or widen yet
}

export function showPreview(jobId, version) {
  const url = `/preview/${encodeURIComponent(jobId)}/`;
  $('preview-version').textContent = `v${version}`;
  $('preview-open').href = url;
  if (shownUrl === url) return;
  shownUrl = url;
  $('frame-wait').textContent = 'Starting your app…';
  show('frame-wait', true);
  $('preview-frame').src = url;
  show('preview-tools', $('tab-preview').getAttribute('aria-selected') === 'true');
}

export function veil(text) {
  $('veil').textContent = text || '';
  show('veil', Boolean(text));
}

function setSize(size) {
  $('frame-box').dataset.size = size;
  for (const b of document.querySelectorAll('.sizes button')) b.setAttribute('aria-pressed', String(b.dataset.size === size));
}

// --- files and README ------------------------------------------------------------------------

export async function drawFiles(jobId) {
  const listing = await fetch(jobUrl(jobId, '/files'));
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
  $('viewer-path').textContent = '';
  $('viewer').textContent = 'Pick a file on the left.';
  const readme = await fetch(jobUrl(jobId, '/files/README.md'));
  $('readme').textContent = readme.ok ? await readme.text() : '(no README)';
}

async function openFile(jobId, path, button) {
  for (const b of document.querySelectorAll('#tree button')) b.removeAttribute('aria-current');
  button.setAttribute('aria-current', 'true');
  $('viewer-path').textContent = path;
  const response = await fetch(jobUrl(jobId, `/files/${path.split('/').map(encodeURIComponent).join('/')}`));
  $('viewer').textContent = response.ok ? await response.text() : await problemText(response);
}

// --- the diff ----------------------------------------------------------------------------------

/** A unified diff split per file: {path, lines, added, removed}, frontend files first. */
export function parseDiff(text) {
  const files = [];
  let file = null;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    if (line.startsWith('--- ') && (lines[i + 1] || '').startsWith('+++ ')) {
      const after = lines[i + 1].slice(4).trim();
      const before = line.slice(4).trim();
      const path = (after === '/dev/null' ? before : after).replace(/^[^/]+\//, '');
      file = { path, lines: [], added: 0, removed: 0, gone: after === '/dev/null', fresh: before === '/dev/null' };
      files.push(file);
      i += 1;
    } else if (file) {
      if (line.startsWith('+')) file.added += 1;
      else if (line.startsWith('-')) file.removed += 1;
      file.lines.push(line);
    }
  }
  const rank = (p) => (p.startsWith('frontend/') ? 0 : p.startsWith('backend/') ? 1 : 2);
  return files.sort((a, b) => rank(a.path) - rank(b.path) || a.path.localeCompare(b.path));
}

export async function drawDiff(version, diffUrl, previous) {
  const title = previous ? `Changes in v${version}, against v${previous}` : `v${version}: the first version`;
  $('diff-title').textContent = title;
  $('diff-summary').replaceChildren();
  $('diff').replaceChildren();
  if (!previous) {
    $('diff').append(el('p', 'The first version: nothing came before it. Its files are under Files.', { class: 'hint' }));
    return;
  }
  const response = await fetch(diffUrl);
  if (!response.ok) { $('diff').append(el('p', await problemText(response), { class: 'error' })); return; }
  const files = parseDiff(await response.text());
  if (!files.length) { $('diff').append(el('p', 'No files changed.', { class: 'no-change' })); return; }
  $('diff-summary').replaceChildren(...files.map((f, n) => {
    const item = el('li');
    const link = el('a', f.path, { href: `#diff-file-${n}` });
    item.append(link, el('span', ` +${f.added}`, { class: 'plus' }), el('span', ` −${f.removed}`, { class: 'minus' }));
    if (f.fresh) item.append(el('span', ' (new)'));
    if (f.gone) item.append(el('span', ' (deleted)'));
    return item;
  }));
  $('diff').replaceChildren(...files.map((f, n) => {
    const box = el('section', null, { id: `diff-file-${n}`, class: 'diff-file' });
    box.append(el('h3', `${f.path}  +${f.added} −${f.removed}`));
    const pre = el('pre');
    for (const line of f.lines) {
      const kind = line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : line.startsWith('@@') ? 'hunk' : 'ctx';
      pre.append(el('span', `${line}\n`, { class: kind }));
    }
    box.append(pre);
    return box;
  }));
}

export function initStage() {
  for (const tab of TABS) $(`tab-${tab}`).addEventListener('click', () => selectTab(tab));
  $('tabs').addEventListener('keydown', onTabKey);
  for (const b of document.querySelectorAll('.sizes button')) b.addEventListener('click', () => setSize(b.dataset.size));
  $('preview-frame').addEventListener('load', () => { if (shownUrl) show('frame-wait', false); });
  $('preview-reload').addEventListener('click', () => {
    const frame = $('preview-frame');
    if (!shownUrl) return;
    $('frame-wait').textContent = 'Starting your app…';
    show('frame-wait', true);
    frame.src = shownUrl;
  });
  $('preview-full').addEventListener('click', () => {
    const box = $('frame-box');
    if (document.fullscreenElement) document.exitFullscreen();
    else if (box.requestFullscreen) box.requestFullscreen();
  });
}
