// The public society page's "request a correction" form (loaded only when opened): the society's
// president or secretary proves who they are with the mobile number the office recorded, and asks
// the upazila office to correct one field. A wrong number answers like an unknown society.
// Drawn with lit-html (ui.js) into the box public.js gives it.
import { $, api, DATE_ERROR, isoDate } from './common.js';
import { bil, errorNote, html, nothing, render } from './ui.js';

// The fields the public may ask about (what it sees of its society, and its committee's phones).
const FIELDS = [
  ['name_bn', 'সমিতির নাম (বাংলায়)', 'Name in Bengali'],
  ['name_en', 'সমিতির নাম (ইংরেজিতে)', 'Name in English'],
  ['address', 'ঠিকানা', 'Address'], ['registration_no', 'নিবন্ধন নম্বর', 'Registration no.'],
  ['registered_on', 'নিবন্ধনের তারিখ', 'Registered on'], ['committee_started_on', 'কমিটি শুরুর তারিখ',
    'Committee started on'], ['last_agm_on', 'সর্বশেষ বার্ষিক সাধারণ সভা', 'Last AGM'],
  ['last_audit_on', 'সর্বশেষ অডিট সম্পন্নের তারিখ', 'Last audit completed'],
  ['last_audit_year', 'সর্বশেষ অডিটকৃত সমবায় বর্ষ', 'Last audited year'],
  ['last_accounts_year', 'সর্বশেষ হিসাব বিবরণীর বর্ষ', 'Last accounts statement year'],
  ['last_rectification_on', 'অডিট সংশোধনী দাখিলের তারিখ', 'Audit rectification filed'],
  ['president_phone', 'সভাপতির মোবাইল', 'President, mobile'], ['secretary_phone', 'সম্পাদকের মোবাইল',
    'Secretary, mobile'], ['facebook_url', 'ফেসবুক পেজ', 'Facebook page'],
];
const DATES = /_on$/;
const NOT_THE_COMMITTEE = { message_bn: 'এই নম্বরটি সমিতির সভাপতি বা সম্পাদকের নম্বর হিসেবে নথিভুক্ত নেই।',
  message: "This number is not recorded as the society's president's or secretary's." };

export function showCorrectionForm(box, s) {
  let isDate = false, busy = false, error = null, sent = null;
  const draw = () => render(sent ? sentNote(sent) : form(), box);

  // A date is typed day first, as the page prints it.
  const form = () => html`<form id="public-correction" class="card" novalidate @submit=${send}>
<h2>${bil('তথ্য সংশোধনের অনুরোধ', 'Request a correction')}</h2>
<p class="hint">${bil(
    'কেবল সমিতির সভাপতি বা সম্পাদক, অফিসে দেওয়া মোবাইল নম্বর দিয়ে। '
    + 'উপজেলা সমবায় দপ্তর যাচাই করে সংশোধন করবে।',
    "For the society's president or secretary, with the mobile number the office has. The upazila office "
    + 'checks and corrects it.')}</p>
<div id="pc-error">${error ? errorNote(error) : nothing}</div>
<div class="field"><label for="pc-phone">${bil('আপনার মোবাইল নম্বর', 'Your mobile number')}</label>
<input id="pc-phone" type="tel" autocomplete="tel" inputmode="tel" required></div>
<div class="field"><label for="pc-field">${bil('কোন তথ্য ভুল', 'Which detail is wrong')}</label>
<select id="pc-field" @change=${ev => { isDate = DATES.test(ev.target.value); draw(); }}>${
  FIELDS.map(([k, b, e]) => html`<option value=${k}>${b} · ${e}</option>`)}</select></div>
<div class="field"><label for="pc-value">${bil('সঠিক তথ্য', 'The correct value')}</label>
<input id="pc-value" required placeholder=${isDate ? 'দিন/মাস/বছর · dd/mm/yyyy' : ''}
 inputmode=${isDate ? 'numeric' : 'text'}></div>
<div class="field"><label for="pc-reason">${bil('কারণ', 'Reason')}</label>
<textarea id="pc-reason" rows="2" required></textarea></div>
<button type="submit" id="pc-send" ?disabled=${busy}>${
  bil('অনুরোধ পাঠান', 'Send the request')}</button></form>`;

  async function send(ev) {
    ev.preventDefault();
    const f = ev.currentTarget, field = $('#pc-field', f).value, typed = $('#pc-value', f).value.trim();
    if (DATES.test(field) && typed && !isoDate(typed)) {
      error = DATE_ERROR; // day first, as the page prints dates
      draw();
      return;
    }
    busy = true; error = null;
    draw();
    try {
      sent = await api(`/api/public/societies/${encodeURIComponent(s.id)}/corrections`, { method: 'POST',
        body: { phone: $('#pc-phone', f).value, field,
          proposed_value: (DATES.test(field) && isoDate(typed)) || typed || null,
          reason: $('#pc-reason', f).value } });
    } catch (e) {
      error = e.status === 404 ? NOT_THE_COMMITTEE : e;
    }
    busy = false;
    draw();
  }
  draw();
}

const sentNote = r => html`<div class="msg ok" role="status" data-testid="public-correction-sent">${bil(
  `অনুরোধ পাঠানো হয়েছে। অনুরোধ নম্বর ${r.id}। সিদ্ধান্ত হলে আপনার মোবাইলে এসএমএস যাবে।`,
  `Request sent: ${r.id}. You will get an SMS when the office decides.`)}</div>`;
