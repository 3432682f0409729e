// The add / edit form of a society (upazila officers). The server checks every field; its
// errors show next to the field, in Bengali and English.
import {
  $, areaName, bn, clearErrors, date, DATE_ERROR, dateEn, isoDate, KINDS, rules, showErrors,
} from './common.js';
import { paisaToTaka, takaToPaisa } from './officer-input.js';
import { bil, dateField, errorNote, html, loadingNote, money, nothing, render } from './ui.js';

const PHONE_HINT = ['যেমন ০১৭১২৩৪৫৬৭৮', 'e.g. 01712345678'];
// Every field of the form, named exactly like the API's fields:
// [name, Bengali label, English label, input kind, required, [hint bn, hint en]]
export const FIELDS = [
  ['registration_no', 'নিবন্ধন নম্বর', 'Registration no.', 'text', 1,
    ['যেমন JHE-19-101 (জেলায় অনন্য)', 'e.g. JHE-19-101, unique in the district']],
  ['registered_on', 'নিবন্ধনের তারিখ', 'Registered on', 'date', 1],
  ['name_bn', 'সমিতির নাম (বাংলায়)', 'Name in Bengali', 'text', 1],
  ['name_en', 'সমিতির নাম (ইংরেজিতে)', 'Name in English', 'text', 0],
  ['address', 'ঠিকানা', 'Address', 'textarea', 1],
  ['upazila_code', 'উপজেলা', 'Upazila', 'upazila', 1],
  ['committee_kind', 'কমিটির ধরন', 'Committee kind', 'kind', 1],
  ['committee_started_on', 'কমিটি শুরুর তারিখ (নির্বাচন / অন্তর্বর্তী কমিটি / নিবন্ধন)',
    'Committee started on (election / interim / registration)', 'date', 1],
  ['term_ends_on', 'মেয়াদ শেষের তারিখ (ঐচ্ছিক)', 'Term ends on (optional)', 'date', 0],
  ['last_agm_on', 'সর্বশেষ বার্ষিক সাধারণ সভার তারিখ', 'Last AGM on', 'date', 0],
  ['last_audit_year', 'সর্বশেষ অডিটকৃত সমবায় বর্ষ', 'Last audited cooperative year', 'text', 0,
    ['যেমন ২০২৪-২০২৫', 'e.g. 2024-2025']],
  ['last_audit_on', 'সর্বশেষ অডিট সম্পন্নের তারিখ', 'Last audit completed on', 'date', 0],
  ['last_rectification_on', 'অডিট সংশোধনী দাখিলের তারিখ', 'Audit rectification report filed on', 'date', 0],
  ['last_accounts_year', 'সর্বশেষ হিসাব বিবরণী দাখিলের বর্ষ', 'Last accounts statement filed for', 'text', 0,
    ['যেমন ২০২৪-২০২৫', 'e.g. 2024-2025']],
  ['paid_up_share_capital_paisa', 'পরিশোধিত শেয়ার মূলধন (টাকা)', 'Paid-up share capital (Taka)', 'taka', 0,
    ['যেমন ২৫০০০০ বা ২৫০০০০.৫০', 'e.g. 250000 or 250000.50']],
  ['officer_phone', 'দায়িত্বপ্রাপ্ত কর্মকর্তার মোবাইল', 'Officer in charge, mobile', 'tel', 0,
    ['খালি রাখলে অফিসের ফোন নম্বর ব্যবহার হবে', "Leave empty to use the office's phone"]],
  ['president_phone', 'সভাপতির মোবাইল', 'President, mobile', 'tel', 0, PHONE_HINT],
  ['secretary_phone', 'সম্পাদকের মোবাইল', 'Secretary, mobile', 'tel', 0, PHONE_HINT],
  ['facebook_url', 'ফেসবুক পেজ', 'Facebook page', 'url', 0,
    ['https://facebook.com/ দিয়ে শুরু', 'starts with https://facebook.com/']],
];
export const LABEL = Object.fromEntries(FIELDS.map(f => [f[0], [f[1], f[2]]]));
const GROUPS = {
  registration_no: ['সমিতি', 'Society'], committee_kind: ['কমিটি', 'Committee'],
  last_agm_on: ['সভা, অডিট ও হিসাব', 'Meetings, audit and accounts'],
  officer_phone: ['মোবাইল ও যোগাযোগ', 'Phones and contact'],
};
// Errors about two fields at once are shown next to the one to fix.
const CODE_FIELD = {
  term_end_before_start: 'term_ends_on', committee_before_registration: 'committee_started_on',
  duplicate_registration_no: 'registration_no',
};
const ISO = /^\d{4}-\d\d-\d\d$/;

// One value of the audit trail, as people read it.
export function shown(name, v) {
  if (v === null || v === undefined || v === '') return '—';
  if (name === 'paid_up_share_capital_paisa') return money(v);
  if (/_phone$/.test(name)) return bn(String(v).replace(/^\+88/, ''));
  return ISO.test(v) ? date(v) : /^\d{4}-\d{4}$/.test(v) ? bn(v) : v;
}

function input(f, v, s, user) {
  const [name, , , kind, req] = f;
  const id = `in-${name}`, described = `${id}-error hint-${name}`, required = req ? 'true' : nothing;
  if (kind === 'textarea') {
    return html`<textarea id=${id} name=${name} aria-required=${required} aria-describedby=${described}
 rows="2" .value=${v}></textarea>`;
  }
  if (kind === 'kind') {
    return html`<select id=${id} name=${name} aria-required=${required} aria-describedby=${described}>
<option value="">— বেছে নিন · Choose —</option>${Object.entries(KINDS).map(([k, t]) => html`<option
 value=${k} ?selected=${k === v}>${t[0]} · ${t[1]}</option>`)}</select>`;
  }
  if (kind === 'upazila') {
    const up = s ? (s.area || [])[2] : (user.office.lineage || [])[2];
    return html`<select id=${id} name=${name} aria-required=${required} aria-describedby=${described}>${
      up ? html`<option value=${up.code} selected>${areaName(up)}</option>`
        : html`<option value="">—</option>`
    }</select>`;
  }
  if (kind === 'date') return dateField({ id, name, value: v, describedby: described, required: req });
  const type = { tel: 'tel', url: 'url' }[kind] || 'text';
  const mode = { tel: 'tel', taka: 'decimal' }[kind] || nothing;
  return html`<input id=${id} name=${name} aria-required=${required} aria-describedby=${described}
 type=${type} inputmode=${mode} autocomplete=${mode === nothing ? nothing : 'off'}
 value=${kind === 'taka' ? paisaToTaka(v) : v}>`;
}

function field(f, s, user) {
  const [name, b, e, , req, hint] = f, group = GROUPS[name];
  return html`${group ? html`<h2 class="group">${bil(...group)}</h2>` : nothing}<div class="field"
 id="field-${name}"><label for="in-${name}">${bil(b, e)}${req
    ? html` <span class="req" title="আবশ্যক · required">*</span>` : nothing}</label>
${input(f, s ? s[name] ?? '' : '', s, user)}
<p class="hint" id="hint-${name}">${hint ? bil(...hint) : nothing}</p>${name === 'term_ends_on'
    ? html`<p class="hint" id="term-preview" aria-live="polite"></p>` : nothing}
<p class="field-error" id="in-${name}-error" data-testid="error-${name}" hidden></p></div>`;
}

// app: {call, user, canWrite, flash, saved(society, isNew), page, backLink}
export async function showForm(app, id) {
  const page = app.page;
  let s = null;
  if (id) {
    render(html`${app.backLink()}${loadingNote()}`, page);
    try { s = await app.call(`/api/societies/${encodeURIComponent(id)}`); } catch (e) {
      if (!e.handled) render(html`${app.backLink()}${errorNote(e)}`, page);
      return;
    }
  }
  const title = s ? ['সমিতির তথ্য সম্পাদনা', 'Edit society'] : ['নতুন সমিতি যোগ করুন', 'Add a society'];
  document.title = `${title[0]} · ${title[1]}`;
  if (!s && !app.canWrite()) {
    render(html`${app.backLink()}<h1>${bil(...title)}</h1><div class="msg info">${
      bil('নতুন সমিতি কেবল সংশ্লিষ্ট উপজেলা সমবায় অফিস যোগ করতে পারে।',
        'Only the upazila cooperative office adds societies.')}</div>`, page);
    return;
  }
  const back = s ? `#/society/${encodeURIComponent(s.id)}` : '#/';
  const submit = e => { e.preventDefault(); save(app, e.currentTarget, s); };
  render(html`<p class="crumbs no-print"><a href=${back}>← ${bil('ফিরে যান', 'Back')}</a></p>
<h1>${bil(...title)}${s ? html`<small>${s.name_bn}</small>` : nothing}</h1>
<p class="hint"><small>${bil('* চিহ্নিত ঘর আবশ্যক। মোবাইল নম্বর বাংলা বা ইংরেজি অঙ্কে লেখা যাবে।',
    '* marks required fields. Mobile numbers may be typed in Bengali or English digits.')}</small></p>
<form id="society-form" class="card" novalidate @submit=${submit} @input=${e => termPreview(e.currentTarget)}>
<div id="form-error" data-testid="form-error" role="alert" tabindex="-1" hidden></div>
<p class="msg error" id="form-stale" hidden><a href="#/edit/${s ? encodeURIComponent(s.id) : ''}"
 id="reload-form" @click=${() => setTimeout(() => dispatchEvent(new HashChangeEvent('hashchange')))}>${
  bil('আবার লোড করুন', 'Reload')}</a></p>
${FIELDS.map(f => field(f, s, app.user()))}
<div class="actions"><button type="submit" id="save-society">${bil('সংরক্ষণ করুন', 'Save')}</button>
<a class="btn secondary" href=${back}>${bil('বাতিল', 'Cancel')}</a></div>
</form>`, page);
  termPreview($('#society-form'));
}

// A hint only: the server works out the real term end from its configured rules.
async function termPreview(form) {
  const out = $('#term-preview'), hint = $('#hint-term_ends_on');
  let r;
  try { r = await rules(); } catch (_) { return; }
  const years = r.elected_term_years, days = r.interim_term_days;
  render(bil(`খালি রাখলে নির্বাচিত কমিটি ${bn(years)} বছর, অন্তর্বর্তী ${bn(days)} দিন`,
    `Leave empty: elected committee ${years} years, interim ${days} days`), hint);
  const kind = form.committee_kind.value, start = isoDate(form.committee_started_on.value);
  if (form.term_ends_on.value || !kind || !start) { render(nothing, out); return; }
  const d = new Date(`${start}T00:00:00Z`);
  if (kind === 'interim') d.setUTCDate(d.getUTCDate() + days);
  else {
    const m = d.getUTCMonth();
    d.setUTCFullYear(d.getUTCFullYear() + years);
    if (d.getUTCMonth() !== m) d.setUTCDate(0); // 29 February → 28 February
  }
  const iso = d.toISOString().slice(0, 10);
  render(bil(`আনুমানিক মেয়াদ শেষ: ${date(iso)}`, `Estimated term end: ${dateEn(iso)}`), out);
}

async function save(app, form, s) {
  const btn = $('#save-society');
  clearErrors(form, $('#form-error'));
  $('#form-stale').hidden = true;
  const body = {}, bad = [];
  for (const [name, , , kind] of FIELDS) {
    let v = (form.elements[name].value || '').trim();
    if (kind === 'date' && v !== '') {
      v = isoDate(v);
      if (!v) { bad.push({ field: name, ...DATE_ERROR }); continue; }
    }
    if (kind === 'taka' && v !== '') {
      v = takaToPaisa(v);
      if (v === undefined) {
        bad.push({ field: name, message: 'Type the amount in Taka, e.g. 250000 or 250000.50.',
          message_bn: 'টাকার অঙ্ক সংখ্যায় লিখুন, যেমন ২৫০০০০ বা ২৫০০০০.৫০।' });
        continue;
      }
    }
    if (!s) { if (v !== '') body[name] = v; } else if (String(v) !== String(s[name] ?? '')) {
      body[name] = v === '' ? null : v;
    }
  }
  if (bad.length) {
    const e = { message: 'Some fields are not valid.', message_bn: 'কিছু তথ্য সঠিক নয়।', details: bad };
    showFormErrors(form, e, s);
    return;
  }
  if (s && !Object.keys(body).length) {
    app.flash('info', 'কোনো পরিবর্তন নেই।', 'Nothing changed.');
    location.hash = `#/society/${s.id}`;
    return;
  }
  if (s) body.version = s.version;
  btn.disabled = true;
  try {
    const saved = await app.call(s ? `/api/societies/${encodeURIComponent(s.id)}` : '/api/societies',
      { method: s ? 'PATCH' : 'POST', body });
    if (s) {
      app.saved(null);
      app.flash('ok', 'পরিবর্তন সংরক্ষিত হয়েছে।', 'Changes saved.');
      location.hash = `#/society/${saved.id}`;
    } else {
      app.saved(saved);
      app.flash('ok', `"${saved.name_bn}" যোগ করা হয়েছে।`, 'The society was added.');
      location.hash = '#/';
    }
  } catch (e) {
    if (!e.handled) showFormErrors(form, e, s);
  } finally { btn.disabled = false; }
}

const FIELD_INPUTS = Object.fromEntries(FIELDS.map(f => [f[0], `in-${f[0]}`]));
function showFormErrors(form, e, s) {
  showErrors(form, $('#form-error'), e, FIELD_INPUTS,
    code => (CODE_FIELD[code] ? `in-${CODE_FIELD[code]}` : null));
  $('#form-stale').hidden = !(e.code === 'stale_version' && s); // someone saved meanwhile: load it again
}
