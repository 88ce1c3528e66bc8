// "My projects": the caller's projects, the most recently changed first, a page at a time; each
// with its name, number of versions and last change; opened in the workspace on its newest
// version, its conversation, renamed, or deleted after a confirmation.

import { $, el, forgetProject, problemText, sessionKnown, show, who } from './util.js';

const PER_PAGE = 10;
let feeds = [];   // per caller: its headers, the projects fetched and not shown yet, where the API is
let listed = 0;

function pageSize() {
  // ?per=N shows N a page (a short page for a small screen, or a test)
  const per = Number(new URLSearchParams(location.search).get('per'));
  return Number.isInteger(per) && per >= 1 && per <= 50 ? per : PER_PAGE;
}

async function fill(feed, want) {
  // each caller's own pages, fetched as the merged list needs them
  while (!feed.done && feed.buffer.length < want) {
    const url = `/api/v1/projects?limit=${want}&offset=${feed.offset}`;
    const response = await fetch(url, { headers: feed.headers });
    if (!response.ok) { feed.done = true; if (response.status !== 401) throw response; return; }
    const found = (await response.json()).projects;
    feed.offset += found.length;
    feed.done = found.length < want;
    feed.buffer.push(...found.map((p) => ({ ...p, headers: feed.headers })));
  }
}

async function nextPage() {
  // several callers (one per job secret without sign-in) are merged newest first, a page at a time
  const per = pageSize();
  await Promise.all(feeds.map((f) => fill(f, per)));
  const page = [];
  while (page.length < per) {
    const open = feeds.filter((f) => f.buffer.length);
    if (!open.length) break;
    const newest = open.reduce((a, b) => (b.buffer[0].updated_at > a.buffer[0].updated_at ? b : a));
    page.push(newest.buffer.shift());
    if (!newest.buffer.length) await fill(newest, per);
  }
  return page;
}

function when(seconds) {
  return new Date(seconds * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function projectRow(p) {
  const item = el('li', null, { class: 'project', 'data-project': p.id });
  const head = el('p', null, { class: 'project-head' });
  head.append(el('a', p.name, { href: `/jobs/${encodeURIComponent(p.newest_job_id || p.id)}`, class: 'project-name' }));
  const count = p.version_count || 1;
  head.append(el('span', ` ${count} version${count === 1 ? '' : 's'} · changed ${when(p.updated_at)}`, { class: 'muted' }));
  item.append(head);
  const actions = el('div', null, { class: 'row actions' });
  actions.append(el('a', 'Conversation', { href: `/projects/${encodeURIComponent(p.id)}`, class: 'button secondary small',
    'aria-label': `Conversation of ${p.name}` }));
  const rename = el('button', 'Rename…', { type: 'button', class: 'secondary small', 'aria-label': `Rename ${p.name}` });
  rename.addEventListener('click', () => askRename(p, item, actions));
  const remove = el('button', 'Delete…', { type: 'button', class: 'danger small', 'aria-label': `Delete ${p.name}` });
  remove.addEventListener('click', () => askDelete(p, item, actions));
  actions.append(rename, remove);
  item.append(actions);
  return item;
}

function say(text) {
  $('projects-error').textContent = text;
  show('projects-error', Boolean(text));
}

function askRename(p, item, actions) {
  const form = el('form', null, { class: 'confirm', 'aria-label': `Rename ${p.name}` });
  const id = `rename-${p.id}`;
  const input = el('input', null, { type: 'text', id, maxlength: '200', required: '' });
  input.value = p.name;
  form.append(el('label', 'New name', { for: id, class: 'sr-only' }), input,
    el('button', 'Save', { type: 'submit', class: 'small' }));
  const cancel = el('button', 'Cancel', { type: 'button', class: 'secondary small' });
  const close = () => { form.remove(); actions.hidden = false; actions.querySelector('[aria-label^="Rename"]').focus(); };
  cancel.addEventListener('click', close);
  form.append(cancel);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = input.value.trim();
    if (!name) { say('A project needs a name: type one, or cancel.'); input.focus(); return; }
    const response = await fetch(`/api/v1/projects/${encodeURIComponent(p.id)}`, {
      method: 'PATCH', headers: { 'Content-Type': 'application/json', ...p.headers }, body: JSON.stringify({ name }),
    });
    if (!response.ok) { say(await problemText(response)); return; }
    const renamed = await response.json();
    say('');
    const fresh = projectRow({ ...p, ...renamed, headers: p.headers });
    item.replaceWith(fresh);
    fresh.querySelector('.project-name').focus();
  });
  actions.hidden = true;
  actions.after(form);
  input.select();
  input.focus();
}

function askDelete(p, item, actions) {
  const count = p.version_count || 1;
  const box = el('div', null, { class: 'confirm', role: 'group', 'aria-label': `Delete ${p.name}?` });
  box.append(el('span', `Delete “${p.name}” and its ${count} version${count === 1 ? '' : 's'}, with their files and previews? This cannot be undone.`));
  const yes = el('button', 'Yes, delete it', { type: 'button', class: 'danger small' });
  const no = el('button', 'Cancel', { type: 'button', class: 'secondary small' });
  no.addEventListener('click', () => { box.remove(); actions.hidden = false; actions.querySelector('[aria-label^="Delete"]').focus(); });
  yes.addEventListener('click', async () => {
    const response = await fetch(`/api/v1/projects/${encodeURIComponent(p.id)}`, { method: 'DELETE', headers: p.headers });
    if (!response.ok && response.status !== 404) { say(await problemText(response)); return; }
    forgetProject(p.id);
    say('');
    const next = item.nextElementSibling || item.previousElementSibling;
    item.remove();
    listed -= 1;
    $('projects-title').textContent = 'My projects';
    show('projects-none', listed === 0 && $('projects-more').hidden);
    (next ? next.querySelector('.project-name') : $('projects-title')).focus();
  });
  box.append(yes, no);
  actions.hidden = true;
  actions.after(box);
  no.focus();
}

async function more() {
  try {
    const page = await nextPage();
    listed += page.length;
    $('project-list').append(...page.map(projectRow));
    show('projects-more', feeds.some((f) => f.buffer.length || !f.done));
    show('projects-none', listed === 0);
    return page;
  } catch (response) {
    say(response instanceof Response ? await problemText(response) : 'The service could not be reached: try again.');
    return [];
  }
}

export async function showProjects() {
  document.title = 'My projects — pipeline';
  await sessionKnown;
  feeds = who().map((headers) => ({ headers, buffer: [], offset: 0, done: false }));
  listed = 0;
  $('project-list').replaceChildren();
  say('');
  show('projects-none', false);
  show('projects-more', false);
  await more();
}

export function initProjects() {
  // signing in claimed this browser's projects: the list shows them as the person's
  document.addEventListener('pipeline:projects-changed', () => {
    if (location.pathname === '/projects') showProjects();
  });
  $('projects-more').addEventListener('click', async () => {
    const page = await more();
    const first = page.length ? $('project-list').querySelector(`[data-project="${page[0].id}"] .project-name`) : null;
    if (first) first.focus();  // the keyboard goes on where the new page starts
  });
}
