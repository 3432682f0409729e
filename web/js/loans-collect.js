// The representative's collection list (#/loans/project/<id>/collect), loaded by loans.js: the project's
// upazila office picks borrowers of the project and what each pays, with the society representative's bKash
// number; the API makes one bKash payment for the total and, once bKash confirms it, credits each loan its
// own line. What a loan is overdue is filled in; an amount can be changed (from Tk 1 to what is outstanding,
// which the API checks). Asks before making the payment.
import { $, bn, clearErrors, num, showErrors, takaWords } from './common.js';
import { allLoans, bucketBadge, fieldBox, INVALID, reader, text, value } from './loans-parts.js';
import { paisaToTaka } from './officer-input.js';
import { bil, confirmBox, emptyNote, errorNote, html, loadingNote, money, nothing, render } from './ui.js';

const enc = encodeURIComponent;
const MAX_LINES = 40; // the API's limit for one payment (domain/loan_collections.py)
const IDS = { payer_phone: 'cp-phone', lines: 'cp-phone' };
const CODES = { invalid_phone: 'cp-phone' };

export async function showCollection(ctx, projectId) {
  const toProject = ctx.back(`#/loans/project/${enc(projectId)}`, ['প্রকল্পের ঋণ', "The project's loans"]);
  document.title = 'প্রতিনিধির সংগ্রহ · Collection list · Samabay';
  render(html`${toProject}${loadingNote()}`, ctx.body);
  let d;
  try { d = await allLoans(ctx.call, projectId); } catch (e) {
    const again = () => ctx.go(location.hash);
    if (!e.handled && ctx.ok()) render(html`${toProject}${errorNote(e, again)}`, ctx.body);
    return;
  }
  if (!ctx.ok()) return;
  const p = d.project;
  ctx.projects.set(p.id, p);
  if (!ctx.writesFor(p)) {
    render(html`${toProject}<div class="msg info">${bil('প্রতিনিধির সংগ্রহ তালিকা কেবল প্রকল্পের উপজেলা অফিস '
      + 'তৈরি করে।', "Only the project's upazila office makes a collection list.")}</div>`, ctx.body);
    return;
  }
  const loans = d.items.filter(l => l.state === 'approved' && l.outstanding_paisa > 0);
  const picked = new Map(loans.filter(l => l.overdue_paisa > 0).slice(0, MAX_LINES)
    .map(l => [l.id, l.overdue_paisa]));
  // each amount as the officer wrote it (drawn again as written, so a typing slip is not lost)
  const typed = new Map([...picked].map(([id, paisa]) => [id, paisaToTaka(paisa)]));
  let asking = null, busy = false, made = null;

  const draw = () => ctx.ok() && render(html`${toProject}<h2>${bil('প্রতিনিধির সংগ্রহ তালিকা',
    "Representative's collection list")} <small>${p.name_bn}</small></h2>
<p class="hint">${bil('সমিতির প্রতিনিধি একবার বিকাশে পরিশোধ করেন; প্রতিটি ঋণে তার নিজের অংশ জমা হয়। '
    + `এক পেমেন্টে সর্বোচ্চ ${num(MAX_LINES)} জন।`, 'The representative pays once with bKash; each loan is '
    + `credited its own line. At most ${MAX_LINES} borrowers in one payment.`)}</p>
${made ? madeView(made) : loans.length ? formView() : emptyNote(['এই প্রকল্পে পরিশোধযোগ্য কোনো ঋণ নেই',
    'No loan of this project has anything outstanding'], 'collect-empty')}`, ctx.body);

  const total = () => [...picked.values()].reduce((a, b) => a + (b || 0), 0);
  const row = l => html`<div class="collect-row" data-testid="collect-row" data-id=${l.id}>
<input type="checkbox" id=${`cl-${l.id}`} .checked=${picked.has(l.id)} @change=${ev => toggle(l, ev)}
 aria-label=${l.borrower_name_bn}>
<label for=${`cl-${l.id}`}>${l.borrower_name_bn} <small>${bil(`ব্যারাক ${bn(l.barrack_no)}, কক্ষ ${
  bn(l.room_no)}`, `barrack ${l.barrack_no}, room ${l.room_no}`)}</small><small>${bucketBadge(l.bucket)} ${
  bil('বকেয়া', 'overdue')} ${money(l.overdue_paisa)}</small></label>
<span><input type="text" inputmode="decimal" id=${`cl-amount-${l.id}`}
 aria-label=${`${l.borrower_name_bn}: টাকা`}
 .value=${typed.get(l.id) || ''} ?disabled=${!picked.has(l.id)}
 @change=${ev => amount(l, ev)} aria-describedby=${`cl-amount-${l.id}-error`}>
<span class="field-error" id=${`cl-amount-${l.id}-error`} hidden></span></span></div>`;
  const formView = () => html`<form id="collect-form" class="card" novalidate @submit=${ask}>
<div id="collect-error" hidden></div>
${fieldBox('cp-phone', ['প্রতিনিধির বিকাশ নম্বর', "The representative's bKash number"],
    text('cp-phone', { type: 'tel', mode: 'tel', req: true }), { req: true,
      hint: ['যে নম্বর থেকে পরিশোধ হবে, যেমন ০১৭১২৩৪৫৬৭৮', 'the number that pays, e.g. 01712345678'] })}
<h3 class="group">${bil('ঋণগ্রহীতা ও পরিমাণ (টাকা)', 'Borrowers and amounts (Taka)')}</h3>
<div data-testid="collect-list">${loans.map(row)}</div>
<p class="total" data-testid="collect-total">${bil(`${num(picked.size)} জন, মোট`, `${picked.size} borrowers,`)
} <b>${money(total())}</b></p>
<div class="actions"><button type="submit" id="collect-save"
 ?disabled=${busy || !picked.size || Boolean(asking)}>${
  bil('পেমেন্ট লিংক তৈরি করুন', 'Make the payment link')}</button></div>${asking || nothing}</form>`;

  function toggle(l, ev) {
    if (ev.target.checked) {
      picked.set(l.id, l.overdue_paisa || 0);
      typed.set(l.id, l.overdue_paisa ? paisaToTaka(l.overdue_paisa) : '');
    } else picked.delete(l.id);
    asking = null; draw();
  }
  function amount(l, ev) {
    typed.set(l.id, ev.target.value);
    picked.set(l.id, reader().taka('amount', ev.target.value.trim()) || 0);
    draw();
  }
  function ask(ev) {
    ev.preventDefault();
    const form = ev.currentTarget, box = $('#collect-error', form), r = reader();
    clearErrors(form, box);
    const lines = loans.filter(l => picked.has(l.id)).map(l => ({ loan_id: l.id,
      amount_paisa: r.taka(`cl-amount-${l.id}`, value(form, `cl-amount-${l.id}`)) }));
    const missing = lines.filter(x => !x.amount_paisa
      && !r.bad.some(b => b.field === `cl-amount-${x.loan_id}`));
    missing.forEach(x => r.bad.push({ field: `cl-amount-${x.loan_id}`, code: 'bad_amount',
      message: 'Type the amount in Taka.', message_bn: 'টাকার পরিমাণ লিখুন।' }));
    if (r.bad.length) {
      const ids = Object.fromEntries(lines.map(x => [`cl-amount-${x.loan_id}`, `cl-amount-${x.loan_id}`]));
      showErrors(form, box, { ...INVALID, details: r.bad }, ids);
      return;
    }
    const out = { payer_phone: value(form, 'cp-phone'), lines };
    const sum = lines.reduce((a, x) => a + x.amount_paisa, 0), [tb, te] = takaWords(sum);
    asking = confirmBox({
      question: [`${num(lines.length)} জনের জন্য একটি বিকাশ পেমেন্ট, মোট ${tb}। লিংক তৈরি করবেন?`,
        `One bKash payment of ${te} for ${lines.length} borrowers. Make the link?`],
      yes: ['হ্যাঁ, তৈরি করুন', 'Yes, make it'], onYes: () => send(form, out),
      onNo: () => { asking = null; draw(); }, id: 'collect-confirm', yesId: 'collect-confirm-yes' });
    draw();
    $('#collect-confirm-yes', ctx.body).focus();
  }
  async function send(form, out) {
    const box = $('#collect-error', form);
    busy = true; asking = null; draw();
    try {
      made = await ctx.call(`/api/asrayon/projects/${enc(p.id)}/collections`, { method: 'POST', body: out });
      busy = false;
      if (ctx.ok()) { draw(); window.scrollTo(0, 0); }
    } catch (e) {
      if (!ctx.ok()) return;
      busy = false; draw();
      if (!e.handled) showErrors(form, box, e, IDS, code => CODES[code]);
    }
  }
  draw();
}

const madeView = c => html`<div class="msg ok" role="status" data-testid="collection-made">${bil(
  `সংগ্রহ তালিকা তৈরি হয়েছে: ${num(c.lines.length)} জন, মোট ${takaWords(c.total_paisa)[0]}। `
    + 'প্রতিনিধি নিচের লিংক থেকে বিকাশে পরিশোধ করবেন।',
  `The collection list is made: ${c.lines.length} borrowers, ${takaWords(c.total_paisa)[1]}. `
    + 'The representative pays from the link below with bKash.')}</div>
<div class="card"><p>${bil('প্রতিনিধি', 'Representative')}: <b>${
  bn(c.payer_phone.replace(/^\+88/, ''))}</b></p>
<ul class="history" data-testid="collection-lines">${c.lines.map(x => html`<li>${x.borrower_name_bn}: <b>${
  money(x.amount_paisa)}</b></li>`)}</ul>
<div class="actions"><a class="btn" id="collect-pay" href=${c.bkash_url} rel="noopener">${
  bil('বিকাশে পরিশোধ করুন', 'Pay with bKash')}</a></div>
<p class="hint pay-link">${c.bkash_url}</p></div>
<p><a class="btn secondary" href="#/loans/project/${enc(c.project_id)}">${
  bil('প্রকল্পের ঋণ', "The project's loans")}</a></p>`;
