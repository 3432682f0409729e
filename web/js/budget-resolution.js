// The resolution's scan on a budget file's page (budgets.js draws it): whether it is attached, a link to
// read it (a short-lived link from the API, for the society and the offices on the path), and for the society
// or its UCO a file picker that uploads it straight to the private bucket (a presigned POST) and attaches it.
// It never blocks a step: a file moves on without it, and it can be attached at any step.
import { bn, when } from './common.js';
import { bil, errorNote, html, nothing } from './ui.js';

const TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
const MAX_BYTES = 5 * 1024 * 1024;
const enc = encodeURIComponent;

// state: { busy, error, percent } kept by the page; done(after) takes the file as the API answers it.
export function resolutionCard(b, { call, canAttach, state, redraw, done }) {
  const file = b.resolution_file;
  async function read() {
    state.error = null;
    try {
      const link = await call(`/api/budgets/${enc(b.id)}/resolution`);
      window.open(link.url, '_blank', 'noopener');
    } catch (e) { if (!e.handled) { state.error = e; redraw(); } }
  }
  async function attach(ev) {
    const chosen = ev.target.files[0];
    ev.target.value = '';
    if (!chosen) return;
    if (!TYPES.includes(chosen.type) || chosen.size > MAX_BYTES || !chosen.size) {
      state.error = { message: 'Choose a PDF, JPEG or PNG of at most 5 MB.',
        message_bn: '৫ মেগাবাইটের মধ্যে PDF, JPEG বা PNG ফাইল বেছে নিন।' };
      redraw();
      return;
    }
    Object.assign(state, { busy: true, error: null, percent: 0 });
    redraw();
    try {
      const form = await call(`/api/budgets/${enc(b.id)}/resolution/uploads`, { method: 'POST',
        body: { content_type: chosen.type, size: chosen.size } });
      const { postToS3 } = await import('./upload.js');
      await postToS3(form.url, form.fields, chosen, p => { state.percent = p; redraw(); });
      const after = await call(`/api/budgets/${enc(b.id)}/resolution`, { method: 'POST',
        body: { upload_id: form.upload_id } });
      state.busy = false;
      done(after);
      return;
    } catch (e) {
      if (e.handled) return;
      state.error = e.status !== undefined ? e : { message: 'The upload failed. Try again.',
        message_bn: 'আপলোড হয়নি। আবার চেষ্টা করুন।' };
    }
    state.busy = false;
    redraw();
  }
  return html`<div class="card" data-testid="budget-resolution"><h2>${
    bil('সাধারণ সভার রেজুলেশন', 'The general meeting\'s resolution')}</h2>
<p>${b.resolution_on ? bil(`তারিখ ${bn(b.resolution_on.split('-').reverse().join('/'))}`,
    `dated ${b.resolution_on}`) : bil('তারিখ দেওয়া হয়নি', 'No date given')}</p>
${file ? html`<p data-testid="resolution-attached">${bil('স্ক্যান কপি যুক্ত আছে', 'Scan attached')} · ${
  when(file.attached_at)} · ${file.attached_by} · ${bn(Math.ceil(file.size / 1024))} KB</p>
<p><button type="button" class="secondary" id="resolution-read" @click=${read}>${
  bil('রেজুলেশন দেখুন', 'Read the resolution')}</button></p>`
    : html`<p class="msg info" data-testid="resolution-missing">${bil(
      'রেজুলেশনের স্ক্যান কপি এখনো যুক্ত হয়নি (এতে কোনো ধাপ আটকায় না)।',
      'The resolution\'s scan is not attached yet (no step waits for it).')}</p>`}
${canAttach ? html`<div class="field no-print"><label for="resolution-file">${file
    ? bil('নতুন স্ক্যান দিয়ে বদলান (PDF/JPEG/PNG, ৫ MB পর্যন্ত)',
      'Replace the scan (PDF/JPEG/PNG, up to 5 MB)')
    : bil('স্ক্যান কপি যুক্ত করুন (PDF/JPEG/PNG, ৫ MB পর্যন্ত)',
      'Attach the scan (PDF/JPEG/PNG, up to 5 MB)')}</label>
<input type="file" id="resolution-file" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
 ?disabled=${state.busy} @change=${attach}></div>${state.busy ? html`<p class="loading" role="status">${
  bil(`আপলোড হচ্ছে… ${bn(state.percent || 0)}%`, `Uploading… ${state.percent || 0}%`)}</p>` : nothing}`
    : nothing}
${state.error ? errorNote(state.error, null, 'resolution-error') : nothing}</div>`;
}
