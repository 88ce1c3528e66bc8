// The generator page: a request form and this browser's recent apps; once a job starts, a two-pane
// workspace (job.js, stage.js, versions.js). Plain DOM modules, no build step; all text goes in as text.

import { $, el, hooks, problemText, recentJobs, remember, show } from './util.js';
import { answerReview, current, focusStatus, follow, stopFollowing } from './job.js';
import { initStage } from './stage.js';
import { initVersions } from './versions.js';
import { initLater } from './later.js';
import { initProjects, showProjects } from './projects.js';
import { showProject } from './project.js';

hooks.follow = follow;
hooks.focusStatus = focusStatus;

// --- recent apps: the versions of one app are one entry ---------------------------------------

function drawRecent() {
  const apps = new Map();
  for (const job of recentJobs()) {
    const key = job.project || job.id;
    const app = apps.get(key) || { jobs: [], at: 0 };
    app.jobs.push(job);
    app.at = Math.max(app.at, job.at || 0);
    apps.set(key, app);
  }
  const items = [...apps.values()].sort((a, b) => b.at - a.at).slice(0, 12).map(({ jobs, at }) => {
    const byVersion = [...jobs].sort((a, b) => (b.version || 1) - (a.version || 1));
    const latest = byVersion[0];
    const first = byVersion[byVersion.length - 1];
    const name = jobs.find((j) => j.app)?.app || (first.prompt || 'an app').slice(0, 60);
    const item = el('li');
    item.append(el('a', name, { href: `/jobs/${encodeURIComponent(latest.id)}` }));
    const count = Math.max(...jobs.map((j) => j.version || 1));
    item.append(el('span', ` — “${(first.prompt || '').slice(0, 80)}”${count > 1 ? `, ${count} versions` : ''}, ${new Date(at).toLocaleString()}`, { class: 'muted' }));
    return item;
  });
  $('recent-list').replaceChildren(...items);
  show('recent', items.length > 0);
}

// --- submitting a request ---------------------------------------------------------------------------

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
    remember(job.job_id, { prompt, secret: job.job_secret, project: job.job_id, version: 1 });
    history.pushState({}, '', `/jobs/${job.job_id}`);
    const following = follow(job.job_id);
    focusStatus();
    await following;
  } catch (e) {
    error.textContent = 'The service could not be reached: check your connection and try again.';
    error.hidden = false;
  } finally {
    button.disabled = false;
  }
}

async function learnService() {
  // what the service can do: with no model keys, every app comes from the templates; say it once
  try {
    const info = await (await fetch('/api/v1/page-info')).json();
    current.service = info;
    if (!info.model_keys) {
      $('offline').checked = true;
      $('offline-note').textContent = `This service has no model keys, so the offline templates build every app. ` +
        `They know ${info.kinds.join(', ')}, and lists of your own things with their fields.`;
      show('offline-note', true);
    }
  } catch (e) { /* the page works without it */ }
  // the options are final from here on: a script (or a test) ticking them earlier could be overruled
  document.body.dataset.serviceKnown = 'true';
}

function showOnly(view) {
  for (const id of ['new', 'projects', 'project', 'job']) show(id, id === view);
  show('skip-link', view === 'job');
  if (view === 'projects') $('nav-projects').setAttribute('aria-current', 'page');
  else $('nav-projects').removeAttribute('aria-current');
}

function route() {
  const match = location.pathname.match(/^\/jobs\/([\w-]+)$/);
  const project = location.pathname.match(/^\/projects\/([\w-]+)$/);
  if (match) {
    show('projects', false);
    show('project', false);
    follow(match[1]);
    return;
  }
  stopFollowing();
  if (project) {
    showOnly('project');
    showProject(project[1]);
  } else if (location.pathname === '/projects') {
    showOnly('projects');
    showProjects();
  } else {
    showOnly('new');
    document.title = 'pipeline — one request in, one working app out';
    drawRecent();
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('request-form').addEventListener('submit', submit);
  for (const example of document.querySelectorAll('button.example')) {
    example.addEventListener('click', () => { $('prompt').value = example.textContent; $('prompt').focus(); });
  }
  $('approve').addEventListener('click', () => answerReview('approve'));
  $('save-edit').addEventListener('click', () => answerReview('edit'));
  $('reject').addEventListener('click', () => answerReview('reject'));
  initStage();
  initVersions();
  initLater();
  initProjects();
  window.addEventListener('popstate', route);
  learnService();
  route();
});
