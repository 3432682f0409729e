// The buyer's order page (order.html?invoice=…): asks for the phone unless this tab placed the
// order, shows the order's and the payment's status, amounts, bKash trxID and history; while the
// payment is processing it asks again every 3 s (about 2 minutes); a payment that did not go
// through can be tried again; the receipt prints. The order's part (#order-view) is drawn by lit-html.
import { $, api, bn, clearErrors, num, showErrors } from './common.js';
import {
  dhakaTime, fact, label, mobile, named, ORDER_STATUS, PAYMENT_STATUS, PHONE_ERROR, payWithBkash, price,
  qtyText, rememberedPhone, rememberPhone,
} from './market-ui.js';
import { bil, errorNote, html, loadingNote, nothing, render } from './ui.js';

const POLL_MS = 3000, MAX_POLLS = 40;
const INVOICE = /^[A-Z0-9-]{6,40}$/;
const lookup = $('#lookup'), view = $('#order-view'), form = $('#lookup-form'), box = $('#lookup-error');
const params = new URLSearchParams(location.search);
const returned = params.get('status') || ''; // bKash's outcome, when the callback passes it on
let invoice = (params.get('invoice') || '').trim().toUpperCase();
let phone = invoice ? rememberedPhone(invoice) : '';
let timer = null, polls = 0, seq = 0;

function ask(err) {
  clearTimeout(timer);
  lookup.hidden = false; view.hidden = true;
  $('#lookup-invoice').value = invoice;
  $('#lookup-phone').value = phone ? bn(phone) : '';
  clearErrors(form, box);
  if (err) {
    showErrors(form, box, err, {}, code => (/phone/.test(code || '') ? 'lookup-phone'
      : /invoice|order|not_found/.test(code || '') ? 'lookup-invoice' : null));
  }
  (invoice ? $('#lookup-phone') : $('#lookup-invoice')).focus();
}

form.onsubmit = ev => {
  ev.preventDefault();
  clearErrors(form, box);
  const inv = $('#lookup-invoice').value.trim().toUpperCase(), ph = mobile($('#lookup-phone').value);
  const bad = [];
  if (!INVOICE.test(inv)) {
    bad.push({ field: 'invoice', message: 'Write the invoice number, e.g. SB123456ABCDEF.',
      message_bn: 'ইনভয়েস নম্বর লিখুন, যেমন SB123456ABCDEF।' });
  }
  if (!ph) bad.push({ field: 'phone', ...PHONE_ERROR });
  if (bad.length) {
    const err = { message: 'Some fields need a look.', message_bn: 'কিছু তথ্য ঠিক করুন।', details: bad };
    showErrors(form, box, err, { invoice: 'lookup-invoice', phone: 'lookup-phone' });
    return;
  }
  invoice = inv; phone = ph; polls = 0;
  history.replaceState(null, '', `${location.pathname}?invoice=${encodeURIComponent(inv)}`);
  load();
};

async function load(quiet = false) {
  clearTimeout(timer);
  const my = ++seq;
  if (!quiet) {
    lookup.hidden = true; view.hidden = false;
    render(loadingNote(), view);
  }
  let o;
  try {
    o = await api(`/api/public/orders/${encodeURIComponent(invoice)}?phone=${encodeURIComponent(phone)}`);
  } catch (e) {
    if (my !== seq) return;
    if (e.status >= 400 && e.status < 500 && e.status !== 429) { // wrong invoice or phone: ask again
      ask(e);
      phone = '';
      return;
    }
    if (quiet) { // a lost answer while polling: keep asking, the order is safe
      polls++;
      if (polls < MAX_POLLS) timer = setTimeout(() => load(true), POLL_MS); else show(null, e);
      return;
    }
    render(errorNote(e, () => load()), view);
    return;
  }
  if (my !== seq) return;
  rememberPhone(invoice, phone);
  show(o);
}

// Still waiting for bKash: the payment is processing, or the buyer just came back from bKash.
const waiting = o => o.payment_status === 'pending'
  || (returned === 'success' && o.status === 'awaiting_payment' && o.payment_status === 'none');
const canPay = o => o.status === 'awaiting_payment'
  && !['pending', 'completed', 'needs_review', 'refunded'].includes(o.payment_status);

// The order on show: the last answer, whether it is still asked for, the error of a lost poll;
// and "pay again": under way, and what it says in place of the order's message.
const shown = { o: null, poll: false, pollError: null, paying: false, payNote: null };
const drawOrder = () => render(orderView(shown), view);

function show(o, pollError) {
  o = o || shown.o;
  const poll = waiting(o) && polls < MAX_POLLS;
  Object.assign(shown, { o, poll, pollError, paying: false, payNote: null });
  document.title = `${o.invoice_no} · ${label(ORDER_STATUS, o.status)[0]} · সমবায় পণ্য বিক্রয় কেন্দ্র`;
  drawOrder();
  if (poll) {
    polls++;
    timer = setTimeout(() => load(true), POLL_MS);
  }
}

async function payAgain() {
  Object.assign(shown, { paying: true, payNote: html`<p class="msg info" role="status">${
    bil('বিকাশের পাতায় নিয়ে যাওয়া হচ্ছে…', 'Taking you to bKash…')}</p>` });
  drawOrder();
  try { await payWithBkash(invoice, phone); } catch (e) {
    Object.assign(shown, { paying: false, payNote: errorNote(e) });
    drawOrder();
  }
}

function orderView({ o, poll, pollError, paying, payNote }) {
  // "Paid" once: the payment's own status only where it says more than the order's.
  const samePaid = o.status === 'paid' && o.payment_status === 'completed';
  return html`<article class="receipt card" id="receipt" data-testid="receipt"
 data-payment-status=${o.payment_status}>
<h1>${bil('ইনভয়েস', 'Invoice')} <span id="invoice-no" data-testid="invoice-no" class="nowrap">${
    o.invoice_no}</span></h1>
<p class="status-line"><span class="pill s-${o.status}" id="order-status" data-testid="order-status"
 data-status=${o.status}>${named(ORDER_STATUS, o.status)}</span>
${samePaid ? nothing : html`<span class="pill p-${o.payment_status}" id="payment-status"
 data-testid="payment-status" data-status=${o.payment_status}>${bil('পেমেন্ট', 'Payment')}: ${
  named(PAYMENT_STATUS, o.payment_status)}</span>`}</p>
<div id="order-message" data-testid="order-message" aria-live="polite">${
  payNote || message(o, poll, pollError)}</div>
<dl class="facts">${orderFacts(o)}</dl>
${historyList(o.history)}
</article>
<div class="actions no-print">
${canPay(o) ? html`<button type="button" id="pay-again" data-testid="pay-again" ?disabled=${paying}
 @click=${payAgain}>${bil('বিকাশে আবার পরিশোধ করুন', 'Pay with bKash again')}</button>` : nothing}
${poll ? nothing : html`<button type="button" class="secondary" id="order-refresh"
 @click=${() => { polls = 0; load(); }}>${bil('হালনাগাদ', 'Refresh')}</button>`}
<button type="button" class="secondary" id="print-receipt" @click=${() => window.print()}>${
  bil('রসিদ প্রিন্ট করুন', 'Print receipt')}</button>
<a class="btn secondary" href="market.html">${bil('আরও পণ্য দেখুন', 'More products')}</a>
</div>
<p class="no-print"><a href="order.html" id="other-order">${
  bil('অন্য অর্ডার দেখুন', 'Look up another order')}</a></p>`;
}

const orderFacts = o => [
  fact(['পণ্য', 'Product'], html`<a href=${`market.html?product=${encodeURIComponent(o.product_id)}`}>${
    o.product_name_bn}</a>${o.product_name_en ? html`<br><small lang="en">${o.product_name_en}</small>`
    : nothing}`),
  fact(['সমিতি', 'Society'], o.society_name_bn),
  fact(['ক্রেতা', 'Buyer'], o.buyer_name),
  fact(['সরবরাহের ঠিকানা', 'Delivery address'], o.delivery_address),
  fact(['পরিমাণ', 'Quantity'], o.unit ? qtyText(o.quantity, o.unit)
    : bil(num(o.quantity), String(o.quantity))),
  fact(['একক দাম', 'Unit price'], price(o.unit_price_paisa, o.unit)),
  fact(['মোট টাকা', 'Amount'], html`<b id="order-amount" data-testid="order-amount">${
    price(o.amount_paisa)}</b>`),
  fact(['অর্ডারের সময়', 'Ordered at'], dhakaTime(o.created_at)),
  o.status === 'awaiting_payment' ? fact(['পরিশোধের শেষ সময়', 'Pay before'], dhakaTime(o.expires_at))
    : nothing,
  fact(['পরিশোধের সময়', 'Paid at'], o.paid_at ? dhakaTime(o.paid_at) : ''),
  fact(['বিকাশ ট্রানজেকশন আইডি', 'bKash trxID'], o.trx_id ? html`<span id="trx-id" data-testid="trx-id">${
    o.trx_id}</span>` : ''),
];

const note = (cls, b, e, id = nothing) => html`<p class="msg ${cls}" id=${id} role="status">${bil(b, e)}</p>`;

function message(o, poll, pollError) {
  if (poll) {
    return note('info processing', 'পেমেন্ট প্রক্রিয়াধীন। এই পাতা নিজে থেকেই হালনাগাদ হবে, অপেক্ষা করুন…',
      'Your payment is being processed. This page updates by itself, please wait…', 'order-processing');
  }
  if (waiting(o)) {
    return html`${pollError ? errorNote(pollError) : nothing}${note('info',
      'পেমেন্ট এখনও প্রক্রিয়াধীন। টাকা কাটা হয়ে থাকলে তা হারাবে না; কিছুক্ষণ পরে "হালনাগাদ" চাপুন।',
      'The payment is still processing. If money was taken it is not lost; press "Refresh" in a while.',
      'order-still-processing')}`;
  }
  const ps = o.payment_status;
  if (o.status === 'expired') {
    return note('error',
      'নির্ধারিত সময়ে টাকা পরিশোধ না হওয়ায় অর্ডারটি বাতিল হয়েছে। চাইলে আবার অর্ডার দিন।',
      'The order expired unpaid. You can order again.');
  }
  if (o.status === 'cancelled') {
    return ps === 'refunded'
      ? note('info', 'অর্ডারটি বাতিল হয়েছে; টাকা আপনার বিকাশ নম্বরে ফেরত দেওয়া হয়েছে।',
        'The order was cancelled; the money was refunded to your bKash number.')
      : note('info', 'অর্ডারটি বাতিল হয়েছে; টাকা আপনার বিকাশ নম্বরে ফেরত যাবে।',
        'The order was cancelled; the money goes back to your bKash number.');
  }
  if (ps === 'needs_review') {
    return note('info', 'আপনার পেমেন্ট যাচাই করা হচ্ছে। টাকা হারাবে না; সমবায় দপ্তর দেখছে।',
      'Your payment is being checked. The money is not lost; the cooperative office is looking at it.');
  }
  if (o.status === 'awaiting_payment') {
    if (ps === 'failed' || ps === 'cancelled' || returned === 'failure' || returned === 'cancel') {
      return note('error', 'পেমেন্ট সম্পন্ন হয়নি। নিচের বোতাম চেপে আবার চেষ্টা করুন।',
        'The payment did not go through. Press the button below to try again.', 'payment-failed');
    }
    return note('info', 'অর্ডার হয়েছে, এখন বিকাশে টাকা পরিশোধ করুন।',
      'The order is placed; now pay with bKash.', 'payment-due');
  }
  if (o.status === 'delivered') return note('ok', 'পণ্য পৌঁছে গেছে। ধন্যবাদ!', 'Delivered. Thank you!');
  return note('ok', 'ধন্যবাদ! টাকা পাওয়া গেছে। সমিতি অর্ডারটি প্রস্তুত করে পাঠাবে।',
    'Thank you! The payment is received. The society will prepare and send the order.', 'payment-done');
}

function historyList(items) {
  if (!items || !items.length) return nothing;
  return html`<h2>${bil('অর্ডারের ইতিহাস', 'History')}</h2><ol class="log" data-testid="order-history">${
    items.map(h => html`<li>${dhakaTime(h.at)} · <b>${named(ORDER_STATUS, h.status)}</b>${
      h.note ? html`<br><small>${h.note}</small>` : nothing}</li>`)}</ol>`;
}

if (invoice && phone) load(); else ask();
