// One project as a conversation: each request (the person's words) followed by the version it
// made: its status, what it is or what is missing from it, its preview, and its diff against the
// version before it. "Open" lands in the workspace on the newest version.

import { $, el, getJson, jobUrl, ownerOfProject, show } from './util.js';
import { droppedWords, isNoChange } from './truth.js';

const STATUS = { queued: 'waiting', running: 'being built', succeeded: 'made', partial: 'made in part',
  failed: 'failed', rejected: 'rejected', expired: 'expired' };

function made(v, job) {
  // what the version is, or what is missing from it, in the run's own words
  const summary = (job && job.summary) || {};
  const lines = [];
  if (job && job.waiting) lines.push(`A model builds it ${job.waiting.words}.`);
  if (v.made === 'restore') lines.push(`A copy of an earlier version's files.`);
  else if (isNoChange(job)) lines.push('Nothing changed: the templates did not understand this change.');
  else if (summary.app_name && v.made === 'generate') lines.push(`${summary.app_name}.`);
  if (job && job.options && job.options.model_build) lines.push('Built again by a model, from the same request.');
  if (summary.unmet && summary.unmet.length) lines.push(`Not made: ${summary.unmet.join('; ')}.`);
  const dropped = droppedWords(summary);
  if (dropped.length) lines.push(`Left out: ${dropped.join('; ')}.`);
  if (job && job.status === 'failed') lines.push(`It failed: ${job.error || 'no reason was given'}.`);
  if (!lines.length && ['succeeded', 'partial'].includes(v.status)) lines.push(summary.fit === 'full' || !summary.fit ? 'Everything asked was made.' : 'Made in part.');
  return lines;
}

function diffBlock(v, before, text) {
  const box = el('details', null, { class: 'turn-diff' });
  const files = (text.match(/^\+\+\+ /gm) || []).length;
  box.append(el('summary', text.trim() ? `Changes against v${before.version} (${files} file${files === 1 ? '' : 's'})`
    : `No change against v${before.version}`));
  if (text.trim()) {
    const pre = el('pre', null, { tabindex: '0', 'aria-label': `Changes of v${v.version} against v${before.version}` });
    for (const line of text.split('\n')) {
      const kind = line.startsWith('+++') || line.startsWith('---') ? 'file' : line.startsWith('+') ? 'add'
        : line.startsWith('-') ? 'del' : line.startsWith('@@') ? 'hunk' : '';
      pre.append(el('span', line, kind ? { class: kind } : {}));
    }
    box.append(pre);
  }
  return box;
}

async function turn(v, versions) {
  const item = el('li', null, { class: 'turn', 'data-version': String(v.version) });
  item.append(el('p', v.request, { class: 'bubble', 'aria-label': `Request for v${v.version}` }));
  const job = await getJson(jobUrl(v.job_id));
  const answer = el('div', null, { class: 'answer' });
  const head = el('p', null, { class: 'version-head' });
  head.append(el('strong', `v${v.version}`), el('span', STATUS[v.status] || v.status, { class: 'badge quiet' }));
  answer.append(head);
  for (const line of made(v, job)) answer.append(el('p', line, { class: 'turn-text' }));
  const links = el('div', null, { class: 'row actions' });
  links.append(el('a', 'Open', { href: `/jobs/${encodeURIComponent(v.job_id)}`, class: 'button secondary small',
    'aria-label': `Open v${v.version} in the workspace` }));
  if (['succeeded', 'partial'].includes(v.status)) {
    links.append(el('a', 'Preview', { href: v.preview_url, target: '_blank', rel: 'noopener', class: 'button secondary small',
      'aria-label': `Preview of v${v.version} (new tab)` }));
  }
  answer.append(links);
  const before = versions.find((o) => o.version === v.version - 1);
  if (before && ['succeeded', 'partial'].includes(v.status) && ['succeeded', 'partial'].includes(before.status)) {
    const response = await fetch(v.diff_url);
    if (response.ok) answer.append(diffBlock(v, before, await response.text()));
  }
  item.append(answer);
  return item;
}

export async function showProject(projectId) {
  document.title = 'A project — pipeline';
  $('conversation').replaceChildren();
  show('project-error', false);
  const owned = await ownerOfProject(projectId);
  if (!owned) {
    $('project-title').textContent = 'This project is not known here';
    $('project-meta').textContent = 'It may have been deleted, or it was made in another browser.';
    show('project-open', false);
    return;
  }
  const { project } = owned;
  $('project-title').textContent = project.name;
  document.title = `${project.name} — pipeline`;
  const count = project.versions.length;
  $('project-meta').textContent = `${count} version${count === 1 ? '' : 's'} · changed ${new Date(project.updated_at * 1000).toLocaleString()}`;
  const newest = project.versions[count - 1];
  $('project-open').href = `/jobs/${encodeURIComponent(newest.job_id)}`;
  $('project-open').textContent = `Open v${newest.version}, the newest version`;
  show('project-open', true);
  // the versions endpoint adds each version's preview and diff addresses
  const listed = await getJson(jobUrl(projectId, '/versions'));
  const versions = listed ? listed.versions : project.versions;
  const turns = [];
  for (const v of versions) turns.push(await turn(v, versions));
  $('conversation').replaceChildren(...turns);
}
