// The societies area of the officer app (hash routes): #/ my societies · #/tasks · #/import · #/new
// · #/edit/<id> · #/society/<id>. The shell (officer.js) owns the login and the router and calls
// route() on every hash; this module shows its views on its own hashes and hides them on others.
// The list, the colour counts and one society's page are shared with the public site (common.js,
// society.js); the form is form.js; the import screen import.js.
import {
  $, bn, date, dateEn, KINDS, officerCall, officerSession, picker, qs, saveAs, todayIso, when,
} from './common.js';
import { noSocieties, showSummary, societyRow } from './society.js';
import {
  bil, confirmBox, emptyNote, errorNote, html, loadingNote, nothing, pagedList, render,
} from './ui.js';

let token = null, user = null, pendingFlash = nothing, created = null;
const L = { area: '', status: '', kind: '', q: '', dirty: true };
const views = { list: $('#list-view'), page: $('#page') };

const PHONE_ROLES = { officer: ['কর্মকর্তা', 'Officer'], president: ['সভাপতি', 'President'],
  secretary: ['সম্পাদক', 'Secretary'] };
const TASKS = {
  appoint_interim_committee: { name: ['অন্তর্বর্তী কমিটি নিয়োগ', 'Appoint an interim committee'],
    due: ['কমিটির মেয়াদ শেষ', 'Committee term ended'],
    act: ['নতুন কমিটির তথ্য দিন', 'Enter the new committee'] },
  loan_90_plus: { name: ['আশ্রয়ণ ঋণ ৯০ দিনের বেশি বকেয়া', 'Asrayon loan over 90 days past due'],
    due: ['৯০ দিন পার হয়েছে', 'Passed 90 days'] },
};
const canWrite = () => user && user.role === 'upazila';

const phoneText = p => (p ? bn(String(p).replace(/^\+88/, '')) : '—');
const tel = p => (p ? html`<a href="tel:${p}">${phoneText(p)}</a>` : '—');

function show(name) { for (const [k, v] of Object.entries(views)) v.hidden = k !== name; }
function flash(kind, b, e) {
  pendingFlash = html`<div class="msg ${kind}" role="status" data-testid="flash">${bil(b, e)}</div>`;
}

const call = (path, opts = {}) => officerCall(path, opts, token);
const backLink = () => html`<p class="crumbs no-print"><a href="#/">← ${
  bil('তালিকায় ফিরুন', 'Back to the list')}</a></p>`;
const showPage = content => render(html`${backLink()}${content}`, views.page);
// What the form and import screens may use of this page.
const app = {
  call, canWrite, flash, backLink, page: views.page, user: () => user,
  saved(society) { L.dirty = true; created = society; },
};

const OWN = ['', 'new', 'edit', 'society', 'tasks', 'import'];
let screen = 0;
// Shows this area's screen for the hash, or hides its views when the hash is another area's.
export function route(parts) {
  const me = officerSession();
  if (!me || !OWN.includes(parts[0] || '')) {
    views.list.hidden = views.page.hidden = true;
    return;
  }
  if (!user || me.user.username !== user.username) {
    Object.assign(L, { area: '', status: '', kind: '', q: '', dirty: true });
    created = null;
  }
  ({ token, user } = me);
  screen += 1; // a page that answers after the officer has moved on draws nothing
  render(pendingFlash, $('#flash')); pendingFlash = nothing;
  window.scrollTo(0, 0);
  if (parts[0] === 'new' || (parts[0] === 'edit' && parts[1])) {
    show('page');
    return import('./form.js').then(m => m.showForm(app, parts[1]));
  }
  if (parts[0] === 'society' && parts[1]) return showDetail(parts[1]);
  if (parts[0] === 'tasks') return showTasks();
  if (parts[0] === 'import') return showImportPage();
  return showList();
}

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

function row(s) {
  const kind = KINDS[s.committee_kind] || ['', ''];
  return societyRow(s, {
    flag: s === created ? bil('নতুন যোগ হয়েছে', 'Just added') : nothing,
    meta: html` · ${kind[0]} · ${bil('মেয়াদ শেষ', 'ends')} ${date(s.term_ends_on)}`,
    after: html`<p class="meta phones">${bil('সভাপতি', 'President')}: ${tel(s.president_phone)} · ${
      bil('সম্পাদক', 'Secretary')}: ${tel(s.secretary_phone)}</p>`,
  });
}
// A society just added heads the list until the list is filtered or another area is picked.
const list = pagedList($('#list-box'), {
  name: 'list', listId: 'list', moreId: 'more', row,
  empty: () => noSocieties(Boolean(L.status || L.kind || L.q)),
  page: async cursor => {
    const { area, status, kind, q } = L;
    const d = await call(`/api/societies${
      qs({ area_code: area, status, committee_kind: kind, q, cursor, limit: 30 })}`);
    const items = d.items.filter(s => !created || s.id !== created.id);
    return { ...d, items: cursor || !created ? items : [created, ...items] };
  },
});

function showList() {
  setupList();
  show('list');
  document.title = 'আমার সমিতি · My societies';
  if (!L.dirty) return;
  L.dirty = false;
  render(nothing, $('#charts')); // another area's (or officer's) charts never stay under this list
  pick.set(L.area);
  $('#q').value = L.q; $('#f-status').value = L.status; $('#f-kind').value = L.kind;
  renderTools();
  const area = L.area;
  showSummary($('#summary'), async () => {
    const d = await call(`/api/societies/summary${qs({ area_code: area })}`);
    return area === L.area ? d : null;
  }, { active: L.status, title: $('#list-title'),
    onPick: s => { L.status = L.status === s ? '' : s; L.dirty = true; created = null; showList(); } });
  loadTasks();
  list.reload().then(() => loadCharts(area));
}

// Below the list, once it has shown: the area at a glance (charts.js), and its figures as a CSV file.
async function loadCharts(area) {
  const box = $('#charts');
  if (area !== L.area) return;
  let d, charts;
  try {
    [d, charts] = await Promise.all([call(`/api/dashboard${qs({ area_code: area })}`),
      import('./charts.js')]);
  } catch (e) { if (!e.handled) render(errorNote(e), box); return; }
  if (area !== L.area) return;
  const csv = async ev => {
    ev.target.disabled = true;
    try {
      await saveAs(await call(`/api/dashboard${qs({ area_code: area, format: 'csv' })}`, { raw: true }),
        `dashboard-${area || 'bd'}-${todayIso()}.csv`);
    } catch (e) { if (!e.handled) render(errorNote(e), box.querySelector('.charts-error')); } finally {
      ev.target.disabled = false;
    }
  };
  render(html`<h2>${bil('এক নজরে', 'At a glance')}</h2>${
  d.by_area.length ? charts.coloursByArea(d.by_area) : nothing}
${charts.depositsByMonth(d.deposits_by_month)}${charts.smsByMonth(d.sms_by_month)}
<p class="no-print"><button type="button" class="secondary" id="charts-csv" @click=${csv}>${
  bil('সংখ্যাগুলো CSV-তে', 'The figures as CSV')}</button></p><div class="charts-error"></div>`, box);
}

function renderTools() {
  const a = L.area;
  render(html`${canWrite() ? html`<a class="btn" href="#/new" id="add-society">+ ${
    bil('নতুন সমিতি যোগ করুন', 'Add a society')}</a>
<a class="btn secondary" href="#/import" id="import-link">${bil('ফাইল থেকে আমদানি', 'Import a file')}</a>`
    : nothing}
<button type="button" class="secondary" id="export-csv" @click=${exportCsv}>${
  bil('CSV ডাউনলোড', 'Export CSV')}</button>
${a.length >= 4 ? html`<a class="btn secondary" id="calendar-link" href="index.html#/calendar/${a}">${
    bil('নির্বাচনী ক্যালেন্ডার (প্রিন্ট)', 'Election calendar (print)')}</a>`
    : html`<span class="hint"><small>${bil('ক্যালেন্ডারের জন্য জেলা বা উপজেলা বেছে নিন',
      'Pick a district or upazila for the calendar')}</small></span>`}`, $('#tools'));
}

$('#filters').onsubmit = e => {
  e.preventDefault();
  Object.assign(L, { q: $('#q').value.trim(), status: $('#f-status').value, kind: $('#f-kind').value,
    dirty: true });
  created = null; showList();
};
$('#f-status').onchange = $('#f-kind').onchange = () => $('#filters').requestSubmit();

async function exportCsv(ev) {
  const btn = ev.currentTarget;
  btn.disabled = true;
  try {
    await saveAs(await call(`/api/reports/societies.csv${qs({ area_code: L.area })}`, { raw: true }),
      `societies-${L.area || 'bd'}-${todayIso()}.csv`);
  } catch (e) { if (!e.handled) render(errorNote(e), $('#flash')); } finally { btn.disabled = false; }
}

// ---- the office's tasks (opened by the daily scan) -----------------------------------
const taskItem = t => {
  const k = TASKS[t.kind] || { name: [t.kind, t.kind], due: ['শেষ তারিখ', 'Due'] };
  const id = encodeURIComponent(t.society_id);
  const link = t.loan_id ? `#/loans/loan/${encodeURIComponent(t.loan_id)}` : `#/society/${id}`;
  return html`<li class="task" data-testid="task"><a href="${link}">${t.society_name_bn}</a>
<br><b>${bil(...k.name)}</b><br><small>${bil(...k.due)}: ${date(t.due_on)}${
    t.opened_on ? html` · ${bil('খোলা হয়েছে', 'opened')} ${date(t.opened_on)}` : nothing}</small>${
    canWrite() && k.act ? html`<br><a class="no-print" href="#/edit/${id}">${bil(...k.act)}</a>`
      : nothing}</li>`;
};
const noTasks = () => emptyNote(['কোনো করণীয় কাজ নেই', 'No open tasks'], 'tasks-empty');
// Tasks are as of the last daily scan; before the first one an empty list would mislead.
const scannedOn = day => html`<p class="hint" data-testid="tasks-scanned-on">${day
  ? bil(`${date(day)} তারিখের দৈনিক স্ক্যান অনুযায়ী`, `As of the daily scan of ${dateEn(day)}`)
  : bil('দৈনিক স্ক্যান এখনো চলেনি (প্রতিদিন সকাল ৯টায় চলে); চললে কাজগুলো এখানে দেখা যাবে।',
    'The daily scan has not run yet (it runs at 09:00 every day); tasks appear here once it has.')}</p>`;
const tasksTitle = n => html`<h2>${bil('করণীয় কাজ', 'Tasks')} <span class="count${n ? '' : ' zero'}"
 data-testid="tasks-count">${bn(n)}</span></h2>`;

// Home: the count and the first few; #/tasks: all of them.
async function loadTasks() {
  const box = $('#tasks-card');
  render(loadingNote(), box);
  try {
    const { items, scanned_on: scanned } = await call('/api/tasks');
    render(html`${tasksTitle(items.length)}${items.length ? html`<ul class="tasks">${
      items.slice(0, 3).map(taskItem)}</ul><p><a href="#/tasks" id="all-tasks">${
      bil('সব করণীয় কাজ দেখুন', 'See all tasks')}</a></p>` : noTasks()}${scannedOn(scanned)}`, box);
    box.classList.toggle('has-tasks', items.length > 0);
  } catch (e) { if (!e.handled) render(errorNote(e), box); }
}

async function showTasks() {
  show('page');
  document.title = 'করণীয় কাজ · Tasks';
  showPage(loadingNote());
  const mine = screen;
  let items, scanned;
  try { ({ items, scanned_on: scanned } = await call('/api/tasks')); } catch (e) {
    if (!e.handled && mine === screen) showPage(errorNote(e, showTasks));
    return;
  }
  if (mine !== screen) return;
  showPage(html`<h1>${bil('করণীয় কাজ', 'Tasks')} <small>${
    bil(`${user.office.name_bn || 'প্রধান কার্যালয়'}: খোলা কাজ ${bn(items.length)}টি`,
      `${user.office.name_en || 'HQ'}: ${items.length} open`)}</small></h1>
<p class="hint">${bil('দৈনিক স্ক্যান কাজ খোলে। নতুন কমিটির ধরন ও শুরুর তারিখ সংরক্ষণ করলে কাজটি বন্ধ হয়।',
    "The daily scan opens tasks. A task closes when the new committee's kind and start date are saved.")}</p>
${scannedOn(scanned)}
${items.length ? html`<ul class="tasks card" data-testid="tasks">${items.map(taskItem)}</ul>` : noTasks()}`);
}

async function showImportPage() {
  show('page');
  if (!canWrite()) {
    showPage(html`<div class="msg info" data-testid="import-not-allowed">${bil(
      'ফাইল থেকে আমদানি কেবল উপজেলা সমবায় অফিস করতে পারে।',
      'Only an upazila cooperative office imports societies.')}</div>`);
    return;
  }
  showPage(loadingNote());
  try { (await import('./import.js')).showImport(app); } catch (e) {
    showPage(errorNote({ message: 'The import screen did not load. Try again.',
      message_bn: 'আমদানির পাতা লোড হয়নি। আবার চেষ্টা করুন।' }, showImportPage));
  }
}

// ---- one society: details, statutory calendar, history and SMS log --------------------
async function showDetail(id) {
  show('page');
  showPage(loadingNote());
  const mine = screen;
  let s, h, form, view;
  try {
    [s, h, form, view] = await Promise.all([call(`/api/societies/${encodeURIComponent(id)}`),
      call(`/api/societies/${encodeURIComponent(id)}/history`).catch(e => e),
      import('./form.js'), import('./society.js')]);
  } catch (e) {
    if (!e.handled && mine === screen) showPage(errorNote(e, () => showDetail(id)));
    return;
  }
  if (mine !== screen) return;
  document.title = `${s.name_bn} · Samabay`;
  const detail = { s, h, form, view, confirming: false, busy: false };
  drawDetail(detail);
  import('./corrections.js').then(m => m.societyCorrections(s)); // the open requests and the request link
}

function drawDetail(d) {
  const { s, h, form, view } = d;
  const { fact, obligationList, societyFacts, societyHead } = view;
  const up = (s.area || [])[2], sid = encodeURIComponent(s.id);
  showPage(html`${societyHead(s)}
${canWrite() && !s.dissolved_on ? societyActions(d) : nothing}
<div id="society-corrections"></div>
<div id="detail-error">${d.error ? errorNote(d.error) : nothing}</div>
${obligationList(s.obligations)}
<h2>${bil('সমিতির তথ্য', 'Details')}</h2>
<div class="card"><dl class="facts">
${societyFacts(s)}
${fact('কর্মকর্তার মোবাইল', 'Officer', s.officer_phone ? tel(s.officer_phone)
    : bil('অফিসের ফোন নম্বর', "the office's phone"))}
${fact('সভাপতির মোবাইল', 'President', tel(s.president_phone))}
${fact('সম্পাদকের মোবাইল', 'Secretary', tel(s.secretary_phone))}
${fact('পরবর্তী রিমাইন্ডার', 'Next reminder', date(s.next_reminder_on))}
${fact('সর্বশেষ পরিবর্তন', 'Last changed', html`${when(s.updated_at)} · ${s.updated_by} · ${
    bil(`সংস্করণ ${bn(s.version)}`, `v${s.version}`)}`)}
</dl></div>
<p class="no-print"><a href="index.html#/society/${sid}">${bil('পাবলিক পাতা', 'Public page')}</a> · <a
  id="sms-society" href="#/messages/compose?society=${sid}">${bil('এসএমএস পাঠান', 'Send SMS')}</a>${
  up ? html` · <a href="index.html#/calendar/${up.code}">${
    bil('নির্বাচনী ক্যালেন্ডার', 'Election calendar')}</a>` : nothing}</p>
<h2>${bil('পরিবর্তনের ইতিহাস', 'History')}</h2>${h instanceof Error ? errorNote(h) : history(h.items, form)}
<h2>${bil('পাঠানো এসএমএস', 'SMS sent')}</h2>${h instanceof Error ? nothing : smsLog(h.sms)}`);
}

// Edit, and dissolve after a confirmation in place.
function societyActions(d) {
  const s = d.s;
  const ask = confirming => () => {
    Object.assign(d, { confirming, error: null });
    drawDetail(d);
    if (confirming) $('#confirm-dissolve').focus();
  };
  async function dissolve() {
    d.busy = true; drawDetail(d);
    try {
      await call(`/api/societies/${encodeURIComponent(s.id)}`, { method: 'DELETE' });
      flash('ok', `"${s.name_bn}" বিলুপ্ত করা হয়েছে।`, 'The society was dissolved.');
      L.dirty = true; created = null; location.hash = '#/';
    } catch (e) {
      d.busy = false;
      if (!e.handled) d.error = e;
      drawDetail(d);
    }
  }
  return html`<div class="actions no-print">
<a class="btn" id="edit-society" href="#/edit/${encodeURIComponent(s.id)}">${bil('সম্পাদনা', 'Edit')}</a>
<button type="button" class="danger" id="dissolve-button" @click=${ask(true)}>${
  bil('বিলুপ্ত করুন', 'Dissolve')}</button></div>
${d.confirming ? confirmBox({
    question: [
      'আপনি কি নিশ্চিত যে এই সমিতি বিলুপ্ত করবেন? এটি তালিকা ও রিমাইন্ডার থেকে সরে যাবে, তবে ইতিহাসে থাকবে।',
      'Dissolve this society? It leaves the lists and reminders but stays in the history.'],
    yes: ['হ্যাঁ, বিলুপ্ত করুন', 'Yes, dissolve'], no: ['না, ফিরে যান', 'No, keep it'], danger: true,
    onYes: dissolve, onNo: ask(false), yesId: 'confirm-dissolve', testid: 'dissolve-confirm', busy: d.busy,
  }) : nothing}`;
}

const ACTIONS = {
  create: ['নিবন্ধিত', 'Created'], update: ['পরিবর্তিত', 'Changed'], dissolve: ['বিলুপ্ত', 'Dissolved'],
  correction: ['সংশোধন অনুরোধ প্রয়োগ', 'Correction request applied'],
};
function history(items, { FIELDS, LABEL, shown }) {
  if (!items || !items.length) return emptyNote(['কোনো ইতিহাস নেই', 'No history'], 'no-history');
  const one = it => {
    const a = ACTIONS[it.action] || [it.action, it.action], b = it.before || {}, f = it.after || {};
    const changed = it.before ? FIELDS.map(x => x[0]).filter(k => (b[k] ?? '') !== (f[k] ?? '')) : [];
    const request = it.correction_id ? html` <a href="#/corrections/r/${encodeURIComponent(it.correction_id)}"
 data-testid="history-correction">${it.correction_id}</a>` : nothing;
    return html`<li><b>${bil(...a)}</b>${request} · ${when(it.at)} · ${it.actor}${changed.length
      ? html`<ul>${changed.map(k => html`<li>${LABEL[k][0]}: ${shown(k, b[k])} → ${
        shown(k, f[k])}</li>`)}</ul>`
      : nothing}</li>`;
  };
  return html`<ol class="log" data-testid="history">${items.map(one)}</ol>`;
}
function smsLog(sms) {
  if (!sms || !sms.length) return emptyNote(['এখনও কোনো এসএমএস যায়নি', 'No SMS sent yet'], 'no-sms');
  return html`<ol class="log" data-testid="sms-log">${sms.map(m => html`<li>${when(m.sent_at)} · ${
    bil(...(PHONE_ROLES[m.role] || [m.role, m.role]))} ${phoneText(m.phone)} · ${
    bil(`${bn(m.parts)} অংশ`, `${m.parts} part(s)`)} · ${m.status}<br>${m.text}<br>
<small>${m.message_id || ''}</small></li>`)}</ol>`;
}
