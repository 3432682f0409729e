// Money to refund (#/loans/refunds), loaded by loans.js: the loans of the office's area (or one picked below
// it) holding money beyond all they owe today (kept, never lost), the most first, with the total; CSV and
// print. The project's upazila office records a refund it made (bKash TrxID, voucher or receipt number, the
// day, all or part of it), asked about first; the same reference twice is refused by the API. An area of more
// loans than one list reads (20,000) comes a part at a time, as the defaulter list (the hash keeps the part).
import {
  $, bn, clearErrors, date, dateEn, num, qs, saveAs, showErrors, takaWords, todayIso,
} from './common.js';
import { areaPartNote, cells, fieldBox, INVALID, reader, requireFilled, text, value } from './loans-parts.js';
import { hashRoute } from './officer-input.js';
import {
  bil, cardTable, confirmBox, dateField, emptyNote, errorNote, html, loadingNote, money, nothing, render,
} from './ui.js';

const enc = encodeURIComponent;
const IDS = { reference: 'rf-ref', refunded_on: 'rf-on', amount_paisa: 'rf-amount' };
const CODES = { invalid_amount: 'rf-amount', refund_recorded: 'rf-ref', nothing_to_refund: null };

export function showRefunds(ctx) {
  const from = ctx.areaQuery(), csv = { busy: false, error: null };
  const { params } = hashRoute(), cursor = params.get('cursor') || '';
  const writes = line => ctx.me.user.role === 'upazila' && line.upazila_code === ctx.ownCode();
  let d = null, place = null, error = null, refunding = null, asking = null, busy = false;
  document.title = 'ফেরতযোগ্য অর্থ · Money to refund · Samabay';

  const columns = [
    { head: ['ঋণগ্রহীতা', 'Borrower'], key: true, cell: r => html`<a href="#/loans/loan/${enc(r.loan_id)}"
 data-testid="refund-link">${r.borrower_name_bn}</a> <small>${r.guardian_name_bn}</small>` },
    { head: ['প্রকল্প', 'Project'], cls: 'text', cell: r => r.project_name_bn || '—' },
    { head: ['ব্যারাক / কক্ষ', 'Barrack / room'], cell: r => `${bn(r.barrack_no)} / ${bn(r.room_no)}` },
    { head: ['মোবাইল', 'Mobile'], cell: r => bn(String(r.phone).replace(/^\+88/, '')) },
    { head: ['মোট জমা', 'Paid in all'], num: true, cell: r => money(r.paid_paisa) },
    { head: ['ফেরত দেওয়া হয়েছে', 'Refunded so far'], num: true, cell: r => money(r.refunded_paisa) },
    { head: ['ফেরতযোগ্য', 'To refund'], num: true, cell: r => html`<b data-testid="overpaid">${
      money(r.overpaid_paisa)}</b>${writes(r) ? html`<br><button type="button" class="secondary no-print"
 data-testid="refund-open" ?disabled=${busy} @click=${() => open(r)}>${
  bil('ফেরত রেকর্ড', 'Record a refund')}</button>`
      : nothing}` },
  ];

  const part = next => `#/loans/refunds${next ? qs({ cursor: next }) : ''}`;
  const parts = () => areaPartNote('refunds', d.next_cursor, cursor, part);
  const draw = () => ctx.ok() && render(html`<div id="refunds-out">${error ? errorNote(error, error.status
    ? null : load) : !d ? loadingNote() : html`${parts()}<h2 data-testid="refunds-title">${bil(
    `${place[0]}: ফেরতযোগ্য অর্থ, ${date(d.as_of)}`, `${place[1]}: money to refund, ${dateEn(d.as_of)}`)}</h2>
<p class="hint">${bil(
    'কিস্তির সব পাওনার বেশি জমা হওয়া অর্থ: রাখা আছে, হারায় না; ফেরত দিলে এখানে রেকর্ড করুন।',
    'Money received beyond all a loan owes: kept, never lost; record each refund here once it is sent.')}</p>
<div class="card stats"><p class="total">${bil('মোট ফেরতযোগ্য', 'Total to refund')}: <b
 data-testid="total-overpaid">${money(d.total_overpaid_paisa)}</b></p>
<p>${bil(`${num(d.count)}টি ঋণ`, `${d.count} loans`)}</p></div>
<div class="actions no-print"><button type="button" class="secondary" id="refunds-csv" ?disabled=${csv.busy}
 @click=${download}>${bil('CSV ডাউনলোড', 'Download CSV')}</button>
<button type="button" class="secondary" id="refunds-print" @click=${() => window.print()}>${
  bil('প্রিন্ট', 'Print')}</button></div>
${csv.error ? errorNote(csv.error) : nothing}
${refunding ? formView() : nothing}
${d.items.length ? cardTable(cells(columns), d.items, { testid: 'refunds', cls: 'refunds-table' })
    : emptyNote(['ফেরত দেওয়ার মতো কোনো অর্থ নেই', 'No money to refund'], 'refunds-empty')}`}</div>`,
  ctx.body);

  const formView = () => {
    const [b, e] = takaWords(refunding.overpaid_paisa);
    return html`<form id="refund-form" class="card no-print" novalidate @submit=${ask}>
<h3>${bil(`ফেরত: ${refunding.borrower_name_bn}`, 'A refund')}</h3>
<p class="hint">${bil(`ফেরতযোগ্য ${b}।`, `${e} to refund.`)}</p><div id="refund-error" hidden></div>
${fieldBox('rf-ref', ['সূত্র (বিকাশ TrxID, ভাউচার বা রসিদ নং)',
    'Reference (bKash TrxID, voucher or receipt no.)'],
    text('rf-ref', { req: true }), { req: true })}
${fieldBox('rf-on', ['যে দিন ফেরত দেওয়া হয়েছে', 'Refunded on'], dateField({ id: 'rf-on', value: todayIso(),
      required: true, describedby: 'rf-on-error' }), { req: true })}
${fieldBox('rf-amount', ['পরিমাণ (টাকা)', 'Amount (Taka)'], text('rf-amount', { mode: 'decimal' }),
    { hint: ['খালি রাখলে পুরো ফেরতযোগ্য অর্থ', 'empty: all of it'] })}
<div class="actions"><button type="submit" id="refund-save" ?disabled=${busy || Boolean(asking)}>${
  bil('রেকর্ড করুন', 'Record')}</button>
<button type="button" class="secondary" id="refund-cancel" @click=${() => { refunding = null; asking = null;
    draw(); }}>${bil('বাতিল', 'Cancel')}</button></div>${asking || nothing}</form>`;
  };
  function open(line) {
    refunding = line; asking = null; draw();
    $('#refund-form', ctx.body).scrollIntoView({ block: 'start' });
    $('#rf-ref', ctx.body).focus({ preventScroll: true });
  }
  function ask(ev) {
    ev.preventDefault();
    const form = ev.currentTarget, box = $('#refund-error', form), r = reader();
    clearErrors(form, box);
    const out = { reference: value(form, 'rf-ref'),
      refunded_on: r.date('refunded_on', value(form, 'rf-on')) };
    const amount = r.taka('amount_paisa', value(form, 'rf-amount'));
    if (amount !== undefined) out.amount_paisa = amount;
    requireFilled(form, r.bad, IDS);
    if (r.bad.length) {
      showErrors(form, box, { ...INVALID, details: r.bad }, { ...IDS, 'rf-ref': 'rf-ref', 'rf-on': 'rf-on' });
      return;
    }
    const [b, e] = takaWords(out.amount_paisa || refunding.overpaid_paisa);
    asking = confirmBox({
      question: [`${refunding.borrower_name_bn}-কে ${b} ফেরত দেওয়া হয়েছে বলে ঋণের হিসাবে `
        + 'স্থায়ীভাবে লেখা হবে। করবেন?',
        `A refund of ${e} is written in the loan's ledger for good. Record it?`],
      yes: ['হ্যাঁ, রেকর্ড করুন', 'Yes, record it'], onYes: () => save(form, out),
      onNo: () => { asking = null; draw(); }, id: 'refund-confirm', yesId: 'refund-confirm-yes' });
    draw();
    $('#refund-confirm-yes', ctx.body).focus();
  }
  async function save(form, out) {
    busy = true; asking = null; draw();
    try {
      await ctx.call(`/api/loans/${enc(refunding.loan_id)}/refunds`, { method: 'POST', body: out });
      if (ctx.ok()) ctx.flash(['ফেরত রেকর্ড হয়েছে।', 'The refund was recorded.']);
    } catch (e) {
      if (!ctx.ok()) return;
      busy = false; draw();
      if (!e.handled) showErrors(form, $('#refund-error', form), e, IDS, code => CODES[code]);
    }
  }
  async function load() {
    error = null; draw();
    try {
      [d, place] = await Promise.all([ctx.call(`/api/loans/refunds${qs({ area_code: from, cursor })}`),
        ctx.areaWords(from || ctx.ownCode())]);
    } catch (e) { if (e.handled) return; error = e; }
    draw();
  }
  async function download() {
    Object.assign(csv, { busy: true, error: null });
    draw();
    try {
      const path = `/api/loans/refunds${qs({ area_code: from, cursor, format: 'csv' })}`;
      const res = await ctx.call(path, { raw: true });
      await saveAs(res, `refunds-${d.area_code || 'BD'}-${d.as_of}.csv`);
    } catch (e) { if (!e.handled) csv.error = e; }
    csv.busy = false;
    draw();
  }
  load();
}
