// Officer pages (hash routes): #/ list · #/new · #/society/<id> · #/edit/<id>
import { $, api, areaName, badge, bi, bn, date, errorBox, esc, fact, KINDS, loading, num, picker, qs, societyFacts, societyHead } from './common.js';

const S = sessionStorage;
let token = S.getItem('samabay.token'), user = JSON.parse(S.getItem('samabay.user') || 'null');
let pendingFlash = '', created = null;
const L = { area: '', status: '', kind: '', q: '', cursor: null, dirty: true, seq: 0 };
const views = { login: $('#login'), list: $('#list-view'), page: $('#page') };
const list = $('#list'), more = $('#more'), listState = $('#list-state');

const ROLES = { upazila: ['উপজেলা সমবায় অফিসার', 'Upazila Cooperative Officer'], district: ['জেলা সমবায় অফিসার', 'District Cooperative Officer'],
  division: ['যুগ্ম-নিবন্ধক', 'Joint Registrar'], hq: ['সমবায় অধিদপ্তর (প্রধান কার্যালয়)', 'Department of Cooperatives (HQ)'] };
const PHONE_ROLES = { officer: ['কর্মকর্তা', 'Officer'], president: ['সভাপতি', 'President'], secretary: ['সম্পাদক', 'Secretary'] };
const canWrite = () => user && user.role === 'upazila';
// Every field of the registry form, named exactly like the API's fields.
// [name, Bengali label, English label, input kind, required, hint bn, hint en]
const FIELDS = [
  ['registration_no', 'নিবন্ধন নম্বর', 'Registration no.', 'text', 1, 'যেমন JHE-19-101 (জেলায় অনন্য)', 'e.g. JHE-19-101, unique in the district'],
  ['registered_on', 'নিবন্ধনের তারিখ', 'Registered on', 'date', 1],
  ['name_bn', 'সমিতির নাম (বাংলায়)', 'Name in Bengali', 'text', 1],
  ['name_en', 'সমিতির নাম (ইংরেজিতে)', 'Name in English', 'text', 0],
  ['address', 'ঠিকানা', 'Address', 'textarea', 1],
  ['upazila_code', 'উপজেলা', 'Upazila', 'upazila', 1],
  ['committee_kind', 'কমিটির ধরন', 'Committee kind', 'kind', 1],
  ['committee_started_on', 'কমিটি শুরুর তারিখ (নির্বাচন / অন্তর্বর্তী কমিটি / নিবন্ধন)', 'Committee started on (election / interim / registration)', 'date', 1],
  ['term_ends_on', 'মেয়াদ শেষের তারিখ (ঐচ্ছিক)', 'Term ends on (optional)', 'date', 0, 'খালি রাখলে নির্বাচিত কমিটি ৩ বছর, অন্তর্বর্তী ১২০ দিন', 'Leave empty: elected committee 3 years, interim 120 days'],
  ['last_agm_on', 'সর্বশেষ বার্ষিক সাধারণ সভার তারিখ', 'Last AGM on', 'date', 0],
  ['last_audit_year', 'সর্বশেষ অডিটের অর্থবছর', 'Last audited financial year', 'text', 0, 'যেমন ২০২৪-২০২৫', 'e.g. 2024-2025'],
  ['last_audit_on', 'সর্বশেষ অডিটের তারিখ', 'Last audit on', 'date', 0],
  ['officer_phone', 'দায়িত্বপ্রাপ্ত কর্মকর্তার মোবাইল', 'Officer in charge, mobile', 'tel', 1, 'যেমন ০১৭১২৩৪৫৬৭৮', 'e.g. 01712345678'],
  ['president_phone', 'সভাপতির মোবাইল', 'President, mobile', 'tel', 0, 'যেমন ০১৭১২৩৪৫৬৭৮', 'e.g. 01712345678'],
  ['secretary_phone', 'সম্পাদকের মোবাইল', 'Secretary, mobile', 'tel', 0, 'যেমন ০১৭১২৩৪৫৬৭৮', 'e.g. 01712345678'],
  ['facebook_url', 'ফেসবুক পেজ', 'Facebook page', 'url', 0, 'https://facebook.com/ দিয়ে শুরু', 'starts with https://facebook.com/'],
];
const LABEL = Object.fromEntries(FIELDS.map(f => [f[0], [f[1], f[2]]]));
// Errors about two fields at once are shown next to the one to fix.
const CODE_FIELD = { term_end_before_start: 'term_ends_on', committee_before_registration: 'committee_started_on', duplicate_registration_no: 'registration_no' };

const phoneText = p => p ? bn(String(p).replace(/^\+88/, '')) : '—';
const tel = p => p ? `<a href="tel:${esc(p)}">${phoneText(p)}</a>` : '—';
const dhaka = (at, o) => { try { return new Date(at).toLocaleString('en-GB', { timeZone: 'Asia/Dhaka', ...o }); } catch (_) { return at; } };
const when = at => at ? bn(dhaka(at, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false })) : '—';
const todayIso = () => new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Dhaka' });

function show(name) { for (const [k, v] of Object.entries(views)) v.hidden = k !== name; }
function flash(kind, b, e) { pendingFlash = `<div class="msg ${kind}" role="status" data-testid="flash">${bi(b, e)}</div>`; }

function saveSession(d) {
  token = d.token; user = d.user;
  S.setItem('samabay.token', token); S.setItem('samabay.user', JSON.stringify(user));
  S.setItem('samabay.exp', String(Date.now() + (d.expires_in || 3600) * 1000 - 30000));
}
function logout(err) {
  for (const k of ['token', 'user', 'exp']) S.removeItem(`samabay.${k}`);
  token = null; user = null; created = null; pickFor = null;
  Object.assign(L, { area: '', status: '', kind: '', q: '', cursor: null, dirty: true });
  $('#login-error').innerHTML = err ? errorBox(err).replace('class="msg error"', 'class="msg error" data-testid="form-error"') : '';
  if (location.hash && location.hash !== '#/') location.hash = '#/'; else route();
}
// Any API call with the token; an ended session sends the officer back to the login form.
async function call(path, opts = {}) {
  try { return await api(path, { ...opts, token }); } catch (e) {
    if (e.code === 'session_expired' || e.status === 401) { logout(e); throw Object.assign(e, { handled: true }); }
    throw e;
  }
}

function route() {
  $('#flash').innerHTML = pendingFlash; pendingFlash = '';
  if (token && Date.now() > Number(S.getItem('samabay.exp') || 0)) {
    return logout({ message: 'Your session has ended. Please log in again.', message_bn: 'আপনার সেশন শেষ হয়েছে। আবার লগইন করুন।' });
  }
  $('#who').hidden = $('#logout').hidden = !token;
  if (!token) { show('login'); document.title = 'অফিসার লগইন · Officer login'; return; }
  $('#who').innerHTML = bi(`${user.username} · ${user.office.name_bn || ''}`, (ROLES[user.role] || ['', ''])[1]);
  const parts = (location.hash.slice(1) || '/').split('?')[0].split('/').filter(Boolean).map(decodeURIComponent);
  window.scrollTo(0, 0);
  if (parts[0] === 'new') return showForm(null);
  if (parts[0] === 'edit' && parts[1]) return showForm(parts[1]);
  if (parts[0] === 'society' && parts[1]) return showDetail(parts[1]);
  return showList();
}

$('#login-form').onsubmit = async e => {
  e.preventDefault();
  const btn = $('#login-button'), box = $('#login-error');
  btn.disabled = true; box.innerHTML = loading();
  try {
    saveSession(await api('/api/auth/login', { method: 'POST', body: { username: $('#username').value.trim(), password: $('#password').value } }));
    $('#password').value = ''; box.innerHTML = '';
    route();
  } catch (err) {
    box.innerHTML = errorBox(err).replace('class="msg error"', 'class="msg error" data-testid="form-error"');
  } finally { btn.disabled = false; }
};
$('#logout').onclick = () => logout(null);

// ---- the list of the office's societies -------------------------------------------
let pick = null, pickFor = null;
function setupList() {
  if (pickFor === user.username) return;
  pickFor = user.username;
  L.area = user.office.code || '';
  $('#picker').hidden = user.role === 'upazila';
  pick = pick || picker([$('#division'), $('#district'), $('#upazila')], code => {
    L.area = code.startsWith(user.office.code || '') ? code : user.office.code;
    L.dirty = true; created = null; showList();
  });
  pick.relock(user.office.lineage || []);
}

function showList() {
  setupList();
  show('list');
  document.title = 'আমার সমিতি · My societies';
  if (!L.dirty) return;
  L.dirty = false; L.cursor = null;
  pick.set(L.area);
  $('#q').value = L.q; $('#f-status').value = L.status; $('#f-kind').value = L.kind;
  renderTools();
  loadSummary();
  list.innerHTML = created ? row(created, true) : '';
  loadList();
}

function renderTools() {
  const a = L.area;
  $('#tools').innerHTML = `${canWrite() ? `<a class="btn" href="#/new" id="add-society">+ ${bi('নতুন সমিতি যোগ করুন', 'Add a society')}</a>` : ''}
<button type="button" class="secondary" id="export-csv">${bi('CSV ডাউনলোড', 'Export CSV')}</button>
${a.length >= 4 ? `<a class="btn secondary" id="calendar-link" href="index.html#/calendar/${esc(a)}">${bi('নির্বাচনী ক্যালেন্ডার (প্রিন্ট)', 'Election calendar (print)')}</a>`
    : `<span class="hint"><small>${bi('ক্যালেন্ডারের জন্য জেলা বা উপজেলা বেছে নিন', 'Pick a district or upazila for the calendar')}</small></span>`}`;
  $('#export-csv').onclick = exportCsv;
}

async function loadSummary() {
  const box = $('#summary'), area = L.area;
  box.innerHTML = loading();
  try {
    const d = await call(`/api/societies/summary${qs({ area_code: area })}`);
    if (area !== L.area) return;
    const where = d.area && d.area.code ? d.area : { name_bn: 'সারা দেশ', name_en: 'Bangladesh' }, c = d.by_status;
    const tile = (s, b, e) => `<li class="${s}${L.status === s ? ' on' : ''}"><a href="#/" data-s="${s}" data-testid="count-${s}"><b>${num(c[s])}</b>${bi(b, e)}</a></li>`;
    $('#list-title').innerHTML = bi(`সমিতির তালিকা: ${where.name_bn}`, `Societies: ${where.name_en}`);
    box.innerHTML = `<p class="total">${bi('মোট সমিতি', 'Total')} <b data-testid="count-total">${num(d.total)}</b></p>
<ul class="counts">${tile('green', 'সবুজ', 'Green')}${tile('yellow', 'হলুদ', 'Yellow')}${tile('red', 'লাল', 'Red')}</ul>`;
    box.querySelectorAll('[data-s]').forEach(x => x.onclick = ev => {
      ev.preventDefault(); L.status = L.status === x.dataset.s ? '' : x.dataset.s; L.dirty = true; created = null; showList();
    });
  } catch (e) { if (!e.handled) box.innerHTML = errorBox(e); }
}

function row(s, isNew) {
  const kind = KINDS[s.committee_kind] || ['', ''];
  return `<li class="row ${esc(s.status)}${isNew ? ' new' : ''}" data-testid="society-row" data-id="${esc(s.id)}"><a href="#/society/${esc(s.id)}">
${isNew ? `<span class="meta">${bi('নতুন যোগ হয়েছে', 'Just added')}</span>` : ''}<span class="name">${esc(s.name_bn)}</span><small lang="en">${esc(s.name_en)}</small>
<span class="meta">নিবন্ধন নং ${esc(s.registration_no)} · ${esc(kind[0])} · ${bi('মেয়াদ শেষ', 'ends')} ${date(s.term_ends_on)}</span>${badge(s)}</a>
<p class="meta" style="margin:0;padding:0 .65rem .5rem">${bi('সভাপতি', 'President')}: ${tel(s.president_phone)} · ${bi('সম্পাদক', 'Secretary')}: ${tel(s.secretary_phone)}</p></li>`;
}

async function loadList() {
  const my = ++L.seq, { area, status, kind, q, cursor } = L;
  more.disabled = true; listState.innerHTML = loading();
  try {
    const d = await call(`/api/societies${qs({ area_code: area, status, committee_kind: kind, q, cursor, limit: 30 })}`);
    if (my !== L.seq) return;
    list.insertAdjacentHTML('beforeend', d.items.filter(s => !created || s.id !== created.id).map(s => row(s)).join(''));
    L.cursor = d.next_cursor; more.hidden = !d.next_cursor;
    listState.innerHTML = list.children.length || d.next_cursor ? '' : `<p class="empty" data-testid="empty">${status || kind || q
      ? bi('খোঁজের সাথে মেলে এমন কোনো সমিতি নেই', 'No society matches your search')
      : bi('এই এলাকায় কোনো সমিতি নেই', 'No societies in this area yet')}</p>`;
  } catch (e) {
    if (my !== L.seq || e.handled) return;
    listState.innerHTML = errorBox(e, ` <button type="button" class="secondary" id="retry">${bi('আবার চেষ্টা করুন', 'Try again')}</button>`);
    $('#retry').onclick = loadList;
  } finally { more.disabled = false; }
}
more.onclick = loadList;
$('#filters').onsubmit = e => {
  e.preventDefault();
  Object.assign(L, { q: $('#q').value.trim(), status: $('#f-status').value, kind: $('#f-kind').value, dirty: true });
  created = null; showList();
};
$('#f-status').onchange = $('#f-kind').onchange = () => $('#filters').requestSubmit();

async function exportCsv() {
  const btn = $('#export-csv');
  btn.disabled = true;
  try {
    const res = await call(`/api/reports/societies.csv${qs({ area_code: L.area })}`, { raw: true });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(await res.blob());
    a.download = `societies-${L.area || 'bd'}-${todayIso()}.csv`;
    document.body.append(a); a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 2000);
  } catch (e) { if (!e.handled) $('#flash').innerHTML = errorBox(e); } finally { btn.disabled = false; }
}

// ---- one society: details, history and SMS log ------------------------------------
const backLink = () => `<p class="crumbs no-print"><a href="#/">← ${bi('তালিকায় ফিরুন', 'Back to the list')}</a></p>`;

async function showDetail(id) {
  show('page');
  const page = views.page;
  page.innerHTML = backLink() + loading();
  let s, h;
  try {
    [s, h] = await Promise.all([call(`/api/societies/${encodeURIComponent(id)}`),
      call(`/api/societies/${encodeURIComponent(id)}/history`).catch(e => e)]);
  } catch (e) { if (!e.handled) page.innerHTML = backLink() + errorBox(e); return; }
  document.title = `${s.name_bn} · Samabay`;
  const up = (s.area || [])[2];
  page.innerHTML = `${backLink()}
${societyHead(s)}
${canWrite() && !s.dissolved_on ? `<div class="actions no-print"><a class="btn" id="edit-society" href="#/edit/${esc(s.id)}">${bi('সম্পাদনা', 'Edit')}</a>
<button type="button" class="danger" id="dissolve-button">${bi('বিলুপ্ত করুন', 'Dissolve')}</button></div>
<div id="dissolve-confirm" class="msg error" hidden><p>${bi('আপনি কি নিশ্চিত যে এই সমিতি বিলুপ্ত করবেন? এটি তালিকা ও রিমাইন্ডার থেকে সরে যাবে, তবে ইতিহাসে থাকবে।',
    'Dissolve this society? It leaves the lists and reminders but stays in the history.')}</p>
<div class="actions"><button type="button" class="danger" id="confirm-dissolve">${bi('হ্যাঁ, বিলুপ্ত করুন', 'Yes, dissolve')}</button>
<button type="button" class="secondary" id="cancel-dissolve">${bi('না, ফিরে যান', 'No, keep it')}</button></div></div>` : ''}
<div id="detail-error"></div>
<div class="card"><dl class="facts">
${societyFacts(s)}
${fact('কর্মকর্তার মোবাইল', 'Officer', tel(s.officer_phone))}
${fact('সভাপতির মোবাইল', 'President', tel(s.president_phone))}
${fact('সম্পাদকের মোবাইল', 'Secretary', tel(s.secretary_phone))}
${fact('পরবর্তী রিমাইন্ডার', 'Next reminder', date(s.next_reminder_on))}
${fact('সর্বশেষ পরিবর্তন', 'Last changed', `${when(s.updated_at)} · ${esc(s.updated_by)} · ${bi(`সংস্করণ ${bn(s.version)}`, `v${s.version}`)}`)}
</dl></div>
<p class="no-print"><a href="index.html#/society/${esc(s.id)}">${bi('পাবলিক পাতা', 'Public page')}</a>${up ? ` · <a href="index.html#/calendar/${esc(up.code)}">${bi('নির্বাচনী ক্যালেন্ডার', 'Election calendar')}</a>` : ''}</p>
<h2>${bi('পরিবর্তনের ইতিহাস', 'History')}</h2>${h instanceof Error ? errorBox(h) : historyHtml(h.items)}
<h2>${bi('পাঠানো এসএমএস', 'SMS sent')}</h2>${h instanceof Error ? '' : smsHtml(h.sms)}`;
  const d = $('#dissolve-button');
  if (d) {
    d.onclick = () => { $('#dissolve-confirm').hidden = false; $('#confirm-dissolve').focus(); };
    $('#cancel-dissolve').onclick = () => { $('#dissolve-confirm').hidden = true; };
    $('#confirm-dissolve').onclick = async ev => {
      ev.target.disabled = true;
      try {
        await call(`/api/societies/${encodeURIComponent(s.id)}`, { method: 'DELETE' });
        flash('ok', `"${s.name_bn}" বিলুপ্ত করা হয়েছে।`, 'The society was dissolved.');
        L.dirty = true; created = null; location.hash = '#/';
      } catch (e) { ev.target.disabled = false; if (!e.handled) $('#detail-error').innerHTML = errorBox(e); }
    };
  }
}

const ACTIONS = { create: ['নিবন্ধিত', 'Created'], update: ['পরিবর্তিত', 'Changed'], dissolve: ['বিলুপ্ত', 'Dissolved'] };
const show1 = v => v === null || v === undefined || v === '' ? '—' : esc(/^\d{4}-\d\d-\d\d$/.test(v) ? date(v) : v);
function historyHtml(items) {
  if (!items || !items.length) return `<p class="empty">${bi('কোনো ইতিহাস নেই', 'No history')}</p>`;
  return `<ol class="log" data-testid="history">${items.map(it => {
    const a = ACTIONS[it.action] || [it.action, it.action], b = it.before || {}, f = it.after || {};
    const changes = it.before ? FIELDS.map(x => x[0]).filter(k => (b[k] ?? '') !== (f[k] ?? ''))
      .map(k => `<li>${esc(LABEL[k][0])}: ${show1(b[k])} → ${show1(f[k])}</li>`).join('') : '';
    return `<li><b>${bi(a[0], a[1])}</b> · ${when(it.at)} · ${esc(it.actor)}${changes ? `<ul>${changes}</ul>` : ''}</li>`;
  }).join('')}</ol>`;
}
function smsHtml(sms) {
  if (!sms || !sms.length) return `<p class="empty">${bi('এখনও কোনো এসএমএস যায়নি', 'No SMS sent yet')}</p>`;
  return `<ol class="log" data-testid="sms-log">${sms.map(m => {
    const r = PHONE_ROLES[m.role] || [m.role, m.role];
    return `<li>${when(m.sent_at)} · ${bi(r[0], r[1])} ${phoneText(m.phone)} · ${bi(`${bn(m.parts)} অংশ`, `${m.parts} part(s)`)} · ${esc(m.status)}<br>${esc(m.text)}<br><small>${esc(m.message_id || '')}</small></li>`;
  }).join('')}</ol>`;
}

// ---- add / edit form ----------------------------------------------------------------
function input(f, v, s) {
  const [name, , , kind, req] = f, common = `id="in-${name}" name="${name}"${req ? ' aria-required="true"' : ''} aria-describedby="err-${name} hint-${name}"`;
  if (kind === 'textarea') return `<textarea ${common} rows="2">${esc(v)}</textarea>`;
  if (kind === 'kind') return `<select ${common}><option value="">— বেছে নিন · Choose —</option>${Object.entries(KINDS)
    .map(([k, t]) => `<option value="${k}"${k === v ? ' selected' : ''}>${esc(t[0])} · ${esc(t[1])}</option>`).join('')}</select>`;
  if (kind === 'upazila') {
    const up = s ? (s.area || [])[2] : (user.office.lineage || [])[2];
    return `<select ${common}>${up ? `<option value="${esc(up.code)}" selected>${esc(areaName(up))}</option>` : '<option value="">—</option>'}</select>`;
  }
  const type = { date: 'date', tel: 'tel', url: 'url' }[kind] || 'text';
  return `<input ${common} type="${type}" value="${esc(v)}"${kind === 'tel' ? ' inputmode="tel" autocomplete="off"' : ''}>`;
}

function fieldHtml(f, s) {
  const [name, b, e, , req, hb, he] = f;
  return `<div class="field" id="field-${name}"><label for="in-${name}">${bi(b, e)}${req ? ' <span class="req" title="আবশ্যক · required">*</span>' : ''}</label>
${input(f, s ? s[name] ?? '' : '', s)}
<p class="hint" id="hint-${name}">${hb ? bi(hb, he) : ''}</p>${name === 'term_ends_on' ? '<p class="hint" id="term-preview" aria-live="polite"></p>' : ''}
<p class="field-error" id="err-${name}" data-testid="error-${name}" hidden></p></div>`;
}

async function showForm(id) {
  show('page');
  const page = views.page;
  let s = null;
  if (id) {
    page.innerHTML = backLink() + loading();
    try { s = await call(`/api/societies/${encodeURIComponent(id)}`); } catch (e) { if (!e.handled) page.innerHTML = backLink() + errorBox(e); return; }
  }
  const title = s ? ['সমিতির তথ্য সম্পাদনা', 'Edit society'] : ['নতুন সমিতি যোগ করুন', 'Add a society'];
  document.title = `${title[0]} · ${title[1]}`;
  if (!s && !canWrite()) {
    page.innerHTML = `${backLink()}<h1>${bi(...title)}</h1><div class="msg info">${bi('নতুন সমিতি কেবল সংশ্লিষ্ট উপজেলা সমবায় অফিস যোগ করতে পারে।', 'Only the upazila cooperative office adds societies.')}</div>`;
    return;
  }
  page.innerHTML = `<p class="crumbs no-print"><a href="${s ? `#/society/${esc(s.id)}` : '#/'}">← ${bi('ফিরে যান', 'Back')}</a></p>
<h1>${bi(...title)}${s ? `<small>${esc(s.name_bn)}</small>` : ''}</h1>
<p class="hint"><small>${bi('* চিহ্নিত ঘর আবশ্যক। মোবাইল নম্বর বাংলা বা ইংরেজি অঙ্কে লেখা যাবে।', '* marks required fields. Mobile numbers may be typed in Bengali or English digits.')}</small></p>
<form id="society-form" class="card" novalidate>
<div id="form-error" data-testid="form-error" role="alert" tabindex="-1" hidden></div>
${FIELDS.map(f => fieldHtml(f, s)).join('')}
<div class="actions"><button type="submit" id="save-society">${bi('সংরক্ষণ করুন', 'Save')}</button>
<a class="btn secondary" href="${s ? `#/society/${esc(s.id)}` : '#/'}">${bi('বাতিল', 'Cancel')}</a></div>
</form>`;
  const form = $('#society-form');
  form.addEventListener('input', () => termPreview(form));
  termPreview(form);
  form.onsubmit = e => { e.preventDefault(); save(form, s); };
}

// A hint only: the server works out the real term end from its configured rules.
function termPreview(form) {
  const kind = form.committee_kind.value, start = form.committee_started_on.value, out = $('#term-preview');
  if (form.term_ends_on.value || !kind || !/^\d{4}-\d\d-\d\d$/.test(start)) { out.innerHTML = ''; return; }
  const d = new Date(`${start}T00:00:00Z`);
  if (kind === 'interim') d.setUTCDate(d.getUTCDate() + 120);
  else { const m = d.getUTCMonth(); d.setUTCFullYear(d.getUTCFullYear() + 3); if (d.getUTCMonth() !== m) d.setUTCDate(0); }
  const iso = d.toISOString().slice(0, 10);
  out.innerHTML = bi(`আনুমানিক মেয়াদ শেষ: ${date(iso)}`, `Estimated term end: ${iso.split('-').reverse().join('/')}`);
}

async function save(form, s) {
  const btn = $('#save-society'), summary = $('#form-error');
  form.querySelectorAll('.field-error').forEach(x => { x.hidden = true; x.innerHTML = ''; });
  form.querySelectorAll('.field.bad').forEach(x => x.classList.remove('bad'));
  summary.hidden = true;
  const body = {};
  for (const [name] of FIELDS) {
    const v = (form.elements[name].value || '').trim();
    if (!s) { if (v !== '') body[name] = v; } else if (v !== String(s[name] ?? '')) body[name] = v === '' ? null : v;
  }
  if (s && !Object.keys(body).length) {
    flash('info', 'কোনো পরিবর্তন নেই।', 'Nothing changed.'); location.hash = `#/society/${s.id}`; return;
  }
  if (s) body.version = s.version;
  btn.disabled = true;
  try {
    const saved = await call(s ? `/api/societies/${encodeURIComponent(s.id)}` : '/api/societies', { method: s ? 'PATCH' : 'POST', body });
    L.dirty = true;
    if (s) { flash('ok', 'পরিবর্তন সংরক্ষিত হয়েছে।', 'Changes saved.'); location.hash = `#/society/${saved.id}`; }
    else { created = saved; flash('ok', `"${saved.name_bn}" যোগ করা হয়েছে।`, 'The society was added.'); location.hash = '#/'; }
  } catch (e) {
    if (e.handled) return;
    showErrors(form, e, s);
  } finally { btn.disabled = false; }
}

function showErrors(form, e, s) {
  const summary = $('#form-error'), lines = [];
  const details = e.details.length ? e.details : CODE_FIELD[e.code] ? [{ field: CODE_FIELD[e.code], code: e.code, message: e.message, message_bn: e.message_bn }] : [];
  for (const d of details) {
    const name = d.field && LABEL[d.field] ? d.field : CODE_FIELD[d.code];
    const el = name && $(`#err-${name}`);
    if (el) {
      el.innerHTML = bi(d.message_bn, d.message); el.hidden = false;
      $(`#field-${name}`).classList.add('bad');
      lines.push(`<li><a href="#in-${name}" data-f="${name}">${esc(LABEL[name][0])}</a>: ${esc(d.message_bn)}</li>`);
    } else lines.push(`<li>${bi(d.message_bn, d.message)}</li>`);
  }
  const reload = e.code === 'stale_version' && s ? ` <a href="#/edit/${esc(s.id)}" id="reload-form" onclick="setTimeout(()=>dispatchEvent(new HashChangeEvent('hashchange')))">${bi('আবার লোড করুন', 'Reload')}</a>` : '';
  summary.innerHTML = `${bi(e.message_bn, e.message)}${reload}${lines.length ? `<ul>${lines.join('')}</ul>` : ''}`;
  summary.className = 'msg error'; summary.hidden = false;
  summary.querySelectorAll('[data-f]').forEach(a => a.onclick = ev => { ev.preventDefault(); $(`#in-${a.dataset.f}`).focus(); });
  summary.focus(); summary.scrollIntoView({ block: 'start' });
}

window.addEventListener('hashchange', route);
route();
