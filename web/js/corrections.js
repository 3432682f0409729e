// Correction requests in officer.html (#/corrections…): the inbox (requests to the office, open first,
// counts per state), the outbox (the office's own requests and their outcomes), one request's page
// (field, current → proposed, reason, history; Apply / Reject for the owning office, Withdraw for the
// filer) and the "request a correction" form (#/corrections/new/<society id>, offices above the owner).
// The shell (officer.js) imports it when first opened; societies.js calls societyCorrections() on a
// society's page to add the open requests and the request link there.
import {
  $, ascii, bn, clearErrors, DATE_ERROR, isoDate, officerCall, officerSession, qs, setBadge, showErrors,
  when,
} from './common.js';
import { FIELDS, LABEL, shown } from './form.js';
import {
  bil, confirmBox, dateField, emptyNote, errorNote, html, loadingNote, nothing, pagedList, render,
} from './ui.js';

const STATES = {
  open: ['খোলা', 'Open'], applied: ['প্রয়োগ করা হয়েছে', 'Applied'], rejected: ['প্রত্যাখ্যাত', 'Rejected'],
  withdrawn: ['প্রত্যাহার করা হয়েছে', 'Withdrawn'],
};
const STEPS = { filed: ['অনুরোধ পাঠানো হয়েছে', 'Filed'], ...STATES };
const LEVELS = { 0: ['সমবায় অধিদপ্তর', 'HQ'], 2: ['বিভাগীয় দপ্তর', 'Division office'],
  4: ['জেলা সমবায় দপ্তর', 'District office'], 6: ['উপজেলা সমবায় দপ্তর', 'Upazila office'] };
const ROLES = { president: ['সমিতির সভাপতি', 'Society president'],
  secretary: ['সমিতির সম্পাদক', 'Society secretary'] };
const BOXES = {
  inbox: { tab: ['আমার কাছে আসা', 'Inbox'],
    hint: ['অন্য দপ্তর বা সমিতির কমিটি আপনার দপ্তরের সমিতির তথ্য সংশোধনের অনুরোধ করেছে। খোলা অনুরোধ আগে।',
      'Requests to correct your office\'s records. Open requests first.'] },
  outbox: { tab: ['আমার পাঠানো', 'Outbox'],
    hint: ['আপনার দপ্তর যে সংশোধন অনুরোধ পাঠিয়েছে এবং তার ফলাফল।',
      'Requests your office filed and their outcome.'] },
};
const CORRECTABLE = FIELDS.filter(f => f[0] !== 'upazila_code');
// A request on an approved loan (subject_kind "loan") corrects its borrower: these fields, with these names.
const BORROWER_LABEL = { name_bn: ['ঋণগ্রহীতার নাম', "Borrower's name"],
  guardian_name_bn: ['পিতা / স্বামীর নাম', "Father's or husband's name"],
  barrack_no: ['ব্যারাক নং', 'Barrack no.'], room_no: ['কক্ষ নং', 'Room no.'], phone: ['মোবাইল', 'Mobile'],
  nid: ['জাতীয় পরিচয়পত্র নম্বর', 'National ID no.'] };
const onLoan = r => r.subject_kind === 'loan';
const labelOf = r => (onLoan(r) ? BORROWER_LABEL : LABEL)[r.field] || [r.field, r.field];
const fieldOf = name => CORRECTABLE.find(f => f[0] === name);
const enc = encodeURIComponent;

const section = document.createElement('section');
section.id = 'corrections-view';
section.hidden = true;
$('main').append(section);
// screen counts the screens shown: an answer that comes after its screen was left is dropped.
let me = null, rendered = '', pendingFlash = null, note = null, screen = 0;
let request = null, draft = null; // the request page's state; the correction form's state

const session = officerSession;
const call = (path, opts = {}) => officerCall(path, opts, me && me.token);
// A finished action's words, shown on the next screen once.
const flash = (b, e) => { pendingFlash = [b, e]; };
const flashNote = () => (note ? html`<div class="msg ok" role="status" data-testid="corrections-flash">${
  bil(...note)}</div>` : nothing);
const office = code => {
  if (code === 'public') return bil('সমিতির কমিটি (পাবলিক)', 'Society committee (public)');
  const l = LEVELS[(code || '').length] || ['দপ্তর', 'Office'];
  return html`${bil(l[0], l[1])}${code ? html` <span class="nowrap">${bn(code)}</span>` : nothing}`;
};
const named = (n, code) => (n ? bil(n.name_bn, n.name_en) : office(code));
const requester = r => (r.requester_office === 'public'
  ? bil(...(ROLES[r.requester_role] || ['পাবলিক', 'Public']))
  : html`${r.requested_by} · ${named(r.requester_office_name, r.requester_office)}`);
const fieldName = r => bil(...labelOf(r));
const stateTag = st => html`<span class="ctag ${st}" data-testid="correction-state">${
  bil(...(STATES[st] || [st, st]))}</span>`;
const isOwner = r => me.user.role === 'upazila' && (me.user.office || {}).code === r.owner_office;
const isFiler = r => me.user.role !== 'upazila' && (me.user.office || {}).code === r.requester_office;

// The shell's badge of open requests waiting for this office, after an action changed it.
async function refreshBadge() {
  try {
    setBadge('corrections', (await call('/api/corrections?box=inbox&state=open&limit=1')).counts.open);
  } catch (_) {
    /* the badge stays as it was */
  }
}

// ---- routing ----------------------------------------------------------------------------------
export function route() {
  me = session();
  const [path, query = ''] = (location.hash.slice(1) || '/').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'corrections' || !me) { section.hidden = true; rendered = ''; screen += 1; return; }
  section.hidden = false;
  const key = `${location.hash}|${me.token}`;
  if (key === rendered) return;
  rendered = key;
  note = pendingFlash; pendingFlash = null;
  screen += 1;
  render(nothing, section); // a new screen on new elements: the last screen's list cannot draw into it
  window.scrollTo(0, 0);
  const params = new URLSearchParams(query);
  if (parts[1] === 'r' && parts[2]) return showRequest(parts[2]);
  if (parts[1] === 'new' && parts[2]) return showNew(parts[2]);
  return showBox(parts[1] === 'outbox' ? 'outbox' : 'inbox', params.get('state') || '');
}
const go = hash => { if (location.hash === hash) { rendered = ''; route(); } else location.hash = hash; };
const back = (hash = '#/corrections', b = 'সংশোধন অনুরোধে ফিরুন', e = 'Back to correction requests') =>
  html`<p class="crumbs no-print"><a href=${hash}>← ${bil(b, e)}</a></p>`;

// ---- inbox and outbox ---------------------------------------------------------------------------
const item = r => html`<li class="crow ${r.state}" data-testid="correction-row" data-id=${r.id}>
<a href="#/corrections/r/${enc(r.id)}"><span class="name">${onLoan(r) ? `${r.subject_name_bn} · ` : ''}${
  r.society_name_bn}</span>
<span class="meta">${fieldName(r)}</span>
<span class="change">${shown(r.field, r.current_value)} → <b>${
  shown(r.field, r.proposed_value)}</b></span>
<span class="meta">${r.id} · ${when(r.created_at)} · ${requester(r)}</span>${stateTag(r.state)}</a></li>`;

// The count of each state, each a link that shows only that state (again: all of them).
const counts = (c, box, state) => html`<div id="c-counts" class="ccounts"><ul class="counts c4"
 data-testid="correction-counts">${Object.entries(STATES).map(([k, l]) => html`<li
 class=${k === state ? 'on' : nothing}><a href="#/corrections/${box}${qs({ state: k === state ? '' : k })}"
 data-testid="count-${k}"><b>${bn(c[k])}</b>${bil(...l)}</a></li>`)}</ul></div>`;

function showBox(box, state) {
  document.title = 'সংশোধন অনুরোধ · Correction requests';
  render(html`${flashNote()}<h1>${bil('সংশোধন অনুরোধ', 'Correction requests')}</h1>
<nav aria-label="Boxes"><ul class="mtabs no-print">${Object.entries(BOXES).map(([b, { tab }]) => html`<li><a
 href="#/corrections/${b}" aria-current=${b === box ? 'page' : nothing} data-testid="tab-${b}">${
  bil(...tab)}</a></li>`)}</ul></nav>
<p class="hint">${bil(...BOXES[box].hint)}</p><div id="c-box"></div>`, section);
  return pagedList($('#c-box', section), {
    name: 'c',
    page: cursor => call(`/api/corrections${qs({ box, state, cursor, limit: 20 })}`),
    head: d => counts(d.counts, box, state),
    row: item,
    empty: emptyNote(['এখানে কোনো অনুরোধ নেই', 'No requests here'], 'no-corrections'),
  }).reload();
}

// ---- one request -----------------------------------------------------------------------------------
async function showRequest(id) {
  const mine = screen;
  render(html`${back()}${loadingNote()}`, section);
  let r;
  try { r = await call(`/api/corrections/${enc(id)}`); } catch (e) {
    if (!e.handled && mine === screen) render(html`${back()}${errorNote(e, () => showRequest(id))}`, section);
    return;
  }
  if (mine !== screen) return;
  document.title = `${r.id} · সংশোধন অনুরোধ`;
  // asking: the question open ('apply', 'reject' or null); busy: an action is on its way.
  request = { r, asking: null, reason: '', busy: false, error: null };
  drawRequest();
}

const step = (r, h) => html`<li><b>${bil(...(STEPS[h.action] || [h.action, h.action]))}</b> · ${
  when(h.at)} · ${h.actor} · ${h.office === r.owner_office ? named(r.owner_office_name, h.office)
  : named(h.office === r.requester_office && r.requester_office_name, h.office)}${
  h.note ? html`<br>${h.note}` : nothing}</li>`;

function drawRequest() {
  const { r, busy, error } = request;
  render(html`${back(isOwner(r) ? '#/corrections/inbox' : '#/corrections/outbox')}${flashNote()}
<h1>${bil('সংশোধন অনুরোধ', 'Correction request')} <small>${r.id}</small></h1>
<div class="card"><p>${stateTag(r.state)}</p><dl class="facts">
${onLoan(r) ? html`<dt>${bil('ঋণগ্রহীতা (আশ্রয়ণ ঋণ)', 'Borrower (Asrayon loan)')}</dt><dd><a
 href="#/loans/loan/${enc(r.subject_id)}" data-testid="correction-loan">${r.subject_name_bn}</a><br><small>${
  r.society_name_bn}</small></dd>` : html`<dt>${bil('সমিতি', 'Society')}</dt><dd><a
 href="#/society/${enc(r.society_id)}" data-testid="correction-society">${r.society_name_bn}</a></dd>`}
<dt>${bil('তথ্য', 'Field')}</dt><dd>${fieldName(r)}</dd>
<dt>${bil('বর্তমান মান (অনুরোধের সময়)', 'Current value (when filed)')}</dt><dd data-testid="current-value">${
  shown(r.field, r.current_value)}</dd>
<dt>${bil('প্রস্তাবিত মান', 'Proposed value')}</dt><dd data-testid="proposed-value"><b>${
  shown(r.field, r.proposed_value)}</b></dd>
<dt>${bil('কারণ', 'Reason')}</dt><dd>${r.reason}</dd>
<dt>${bil('অনুরোধকারী', 'Requested by')}</dt><dd>${requester(r)}</dd>
${r.decision_reason ? html`<dt>${bil('সিদ্ধান্তের কারণ', 'Decision reason')}</dt><dd>${
    r.decision_reason}</dd>` : nothing}
</dl></div>
<div id="c-error">${error ? errorNote(error) : nothing}</div>
${r.state === 'open' && isOwner(r) ? ownerActions() : nothing}
${r.state === 'open' && isFiler(r) ? html`<div class="actions no-print"><button type="button"
 class="secondary" id="withdraw-correction" ?disabled=${busy}
 @click=${() => act('withdraw', {}, ['অনুরোধ প্রত্যাহার করা হয়েছে।', 'Withdrawn.'])}>${
  bil('অনুরোধ প্রত্যাহার করুন', 'Withdraw the request')}</button></div>` : nothing}
<h2>${bil('ইতিহাস', 'History')}</h2><ol class="log" data-testid="correction-history">${
  r.history.map(h => step(r, h))}</ol>`, section);
}

const APPLIED = ['সংশোধন প্রয়োগ করা হয়েছে; সমিতির ইতিহাসে অনুরোধ নম্বরসহ লেখা আছে।',
  'The correction was applied; the society\'s history records it with the request id.'];
const LOAN_APPLIED = ['সংশোধন প্রয়োগ করা হয়েছে; ঋণের ইতিহাসে অনুরোধ নম্বরসহ লেখা আছে।',
  "The correction was applied; the loan's history records it with the request id."];
const REJECTED = ['অনুরোধটি প্রত্যাখ্যান করা হয়েছে; অনুরোধকারীকে জানানো হয়েছে।',
  'Rejected; the requester was told.'];

// Apply and Reject each ask first: Apply shows what the record will become, Reject asks why.
function ownerActions() {
  const { r, asking, busy } = request, label = labelOf(r);
  const applyBox = confirmBox({
    question: onLoan(r) ? [`ঋণগ্রহীতার রেকর্ডে "${label[0]}" বদলে হবে:`,
      `The borrower's record will change "${label[1]}" to:`] : [`সমিতির রেকর্ডে "${label[0]}" বদলে হবে:`,
      `The society's record will change "${label[1]}" to:`],
    body: html`<p><b>${shown(r.field, r.proposed_value)}</b></p>`,
    yes: ['হ্যাঁ, প্রয়োগ করুন', 'Yes, apply'], no: ['না', 'No'], busy,
    yesId: 'confirm-apply', noId: 'cancel-apply',
    onYes: () => act('apply', {}, onLoan(r) ? LOAN_APPLIED : APPLIED),
    onNo: () => ask(null, '#apply-correction'),
  });
  const rejectBox = confirmBox({
    question: ['অনুরোধটি প্রত্যাখ্যান করবেন?', 'Reject this request?'], danger: true,
    body: html`<div class="field"><label for="reject-reason">${
      bil('প্রত্যাখ্যানের কারণ', 'Reason for rejecting')}</label>
<textarea id="reject-reason" rows="3" required
 @input=${e => { request.reason = e.target.value; }}></textarea></div>`,
    yes: ['প্রত্যাখ্যান নিশ্চিত করুন', 'Confirm rejection'], yesId: 'confirm-reject', busy,
    onYes: () => act('reject', { reason: request.reason }, REJECTED),
    onNo: () => ask(null, '#show-reject'),
  });
  return html`<div class="actions no-print">
<button type="button" id="apply-correction" @click=${() => ask('apply', '#confirm-apply')}>${
  bil('প্রয়োগ করুন', 'Apply')}</button>
<button type="button" class="secondary" id="show-reject" @click=${() => ask('reject', '#reject-reason')}>${
  bil('প্রত্যাখ্যান করুন', 'Reject')}</button></div>
${asking === 'apply' ? html`<div id="apply-confirm" class="no-print">${applyBox}</div>` : nothing}
${asking === 'reject' ? html`<div id="reject-confirm" class="no-print">${rejectBox}</div>` : nothing}`;
}

// Open a question (or close it: what null) and put the focus where the officer goes next.
function ask(what, focus) {
  Object.assign(request, { asking: what, reason: '', error: null });
  drawRequest();
  $(focus, section).focus();
}

async function act(path, body, done) {
  const mine = screen;
  Object.assign(request, { busy: true, error: null });
  drawRequest();
  try {
    await call(`/api/corrections/${enc(request.r.id)}/${path}`, { method: 'POST', body });
    if (mine !== screen) return;
    flash(...done);
    refreshBadge();
    go(location.hash);
  } catch (e) {
    if (mine !== screen) return;
    Object.assign(request, { busy: false, error: e.handled ? null : e });
    drawRequest();
  }
}

// ---- file a request (offices above the owner) --------------------------------------------------
const KIND_CHOICES = [['elected', 'নির্বাচিত', 'Elected'], ['interim', 'অন্তর্বর্তী', 'Interim'],
  ['new_registration', 'নতুন নিবন্ধন', 'New registration']];

function valueInput(f, current) {
  const [name, , , kind] = f;
  const v = current ?? '';
  if (kind === 'textarea') return html`<textarea id="c-value" rows="2" .value=${String(v)}></textarea>`;
  if (kind === 'kind') {
    return html`<select id="c-value">${KIND_CHOICES.map(([k, b, e]) => html`<option value=${k}
 ?selected=${k === v}>${b} · ${e}</option>`)}</select>`;
  }
  if (kind === 'taka') {
    return html`<input id="c-value" inputmode="decimal" .value=${v === '' ? '' : String(v / 100)}>`;
  }
  if (kind === 'date') return dateField({ id: 'c-value', field: name, value: v });
  const type = { tel: 'tel', url: 'url' }[kind] || 'text';
  return html`<input id="c-value" type=${type} .value=${String(v)} data-field=${name}>`;
}
function proposedValue(f) {
  const raw = $('#c-value', section).value.trim();
  if (raw === '') return null;
  if (f[3] === 'taka') {
    const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(ascii(raw).replace(/[,\s]/g, ''));
    return m ? Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0')) : raw;
  }
  if (f[3] === 'date') return isoDate(raw) || raw; // the server names what is wrong with the rest
  return raw;
}

async function showNew(societyId) {
  const mine = screen, toSociety = `#/society/${enc(societyId)}`;
  render(html`${back(toSociety, 'সমিতিতে ফিরুন', 'Back to the society')}${loadingNote()}`, section);
  let s;
  try { s = await call(`/api/societies/${enc(societyId)}`); } catch (e) {
    if (e.handled || mine !== screen) return;
    render(html`${back()}${errorNote(e, () => showNew(societyId))}`, section);
    return;
  }
  if (mine !== screen) return;
  document.title = `সংশোধনের অনুরোধ · ${s.name_bn}`;
  const openFields = new Set((s.open_corrections || []).map(o => o.field));
  const first = CORRECTABLE.find(f => !openFields.has(f[0])) || CORRECTABLE[0];
  draft = { s, openFields, field: first[0], sending: false };
  drawNew();
  newValueInput();
}

function drawNew() {
  const { s, openFields, field, sending } = draft;
  render(html`${back(`#/society/${enc(s.id)}`, 'সমিতিতে ফিরুন', 'Back to the society')}
<h1>${bil('সংশোধনের অনুরোধ', 'Request a correction')} <small>${s.name_bn}</small></h1>
<p class="hint">${bil(
    'আপনার দপ্তর অধীনস্থ দপ্তরের তথ্য সরাসরি বদলায় না: '
    + 'উপজেলা সমবায় দপ্তর অনুরোধটি প্রয়োগ বা প্রত্যাখ্যান করবে।',
    "Your office does not edit a subordinate office's records: the upazila office applies or rejects "
    + 'the request.')}</p>
<form id="correction-form" class="card" novalidate @submit=${send}>
<div id="c-error"></div>
<div class="field"><label for="c-field">${bil('কোন তথ্য', 'Which field')}</label>
<select id="c-field" @change=${pickField}>${CORRECTABLE.map(([name, b, e]) => html`<option value=${name}
 ?disabled=${openFields.has(name)} ?selected=${name === field}>${b} · ${e}${
  openFields.has(name) ? ' (অনুরোধ খোলা · open request)' : ''}</option>`)}</select></div>
<div class="field"><span class="label">${bil('বর্তমান মান', 'Current value')}</span>
<p id="c-current" data-testid="form-current">${shown(field, s[field])}</p></div>
<div class="field" id="c-value-field"><label for="c-value">${bil('সঠিক মান', 'Correct value')}</label>
<div id="c-value-box"></div></div>
<div class="field"><label for="c-reason">${bil('কারণ', 'Reason')}</label>
<textarea id="c-reason" rows="3" required></textarea>
<p class="hint">${bil('যেমন: নিবন্ধন সনদে ঠিকানা ভিন্ন',
    'e.g. the registration certificate shows another address')}</p></div>
<button type="submit" id="send-correction" ?disabled=${sending}>${
  bil('অনুরোধ পাঠান', 'Send the request')}</button></form>`, section);
}

function pickField(ev) {
  draft.field = ev.target.value;
  drawNew();
  newValueInput();
}
// The chosen field's input, new each time: what was typed for another field does not carry over.
function newValueInput() {
  const box = $('#c-value-box', section);
  render(nothing, box);
  render(valueInput(fieldOf(draft.field), draft.s[draft.field]), box);
}

async function send(ev) {
  ev.preventDefault();
  const form = ev.target, errors = $('#c-error', section), f = fieldOf(draft.field), mine = screen;
  clearErrors(form, errors);
  draft.sending = true;
  drawNew();
  try {
    const r = await call('/api/corrections', { method: 'POST', body: { society_id: draft.s.id, field: f[0],
      proposed_value: proposedValue(f), reason: $('#c-reason', section).value } });
    if (mine !== screen) return;
    flash(`অনুরোধ পাঠানো হয়েছে। অনুরোধ নম্বর ${r.id}। উপজেলা সমবায় দপ্তরকে এসএমএস-এ জানানো হয়েছে।`,
      `Request sent: ${r.id}. The upazila office was told by SMS.`);
    go(`#/corrections/r/${enc(r.id)}`);
  } catch (e) {
    if (mine !== screen) return;
    draft.sending = false;
    drawNew();
    if (e.handled) return;
    // A date the server could not read was typed some other way than day first.
    const details = (e.details || []).map(d => (d.field === 'proposed_value' && f[3] === 'date'
      && /^date_/.test(d.code) ? { ...d, ...DATE_ERROR } : d));
    showErrors(form, errors, { ...e, message: e.message, details }, // a spread leaves message out
      { field: 'c-field', proposed_value: 'c-value', reason: 'c-reason' },
      code => ({ no_change: 'c-value', invalid_reason: 'c-reason' })[code]);
  }
}

// ---- on a society's page (societies.js calls this once the page is drawn) ---------------------------
// Draws into the page's #society-corrections: the open requests, and the link to file one.
export function societyCorrections(s) {
  const box = $('#society-corrections');
  me = session();
  if (!box || !me) return;
  const open = s.open_corrections || [];
  render(html`${open.length ? html`<div class="msg info" data-testid="open-corrections"><p>${bil(
    `এই সমিতির ${bn(open.length)}টি সংশোধন অনুরোধ খোলা আছে`,
    `${open.length} open correction request(s)`)}</p><ul>${open.map(o => html`<li><a
 href="#/corrections/r/${enc(o.id)}">${o.id}</a> · ${fieldName(o)} · ${
  office(o.requested_by_office)}</li>`)}</ul></div>` : nothing}${
    me.user.role !== 'upazila' && !s.dissolved_on ? html`<p class="no-print"><a class="btn secondary"
 id="request-correction" href="#/corrections/new/${enc(s.id)}">${
      bil('সংশোধনের অনুরোধ করুন', 'Request a correction')}</a></p>` : nothing}`, box);
}
