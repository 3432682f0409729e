// Pieces the Asrayon loan screens share (loans.js and the modules it loads on demand): the arrears bucket
// badge, a table's cells, and the forms' fields with the reader of typed dates, amounts and counts.
// Officer-only, so kept out of ui.js (which the public pages load).
import { $, ascii, bn, DATE_ERROR, isoDate, qs } from './common.js';
import { takaToPaisa } from './officer-input.js';
import { bil, html, nothing } from './ui.js';

export const FREQUENCY = { monthly: ['মাসিক', 'Monthly'], weekly: ['সাপ্তাহিক', 'Weekly'] };
// What a project does when a borrower misses a deadline (PUT /api/asrayon/projects/{id}/late-policy).
export const LATE_POLICY = {
  accept_and_flag: ['দেরির পেমেন্ট নেওয়া হয়, চিহ্নিত থাকে', 'Late payments accepted and flagged'],
  accept_with_charge: ['দেরির পেমেন্ট নেওয়া হয়, বিলম্ব মাশুলসহ',
    'Late payments accepted with a late charge'],
  refuse_after_deadline: ['বকেয়া থাকলে আগে বকেয়া: তার বেশি নেওয়া হয় না',
    'While in arrears, no more than the overdue amount is taken'],
};

// How far behind a loan is: the API's bucket, with a colour and a shape (colour is never the only cue).
export function bucketClass(b) {
  if (b === 'current') return 'b-current';
  if (String(b).endsWith('+')) return 'b-worst';
  const from = parseInt(b, 10);
  return from <= 30 ? 'b-1' : from <= 60 ? 'b-2' : 'b-3';
}
export const bucketWords = b => (b === 'current' ? ['চলতি', 'Current'] : [`${bn(b)} দিন`, `${b} days`]);
export const bucketBadge = b => html`<span class="badge bucket ${bucketClass(b)}" data-testid="bucket"
 data-bucket=${b}><i aria-hidden="true"></i>${bil(...bucketWords(b))}</span>`;
// Each value in one box: on a phone's card it stays one piece beside its column's name, wrapping if long.
export const cells = columns => columns.map(c => ({ ...c,
  cell: r => html`<span class="v">${c.cell(r)}</span>` }));
// A field with its label, hint and the slot its error is shown in (showErrors in common.js fills it).
export const fieldBox = (id, [b, e], input, { hint = null, req = false } = {}) => html`<div
 class="field"><label
 for=${id}>${bil(b, e)}${req ? html` <span class="req" title="আবশ্যক · required">*</span>` : nothing}</label>
${input}${hint ? html`<p class="hint" id=${`${id}-hint`}>${bil(...hint)}</p>` : nothing}
<p class="field-error" id=${`${id}-error`} data-testid=${`${id}-error`} hidden></p></div>`;
export const text = (id, { type = 'text', mode = nothing, req = false } = {}) => html`<input id=${id}
 type=${type}
 inputmode=${mode} autocomplete="off" aria-required=${req ? 'true' : nothing}
 aria-describedby=${`${id}-error ${id}-hint`}>`;
export const value = (form, id) => $(`#${id}`, form).value.trim();
export const area = (id, req = false) => html`<textarea id=${id} rows="2"
 aria-required=${req ? 'true' : nothing}
 aria-describedby=${`${id}-error ${id}-hint`}></textarea>`;
const TAKA_ERROR = { code: 'bad_amount', message: 'Type the amount in Taka, e.g. 30000 or 30000.50.',
  message_bn: 'টাকার পরিমাণ লিখুন, যেমন ৩০০০০ বা ৩০০০০.৫০।' };
const WHOLE_ERROR = { code: 'bad_number', message: 'Type a whole number, e.g. 12.',
  message_bn: 'পূর্ণ সংখ্যা লিখুন, যেমন ১২।' };
export const INVALID = { code: 'invalid_input', message: 'Some fields are not valid.',
  message_bn: 'কিছু তথ্য সঠিক নয়।' };

// Reads typed dates, amounts and counts as the API takes them; what cannot be read is an error for its field.
export function reader() {
  const bad = [];
  return {
    bad,
    date(field, typed) {
      const v = isoDate(typed);
      if (v === null) bad.push({ field, ...DATE_ERROR });
      return v || undefined;
    },
    taka(field, typed) {
      if (!typed) return undefined;
      const v = takaToPaisa(typed);
      if (v === undefined) bad.push({ field, ...TAKA_ERROR });
      return v;
    },
    whole(field, typed) {
      if (!typed) return undefined;
      const t = ascii(typed).replace(/[,\s]/g, '');
      if (!/^\d{1,4}$/.test(t)) { bad.push({ field, ...WHOLE_ERROR }); return undefined; }
      return Number(t);
    },
  };
}

const REQUIRED = { code: 'required', message: 'Fill this in.', message_bn: 'এটি পূরণ করুন।' };
// An error for each required input left empty (named by its id) that has none yet; ids: API field → input id.
export function requireFilled(form, bad, ids = {}) {
  form.querySelectorAll('[aria-required=true]').forEach(el => {
    const named = bad.some(b => (ids[b.field] || b.field) === el.id);
    if (!el.value.trim() && !named) bad.push({ field: el.id, ...REQUIRED });
  });
}

// Every loan of a project (as of today), page after page: for what needs the whole list (the drafts to
// approve, the collection list). call: the screen's officerCall.
export async function allLoans(call, projectId) {
  let d = null, cursor = '';
  const items = [];
  do {
    const path = `/api/asrayon/projects/${encodeURIComponent(projectId)}/loans`;
    d = await call(`${path}${qs({ limit: 500, cursor })}`);
    items.push(...d.items);
    cursor = d.next_cursor || '';
  } while (cursor);
  return { ...d, items };
}

// A list of an area too large for one answer (defaulters, refunds) comes a part at a time: which part this
// is, and links to the first and the next. `part(cursor)` is the part's hash ('' for the first).
export function areaPartNote(list, nextCursor, cursor, part) {
  if (!nextCursor && !cursor) return nothing;
  return html`<div class="msg info no-print" data-testid=${`${list}-part`}>${
    bil('এই এলাকার ঋণ এক তালিকায় ধরে না: এটি তালিকার একটি অংশ, হিসাবও এই অংশের।',
      "This area's loans do not fit in one list: this is a part of it, and the figures are the part's.")}
<div class="actions">${cursor ? html`<a class="btn secondary" href=${part('')}>${
  bil('প্রথম অংশ', 'First part')}</a>` : nothing}${nextCursor ? html`<a class="btn secondary"
 id=${`${list}-next`} href=${part(nextCursor)}>${bil('পরের অংশ', 'Next part')}</a>` : nothing}</div></div>`;
}
