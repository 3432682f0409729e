// An SMS to every approved borrower of a project (#/loans/project/<id>/broadcast), loaded by loans.js: the
// project's upazila office writes the text (the loan's variables, filled in per borrower; the SMS size asked
// of the server while typing), previews it (how many borrowers, SMS parts, cost, a few filled-in texts),
// confirms naming the count, and sends it as a bulk job of the messaging centre, whose link it then shows.
// The count sent is the preview's (expected_recipients): a list that changed meanwhile is refused (409).
import { $, bn, clearErrors, num, showErrors } from './common.js';
import { bil, confirmBox, errorNote, html, loadingNote, money, nothing, render } from './ui.js';

const enc = encodeURIComponent;
const TEXT_CODES = ['unknown_variable', 'malformed_template', 'empty_text', 'text_too_long'];
const sizeNote = s => bil(`আনুমানিক ${bn(s.parts)} অংশ (${
  s.encoding === 'UCS-2' ? 'বাংলা/ইউনিকোড' : 'ইংরেজি'}, ${bn(s.units)} অক্ষর; দীর্ঘ নাম ধরে)`,
`about ${s.parts} part(s) (${s.encoding}, ${s.units} units; for long names)`);
const requestId = () => `b${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;

export async function showBroadcast(ctx, projectId) {
  const toProject = ctx.back(`#/loans/project/${enc(projectId)}`, ['প্রকল্পের ঋণ', "The project's loans"]);
  document.title = 'ঋণগ্রহীতাদের এসএমএস · SMS to borrowers · Samabay';
  render(html`${toProject}${loadingNote()}`, ctx.body);
  let p = ctx.projects.get(projectId), variables = [];
  try {
    const [project, templates] = await Promise.all([
      p || ctx.call(`/api/asrayon/projects/${enc(projectId)}`), ctx.call('/api/messages/templates')]);
    p = project;
    const loanKind = templates.items.find(i => i.variables.some(v => v.name === 'pay_link'));
    variables = loanKind ? loanKind.variables : [];
  } catch (e) {
    const again = () => ctx.go(location.hash);
    if (!e.handled && ctx.ok()) render(html`${toProject}${errorNote(e, again)}`, ctx.body);
    return;
  }
  if (!ctx.ok()) return;
  if (!ctx.writesFor(p)) {
    render(html`${toProject}<div class="msg info">${bil(
      'ঋণগ্রহীতাদের এসএমএস কেবল প্রকল্পের উপজেলা অফিস পাঠায়।',
      "Only the project's upazila office sends an SMS to its borrowers.")}</div>`, ctx.body);
    return;
  }
  // preview: the API's answer for `sent` (the text previewed); asking: the confirmation is open; job: sent.
  const s = { text: '', sent: '', size: null, preview: null, asking: false, busy: false, error: null,
    job: null, id: '' };
  let sizeTimer = 0, sizeAsked = 0;

  const draw = () => ctx.ok() && render(html`${toProject}<h2>${
  bil('সব ঋণগ্রহীতাকে এসএমএস', 'SMS to all borrowers')} <small>${p.name_bn}</small></h2>
${s.job ? doneView() : html`<form id="broadcast-form" class="card" novalidate @submit=${askPreview}>
<div id="broadcast-error" hidden></div>
<div class="field"><label for="b-text">${bil('বার্তা', 'Message')}</label>
<textarea id="b-text" rows="5" maxlength="1000" @input=${typed} ?readonly=${s.busy}></textarea>
<div class="chips no-print" data-testid="broadcast-variables">${variables.map(v => html`<button type="button"
 class="chip" data-var=${v.name} title=${v.label_en} @click=${() => put(v.name)}>{${v.name}} <small>${
  v.label_bn}</small></button>`)}</div>
<p class="hint" id="b-size" aria-live="polite">${s.size ? sizeNote(s.size) : bil(
    'চিহ্নিত শব্দগুলো প্রত্যেক ঋণগ্রহীতার নিজের তথ্যে বদলে যাবে (টাকা: বকেয়াসহ পরের কিস্তি)।',
    "The marked words become each borrower's own (amount: the next instalment with any arrears).")}</p></div>
<div class="actions"><button type="submit" id="broadcast-preview" ?disabled=${s.busy}>${
  bil('প্রিভিউ দেখুন', 'Preview')}</button></div></form>
<div id="broadcast-preview-box" aria-live="polite">${s.preview ? previewView() : nothing}</div>`}`, ctx.body);

  function typed(ev) {
    s.text = ev.target.value;
    if (s.preview && s.text !== s.sent) { s.preview = null; s.asking = false; s.error = null; }
    clearTimeout(sizeTimer);
    sizeTimer = setTimeout(async () => {
      const asked = ++sizeAsked;
      let size = null;
      if (s.text.trim()) {
        try {
          size = await ctx.call('/api/messages/size', { method: 'POST', body: { text: s.text } });
        } catch (_) { /* no estimate: the preview still counts */ }
      }
      if (asked === sizeAsked) { s.size = size; draw(); }
    }, 300);
    draw();
  }
  function put(name) {
    const area = $('#b-text', ctx.body);
    const at = area.selectionStart ?? area.value.length, token = `{${name}}`;
    area.value = area.value.slice(0, at) + token + area.value.slice(area.selectionEnd ?? at);
    area.focus();
    area.selectionStart = area.selectionEnd = at + token.length;
    typed({ target: area });
  }
  async function askPreview(ev) {
    ev.preventDefault();
    const form = ev.currentTarget, box = $('#broadcast-error', form);
    clearErrors(form, box);
    Object.assign(s, { busy: true, preview: null, asking: false, error: null });
    draw();
    try {
      const path = `/api/asrayon/projects/${enc(p.id)}/broadcast/preview`;
      s.preview = await ctx.call(path, { method: 'POST', body: { text: s.text } });
      s.sent = s.text;
      s.id = requestId(); // one send per preview, however often the button is pressed
    } catch (e) {
      const textCode = code => (TEXT_CODES.includes(code) ? 'b-text' : null);
      if (!e.handled) showErrors(form, box, e, { text: 'b-text' }, textCode);
    }
    s.busy = false;
    draw();
  }
  async function send() {
    Object.assign(s, { busy: true, error: null });
    draw();
    try {
      const body = { text: s.sent, expected_recipients: s.preview.recipients, client_request_id: s.id };
      s.job = await ctx.call(`/api/asrayon/projects/${enc(p.id)}/broadcast`, { method: 'POST', body });
    } catch (e) {
      const now = e.code === 'confirmation_needed' && ((e.details || [])[0] || {}).recipients;
      if (now) s.preview = { ...s.preview, stale: now }; // the list changed since the preview
      else if (!e.handled) s.error = e;
    }
    Object.assign(s, { busy: false, asking: false });
    draw();
    if (s.job) $('#broadcast-job', ctx.body).focus();
  }
  function previewView() {
    const pv = s.preview;
    return html`<div class="card preview" data-testid="broadcast-preview">
<h3>${bil('প্রিভিউ', 'Preview')}</h3>
<dl class="facts">
<div><dt>${bil('ঋণগ্রহীতা', 'Borrowers')}</dt><dd data-testid="broadcast-recipients">${
  bil(`${num(pv.recipients)} জন`, String(pv.recipients))}</dd></div>
<div><dt>${bil('মোট অংশ', 'Total parts')}</dt><dd data-testid="broadcast-parts">${
  bil(num(pv.parts), String(pv.parts))}</dd></div>
<div><dt>${bil('খরচ', 'Cost')}</dt><dd data-testid="broadcast-cost">${money(pv.cost_paisa)}</dd></div></dl>
${pv.samples.length ? html`<h4>${bil('যেমন যাবে', 'As it will go')}</h4><ul class="rows samples">${
  pv.samples.map(x => html`<li data-testid="broadcast-sample"><b>${x.borrower_name_bn}</b> · <span
 class="phone">${bn(x.phone.replace(/^\+88/, ''))}</span><p class="sms-text">${x.text}</p></li>`)}</ul>`
  : nothing}
${s.error ? errorNote(s.error) : nothing}
${!pv.recipients ? html`<p class="empty" data-testid="broadcast-nobody">${bil(
    'এই প্রকল্পে পাঠানোর মতো কোনো অনুমোদিত ঋণগ্রহীতা নেই।',
    'The project has no approved borrower to send to.')}</p>`
    : pv.stale ? html`<p class="msg warn" role="alert" data-testid="broadcast-changed">${bil(
      `এর মধ্যে তালিকা বদলেছে: এখন ${num(pv.stale)} জন ঋণগ্রহীতা। কিছু পাঠানো হয়নি; আবার প্রিভিউ দেখুন।`,
      `The list changed meanwhile: ${pv.stale} borrowers now. Nothing was sent; preview again.`)}</p>`
      : s.asking ? confirmBox({
      question: [`${num(pv.recipients)} জন ঋণগ্রহীতার কাছে এই এসএমএস যাবে (${bn(pv.parts)} অংশ)। নিশ্চিত?`,
        `${pv.recipients} borrowers will get this SMS (${pv.parts} parts). Sure?`],
      yes: [`হ্যাঁ, ${num(pv.recipients)} জনকে পাঠান`, `Yes, send to ${pv.recipients}`],
      yesId: 'broadcast-confirm', onYes: send, onNo: () => { s.asking = false; draw(); }, busy: s.busy,
      testid: 'broadcast-confirm-box' })
      : html`<div class="actions"><button type="button" id="broadcast-send" @click=${() => {
        s.asking = true; draw(); $('#broadcast-confirm', ctx.body).focus();
      }}>${bil(`${num(pv.recipients)} জনকে পাঠান`, `Send to ${pv.recipients}`)}</button></div>`}</div>`;
  }
  function doneView() {
    return html`<div class="msg ok" role="status" data-testid="broadcast-done"><p>${bil(
      `${num(s.preview.recipients)} জন ঋণগ্রহীতার এসএমএস পাঠানোর কাজ শুরু হয়েছে${
        s.job.state === 'waiting' ? ' (পাঠানোর সময় হলে যাবে)' : ''}।`,
      `The SMS to ${s.preview.recipients} borrowers has started${
        s.job.state === 'waiting' ? ' (it goes in the sending hours)' : ''}.`)}</p>
<div class="actions"><a class="btn" id="broadcast-job" href="#/messages/jobs/${enc(s.job.job_id)}">${
  bil('বার্তা কেন্দ্রে অগ্রগতি দেখুন', 'Follow it in the messaging centre')}</a>
<a class="btn secondary" href="#/loans/project/${enc(p.id)}">${
  bil('প্রকল্পে ফিরুন', 'Back to the project')}</a>
</div></div>`;
  }
  draw();
}
