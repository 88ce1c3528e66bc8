// What was made and what was not, in words: the run's own `fit`/`unmet`/`dropped` when its summary
// has them, else the request's words that no kind, entity or field of the plan used.

const STOP = new Set(`a an the and or but with without for of to in on at by from into onto as is are be
  it its it's my our your their me we you i they this that these those which where who whom whose when
  what how so such some any all each every both more most very just also too then than there here
  build make create made creating building want need needs would like please can could should will
  let lets app apps application applications simple small little basic tiny quick nice clean modern
  website site web page pages tool system manager management tracker tracking track keep keeps keeping
  list lists store stores save saves manage manages user users people someone me add adds show shows
  have has had having do does using use used allow allows one two new own get give gives things thing
  data info information based way ways up out them him her his she he`.split(/\s+/));

const stem = (w) => w.replace(/(ies)$/, 'y').replace(/(ing|ed|es|s)$/, '');

function vocabulary(plan, operations) {
  const words = new Set();
  const add = (text) => {
    for (const w of String(text || '').toLowerCase().split(/[^a-z0-9]+/)) if (w) words.add(stem(w));
  };
  add(plan.app_name); add(plan.kind);
  for (const f of plan.features || []) add(f);
  for (const p of plan.pages || []) add(p);
  for (const e of plan.entities || []) {
    add(e.name); add(e.plural); add(e.label); add(e.plural_label);
    for (const f of e.fields || []) { add(f.name); add(f.label); for (const c of f.choices || []) add(c); }
  }
  for (const op of operations || []) add(op.operation_id);
  return words;
}

/** The request's phrases that nothing in the plan used, in the request's order. */
export function unusedPhrases(prompt, plan, operations) {
  const known = vocabulary(plan, operations);
  const used = (w) => [...known].some((k) => k === stem(w) || (stem(w).length >= 4 && k.startsWith(stem(w))));
  const phrases = [];
  let run = [];
  for (const w of prompt.toLowerCase().split(/[^a-z0-9']+/)) {
    if (w && !STOP.has(w) && !/^\d+$/.test(w) && !used(w)) { run.push(w); continue; }
    if (run.length) phrases.push(run.join(' '));
    run = [];
  }
  if (run.length) phrases.push(run.join(' '));
  return [...new Set(phrases)];
}

/** One line for what the plan made: "Chess games (name, description, category, active)". */
export function madeLine(plan) {
  return (plan.entities || []).map((e) =>
    `${e.plural_label || e.name} (${(e.fields || []).map((f) => f.label || f.name).join(', ').toLowerCase()})`).join('; ');
}

const quote = (items) => items.map((t) => `“${t}”`).join(', ');
const FITS = ['full', 'partial', 'none'];

/** How well the run fits the request: `fit` ('full' | 'partial' | 'none') and `unmet` from the run's
 * summary or its plan when they carry them, else guessed from the request's unused words. */
export function fitOf({ summary, plan, operations, prompt }) {
  const s = summary || {};
  const p = plan || {};
  const said = FITS.includes(s.fit) ? s : FITS.includes(p.fit) ? p : null;
  if (said) return { fit: said.fit, unmet: (said.unmet || []).map(String), guessed: false };
  const unmet = plan && prompt ? unusedPhrases(prompt, plan, operations) : [];
  return { fit: unmet.length ? 'partial' : 'full', unmet, guessed: true };
}

/** What a summary's `dropped` says, in words: each entry is `{cause, text}`, or (a summary kept
 * before causes were) the words alone. */
export function droppedWords(summary) {
  return ((summary || {}).dropped || []).map((d) => (typeof d === 'string' ? d : String(d.text)));
}

/** The note above the preview, or '' when the run made everything asked. */
export function truthNote({ summary, plan, operations, prompt, modelKeys, offline, kinds }) {
  const s = summary || {};
  const { fit, unmet } = fitOf({ summary, plan, operations, prompt });
  const dropped = droppedWords(s);
  if (fit === 'full' && !unmet.length && !dropped.length && s.status !== 'partial') return '';
  const parts = [];
  const made = plan ? madeLine(plan) : '';
  if (made) parts.push(fit === 'none' ? `Not what you asked: the nearest app the templates make, ${made}.` : `Made: ${made}.`);
  if (unmet.length) parts.push(`Not made: ${quote(unmet)}.`);
  if (dropped.length) parts.push(`Left out to keep the app working: ${dropped.join('; ')}.`);
  parts.push(modelKeys && offline
    ? 'The offline templates made this; build it again without “offline” and a model can write them.'
    : modelKeys ? 'The models were busy or failed, so the templates made this; ask again later, or ask for them as a change.'
    : `A model key would let the agents write them; without one, the templates make ${kinds.length ? kinds.slice(0, 8).join(', ') + ' and lists of your own things' : 'lists of your own things'}.`);
  return parts.join(' ');
}

/** "v2: + rating on recipes" from a change's `done` list. */
export function changeLine(version, done) {
  const words = done.map((d) => String(d).replace(/^added\s+/i, '+ ').replace(/^removed\s+/i, '− ')
    .replace(/\s+to\s+/, ' on ').replace(/\s+from\s+/, ' on '));
  return `v${version}: ${words.join(', ')}`;
}

/** The sentence for a change that changed nothing, with an example that works. */
export function nothingChanged(notUnderstood, plan) {
  const entity = plan && plan.entities && plan.entities[0];
  const things = entity ? (entity.plural_label || entity.plural || entity.name).toLowerCase() : 'them';
  const what = notUnderstood.length ? ` The templates did not understand ${quote(notUnderstood)}.` : '';
  return `Nothing changed.${what} Try a change they know, for example “add a rating to ${things}”.`;
}

/** True when a finished version is an edit that changed none of the app's files (its README may
 * still have gained a line saying what was not understood). */
export function isNoChange(job) {
  const s = (job && job.summary) || {};
  const app = (s.files_written || []).filter((path) => path !== 'README.md');
  return s.mode === 'edit' && Array.isArray(s.files_written) && app.length === 0;
}
