// The societies area of the officer app (hash routes): #/ my societies · #/tasks · #/import · #/new
// · #/edit/<id> · #/society/<id>. The shell (officer.js) owns the login and the router and calls
// route() on every hash; this module shows its views on its own hashes and hides them on others.
// The list, the colour counts and one society's page are shared with the public site (common.js,
// society.js); the form is form.js; the import screen import.js.
import {
  $, bi, bn, date, dateEn, empty, errorBox, esc, KINDS, lister, loading, officerCall, officerSession, picker,
  qs, saveAs, showSummary, societyRow, todayIso, when,
} from './common.js';
import { bil, errorNote, html, nothing, render } from './ui.js';

let token = null, user = null, pendingFlash = '', created = null;
const L = { area: '', status: '', kind: '', q: '', dirty: true };
const views = { list: $('#list-view'), page: $('#page') };

const PHONE_ROLES = { officer: ['কর্মকর্তা', 'Officer'], president: ['সভাপতি', 'President'],
  secretary: ['সম্পাদক', 'Secretary'] };
const TASKS = {
  appoint_interim_committee: { name: ['অন্তর্বর্তী কমিটি নিয়োগ', 'Appoint an interim committee'],
    due: ['কমিটির মেয়াদ শেষ', 'Committee term ended'],
    act: ['নতুন কমিটির তথ্য দিন', 'Enter the new committee'] },
};
const canWrite = () => user && user.role === 'upazila';

const phoneText = p => p ? bn(String(p).replace(/^\+88/, '')) : '—';
const tel = p => p ? `<a href="tel:${esc(p)}">${phoneText(p)}</a>` : '—';

function show(name) { for (const [k, v] of Object.entries(views)) v.hidden = k !== name; }
function flash(kind, b, e) {
  pendingFlash = `<div class="msg ${kind}" role="status" data-testid="flash">${bi(b, e)}</div>`;
}

const call = (path, opts = {}) => officerCall(path, opts, token);
const backLink = () => `<p class="crumbs no-print"><a href="#/">← ${
  bi('তালিকায় ফিরুন', 'Back to the list')}</a></p>`;
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
  $('#flash').innerHTML = pendingFlash; pendingFlash = '';
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
  const isNew = s === created;
  const kind = KINDS[s.committee_kind] || ['', ''];
  return societyRow(s, {
    flag: isNew ? bi('নতুন যোগ হয়েছে', 'Just added') : '',
    meta: ` · ${esc(kind[0])} · ${bi('মেয়াদ শেষ', 'ends')} ${date(s.term_ends_on)}`,
    after: `<p class="meta phones">${bi('সভাপতি', 'President')}: ${tel(s.president_phone)} · ${
      bi('সম্পাদক', 'Secretary')}: ${tel(s.secretary_phone)}</p>`,
  });
}
const startList = lister({ list: $('#list'), more: $('#more'), state: $('#list-state') }, async cursor => {
  const { area, status, kind, q } = L;
  const d = await call(`/api/societies${
    qs({ area_code: area, status, committee_kind: kind, q, cursor, limit: 30 })}`);
  return { ...d, items: d.items.filter(s => !created || s.id !== created.id) };
}, row);

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
  startList(Boolean(L.status || L.kind || L.q), created ? row(created) : '').then(() => loadCharts(area));
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
  $('#tools').innerHTML = `${canWrite() ? `<a class="btn" href="#/new" id="add-society">+ ${
    bi('নতুন সমিতি যোগ করুন', 'Add a society')}</a>
<a class="btn secondary" href="#/import" id="import-link">${
    bi('ফাইল থেকে আমদানি', 'Import a file')}</a>` : ''}
<button type="button" class="secondary" id="export-csv">${bi('CSV ডাউনলোড', 'Export CSV')}</button>
${a.length >= 4 ? `<a class="btn secondary" id="calendar-link" href="index.html#/calendar/${esc(a)}">${
    bi('নির্বাচনী ক্যালেন্ডার (প্রিন্ট)', 'Election calendar (print)')}</a>`
    : `<span class="hint"><small>${bi('ক্যালেন্ডারের জন্য জেলা বা উপজেলা বেছে নিন',
      'Pick a district or upazila for the calendar')}</small></span>`}`;
  $('#export-csv').onclick = exportCsv;
}

$('#filters').onsubmit = e => {
  e.preventDefault();
  Object.assign(L, { q: $('#q').value.trim(), status: $('#f-status').value, kind: $('#f-kind').value,
    dirty: true });
  created = null; showList();
};
$('#f-status').onchange = $('#f-kind').onchange = () => $('#filters').requestSubmit();

async function exportCsv() {
  const btn = $('#export-csv');
  btn.disabled = true;
  try {
    await saveAs(await call(`/api/reports/societies.csv${qs({ area_code: L.area })}`, { raw: true }),
      `societies-${L.area || 'bd'}-${todayIso()}.csv`);
  } catch (e) { if (!e.handled) $('#flash').innerHTML = errorBox(e); } finally { btn.disabled = false; }
}

// ---- the office's tasks (opened by the daily scan) -----------------------------------
const taskItem = t => {
  const k = TASKS[t.kind] || { name: [t.kind, t.kind], due: ['শেষ তারিখ', 'Due'] };
  return `<li class="task" data-testid="task">
<a href="#/society/${esc(t.society_id)}">${esc(t.society_name_bn)}</a>
<br><b>${bi(...k.name)}</b><br><small>${bi(k.due[0], k.due[1])}: ${date(t.due_on)}${
    t.opened_on ? ` · ${bi('খোলা হয়েছে', 'opened')} ${date(t.opened_on)}` : ''}</small>${canWrite() && k.act
    ? `<br><a class="no-print" href="#/edit/${esc(t.society_id)}">${bi(...k.act)}</a>` : ''}</li>`;
};
const noTasks = () => empty('কোনো করণীয় কাজ নেই', 'No open tasks', 'tasks-empty');
// Tasks are as of the last daily scan; before the first one an empty list would mislead.
const scannedOn = day => `<p class="hint" data-testid="tasks-scanned-on">${day
  ? bi(`${date(day)} তারিখের দৈনিক স্ক্যান অনুযায়ী`, `As of the daily scan of ${dateEn(day)}`)
  : bi('দৈনিক স্ক্যান এখনো চলেনি (প্রতিদিন সকাল ৯টায় চলে); চললে কাজগুলো এখানে দেখা যাবে।',
    'The daily scan has not run yet (it runs at 09:00 every day); tasks appear here once it has.')}</p>`;
const tasksTitle = n => `<h2>${bi('করণীয় কাজ', 'Tasks')} <span class="count${n ? '' : ' zero'}"
 data-testid="tasks-count">${bn(n)}</span></h2>`;

// Home: the count and the first few; #/tasks: all of them.
async function loadTasks() {
  const box = $('#tasks-card');
  box.innerHTML = loading();
  try {
    const { items, scanned_on: scanned } = await call('/api/tasks');
    box.innerHTML = `${tasksTitle(items.length)}${items.length ? `<ul class="tasks">${
      items.slice(0, 3).map(taskItem).join('')}</ul><p><a href="#/tasks" id="all-tasks">${
      bi('সব করণীয় কাজ দেখুন', 'See all tasks')}</a></p>` : noTasks()}${scannedOn(scanned)}`;
    box.classList.toggle('has-tasks', items.length > 0);
  } catch (e) { if (!e.handled) box.innerHTML = errorBox(e); }
}

async function showTasks() {
  show('page');
  document.title = 'করণীয় কাজ · Tasks';
  const page = views.page;
  page.innerHTML = backLink() + loading();
  const mine = screen;
  let items, scanned;
  try { ({ items, scanned_on: scanned } = await call('/api/tasks')); } catch (e) {
    if (!e.handled && mine === screen) page.innerHTML = backLink() + errorBox(e);
    return;
  }
  if (mine !== screen) return;
  page.innerHTML = `${backLink()}<h1>${bi('করণীয় কাজ', 'Tasks')} <small>${
    bi(`${user.office.name_bn || 'প্রধান কার্যালয়'}: খোলা কাজ ${bn(items.length)}টি`,
      `${user.office.name_en || 'HQ'}: ${items.length} open`)}</small></h1>
<p class="hint">${bi('দৈনিক স্ক্যান কাজ খোলে। নতুন কমিটির ধরন ও শুরুর তারিখ সংরক্ষণ করলে কাজটি বন্ধ হয়।',
    "The daily scan opens tasks. A task closes when the new committee's kind and start date are saved.")}</p>
${scannedOn(scanned)}
${items.length ? `<ul class="tasks card" data-testid="tasks">${items.map(taskItem).join('')}</ul>`
    : noTasks()}`;
}

async function showImportPage() {
  show('page');
  const page = views.page;
  if (!canWrite()) {
    page.innerHTML = backLink() + `<div class="msg info" data-testid="import-not-allowed">${bi(
      'ফাইল থেকে আমদানি কেবল উপজেলা সমবায় অফিস করতে পারে।',
      'Only an upazila cooperative office imports societies.')}</div>`;
    return;
  }
  page.innerHTML = backLink() + loading();
  try { (await import('./import.js')).showImport(app); } catch (e) {
    page.innerHTML = backLink() + errorBox({ message: 'The import screen did not load. Try again.',
      message_bn: 'আমদানির পাতা লোড হয়নি। আবার চেষ্টা করুন।' });
  }
}

// ---- one society: details, statutory calendar, history and SMS log --------------------
async function showDetail(id) {
  show('page');
  const page = views.page;
  page.innerHTML = backLink() + loading();
  const mine = screen;
  let s, h, form, view;
  try {
    [s, h, form, view] = await Promise.all([call(`/api/societies/${encodeURIComponent(id)}`),
      call(`/api/societies/${encodeURIComponent(id)}/history`).catch(e => e),
      import('./form.js'), import('./society.js')]);
  } catch (e) { if (!e.handled && mine === screen) page.innerHTML = backLink() + errorBox(e); return; }
  if (mine !== screen) return;
  const { fact, obligationsHtml, societyFacts, societyHead } = view;
  document.title = `${s.name_bn} · Samabay`;
  const up = (s.area || [])[2];
  page.innerHTML = `${backLink()}
${societyHead(s)}
${canWrite() && !s.dissolved_on ? actionsHtml(s) : ''}
<div id="society-corrections"></div>
<div id="detail-error"></div>
${obligationsHtml(s.obligations)}
<h2>${bi('সমিতির তথ্য', 'Details')}</h2>
<div class="card"><dl class="facts">
${societyFacts(s)}
${fact('কর্মকর্তার মোবাইল', 'Officer', s.officer_phone ? tel(s.officer_phone)
    : bi('অফিসের ফোন নম্বর', "the office's phone"))}
${fact('সভাপতির মোবাইল', 'President', tel(s.president_phone))}
${fact('সম্পাদকের মোবাইল', 'Secretary', tel(s.secretary_phone))}
${fact('পরবর্তী রিমাইন্ডার', 'Next reminder', date(s.next_reminder_on))}
${fact('সর্বশেষ পরিবর্তন', 'Last changed', `${when(s.updated_at)} · ${esc(s.updated_by)} · ${
    bi(`সংস্করণ ${bn(s.version)}`, `v${s.version}`)}`)}
</dl></div>
<p class="no-print"><a href="index.html#/society/${esc(s.id)}">${bi('পাবলিক পাতা', 'Public page')}</a> · <a
  id="sms-society" href="#/messages/compose?society=${esc(s.id)}">${bi('এসএমএস পাঠান', 'Send SMS')}</a>${
  up ? ` · <a href="index.html#/calendar/${esc(up.code)}">${
    bi('নির্বাচনী ক্যালেন্ডার', 'Election calendar')}</a>` : ''}</p>
<h2>${bi('পরিবর্তনের ইতিহাস', 'History')}</h2>${h instanceof Error ? errorBox(h) : historyHtml(h.items, form)}
<h2>${bi('পাঠানো এসএমএস', 'SMS sent')}</h2>${h instanceof Error ? '' : smsHtml(h.sms)}`;
  import('./corrections.js').then(m => m.societyCorrections(s)); // the open requests and the request link
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

const actionsHtml = s => `<div class="actions no-print">
<a class="btn" id="edit-society" href="#/edit/${esc(s.id)}">${
  bi('সম্পাদনা', 'Edit')}</a>
<button type="button" class="danger" id="dissolve-button">${bi('বিলুপ্ত করুন', 'Dissolve')}</button></div>
<div id="dissolve-confirm" class="msg error" hidden><p>${bi(
    'আপনি কি নিশ্চিত যে এই সমিতি বিলুপ্ত করবেন? এটি তালিকা ও রিমাইন্ডার থেকে সরে যাবে, তবে ইতিহাসে থাকবে।',
    'Dissolve this society? It leaves the lists and reminders but stays in the history.')}</p>
<div class="actions">
<button type="button" class="danger" id="confirm-dissolve">${
  bi('হ্যাঁ, বিলুপ্ত করুন', 'Yes, dissolve')}</button>
<button type="button" class="secondary" id="cancel-dissolve">${bi('না, ফিরে যান', 'No, keep it')}</button>
</div></div>`;

const ACTIONS = {
  create: ['নিবন্ধিত', 'Created'], update: ['পরিবর্তিত', 'Changed'], dissolve: ['বিলুপ্ত', 'Dissolved'],
  correction: ['সংশোধন অনুরোধ প্রয়োগ', 'Correction request applied'],
};
function historyHtml(items, { FIELDS, LABEL, shown }) {
  if (!items || !items.length) return empty('কোনো ইতিহাস নেই', 'No history', 'no-history');
  return `<ol class="log" data-testid="history">${items.map(it => {
    const a = ACTIONS[it.action] || [it.action, it.action], b = it.before || {}, f = it.after || {};
    const changes = it.before ? FIELDS.map(x => x[0]).filter(k => (b[k] ?? '') !== (f[k] ?? ''))
      .map(k => `<li>${esc(LABEL[k][0])}: ${shown(k, b[k])} → ${shown(k, f[k])}</li>`).join('') : '';
    const request = it.correction_id ? ` <a href="#/corrections/r/${esc(it.correction_id)}"
 data-testid="history-correction">${esc(it.correction_id)}</a>` : '';
    return `<li><b>${bi(a[0], a[1])}</b>${request} · ${when(it.at)} · ${esc(it.actor)}${
      changes ? `<ul>${changes}</ul>` : ''}</li>`;
  }).join('')}</ol>`;
}
function smsHtml(sms) {
  if (!sms || !sms.length) return empty('এখনও কোনো এসএমএস যায়নি', 'No SMS sent yet', 'no-sms');
  return `<ol class="log" data-testid="sms-log">${sms.map(m => {
    const r = PHONE_ROLES[m.role] || [m.role, m.role];
    return `<li>${when(m.sent_at)} · ${bi(r[0], r[1])} ${phoneText(m.phone)} · ${
      bi(`${bn(m.parts)} অংশ`, `${m.parts} part(s)`)} · ${esc(m.status)}<br>${esc(m.text)}<br>
<small>${esc(m.message_id || '')}</small></li>`;
  }).join('')}</ol>`;
}

