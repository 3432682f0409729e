// Budget files of central societies in officer.html (#/budgets…, issue 20). For a society's own user
// (role society) this area is the whole app: its files, a new file, each file's movements and the decision
// letter. For the offices (under "More"): the files they hold, have sent on, or have in their area; a
// file's page with the step that is theirs (the UCO recommends or returns, the district or the JR decides),
// the report, and for the UCO a file on a society's behalf and a society's user account. The forms live in
// budget-form.js, the letter in budget-letter.js and the report in budget-report.js (loaded on demand).
import { $, bn, officerCall, officerSession, qs, when } from './common.js';
import { resolutionCard } from './budget-resolution.js';
import { takaToPaisa } from './officer-input.js';
import {
  bil, cardTable, confirmBox, emptyNote, errorNote, html, loadingNote, money, nothing, pagedList, render,
} from './ui.js';

export const HEADS = [
  ['salaries', 'বেতন-ভাতা', 'Salaries and allowances'], ['office_rent', 'অফিস ভাড়া', 'Office rent'],
  ['utilities', 'বিদ্যুৎ, পানি ও গ্যাস', 'Electricity, water and gas'], ['travel', 'যাতায়াত ভাতা', 'Travel'],
  ['stationery', 'মুদ্রণ ও মনিহারি', 'Printing and stationery'],
  ['meetings', 'সভা ও সাধারণ সভা', 'Meetings and general meetings'], ['audit_fee', 'অডিট ফি', 'Audit fee'],
  ['training', 'প্রশিক্ষণ', 'Training'], ['repairs', 'মেরামত ও রক্ষণাবেক্ষণ', 'Repairs and maintenance'],
  ['construction', 'নির্মাণ ও উন্নয়ন', 'Construction and development'],
  ['assets', 'আসবাব ও সরঞ্জাম ক্রয়', 'Furniture and equipment'], ['other', 'বিবিধ', 'Other expenses'],
]; // the fixed chart of heads (domain/budget.py HEADS)
export const headWords = code => (HEADS.find(h => h[0] === code) || [code, code, code]).slice(1);
export const JR_THRESHOLD_PAISA = 100000000; // Tk 10,00,000: above it in one head, the division's JR decides
const STATES = {
  draft: ['খসড়া', 'Draft'], submitted: ['উপজেলা অফিসে', 'At the upazila office'],
  recommended: ['সুপারিশকৃত, সিদ্ধান্তের অপেক্ষায়', 'Recommended, awaiting decision'],
  approved: ['অনুমোদিত', 'Approved'], approved_with_changes: ['সংশোধনসহ অনুমোদিত', 'Approved with changes'],
  returned: ['ফেরত পাঠানো হয়েছে', 'Returned'], rejected: ['নামঞ্জুর', 'Rejected'],
  withdrawn: ['প্রত্যাহার করা হয়েছে', 'Withdrawn'],
};
const ACTIONS = {
  drafted: ['খসড়া তৈরি', 'Drafted'], drafted_on_behalf: ['সমিতির পক্ষে খসড়া তৈরি', 'Drafted on behalf'],
  submitted: ['দাখিল', 'Submitted'], submitted_on_behalf: ['সমিতির পক্ষে দাখিল', 'Submitted on behalf'],
  recommended: ['সুপারিশসহ প্রেরণ', 'Recommended'], returned: ['ফেরত', 'Returned'],
  approved: ['অনুমোদন', 'Approved'], approved_with_changes: ['সংশোধনসহ অনুমোদন', 'Approved with changes'],
  rejected: ['নামঞ্জুর', 'Rejected'], withdrawn: ['প্রত্যাহার', 'Withdrawn'],
  withdrawn_on_behalf: ['সমিতির পক্ষে প্রত্যাহার', 'Withdrawn on behalf'],
};
const FINAL = ['approved', 'approved_with_changes', 'rejected'];
const BOXES = {
  holding: [['আমার কাছে', 'Holding'], ['যে নথি এখন আপনার দপ্তরে আছে, আগের সময়সীমা আগে।',
    'Files your office holds now, the earliest deadline first.']],
  sent: [['পাঠানো', 'Sent on'],
    ['যে নথিতে আপনার দপ্তর কাজ করে পাঠিয়েছে।', 'Files your office acted on and sent on.']],
  all: [['সব', 'All'],
    ['আপনার এলাকার সব বাজেট নথি, নতুন আগে।', 'Every budget file of your area, newest first.']],
};
const LEVELS = { 2: ['বিভাগীয় দপ্তর (যুগ্ম-নিবন্ধক)', 'Division office (JR)'],
  4: ['জেলা সমবায় দপ্তর', 'District office'],
  6: ['উপজেলা সমবায় দপ্তর', 'Upazila office'] };
const enc = encodeURIComponent;

const sheet = document.createElement('link');
sheet.rel = 'stylesheet';
sheet.href = 'budgets.css';
document.head.append(sheet);
const section = document.createElement('section');
section.id = 'budgets-view';
section.hidden = true;
$('main').append(section);
let me = null, rendered = '', screen = 0, pendingFlash = null, note = null;

const call = (path, opts = {}) => officerCall(path, opts, me && me.token);
export const isSociety = user => user.role === 'society';
const ownCode = () => (me.user.office || {}).code || '';
const flashNote = () => (note ? html`<div class="msg ok" role="status" data-testid="budgets-flash">${
  bil(...note)}</div>` : nothing);
const go = hash => { if (location.hash === hash) { rendered = ''; route(); } else location.hash = hash; };
const back = (hash, words = ['বাজেট নথিতে ফিরুন', 'Back to budget files']) =>
  html`<p class="crumbs no-print"><a
 href=${hash}>← ${bil(...words)}</a></p>`;
const current = () => { const s = screen; return () => s === screen; };
export const officeWords = code => {
  const l = LEVELS[(code || '').length] || ['দপ্তর', 'Office'];
  return html`${bil(...l)} <span class="nowrap">${bn(code)}</span>`;
};
export const stateTag = st => html`<span class="ctag btag ${st}" data-testid="budget-state">${
  bil(...(STATES[st] || [st, st]))}</span>`;
// The financial year of a day (July to June), and the years a form offers.
export function financialYear(offset = 0) {
  const [y, m] = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Dhaka' }).split('-').map(Number);
  const start = (m >= 7 ? y : y - 1) + offset;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}
const ctx = () => ({ section, call, me, go, back, flash, ok: current(), ownCode });
function flash(b, e) { pendingFlash = [b, e]; }

// ---- routing ----------------------------------------------------------------------------------
export function route() {
  me = officerSession();
  const [path, query = ''] = (location.hash.slice(1) || '/').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'budgets' || !me) { section.hidden = true; rendered = ''; screen += 1; return; }
  section.hidden = false;
  const key = `${location.hash}|${me.token}`;
  if (key === rendered) return;
  rendered = key;
  note = pendingFlash; pendingFlash = null;
  screen += 1;
  render(nothing, section);
  window.scrollTo(0, 0);
  const params = new URLSearchParams(query);
  if (parts[1] === 'f' && parts[2]) return showFile(parts[2]);
  if (parts[1] === 'letter' && parts[2]) return onDemand('budget-letter', 'showLetter', parts[2]);
  if (parts[1] === 'new') return onDemand('budget-form', 'showNewFile', params);
  if (parts[1] === 'users' && !isSociety(me.user)) return onDemand('budget-form', 'showNewUser', params);
  if (parts[1] === 'report' && !isSociety(me.user)) return onDemand('budget-report', 'showReport', params);
  return isSociety(me.user) ? showSocietyHome() : showBox(BOXES[parts[1]] ? parts[1] : 'holding', params);
}

async function onDemand(name, show, ...args) {
  const ok = current();
  render(loadingNote(), section);
  try {
    const m = await import(`./${name}.js`);
    if (ok()) m[show]({ ...ctx(), ok }, ...args);
  } catch (e) {
    if (ok()) render(errorNote(e.status ? e : { message: 'This screen did not load.',
      message_bn: 'পাতাটি লোড হয়নি।' },
      () => { rendered = ''; route(); }), section);
  }
}

// ---- lists ------------------------------------------------------------------------------------
const fileRow = b => html`<li class="crow brow ${b.state}" data-testid="budget-row" data-id=${b.id}>
<a href="#/budgets/f/${enc(b.id)}"><span class="name">${b.society_name_bn}</span>
<span class="meta">${bil(`অর্থবছর ${bn(b.financial_year)}`, `FY ${b.financial_year}`)}
 · ${money(b.total_paisa)}</span>
<span class="meta">${b.holder_office_code ? html`${officeWords(b.holder_office_code)}${b.due_on ? html` · ${
  bil(`সময়সীমা ${bn(b.due_on.split('-').reverse().join('/'))}`, `due ${b.due_on}`)}`
  : nothing}` : nothing}</span>
${stateTag(b.state)}</a></li>`;

function listInto(box, path, empty) {
  const sep = path.includes('?') ? '&' : '?';
  const page = cursor => call(cursor ? `${path}${sep}cursor=${enc(cursor)}` : path);
  return pagedList(box, { name: 'budget', page, row: fileRow, empty: emptyNote(empty, 'budgets-empty') })
    .reload();
}

function showSocietyHome() {
  document.title = 'বাজেট নথি · Budget files · Samabay';
  render(html`${flashNote()}<h1>${bil('আমাদের বাজেট নথি', 'Our budget files')}</h1>
<p class="hint">${bil('বাজেট ব্যয় বিবরণী এখান থেকে দাখিল করুন; প্রতিটি ধাপে এসএমএস পাবেন। '
    + 'অফিসে যেতে হবে না।',
    'Submit the budget expenditure statement from here; you get an SMS at every step.'
    + ' No office visit needed.')}</p>
<p class="actions no-print"><a class="btn" id="budget-new" href="#/budgets/new">${
  bil('নতুন বাজেট নথি', 'New budget file')}</a></p><div id="b-list"></div>`, section);
  listInto($('#b-list', section), '/api/budgets', ['এখনো কোনো বাজেট নথি নেই। "নতুন বাজেট নথি" চাপুন।',
    'No budget files yet. Press "New budget file".']);
}

function showBox(box, params) {
  document.title = 'বাজেট নথি · Budget files · Samabay';
  const year = params.get('financial_year') || '';
  const years = [financialYear(1), financialYear(), financialYear(-1), financialYear(-2)];
  const uco = me.user.role === 'upazila';
  const pickYear = ev => go(`#/budgets/${box}${qs({ financial_year: ev.target.value })}`);
  render(html`${flashNote()}<h1>${bil('বাজেট নথি', 'Budget files')}</h1>
<nav aria-label="Boxes"><ul class="mtabs no-print">${Object.entries(BOXES).map(([b, [tab]]) => html`<li><a
 href="#/budgets/${b}${qs({ financial_year: year })}" aria-current=${b === box ? 'page' : nothing}
 data-testid="budget-tab-${b}">${bil(...tab)}</a></li>`)}</ul></nav>
<p class="hint">${bil(...BOXES[box][1])}</p>
<form class="card asof no-print" onsubmit="return false"><div class="field"><label for="budget-year">${
  bil('অর্থবছর', 'Financial year')}</label><select id="budget-year" @change=${pickYear}>
<option value="">${bil('সব', 'All')}</option>
${years.map(y => html`<option value=${y} ?selected=${y === year}>${
  bn(y)} · ${y}</option>`)}</select></div></form>
<p class="actions no-print"><a class="btn secondary" id="budget-report-link" href="#/budgets/report">${
  bil('প্রতিবেদন', 'Report')}</a>${uco ? html`<a class="btn secondary" id="budget-new" href="#/budgets/new">${
  bil('সমিতির পক্ষে নতুন নথি', 'New file for a society')}</a><a class="btn secondary" id="budget-user-link"
 href="#/budgets/users">${bil('সমিতির ব্যবহারকারী', 'Society user account')}</a>` : nothing}</p>
<div id="b-list"></div>`, section);
  listInto($('#b-list', section), `/api/budgets${qs({ box, financial_year: year })}`,
    box === 'holding' ? ['আপনার কাছে এখন কোনো নথি নেই।', 'Your office holds no file now.']
      : ['কোনো নথি নেই।', 'No files.']);
}

// ---- one file -----------------------------------------------------------------------------------
async function showFile(id) {
  const ok = current();
  render(loadingNote(), section);
  let b;
  try { b = await call(`/api/budgets/${enc(id)}`); } catch (e) {
    if (ok() && !e.handled) render(html`${back('#/budgets')}${errorNote(e)}`, section);
    return;
  }
  if (ok()) drawFile(b, ok);
}

const headsTable = b => {
  const approved = new Map((b.approved_items || []).map(i => [i.head, i.amount_paisa]));
  const cols = [
    { head: ['খাত', 'Head'], key: true, cell: i => bil(...headWords(i.head)) },
    { head: ['চাওয়া', 'Asked'], num: true, cell: i => html`${money(i.amount_paisa)}
      ${i.amount_paisa > JR_THRESHOLD_PAISA
      ? html`<br><small class="warn-text">${bil('১০ লাখের বেশি', 'over 10 lakh')}</small>` : nothing}` },
    ...(approved.size ? [{ head: ['অনুমোদিত', 'Approved'], num: true,
      cell: i => money(approved.get(i.head) ?? i.amount_paisa) }] : []),
    { head: ['যৌক্তিকতা', 'Justification'], cls: 'why', cell: i => i.justification },
  ];
  const foot = { head: 'total', amount_paisa: b.total_paisa, justification: '' };
  return cardTable(cols.map(c => (c.key ? { ...c,
    cell: i => (i.head === 'total' ? bil('মোট', 'Total') : c.cell(i)) }
    : c.head[1] === 'Approved' ? { ...c,
      cell: i => (i.head === 'total' ? money(b.approved_total_paisa) : c.cell(i)) }
      : c)), b.items, { testid: 'budget-heads', foot });
};

const movementList = b => html`<ol class="history" data-testid="budget-movements">${b.movements.map(m => html`
<li data-action=${m.action}><b>${bil(...(ACTIONS[m.action] || [m.action, m.action]))}</b>
<span class="meta">${when(m.at)} · ${m.by}
  ${m.office_code ? html` · ${officeWords(m.office_code)}` : nothing}${
  m.to_office_code ? html` → ${officeWords(m.to_office_code)}` : nothing}</span>${
  m.note ? html`<br><span>${m.note}</span>` : nothing}${m.memo_no ? html`<br><small>${
  bil('ই-নথি স্মারক', 'e-Nothi memo')}: ${m.memo_no}</small>` : nothing}</li>`)}</ol>`;

function drawFile(b, ok, action = { busy: false, error: null, asking: null, scan: {} }) {
  document.title = `${b.society_name_bn} · বাজেট ${bn(b.financial_year)} · Samabay`;
  const redraw = () => ok() && drawFile(b, ok, action);
  const send = async (path, body, words) => {
    Object.assign(action, { busy: true, error: null });
    redraw();
    try {
      const after = await call(`/api/budgets/${enc(b.id)}/${path}`, { method: 'POST', body });
      flash(...words);
      Object.assign(action, { busy: false, asking: null });
      if (!ok()) return;
      note = pendingFlash; pendingFlash = null;
      b = after;
      window.scrollTo(0, 0);
    } catch (e) { if (e.handled) return; Object.assign(action, { busy: false, error: e }); }
    redraw();
  };
  const facts = html`<dl class="facts card" data-testid="budget-facts">
<div><dt>${bil('নথি', 'File')}</dt><dd>${b.id}${b.round > 1 ? html` · ${bil(`দফা ${bn(b.round)}`,
    `round ${b.round}`)}` : nothing}</dd></div>
<div><dt>${bil('ধরন', 'Kind')}</dt><dd>${b.kind === 'post_facto'
    ? bil('ব্যয়ভোর মঞ্জুরী', 'Post-facto sanction')
    : bil('বাজেট', 'Budget')}</dd></div>
<div><dt>${bil('মোট', 'Total')}</dt><dd data-testid="budget-total">${money(b.total_paisa)}</dd></div>
<div><dt>${bil('নথি এখন', 'Now with')}</dt><dd data-testid="budget-holder">${b.holder_office_code
    ? officeWords(b.holder_office_code) : bil('সমিতি', 'The society')}${b.due_on ? html` · ${bil(
      `সময়সীমা ${bn(b.due_on.split('-').reverse().join('/'))}`, `due ${b.due_on}`)}` : nothing}</dd></div>
${b.decision_reason ? html`<div><dt>${bil('কারণ / মন্তব্য', 'Reason')}</dt><dd data-testid="budget-reason">${
  b.decision_reason}</dd></div>` : nothing}</dl>`;
  render(html`${flashNote()}${back(isSociety(me.user) ? '#/budgets' : '#/budgets/holding')}
<h1 data-testid="budget-society">${b.society_name_bn} <small>${bil(`অর্থবছর ${bn(b.financial_year)}`,
    `FY ${b.financial_year}`)}</small></h1>
<p>${stateTag(b.state)}</p>${facts}
${FINAL.includes(b.state) ? html`<p class="actions no-print"><a class="btn" id="budget-letter-link"
 href="#/budgets/letter/${enc(b.id)}">${bil('সিদ্ধান্তপত্র দেখুন ও প্রিন্ট করুন',
  'Decision letter (print)')}</a></p>`
    : nothing}
<h2>${bil('খাতসমূহ', 'Heads')}</h2>${headsTable(b)}
${resolutionCard(b, { call, state: action.scan, redraw, canAttach: filesFor(b) && b.state !== 'withdrawn',
    done: after => { b = after; redraw(); } })}
<div id="budget-actions" class="no-print">${actionsFor(b, action, send, redraw)}</div>
<h2>${bil('নথির গতিবিধি', 'Movements')}</h2>${movementList(b)}`, section);
}

// The society itself, or its upazila office on its behalf: who drafts, submits, attaches and withdraws.
const filesFor = b => (isSociety(me.user) ? me.user.society_id === b.society_id
  : me.user.role === 'upazila' && ownCode() === b.upazila_code);

// What the reader may do with the file now: nothing, or the one step that is theirs.
function actionsFor(b, action, send, redraw) {
  const user = me.user, own = ownCode();
  const files = filesFor(b);
  const holds = !isSociety(user) && b.holder_office_code === own;
  const err = action.error ? errorNote(action.error, null, 'budget-action-error') : nothing;
  const ask = (name, question, yes, run, opts = {}) => (action.asking === name ? confirmBox({
    question, yes, busy: action.busy, danger: opts.danger, testid: 'budget-confirm', yesId: 'budget-yes',
    onYes: run, onNo: () => { action.asking = null; redraw(); } }) : nothing);
  const askFor = name => () => { Object.assign(action, { asking: name, error: null }); redraw(); };
  const parts = [];
  if (files && (b.state === 'draft' || b.state === 'returned')) {
    const resubmit = b.state === 'returned';
    parts.push(html`<div class="card"><h2>${resubmit ? bil('সংশোধন করে আবার দাখিল', 'Edit and resubmit')
      : bil('দাখিল', 'Submit')}</h2>${resubmit ? editHeads(b, action) : html`<p class="hint">${bil(
      'দাখিলের পর নথি উপজেলা সমবায় অফিসে যাবে।',
      'Once submitted, the file goes to the upazila office.')}</p>`}
<button type="button" id="budget-submit" ?disabled=${action.busy} @click=${askFor('submit')}>${
  resubmit ? bil('আবার দাখিল করুন', 'Resubmit') : bil('দাখিল করুন', 'Submit')}</button>
${ask('submit', ['নথিটি উপজেলা সমবায় অফিসে দাখিল করবেন?', 'Submit the file to the upazila office?'],
    ['হ্যাঁ, দাখিল করুন', 'Yes, submit'], () => {
      const items = resubmit ? editedItems(b, action) : null;
      if (items === undefined) return redraw();
      return send('submit', items ? { items } : {}, ['নথি দাখিল হয়েছে।', 'The file was submitted.']);
    })}</div>`);
  }
  // Maker-checker: whoever submitted or recommended the file takes no later step (the API says 403 too).
  const actedBefore = [b.submitted_by, b.recommended_by].includes(user.username);
  if (holds && actedBefore && ['submitted', 'recommended'].includes(b.state)) {
    parts.push(html`<p class="msg info" data-testid="budget-another-officer">${bil(
      'আপনি এই নথিতে আগের ধাপে কাজ করেছেন; এই ধাপ আপনার দপ্তরের অন্য কর্মকর্তা নেবেন।',
      'You acted on this file at an earlier step; another officer of your office takes this one.')}</p>`);
  } else if (holds && b.state === 'submitted') parts.push(ucoStep(b, action, send, ask, askFor));
  else if (holds && b.state === 'recommended') parts.push(decideStep(b, action, send, ask, askFor, redraw));
  if (files && ['draft', 'submitted', 'recommended', 'returned'].includes(b.state)) {
    parts.push(html`<p><button type="button" class="secondary" id="budget-withdraw" ?disabled=${action.busy}
 @click=${askFor('withdraw')}>${bil('নথি প্রত্যাহার', 'Withdraw the file')}</button></p>${
  ask('withdraw', ['নথিটি প্রত্যাহার করবেন? এটি আর ফেরানো যাবে না।',
    'Withdraw the file? This cannot be undone.'],
    ['হ্যাঁ, প্রত্যাহার', 'Yes, withdraw'], () => send('withdraw', {}, ['নথি প্রত্যাহার করা হয়েছে।',
      'The file was withdrawn.']), { danger: true })}`);
  }
  return html`${err}${parts}`;
}

const textField = (id, words, { required = false, area = false, max = 1000 } = {}) =>
  html`<div class="field"><label
 for=${id}>${bil(...words)}${required ? ' *' : ''}</label>${area ? html`<textarea id=${id} rows="3"
 maxlength=${max}></textarea>` : html`<input id=${id} maxlength=${max} autocomplete="off">`}</div>`;
const value = id => ($(`#${id}`, section) || { value: '' }).value.trim();

function ucoStep(b, action, send, ask, askFor) {
  const over = b.items.some(i => i.amount_paisa > JR_THRESHOLD_PAISA);
  const body = kind => {
    const out = { note: value('budget-note') || null, memo_no: value('budget-memo') || null, round: b.round };
    return kind === 'recommend' ? out
      : { decision: 'returned', reason: out.note, memo_no: out.memo_no, round: b.round };
  };
  return html`<div class="card" data-testid="budget-uco-step">
<h2>${bil('সুপারিশ বা ফেরত', 'Recommend or return')}</h2>
<p class="hint">${over ? bil('একটি খাত ১০,০০,০০০ টাকার বেশি: সুপারিশের পর নথি '
    + 'সরাসরি বিভাগীয় যুগ্ম-নিবন্ধকের কাছে যাবে, জেলা অফিস অনুলিপি পাবে।',
    'A head exceeds Tk 10,00,000: once recommended the file goes straight to'
    + ' the division\'s JR, the district copied.')
    : bil('সুপারিশের পর নথি জেলা সমবায় অফিসে সিদ্ধান্তের জন্য যাবে।',
      'Once recommended the file goes to the district office for decision.')}</p>
${textField('budget-note', ['মন্তব্য (ফেরত দিলে কারণ আবশ্যক)', 'Note (a reason is required to return)'],
  { area: true })}
${textField('budget-memo', ['ই-নথি স্মারক নম্বর (ঐচ্ছিক)', 'e-Nothi memo number (optional)'], { max: 80 })}
<div class="actions"><button type="button" id="budget-recommend" ?disabled=${action.busy}
 @click=${askFor('recommend')}>${bil('সুপারিশ করুন', 'Recommend')}</button>
<button type="button" class="secondary" id="budget-return" ?disabled=${action.busy}
 @click=${askFor('return')}>${
  bil('ফেরত পাঠান', 'Return')}</button></div>
${ask('recommend', over ? ['সুপারিশ করে যুগ্ম-নিবন্ধকের কাছে পাঠাবেন?', 'Recommend and send to the JR?']
    : ['সুপারিশ করে জেলা অফিসে পাঠাবেন?', 'Recommend and send to the district office?'],
  ['হ্যাঁ, সুপারিশ করুন', 'Yes, recommend'], () => send('recommend', body('recommend'),
    ['সুপারিশসহ নথি পাঠানো হয়েছে।', 'Recommended and sent on.']))}
${ask('return', ['নথিটি সমিতিকে ফেরত পাঠাবেন?', 'Return the file to the society?'],
  ['হ্যাঁ, ফেরত', 'Yes, return'],
    () => send('decide', body('return'), ['নথি সমিতিকে ফেরত পাঠানো হয়েছে।',
      'The file was returned.']))}</div>`;
}

const DECISIONS = {
  approved: ['অনুমোদন', 'Approve'], approved_with_changes: ['সংশোধনসহ অনুমোদন', 'Approve with changes'],
  returned: ['ফেরত (সংশোধনের জন্য)', 'Return (to be edited)'], rejected: ['নামঞ্জুর', 'Reject'],
};
function decideStep(b, action, send, ask, askFor, redraw) {
  const chosen = action.decision || 'approved';
  const pick = ev => {
    Object.assign(action, { decision: ev.target.value, error: null, asking: null });
    redraw();
  };
  const body = () => {
    const out = { decision: chosen, reason: value('budget-reason') || null,
      memo_no: value('budget-memo') || null,
      round: b.round };
    if (chosen === 'approved_with_changes') {
      out.changes = b.items.map(i => ({ head: i.head,
        amount_paisa: takaToPaisa(value(`budget-allow-${i.head}`)) }))
        .filter((c, n) => c.amount_paisa !== b.items[n].amount_paisa);
    }
    return out;
  };
  return html`<div class="card" data-testid="budget-decide-step"><h2>${bil('সিদ্ধান্ত', 'Decision')}</h2>
<fieldset class="choice"><legend>${bil('সিদ্ধান্ত বেছে নিন', 'Choose the decision')}</legend>${
  Object.entries(DECISIONS).map(([k, words]) => html`<label>
<input type="radio" name="budget-decision" value=${k}
 id="budget-decision-${k}" .checked=${k === chosen} @change=${pick}> ${bil(...words)}</label>`)}</fieldset>
${chosen === 'approved_with_changes' ? html`<p class="hint">
${bil('যে খাতে কম অনুমোদন দেবেন, সেখানে অনুমোদিত টাকা লিখুন।',
    'Write the approved Taka where you allow less than asked.')}</p>
  ${b.items.map(i => html`<div class="field"><label
 for="budget-allow-${i.head}">${bil(...headWords(i.head))} <small>(${money(i.amount_paisa)})</small></label>
<input id="budget-allow-${i.head}" inputmode="decimal"
 value=${String(i.amount_paisa / 100)}></div>`)}` : nothing}
${textField('budget-reason', ['কারণ / মন্তব্য (অনুমোদন ছাড়া আবশ্যক)', 'Reason (required unless approved)'],
    { area: true })}
${textField('budget-memo', ['ই-নথি স্মারক নম্বর (ঐচ্ছিক)', 'e-Nothi memo number (optional)'], { max: 80 })}
<button type="button" id="budget-decide" ?disabled=${action.busy} @click=${askFor('decide')}>${
  bil('সিদ্ধান্ত দিন', 'Decide')}</button>
${ask('decide', [`সিদ্ধান্ত "${DECISIONS[chosen][0]}" দেবেন?`, `Decide: ${DECISIONS[chosen][1]}?`],
    ['হ্যাঁ, সিদ্ধান্ত দিন', 'Yes, decide'], () => send('decide', body(), ['সিদ্ধান্ত দেওয়া হয়েছে।',
      'The decision was made.']), { danger: chosen === 'rejected' })}</div>`;
}

// A returned file's heads, to edit before resubmitting (Taka typed; paisa sent).
function editHeads(b, action) {
  return html`<p class="hint">${bil('ফেরতের কারণ দেখে টাকা ঠিক করুন।',
    'Correct the amounts as the reason asks.')}</p>${
    b.items.map(i => html`<div class="field"><label for="budget-edit-${i.head}">
${bil(...headWords(i.head))}</label>
<input id="budget-edit-${i.head}" inputmode="decimal" value=${String(i.amount_paisa / 100)}></div>`)}${
    action.badAmount ? html`<p class="msg error" role="alert">${bil('টাকার পরিমাণ সঠিক নয়।',
      'An amount is not valid.')}</p>` : nothing}`;
}
function editedItems(b, action) {
  const items = b.items.map(i => ({ head: i.head, justification: i.justification,
    amount_paisa: takaToPaisa(value(`budget-edit-${i.head}`)) }));
  action.badAmount = items.some(i => !i.amount_paisa);
  return action.badAmount ? undefined : items;
}
