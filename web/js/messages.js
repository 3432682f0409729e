// The messaging centre in officer.html (#/messages/…): compose (a standard message or free text, to a
// filter or one society) → preview (text, recipients, SMS parts, cost) → confirmation when more than
// five numbers → send → the job's progress; the job list, the template editor, the delivery log
// (CSV, resend), the suppression list and the monthly spend against the cap. Like market-officer.js
// it is imported by the shell (officer.js) when first opened and shows #messages-view on #/messages
// hashes. Counts and money come from the API; parts are only estimated here while typing.
// Every screen is a lit template drawn from its state by one draw() into #messages-body.
import {
  $, bn, clearErrors, date, markTab, num, officerCall, officerSession, picker, qs, saveAs, showErrors,
  todayIso, when,
} from './common.js';
import { hashRoute } from './officer-input.js';
import {
  bil, cardTable, confirmBox, emptyNote, errorNote, html, loadingNote, money, nothing, pagedList, render,
} from './ui.js';

const enc = encodeURIComponent;
let me = null, rendered = '', pollTimer = 0, templates = null, templatesFor = '';

const TABS = [['compose', 'নতুন বার্তা', 'Compose'], ['jobs', 'পাঠানোর কাজ', 'Jobs'],
  ['templates', 'নমুনা বার্তা', 'Templates'], ['log', 'এসএমএস লগ', 'Delivery log'],
  ['suppressions', 'বন্ধ তালিকা', 'Opt-outs'], ['spend', 'খরচ', 'Spend']];
const section = document.createElement('section');
section.id = 'messages-view';
section.hidden = true;
render(html`<h1>${bil('বার্তা কেন্দ্র', 'Messaging centre')}</h1>
<nav aria-label="বার্তা কেন্দ্র · Messaging"><ul class="mtabs no-print" id="messages-tabs">${
  TABS.map(([tab, b, e]) => html`<li><a href=${`#/messages/${tab}`} data-tab=${tab}>${bil(b, e)}</a></li>`)
}</ul></nav>
<div id="messages-flash" aria-live="polite"></div>
<div id="messages-body"></div>`, section);
$('main').append(section);
const body = $('#messages-body', section), flashBox = $('#messages-flash', section);

const call = (path, opts = {}) => officerCall(path, opts, me && me.token);
const flash = (b, e) => render(html`<div class="msg ok" role="status">${bil(b, e)}</div>`, flashBox);
// A moment in Bengali digits (common.js's when() gives it escaped for HTML strings).
const clock = iso => bn(new Date(iso).toLocaleTimeString('en-GB', {
  timeZone: 'Asia/Dhaka', hour: '2-digit', minute: '2-digit' }));
const monthIn = params => (/^\d{4}-\d\d$/.test(params.get('month') || '') ? params.get('month')
  : todayIso().slice(0, 7));
const phoneText = p => bn(String(p || '').replace(/^\+88/, ''));

// One screen's draw(): the whole screen, from its state, into the body. An answer that arrives after
// the officer has moved to another screen draws nothing (draw() then answers false).
let shown = 0;
function screen(view) {
  const my = ++shown;
  return () => {
    if (my !== shown) return false;
    render(view(), body);
    return true;
  };
}

// ---- SMS size while typing: the server's rule (domain/sms.py), asked after a pause in typing; the
// preview's count for the chosen societies is the real one ----
const sizeNote = s => bil(`আনুমানিক ${bn(s.parts)} অংশ (${
  s.encoding === 'UCS-2' ? 'বাংলা/ইউনিকোড' : 'ইংরেজি'}${
  s.units === undefined ? '' : `, ${bn(s.units)} অক্ষর`}; ছোট নামের সমিতির জন্য)`,
`about ${s.parts} part(s) (${s.encoding}${s.units === undefined ? '' : `, ${s.units} units`
}; for a short society name)`);
const sizeTimers = {}, sizeAsked = {};
// show(size) gets the answer for the text last typed in `key`'s box (null when there is none).
function askSize(key, text, show) {
  clearTimeout(sizeTimers[key]);
  sizeTimers[key] = setTimeout(async () => {
    const asked = (sizeAsked[key] || 0) + 1;
    sizeAsked[key] = asked;
    let size = null;
    try { size = await call('/api/messages/size', { method: 'POST', body: { text } }); } catch (_) {
      /* no estimate: the preview still counts */
    }
    if (sizeAsked[key] === asked) show(size); // an older answer never overwrites a newer one
  }, 300);
}
// The variables a text may hold, as buttons that put {name} at the cursor in the textarea #id.
const chips = (vars, id, after) => html`<div class="chips no-print">${vars.map(v => html`<button
 type="button" class="chip" data-var=${v.name} title=${v.label_en}
 @click=${() => putVariable(id, v.name, after)}
>{${v.name}} <small>${v.label_bn}</small></button>`)}</div>`;
function putVariable(id, name, after) {
  const area = document.getElementById(id);
  if (!area || area.readOnly) return;
  const token = `{${name}}`, at = area.selectionStart ?? area.value.length;
  area.value = area.value.slice(0, at) + token + area.value.slice(area.selectionEnd ?? at);
  area.focus();
  area.selectionStart = area.selectionEnd = at + token.length;
  after(area);
}
// The errors a text itself can have: shown next to its box.
const TEXT_CODES = ['unknown_variable', 'malformed_template', 'empty_text', 'text_too_long'];
const textField = id => code => (TEXT_CODES.includes(code) ? id : null);

// ---- routing ------------------------------------------------------------------------------
export function route() {
  me = officerSession();
  const { parts, params } = hashRoute();
  if (parts[0] !== 'messages' || !me) {
    section.hidden = true; rendered = ''; shown++; clearTimeout(pollTimer);
    return;
  }
  section.hidden = false;
  const key = `${location.hash}|${me.token}`;
  if (key === rendered) return;
  rendered = key;
  if (!params.get('keep')) render(nothing, flashBox);
  window.scrollTo(0, 0);
  show(parts, params);
}
// The screen read again after a change (a template saved, a number added): its flash stays.
function again() {
  const { parts, params } = hashRoute();
  show(parts, params);
}
function show(parts, params) {
  clearTimeout(pollTimer);
  const tab = parts[1] || 'compose';
  markTab(section.querySelectorAll('#messages-tabs a'), tab);
  if (tab === 'jobs' && parts[2]) return showJob(parts[2]);
  if (tab === 'jobs') return showJobs();
  if (tab === 'templates') return showTemplates();
  if (tab === 'log') return showLog(params);
  if (tab === 'suppressions') return showSuppressions();
  if (tab === 'spend') return showSpend(params);
  return showCompose(params);
}

async function loadTemplates() {
  if (!templates || templatesFor !== me.token) {
    templates = await call('/api/messages/templates');
    templatesFor = me.token;
  }
  return templates;
}

// ---- compose → preview → confirm → send ---------------------------------------------------
const ROLES = { president: ['সভাপতি', 'President'], secretary: ['সম্পাদক', 'Secretary'],
  officer: ['কর্মকর্তা', 'Officer'] };
const SEND_KINDS = ['committee_term', 'agm', 'audit', 'audit_rectification', 'accounts_statement'];

function showCompose(params) {
  document.title = 'নতুন বার্তা · Compose · Samabay';
  const societyId = params.get('society') || '';
  // mode: 'template' or 'text'; kind: the chosen template; preview: the API's answer for req.
  const c = { t: null, society: null, error: null, mode: 'template', kind: '', size: null, busy: false,
    preview: null, req: null, asking: false, sending: false, sendError: null, area: '' };
  const draw = screen(() => (c.error ? errorNote(c.error, load)
    : c.t ? composeView(c, actions) : loadingNote()));
  const changed = () => { c.preview = null; c.asking = false; draw(); };
  const actions = {
    changed,
    mode: ev => { c.mode = ev.target.value; changed(); },
    kind: ev => { c.kind = ev.target.value; changed(); },
    text: area => {
      askSize('compose', area.value, size => { c.size = size; draw(); });
      changed();
    },
    preview: ev => askPreview(ev, c, draw),
    send: () => (c.preview.needs_confirmation ? ask() : send(c, draw)),
    sure: () => send(c, draw),
    back: () => { c.asking = false; draw(); },
  };
  function ask() {
    c.asking = true;
    draw();
    $('#confirm-send').focus();
  }
  async function load() {
    c.error = null;
    draw();
    try {
      [c.t, c.society] = await Promise.all([loadTemplates(),
        societyId ? call(`/api/societies/${enc(societyId)}`) : null]);
    } catch (e) {
      if (!e.handled) c.error = e;
      draw();
      return;
    }
    c.kind = (sendable(c.t)[0] || {}).kind || '';
    if (draw() && !c.society) pickArea(c);
  }
  load();
}
const sendable = t => t.items.filter(i => SEND_KINDS.includes(i.kind));

// The area picker fills its own selects; an office picks only inside its own area.
function pickArea(c) {
  const office = me.user.office || {}, own = office.code || '';
  c.area = own;
  const pick = picker([$('#c-division'), $('#c-district'), $('#c-upazila')], code => {
    c.area = code.startsWith(own) ? code : own;
  }, office.lineage || []);
  pick.set(c.area);
}

function composeView(c, on) {
  const chosen = c.t.items.find(i => i.kind === c.kind);
  return html`<h2>${bil('নতুন বার্তা', 'Compose a message')}</h2>
<form id="compose-form" class="card" novalidate @submit=${on.preview} @change=${on.changed}>
<fieldset class="choice"><legend>${bil('কী পাঠাবেন', 'What to send')}</legend>
<label><input type="radio" name="mode" value="template" .checked=${c.mode === 'template'}
 @change=${on.mode}> ${bil('নমুনা বার্তা', 'A standard message')}</label>
<label><input type="radio" name="mode" value="text" .checked=${c.mode === 'text'}
 @change=${on.mode}> ${bil('নিজের লেখা', 'Free text')}</label></fieldset>
<div id="template-part" ?hidden=${c.mode !== 'template'}><label for="c-template">${
  bil('নমুনা', 'Template')}<select id="c-template" @change=${on.kind}>${
  sendable(c.t).map(i => html`<option value=${i.kind} ?selected=${i.kind === c.kind}>${
    i.label_bn} · ${i.label_en}</option>`)}</select></label>
<p class="sms-text" id="c-template-text">${chosen ? chosen.text : ''}</p></div>
<div id="text-part" class="field" ?hidden=${c.mode !== 'text'}><label for="c-text">${
  bil('বার্তা', 'Message')}</label>
<textarea id="c-text" rows="4" maxlength="1000" @input=${ev => on.text(ev.target)}></textarea>
${chips(c.t.free_text_variables, 'c-text', on.text)}<p class="hint" id="c-size">${
  c.size ? sizeNote(c.size) : nothing}</p></div>
<fieldset class="choice"><legend>${bil('কাকে', 'To whom')}</legend>${
  Object.entries(ROLES).map(([r, [b, e]]) => html`<label><input type="checkbox" name="role" value=${r}
 ?checked=${r !== 'officer'}> ${bil(b, e)}</label>`)}</fieldset>
${c.society ? oneSociety(c.society) : societyFilter()}
<div id="compose-error" hidden></div>
<div class="actions"><button type="submit" id="preview-button" ?disabled=${c.busy}>${
  bil('প্রিভিউ দেখুন', 'Preview')}</button></div>
</form>
<div id="preview" aria-live="polite">${
  c.busy ? loadingNote() : c.preview ? previewView(c, on) : nothing}</div>`;
}

const oneSociety = s => html`<p class="msg info" data-testid="one-society">${
  bil(`শুধু এই সমিতি: ${s.name_bn}`, `This society only: ${s.name_en || s.name_bn}`)} · <a
 href="#/messages/compose">${bil('ফিল্টার দিয়ে পাঠান', 'Use a filter instead')}</a></p>`;

// The selects of the picker are filled by picker() (common.js): lit leaves them empty.
const societyFilter = () => html`<fieldset><legend>${bil('কোন সমিতিগুলো', 'Which societies')}</legend>
<div class="picker" id="c-picker">
<label for="c-division">${bil('বিভাগ', 'Division')}<select id="c-division"></select></label>
<label for="c-district">${bil('জেলা', 'District')}<select id="c-district"></select></label>
<label for="c-upazila">${bil('উপজেলা', 'Upazila')}<select id="c-upazila"></select></label></div>
<div class="mfilters">
<label for="c-status">${bil('অবস্থা', 'Status')}<select id="c-status"><option value="">সব · All</option>
<option value="green">সবুজ · Green</option><option value="yellow">হলুদ · Yellow</option>
<option value="red">লাল · Red</option></select></label>
<label for="c-kind">${bil('কমিটির ধরন', 'Committee')}<select id="c-kind"><option value="">সব · All</option>
<option value="elected">নির্বাচিত · Elected</option><option value="interim">অন্তর্বর্তী · Interim</option>
<option value="new_registration">নতুন নিবন্ধন · New registration</option></select></label></div>
<label class="check"><input type="checkbox" id="c-agm"> ${bil('বার্ষিক সাধারণ সভা বাকি পড়েছে',
  'AGM overdue')}</label>
<label class="check"><input type="checkbox" id="c-audit"> ${bil('অডিট বাকি পড়েছে', 'Audit overdue')}</label>
</fieldset>`;

// What the form asks for, read from its fields.
function composeRequest(form, c) {
  const roles = [...form.querySelectorAll('input[name=role]:checked')].map(x => x.value);
  const filter = c.society ? { society_id: c.society.id } : {
    area_code: c.area, status: $('#c-status', form).value || undefined,
    committee_kind: $('#c-kind', form).value || undefined,
    agm_overdue: $('#c-agm', form).checked || undefined,
    audit_overdue: $('#c-audit', form).checked || undefined };
  Object.keys(filter).forEach(k => filter[k] === undefined && delete filter[k]);
  return c.mode === 'template' ? { template: c.kind, filter, roles }
    : { text: $('#c-text', form).value, filter, roles };
}

async function askPreview(ev, c, draw) {
  ev.preventDefault();
  const form = ev.currentTarget, box = $('#compose-error', form);
  clearErrors(form, box);
  const req = composeRequest(form, c);
  Object.assign(c, { busy: true, preview: null, asking: false, sendError: null });
  draw();
  try {
    c.preview = await call('/api/messages/preview', { method: 'POST', body: req });
    c.req = req;
  } catch (err) {
    // A free text's own errors go next to its box; the rest (the filter, the area) above the button.
    const text = c.mode === 'text';
    const fields = text ? { text: 'c-text' } : {}, codeField = text ? textField('c-text') : () => null;
    if (!err.handled) showErrors(form, box, err, fields, codeField);
  }
  c.busy = false;
  draw();
}

async function send(c, draw) {
  Object.assign(c, { sending: true, sendError: null });
  draw();
  try {
    const job = await call('/api/messages/send', { method: 'POST', body: { ...c.req, confirm: true } });
    flash('বার্তা পাঠানোর কাজ শুরু হয়েছে।', 'The send has started.');
    location.hash = `#/messages/jobs/${enc(job.job_id)}?keep=1`;
  } catch (e) {
    c.sending = false;
    if (!e.handled) c.sendError = e;
    draw();
  }
}

function previewView(c, on) {
  const p = c.preview;
  return html`<div class="card preview" data-testid="preview">
<h2>${bil('প্রিভিউ', 'Preview')}</h2>
<p class="sms-text" data-testid="preview-text">${p.text}</p>
<dl class="facts">
<div><dt>${bil('প্রাপক', 'Recipients')}</dt><dd data-testid="preview-recipients">${
  bil(`${num(p.recipients)} জন`, `${p.recipients}`)}</dd></div>
<div><dt>${bil('সমিতি', 'Societies')}</dt><dd>${bil(num(p.societies), String(p.societies))}</dd></div>
<div><dt>${bil('প্রতি এসএমএস', 'Per SMS')}</dt><dd>${bil(`${bn(p.parts_per_sms)} অংশ · ${p.encoding}`,
    `${p.parts_per_sms} part(s)`)}</dd></div>
<div><dt>${bil('মোট অংশ', 'Total parts')}</dt><dd data-testid="preview-parts">${
  bil(num(p.parts), String(p.parts))}</dd></div>
<div><dt>${bil('খরচ', 'Cost')}</dt><dd data-testid="preview-cost">${money(p.cost_paisa)}</dd></div>
</dl>
${p.samples.length ? html`<h3>${bil('কয়েকজন প্রাপক', 'Some recipients')}</h3><ul class="rows samples">${
  p.samples.map(s => html`<li><b>${s.society_name}</b> · ${(ROLES[s.role] || [s.role])[0]} · <span
 class="phone">${phoneText(s.phone)}</span></li>`)}</ul>` : nothing}
${!p.recipients ? html`<p class="empty">${bil('কোনো প্রাপক নেই: ফিল্টার বদলান।',
    'Nobody to send to: change the filter.')}</p>` : html`<div id="send-part">${sendPart(c, on)}</div>`}
<div id="send-error">${c.sendError ? errorNote(c.sendError) : nothing}</div></div>`;
}

function sendPart(c, on) {
  const p = c.preview;
  if (!c.asking) {
    return html`<div class="actions"><button type="button" id="send-button" ?disabled=${c.sending}
 @click=${on.send}>${bil(`${num(p.recipients)} জনকে পাঠান`, `Send to ${p.recipients}`)}</button></div>`;
  }
  return confirmBox({
    question: [`${num(p.recipients)} জনকে এসএমএস যাবে, খরচ প্রায় ${p.cost_taka_bn}। নিশ্চিত?`,
      `${p.recipients} people will get this SMS, costing about ${p.cost_taka_en}. Sure?`],
    yes: ['হ্যাঁ, পাঠান', 'Yes, send'], yesId: 'confirm-send', onYes: on.sure, onNo: on.back, busy: c.sending,
  });
}

// ---- jobs ---------------------------------------------------------------------------------
const JOB_STATE = {
  waiting: ['অপেক্ষায় (পাঠানোর সময়ের বাইরে)', 'Waiting (outside sending hours)'],
  composing: ['প্রাপকের তালিকা তৈরি হচ্ছে', 'Composing the recipients'],
  queued: ['সারিতে', 'Queued'], sending: ['পাঠানো হচ্ছে', 'Sending'], done: ['শেষ', 'Done'],
  stopped: ['থেমে গেছে (খরচের সীমা)', 'Stopped (spend cap)'],
};
const COUNTS = [['total', 'মোট', 'Total'], ['queued', 'সারিতে', 'Queued'],
  ['sending', 'পাঠানো হচ্ছে', 'Sending'], ['sent', 'পাঠানো হয়েছে', 'Sent'], ['failed', 'ব্যর্থ', 'Failed'],
  ['unknown', 'অজানা', 'Unknown'], ['suppressed', 'বন্ধ তালিকায়', 'Opted out']];
const stateLabel = s => html`<span class="state ${s}">${bil(...(JOB_STATE[s] || [s, s]))}</span>`;

function showJob(id) {
  document.title = 'পাঠানোর অগ্রগতি · Job · Samabay';
  let job = null, error = null;
  const draw = screen(() => html`<p class="crumbs no-print"><a href="#/messages/jobs">← ${
    bil('সব কাজ', 'All jobs')}</a></p>
<div id="job">${error ? errorNote(error, poll) : job ? jobView(job) : loadingNote()}</div>`);
  async function poll() {
    if (!location.hash.startsWith(`#/messages/jobs/${enc(id)}`)) return;
    error = null;
    try { job = await call(`/api/messages/jobs/${enc(id)}`); } catch (e) {
      if (!e.handled) error = e;
      draw();
      return;
    }
    if (draw() && !['done', 'stopped'].includes(job.state)) {
      pollTimer = setTimeout(poll, job.state === 'waiting' ? 30000 : 3000);
    }
  }
  draw();
  poll();
}

function jobView(j) {
  const finished = (j.sent || 0) + (j.failed || 0) + (j.unknown || 0) + (j.suppressed || 0);
  const pct = j.total ? Math.round((100 * finished) / j.total) : 0;
  return html`<div class="card" data-testid="job">
<h2>${j.description || j.kind}</h2>
<p data-testid="job-state">${stateLabel(j.state)}</p>
${j.state === 'waiting' ? html`<p class="msg info" data-testid="job-waiting">${bil(
    `এখন পাঠানোর সময় নয় (সকাল ৯টা–রাত ৮টা)। কাজটি ${clock(j.starts_at)} টায় (${when(j.starts_at)})`
      + ' নিজে থেকে শুরু হবে।',
    `Outside sending hours (09:00–20:00 Dhaka). It starts by itself at ${new Date(j.starts_at)
      .toLocaleString('en-GB', { timeZone: 'Asia/Dhaka' })}.`)}</p>` : nothing}
${progressBar(pct)}<p class="hint">${bil(`${bn(pct)}% সম্পন্ন`, `${pct}% done`)}</p>
<dl class="facts job-counts">${COUNTS.map(([k, b, e]) => html`<div><dt>${bil(b, e)}</dt><dd
 data-testid=${`job-${k}`}>${num(j[k] || 0)}</dd></div>`)}
<div><dt>${bil('অংশ', 'Parts')}</dt><dd>${num(j.parts || 0)}</dd></div>
<div><dt>${bil('খরচ', 'Cost')}</dt><dd>${money(j.cost_paisa || 0)}</dd></div></dl>
<p class="hint">${bil(`শুরু করেছেন ${j.created_by}, ${when(j.created_at)}`, `Started by ${j.created_by}`)}${
  j.unknown ? html` · <a href="#/messages/log?status=unknown">${bil('অজানা এসএমএস দেখুন',
    'See unknown SMS')}</a>` : nothing}</p>
</div>`;
}

// full: the bar in red (a spend cap reached).
const progressBar = (pct, full = false) => html`<div class=${full ? 'bar full' : 'bar'} role="progressbar"
 aria-valuemin="0" aria-valuemax="100" aria-valuenow=${pct}><i style=${`width:${pct}%`}></i></div>`;

function showJobs() {
  document.title = 'পাঠানোর কাজ · Jobs · Samabay';
  const draw = screen(() => html`<h2>${bil('পাঠানোর কাজ', 'Sends')}</h2><div id="jobs-box"></div>`);
  if (!draw()) return;
  pagedList($('#jobs-box', body), {
    name: 'jobs', key: j => j.job_id,
    page: cursor => call(`/api/messages/jobs${qs({ cursor })}`),
    row: j => html`<li><a href=${`#/messages/jobs/${enc(j.job_id)}`}>${j.description || j.kind}</a><br>${
      stateLabel(j.state)} · ${bil(`${num(j.sent || 0)}/${num(j.total || 0)} পাঠানো`,
      `${j.sent || 0}/${j.total || 0} sent`)} · ${when(j.created_at)}</li>`,
    empty: html`${emptyNote(['এখনো কিছু পাঠানো হয়নি।', 'Nothing sent yet.'], 'jobs-empty')}
<p><a href="#/messages/compose">${bil('নতুন বার্তা', 'Compose')}</a></p>`,
  }).reload();
}

// ---- templates ----------------------------------------------------------------------------
const SOURCE = { builtin: ['বিল্ট-ইন', 'Built in'], national: ['জাতীয় (সদর দপ্তর)', 'National (HQ)'],
  district: ['জেলার নিজস্ব', "District's own"] };
const EDIT_HINT = {
  national: ['আপনার লেখা সারা দেশের জাতীয় নমুনা; কোনো জেলা নিজের লেখা দিলে সেখানে সেটিই যাবে।',
    "Your text is the national default; a district's own text wins there."],
  district: ['আপনার লেখা শুধু আপনার জেলার সমিতিগুলোতে যাবে; মুছে দিলে জাতীয় নমুনা ফিরে আসবে।',
    'Your text applies to your district only; remove it to go back to the national default.'],
  none: ['এই নমুনাগুলো দেখতে পারেন; বদলাতে পারে শুধু সদর দপ্তর ও জেলা অফিস।',
    'You can read these; only headquarters and district offices change them.'],
};

function showTemplates() {
  document.title = 'নমুনা বার্তা · Templates · Samabay';
  // sizes: each template's SMS size, from the list and then from typing.
  let t = null, error = null, sizes = {};
  const draw = screen(() => (error ? errorNote(error, load) : t ? templatesView(t, sizes, resize)
    : loadingNote()));
  const resize = (kind, area) => askSize(kind, area.value, size => { sizes[kind] = size; draw(); });
  async function load() {
    error = null;
    draw();
    try { templates = null; t = await loadTemplates(); } catch (e) { if (!e.handled) error = e; }
    if (t) sizes = Object.fromEntries(t.items.map(i => [i.kind, i.encoding ? i : null]));
    draw();
  }
  load();
}

function templatesView(t, sizes, resize) {
  const own = t.edits === 'national' ? 'national' : 'district';
  return html`<h2>${bil('নমুনা বার্তা', 'Message templates')}</h2>
<p class="hint">${bil(...EDIT_HINT[t.can_edit ? own : 'none'])}</p>
${t.items.map(i => templateForm(i, t.can_edit && i.source === own, t.can_edit, sizes[i.kind],
    area => resize(i.kind, area)))}`;
}

function templateForm(i, resettable, canEdit, size, resize) {
  const id = `t-${i.kind}`;
  return html`<form class="card template" data-kind=${i.kind} novalidate
 @submit=${ev => saveTemplate(ev, i.kind)}>
<h3>${bil(i.label_bn, i.label_en)} <span class="source ${i.source}" data-testid=${`source-${i.kind}`}>${
  bil(...SOURCE[i.source])}</span></h3>
<div class="field"><label for=${id} class="sr-only">${i.label_bn}</label>
<textarea id=${id} rows="3" maxlength="1000" ?readonly=${!canEdit} .value=${i.text}
 @input=${ev => resize(ev.target)}></textarea></div>
${canEdit ? chips(i.variables, id, resize) : nothing}
<p class="hint size">${size ? sizeNote(size) : nothing}</p><div class="t-error" hidden></div>
${canEdit ? html`<div class="actions"><button type="submit">${bil('সংরক্ষণ', 'Save')}</button>${
    resettable ? html`<button type="button" class="secondary reset"
 @click=${ev => resetTemplate(ev, i.kind)}>${
      bil('আগের নমুনায় ফিরুন', 'Back to default')}</button>` : nothing}</div>` : nothing}
${i.updated_by ? html`<p class="hint">${bil(`সর্বশেষ: ${i.updated_by}, ${when(i.updated_at)}`,
  `Last: ${i.updated_by}`)}</p>` : nothing}
</form>`;
}

// A template saved (PUT) or taken back to the default (DELETE); the list is read again after it.
async function changeTemplate(form, kind, opts, [b, e]) {
  const box = $('.t-error', form), id = `t-${kind}`;
  clearErrors(form, box);
  try {
    await call(`/api/messages/templates/${enc(kind)}`, opts);
    flash(b, e);
    again();
  } catch (x) { if (!x.handled) showErrors(form, box, x, { text: id }, textField(id)); }
}
function saveTemplate(ev, kind) {
  ev.preventDefault();
  const form = ev.currentTarget;
  changeTemplate(form, kind, { method: 'PUT', body: { text: $('textarea', form).value } },
    ['নমুনা সংরক্ষণ করা হয়েছে।', 'Template saved.']);
}
const resetTemplate = (ev, kind) => changeTemplate(ev.currentTarget.form, kind, { method: 'DELETE' },
  ['আগের নমুনা ফিরে এসেছে।', 'Back to the default text.']);

// ---- delivery log -------------------------------------------------------------------------
const SMS_STATUS = { queued: ['সারিতে', 'Queued'], sending: ['পাঠানো হচ্ছে', 'Sending'],
  sent: ['পাঠানো হয়েছে', 'Sent'], delivered: ['পৌঁছেছে', 'Delivered'], failed: ['ব্যর্থ', 'Failed'],
  unknown: ['অজানা', 'Unknown'], suppressed: ['বন্ধ তালিকায়', 'Opted out'] };
const RESENDABLE = ['unknown', 'failed'];
const RESEND_QUESTION = ['এই এসএমএসটি আবার পাঠাবেন? হয়তো আগেরটি পৌঁছেছে।',
  'Send this SMS again? The first may have arrived.'];
const SENT_AGAIN = ['আবার পাঠানো হয়েছে', 'Sent again'];

function showLog(params) {
  document.title = 'এসএমএস লগ · Delivery log · Samabay';
  const month = monthIn(params);
  const status = SMS_STATUS[params.get('status')] ? params.get('status') : '';
  const query = { month, status };
  // resends: a row's resend, by the entry's id: {state: 'asking' | 'busy' | 'sent', error}.
  const csv = { busy: false, error: null }, resends = new Map();
  const draw = screen(() => logView(month, status, csv, download));
  async function download() {
    Object.assign(csv, { busy: true, error: null });
    draw();
    try {
      await saveAs(await call(`/api/messages/log${qs({ ...query, format: 'csv' })}`, { raw: true }),
        `sms-${month}.csv`);
    } catch (e) { if (!e.handled) csv.error = e; }
    csv.busy = false;
    draw();
  }
  if (!draw()) return;
  const list = pagedList($('#log-box', body), {
    name: 'log', row: i => i, wrap: items => cardTable(logColumns(resendCell), items,
      { testid: 'log', cls: 'log-table' }),
    page: cursor => call(`/api/messages/log${qs({ ...query, cursor })}`),
    empty: emptyNote(['এই মাসে কোনো এসএমএস নেই।', 'No SMS this month.'], 'log-empty'),
  });
  const mark = (i, r) => { resends.set(i.id, r); list.draw(); };
  async function resend(i) {
    mark(i, { state: 'busy' });
    try {
      await call(`/api/messages/log/${enc(i.id)}/resend`, { method: 'POST', body: {} });
      mark(i, { state: 'sent' });
    } catch (x) { mark(i, x.handled ? {} : { state: 'asking', error: x }); }
  }
  function resendCell(i) {
    const r = resends.get(i.id) || {};
    if (r.state === 'sent') return html`<span class="state sent">${bil(...SENT_AGAIN)}</span>`;
    if (!RESENDABLE.includes(i.status)) return nothing;
    if (!r.state) {
      return html`<button type="button" class="secondary resend"
 @click=${() => mark(i, { state: 'asking' })}>${
        bil('আবার পাঠান', 'Send again')}</button>`;
    }
    return confirmBox({
      question: RESEND_QUESTION,
      yes: ['হ্যাঁ, আবার পাঠান', 'Yes, send again'], onYes: () => resend(i), onNo: () => mark(i, {}),
      busy: r.state === 'busy', testid: 'resend-confirm', body: r.error ? errorNote(r.error) : nothing,
    });
  }
  list.reload();
}

const logView = (month, status, csv, download) => html`<h2>${bil('এসএমএস লগ', 'Delivery log')}</h2>
<form class="mfilters no-print" id="log-filter" @submit=${showLogFor}>
<label for="log-month">${bil('মাস', 'Month')}<input type="month" id="log-month" .value=${month}></label>
<label for="log-status">${bil('অবস্থা', 'Status')}<select id="log-status"><option value="">সব · All</option>${
  Object.entries(SMS_STATUS).map(([k, [b, e]]) => html`<option value=${k} ?selected=${k === status}>${b} · ${
    e}</option>`)}</select></label>
<div class="actions"><button type="submit">${bil('দেখুন', 'Show')}</button>
<button type="button" class="secondary" id="log-csv" ?disabled=${csv.busy} @click=${download}>${
  bil('CSV নামান', 'Download CSV')}</button>
<button type="button" class="secondary" @click=${() => window.print()}>${
  bil('প্রিন্ট', 'Print')}</button></div>
</form>
${csv.error ? errorNote(csv.error) : nothing}<div id="log-box"></div>`;

function showLogFor(ev) {
  ev.preventDefault();
  const form = ev.currentTarget;
  location.hash = `#/messages/log${
    qs({ month: $('#log-month', form).value, status: $('#log-status', form).value })}`;
}

const logColumns = resendCell => [
  { head: ['সময়', 'When'], cell: i => when(i.at) },
  { head: ['প্রাপক', 'To'],
    cell: i => html`${phoneText(i.phone)} <small>${(ROLES[i.role] || [i.role || ''])[0]}</small>` },
  { head: ['বার্তা', 'Text'], cls: 'text', cell: i => i.text },
  { head: ['অংশ', 'Parts'], cell: i => bn(i.parts) },
  { head: ['খরচ', 'Cost'], cell: i => money(i.cost_paisa) },
  { head: ['অবস্থা', 'Status'], cell: i => html`<span class="state ${i.status}">${
    bil(...(SMS_STATUS[i.status] || [i.status, i.status]))}</span>` },
  { head: null, cls: 'no-print act', cell: resendCell },
];

// ---- suppression list ---------------------------------------------------------------------
const SUP_FIELDS = { phone: 'sup-phone', reason: 'sup-reason' };
const SUP_CODES = { invalid_phone: 'sup-phone', already_suppressed: 'sup-phone',
  invalid_reason: 'sup-reason' };

function showSuppressions() {
  document.title = 'বন্ধ তালিকা · Opt-outs · Samabay';
  // removals: by phone, {busy, removed, error}.
  const removals = new Map();
  const draw = screen(() => suppressionsView(addSuppression));
  if (!draw()) return;
  const list = pagedList($('#sup-box', body), {
    name: 'sup', key: s => s.phone, row: s => suppressionRow(s, removals.get(s.phone) || {}, remove),
    page: cursor => call(`/api/messages/suppressions${qs({ cursor })}`),
    empty: emptyNote(['তালিকা খালি।', 'The list is empty.'], 'sup-empty'),
  });
  async function remove(s) {
    removals.set(s.phone, { busy: true });
    list.draw();
    try {
      await call(`/api/messages/suppressions/${enc(s.phone)}`, { method: 'DELETE' });
      removals.set(s.phone, { removed: true });
    } catch (x) { removals.set(s.phone, { error: x.handled ? null : x }); }
    list.draw();
  }
  list.reload();
}

const suppressionsView = add => html`<h2>${bil('এসএমএস বন্ধ তালিকা', 'Suppression list')}</h2>
<p class="hint">${bil('এই নম্বরগুলোতে কোনো বাল্ক বা মুক্ত বার্তা যাবে না।',
  'No bulk or free-text SMS goes to these numbers.')}</p>
<form class="card no-print" id="sup-form" novalidate @submit=${add}>
<div class="field"><label for="sup-phone">${bil('মোবাইল নম্বর', 'Mobile number')}<input id="sup-phone"
 inputmode="tel" required placeholder="01XXXXXXXXX"></label></div>
<div class="field"><label for="sup-reason">${bil('কারণ', 'Reason')}<input id="sup-reason" required
 maxlength="200"></label></div>
<div id="sup-error" hidden></div><div class="actions"><button type="submit">${
  bil('যোগ করুন', 'Add')}</button></div></form>
<div id="sup-box"></div>`;

const suppressionRow = (s, r, remove) => (r.removed ? nothing : html`<li><b>${phoneText(s.phone)}</b> · ${
  s.reason}<br><small>${date(s.added_on)} · ${s.added_by || ''}</small>
<button type="button" class="secondary remove no-print" ?disabled=${r.busy} @click=${() => remove(s)}>${
  bil('সরান', 'Remove')}</button>${r.error ? errorNote(r.error) : nothing}</li>`);

async function addSuppression(ev) {
  ev.preventDefault();
  const form = ev.currentTarget, box = $('#sup-error', form);
  clearErrors(form, box);
  try {
    await call('/api/messages/suppressions', { method: 'POST',
      body: { phone: $('#sup-phone', form).value.trim(), reason: $('#sup-reason', form).value.trim() } });
    flash('নম্বরটি বন্ধ তালিকায় যোগ হয়েছে।', 'The number was added.');
    form.reset();
    again();
  } catch (x) { if (!x.handled) showErrors(form, box, x, SUP_FIELDS, code => SUP_CODES[code] || null); }
}

// ---- monthly spend ------------------------------------------------------------------------
const CAP_FIELDS = { cap_paisa: 'cap-taka', office_code: 'cap-office' };
const CAP_CODES = { invalid_cap: 'cap-taka', unknown_area: 'cap-office', outside_jurisdiction: 'cap-office',
  cap_set_by_office_above: 'cap-office' };

function showSpend(params) {
  document.title = 'এসএমএস খরচ · Spend · Samabay';
  const month = monthIn(params);
  let spend = null, error = null;
  const draw = screen(() => html`<h2>${bil('মাসিক এসএমএস খরচ', 'Monthly SMS spend')}</h2>
<form class="mfilters no-print" id="spend-filter" @submit=${showSpendFor}>
<label for="spend-month">${bil('মাস', 'Month')}<input type="month" id="spend-month" .value=${month}></label>
<div class="actions"><button type="submit">${bil('দেখুন', 'Show')}</button></div></form>
${error ? errorNote(error, load) : spend ? spendView(spend) : loadingNote()}
${me.user.role !== 'upazila' ? capForm() : nothing}`);
  async function load() {
    error = null;
    draw();
    try { spend = await call(`/api/messages/spend${qs({ month })}`); } catch (e) {
      if (!e.handled) error = e;
    }
    draw();
  }
  load();
}

function showSpendFor(ev) {
  ev.preventDefault();
  location.hash = `#/messages/spend${qs({ month: $('#spend-month', ev.currentTarget).value })}`;
}

function spendView(s) {
  const pct = s.cap_paisa ? Math.min(100, Math.round((100 * s.spent_paisa) / s.cap_paisa)) : 0;
  return html`<div class="card" data-testid="spend"><p>${money(s.spent_paisa)} / ${money(s.cap_paisa)}</p>
${progressBar(pct, pct >= 100)}
<p class="hint">${bil(`${num(s.sms)}টি এসএমএস, ${num(s.parts)} অংশ · সীমার ${bn(pct)}%`,
    `${s.sms} SMS, ${s.parts} parts · ${pct}% of the cap`)}</p>
${pct >= 100 ? html`<p class="msg warn">${bil('সীমা পূর্ণ: বাল্ক বার্তা বন্ধ (আইনি রিমাইন্ডার চলবে)।',
    'Cap reached: bulk sends stop (the legal reminders go on).')}</p>` : nothing}</div>`;
}

const capForm = () => html`<form class="card no-print" id="cap-form" novalidate @submit=${saveCap}>
<h3>${bil('নিচের অফিসের মাসিক সীমা', "An office's monthly cap")}</h3>
<div class="field"><label for="cap-office">${bil('অফিস কোড', 'Office code')}<input id="cap-office"
 inputmode="numeric" required></label></div>
<div class="field"><label for="cap-taka">${bil('সীমা (টাকা)', 'Cap (Taka)')}<input id="cap-taka" type="number"
 min="0" step="1" required></label></div>
<div id="cap-error" hidden></div><div class="actions"><button type="submit">${
  bil('সংরক্ষণ', 'Save')}</button></div></form>`;

async function saveCap(ev) {
  ev.preventDefault();
  const form = ev.currentTarget, box = $('#cap-error', form);
  clearErrors(form, box);
  try {
    await call(`/api/messages/spend/${enc($('#cap-office', form).value.trim())}`, { method: 'PUT',
      body: { cap_paisa: Math.round(Number($('#cap-taka', form).value) * 100) } });
    flash('সীমা সংরক্ষণ করা হয়েছে।', 'Cap saved.');
  } catch (x) { if (!x.handled) showErrors(form, box, x, CAP_FIELDS, code => CAP_CODES[code] || null); }
}
