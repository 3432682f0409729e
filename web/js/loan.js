// The borrower's loan page (loan.html?loan=…), reached from the reminder SMS and from bKash's callback:
// asks for the borrower's phone unless this tab gave it, shows what is due now, the schedule and the latest
// payments, and pays with bKash; while a payment is processing it asks again every 3 s (about 2 minutes).
// The loan's part (#loan-view) is drawn by lit-html.
import { $, api, bn, clearErrors, date, dateEn, showErrors } from './common.js';
import { dhakaTime, mobile, PHONE_ERROR, webUrl } from './market-ui.js';
import { bil, cardTable, errorNote, html, loadingNote, money, nothing, render } from './ui.js';

const POLL_MS = 3000, MAX_POLLS = 40;
const lookup = $('#lookup'), view = $('#loan-view'), form = $('#lookup-form'), box = $('#lookup-error');
const loanId = (new URLSearchParams(location.search).get('loan') || '').trim().toLowerCase();
const phoneKey = `samabay.loan.${loanId}`;
let phone = '';
try { phone = sessionStorage.getItem(phoneKey) || ''; } catch (_) { /* private mode */ }
let timer = null, polls = 0, seq = 0;
const shown = { l: null, paying: false, payNote: null };

const STATUS = {
  paid: ['পরিশোধিত', 'Paid'], partly_paid: ['আংশিক পরিশোধিত', 'Part paid'], due: ['আজ দেয়', 'Due today'],
  overdue: ['বকেয়া', 'Overdue'], upcoming: ['আসন্ন', 'Upcoming'],
};
const PAYMENT = {
  created: ['শুরু হচ্ছে', 'Starting'], pending: ['প্রক্রিয়াধীন', 'Processing'],
  executing: ['প্রক্রিয়াধীন', 'Processing'],
  completed: ['সম্পন্ন', 'Completed'], failed: ['সম্পন্ন হয়নি', 'Failed'], cancelled: ['বাতিল', 'Cancelled'],
  expired: ['মেয়াদ শেষ', 'Expired'], refunded: ['ফেরত দেওয়া হয়েছে', 'Refunded'],
  needs_review: ['যাচাই হচ্ছে', 'Being checked'],
};
const words = (table, key) => bil(...(table[key] || [key, key]));
const UNSETTLED = ['created', 'pending', 'executing'];
const processing = l => l.payments.length && UNSETTLED.includes(l.payments[0].state);

function ask(err) {
  clearTimeout(timer);
  lookup.hidden = false; view.hidden = true;
  $('#lookup-phone').value = phone ? bn(phone) : '';
  clearErrors(form, box);
  if (err) showErrors(form, box, err, {}, () => 'lookup-phone');
  $('#lookup-phone').focus();
}

form.onsubmit = ev => {
  ev.preventDefault();
  clearErrors(form, box);
  const ph = mobile($('#lookup-phone').value);
  if (!ph) {
    showErrors(form, box, { message: 'Some fields need a look.', message_bn: 'কিছু তথ্য ঠিক করুন।',
      details: [{ field: 'phone', ...PHONE_ERROR }] }, { phone: 'lookup-phone' });
    return;
  }
  phone = ph; polls = 0;
  load();
};

async function load(quiet = false) {
  clearTimeout(timer);
  const my = ++seq;
  if (!quiet) { lookup.hidden = true; view.hidden = false; render(loadingNote(), view); }
  let l;
  try {
    l = await api(`/api/public/loans/${encodeURIComponent(loanId)}?phone=${encodeURIComponent(phone)}`);
  } catch (e) {
    if (my !== seq) return;
    if (e.status >= 400 && e.status < 500 && e.status !== 429) { phone = ''; ask(e); return; }
    if (quiet && ++polls < MAX_POLLS) { timer = setTimeout(() => load(true), POLL_MS); return; }
    render(errorNote(e, () => load()), view);
    return;
  }
  if (my !== seq) return;
  try { sessionStorage.setItem(phoneKey, phone); } catch (_) { /* private mode */ }
  Object.assign(shown, { l, paying: false, payNote: null });
  draw();
  if (processing(l) && polls < MAX_POLLS) { polls++; timer = setTimeout(() => load(true), POLL_MS); }
}

async function pay() {
  Object.assign(shown, { paying: true, payNote: html`<p class="msg info" role="status">${
    bil('বিকাশের পাতায় নিয়ে যাওয়া হচ্ছে…', 'Taking you to bKash…')}</p>` });
  draw();
  try {
    const path = `/api/public/loans/${encodeURIComponent(loanId)}/pay`;
    const d = await api(path, { method: 'POST', body: { phone } });
    const url = webUrl(d.bkash_url);
    if (!url) throw Object.assign(new Error('no bKash URL'), { message_bn: 'বিকাশের ঠিকানা পাওয়া যায়নি।' });
    location.href = url;
  } catch (e) {
    Object.assign(shown, { paying: false, payNote: errorNote(e) });
    draw();
  }
}

const note = (cls, b, e, id) => html`<p class="msg ${cls}" id=${id} data-testid=${id} role="status">${
  bil(b, e)}</p>`;

function message(l) {
  const last = l.payments[0];
  if (last && processing(l)) {
    return polls < MAX_POLLS
      ? note('info processing', 'পেমেন্ট প্রক্রিয়াধীন। এই পাতা নিজে থেকেই হালনাগাদ হবে, অপেক্ষা করুন…',
        'Your payment is being processed. This page updates by itself, please wait…', 'loan-processing')
      : note('info', 'পেমেন্ট এখনও প্রক্রিয়াধীন। টাকা কাটা হয়ে থাকলে তা হারাবে না; পরে আবার দেখুন।',
        'The payment is still processing. If money was taken it is not lost; look again later.',
        'loan-processing');
  }
  if (last && last.state === 'completed' && Date.now() - Date.parse(last.created_at) < 3600e3) {
    return note('ok', `ধন্যবাদ! টাকা পাওয়া গেছে। TrxID ${last.trx_id}`,
      `Thank you! The payment is received. TrxID ${last.trx_id}`, 'payment-done');
  }
  if (last && last.state === 'needs_review') {
    return note('info', 'আপনার পেমেন্ট যাচাই করা হচ্ছে। টাকা হারাবে না; সমবায় দপ্তর দেখছে।',
      'Your payment is being checked. The money is not lost; the cooperative office is looking at it.',
      'payment-review');
  }
  if (last && ['failed', 'cancelled', 'expired'].includes(last.state)
      && Date.now() - Date.parse(last.created_at) < 3600e3) {
    return note('error', 'পেমেন্ট সম্পন্ন হয়নি। নিচের বোতাম চেপে আবার চেষ্টা করুন।',
      'The payment did not go through. Press the button below to try again.', 'payment-failed');
  }
  if (!l.outstanding_paisa) {
    return note('ok', 'ঋণ সম্পূর্ণ পরিশোধিত। ধন্যবাদ!', 'The loan is fully paid. Thank you!', 'loan-paid');
  }
  if (l.overdue_paisa) {
    return note('error', `কিস্তি বকেয়া, ${bn(l.days_past_due)} দিন। যত দ্রুত সম্ভব পরিশোধ করুন।`,
      `An instalment is ${l.days_past_due} days overdue. Please pay as soon as you can.`, 'loan-overdue');
  }
  return note('info', 'বিকাশে কিস্তি পরিশোধ করতে নিচের বোতাম চাপুন।',
    'Press the button below to pay with bKash.',
    'loan-due');
}

const SCHEDULE = [
  { head: ['কিস্তি', 'No.'], key: true, cell: i => bil(bn(i.no), String(i.no)) },
  { head: ['শেষ তারিখ', 'Due on'], cell: i => bil(date(i.due_on), dateEn(i.due_on)) },
  { head: ['টাকা', 'Amount'], num: true, cell: i => money(i.amount_paisa) },
  { head: ['পরিশোধিত', 'Paid'], num: true, cell: i => money(i.paid_paisa) },
  { head: ['অবস্থা', 'Status'],
    cell: i => html`<span class="pill i-${i.status}">${words(STATUS, i.status)}</span>` },
];

function loanView({ l, paying, payNote }) {
  const due = l.amount_due_paisa || l.outstanding_paisa;
  return html`<article class="receipt card" data-testid="loan" data-payment-state=${
    l.payments.length ? l.payments[0].state : 'none'}>
<h1>${bil('আশ্রয়ণ ঋণ', 'Asrayon loan')} <span class="nowrap" id="loan-id">${l.loan_id}</span></h1>
<div id="loan-message" aria-live="polite">${payNote || message(l)}</div>
<dl class="facts">
<dt>${bil('এখন দেয়', 'To pay now')}</dt>
<dd><b id="amount-due" data-testid="amount-due">${money(due)}</b></dd>
${l.next_due_on ? html`<dt>${bil('পরের কিস্তির তারিখ', 'Next due on')}</dt><dd>${
    bil(date(l.next_due_on), dateEn(l.next_due_on))}</dd>` : nothing}
<dt>${bil('মোট পরিশোধিত', 'Paid so far')}</dt><dd>${money(l.paid_paisa)}</dd>
<dt>${bil('বাকি', 'Outstanding')}</dt><dd id="outstanding">${money(l.outstanding_paisa)}</dd>
${l.overdue_paisa ? html`<dt>${bil('বকেয়া', 'Overdue')}</dt><dd>${money(l.overdue_paisa)}</dd>` : nothing}
</dl>
</article>
<div class="actions no-print">
${l.outstanding_paisa && !processing(l) ? html`<button type="button" id="pay-loan" data-testid="pay-loan"
 ?disabled=${paying} @click=${pay}>${bil(`বিকাশে ${takaText(due)} পরিশোধ করুন`, 'Pay with bKash')}</button>`
    : nothing}
<button type="button" class="secondary" @click=${() => { polls = 0; load(); }}>${
    bil('হালনাগাদ', 'Refresh')}</button>
<button type="button" class="secondary" @click=${() => window.print()}>${
    bil('প্রিন্ট করুন', 'Print')}</button>
</div>
<h2>${bil('কিস্তির তালিকা', 'Instalments')}</h2>
${cardTable(SCHEDULE, l.schedule, { testid: 'loan-schedule' })}
${l.payments.length ? html`<h2>${bil('বিকাশ পেমেন্ট', 'bKash payments')}</h2>
<ol class="log" data-testid="loan-payments">${l.payments.map(paymentLine)}</ol>` : nothing}`;
}

const paymentLine = p => html`<li>${dhakaTime(p.executed_at || p.created_at)} · ${
  money(p.amount_paisa)} · <b>${words(PAYMENT, p.state)}</b>${
  p.trx_id ? html` · TrxID ${p.trx_id}` : nothing}</li>`;
const takaText = paisa => `৳${bn((paisa / 100).toLocaleString('en-IN', { minimumFractionDigits: 2 }))}`;
const draw = () => render(loanView(shown), view);

const collection = new URLSearchParams(location.search).get('collection');
if (collection && !loanId) { // bKash brings the representative back here after a collection's payment
  lookup.hidden = true; view.hidden = false;
  render(note('info', 'সংগ্রহের পেমেন্ট বিকাশে পাঠানো হয়েছে। বিকাশ নিশ্চিত করলে প্রতিটি ঋণে তার কিস্তি '
    + 'জমা হবে এবং আপনার নম্বরে রসিদ এসএমএস যাবে; উপজেলা সমবায় অফিস তালিকায় দেখতে পাবে।',
  "The collection's payment went to bKash. Once bKash confirms it, each loan is credited its instalment "
    + 'and a receipt SMS goes to your number; the upazila cooperative office sees it on its list.',
  'collection-back'), view);
} else if (!/^[0-9a-f]{17}$/.test(loanId)) {
  lookup.hidden = true; view.hidden = false;
  render(note('error', 'লিংকটি সঠিক নয়; এসএমএস-এর লিংকটি আবার খুলুন।',
    'This link is not right; open the link in the SMS again.', 'loan-bad-link'), view);
} else if (phone) load(); else ask();
