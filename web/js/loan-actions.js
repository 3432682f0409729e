// Under one loan's screen (loans.js loads it): the loan's approved changes (pauses and reschedules) and the
// upazila loan committee's decisions on its borrower, for every office that reads the loan; the project's
// upazila office records a pause or a reschedule, a blacklist or legal referral and its lifting; an office
// above files a correction request on the approved loan's borrower. Each write is asked about first (it is
// kept for good in the loan's history); the server's refusals (an overlapping pause: 409) show at the form.
import { $, clearErrors, date, dateEn, num, qs, showErrors, todayIso, when } from './common.js';
import { area, fieldBox, FREQUENCY, INVALID, reader, requireFilled, text, value } from './loans-parts.js';
import {
  bil, confirmBox, dateField, emptyNote, errorNote, html, loadingNote, nothing, render,
} from './ui.js';

const enc = encodeURIComponent;
const KINDS = { blacklist: ['কালো তালিকা', 'Blacklist'],
  legal_referral: ['আইনি ব্যবস্থার সুপারিশ', 'Legal referral'] };
const BORROWER_FIELDS = { name_bn: ['ঋণগ্রহীতার নাম', "Borrower's name"],
  guardian_name_bn: ['পিতা / স্বামীর নাম', "Father's or husband's name"],
  barrack_no: ['ব্যারাক নং', 'Barrack no.'], room_no: ['কক্ষ নং', 'Room no.'], phone: ['মোবাইল', 'Mobile'],
  nid: ['জাতীয় পরিচয়পত্র নম্বর', 'National ID no.'] };
const REASON_HINT = ['যেমন আগস্ট ২০২৬-এর বন্যা', 'e.g. the flood of August 2026'];
const REF_HINT = ['কমিটির সভা ও সিদ্ধান্ত নম্বর, তারিখ',
  "the committee's meeting and resolution, with its date"];
const decision = (p, words) => html`${fieldBox(`${p}-reason`, ['কারণ', 'Reason'], area(`${p}-reason`, true),
  { req: true, hint: words || REASON_HINT })}
${fieldBox(`${p}-ref`, ['অনুমোদনের সূত্র (সিদ্ধান্ত)', 'Decision reference'], text(`${p}-ref`, { req: true }),
    { req: true, hint: REF_HINT })}`;
const day = (id, label, { req = true, value: v = '', hint = null } = {}) => fieldBox(id, label,
  dateField({ id, value: v, required: req, describedby: `${id}-error` }), { req, hint });
const reasons = (form, p) => ({ reason: value(form, `${p}-reason`), decision_ref: value(form, `${p}-ref`) });

// Each form: its fields, how its values are read, where the API's errors go, what is asked before sending.
const FORMS = {
  pause: {
    title: ['বিরতি (দুর্যোগকালীন মোরাটোরিয়াম)', 'Pause (disaster moratorium)'],
    fields: () => html`<p class="hint">${bil('এই দিনগুলোতে কোনো কিস্তি দেয় হয় না, দিনগুলো বকেয়ার দিনে '
      + 'গোনা হয় না; পরের কিস্তিগুলো ততদিন পিছিয়ে যায়।', 'Nothing falls due and no day counts as past due '
      + 'in these days; later instalments move on by as many days.')}</p>
<div class="pair">${day('ps-start', ['প্রথম দিন', 'First day'])}${
  day('ps-end', ['শেষ দিন', 'Last day'])}</div>
${decision('ps')}`,
    read: (form, r) => ({ starts_on: r.date('starts_on', value(form, 'ps-start')),
      ends_on: r.date('ends_on', value(form, 'ps-end')), ...reasons(form, 'ps') }),
    path: l => `/api/loans/${enc(l.id)}/pauses`,
    ids: { starts_on: 'ps-start', ends_on: 'ps-end', reason: 'ps-reason', decision_ref: 'ps-ref' },
    codes: { pause_overlaps: 'ps-start', invalid_pause: 'ps-end' },
    ask: b => [`${date(b.starts_on)} থেকে ${date(b.ends_on)} পর্যন্ত বিরতি ঋণের ইতিহাসে স্থায়ীভাবে থাকবে। `
      + 'রেকর্ড করবেন?',
      `A pause from ${dateEn(b.starts_on)} to ${dateEn(b.ends_on)} stays in the loan's history for good. `
        + 'Record it?'],
    done: ['বিরতি রেকর্ড হয়েছে; সূচি নতুন করে দেখানো হলো।',
      'The pause was recorded; the schedule is shown anew.'],
  },
  reschedule: {
    title: ['পুনঃতফসিল', 'Reschedule'],
    fields: () => html`<p class="hint">${bil(
      'এই দিনের আগের কিস্তি যেমন ছিল তেমন থাকে; বাকিটা নতুন কিস্তিতে ভাগ হয়।',
      'Instalments due before this day stay; the rest is spread over the new instalments.')}</p>
${day('rs-from', ['নতুন সূচি শুরুর দিন', 'New schedule from'])}
<div class="pair">${fieldBox('rs-instalments', ['নতুন কিস্তির সংখ্যা', 'New instalments'],
    text('rs-instalments', { mode: 'numeric', req: true }), { req: true })}
${fieldBox('rs-frequency', ['কিস্তির ধরন', 'Frequency'], html`<select id="rs-frequency"
 aria-describedby="rs-frequency-error">${Object.entries(FREQUENCY).map(([k, [b, e]]) => html`<option
 value=${k}>${b} · ${e}</option>`)}</select>`)}</div>
${day('rs-first-due', ['নতুন প্রথম কিস্তির তারিখ', 'First new due date'])}
${decision('rs', ['যেমন ঋণগ্রহীতার আবেদন', "e.g. the borrower's application"])}`,
    read: (form, r) => ({ from_on: r.date('from_on', value(form, 'rs-from')),
      instalments: r.whole('instalments', value(form, 'rs-instalments')),
      frequency: value(form, 'rs-frequency'),
      first_due_on: r.date('first_due_on', value(form, 'rs-first-due')),
      ...reasons(form, 'rs') }),
    path: l => `/api/loans/${enc(l.id)}/reschedules`,
    ids: { from_on: 'rs-from', instalments: 'rs-instalments', frequency: 'rs-frequency',
      first_due_on: 'rs-first-due', reason: 'rs-reason', decision_ref: 'rs-ref' },
    codes: { nothing_to_reschedule: 'rs-from', first_due_before_reschedule: 'rs-first-due' },
    ask: b => [`${date(b.from_on)} থেকে নতুন সূচি (${num(b.instalments)}টি কিস্তি) স্থায়ীভাবে `
      + 'রেকর্ড হবে। করবেন?',
      `A new schedule from ${dateEn(b.from_on)} (${b.instalments} instalments) is recorded for good. `
        + 'Record it?'],
    done: ['পুনঃতফসিল রেকর্ড হয়েছে; নতুন সূচি দেখানো হলো।',
      'The reschedule was recorded; the new schedule is shown.'],
  },
  sanction: {
    title: ['ঋণ কমিটির সিদ্ধান্ত', "The loan committee's decision"],
    fields: () => html`<p class="hint">${bil('সিদ্ধান্ত বহাল থাকা পর্যন্ত এই ঋণগ্রহীতা '
      + '(একই মোবাইল বা এনআইডি) উপজেলায় নতুন ঋণ পাবেন না।', 'While it is in force this borrower '
      + '(same mobile or NID) gets no new loan in the upazila.')}</p>
${fieldBox('sn-kind', ['সিদ্ধান্ত', 'Decision'], html`<select id="sn-kind" aria-describedby="sn-kind-error">${
  Object.entries(KINDS).map(([k, [b, e]]) => html`<option value=${k}>${b} · ${e}</option>`)}</select>`)}
${decision('sn', ['যেমন বারবার তাগাদার পরও ছয় কিস্তি অপরিশোধিত',
    'e.g. six instalments unpaid after reminders'])}
<div class="pair">${day('sn-decided', ['সিদ্ধান্তের তারিখ', 'Decided on'], { value: todayIso() })}
${day('sn-lift', ['যে দিন আপনা থেকে শেষ (ঐচ্ছিক)', 'Ends by itself on (optional)'], { req: false })}</div>`,
    read: (form, r, l) => {
      const out = { loan_id: l.id, kind: value(form, 'sn-kind'), ...reasons(form, 'sn'),
        decided_on: r.date('decided_on', value(form, 'sn-decided')) };
      const lift = r.date('lift_on', value(form, 'sn-lift'));
      return lift ? { ...out, lift_on: lift } : out;
    },
    path: () => '/api/asrayon/sanctions',
    ids: { kind: 'sn-kind', reason: 'sn-reason', decision_ref: 'sn-ref', decided_on: 'sn-decided',
      lift_on: 'sn-lift' },
    codes: { lift_before_decision: 'sn-lift' },
    ask: b => [`${KINDS[b.kind][0]}: সিদ্ধান্তটি রেকর্ড হবে এবং নতুন ঋণ আটকে যাবে। রেকর্ড করবেন?`,
      `${KINDS[b.kind][1]}: the decision is recorded and new loans are refused. Record it?`],
    done: ['ঋণ কমিটির সিদ্ধান্ত রেকর্ড হয়েছে।', "The loan committee's decision was recorded."],
  },
  lift: {
    title: ['সিদ্ধান্ত প্রত্যাহার', 'Lift the decision'],
    fields: () => html`${decision('lf', ['যেমন সব বকেয়া পরিশোধিত', 'e.g. all arrears paid'])}
${day('lf-on', ['প্রত্যাহারের তারিখ', 'Lifted on'], { value: todayIso() })}`,
    read: (form, r) => ({ ...reasons(form, 'lf'), lifted_on: r.date('lifted_on', value(form, 'lf-on')) }),
    path: (l, s) => `/api/asrayon/sanctions/${enc(s.id)}/lift`,
    ids: { reason: 'lf-reason', decision_ref: 'lf-ref', lifted_on: 'lf-on' },
    codes: {},
    ask: () => ['সিদ্ধান্তটি প্রত্যাহার হবে (মূল সিদ্ধান্ত ইতিহাসে থাকবে)। করবেন?',
      'The decision is lifted (it stays in the history). Lift it?'],
    done: ['সিদ্ধান্ত প্রত্যাহার হয়েছে।', 'The decision was lifted.'],
  },
  correction: {
    title: ['সংশোধনের অনুরোধ', 'Request a correction'],
    fields: l => html`<p class="hint">${bil('অনুমোদিত তালিকা লক করা; প্রকল্পের উপজেলা অফিস অনুরোধটি '
      + 'যাচাই করে প্রয়োগ বা প্রত্যাখ্যান করবে।',
    "The approved list is locked; the project's upazila office checks the request and applies or rejects "
      + 'it.')}</p>
${fieldBox('cr-field', ['কোন তথ্য', 'Which detail'], html`<select id="cr-field"
 aria-describedby="cr-field-error">${
  Object.entries(BORROWER_FIELDS).map(([k, [b, e]]) => html`<option value=${k}>${b} · ${e} (${
    l.borrower[k] || '—'})</option>`)}</select>`)}
${fieldBox('cr-value', ['সঠিক তথ্য', 'The correct value'], text('cr-value', { req: true }), { req: true })}
${fieldBox('cr-reason', ['কারণ', 'Reason'], area('cr-reason', true), { req: true,
      hint: ['যেমন এনআইডি দেখে নাম মিলানো হয়েছে', 'e.g. the name checked against the NID'] })}`,
    read: form => ({ field: value(form, 'cr-field'), proposed_value: value(form, 'cr-value'),
      reason: value(form, 'cr-reason') }),
    path: l => `/api/loans/${enc(l.id)}/corrections`,
    ids: { field: 'cr-field', proposed_value: 'cr-value', reason: 'cr-reason' },
    codes: { no_change: 'cr-value', invalid_reason: 'cr-reason', invalid_field: 'cr-field' },
    ask: b => [`"${BORROWER_FIELDS[b.field][0]}" সংশোধনের অনুরোধ উপজেলা অফিসে পাঠাবেন?`,
      `Send the request to correct "${BORROWER_FIELDS[b.field][1]}" to the upazila office?`],
    done: null, // the request's number is shown in place
  },
};

export function showLoanActions(ctx, box, l) {
  const user = ctx.me.user, writer = user.role === 'upazila' && ctx.ownCode() === l.upazila_code;
  const approved = l.state === 'approved', files = user.role !== 'upazila' && approved;
  let open = null, target = null, asking = null, busy = false, sent = null;
  let sanctions = null, sanctionsError = null;
  const b = l.borrower;
  const mineToo = s => s.loan_id === l.id || s.phone === b.phone || (b.nid && s.nid === b.nid);

  const draw = () => ctx.ok() && render(html`<section class="card" data-testid="loan-changes">
<h3>${bil('পরিবর্তনের ইতিহাস', 'Change history')}</h3>${history(l.changes || [])}
${writer && approved ? html`<div class="actions no-print">${button('pause', ['বিরতি', 'Pause'], 'pause-open')}
${button('reschedule', ['পুনঃতফসিল', 'Reschedule'], 'reschedule-open')}</div>` : nothing}
${open === 'pause' || open === 'reschedule' ? formView() : nothing}</section>
<section class="card" data-testid="loan-sanctions"><h3>${
  bil('ঋণ কমিটির সিদ্ধান্ত', "Loan committee's decisions")}</h3>
${sanctionsError ? errorNote(sanctionsError, loadSanctions) : sanctions === null ? loadingNote()
    : sanctionList(sanctions.filter(mineToo))}
${writer && approved ? html`<div class="actions no-print">${
  button('sanction', ['কালো তালিকা / আইনি সুপারিশ', 'Blacklist / legal referral'], 'sanction-open')}</div>`
    : nothing}
${open === 'sanction' || open === 'lift' ? formView() : nothing}</section>
${files ? html`<section class="card" data-testid="loan-correction"><h3>${
  bil('ঋণগ্রহীতার তথ্য সংশোধন', "Correct the borrower's details")}</h3>
${sent ? sentNote(sent) : open === 'correction' ? formView()
    : html`<div class="actions no-print">${button('correction', ['সংশোধনের অনুরোধ', 'Request a correction'],
      'correction-open')}</div>`}</section>` : writer ? html`<p class="hint">${bil(
    'অনুমোদিত ঋণগ্রহীতার তথ্য বদলাতে ঊর্ধ্বতন অফিস সংশোধন অনুরোধ পাঠায়; অনুরোধ আসে "সংশোধন" পাতায়।',
    "An approved borrower's details change through a correction request from an office above; it arrives "
      + 'under "Corrections".')}</p>` : nothing}`, box);

  const button = (what, words, id) => html`<button type="button" class="secondary" id=${id}
 ?disabled=${busy} @click=${() => show(what)}>${bil(...words)}</button>`;
  function show(what, s = null) {
    open = what; target = s; asking = null; draw();
    const first = $(`#${what}-form input, #${what}-form select, #${what}-form textarea`, box);
    if (first) first.focus();
  }
  const close = () => { open = null; target = null; asking = null; draw(); };

  const formView = () => {
    const f = FORMS[open];
    return html`<form id=${`${open}-form`} class="sub-form" novalidate @submit=${ask}>
<h4>${bil(...f.title)}${target ? html` <small>${bil(...KINDS[target.kind])}</small>` : nothing}</h4>
<div id=${`${open}-error`} hidden></div>${f.fields(l)}
<div class="actions"><button type="submit" id=${`${open}-save`} ?disabled=${busy || Boolean(asking)}>${
  bil('পাঠান', 'Send')}</button>
<button type="button" class="secondary" id=${`${open}-cancel`} @click=${close}>${
  bil('বাতিল', 'Cancel')}</button>
</div>${asking || nothing}</form>`;
  };

  function ask(ev) {
    ev.preventDefault();
    const form = ev.currentTarget, f = FORMS[open], errors = $(`#${open}-error`, form), r = reader();
    clearErrors(form, errors);
    const out = f.read(form, r, l);
    requireFilled(form, r.bad, f.ids);
    if (r.bad.length) {
      const ids = { ...Object.fromEntries(r.bad.map(x => [x.field, x.field])), ...f.ids };
      showErrors(form, errors, { ...INVALID, details: r.bad }, ids);
      return;
    }
    asking = confirmBox({ question: f.ask(out), yes: ['হ্যাঁ, পাঠান', 'Yes, send'], busy,
      onYes: () => send(form, out), onNo: () => { asking = null; draw(); },
      id: 'action-confirm', yesId: 'action-confirm-yes', testid: 'action-confirm' });
    draw();
    $('#action-confirm-yes', box).focus();
  }
  async function send(form, out) {
    const f = FORMS[open], errors = $(`#${open}-error`, form);
    busy = true; asking = null; draw();
    try {
      const answer = await ctx.call(f.path(l, target), { method: 'POST', body: out });
      if (!ctx.ok()) return;
      busy = false;
      if (f.done) { ctx.flash(f.done); return; }
      sent = answer; open = null; draw();
    } catch (e) {
      if (!ctx.ok()) return;
      busy = false; draw();
      if (!e.handled) showErrors(form, errors, e, f.ids, code => f.codes[code]);
    }
  }

  const sanctionList = list => (list.length ? html`<ul class="history" data-testid="sanctions">${
    list.map(s => html`
<li data-testid="sanction" data-kind=${s.kind}><b>${bil(...KINDS[s.kind])}</b> ${s.in_force
    ? html`<span class="in-force" data-testid="in-force">${bil('বহাল', 'in force')}</span>`
    : html`<span class="hint">${bil('বহাল নেই', 'not in force')}</span>`}<br>
${bil(`${date(s.decided_on)}: ${s.reason}`, `decided on ${dateEn(s.decided_on)}`)}<br><small>${
  s.decision_ref} · ${
  s.decided_by}${s.lift_on ? html` · ${bil(`${date(s.lift_on)} পর্যন্ত`, `until ${dateEn(s.lift_on)}`)}`
  : nothing}</small>
${s.lifted_on ? html`<br><small data-testid="lifted">${bil(
    `প্রত্যাহার ${date(s.lifted_on)}: ${s.lift_reason}`,
    `lifted on ${dateEn(s.lifted_on)}`)} · ${s.lift_decision_ref} · ${s.lifted_by}</small>` : nothing}
${writer && !s.lifted_on ? html`<div class="actions no-print"><button type="button" class="secondary"
 data-testid="lift-open" ?disabled=${busy} @click=${() => show('lift', s)}>${
  bil('প্রত্যাহার', 'Lift')}</button></div>` : nothing}</li>`)}</ul>`
    : emptyNote(['এই ঋণগ্রহীতার বিষয়ে কোনো সিদ্ধান্ত নেই', 'No decisions about this borrower'],
      'sanctions-empty'));

  async function loadSanctions() {
    sanctionsError = null; sanctions = null; draw();
    try {
      sanctions = (await ctx.call(`/api/asrayon/sanctions${qs({ area_code: l.upazila_code })}`)).items;
    } catch (e) { if (!e.handled) sanctionsError = e; }
    draw();
  }
  draw();
  loadSanctions();
}

// Pauses and reschedules in the order recorded; the loan's terms above stay as first approved.
const history = changes => (changes.length ? html`<ul class="history" data-testid="changes">${
  changes.map(c => html`<li data-testid="change" data-kind=${c.kind}>${c.kind === 'pause'
    ? html`<b>${bil('বিরতি', 'Pause')}</b> ${bil(`${date(c.starts_on)} – ${date(c.ends_on)}`,
      `${dateEn(c.starts_on)} to ${dateEn(c.ends_on)}`)}`
    : html`<b>${bil('পুনঃতফসিল', 'Reschedule')}</b> ${bil(`${date(c.from_on)} থেকে ${num(c.instalments)}টি ${
      (FREQUENCY[c.frequency] || [c.frequency])[0]} কিস্তি, প্রথমটি ${date(c.first_due_on)}`,
    `from ${dateEn(c.from_on)}: ${c.instalments} instalments`)}`}<br>${c.reason}<br><small>${
    c.decision_ref} · ${
    c.approved_by} · ${when(c.recorded_at)}</small></li>`)}</ul>`
  : emptyNote(['কোনো বিরতি বা পুনঃতফসিল নেই', 'No pauses or reschedules'], 'changes-empty'));

const sentNote = r => html`<div class="msg ok" role="status" data-testid="correction-sent">${bil(
  `অনুরোধ পাঠানো হয়েছে (নম্বর ${r.id})। উপজেলা অফিস সিদ্ধান্ত নিলে "সংশোধন" পাতায় দেখা যাবে।`,
  `Request ${r.id} sent. The upazila office's decision shows under "Corrections".`)}
<a href="#/corrections/outbox">${bil('আমার পাঠানো অনুরোধ', 'My requests')}</a></div>`;
