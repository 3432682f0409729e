// Asrayon loans in officer.html (#/loans…), issue 19: the projects of the office's area, a project's loans
// (its approved list) as of a day, one loan's schedule and arrears as of a day, and the defaulter list of any
// day (CSV and print). The upazila office adds projects and loans; the offices above read. Every figure comes
// from the API (amounts in paisa, shown in Taka): the browser keeps no loan rule of its own.
// The shell (officer.js) imports it when #/loans is first opened; it imports in turn, when first needed,
// the monthly recovery report (loans-report.js), a loan's pauses, reschedules, committee decisions and
// correction requests (loan-actions.js), the representative's collection list (loans-collect.js), a
// project's late policy (loans-policy.js), the money to refund (loans-refunds.js) and an SMS to all of a
// project's borrowers (loans-broadcast.js).
import {
  $, areas, bn, clearErrors, date, DATE_ERROR, dateEn, isoDate, markTab, num, officerCall,
  officerSession, picker, qs, saveAs, showErrors, takaWords, todayIso,
} from './common.js';
import {
  allLoans, areaPartNote, bucketBadge, cells, fieldBox, FREQUENCY, INVALID, LATE_POLICY, reader, text,
  value,
} from './loans-parts.js';
import { hashRoute } from './officer-input.js';
import {
  bil, cardTable, confirmBox, dateField, emptyNote, errorNote, html, loadingNote, money, nothing, pagedList,
  render,
} from './ui.js';

const enc = encodeURIComponent;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const OFFICE_ONLY = ['প্রকল্প ও ঋণ কেবল প্রকল্পের উপজেলা সমবায় অফিস যোগ করে; ঊর্ধ্বতন অফিস দেখতে পারে।',
  "Only the project's upazila office adds projects and loans; the offices above read them."];
const INSTALMENT = {
  paid: ['পরিশোধিত', 'Paid'], partly_paid: ['আংশিক পরিশোধিত', 'Part paid'], due: ['দেয়', 'Due'],
  overdue: ['বকেয়া', 'Overdue'], upcoming: ['আসন্ন', 'Upcoming'],
};

// ---- the section: the heading and tabs, the area picker (offices above an upazila), the screen ---------
const section = document.createElement('section');
section.id = 'loans-view';
section.hidden = true;
$('main').append(section);
render(html`<div id="loans-head"></div>
<form class="picker no-print" id="l-picker" onsubmit="return false" hidden>
<label for="l-division">${bil('বিভাগ', 'Division')}<select id="l-division"></select></label>
<label for="l-district">${bil('জেলা', 'District')}<select id="l-district"></select></label>
<label for="l-upazila">${bil('উপজেলা', 'Upazila')}<select id="l-upazila"></select></label></form>
<div id="loans-body"></div>`, section);
const head = $('#loans-head', section), body = $('#loans-body', section);
const pickerForm = $('#l-picker', section);

// screen counts the screens shown: an answer that comes after its screen was left draws nothing.
let me = null, rendered = '', screen = 0, pendingFlash = null, note = null;
let area = null, pick = null, pickFor = '';
const projects = new Map(); // id → project, as last read

const call = (path, opts = {}) => officerCall(path, opts, me && me.token);
const ownCode = () => (me.user.office || {}).code || '';
const writes = () => me.user.role === 'upazila';
const writesFor = p => writes() && ownCode() === p.upazila_code;
const areaQuery = () => (area && area !== ownCode() ? area : '');
const flashNote = () => (note ? html`<div class="msg ok" role="status" data-testid="loans-flash">${
  bil(...note)}</div>` : nothing);
const go = hash => { if (location.hash === hash) { rendered = ''; route(); } else location.hash = hash; };
const back = (hash, words) => html`<p class="crumbs no-print"><a href=${hash}>← ${bil(...words)}</a></p>`;
const phone = p => (p ? html`<a href=${`tel:${p}`}>${bn(String(p).replace(/^\+88/, ''))}</a>` : '—');
const mine = () => { const s = screen; return () => s === screen; };

// a project's screens in modules of their own: #/loans/project/<id>/<sub> → [module, its function]
const ON_DEMAND_PROJECT_SCREENS = {
  collect: ['loans-collect', 'showCollection'], policy: ['loans-policy', 'showLatePolicy'],
  fund: ['loans-fund', 'showFund'], broadcast: ['loans-broadcast', 'showBroadcast'],
};

export function route() {
  me = officerSession();
  const { parts, params } = hashRoute();
  if (parts[0] !== 'loans' || !me) { section.hidden = true; rendered = ''; screen += 1; return; }
  section.hidden = false;
  setupPicker();
  const key = `${location.hash}|${me.token}|${area}`;
  if (key === rendered) return;
  rendered = key;
  screen += 1;
  note = pendingFlash; pendingFlash = null;
  window.scrollTo(0, 0);
  render(nothing, body); // a new screen on new elements: nothing typed on the last one stays
  const [, what, id, sub] = parts;
  const listed = !what || ['defaulters', 'report', 'refunds'].includes(what);
  pickerForm.hidden = !listed || writes();
  drawHead(listed && what ? what : 'projects');
  if (what === 'report') return onDemand('loans-report', 'showReport', params);
  if (what === 'refunds') return onDemand('loans-refunds', 'showRefunds');
  if (what === 'project' && id && Object.hasOwn(ON_DEMAND_PROJECT_SCREENS, sub || '')) {
    return onDemand(...ON_DEMAND_PROJECT_SCREENS[sub], id);
  }
  if (what === 'project' && id && sub === 'new') return showNewLoan(id);
  if (what === 'project' && id && sub === 'import') return showListImport(id);
  if (what === 'project' && id) return showProject(id, params);
  if (what === 'loan' && id) return showLoan(id, params);
  if (what === 'defaulters') return showDefaulters(params);
  if (what === 'new') return showNewProject();
  return showProjects();
}

function setupPicker() {
  if (pickFor === me.token) return;
  pickFor = me.token;
  area = ownCode();
  pick = pick || picker([$('#l-division'), $('#l-district'), $('#l-upazila')], code => {
    area = code.startsWith(ownCode()) ? code : ownCode();
    pick.set(area); // the levels below the one picked are filled again
    route();
  });
  pick.relock((me.user.office || {}).lineage || []);
  if (!writes()) pick.set(area);
}

function drawHead(tab) {
  render(html`${flashNote()}<h1>${bil('আশ্রয়ণ প্রকল্পের ঋণ', 'Asrayon loans')}</h1>
<nav aria-label="আশ্রয়ণ ঋণ · Asrayon loans"><ul class="mtabs no-print" id="loans-tabs">
<li><a href="#/loans" data-tab="projects">${bil('প্রকল্প', 'Projects')}</a></li>
<li><a href="#/loans/defaulters" data-tab="defaulters" id="defaulters-tab">${
  bil('ঋণখেলাপি', 'Defaulters')}</a></li>
<li><a href="#/loans/report" data-tab="report" id="report-tab">${
  bil('মাসিক আদায়', 'Monthly recovery')}</a></li>
<li><a href="#/loans/refunds" data-tab="refunds" id="refunds-tab">${
  bil('ফেরতযোগ্য', 'Refunds')}</a></li></ul></nav>`, head);
  markTab(head.querySelectorAll('#loans-tabs a'), tab);
}

// What a screen loaded on demand needs of this one; it draws nothing once its screen was left (ctx.ok()).
const context = () => ({
  call, body, back, go, me, ok: mine(), ownCode, writesFor, areaQuery, areaWords, projects,
  // the screen again (or another), with a note at its top
  flash(words, hash = location.hash) { pendingFlash = words; go(hash); },
});
function onDemand(name, show, ...args) {
  const ctx = context();
  render(loadingNote(), body);
  const failed = () => ctx.ok() && render(errorNote({
    message: 'This screen did not load. Check the connection and try again.',
    message_bn: 'পাতাটি লোড হয়নি। সংযোগ দেখে আবার চেষ্টা করুন।' }, () => go(location.hash)), body);
  return import(`./${name}.js`).then(m => ctx.ok() && m[show](ctx, ...args), failed);
}

// The area's name in both languages: the office's own, or one picked below it.
async function areaWords(code) {
  const own = me.user.office || {};
  if (code === ownCode()) return [own.name_bn || 'বাংলাদেশ', own.name_en || 'Bangladesh'];
  try {
    const found = (await areas(code.length > 2 ? code.slice(0, -2) : '')).find(a => a.code === code);
    if (found) return [found.name_bn, found.name_en];
  } catch (_) { /* the code instead */ }
  return [bn(code), code];
}

const instalmentTag = s => html`<span class="itag ${s}" data-testid="instalment-status">${
  bil(...(INSTALMENT[s] || [s, s]))}</span>`;
// A figure of a loan's state: its name above, the value below (two to a row on a phone).
const figure = (words, v, testid) => html`<div><dt>${bil(...words)}</dt><dd data-testid=${testid}>${
  v}</dd></div>`;
const daysLate = d => (d ? html`<br><small>${bil(`${num(d)} দিন পেরিয়েছে`, `${d} days past due`)}</small>`
  : nothing);

// "As of" a day: the screen read again for that day (kept in the hash, so a link or reload keeps it).
function asOfForm(asOf, hint) {
  const submit = ev => {
    ev.preventDefault();
    const form = ev.currentTarget, box = $('#as-of-error', form), typed = isoDate($('#as-of', form).value);
    clearErrors(form, box);
    if (typed === null) {
      showErrors(form, box, { ...DATE_ERROR, details: [{ field: 'as_of', ...DATE_ERROR }] },
        { as_of: 'as-of' });
      return;
    }
    const { parts, params } = hashRoute();
    if (typed && typed !== todayIso()) params.set('as_of', typed); else params.delete('as_of');
    params.delete('cursor'); // a part of a list is of its day
    const q = params.toString();
    go(`#/${parts.map(enc).join('/')}${q ? `?${q}` : ''}`);
  };
  return html`<form class="card asof no-print" id="as-of-form" novalidate @submit=${submit}>
<div id="as-of-error" hidden></div>
<div class="field"><label for="as-of">${bil('যে দিনের হিসাব', 'As of')}</label>
<div class="asof-row">${dateField({ id: 'as-of', name: 'as_of', value: asOf, describedby: 'as-of-hint' })}
<button type="submit" id="as-of-button">${bil('দেখুন', 'Show')}</button></div>
<p class="hint" id="as-of-hint">${bil(...hint)}</p></div></form>`;
}
const AS_OF_HINT = ['সেদিনের শেষে যেমন ছিল: পরের পেমেন্ট বাদ। খালি রাখলে আজ।',
  'As it stood at the end of that day: later payments left out. Empty: today.'];

// ---- projects of the area ------------------------------------------------------------------------------
const projectRow = p => html`<li class="row" data-testid="project-row" data-id=${p.id}><a
 href="#/loans/project/${enc(p.id)}"><span class="name">${p.name_bn}</span>${
  p.name_en ? html`<span class="meta" lang="en">${p.name_en}</span>` : nothing}
<span class="meta">${p.phase ? html`${p.phase} · ` : nothing}${bil('বিকাশ', 'bKash')} ${
  bn(String(p.bkash_account).replace(/^\+88/, ''))}</span></a></li>`;

function showProjects() {
  document.title = 'আশ্রয়ণ প্রকল্প · Asrayon projects · Samabay';
  const from = areaQuery();
  render(html`${writes() ? html`<div class="actions no-print"><a class="btn" id="new-project"
 href="#/loans/new">${bil('নতুন প্রকল্প', 'New project')}</a></div>` : html`<p class="hint">${
    bil(...OFFICE_ONLY)}</p>`}<div id="projects-box"></div>`, body);
  pagedList($('#projects-box', body), {
    name: 'projects',
    page: async () => {
      const d = await call(`/api/asrayon/projects${qs({ area_code: from })}`);
      d.items.forEach(p => projects.set(p.id, p));
      return d;
    },
    head: () => html`<h2>${bil('আশ্রয়ণ প্রকল্প', 'Asrayon projects')}</h2>`,
    row: projectRow,
    empty: emptyNote(['এই এলাকায় কোনো আশ্রয়ণ প্রকল্প নেই', 'No Asrayon projects in this area'],
      'projects-empty'),
  }).reload();
}

// ---- one project: its facts and its loans as of a day -----------------------------------------------
const projectFacts = p => html`<details class="card" data-testid="project-card"><summary>${
  bil('প্রকল্পের তথ্য', 'About the project')}</summary><dl class="facts">
${p.phase ? html`<dt>${bil('পর্যায়', 'Phase')}</dt><dd>${p.phase}</dd>` : nothing}
<dt>${bil('বিকাশ নম্বর (অফিসিয়াল)', 'Official bKash number')}</dt><dd>${phone(p.bkash_account)}${
  p.bkash_approval_ref ? html`<br><small>${p.bkash_approval_ref}${
    p.bkash_approved_on ? html`, ${date(p.bkash_approved_on)}` : nothing}</small>` : nothing}</dd>
<dt>${bil('ব্যাংক হিসাব', 'Bank account')}</dt><dd>${p.bank_account}</dd>
${p.society_id ? html`<dt>${bil('সমিতি', 'Society')}</dt><dd><a href="#/society/${enc(p.society_id)}">${
    bil('সমিতির পাতা', "The society's page")}</a></dd>` : nothing}
<dt>${bil('দেরিতে পরিশোধের নীতি', 'Late policy')}</dt><dd data-testid="late-policy">${
  bil(...(LATE_POLICY[p.late_policy] || LATE_POLICY.accept_and_flag))}${p.late_policy === 'accept_with_charge'
    ? html`<br>${bil('প্রতি কিস্তিতে মাশুল', 'charge per instalment')} ${money(p.late_charge_paisa)}`
    : nothing}${
  p.late_policy_since ? html`<br><small>${bil(`${date(p.late_policy_since)} থেকে`,
    `since ${dateEn(p.late_policy_since)}`)}</small>` : nothing}${writesFor(p) ? html`<br><a
 id="policy-link" href="#/loans/project/${enc(p.id)}/policy">${bil('নীতি বদলান', 'Change it')}</a>`
    : nothing}</dd>
</dl></details>`;

const LOAN_COLUMNS = asOf => [
  { head: ['ঋণগ্রহীতা', 'Borrower'], key: true, cell: l => html`<a href="#/loans/loan/${enc(l.id)}${
    qs({ as_of: asOf })}" data-testid="loan-link">${l.borrower_name_bn}</a> <small>${
    l.guardian_name_bn}</small>${l.state === 'draft' ? html` <span class="badge" data-testid="draft-badge">${
    bil('খসড়া', 'Draft')}</span>` : nothing}` },
  { head: ['ব্যারাক / কক্ষ', 'Barrack / room'], cell: l => `${bn(l.barrack_no)} / ${bn(l.room_no)}` },
  { head: ['অপরিশোধিত', 'Outstanding'], num: true, cell: l => money(l.outstanding_paisa) },
  { head: ['বকেয়া', 'Overdue'], num: true,
    cell: l => html`${money(l.overdue_paisa)}${daysLate(l.days_past_due)}` },
  { head: ['শ্রেণি', 'Bucket'], cell: l => bucketBadge(l.bucket) },
];

async function showProject(id, params) {
  const ok = mine(), asOf = params.get('as_of') || '';
  const known = projects.get(id);
  document.title = `${known ? known.name_bn : 'আশ্রয়ণ প্রকল্প'} · Samabay`;
  let q = '', timer = null;
  const search = ev => {
    clearTimeout(timer);
    timer = setTimeout(() => { q = ev.target.value.trim(); if (ok()) list.reload(); }, 350);
  };
  render(html`${back('#/loans', ['প্রকল্পের তালিকা', 'Projects'])}<div id="project-top"></div>
${asOfForm(asOf || todayIso(), AS_OF_HINT)}<div class="field no-print"><input type="search" id="loan-search"
 autocomplete="off" aria-label="ঋণগ্রহীতা খুঁজুন · Search a borrower" @input=${search}
 placeholder="নাম বা মোবাইল · name or mobile"></div><div id="loans-box"></div>`, body);
  render(known ? projectTop(known) : loadingNote(), $('#project-top', body));
  const list = pagedList($('#loans-box', body), {
    name: 'loans', row: l => l, key: l => l.id,
    wrap: items => cardTable(cells(LOAN_COLUMNS(asOf)), items, { testid: 'loans', cls: 'loans-table' }),
    page: async cursor => {
      const d = await call(`/api/asrayon/projects/${enc(id)}/loans${qs({ as_of: asOf, cursor, q })}`);
      projects.set(d.project.id, d.project);
      if (ok()) {
        document.title = `${d.project.name_bn} · Samabay`;
        render(projectTop(d.project), $('#project-top', body));
      }
      return d;
    },
    head: d => html`<h3>${bil('ঋণের তালিকা', 'Loans')}</h3><p class="hint"
 data-testid="loans-count">${bil(`${date(d.as_of)} পর্যন্ত · ${num(d.total)}টি ঋণ`,
  `as of ${dateEn(d.as_of)} · ${d.total}`)}</p>`,
    empty: () => emptyNote(q ? ['এই নামে বা নম্বরে কোনো ঋণগ্রহীতা নেই', 'No borrower matches']
      : ['এই প্রকল্পে এখনো কোনো ঋণ নেই', 'No loans in this project yet'], 'loans-empty'),
  });
  list.reload();
}
const projectTop = p => html`<h2 data-testid="project-name">${p.name_bn}${
  p.name_en ? html` <small lang="en">${p.name_en}</small>` : nothing}</h2>${projectFacts(p)}${
  writesFor(p) ? html`<div class="actions no-print"><a class="btn" id="new-loan"
 href="#/loans/project/${enc(p.id)}/new">${bil('নতুন ঋণ', 'New loan')}</a>
<a class="btn secondary" id="import-list" href="#/loans/project/${enc(p.id)}/import">${
  bil('তালিকা আমদানি ও অনুমোদন', 'Import and approve the list')}</a>
<a class="btn secondary" id="fund-link" href="#/loans/project/${enc(p.id)}/fund">${
  bil('তহবিল ও ব্যাংক জমা', 'Fund and bank deposits')}</a>
<a class="btn secondary" id="collect-link" href="#/loans/project/${enc(p.id)}/collect">${
  bil('প্রতিনিধির সংগ্রহ', "Representative's collection")}</a>
<a class="btn secondary" id="broadcast-link" href="#/loans/project/${enc(p.id)}/broadcast">${
  bil('সব ঋণগ্রহীতাকে এসএমএস', 'SMS to all borrowers')}</a></div>` : nothing}`;

// ---- a project's borrower list: a file checked, imported as drafts, then approved (locked) ----------
const LIST_WORDS = { added: ['খসড়া ঋণ যোগ হয়েছে', 'draft loans added'],
  none: ['ফাইলে কোনো ঋণগ্রহীতা নেই।', 'The file has no borrowers.'],
  labels: { barrack_no: ['ব্যারাক'], room_no: ['কক্ষ'], name_bn: ['নাম'], guardian_name_bn: ['পিতা/স্বামী'],
    phone: ['মোবাইল'], nid: ['এনআইডি'], loan_date: ['ঋণের তারিখ'], principal_taka: ['ঋণ (টাকা)'],
    service_charge_taka: ['সার্ভিস চার্জ (টাকা)'], instalments: ['কিস্তি'], frequency: ['কিস্তির ধরন'],
    first_due_on: ['প্রথম কিস্তি'] } };

async function showListImport(id) {
  const ok = mine(), { errorTable, result } = await import('./import.js');
  const toProject = back(`#/loans/project/${enc(id)}`, ['প্রকল্পের ঋণ', "The project's loans"]);
  let file = null, checked = null, outcome = nothing, drafts = [], asking = null, busy = false;
  const draw = () => ok() && render(html`${toProject}<h2>${bil('ঋণগ্রহীতার তালিকা', 'Borrower list')}</h2>
<p class="hint">${bil('ফাইল প্রথমে যাচাই করুন; কোনো সারিতে ভুল না থাকলে খসড়া হিসেবে আমদানি হবে। '
    + 'অনুমোদনের পর তালিকা লক হয়ে যায়: পরে পরিবর্তন কেবল সংশোধন অনুরোধে।',
  'Check the file first; with no row error it is imported as drafts. Once approved the list is locked: '
    + 'later changes go through correction requests.')}</p>
<p><a class="btn secondary" href="#" id="list-template" @click=${template}>${
  bil('টেমপ্লেট (CSV) নামান', 'Download the template (CSV)')}</a></p>
<div class="field"><label for="list-file">${bil('ফাইল (.csv বা .xlsx)', 'File (.csv or .xlsx)')}</label>
<input type="file" id="list-file" accept=".csv,.xlsx" @change=${choose}></div>
<div class="actions"><button type="button" id="list-check" ?disabled=${!file || busy}
 @click=${() => send(true)}>${
  bil('যাচাই করুন', 'Check')}</button>
<button type="button" id="list-import" ?disabled=${!checked || busy} @click=${() => ask('import')}>${
  bil('আমদানি করুন', 'Import')}</button></div>
<div id="list-result" aria-live="polite">${outcome}</div>
<h3>${bil('অনুমোদনের অপেক্ষায়', 'Waiting for approval')}</h3><p data-testid="drafts-count">${
  bil(`${num(drafts.length)}টি খসড়া ঋণ`, `${drafts.length} draft loans`)}</p>
${drafts.length ? html`<div class="actions"><button type="button" id="list-approve" ?disabled=${busy}
 @click=${() => ask('approve')}>${bil('তালিকা অনুমোদন করুন', 'Approve the list')}</button>
<button type="button" class="secondary" id="list-discard" ?disabled=${busy} @click=${() => ask('discard')}>${
  bil('খসড়া বাতিল করুন', 'Discard the drafts')}</button></div>` : nothing}
${asking}`, body);
  const fresh = () => (checked ? checked.valid - checked.unchanged : 0);
  const confirmWords = {
    import: [[`${num(fresh())}টি ঋণ খসড়া হিসেবে যোগ হবে। আমদানি করবেন?`,
      `${fresh()} loans will be added as drafts. Import?`],
    ['হ্যাঁ, আমদানি করুন', 'Yes, import'], () => send(false)],
    approve: [[`${num(drafts.length)}টি ঋণ অনুমোদিত তালিকায় যাবে এবং তালিকা লক হবে। অনুমোদন করবেন?`,
      `${drafts.length} loans go on the approved list, which is then locked. Approve?`],
    ['হ্যাঁ, অনুমোদন করুন', 'Yes, approve'], approve],
    discard: [[`${num(drafts.length)}টি খসড়া ঋণ মুছে যাবে; অনুমোদিত ঋণ থাকবে। বাতিল করবেন?`,
      `${drafts.length} draft loans will be removed; approved loans stay. Discard?`],
    ['হ্যাঁ, বাতিল করুন', 'Yes, discard'], discard],
  };
  function ask(what) {
    const [question, yes, onYes] = confirmWords[what];
    asking = confirmBox({ question, yes, onYes: () => { asking = null; onYes(); },
      onNo: () => { asking = null; draw(); }, id: 'list-confirm', yesId: 'list-confirm-yes' });
    draw();
    $('#list-confirm-yes').focus();
  }
  async function loadDrafts() {
    drafts = (await allLoans(call, id)).items.filter(l => l.state === 'draft');
  }
  function choose(ev) { file = ev.target.files[0] || null; checked = null; outcome = nothing; draw(); }
  async function template(ev) {
    ev.preventDefault();
    try {
      await saveAs(await call('/api/asrayon/loans/template.csv', { raw: true }),
        'samabay-borrowers-template.csv');
    } catch (e) { if (!e.handled) { outcome = errorNote(e); draw(); } }
  }
  async function send(dryRun) {
    const type = /\.xlsx$/i.test(file.name) ? XLSX_TYPE : 'text/csv';
    busy = true;
    outcome = loadingNote(dryRun ? ['যাচাই হচ্ছে…', 'Checking…'] : ['আমদানি হচ্ছে…', 'Importing…']);
    draw();
    try {
      const r = await call(`/api/asrayon/projects/${enc(id)}/loans/import?dry_run=${dryRun}`,
        { method: 'POST', body: file, type });
      outcome = result(r, LIST_WORDS);
      checked = dryRun && !r.errors.length && r.valid > r.unchanged ? r : null;
      if (!dryRun) await loadDrafts();
    } catch (e) {
      const rows = (e.details || []).filter(d => d.message_bn);
      if (!e.handled) outcome = html`${errorNote(e)}${rows.length > 1 ? errorTable(rows) : nothing}`;
    }
    busy = false; draw();
  }
  async function discard() {
    busy = true; draw();
    try {
      const d = await call(`/api/asrayon/projects/${enc(id)}/loans/discard`,
        { method: 'POST', body: { expected_loans: drafts.length } });
      outcome = html`<div class="msg ok" role="status" data-testid="drafts-discarded">${
        bil(`${num(d.discarded)}টি খসড়া ঋণ বাতিল হয়েছে।`, `${d.discarded} draft loans discarded.`)}</div>`;
    } catch (e) { if (!e.handled) outcome = errorNote(e); }
    await loadDrafts().catch(() => {});
    busy = false; draw();
  }
  async function approve() {
    busy = true; draw();
    try {
      const a = await call(`/api/asrayon/projects/${enc(id)}/loans/approve`,
        { method: 'POST', body: { expected_loans: drafts.length } });
      pendingFlash = [`${num(a.approved)}টি ঋণ অনুমোদিত হয়েছে; তালিকা লক করা হলো।`,
        `${a.approved} loans approved; the list is locked.`];
      go(`#/loans/project/${enc(id)}`);
      return;
    } catch (e) {
      if (!e.handled) outcome = errorNote(e);
      await loadDrafts().catch(() => {});
    }
    busy = false; draw();
  }
  draw();
  try { await loadDrafts(); } catch (e) { if (!e.handled) outcome = errorNote(e); }
  draw();
}

// ---- one loan as of a day -------------------------------------------------------------------------
const SCHEDULE_COLUMNS = [
  { head: ['কিস্তি', 'No.'], key: true, cell: s => bil(`কিস্তি ${bn(s.no)}`, `No. ${s.no}`) },
  { head: ['শেষ তারিখ', 'Due date'], cell: s => date(s.due_on) },
  { head: ['পরিমাণ', 'Amount'], num: true, cell: s => money(s.amount_paisa) },
  { head: ['পরিশোধ', 'Paid'], num: true,
    cell: s => (s.paid_paisa === undefined ? '—' : money(s.paid_paisa)) },
  { head: ['অবস্থা', 'Status'], cls: 'st', cell: s => (s.status ? instalmentTag(s.status) : '—') },
];

async function showLoan(id, params) {
  const ok = mine(), asOf = params.get('as_of') || '';
  render(html`${back('#/loans', ['প্রকল্পের তালিকা', 'Projects'])}${loadingNote()}`, body);
  let l;
  try { l = await call(`/api/loans/${enc(id)}${qs({ as_of: asOf })}`); } catch (e) {
    if (!e.handled && ok()) {
      const again = () => go(location.hash);
      const toList = back('#/loans', ['প্রকল্পের তালিকা', 'Projects']);
      render(html`${toList}${errorNote(e, e.status ? null : again)}`, body);
    }
    return;
  }
  if (!ok()) return;
  const b = l.borrower, project = projects.get(l.project_id);
  const freq = FREQUENCY[l.frequency] || [l.frequency, l.frequency];
  document.title = `${b.name_bn} · আশ্রয়ণ ঋণ · Samabay`;
  render(html`${back(`#/loans/project/${enc(l.project_id)}${qs({ as_of: asOf })}`,
    project || l.project_name_bn ? [(project || {}).name_bn || l.project_name_bn, 'Project']
      : ['প্রকল্পের ঋণ', "The project's loans"])}
<h2 data-testid="borrower-name">${b.name_bn} <small>${bil(`পিতা/স্বামী: ${b.guardian_name_bn}`,
    "father's or husband's name")}</small></h2>
<p class="meta">${bil(`ব্যারাক ${bn(b.barrack_no)}, কক্ষ ${bn(b.room_no)}`,
    `barrack ${b.barrack_no}, room ${b.room_no}`)} · ${phone(b.phone)}</p>
<div class="card loan-state" data-testid="loan-state"><h3>${
  bil(`${date(l.as_of)} পর্যন্ত`, `As of ${dateEn(l.as_of)}`)} ${bucketBadge(l.bucket)}</h3>
<dl class="figures">
${figure(['বকেয়া', 'Overdue'], html`<b>${money(l.overdue_paisa)}</b>`, 'overdue')}
${figure(['মেয়াদোত্তীর্ণ দিন', 'Days past due'], num(l.days_past_due), 'days-past-due')}
${figure(['পরিশোধিত', 'Paid'], money(l.paid_paisa), 'paid')}
${figure(['অপরিশোধিত', 'Outstanding'], money(l.outstanding_paisa), 'outstanding')}
${l.next_due_on ? figure(['পরের কিস্তি', 'Next instalment'],
    html`${date(l.next_due_on)}<br>${money(l.next_due_paisa)}`, 'next-due') : nothing}
${l.overpaid_paisa ? figure(['অতিরিক্ত জমা (ফেরতযোগ্য)', 'Paid beyond the schedule (to refund)'],
    html`${money(l.overpaid_paisa)}<br><a class="no-print" href="#/loans/refunds">${
      bil('ফেরতের তালিকা', 'Refunds list')}</a>`, 'overpaid') : nothing}</dl></div>
${asOfForm(asOf || l.as_of, AS_OF_HINT)}
<h3>${bil('কিস্তির সূচি', 'Schedule')}</h3>
${cardTable(cells(SCHEDULE_COLUMNS), l.schedule, { testid: 'schedule', cls: 'schedule-table' })}
<div class="card" data-testid="loan-card"><h3>${bil('ঋণের শর্ত', 'Terms of the loan')}</h3><dl class="facts">
<dt>${bil('ঋণের তারিখ', 'Loan date')}</dt><dd>${date(l.loan_date)}</dd>
<dt>${bil('ঋণ ও সার্ভিস চার্জ', 'Principal and service charge')}</dt><dd>${money(l.principal_paisa)} + ${
  money(l.service_charge_paisa)} = <b>${money(l.total_paisa)}</b></dd>
<dt>${bil('কিস্তি', 'Instalments')}</dt><dd>${bil(`${num(l.instalments)}টি, ${freq[0]}`,
  `${l.instalments}, ${freq[1].toLowerCase()}`)}</dd>
<dt>${bil('প্রথম কিস্তির তারিখ', 'First due date')}</dt><dd>${date(l.first_due_on)}</dd></dl></div>
<div id="loan-actions"></div>`, body);
  const ctx = context();
  import('./loan-actions.js').then(m => ctx.ok() && m.showLoanActions(ctx, $('#loan-actions', body), l),
    () => ctx.ok() && render(errorNote({ message: 'The loan\'s actions did not load.',
      message_bn: 'ঋণের কাজগুলো লোড হয়নি।' }, () => go(location.hash)), $('#loan-actions', body)));
}

// ---- defaulters as of any day -------------------------------------------------------------------------
const DEFAULTER_COLUMNS = asOf => [
  { head: ['ঋণগ্রহীতা', 'Borrower'], key: true, cell: d => html`<a href="#/loans/loan/${enc(d.loan_id)}${
    qs({ as_of: asOf })}" data-testid="defaulter-link">${d.borrower_name_bn}</a> <small>${
    d.guardian_name_bn}</small>` },
  { head: ['প্রকল্প', 'Project'], cls: 'text', cell: d => d.project_name_bn || '—' },
  { head: ['ব্যারাক / কক্ষ', 'Barrack / room'], cell: d => `${bn(d.barrack_no)} / ${bn(d.room_no)}` },
  { head: ['মোবাইল', 'Mobile'], cell: d => phone(d.phone) },
  { head: ['প্রথম বকেয়া কিস্তি', 'Oldest unpaid due'], cell: d => date(d.oldest_due_on) },
  { head: ['মেয়াদোত্তীর্ণ দিন', 'Days past due'], num: true, cell: d => num(d.days_past_due) },
  { head: ['শ্রেণি', 'Bucket'], cell: d => bucketBadge(d.bucket) },
  { head: ['বকেয়া', 'Overdue'], num: true, cell: d => html`<b>${money(d.overdue_paisa)}</b>` },
  { head: ['অপরিশোধিত', 'Outstanding'], num: true, cell: d => money(d.outstanding_paisa) },
];

// How many loans are in each bucket, in the list's order (the longest past due first).
function bucketCounts(items) {
  const counts = new Map();
  items.forEach(i => counts.set(i.bucket, (counts.get(i.bucket) || 0) + 1));
  return [...counts];
}

async function showDefaulters(params) {
  const ok = mine(), asOf = params.get('as_of') || '', from = areaQuery();
  const cursor = params.get('cursor') || '';
  const csv = { busy: false, error: null };
  let d = null, error = null, place = null;
  document.title = 'ঋণখেলাপি তালিকা · Defaulters · Samabay';
  // An area of more loans than one list reads (20,000) comes a part at a time; the hash keeps the part.
  const part = next => {
    const q = new URLSearchParams(params);
    if (next) q.set('cursor', next); else q.delete('cursor');
    return `#/loans/defaulters${q.toString() ? `?${q}` : ''}`;
  };
  const parts = () => areaPartNote('defaulters', d.next_cursor, cursor, part);
  const draw = () => ok() && render(html`${asOfForm(asOf || (d ? d.as_of : todayIso()), AS_OF_HINT)}
<div id="defaulters-out">${error ? errorNote(error, error.status ? null : load) // a refusal: no retry
    : !d ? loadingNote() : html`${parts()}${defaultersView(d, place, csv, download)}`}</div>`, body);
  async function load() {
    error = null; draw();
    try {
      [d, place] = await Promise.all([
        call(`/api/loans/defaulters${qs({ area_code: from, as_of: asOf, cursor })}`),
        areaWords(from || ownCode())]);
    } catch (e) { if (e.handled) return; error = e; }
    draw();
  }
  async function download() {
    Object.assign(csv, { busy: true, error: null });
    draw();
    try {
      const path = `/api/loans/defaulters${qs({ area_code: from, as_of: d.as_of, cursor, format: 'csv' })}`;
      await saveAs(await call(path, { raw: true }), `defaulters-${d.area_code || 'BD'}-${d.as_of}.csv`);
    } catch (e) { if (!e.handled) csv.error = e; }
    csv.busy = false;
    draw();
  }
  load();
}

function defaultersView(d, place, csv, download) {
  const counts = bucketCounts(d.items);
  const overdue = b => (d.by_bucket || []).find(t => t.bucket === b);
  return html`<h2 data-testid="defaulters-title">${bil(`${place[0]}: ঋণখেলাপি, ${date(d.as_of)} পর্যন্ত`,
    `${place[1]}: defaulters as of ${dateEn(d.as_of)}`)}</h2>
<div class="card stats" data-testid="defaulters-summary"><p class="total">${
  bil('মোট বকেয়া', 'Total overdue')}: <b data-testid="total-overdue">${money(d.total_overdue_paisa)}</b></p>
<p>${bil(`${num(d.count)} জন ঋণগ্রহীতা`, `${d.count} borrowers`)}</p>${counts.length ? html`<ul
 class="bucket-counts" data-testid="bucket-counts">${counts.map(([b, n]) => html`<li>${bucketBadge(b)} <b>${
  num(n)}</b>${overdue(b) ? html` · ${money(overdue(b).overdue_paisa)}` : nothing}</li>`)}</ul>`
  : nothing}</div>
<div class="actions no-print"><button type="button" class="secondary" id="defaulters-csv"
 ?disabled=${csv.busy} @click=${download}>${bil('CSV ডাউনলোড', 'Download CSV')}</button>
<button type="button" class="secondary" id="defaulters-print" @click=${() => window.print()}>${
  bil('প্রিন্ট', 'Print')}</button></div>
${csv.error ? errorNote(csv.error) : nothing}
${d.items.length ? cardTable(cells(DEFAULTER_COLUMNS(d.as_of)), d.items,
    { testid: 'defaulters', cls: 'defaulters-table' })
    : emptyNote(['এই দিনে কোনো ঋণখেলাপি নেই', 'No defaulters on this day'], 'defaulters-empty')}`;
}

// ---- a new project ---------------------------------------------------------------------------------
const PROJECT_IDS = {
  name_bn: 'pj-name-bn', name_en: 'pj-name-en', phase: 'pj-phase', society_id: 'pj-society',
  bkash_account: 'pj-bkash', bkash_approval_ref: 'pj-approval-ref', bkash_approved_on: 'pj-approved-on',
  bank_account: 'pj-bank', upazila_code: 'pj-name-bn',
};
const PROJECT_CODES = { unknown_society: 'pj-society', upazila_office_only: 'pj-name-bn' };

function showNewProject() {
  document.title = 'নতুন আশ্রয়ণ প্রকল্প · New Asrayon project · Samabay';
  const toList = back('#/loans', ['প্রকল্পের তালিকা', 'Projects']);
  if (!writes()) { render(html`${toList}<div class="msg info">${bil(...OFFICE_ONLY)}</div>`, body); return; }
  const office = me.user.office || {};
  let saving = false, societies = null, searchSeq = 0;
  const draw = () => render(html`${toList}<h2>${bil('নতুন আশ্রয়ণ প্রকল্প', 'New Asrayon project')}</h2>
<form id="project-form" class="card" novalidate @submit=${save}>
<div id="project-error" hidden></div>
<p>${bil(`উপজেলা: ${office.name_bn || ''}`, `Upazila: ${office.name_en || ''}`)}</p>
${fieldBox('pj-name-bn', ['প্রকল্পের নাম (বাংলায়)', 'Name in Bengali'], text('pj-name-bn', { req: true }),
    { req: true, hint: ['যেমন ঝিনাইদহ সদর আশ্রয়ণ-২ বহুমুখী সমবায় সমিতি লিঃ', 'as registered'] })}
${fieldBox('pj-name-en', ['প্রকল্পের নাম (ইংরেজিতে)', 'Name in English'], text('pj-name-en'))}
${fieldBox('pj-phase', ['পর্যায়', 'Phase'], text('pj-phase'), { hint: ['যেমন আশ্রয়ণ, আশ্রয়ণ-২, ফেইজ-২',
    'e.g. Asrayon, Asrayon-2, phase 2'] })}
${fieldBox('pj-society', ['নিবন্ধিত সমিতি', 'Registered society'], html`<input id="pj-society-q"
 type="search" autocomplete="off" aria-label="সমিতি খুঁজুন · Search a society"
 placeholder="সমিতির নাম বা নিবন্ধন নম্বর · name or reg. no." @input=${search}>
<select id="pj-society" aria-describedby="pj-society-error pj-society-hint"><option value="">${
  societies === null ? 'লোড হচ্ছে… · Loading…' : '— নেই / পরে · none / later —'}</option>${
  (societies || []).map(s => html`<option value=${s.id}>${s.name_bn} (${
    bn(s.registration_no)})</option>`)}</select>`,
    { hint: ['প্রকল্পটি যে সমবায় সমিতি (ঐচ্ছিক)', 'The cooperative society the project is (optional)'] })}
${fieldBox('pj-bkash', ['অফিসিয়াল বিকাশ নম্বর', 'Official bKash number'],
    text('pj-bkash', { type: 'tel', mode: 'tel', req: true }), { req: true,
      hint: ['উপজেলা আশ্রয়ণ টাস্কফোর্স কমিটির অনুমোদিত, যেমন ০১৭১১০০০৪১৯',
        'approved by the Upazila Asrayon Task Force Committee, e.g. 01711000419'] })}
${fieldBox('pj-approval-ref', ['বিকাশ নম্বর অনুমোদনের সূত্র', "The bKash number's approval reference"],
    text('pj-approval-ref'),
    { hint: ['যেমন টাস্কফোর্স কমিটি, সভা ৩/২০২৬', 'e.g. task force meeting 3/2026'] })}
${fieldBox('pj-approved-on', ['অনুমোদনের তারিখ', 'Approved on'],
    dateField({ id: 'pj-approved-on', describedby: 'pj-approved-on-error' }))}
${fieldBox('pj-bank', ['প্রকল্পের ব্যাংক হিসাব', "The project's bank account"],
    text('pj-bank', { req: true }),
    { req: true, hint: ['ব্যাংক, শাখা ও হিসাব নম্বর', 'bank, branch and account number'] })}
<div class="actions"><button type="submit" id="save-project" ?disabled=${saving}>${
  bil('প্রকল্প যোগ করুন', 'Add the project')}</button>
<a class="btn secondary" href="#/loans">${bil('বাতিল', 'Cancel')}</a></div></form>`, body);

  async function findSocieties(q) {
    const my = ++searchSeq;
    try {
      const d = await call(`/api/societies${qs({ area_code: ownCode(), q, limit: 50 })}`);
      if (my !== searchSeq) return;
      societies = d.items;
    } catch (e) { if (my === searchSeq) societies = []; }
    draw();
  }
  let timer = null;
  function search(ev) {
    clearTimeout(timer);
    timer = setTimeout(() => findSocieties(ev.target.value.trim()), 350);
  }
  async function save(ev) {
    ev.preventDefault();
    const form = ev.currentTarget, box = $('#project-error', form), r = reader();
    clearErrors(form, box);
    const out = { upazila_code: ownCode(), name_bn: value(form, 'pj-name-bn'),
      bkash_account: value(form, 'pj-bkash'), bank_account: value(form, 'pj-bank') };
    for (const [name, id] of [['name_en', 'pj-name-en'], ['phase', 'pj-phase'],
      ['bkash_approval_ref', 'pj-approval-ref'], ['society_id', 'pj-society']]) {
      if (value(form, id)) out[name] = value(form, id);
    }
    const approved = r.date('bkash_approved_on', value(form, 'pj-approved-on'));
    if (approved) out.bkash_approved_on = approved;
    if (r.bad.length) { showErrors(form, box, { ...INVALID, details: r.bad }, PROJECT_IDS); return; }
    const ok = mine();
    saving = true; draw();
    try {
      const p = await call('/api/asrayon/projects', { method: 'POST', body: out });
      projects.set(p.id, p);
      if (!ok()) return;
      pendingFlash = [`"${p.name_bn}" প্রকল্প যোগ হয়েছে। এখন ঋণ যোগ করুন।`,
        'The project was added. Now add its loans.'];
      go(`#/loans/project/${enc(p.id)}`);
      return;
    } catch (e) {
      if (!ok()) return;
      saving = false; draw();
      if (!e.handled) showErrors(form, box, e, PROJECT_IDS, code => PROJECT_CODES[code]);
    }
  }
  draw();
  findSocieties('');
}

// ---- a new loan -----------------------------------------------------------------------------------
const LOAN_IDS = {
  'borrower.name_bn': 'ln-name', 'borrower.guardian_name_bn': 'ln-guardian',
  'borrower.barrack_no': 'ln-barrack',
  'borrower.room_no': 'ln-room', 'borrower.phone': 'ln-phone', 'borrower.nid': 'ln-nid', loan_date: 'ln-date',
  principal_paisa: 'ln-principal', service_charge_paisa: 'ln-charge', instalments: 'ln-instalments',
  frequency: 'ln-frequency', first_due_on: 'ln-first-due', project_id: 'ln-name', borrower: 'ln-name',
};
const LOAN_CODES = { first_due_before_loan: 'ln-first-due', service_charge_too_high: 'ln-charge',
  upazila_office_only: 'ln-name', project_not_found: 'ln-name' };

async function showNewLoan(projectId) {
  const ok = mine();
  const toProject = back(`#/loans/project/${enc(projectId)}`, ['প্রকল্পের ঋণ', "The project's loans"]);
  document.title = 'নতুন ঋণ · New loan · Samabay';
  let p = projects.get(projectId);
  if (!p) {
    render(html`${toProject}${loadingNote()}`, body);
    try { p = (await call(`/api/asrayon/projects/${enc(projectId)}/loans`)).project; } catch (e) {
      if (!e.handled && ok()) render(html`${toProject}${errorNote(e, () => go(location.hash))}`, body);
      return;
    }
    if (!ok()) return;
    projects.set(p.id, p);
  }
  if (!writesFor(p)) {
    render(html`${toProject}<div class="msg info">${bil(...OFFICE_ONLY)}</div>`, body);
    return;
  }
  let saving = false, made = null;
  const draw = () => render(html`${toProject}<h2>${bil('নতুন ঋণ', 'New loan')} <small>${
  p.name_bn}</small></h2>
<p class="hint">${bil('ঋণটি যোগ করলেই প্রকল্পের অনুমোদিত তালিকায় ওঠে; সূচি সার্ভার তৈরি করে।',
    "A loan added here is on the project's approved list at once; the server makes its schedule.")}</p>
<form id="loan-form" class="card" novalidate ?hidden=${Boolean(made)} @submit=${save}>
<div id="loan-error" hidden></div>
<h3 class="group">${bil('ঋণগ্রহীতা', 'Borrower')}</h3>
${fieldBox('ln-name', ['ঋণগ্রহীতার নাম (বাংলায়)', "Borrower's name"], text('ln-name', { req: true }),
    { req: true })}
${fieldBox('ln-guardian', ['পিতা / স্বামীর নাম', "Father's or husband's name"],
    text('ln-guardian', { req: true }),
    { req: true })}
<div class="pair">${fieldBox('ln-barrack', ['ব্যারাক নং', 'Barrack no.'], text('ln-barrack', { req: true }),
    { req: true })}
${fieldBox('ln-room', ['কক্ষ নং', 'Room no.'], text('ln-room', { req: true }), { req: true })}</div>
${fieldBox('ln-phone', ['মোবাইল', 'Mobile'], text('ln-phone', { type: 'tel', mode: 'tel', req: true }),
    { req: true, hint: ['কিস্তির এসএমএস এই নম্বরে যাবে, যেমন ০১৭১২৩৪৫৬৭৮',
      'Instalment SMS go to it, e.g. 01712345678'] })}
${fieldBox('ln-nid', ['জাতীয় পরিচয়পত্র নম্বর (ঐচ্ছিক)', 'National ID no. (optional)'],
    text('ln-nid', { mode: 'numeric' }))}
<h3 class="group">${bil('ঋণ', 'Loan')}</h3>
${fieldBox('ln-date', ['ঋণের তারিখ', 'Loan date'], dateField({ id: 'ln-date', required: true,
      describedby: 'ln-date-error' }), { req: true })}
${fieldBox('ln-principal', ['ঋণের পরিমাণ (টাকা)', 'Principal (Taka)'],
    text('ln-principal', { mode: 'decimal', req: true }), { req: true, hint: ['যেমন ৩০০০০', 'e.g. 30000'] })}
${fieldBox('ln-charge', ['সার্ভিস চার্জ (টাকা)', 'Service charge (Taka)'],
    text('ln-charge', { mode: 'decimal', req: true }), { req: true, hint: ['যেমন ১৫০০', 'e.g. 1500'] })}
<div class="pair">${fieldBox('ln-instalments', ['কিস্তির সংখ্যা', 'Instalments'],
    text('ln-instalments', { mode: 'numeric', req: true }), { req: true })}
${fieldBox('ln-frequency', ['কিস্তির ধরন', 'Frequency'], html`<select id="ln-frequency"
 aria-describedby="ln-frequency-error">${Object.entries(FREQUENCY).map(([k, [b, e]]) => html`<option
 value=${k}>${b} · ${e}</option>`)}</select>`)}</div>
${fieldBox('ln-first-due', ['প্রথম কিস্তির তারিখ', 'First due date'], dateField({ id: 'ln-first-due',
      required: true, describedby: 'ln-first-due-error' }), { req: true })}
<div class="actions"><button type="submit" id="save-loan" ?disabled=${saving}>${
  bil('ঋণ যোগ করুন', 'Add the loan')}</button>
<a class="btn secondary" href="#/loans/project/${enc(p.id)}">${bil('বাতিল', 'Cancel')}</a></div></form>
<div id="loan-made" aria-live="polite">${made ? madeView(made, another) : nothing}</div>`, body);
  function another() {
    made = null; draw();
    $('#ln-name', body).focus();
  }

  async function save(ev) {
    ev.preventDefault();
    const form = ev.currentTarget, box = $('#loan-error', form), r = reader();
    clearErrors(form, box);
    made = null;
    const borrower = { name_bn: value(form, 'ln-name'), guardian_name_bn: value(form, 'ln-guardian'),
      barrack_no: value(form, 'ln-barrack'), room_no: value(form, 'ln-room'),
      phone: value(form, 'ln-phone') };
    if (value(form, 'ln-nid')) borrower.nid = value(form, 'ln-nid');
    const out = { project_id: p.id, borrower, frequency: value(form, 'ln-frequency'),
      loan_date: r.date('loan_date', value(form, 'ln-date')),
      principal_paisa: r.taka('principal_paisa', value(form, 'ln-principal')),
      service_charge_paisa: r.taka('service_charge_paisa', value(form, 'ln-charge')),
      instalments: r.whole('instalments', value(form, 'ln-instalments')),
      first_due_on: r.date('first_due_on', value(form, 'ln-first-due')) };
    if (r.bad.length) { draw(); showErrors(form, box, { ...INVALID, details: r.bad }, LOAN_IDS); return; }
    saving = true; draw();
    try {
      made = await call('/api/loans', { method: 'POST', body: out });
      if (!ok()) return;
      saving = false;
      form.reset();
      draw();
      window.scrollTo(0, 0);
    } catch (e) {
      if (!ok()) return;
      saving = false; draw();
      if (!e.handled) showErrors(form, box, e, LOAN_IDS, code => LOAN_CODES[code]);
    }
  }
  draw();
}

const madeView = (l, another) => {
  const [total, totalEn] = takaWords(l.total_paisa);
  return html`<div class="msg ok" role="status" data-testid="loan-made">${bil(
    `${l.borrower.name_bn}-এর ঋণ যোগ হয়েছে: ${num(l.instalments)}টি কিস্তি, মোট ${total}।`,
    `The loan was added: ${l.instalments} instalments, ${totalEn} in all.`)}</div>
<h3>${bil('কিস্তির সূচি', 'Schedule')}</h3>
${cardTable(cells(SCHEDULE_COLUMNS.slice(0, 3)), l.schedule,
    { testid: 'new-schedule', cls: 'schedule-table' })}
<div class="actions no-print"><a class="btn" id="open-new-loan" href="#/loans/loan/${enc(l.id)}">${
  bil('ঋণটি দেখুন', 'Open the loan')}</a>
<button type="button" class="secondary" id="another-loan" @click=${another}>${
  bil('আরেকটি ঋণ যোগ করুন', 'Add another loan')}</button>
<a class="btn secondary" href="#/loans/project/${enc(l.project_id)}">${
  bil('প্রকল্পের ঋণ', "The project's loans")}</a>
</div>`;
};
