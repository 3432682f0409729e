// The messaging centre in officer.html (#/messages/…): compose (a standard message or free text, to a
// filter or one society) → preview (text, recipients, SMS parts, cost) → confirmation when more than
// five numbers → send → the job's progress; the job list, the template editor, the delivery log
// (CSV, resend), the suppression list and the monthly spend against the cap. Like market-officer.js
// it is imported by the shell (officer.js) when first opened and shows #messages-view on #/messages
// hashes. Counts and money come from the API; parts are only estimated here
// while typing.
import {
  $, bi, bn, errorBox, esc, loading, markTab, num, officerCall, officerSession, picker, qs, saveAs, taka,
  when,
} from './common.js';

const enc = encodeURIComponent;
let me = null, rendered = '', pollTimer = 0, templates = null;
const M = { area: '' };

const section = document.createElement('section');
section.id = 'messages-view';
section.hidden = true;
section.innerHTML = `<h1>বার্তা কেন্দ্র <small>Messaging centre</small></h1>
<nav aria-label="বার্তা কেন্দ্র · Messaging"><ul class="mtabs no-print" id="messages-tabs">
<li><a href="#/messages/compose" data-tab="compose">নতুন বার্তা <small>Compose</small></a></li>
<li><a href="#/messages/jobs" data-tab="jobs">পাঠানোর কাজ <small>Jobs</small></a></li>
<li><a href="#/messages/templates" data-tab="templates">নমুনা বার্তা <small>Templates</small></a></li>
<li><a href="#/messages/log" data-tab="log">এসএমএস লগ <small>Delivery log</small></a></li>
<li><a href="#/messages/suppressions" data-tab="suppressions">বন্ধ তালিকা <small>Opt-outs</small></a></li>
<li><a href="#/messages/spend" data-tab="spend">খরচ <small>Spend</small></a></li>
</ul></nav>
<div id="messages-flash" aria-live="polite"></div>
<div id="messages-body"></div>`;
$('main').append(section);
const body = $('#messages-body', section), flashBox = $('#messages-flash', section);

const session = officerSession;
const call = (path, opts = {}) => officerCall(path, opts, me && me.token);
const failed = (box, e) => { if (!e.handled) box.innerHTML = errorBox(e); };
const flash = (b, e) => { flashBox.innerHTML = `<div class="msg ok" role="status">${bi(b, e)}</div>`; };
const clock = iso => bn(new Date(iso).toLocaleTimeString('en-GB', {
  timeZone: 'Asia/Dhaka', hour: '2-digit', minute: '2-digit' }));
const thisMonth = () => new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Dhaka' }).slice(0, 7);
const phoneText = p => bn(String(p || '').replace(/^\+88/, ''));

// ---- SMS size while typing: the server's rule (domain/sms.py), asked after a pause in typing; the
// preview's count for the chosen societies is the real one ----
const sizeNote = s => bi(`আনুমানিক ${bn(s.parts)} অংশ (${
  s.encoding === 'UCS-2' ? 'বাংলা/ইউনিকোড' : 'ইংরেজি'}${
  s.units === undefined ? '' : `, ${bn(s.units)} অক্ষর`}; ছোট নামের সমিতির জন্য)`,
`about ${s.parts} part(s) (${s.encoding}${s.units === undefined ? '' : `, ${s.units} units`
}; for a short society name)`);
const sizeTimers = new WeakMap(), sizeAsked = new WeakMap();
function showSize(box, text) {
  clearTimeout(sizeTimers.get(box));
  sizeTimers.set(box, setTimeout(async () => {
    const asked = (sizeAsked.get(box) || 0) + 1;
    sizeAsked.set(box, asked);
    let html = '';
    try { html = sizeNote(await call('/api/messages/size', { method: 'POST', body: { text } })); } catch (_) {
      /* no estimate: the preview still counts */
    }
    if (sizeAsked.get(box) === asked) box.innerHTML = html; // an older answer never overwrites a newer one
  }, 300));
}
function chips(vars, target) {
  return `<div class="chips no-print" data-for="${esc(target)}">${vars.map(v => `<button type="button"
class="chip" data-var="${esc(v.name)}" title="${esc(v.label_en)}">{${esc(v.name)}} <small>${
  esc(v.label_bn)}</small></button>`).join('')}</div>`;
}
function wireChips(root, after) {
  root.querySelectorAll('.chips').forEach(box => box.addEventListener('click', e => {
    const b = e.target.closest('.chip');
    const area = $(`#${box.dataset.for}`);
    if (!b || !area || area.readOnly) return;
    const token = `{${b.dataset.var}}`, at = area.selectionStart ?? area.value.length;
    area.value = area.value.slice(0, at) + token + area.value.slice(area.selectionEnd ?? at);
    area.focus();
    area.selectionStart = area.selectionEnd = at + token.length;
    after(area);
  }));
}
const fieldError = e => `<p class="field-error" role="alert">${bi(
  (e.details && e.details[0] && e.details[0].message_bn) || e.message_bn || '',
  (e.details && e.details[0] && e.details[0].message) || e.message || '')}</p>`;

// ---- routing ------------------------------------------------------------------------------
function parse() {
  const [path, query = ''] = (location.hash.slice(1) || '/').split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent),
    params: new URLSearchParams(query) };
}
export function route() {
  me = session();
  const { parts, params } = parse();
  if (parts[0] !== 'messages' || !me) {
    section.hidden = true; rendered = ''; clearTimeout(pollTimer);
    return;
  }
  section.hidden = false;
  const key = `${location.hash}|${me.token}`;
  if (key === rendered) return;
  rendered = key;
  clearTimeout(pollTimer);
  const tab = parts[1] || 'compose';
  markTab(section.querySelectorAll('#messages-tabs a'), tab);
  if (!params.get('keep')) flashBox.innerHTML = '';
  window.scrollTo(0, 0);
  if (tab === 'jobs' && parts[2]) return showJob(parts[2]);
  if (tab === 'jobs') return showJobs();
  if (tab === 'templates') return showTemplates();
  if (tab === 'log') return showLog(params);
  if (tab === 'suppressions') return showSuppressions();
  if (tab === 'spend') return showSpend(params);
  return showCompose(params);
}

let templatesFor = '';
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

async function showCompose(params) {
  document.title = 'নতুন বার্তা · Compose · Samabay';
  const societyId = params.get('society') || '';
  body.innerHTML = loading();
  let t, society = null;
  try {
    [t, society] = await Promise.all([loadTemplates(),
      societyId ? call(`/api/societies/${enc(societyId)}`) : null]);
  } catch (e) { failed(body, e); return; }
  const kinds = t.items.filter(i => SEND_KINDS.includes(i.kind));
  body.innerHTML = `<h2>${bi('নতুন বার্তা', 'Compose a message')}</h2>
<form id="compose-form" class="card" novalidate>
<fieldset class="choice"><legend>${bi('কী পাঠাবেন', 'What to send')}</legend>
<label><input type="radio" name="mode" value="template" checked> ${bi('নমুনা বার্তা',
  'A standard message')}</label>
<label><input type="radio" name="mode" value="text"> ${bi('নিজের লেখা', 'Free text')}</label></fieldset>
<div id="template-part"><label for="c-template">${bi('নমুনা', 'Template')}<select id="c-template">${
  kinds.map(i => `<option value="${esc(i.kind)}">${esc(i.label_bn)} · ${esc(i.label_en)}</option>`).join('')
}</select></label><p class="sms-text" id="c-template-text"></p></div>
<div id="text-part" hidden><label for="c-text">${bi('বার্তা', 'Message')}</label>
<textarea id="c-text" rows="4" maxlength="1000"></textarea>
${chips(t.free_text_variables, 'c-text')}<p class="hint" id="c-size"></p><div id="c-text-error"></div></div>
<fieldset class="choice"><legend>${bi('কাকে', 'To whom')}</legend>${Object.entries(ROLES).map(([r, [b, e]]) =>
  `<label><input type="checkbox" name="role" value="${r}"${r !== 'officer' ? ' checked' : ''}> ${
    bi(b, e)}</label>`)
  .join('')}</fieldset>
${society ? `<p class="msg info" data-testid="one-society">${bi(`শুধু এই সমিতি: ${society.name_bn}`,
    `This society only: ${society.name_en || society.name_bn}`)} · <a href="#/messages/compose">${
    bi('ফিল্টার দিয়ে পাঠান', 'Use a filter instead')}</a></p>` : `
<fieldset><legend>${bi('কোন সমিতিগুলো', 'Which societies')}</legend>
<div class="picker" id="c-picker">
<label for="c-division">${bi('বিভাগ', 'Division')}<select id="c-division"></select></label>
<label for="c-district">${bi('জেলা', 'District')}<select id="c-district"></select></label>
<label for="c-upazila">${bi('উপজেলা', 'Upazila')}<select id="c-upazila"></select></label></div>
<div class="mfilters">
<label for="c-status">${bi('অবস্থা', 'Status')}<select id="c-status"><option value="">সব · All</option>
<option value="green">সবুজ · Green</option><option value="yellow">হলুদ · Yellow</option>
<option value="red">লাল · Red</option></select></label>
<label for="c-kind">${bi('কমিটির ধরন', 'Committee')}<select id="c-kind"><option value="">সব · All</option>
<option value="elected">নির্বাচিত · Elected</option><option value="interim">অন্তর্বর্তী · Interim</option>
<option value="new_registration">নতুন নিবন্ধন · New registration</option></select></label></div>
<label class="check"><input type="checkbox" id="c-agm"> ${bi('বার্ষিক সাধারণ সভা বাকি পড়েছে',
  'AGM overdue')}</label>
<label class="check"><input type="checkbox" id="c-audit"> ${bi('অডিট বাকি পড়েছে', 'Audit overdue')}</label>
</fieldset>`}
<div id="compose-error"></div>
<div class="actions"><button type="submit" id="preview-button">${bi('প্রিভিউ দেখুন',
  'Preview')}</button></div>
</form>
<div id="preview" aria-live="polite"></div>`;
  const form = $('#compose-form'), textArea = $('#c-text');
  const showTemplate = () => {
    const item = t.items.find(i => i.kind === $('#c-template').value);
    $('#c-template-text').textContent = item ? item.text : '';
  };
  const mode = () => form.querySelector('input[name=mode]:checked').value;
  const changed = () => { $('#preview').innerHTML = ''; };
  form.querySelectorAll('input[name=mode]').forEach(r => r.addEventListener('change', () => {
    $('#template-part').hidden = mode() !== 'template';
    $('#text-part').hidden = mode() !== 'text';
    changed();
  }));
  $('#c-template').onchange = () => { showTemplate(); changed(); };
  textArea.oninput = () => { showSize($('#c-size'), textArea.value); changed(); };
  wireChips(form, a => a.oninput());
  form.addEventListener('change', changed);
  showTemplate();
  if (!society) {
    const office = me.user.office || {};
    M.area = office.code || '';
    const pick = picker([$('#c-division'), $('#c-district'), $('#c-upazila')], code => {
      const own = office.code || '';
      M.area = code.startsWith(own) ? code : own;
    }, office.lineage || []);
    pick.set(M.area);
  }
  const request = () => {
    const roles = [...form.querySelectorAll('input[name=role]:checked')].map(c => c.value);
    const filter = society ? { society_id: society.id } : {
      area_code: M.area, status: $('#c-status').value || undefined,
      committee_kind: $('#c-kind').value || undefined, agm_overdue: $('#c-agm').checked || undefined,
      audit_overdue: $('#c-audit').checked || undefined };
    Object.keys(filter).forEach(k => filter[k] === undefined && delete filter[k]);
    return mode() === 'template' ? { template: $('#c-template').value, filter, roles }
      : { text: textArea.value, filter, roles };
  };
  form.onsubmit = async e => {
    e.preventDefault();
    const btn = $('#preview-button'), out = $('#preview');
    $('#compose-error').innerHTML = ''; $('#c-text-error').innerHTML = '';
    btn.disabled = true; out.innerHTML = loading();
    const req = request();
    try {
      showPreview(await call('/api/messages/preview', { method: 'POST', body: req }), req);
    } catch (err) {
      out.innerHTML = '';
      if (err.handled) return;
      if (mode() === 'text' && err.details && err.details[0] && err.details[0].field === 'text') {
        $('#c-text-error').innerHTML = fieldError(err);
      } else $('#compose-error').innerHTML = errorBox(err);
    } finally { btn.disabled = false; }
  };
}

function showPreview(p, req) {
  const out = $('#preview');
  const none = !p.recipients;
  out.innerHTML = `<div class="card preview" data-testid="preview">
<h2>${bi('প্রিভিউ', 'Preview')}</h2>
<p class="sms-text" data-testid="preview-text">${esc(p.text)}</p>
<dl class="facts">
<div><dt>${bi('প্রাপক', 'Recipients')}</dt><dd data-testid="preview-recipients">${
  bi(`${num(p.recipients)} জন`, `${p.recipients}`)}</dd></div>
<div><dt>${bi('সমিতি', 'Societies')}</dt><dd>${bi(num(p.societies), String(p.societies))}</dd></div>
<div><dt>${bi('প্রতি এসএমএস', 'Per SMS')}</dt><dd>${bi(`${bn(p.parts_per_sms)} অংশ · ${p.encoding}`,
    `${p.parts_per_sms} part(s)`)}</dd></div>
<div><dt>${bi('মোট অংশ', 'Total parts')}</dt><dd data-testid="preview-parts">${
  bi(num(p.parts), String(p.parts))}</dd></div>
<div><dt>${bi('খরচ', 'Cost')}</dt><dd data-testid="preview-cost">${taka(p.cost_paisa)}</dd></div>
</dl>
${p.samples.length ? `<h3>${bi('কয়েকজন প্রাপক', 'Some recipients')}</h3><ul class="rows samples">${
  p.samples.map(s => `<li><b>${esc(s.society_name)}</b> · ${esc((ROLES[s.role] || [s.role])[0])} · <span
class="phone">${phoneText(s.phone)}</span></li>`).join('')}</ul>` : ''}
${none ? `<p class="empty">${bi('কোনো প্রাপক নেই: ফিল্টার বদলান।',
    'Nobody to send to: change the filter.')}</p>`
    : `<div id="send-part"><div class="actions"><button type="button" id="send-button">${
      bi(`${num(p.recipients)} জনকে পাঠান`, `Send to ${p.recipients}`)}</button></div></div>`}
<div id="send-error"></div></div>`;
  if (none) return;
  const send = async () => {
    const btn = $('#send-button') || $('#confirm-send');
    btn.disabled = true;
    try {
      const job = await call('/api/messages/send', { method: 'POST', body: { ...req, confirm: true } });
      flash('বার্তা পাঠানোর কাজ শুরু হয়েছে।', 'The send has started.');
      location.hash = `#/messages/jobs/${enc(job.job_id)}?keep=1`;
    } catch (e) { btn.disabled = false; failed($('#send-error'), e); }
  };
  $('#send-button').onclick = () => {
    if (!p.needs_confirmation) { send(); return; }
    $('#send-part').innerHTML = `<div class="msg warn confirm" role="alertdialog" data-testid="confirm-box"
aria-labelledby="confirm-title"><p id="confirm-title"><b>${bi(
  `${num(p.recipients)} জনকে এসএমএস যাবে, খরচ প্রায় ${p.cost_taka_bn}। নিশ্চিত?`,
  `${p.recipients} people will get this SMS, costing about ${p.cost_taka_en}. Sure?`)}</b></p>
<div class="actions"><button type="button" id="confirm-send">${bi('হ্যাঁ, পাঠান', 'Yes, send')}</button>
<button type="button" class="secondary" id="cancel-send">${bi('না, ফিরে যান',
  'No, go back')}</button></div></div>`;
    $('#confirm-send').focus();
    $('#confirm-send').onclick = send;
    $('#cancel-send').onclick = () => showPreview(p, req);
  };
}

// ---- jobs ---------------------------------------------------------------------------------
const JOB_STATE = {
  waiting: ['অপেক্ষায় (পাঠানোর সময়ের বাইরে)', 'Waiting (outside sending hours)'],
  queued: ['সারিতে', 'Queued'], sending: ['পাঠানো হচ্ছে', 'Sending'], done: ['শেষ', 'Done'],
  stopped: ['থেমে গেছে (খরচের সীমা)', 'Stopped (spend cap)'],
};
const COUNTS = [['total', 'মোট', 'Total'], ['queued', 'সারিতে', 'Queued'],
  ['sending', 'পাঠানো হচ্ছে', 'Sending'], ['sent', 'পাঠানো হয়েছে', 'Sent'], ['failed', 'ব্যর্থ', 'Failed'],
  ['unknown', 'অজানা', 'Unknown'], ['suppressed', 'বন্ধ তালিকায়', 'Opted out']];
const stateLabel = s => `<span class="state ${esc(s)}">${bi(...(JOB_STATE[s] || [s, s]))}</span>`;

async function showJob(id) {
  document.title = 'পাঠানোর অগ্রগতি · Job · Samabay';
  body.innerHTML = `<p class="crumbs no-print"><a href="#/messages/jobs">← ${bi('সব কাজ', 'All jobs')}</a></p>
<div id="job">${loading()}</div>`;
  const box = $('#job');
  const poll = async () => {
    if (!location.hash.startsWith(`#/messages/jobs/${enc(id)}`)) return;
    let j;
    try { j = await call(`/api/messages/jobs/${enc(id)}`); } catch (e) { failed(box, e); return; }
    const finished = (j.sent || 0) + (j.failed || 0) + (j.unknown || 0) + (j.suppressed || 0);
    const pct = j.total ? Math.round((100 * finished) / j.total) : 0;
    box.innerHTML = `<div class="card" data-testid="job">
<h2>${esc(j.description || j.kind)}</h2>
<p data-testid="job-state">${stateLabel(j.state)}</p>
${j.state === 'waiting' ? `<p class="msg info" data-testid="job-waiting">${bi(
    `এখন পাঠানোর সময় নয় (সকাল ৯টা–রাত ৮টা)। কাজটি ${clock(j.starts_at)} টায় (${when(j.starts_at)})`
      + ' নিজে থেকে শুরু হবে।',
    `Outside sending hours (09:00–20:00 Dhaka). It starts by itself at ${new Date(j.starts_at)
      .toLocaleString('en-GB', { timeZone: 'Asia/Dhaka' })}.`)}</p>` : ''}
<div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100"
aria-valuenow="${pct}"><i style="width:${
  pct}%"></i></div><p class="hint">${bi(`${bn(pct)}% সম্পন্ন`, `${pct}% done`)}</p>
<dl class="facts job-counts">${COUNTS.map(([k, b, e]) =>
  `<div><dt>${bi(b, e)}</dt><dd data-testid="job-${k}">${
  num(j[k] || 0)}</dd></div>`).join('')}
<div><dt>${bi('অংশ', 'Parts')}</dt><dd>${num(j.parts || 0)}</dd></div>
<div><dt>${bi('খরচ', 'Cost')}</dt><dd>${taka(j.cost_paisa || 0)}</dd></div></dl>
<p class="hint">${bi(`শুরু করেছেন ${j.created_by}, ${when(j.created_at)}`, `Started by ${j.created_by}`)}${
  j.unknown ? ` · <a href="#/messages/log?status=unknown">${bi('অজানা এসএমএস দেখুন',
    'See unknown SMS')}</a>` : ''}</p>
</div>`;
    if (!['done', 'stopped'].includes(j.state)) {
      pollTimer = setTimeout(poll, j.state === 'waiting' ? 30000 : 3000);
    }
  };
  poll();
}

async function showJobs() {
  document.title = 'পাঠানোর কাজ · Jobs · Samabay';
  body.innerHTML = `<h2>${bi('পাঠানোর কাজ', 'Sends')}</h2><ul class="rows" id="jobs-list"></ul>
<div id="jobs-state">${loading()}</div>
<button type="button" id="jobs-more" class="more secondary" hidden>${bi('আরও দেখুন', 'Load more')}</button>`;
  const list = $('#jobs-list'), state = $('#jobs-state'), more = $('#jobs-more');
  let cursor = null;
  const load = async () => {
    more.hidden = true;
    try {
      const page = await call(`/api/messages/jobs${qs({ cursor })}`);
      list.insertAdjacentHTML('beforeend', page.items.map(j =>
        `<li><a href="#/messages/jobs/${enc(j.job_id)}">${esc(j.description || j.kind)}</a><br>${
          stateLabel(j.state)} · ${bi(`${num(j.sent || 0)}/${num(j.total || 0)} পাঠানো`,
          `${j.sent || 0}/${j.total || 0} sent`)} · ${when(j.created_at)}</li>`).join(''));
      state.innerHTML = list.children.length ? '' : `<p class="empty">${bi('এখনো কিছু পাঠানো হয়নি।',
        'Nothing sent yet.')} <a href="#/messages/compose">${bi('নতুন বার্তা', 'Compose')}</a></p>`;
      cursor = page.next_cursor;
      more.hidden = !cursor;
    } catch (e) { failed(state, e); }
  };
  more.onclick = load;
  load();
}

// ---- templates ----------------------------------------------------------------------------
const SOURCE = { builtin: ['বিল্ট-ইন', 'Built in'], national: ['জাতীয় (সদর দপ্তর)', 'National (HQ)'],
  district: ['জেলার নিজস্ব', "District's own"] };

async function showTemplates() {
  document.title = 'নমুনা বার্তা · Templates · Samabay';
  body.innerHTML = loading();
  let t;
  try { templates = null; t = await loadTemplates(); } catch (e) { failed(body, e); return; }
  const own = t.edits === 'national' ? 'national' : 'district';
  body.innerHTML = `<h2>${bi('নমুনা বার্তা', 'Message templates')}</h2>
<p class="hint">${t.can_edit ? bi(t.edits === 'national'
    ? 'আপনার লেখা সারা দেশের জাতীয় নমুনা; কোনো জেলা নিজের লেখা দিলে সেখানে সেটিই যাবে।'
    : 'আপনার লেখা শুধু আপনার জেলার সমিতিগুলোতে যাবে; মুছে দিলে জাতীয় নমুনা ফিরে আসবে।',
  t.edits === 'national' ? 'Your text is the national default; a district\'s own text wins there.'
    : "Your text applies to your district only; remove it to go back to the national default.")
    : bi('এই নমুনাগুলো দেখতে পারেন; বদলাতে পারে শুধু সদর দপ্তর ও জেলা অফিস।',
      'You can read these; only headquarters and district offices change them.')}</p>
${t.items.map(i => `<form class="card template" data-kind="${esc(i.kind)}" novalidate>
<h3>${bi(i.label_bn, i.label_en)} <span class="source ${esc(i.source)}" data-testid="source-${esc(i.kind)}">${
  bi(...SOURCE[i.source])}</span></h3>
<label for="t-${esc(i.kind)}" class="sr-only">${esc(i.label_bn)}</label>
<textarea id="t-${esc(i.kind)}" rows="3" maxlength="1000"${t.can_edit ? '' : ' readonly'}>${
  esc(i.text)}</textarea>
${t.can_edit ? chips(i.variables, `t-${i.kind}`) : ''}
<p class="hint size">${i.encoding ? sizeNote(i) : ''}</p><div class="t-error"></div>
${t.can_edit ? `<div class="actions"><button type="submit">${bi('সংরক্ষণ', 'Save')}</button>${
    i.source === own ? `<button type="button" class="secondary reset">${bi('আগের নমুনায় ফিরুন',
      'Back to default')}</button>`
      : ''}</div>` : ''}
${i.updated_by ? `<p class="hint">${bi(`সর্বশেষ: ${i.updated_by}, ${when(i.updated_at)}`,
  `Last: ${i.updated_by}`)}</p>` : ''}
</form>`).join('')}`;
  body.querySelectorAll('form.template').forEach(form => {
    const kind = form.dataset.kind, area = $('textarea', form), err = $('.t-error', form);
    const resize = () => showSize($('.size', form), area.value);
    area.oninput = resize;
    wireChips(form, resize);
    form.onsubmit = async e => {
      e.preventDefault();
      err.innerHTML = '';
      try {
        await call(`/api/messages/templates/${enc(kind)}`, { method: 'PUT', body: { text: area.value } });
        flash('নমুনা সংরক্ষণ করা হয়েছে।', 'Template saved.');
        rendered = ''; route();
      } catch (x) { if (!x.handled) err.innerHTML = fieldError(x); }
    };
    const reset = $('.reset', form);
    if (reset) {
      reset.onclick = async () => {
        try {
          await call(`/api/messages/templates/${enc(kind)}`, { method: 'DELETE' });
          flash('আগের নমুনা ফিরে এসেছে।', 'Back to the default text.');
          rendered = ''; route();
        } catch (x) { if (!x.handled) err.innerHTML = fieldError(x); }
      };
    }
  });
}

// ---- delivery log -------------------------------------------------------------------------
const SMS_STATUS = { queued: ['সারিতে', 'Queued'], sending: ['পাঠানো হচ্ছে', 'Sending'],
  sent: ['পাঠানো হয়েছে', 'Sent'], delivered: ['পৌঁছেছে', 'Delivered'], failed: ['ব্যর্থ', 'Failed'],
  unknown: ['অজানা', 'Unknown'], suppressed: ['বন্ধ তালিকায়', 'Opted out'] };

function showLog(params) {
  document.title = 'এসএমএস লগ · Delivery log · Samabay';
  const month = /^\d{4}-\d\d$/.test(params.get('month') || '') ? params.get('month') : thisMonth();
  const status = SMS_STATUS[params.get('status')] ? params.get('status') : '';
  const query = { month, status };
  body.innerHTML = `<h2>${bi('এসএমএস লগ', 'Delivery log')}</h2>
<form class="mfilters no-print" id="log-filter">
<label for="log-month">${bi('মাস', 'Month')}<input type="month" id="log-month" value="${esc(month)}"></label>
<label for="log-status">${bi('অবস্থা', 'Status')}<select id="log-status"><option value="">সব · All</option>${
  Object.entries(SMS_STATUS).map(([k, [b, e]]) => `<option value="${k}"${k === status ? ' selected' : ''}>${
    esc(b)} · ${esc(e)}</option>`).join('')}</select></label>
<div class="actions"><button type="submit">${bi('দেখুন', 'Show')}</button>
<button type="button" class="secondary" id="log-csv">${bi('CSV নামান', 'Download CSV')}</button>
<button type="button" class="secondary"
onclick="window.print()">${bi('প্রিন্ট', 'Print')}</button></div></form>
<div class="table-wrap"><table class="log-table cards" data-testid="log"><thead><tr>
<th>${bi('সময়', 'When')}</th><th>${bi('প্রাপক', 'To')}</th><th>${bi('বার্তা', 'Text')}</th>
<th>${bi('অংশ', 'Parts')}</th><th>${bi('খরচ', 'Cost')}</th><th>${bi('অবস্থা', 'Status')}</th>
<th class="no-print"></th></tr></thead><tbody id="log-rows"></tbody></table></div>
<div id="log-state">${loading()}</div>
<button type="button" id="log-more" class="more secondary no-print"
hidden>${bi('আরও দেখুন', 'Load more')}</button>`;
  $('#log-filter').onsubmit = e => {
    e.preventDefault();
    location.hash = `#/messages/log${qs({ month: $('#log-month').value, status: $('#log-status').value })}`;
  };
  $('#log-csv').onclick = async ev => {
    ev.target.disabled = true;
    try { await saveAs(await call(`/api/messages/log${qs({ ...query, format: 'csv' })}`, { raw: true }),
      `sms-${month}.csv`); } catch (e) { failed($('#log-state'), e); } finally { ev.target.disabled = false; }
  };
  const rows = $('#log-rows'), state = $('#log-state'), more = $('#log-more');
  let cursor = null;
  const row = i => `<tr><td data-label="সময় · When">${when(i.at)}</td><td data-label="প্রাপক · To">${
    phoneText(i.phone)} <small>${esc((ROLES[i.role] || [i.role || ''])[0])}</small></td>
<td class="text" data-label="বার্তা · Text">${esc(i.text)}</td><td data-label="অংশ · Parts">${
    bn(i.parts)}</td><td data-label="খরচ · Cost">${taka(i.cost_paisa)}</td><td data-label="অবস্থা · Status">
<span class="state ${esc(i.status)}">${bi(...(SMS_STATUS[i.status] || [i.status, i.status]))}</span></td>
<td class="no-print act">${
    ['unknown', 'failed'].includes(i.status) ? `<button type="button" class="secondary resend" data-id="${
      esc(i.id)}">${bi('আবার পাঠান', 'Send again')}</button>` : ''}</td></tr>`;
  const load = async () => {
    more.hidden = true;
    try {
      const page = await call(`/api/messages/log${qs({ ...query, cursor })}`);
      rows.insertAdjacentHTML('beforeend', page.items.map(row).join(''));
      state.innerHTML = rows.children.length ? '' : `<p class="empty">${bi('এই মাসে কোনো এসএমএস নেই।',
        'No SMS this month.')}</p>`;
      cursor = page.next_cursor;
      more.hidden = !cursor;
    } catch (e) { failed(state, e); }
  };
  rows.addEventListener('click', async e => {
    const b = e.target.closest('.resend');
    if (!b) return;
    if (!confirm('এই এসএমএসটি আবার পাঠাবেন? হয়তো আগেরটি পৌঁছেছে। · '
      + 'Send this SMS again? The first may have arrived.')) return;
    b.disabled = true;
    try {
      await call(`/api/messages/log/${enc(b.dataset.id)}/resend`, { method: 'POST', body: {} });
      b.replaceWith(document.createRange().createContextualFragment(`<span class="state sent">${
        bi('আবার পাঠানো হয়েছে', 'Sent again')}</span>`));
    } catch (x) { b.disabled = false; failed(state, x); }
  });
  more.onclick = load;
  load();
}

// ---- suppression list ---------------------------------------------------------------------
function showSuppressions() {
  document.title = 'বন্ধ তালিকা · Opt-outs · Samabay';
  body.innerHTML = `<h2>${bi('এসএমএস বন্ধ তালিকা', 'Suppression list')}</h2>
<p class="hint">${bi('এই নম্বরগুলোতে কোনো বাল্ক বা মুক্ত বার্তা যাবে না।',
  'No bulk or free-text SMS goes to these numbers.')}</p>
<form class="card no-print" id="sup-form" novalidate>
<label for="sup-phone">${bi('মোবাইল নম্বর', 'Mobile number')}<input id="sup-phone" inputmode="tel" required
placeholder="01XXXXXXXXX"></label>
<label for="sup-reason">${bi('কারণ', 'Reason')}<input id="sup-reason" required maxlength="200"></label>
<div id="sup-error"></div><div class="actions"><button type="submit">${
  bi('যোগ করুন', 'Add')}</button></div></form>
<ul class="rows" id="sup-list"></ul><div id="sup-state">${loading()}</div>
<button type="button" id="sup-more" class="more secondary" hidden>${bi('আরও দেখুন', 'Load more')}</button>`;
  const list = $('#sup-list'), state = $('#sup-state'), more = $('#sup-more');
  let cursor = null;
  const load = async () => {
    more.hidden = true;
    try {
      const page = await call(`/api/messages/suppressions${qs({ cursor })}`);
      list.insertAdjacentHTML('beforeend', page.items.map(s => `<li><b>${phoneText(s.phone)}</b> · ${
        esc(s.reason)}<br><small>${esc(bn(s.added_on || ''))} · ${esc(s.added_by || '')}</small>
<button type="button" class="secondary remove no-print" data-phone="${esc(s.phone)}">${
        bi('সরান', 'Remove')}</button></li>`)
        .join(''));
      state.innerHTML = list.children.length ? '' : `<p class="empty">${bi('তালিকা খালি।',
        'The list is empty.')}</p>`;
      cursor = page.next_cursor;
      more.hidden = !cursor;
    } catch (e) { failed(state, e); }
  };
  $('#sup-form').onsubmit = async e => {
    e.preventDefault();
    try {
      await call('/api/messages/suppressions', { method: 'POST',
        body: { phone: $('#sup-phone').value.trim(), reason: $('#sup-reason').value.trim() } });
      flash('নম্বরটি বন্ধ তালিকায় যোগ হয়েছে।', 'The number was added.');
      rendered = ''; route();
    } catch (x) { if (!x.handled) $('#sup-error').innerHTML = fieldError(x); }
  };
  list.addEventListener('click', async e => {
    const b = e.target.closest('.remove');
    if (!b) return;
    b.disabled = true;
    try {
      await call(`/api/messages/suppressions/${enc(b.dataset.phone)}`, { method: 'DELETE' });
      b.closest('li').remove();
    } catch (x) { b.disabled = false; failed(state, x); }
  });
  more.onclick = load;
  load();
}

// ---- monthly spend ------------------------------------------------------------------------
async function showSpend(params) {
  document.title = 'এসএমএস খরচ · Spend · Samabay';
  const month = /^\d{4}-\d\d$/.test(params.get('month') || '') ? params.get('month') : thisMonth();
  body.innerHTML = loading();
  let s;
  try { s = await call(`/api/messages/spend${qs({ month })}`); } catch (e) { failed(body, e); return; }
  const pct = s.cap_paisa ? Math.min(100, Math.round((100 * s.spent_paisa) / s.cap_paisa)) : 0;
  body.innerHTML = `<h2>${bi('মাসিক এসএমএস খরচ', 'Monthly SMS spend')}</h2>
<form class="mfilters no-print" id="spend-filter">
<label for="spend-month">${bi('মাস', 'Month')}<input type="month"
id="spend-month" value="${esc(month)}"></label><div class="actions"><button type="submit">${
  bi('দেখুন', 'Show')}</button></div></form>
<div class="card" data-testid="spend"><p>${taka(s.spent_paisa)} / ${taka(s.cap_paisa)}</p>
<div class="bar${pct >= 100 ? ' full' : ''}" role="progressbar" aria-valuemin="0" aria-valuemax="100"
aria-valuenow="${pct}"><i style="width:${pct}%"></i></div>
<p class="hint">${bi(`${num(s.sms)}টি এসএমএস, ${num(s.parts)} অংশ · সীমার ${bn(pct)}%`,
    `${s.sms} SMS, ${s.parts} parts · ${pct}% of the cap`)}</p>
${pct >= 100 ? `<p class="msg warn">${bi('সীমা পূর্ণ: বাল্ক বার্তা বন্ধ (আইনি রিমাইন্ডার চলবে)।',
    'Cap reached: bulk sends stop (the legal reminders go on).')}</p>` : ''}</div>
${me.user.role !== 'upazila' ? `<form class="card no-print" id="cap-form" novalidate>
<h3>${bi('নিচের অফিসের মাসিক সীমা', "An office's monthly cap")}</h3>
<label for="cap-office">${bi('অফিস কোড', 'Office code')}<input id="cap-office"
inputmode="numeric" required></label>
<label for="cap-taka">${bi('সীমা (টাকা)', 'Cap (Taka)')}<input id="cap-taka" type="number" min="0" step="1"
required></label>
<div id="cap-error"></div><div class="actions"><button type="submit">${
  bi('সংরক্ষণ', 'Save')}</button></div></form>` : ''}`;
  $('#spend-filter').onsubmit = e => {
    e.preventDefault();
    location.hash = `#/messages/spend${qs({ month: $('#spend-month').value })}`;
  };
  const cap = $('#cap-form');
  if (cap) {
    cap.onsubmit = async e => {
      e.preventDefault();
      try {
        await call(`/api/messages/spend/${enc($('#cap-office').value.trim())}`, { method: 'PUT',
          body: { cap_paisa: Math.round(Number($('#cap-taka').value) * 100) } });
        flash('সীমা সংরক্ষণ করা হয়েছে।', 'Cap saved.');
        $('#cap-error').innerHTML = '';
      } catch (x) { if (!x.handled) $('#cap-error').innerHTML = fieldError(x); }
    };
  }
}
