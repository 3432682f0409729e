// The public society page's "request a correction" form (loaded only when opened): the society's
// president or secretary proves who they are with the mobile number the office recorded, and asks
// the upazila office to correct one field. A wrong number answers like an unknown society.
import { $, api, bi, DATE_ERROR, errorBox, esc, isoDate } from './common.js';

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

export function showCorrectionForm(box, s) {
  box.innerHTML = `<form id="public-correction" class="card" novalidate>
<h2>${bi('তথ্য সংশোধনের অনুরোধ', 'Request a correction')}</h2>
<p class="hint">${bi(
    'কেবল সমিতির সভাপতি বা সম্পাদক, অফিসে দেওয়া মোবাইল নম্বর দিয়ে। '
    + 'উপজেলা সমবায় দপ্তর যাচাই করে সংশোধন করবে।',
    "For the society's president or secretary, with the mobile number the office has. The upazila office "
    + 'checks and corrects it.')}</p>
<div id="pc-error"></div>
<div class="field"><label for="pc-phone">${bi('আপনার মোবাইল নম্বর', 'Your mobile number')}</label>
<input id="pc-phone" type="tel" autocomplete="tel" inputmode="tel" required></div>
<div class="field"><label for="pc-field">${bi('কোন তথ্য ভুল', 'Which detail is wrong')}</label>
<select id="pc-field">${FIELDS.map(([k, b, e]) => `<option value="${k}">${esc(b)} · ${esc(e)}</option>`)
    .join('')}</select></div>
<div class="field"><label for="pc-value">${bi('সঠিক তথ্য', 'The correct value')}</label>
<input id="pc-value" required></div>
<div class="field"><label for="pc-reason">${bi('কারণ', 'Reason')}</label>
<textarea id="pc-reason" rows="2" required></textarea></div>
<button type="submit" id="pc-send">${bi('অনুরোধ পাঠান', 'Send the request')}</button></form>`;
  const field = $('#pc-field', box), value = $('#pc-value', box);
  // A date is typed day first, as the page prints it.
  field.onchange = () => {
    value.placeholder = DATES.test(field.value) ? 'দিন/মাস/বছর · dd/mm/yyyy' : '';
    value.inputMode = DATES.test(field.value) ? 'numeric' : 'text';
  };
  $('#public-correction', box).onsubmit = async ev => {
    ev.preventDefault();
    const btn = $('#pc-send', box);
    if (DATES.test(field.value) && value.value.trim() && !isoDate(value.value)) {
      $('#pc-error', box).innerHTML = errorBox(DATE_ERROR); // day first, as the page prints dates
      return;
    }
    btn.disabled = true;
    try {
      const r = await api(`/api/public/societies/${encodeURIComponent(s.id)}/corrections`, { method: 'POST',
        body: { phone: $('#pc-phone', box).value, field: field.value,
          proposed_value: (DATES.test(field.value) && isoDate(value.value)) || value.value.trim() || null,
          reason: $('#pc-reason', box).value } });
      box.innerHTML = `<div class="msg ok" role="status" data-testid="public-correction-sent">${bi(
        `অনুরোধ পাঠানো হয়েছে। অনুরোধ নম্বর ${r.id}। সিদ্ধান্ত হলে আপনার মোবাইলে এসএমএস যাবে।`,
        `Request sent: ${r.id}. You will get an SMS when the office decides.`)}</div>`;
    } catch (e) {
      btn.disabled = false;
      $('#pc-error', box).innerHTML = errorBox(e.status === 404 ? { message_bn:
        'এই নম্বরটি সমিতির সভাপতি বা সম্পাদকের নম্বর হিসেবে নথিভুক্ত নেই।',
      message: "This number is not recorded as the society's president's or secretary's." } : e);
    }
  };
}
