// "Build it with a model later": when the templates made a request only in part (the run's `fit`
// is partial or none), its owner can have a model build the same request once the service's key
// pool has room; the page says roughly when. With no model keys it says so plainly instead.

import { $, getJson, jobUrl, ownerHeaders, problemText, remember, secretOf, show } from './util.js';
import { drawVersions } from './versions.js';

const NOT_FULL = ['partial', 'none'];

function say(text, offer) {
  $('later-text').textContent = text;
  show('later-ask', offer);
  show('later-error', false);
  show('model-later', true);
}

/** Shows the offer under a finished generation that the templates did not fully fit. */
export async function offerModelBuild(jobId, job) {
  show('model-later', false);
  const summary = job.summary || {};
  const options = job.options || {};
  if (summary.mode === 'edit' || options.model_build || !NOT_FULL.includes(summary.fit) || !secretOf(jobId)) return;
  const room = await getJson('/api/v1/model-room');
  if (!room || jobId !== location.pathname.split('/').pop()) return;
  if (!room.model_keys) {
    say('This service has no model keys, so no model can build it: this app is the nearest the templates make.', false);
    return;
  }
  $('later-ask').dataset.target = jobId;
  $('later-ask').dataset.project = job.project || jobId;
  say(`A model can build your request as a new version, starting ${room.words}.`, true);
}

async function ask() {
  const jobId = $('later-ask').dataset.target;
  $('later-ask').disabled = true;
  try {
    const response = await fetch(jobUrl(jobId, '/model-build'), { method: 'POST', headers: ownerHeaders(jobId) });
    if (!response.ok) {
      $('later-error').textContent = await problemText(response);
      show('later-error', true);
      return;
    }
    const queued = await response.json();
    remember(queued.job_id, { prompt: $('job-prompt').textContent, secret: secretOf(jobId), version: queued.version,
      project: $('later-ask').dataset.project });
    say(`Queued as v${queued.version}: a model starts on it ${queued.starts.words}. ` +
      'It is listed under Versions; you can close this page and come back.', false);
    $('later-text').focus();
    await drawVersions(jobId);
  } finally {
    $('later-ask').disabled = false;
  }
}

export function initLater() {
  $('later-ask').addEventListener('click', ask);
}
