// The forms of the budget area (budgets.js loads this): a new budget file — the society's own user, or the
// UCO on a society's behalf — with the fixed chart of heads, Taka typed and paisa sent, the total computed as
// it is typed, the resolution's date; and the UCO's form that gives a society's president or secretary an
// account. The UCO first picks the society (a central one of the upazila).
import { $, bn, DATE_ERROR, isoDate, qs } from './common.js';
import { financialYear, HEADS, isSociety, JR_THRESHOLD_PAISA } from './budgets.js';
import { takaToPaisa } from './officer-input.js';
import {
  bil, confirmBox, dateField, emptyNote, errorNote, html, loadingNote, money, nothing, render,
} from './ui.js';

const enc = encodeURIComponent;

// ---- the UCO picks a society ------------------------------------------------------------------
function pickSociety(ctx, target, words) {
  let found = null, error = null, q = '';
  const draw = () => ctx.ok() && render(html`${ctx.back('#/budgets/holding')}<h1>${bil(...words)}</h1>
<form class="card" id="budget-society-search" @submit=${search}><div class="field"><label for="budget-q">${
  bil('সমিতি খুঁজুন (নাম বা নিবন্ধন নম্বর)', 'Find the society (name or registration no.)')}</label>
<input id="budget-q" type="search" autocomplete="off" .value=${q}></div>
<button type="submit">${bil('খুঁজুন', 'Search')}</button></form>
${error ? errorNote(error) : found === null ? nothing : !found.length
    ? emptyNote(['কোনো সমিতি পাওয়া যায়নি।', 'No society found.'], 'budget-society-empty')
    : html`<ul class="rows" data-testid="budget-societies">${found.map(s => html`<li class="row"><a
 href="${target}?society=${enc(s.id)}" data-testid="budget-society" data-id=${s.id}><span class="name">${
  s.name_bn}</span> <span class="meta">${bn(s.registration_no)}${s.level === 'central' ? html` · ${
  bil('কেন্দ্রীয়', 'central')}` : nothing}</span></a></li>`)}</ul>`}`, ctx.section);
  async function search(ev) {
    ev.preventDefault();
    q = $('#budget-q', ctx.section).value.trim();
    error = null; found = null;
    render(loadingNote(), ctx.section);
    try {
      const page = await ctx.call(`/api/societies${qs({ q, limit: 30 })}`);
      found = page.items.filter(s => s.level === 'central' || !s.level);
    } catch (e) { if (e.handled) return; error = e; }
    draw();
  }
  draw();
}

// ---- a new file ---------------------------------------------------------------------------------
export function showNewFile(ctx, params) {
  const user = ctx.me.user, societyId = isSociety(user) ? user.society_id : params.get('society');
  document.title = 'নতুন বাজেট নথি · New budget file · Samabay';
  if (!societyId) {
    pickSociety(ctx, '#/budgets/new', ['সমিতির পক্ষে নতুন বাজেট নথি', 'New budget file for a society']);
    return;
  }
  const state = { busy: false, error: null, asking: false, problems: {} };
  const years = [financialYear(), financialYear(1)];
  const draw = () => ctx.ok() && render(html`${ctx.back('#/budgets')}
<h1>${bil('নতুন বাজেট নথি', 'New budget file')}</h1>
<p class="hint">${bil('প্রতিটি খাতের পুরো টাকা একবারে লিখুন (খাত ভাগ করা যায় না)। '
    + 'যে খাতে খরচ নেই, খালি রাখুন।',
    'Write each head\'s whole amount once (a head is never split).'
    + ' Leave the heads with no spending empty.')}</p>
<form class="card" id="budget-form" novalidate @submit=${ev => { ev.preventDefault(); }} @input=${total}>
<div class="field"><label for="budget-fy">${bil('অর্থবছর', 'Financial year')}</label><select id="budget-fy">${
  years.map(y => html`<option value=${y}>${bn(y)} · ${y}</option>`)}</select></div>
<div class="field"><label for="budget-kind">${bil('ধরন', 'Kind')}</label><select id="budget-kind">
<option value="budget">${bil('বাজেট ব্যয় বিবরণী', 'Budget')}</option>
<option value="post_facto">${bil('ব্যয়ভোর মঞ্জুরী (খরচ হয়ে গেছে)',
  'Post-facto sanction (already spent)')}</option>
</select></div>
<fieldset class="heads"><legend>${bil('খাত ও টাকা', 'Heads and Taka')}</legend>
${HEADS.map(([code, b, e]) => html`
<div class="head-row" data-head=${code}><label for="budget-amount-${code}">${bil(b, e)}</label>
<input id="budget-amount-${code}" inputmode="decimal" autocomplete="off" placeholder="টাকা · Tk"
 aria-invalid=${state.problems[code] ? 'true' : 'false'}>
<input id="budget-why-${code}" autocomplete="off" maxlength="500"
 aria-label="${b} — যৌক্তিকতা · justification"
 placeholder="যৌক্তিকতা · justification">
${state.problems[code] ? html`<small class="field-error" role="alert">${
  bil(...state.problems[code])}</small>` : nothing}</div>`)}</fieldset>
<p class="total" data-testid="budget-form-total" id="budget-form-total"></p>
<div class="field"><label for="budget-resolution">${bil('সাধারণ সভার রেজুলেশনের তারিখ',
  'Date of the general meeting\'s resolution')}</label>
${dateField({ id: 'budget-resolution' })}</div>
<div class="field"><label for="budget-email">${bil('সমিতির ই-মেইল (নোটিশের জন্য, ঐচ্ছিক)',
    'The society\'s e-mail (for the notices, optional)')}</label>
<input id="budget-email" type="email" inputmode="email" autocomplete="email" maxlength="254"></div>
${state.error ? errorNote(state.error, null, 'budget-form-error') : nothing}
<button type="button" id="budget-save" ?disabled=${state.busy} @click=${check}>${
  bil('খসড়া সংরক্ষণ করুন', 'Save as draft')}</button>
${state.asking ? confirmBox({ question: ['খসড়াটি সংরক্ষণ করবেন? পরের পাতায় দেখে দাখিল করবেন।',
    'Save the draft? You check it and submit on the next page.'], yes: ['হ্যাঁ, সংরক্ষণ', 'Yes, save'],
  busy: state.busy, testid: 'budget-confirm', yesId: 'budget-yes', onYes: save,
  onNo: () => { state.asking = false; draw(); } }) : nothing}</form>`, ctx.section);
  let body = null;
  function read() {
    const items = [], problems = {};
    for (const [code] of HEADS) {
      const typed = $(`#budget-amount-${code}`, ctx.section).value.trim();
      const why = $(`#budget-why-${code}`, ctx.section).value.trim();
      if (!typed && !why) continue;
      const paisa = takaToPaisa(typed);
      if (!paisa) problems[code] = ['টাকার পরিমাণ লিখুন, যেমন ২৫০০০০', 'Write the amount, e.g. 250000'];
      else if (why.length < 3) problems[code] = ['যৌক্তিকতা লিখুন', 'Write the justification'];
      else items.push({ head: code, amount_paisa: paisa, justification: why });
    }
    return { items, problems };
  }
  function total() {
    const { items } = read(), sum = items.reduce((s, i) => s + i.amount_paisa, 0);
    const over = items.some(i => i.amount_paisa > JR_THRESHOLD_PAISA);
    render(html`${bil('মোট', 'Total')}: <b>${money(sum)}</b>${over ? html`<br><small>${bil(
      'একটি খাত ১০ লাখ টাকার বেশি: সিদ্ধান্ত দেবেন বিভাগীয় যুগ্ম-নিবন্ধক।',
      'A head is over Tk 10 lakh: the division\'s Joint Registrar decides.')}</small>` : nothing}`,
    $('#budget-form-total', ctx.section));
  }
  function check() {
    const { items, problems } = read();
    const resolution = isoDate($('#budget-resolution', ctx.section).value);
    state.problems = problems; state.error = null;
    if (resolution === null) state.error = DATE_ERROR;
    else if (!items.length && !Object.keys(problems).length) {
      state.error = { message: 'Fill at least one head.', message_bn: 'অন্তত একটি খাত পূরণ করুন।' };
    }
    state.asking = !state.error && !Object.keys(problems).length;
    body = { society_id: societyId, financial_year: $('#budget-fy', ctx.section).value,
      kind: $('#budget-kind', ctx.section).value, items, resolution_on: resolution || null,
      email: $('#budget-email', ctx.section).value.trim() || null };
    draw();
  }
  async function save() {
    state.busy = true; draw();
    try {
      const b = await ctx.call('/api/budgets', { method: 'POST', body });
      ctx.flash('খসড়া সংরক্ষিত হয়েছে। দেখে নিয়ে দাখিল করুন।', 'Draft saved. Check it and submit.');
      ctx.go(`#/budgets/f/${enc(b.id)}`);
      return;
    } catch (e) { if (e.handled) return; Object.assign(state, { error: e, asking: false }); }
    state.busy = false; draw();
  }
  draw();
  total();
}

// ---- a society's user account (the UCO) -----------------------------------------------------------
export function showNewUser(ctx, params) {
  const societyId = params.get('society');
  document.title = 'সমিতির ব্যবহারকারী · Society user · Samabay';
  if (!societyId) {
    pickSociety(ctx, '#/budgets/users', ['সমিতির ব্যবহারকারী তৈরি', 'Give a society user an account']);
    return;
  }
  const state = { busy: false, error: null, made: null };
  const field = (id, words, attrs = {}) => html`<div class="field">
<label for=${id}>${bil(...words)}</label><input
 id=${id} autocomplete="off" inputmode=${attrs.inputmode || nothing} autocapitalize="none"></div>`;
  const draw = () => ctx.ok() && render(html`${ctx.back('#/budgets/holding')}
<h1>${bil('সমিতির ব্যবহারকারী তৈরি', 'Give a society user an account')}</h1>
${state.made ? html`<div class="msg ok" role="status" data-testid="budget-user-made"><p>${bil(
    `${state.made.username}-এর অ্যাকাউন্ট তৈরি হয়েছে। অস্থায়ী পাসওয়ার্ড (একবারই দেখানো হচ্ছে):`,
    `The account ${state.made.username} was made. Temporary password (shown once):`)}</p>
<p><code data-testid="budget-user-password">${state.made.temporary_password}</code></p><p>${bil(
    'প্রথম লগইনে তিনি নিজের পাসওয়ার্ড দেবেন।', 'At first login they set their own password.')}</p></div>`
    : html`<form class="card" id="budget-user-form" novalidate @submit=${save}>
${field('su-username', ['ইউজারনেম (ইংরেজি ছোট হাতের)', 'Username (lower case)'])}
${field('su-name', ['নাম (বাংলায়)', 'Name (Bengali)'])}
${field('su-phone', ['মোবাইল নম্বর', 'Mobile number'], { inputmode: 'tel' })}
<div class="field"><label for="su-position">${bil('পদ', 'Position')}</label><select id="su-position">
<option value="secretary">${bil('সম্পাদক', 'Secretary')}</option>
<option value="president">${bil('সভাপতি', 'President')}</option></select></div>
${state.error ? errorNote(state.error, null, 'budget-user-error') : nothing}
<button type="submit" id="su-save" ?disabled=${state.busy}>
${bil('অ্যাকাউন্ট তৈরি করুন', 'Make the account')}</button>
</form>`}`, ctx.section);
  async function save(ev) {
    ev.preventDefault();
    const v = id => $(`#${id}`, ctx.section).value.trim();
    const body = { username: v('su-username'), name_bn: v('su-name'), phone: v('su-phone'),
      position: v('su-position') };
    state.busy = true; state.error = null; draw();
    try {
      state.made = await ctx.call(`/api/societies/${enc(societyId)}/users`, { method: 'POST', body });
    } catch (e) { if (e.handled) return; state.error = e; }
    state.busy = false; draw();
  }
  draw();
}
