// A project's late policy (#/loans/project/<id>/policy), loaded by loans.js: the project's upazila office
// chooses what happens, from today, when a borrower misses a deadline: accept and flag (the default), accept
// with a late charge per instalment missed, or take no more than the overdue amount while in arrears (an
// arrears payment is never refused). Asks before saving.
import { $, clearErrors, showErrors, takaWords } from './common.js';
import { fieldBox, INVALID, LATE_POLICY, reader, requireFilled, text, value } from './loans-parts.js';
import { paisaToTaka } from './officer-input.js';
import { bil, confirmBox, errorNote, html, loadingNote, nothing, render } from './ui.js';

const enc = encodeURIComponent;
const IDS = { late_policy: 'lp-policy', late_charge_paisa: 'lp-charge' };
const CODES = { late_charge_required: 'lp-charge', project_changed: null };
const NO_CHARGE = { code: 'late_charge_required',
  message: 'Give a late charge of at least Tk 1 for this policy.',
  message_bn: 'এই নীতির জন্য কমপক্ষে ১ টাকা বিলম্ব মাশুল দিন।' };

export async function showLatePolicy(ctx, projectId) {
  const toProject = ctx.back(`#/loans/project/${enc(projectId)}`, ['প্রকল্পের ঋণ', "The project's loans"]);
  document.title = 'দেরিতে পরিশোধের নীতি · Late policy · Samabay';
  let p = ctx.projects.get(projectId);
  if (!p) {
    render(html`${toProject}${loadingNote()}`, ctx.body);
    try { p = await ctx.call(`/api/asrayon/projects/${enc(projectId)}`); } catch (e) {
      const again = () => ctx.go(location.hash);
      if (!e.handled && ctx.ok()) render(html`${toProject}${errorNote(e, again)}`, ctx.body);
      return;
    }
    if (!ctx.ok()) return;
  }
  if (!ctx.writesFor(p)) {
    render(html`${toProject}<div class="msg info">${bil('নীতি কেবল প্রকল্পের উপজেলা অফিস বদলায়।',
      "Only the project's upazila office changes the policy.")}</div>`, ctx.body);
    return;
  }
  let chosen = p.late_policy || 'accept_and_flag', asking = null, busy = false;
  const draw = () => ctx.ok() && render(html`${toProject}<h2>${bil('দেরিতে পরিশোধের নীতি', 'Late policy')}
 <small>${p.name_bn}</small></h2>
<form id="policy-form" class="card" novalidate @submit=${ask}><div id="policy-error" hidden></div>
<fieldset class="field" id="lp-policy"><legend>${
  bil('কিস্তির শেষ তারিখ পেরোলে', 'When a deadline is missed')}</legend>
${Object.entries(LATE_POLICY).map(([k, words]) => html`<label class="choice"><input type="radio"
 name="late_policy" value=${k} data-testid=${`policy-${k}`} .checked=${chosen === k}
 @change=${() => { chosen = k; asking = null; draw(); }}><span>${bil(...words)}</span></label>`)}
</fieldset>
${chosen === 'accept_with_charge' ? fieldBox('lp-charge', ['বিলম্ব মাশুল (টাকা), প্রতি কিস্তিতে একবার',
    'Late charge (Taka), once per instalment missed'], text('lp-charge', { mode: 'decimal', req: true }),
  { req: true, hint: ['সহনসীমার বেশি বকেয়া হলে দৈনিক স্ক্যান একবার যোগ করে',
    'the daily scan levies it once, beyond the tolerance'] }) : nothing}
<p class="hint">${bil('নতুন নীতি আজ থেকে চলবে; আগের হিসাব বদলায় না। বকেয়া পরিশোধ কখনো ফেরানো হয় না।',
    'The new policy applies from today; nothing before changes. An arrears payment is never refused.')}</p>
<div class="actions"><button type="submit" id="policy-save" ?disabled=${busy || Boolean(asking)}>${
  bil('সংরক্ষণ করুন', 'Save')}</button>
<a class="btn secondary" href="#/loans/project/${enc(p.id)}">${bil('বাতিল', 'Cancel')}</a></div>
${asking || nothing}</form>`, ctx.body);

  function ask(ev) {
    ev.preventDefault();
    const form = ev.currentTarget, box = $('#policy-error', form), r = reader();
    clearErrors(form, box);
    const out = { late_policy: chosen };
    if (chosen === 'accept_with_charge') { // a charge of 0 would levy nothing: this policy asks for one
      out.late_charge_paisa = r.taka('late_charge_paisa', value(form, 'lp-charge'));
      if (out.late_charge_paisa === 0) r.bad.push({ field: 'late_charge_paisa', ...NO_CHARGE });
      requireFilled(form, r.bad, IDS);
    }
    if (r.bad.length) {
      showErrors(form, box, { ...INVALID, details: r.bad }, { ...IDS, 'lp-charge': 'lp-charge' });
      return;
    }
    const charge = out.late_charge_paisa ? takaWords(out.late_charge_paisa) : null;
    asking = confirmBox({
      question: [`আজ থেকে: ${LATE_POLICY[chosen][0]}${charge ? ` (${charge[0]})` : ''}। সংরক্ষণ করবেন?`,
        `From today: ${LATE_POLICY[chosen][1]}${charge ? ` (${charge[1]})` : ''}. Save?`],
      yes: ['হ্যাঁ, সংরক্ষণ করুন', 'Yes, save'], onYes: () => save(form, out),
      onNo: () => { asking = null; draw(); }, id: 'policy-confirm', yesId: 'policy-confirm-yes' });
    draw();
    $('#policy-confirm-yes', ctx.body).focus();
  }
  async function save(form, out) {
    busy = true; asking = null; draw();
    try {
      const path = `/api/asrayon/projects/${enc(p.id)}/late-policy`;
      const saved = await ctx.call(path, { method: 'PUT', body: out });
      ctx.projects.set(saved.id, saved);
      if (ctx.ok()) {
        ctx.flash(['দেরিতে পরিশোধের নীতি সংরক্ষণ হয়েছে।', 'The late policy was saved.'],
          `#/loans/project/${enc(p.id)}`);
      }
    } catch (e) {
      if (!ctx.ok()) return;
      busy = false; draw();
      if (!e.handled) showErrors(form, $('#policy-error', form), e, IDS, code => CODES[code]);
    }
  }
  draw();
  if (chosen === 'accept_with_charge') $('#lp-charge', ctx.body).value = paisaToTaka(p.late_charge_paisa);
}
