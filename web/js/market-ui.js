// The market's pieces written once, for the sales page (market.js), the order page (order.js) and
// the officers' sales centre (market-officer.js): categories, units, statuses, prices, quantities,
// times, form fields, phone numbers, and starting a bKash payment. lit-html templates (ui.js).
import { api, ascii, bn, num, whenEn } from './common.js';
import { bil, html, nothing } from './ui.js';

export const CATEGORIES = {
  food: ['খাদ্যপণ্য', 'Food'], dairy: ['দুগ্ধজাত', 'Dairy'], fish: ['মাছ', 'Fish'],
  agriculture: ['কৃষিপণ্য', 'Agricultural produce'], handicraft: ['হস্তশিল্প', 'Handicraft'],
  textile: ['বস্ত্র ও তাঁত', 'Textiles'], other: ['অন্যান্য', 'Other'],
};
export const UNITS = {
  kg: ['কেজি', 'kg'], litre: ['লিটার', 'litre'], piece: ['পিস', 'piece'], dozen: ['ডজন', 'dozen'],
  packet: ['প্যাকেট', 'packet'], metre: ['মিটার', 'metre'],
};
export const ORDER_STATUS = {
  awaiting_payment: ['পেমেন্টের অপেক্ষায়', 'Awaiting payment'], paid: ['টাকা পরিশোধিত', 'Paid'],
  confirmed: ['সমিতি নিশ্চিত করেছে', 'Confirmed'], dispatched: ['পাঠানো হয়েছে', 'Dispatched'],
  delivered: ['পৌঁছে গেছে', 'Delivered'], cancelled: ['বাতিল', 'Cancelled'],
  expired: ['সময় পেরিয়ে বাতিল', 'Expired'],
};
export const PAYMENT_STATUS = {
  none: ['এখনও পরিশোধ হয়নি', 'Not paid yet'], pending: ['প্রক্রিয়াধীন', 'Processing'],
  completed: ['পরিশোধিত', 'Paid'], failed: ['ব্যর্থ', 'Failed'], cancelled: ['বাতিল', 'Cancelled'],
  refunded: ['টাকা ফেরত দেওয়া হয়েছে', 'Refunded'], needs_review: ['যাচাই চলছে', 'Under review'],
  expired: ['সময় শেষ', 'Expired'], created: ['শুরু হয়েছে', 'Started'],
};
// [Bengali, English] of a key in one of the tables above (the key itself when the table lacks it).
export const label = (table, key) => table[key] || [key || '—', key || '—'];
export const named = (table, key) => bil(...label(table, key));

// Paisa as a price tag: ৳১,২৩,৪৫৬.৫০ / Tk 1,23,456.50 (lakh grouping; paise only when there are
// any), the form the static product pages use too. A ledger's amount is ui.js's money().
const split = p => { const n = Math.abs(Math.round(Number(p) || 0)); return [Math.floor(n / 100), n % 100]; };
const paise = f => (f ? `.${String(f).padStart(2, '0')}` : '');
export const priceBn = p => { const [w, f] = split(p); return `৳${num(w)}${bn(paise(f))}`; };
export const priceEn = p => { const [w, f] = split(p); return `Tk ${w.toLocaleString('en-IN')}${paise(f)}`; };
// A price, of one unit when unit is given: "৳৮৫০ / কেজি".
export function price(paisa, unit) {
  if (!unit) return bil(priceBn(paisa), priceEn(paisa));
  const [b, e] = label(UNITS, unit);
  return bil(`${priceBn(paisa)} / ${b}`, `${priceEn(paisa)} / ${e}`);
}
export const qtyText = (n, unit) => {
  const [b, e] = label(UNITS, unit);
  return bil(`${num(n)} ${b}`, `${n} ${e}`);
};

// A moment as Dhaka's clock reads it, Bengali digits first.
export const dhakaTime = at => (!at || Number.isNaN(Date.parse(at)) ? at || '—'
  : bil(bn(whenEn(at)), whenEn(at)));

// A form field: its label, input, hint, and the empty line showErrors() (common.js) draws an error in.
export const fieldBox = (id, words, input, hint = nothing) => html`<div class="field">
<label for=${id}>${bil(...words)}</label>${input}${hint === nothing ? nothing
  : html`<p class="hint" id=${`${id}-hint`}>${hint}</p>`}
<p class="field-error" id=${`${id}-error`} data-testid=${`${id}-error`} hidden></p></div>`;
// The options of a select over a table of [Bengali, English] names, after a first empty choice.
export const options = (table, value, first) => html`<option value="">${first}</option>${Object.entries(table)
  .map(([k, [b, e]]) => html`<option value=${k} ?selected=${k === value}>${b} · ${e}</option>`)}`;
// One line of a list of facts (<dl class="facts">), left out when there is no value.
export const fact = (words, value) => (value ? html`<dt>${bil(...words)}</dt><dd>${value}</dd>` : nothing);

// A Bangladeshi mobile number as people type it (Bengali digits, +88, dashes) → 01XXXXXXXXX, or null.
export function mobile(raw) {
  const t = ascii(raw).replace(/[\s\-().]/g, '').replace(/^(?:\+?88|0088)(?=01)/, '');
  return /^01[3-9]\d{8}$/.test(t) ? t : null;
}
export const PHONE_ERROR = { message: 'Give a Bangladeshi mobile number (01XXXXXXXXX).',
  message_bn: 'সঠিক মোবাইল নম্বর দিন (০১XXXXXXXXX)।' };

// Only web addresses are linked (never javascript: or data:).
export const webUrl = u => (/^https?:\/\/[^\s<>"']+$/i.test(String(u || '')) ? String(u) : '');

// The buyer's phone for an invoice, kept for this tab only (the order page asks for it otherwise).
const orderKey = inv => `samabay.order.${inv}`;
export function rememberPhone(invoice, phone) {
  try { sessionStorage.setItem(orderKey(invoice), phone); } catch (_) { /* private mode */ }
}
export function rememberedPhone(invoice) {
  try { return sessionStorage.getItem(orderKey(invoice)) || ''; } catch (_) { return ''; }
}

// Start the bKash payment of an order and go to bKash's page.
export async function payWithBkash(invoice, phone) {
  const d = await api(`/api/public/orders/${encodeURIComponent(invoice)}/pay`,
    { method: 'POST', body: { buyer_phone: phone } });
  const url = webUrl(d.bkash_url);
  if (!url) throw Object.assign(new Error('no bKash URL'), { message_bn: 'বিকাশের ঠিকানা পাওয়া যায়নি।' });
  location.href = url;
  return d;
}
