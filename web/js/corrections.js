// Correction requests in officer.html (#/corrections…): the inbox (requests to the office, open first,
// counts per state), the outbox (the office's own requests and their outcomes), one request's page
// (field, current → proposed, reason, history; Apply / Reject for the owning office, Withdraw for the
// filer) and the "request a correction" form (#/corrections/new/<society id>, offices above the owner).
// The shell (officer.js) imports it when first opened; societies.js calls societyCorrections() on a
// society's page to add the open requests and the request link there.
import {
  $, ascii, bi, bn, clearErrors, DATE_ERROR, dateInput, empty, errorBox, esc, isoDate, loading, officerCall,
  officerSession, qs, setBadge, showErrors, when,
} from './common.js';
import { FIELDS, LABEL, shown } from './form.js';

const STATES = {
  open: ['খোলা', 'Open'], applied: ['প্রয়োগ করা হয়েছে', 'Applied'], rejected: ['প্রত্যাখ্যাত', 'Rejected'],
  withdrawn: ['প্রত্যাহার করা হয়েছে', 'Withdrawn'],
};
const STEPS = { filed: ['অনুরোধ পাঠানো হয়েছে', 'Filed'], ...STATES };
const LEVELS = { 0: ['সমবায় অধিদপ্তর', 'HQ'], 2: ['বিভাগীয় দপ্তর', 'Division office'],
  4: ['জেলা সমবায় দপ্তর', 'District office'], 6: ['উপজেলা সমবায় দপ্তর', 'Upazila office'] };
const ROLES = { president: ['সমিতির সভাপতি', 'Society president'],
  secretary: ['সমিতির সম্পাদক', 'Society secretary'] };
const CORRECTABLE = FIELDS.filter(f => f[0] !== 'upazila_code');
const enc = encodeURIComponent;

const section = document.createElement('section');
section.id = 'corrections-view';
section.hidden = true;
$('main').append(section);
let me = null, rendered = '', pendingFlash = '';

const session = officerSession;
const call = (path, opts = {}) => officerCall(path, opts, me && me.token);
const flash = (b, e) => {
  pendingFlash = `<div class="msg ok" role="status" data-testid="corrections-flash">${bi(b, e)}</div>`;
};
const office = code => {
  if (code === 'public') return bi('সমিতির কমিটি (পাবলিক)', 'Society committee (public)');
  const l = LEVELS[(code || '').length] || ['দপ্তর', 'Office'];
  return `${bi(l[0], l[1])}${code ? ` <span class="nowrap">${bn(code)}</span>` : ''}`;
};
const named = (n, code) => (n ? bi(n.name_bn, n.name_en) : office(code));
const requester = r => (r.requester_office === 'public'
  ? bi(...(ROLES[r.requester_role] || ['পাবলিক', 'Public']))
  : `${esc(r.requested_by)} · ${named(r.requester_office_name, r.requester_office)}`);
const fieldName = f => bi(...(LABEL[f] || [f, f]));
const stateTag = st => `<span class="ctag ${esc(st)}" data-testid="correction-state">${
  bi(...(STATES[st] || [st, st]))}</span>`;
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
  if (parts[0] !== 'corrections' || !me) { section.hidden = true; rendered = ''; return; }
  section.hidden = false;
  const key = `${location.hash}|${me.token}`;
  if (key === rendered) return;
  rendered = key;
  window.scrollTo(0, 0);
  const params = new URLSearchParams(query);
  if (parts[1] === 'r' && parts[2]) return showRequest(parts[2]);
  if (parts[1] === 'new' && parts[2]) return showNew(parts[2]);
  return showBox(parts[1] === 'outbox' ? 'outbox' : 'inbox', params.get('state') || '');
}
const go = hash => { if (location.hash === hash) { rendered = ''; route(); } else location.hash = hash; };
const back = (hash = '#/corrections', b = 'সংশোধন অনুরোধে ফিরুন', e = 'Back to correction requests') =>
  `<p class="crumbs no-print"><a href="${hash}">← ${bi(b, e)}</a></p>`;
const top = () => { const f = pendingFlash; pendingFlash = ''; return f; };

// ---- inbox and outbox ---------------------------------------------------------------------------
function item(r) {
  return `<li class="crow ${esc(r.state)}" data-testid="correction-row" data-id="${esc(r.id)}">
<a href="#/corrections/r/${enc(r.id)}"><span class="name">${esc(r.society_name_bn)}</span>
<span class="meta">${fieldName(r.field)}</span>
<span class="change">${shown(r.field, r.current_value)} → <b>${shown(r.field, r.proposed_value)}</b></span>
<span class="meta">${esc(r.id)} · ${when(r.created_at)} · ${requester(r)}</span>${
  stateTag(r.state)}</a></li>`;
}

async function showBox(box, state) {
  document.title = 'সংশোধন অনুরোধ · Correction requests';
  const tab = (b, label) => `<li><a href="#/corrections/${b}" ${b === box ? 'aria-current="page"' : ''}
 data-testid="tab-${b}">${bi(...label)}</a></li>`;
  section.innerHTML = `${top()}<h1>${bi('সংশোধন অনুরোধ', 'Correction requests')}</h1>
<nav aria-label="Boxes"><ul class="mtabs no-print">${tab('inbox', ['আমার কাছে আসা', 'Inbox'])}${
  tab('outbox', ['আমার পাঠানো', 'Outbox'])}</ul></nav>
<p class="hint">${box === 'inbox'
    ? bi('অন্য দপ্তর বা সমিতির কমিটি আপনার দপ্তরের সমিতির তথ্য সংশোধনের অনুরোধ করেছে। খোলা অনুরোধ আগে।',
      'Requests to correct your office\'s records. Open requests first.')
    : bi('আপনার দপ্তর যে সংশোধন অনুরোধ পাঠিয়েছে এবং তার ফলাফল।',
      'Requests your office filed and their outcome.')}</p>
<div id="c-counts" class="ccounts"></div><ul id="c-list" class="rows" aria-live="polite"></ul>
<div id="c-state"></div>
<button type="button" id="c-more" class="more secondary" hidden>${bi('আরও দেখুন', 'Load more')}</button>`;
  let cursor = null;
  const load = async () => {
    $('#c-state').innerHTML = loading();
    try {
      const d = await call(`/api/corrections${qs({ box, state, cursor, limit: 20 })}`);
      $('#c-counts').innerHTML = `<ul class="counts c4" data-testid="correction-counts">${
        Object.entries(STATES).map(([k, l]) => `<li class="${k === state ? 'on' : ''}"><a
 href="#/corrections/${
          box}${qs({ state: k === state ? '' : k })}" data-testid="count-${k}"><b>${bn(d.counts[k])}</b>${
          bi(...l)}</a></li>`)
          .join('')}</ul>`;
      $('#c-list').insertAdjacentHTML('beforeend', d.items.map(item).join(''));
      cursor = d.next_cursor;
      $('#c-more').hidden = !cursor;
      $('#c-state').innerHTML = $('#c-list').children.length ? ''
        : empty('এখানে কোনো অনুরোধ নেই', 'No requests here', 'no-corrections');
    } catch (e) { if (!e.handled) $('#c-state').innerHTML = errorBox(e); }
  };
  $('#c-more').onclick = load;
  await load();
}

// ---- one request -----------------------------------------------------------------------------------
async function showRequest(id) {
  section.innerHTML = back() + loading();
  let r;
  try { r = await call(`/api/corrections/${enc(id)}`); } catch (e) {
    if (!e.handled) section.innerHTML = back() + errorBox(e);
    return;
  }
  document.title = `${r.id} · সংশোধন অনুরোধ`;
  const steps = r.history.map(h => `<li><b>${bi(...(STEPS[h.action] || [h.action, h.action]))}</b> · ${
    when(h.at)} · ${esc(h.actor)} · ${h.office === r.owner_office ? named(r.owner_office_name, h.office)
    : named(h.office === r.requester_office && r.requester_office_name, h.office)}${
    h.note ? `<br>${esc(h.note)}` : ''}</li>`).join('');
  section.innerHTML = `${back(isOwner(r) ? '#/corrections/inbox' : '#/corrections/outbox')}${top()}
<h1>${bi('সংশোধন অনুরোধ', 'Correction request')} <small>${esc(r.id)}</small></h1>
<div class="card"><p>${stateTag(r.state)}</p><dl class="facts">
<dt>${bi('সমিতি', 'Society')}</dt><dd><a href="#/society/${enc(r.society_id)}"
 data-testid="correction-society">${
  esc(r.society_name_bn)}</a></dd>
<dt>${bi('তথ্য', 'Field')}</dt><dd>${fieldName(r.field)}</dd>
<dt>${bi('বর্তমান মান (অনুরোধের সময়)', 'Current value (when filed)')}</dt><dd data-testid="current-value">${
  shown(r.field, r.current_value)}</dd>
<dt>${bi('প্রস্তাবিত মান', 'Proposed value')}</dt><dd data-testid="proposed-value"><b>${
  shown(r.field, r.proposed_value)}</b></dd>
<dt>${bi('কারণ', 'Reason')}</dt><dd>${esc(r.reason)}</dd>
<dt>${bi('অনুরোধকারী', 'Requested by')}</dt><dd>${requester(r)}</dd>
${r.decision_reason ? `<dt>${bi('সিদ্ধান্তের কারণ', 'Decision reason')}</dt><dd>${
    esc(r.decision_reason)}</dd>` : ''}
</dl></div>
<div id="c-error"></div>
${r.state === 'open' && isOwner(r) ? `<div class="actions no-print">
<button type="button" id="apply-correction">${bi('প্রয়োগ করুন', 'Apply')}</button>
<button type="button" class="secondary" id="show-reject">${bi('প্রত্যাখ্যান করুন', 'Reject')}</button></div>
<div id="apply-confirm" class="card no-print" role="alertdialog" aria-labelledby="apply-question" hidden>
<p id="apply-question">${bi(`সমিতির রেকর্ডে "${(LABEL[r.field] || [r.field])[0]}" বদলে হবে:`,
    `The society's record will change "${(LABEL[r.field] || [, r.field])[1]}" to:`)}
 <b>${shown(r.field, r.proposed_value)}</b></p>
<div class="actions">
<button type="button" id="confirm-apply">${bi('হ্যাঁ, প্রয়োগ করুন', 'Yes, apply')}</button>
<button type="button" class="secondary" id="cancel-apply">${bi('না', 'No')}</button></div></div>
<form id="reject-form" class="card no-print" hidden novalidate>
<div class="field"><label for="reject-reason">${bi('প্রত্যাখ্যানের কারণ', 'Reason for rejecting')}</label>
<textarea id="reject-reason" rows="3" required></textarea></div>
<button type="submit" class="danger" id="confirm-reject">${
  bi('প্রত্যাখ্যান নিশ্চিত করুন', 'Confirm rejection')}</button>
</form>` : ''}
${r.state === 'open' && isFiler(r) ? `<div class="actions no-print"><button type="button" class="secondary"
 id="withdraw-correction">${bi('অনুরোধ প্রত্যাহার করুন', 'Withdraw the request')}</button></div>` : ''}
<h2>${bi('ইতিহাস', 'History')}</h2><ol class="log" data-testid="correction-history">${steps}</ol>`;
  const act = async (btn, path, body, done) => {
    btn.disabled = true;
    try {
      await call(`/api/corrections/${enc(r.id)}/${path}`, { method: 'POST', body });
      flash(...done);
      refreshBadge();
      go(location.hash);
    } catch (e) { btn.disabled = false; if (!e.handled) $('#c-error').innerHTML = errorBox(e); }
  };
  const apply = $('#apply-correction');
  if (apply) {
    apply.onclick = () => { $('#apply-confirm').hidden = false; $('#confirm-apply').focus(); };
    $('#cancel-apply').onclick = () => { $('#apply-confirm').hidden = true; apply.focus(); };
    $('#confirm-apply').onclick = () => act($('#confirm-apply'), 'apply', {}, [
      'সংশোধন প্রয়োগ করা হয়েছে; সমিতির ইতিহাসে অনুরোধ নম্বরসহ লেখা আছে।',
      'The correction was applied; the society\'s history records it with the request id.']);
    $('#show-reject').onclick = () => { $('#reject-form').hidden = false; $('#reject-reason').focus(); };
    $('#reject-form').onsubmit = ev => {
      ev.preventDefault();
      act($('#confirm-reject'), 'reject', { reason: $('#reject-reason').value },
        ['অনুরোধটি প্রত্যাখ্যান করা হয়েছে; অনুরোধকারীকে জানানো হয়েছে।',
          'Rejected; the requester was told.']);
    };
  }
  const withdraw = $('#withdraw-correction');
  if (withdraw) {
    withdraw.onclick = () => act(withdraw, 'withdraw', {}, ['অনুরোধ প্রত্যাহার করা হয়েছে।', 'Withdrawn.']);
  }
}

// ---- file a request (offices above the owner) --------------------------------------------------
function valueInput(f, current) {
  const [name, , , kind] = f;
  const v = current ?? '';
  if (kind === 'textarea') return `<textarea id="c-value" rows="2">${esc(v)}</textarea>`;
  if (kind === 'kind') {
    return `<select id="c-value">${[['elected', 'নির্বাচিত', 'Elected'],
      ['interim', 'অন্তর্বর্তী', 'Interim'],
      ['new_registration', 'নতুন নিবন্ধন', 'New registration']].map(([k, b, e]) => `<option value="${k}"${
      k === v ? ' selected' : ''}>${b} · ${e}</option>`).join('')}</select>`;
  }
  if (kind === 'taka') {
    return `<input id="c-value" inputmode="decimal" value="${v === '' ? '' : esc(v / 100)}">`;
  }
  if (kind === 'date') return dateInput(`id="c-value" data-field="${esc(name)}"`, v);
  const type = { tel: 'tel', url: 'url' }[kind] || 'text';
  return `<input id="c-value" type="${type}" value="${esc(v)}" data-field="${esc(name)}">`;
}
function proposedValue(f) {
  const raw = $('#c-value').value.trim();
  if (raw === '') return null;
  if (f[3] === 'taka') {
    const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(ascii(raw).replace(/[,\s]/g, ''));
    return m ? Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0')) : raw;
  }
  if (f[3] === 'date') return isoDate(raw) || raw; // the server names what is wrong with the rest
  return raw;
}

async function showNew(societyId) {
  section.innerHTML = back(`#/society/${enc(societyId)}`, 'সমিতিতে ফিরুন', 'Back to the society') + loading();
  let s;
  try { s = await call(`/api/societies/${enc(societyId)}`); } catch (e) {
    if (!e.handled) section.innerHTML = back() + errorBox(e);
    return;
  }
  document.title = `সংশোধনের অনুরোধ · ${s.name_bn}`;
  const openFields = new Set((s.open_corrections || []).map(o => o.field));
  section.innerHTML = `${back(`#/society/${enc(s.id)}`, 'সমিতিতে ফিরুন', 'Back to the society')}
<h1>${bi('সংশোধনের অনুরোধ', 'Request a correction')} <small>${esc(s.name_bn)}</small></h1>
<p class="hint">${bi(
    'আপনার দপ্তর অধীনস্থ দপ্তরের তথ্য সরাসরি বদলায় না: '
    + 'উপজেলা সমবায় দপ্তর অনুরোধটি প্রয়োগ বা প্রত্যাখ্যান করবে।',
    "Your office does not edit a subordinate office's records: the upazila office applies or rejects "
    + 'the request.')}</p>
<form id="correction-form" class="card" novalidate>
<div id="c-error"></div>
<div class="field"><label for="c-field">${bi('কোন তথ্য', 'Which field')}</label>
<select id="c-field">${CORRECTABLE.map(f => `<option value="${f[0]}"${
    openFields.has(f[0]) ? ' disabled' : ''}>${esc(f[1])} · ${esc(f[2])}${
    openFields.has(f[0]) ? ' (অনুরোধ খোলা · open request)' : ''}</option>`).join('')}</select></div>
<div class="field"><span class="label">${bi('বর্তমান মান', 'Current value')}</span>
<p id="c-current" data-testid="form-current"></p></div>
<div class="field" id="c-value-field"><label for="c-value">${bi('সঠিক মান', 'Correct value')}</label>
<div id="c-value-box"></div></div>
<div class="field"><label for="c-reason">${bi('কারণ', 'Reason')}</label>
<textarea id="c-reason" rows="3" required></textarea>
<p class="hint">${bi('যেমন: নিবন্ধন সনদে ঠিকানা ভিন্ন',
    'e.g. the registration certificate shows another address')}</p></div>
<button type="submit" id="send-correction">${bi('অনুরোধ পাঠান', 'Send the request')}</button></form>`;
  const pickField = () => {
    const f = CORRECTABLE.find(x => x[0] === $('#c-field').value);
    $('#c-current').innerHTML = shown(f[0], s[f[0]]);
    $('#c-value-box').innerHTML = valueInput(f, s[f[0]]);
  };
  const first = CORRECTABLE.find(f => !openFields.has(f[0]));
  if (first) $('#c-field').value = first[0];
  $('#c-field').onchange = pickField;
  pickField();
  $('#correction-form').onsubmit = async ev => {
    ev.preventDefault();
    const btn = $('#send-correction');
    const f = CORRECTABLE.find(x => x[0] === $('#c-field').value);
    clearErrors(ev.target, $('#c-error'));
    btn.disabled = true;
    try {
      const r = await call('/api/corrections', { method: 'POST', body: {
        society_id: s.id, field: f[0], proposed_value: proposedValue(f), reason: $('#c-reason').value } });
      flash(`অনুরোধ পাঠানো হয়েছে। অনুরোধ নম্বর ${r.id}। উপজেলা সমবায় দপ্তরকে এসএমএস-এ জানানো হয়েছে।`,
        `Request sent: ${r.id}. The upazila office was told by SMS.`);
      go(`#/corrections/r/${enc(r.id)}`);
    } catch (e) {
      btn.disabled = false;
      if (e.handled) return;
      // A date the server could not read was typed some other way than day first.
      const details = (e.details || []).map(d => (d.field === 'proposed_value' && f[3] === 'date'
        && /^date_/.test(d.code) ? { ...d, ...DATE_ERROR } : d));
      showErrors(ev.target, $('#c-error'), { ...e, details },
        { field: 'c-field', proposed_value: 'c-value', reason: 'c-reason' },
        code => ({ no_change: 'c-value', invalid_reason: 'c-reason' })[code]);
    }
  };
}

// ---- on a society's page (societies.js calls this once the page is drawn) ---------------------------
export function societyCorrections(s) {
  const box = $('#society-corrections');
  me = session();
  if (!box || !me) return;
  const open = s.open_corrections || [];
  box.innerHTML = `${open.length ? `<div class="msg info" data-testid="open-corrections"><p>${bi(
    `এই সমিতির ${bn(open.length)}টি সংশোধন অনুরোধ খোলা আছে`,
    `${open.length} open correction request(s)`)}</p><ul>${
    open.map(o => `<li><a href="#/corrections/r/${enc(o.id)}">${esc(o.id)}</a> · ${fieldName(o.field)} · ${
      office(o.requested_by_office)}</li>`).join('')}</ul></div>` : ''}${
    me.user.role !== 'upazila' && !s.dissolved_on ? `<p class="no-print"><a class="btn secondary"
 id="request-correction" href="#/corrections/new/${enc(s.id)}">${
      bi('সংশোধনের অনুরোধ করুন', 'Request a correction')}</a></p>` : ''}`;
}
