// A project's fund and bank account (#/loans/project/<id>/fund), loaded by loans.js: the deposits into the
// project's bank account, service charge remitted and fund allocated, oldest first, with their totals; the
// project's upazila office records one (the voucher or letter number, the day, the amount), asked about
// first.
// A record is never edited; the same reference again is the same record (the monthly report sets the bKash
// money against the deposits: loans-report.js).
import { $, clearErrors, date, showErrors, takaWords, todayIso } from './common.js';
import { cells, fieldBox, INVALID, reader, requireFilled, text, value } from './loans-parts.js';
import {
  bil, cardTable, confirmBox, dateField, emptyNote, errorNote, html, loadingNote, money, nothing, render,
} from './ui.js';

const enc = encodeURIComponent;
const KINDS = { deposit: ['ব্যাংকে জমা', 'Bank deposit'],
  remittance: ['সার্ভিস চার্জ প্রেরণ', 'Service charge remitted'],
  allocation: ['তহবিল বরাদ্দ', 'Fund allocated'] };
const IDS = { kind: 'fd-kind', on: 'fd-on', amount_paisa: 'fd-amount', reference: 'fd-ref', note: 'fd-note' };
const CODES = { reference_recorded: 'fd-ref', project_not_found: null };
const COLUMNS = [
  { head: ['তারিখ', 'Date'], key: true, cell: r => date(r.on) },
  { head: ['ধরন', 'Kind'], cell: r => bil(...(KINDS[r.kind] || [r.kind, r.kind])) },
  { head: ['পরিমাণ', 'Amount'], num: true, cell: r => money(r.amount_paisa) },
  { head: ['সূত্র', 'Reference'], cell: r => r.reference },
  { head: ['লিখেছেন', 'Recorded by'], cell: r => r.recorded_by },
];

export async function showFund(ctx, projectId) {
  const toProject = ctx.back(`#/loans/project/${enc(projectId)}`, ['প্রকল্পের ঋণ', "The project's loans"]);
  document.title = 'প্রকল্পের তহবিল ও ব্যাংক জমা · Fund and bank deposits · Samabay';
  let p = null, d = null, error = null, asking = null, busy = false;
  const draw = () => ctx.ok() && render(html`${toProject}${error
    ? errorNote(error, error.status ? null : load) : !d ? loadingNote() : html`
<h2>${bil('তহবিল ও ব্যাংক জমা', 'Fund and bank deposits')}
 <small>${p.name_bn}</small></h2>
<p class="hint">${bil(`ব্যাংক হিসাব: ${p.bank_account}`, `Bank account: ${p.bank_account}`)}</p>
<div class="card"><dl class="figures">
<div><dt>${bil(...KINDS.allocation)}</dt><dd data-testid="fund-allocated">${
  money(d.allocated_paisa)}</dd></div>
<div><dt>${bil(...KINDS.deposit)}</dt><dd data-testid="fund-deposited">${
  money(d.deposited_paisa)}</dd></div>
<div><dt>${bil(...KINDS.remittance)}</dt><dd data-testid="fund-remitted">${
  money(d.service_charge_remitted_paisa)}</dd></div></dl></div>
${ctx.writesFor(p) ? formView() : nothing}
${d.items.length ? cardTable(cells(COLUMNS), d.items, { testid: 'fund-records' })
    : emptyNote(['এখনো কিছু লেখা হয়নি', 'Nothing recorded yet'], 'fund-empty')}`}`, ctx.body);

  const formView = () => html`<form id="fund-form" class="card no-print" novalidate @submit=${ask}>
<h3>${bil('নতুন রেকর্ড', 'Record')}</h3><div id="fund-error" hidden></div>
${fieldBox('fd-kind', ['ধরন', 'Kind'], html`<select id="fd-kind">${Object.entries(KINDS).map(([k, w]) => html`
<option value=${k}>${w.join(' · ')}</option>`)}</select>`, { req: true })}
${fieldBox('fd-on', ['তারিখ (ভাউচার বা পত্রের)', 'Date (of the voucher or letter)'], dateField({ id: 'fd-on',
    value: todayIso(), required: true, describedby: 'fd-on-error' }), { req: true })}
${fieldBox('fd-amount', ['পরিমাণ (টাকা)', 'Amount (Taka)'], text('fd-amount', { mode: 'decimal', req: true }),
    { req: true })}
${fieldBox('fd-ref', ['সূত্র (ভাউচার, জমা স্লিপ বা বরাদ্দপত্র নং)',
  'Reference (voucher, slip or letter no.)'], text('fd-ref', { req: true }), { req: true })}
<div class="actions"><button type="submit" id="fund-save" ?disabled=${busy || Boolean(asking)}>${
  bil('রেকর্ড করুন', 'Record')}</button></div>${asking || nothing}</form>`;

  function ask(ev) {
    ev.preventDefault();
    const form = ev.currentTarget, box = $('#fund-error', form), r = reader();
    clearErrors(form, box);
    const out = { kind: value(form, 'fd-kind'), on: r.date('on', value(form, 'fd-on')),
      amount_paisa: r.taka('amount_paisa', value(form, 'fd-amount')), reference: value(form, 'fd-ref') };
    requireFilled(form, r.bad, IDS);
    if (r.bad.length) {
      showErrors(form, box, { ...INVALID, details: r.bad }, { ...IDS, 'fd-amount': 'fd-amount' });
      return;
    }
    const [b, e] = takaWords(out.amount_paisa), [kb, ke] = KINDS[out.kind];
    asking = confirmBox({
      question: [`${kb}: ${b}, সূত্র ${out.reference}। স্থায়ীভাবে লেখা হবে (পরে বদলানো যায় না)। করবেন?`,
        `${ke}: ${e}, reference ${out.reference}. It is written for good (never edited). Record it?`],
      yes: ['হ্যাঁ, রেকর্ড করুন', 'Yes, record it'], onYes: () => save(form, out),
      onNo: () => { asking = null; draw(); }, id: 'fund-confirm', yesId: 'fund-confirm-yes' });
    draw();
    $('#fund-confirm-yes', ctx.body).focus();
  }
  async function save(form, out) {
    busy = true; asking = null; draw();
    try {
      await ctx.call(`/api/asrayon/projects/${enc(p.id)}/fund`, { method: 'POST', body: out });
      busy = false;
      if (ctx.ok()) ctx.flash(['রেকর্ড হয়েছে।', 'Recorded.']);
    } catch (e) {
      if (!ctx.ok()) return;
      busy = false; draw();
      if (!e.handled) showErrors(form, $('#fund-error', form), e, IDS, code => CODES[code]);
    }
  }
  async function load() {
    error = null; draw();
    try {
      [p, d] = await Promise.all([ctx.projects.get(projectId)
        || ctx.call(`/api/asrayon/projects/${enc(projectId)}`),
      ctx.call(`/api/asrayon/projects/${enc(projectId)}/fund`)]);
    } catch (e) { if (e.handled) return; error = e; }
    draw();
  }
  load();
}
