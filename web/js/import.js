// The import screen (upazila offices): a CSV or XLSX file of societies is checked first (a
// dry run that lists every row's errors), and imported only when no row has an error.
// A small file is sent with the request; a larger one (or one the API says has too many rows
// for one request) is uploaded to S3 and checked and imported by a job, whose progress shows.
// Loaded on demand: other offices never download it.
import { $, bn, num, saveAs } from './common.js';
import { LABEL } from './form.js';
import { postToS3 } from './upload.js';
import { bil, confirmBox, errorNote, html, loadingNote, nothing, render } from './ui.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TYPES = { csv: 'text/csv', xlsx: XLSX };
const ext = file => (/\.([a-z]+)$/i.exec(file.name) || ['', ''])[1].toLowerCase();
const DIRECT_MAX_BYTES = 100 * 1024; // about 400 rows: checked and written within one request
const POLL_MS = 1500;
const STALLED_MS = 5 * 60 * 1000; // a job that has not moved for this long has stopped (its worker failed)
const STALLED = { message: 'The import stopped. Check the societies list, then try the file again.',
  message_bn: 'আমদানি থেমে গেছে। সমিতির তালিকা দেখে ফাইলটি আবার চেষ্টা করুন।' };
const pause = ms => new Promise(ok => setTimeout(ok, ms));

// A job's (or the upload's) progress: a bar, and the count in words.
const progressNote = (words, done, total) => html`<div class="import-progress" role="status"
 data-testid="import-progress"><p>${bil(...words)}</p>
<progress max=${total || 1} .value=${done}></progress>
<p class="hint">${bil(`${num(done)} / ${num(total)}`, `${done} / ${total}`)}</p></div>`;
const UPLOADING = ['ফাইল আপলোড হচ্ছে…', 'Uploading the file…'];
const UPLOAD_FAILED = { message: 'The file did not upload. Try again.',
  message_bn: 'ফাইল আপলোড হয়নি। আবার চেষ্টা করুন।' };
const JOB_WORDS = {
  queued: ['অপেক্ষায়…', 'Waiting to start…'],
  checking: ['সারিগুলো যাচাই হচ্ছে…', 'Checking the rows…'],
  writing: ['সমিতিগুলো যোগ হচ্ছে…', 'Adding the societies…'],
};

const countLine = (b, e, n, id) => html`<li><b data-testid=${id}>${num(n)}</b> ${bil(b, e)}</li>`;

// Every row's errors, as the API names them (lit-html escapes the messages and the field names);
// labels: field → [Bengali, English] (the society form's by default).
export function errorTable(errors, labels = LABEL) {
  const field = f => (!f ? '—' : labels[f] ? bil(labels[f][0], f) : f);
  return html`<table class="import-errors" data-testid="import-errors"><thead><tr>
<th class="n">${bil('সারি', 'Row')}</th><th>${bil('ঘর', 'Field')}</th><th>${bil('ভুল', 'Error')}</th>
</tr></thead>
<tbody>${errors.map(e => html`<tr data-testid="import-error"><td>${e.row ? bn(e.row) : '—'}</td>
<td>${field(e.field)}</td><td>${e.message_bn}<br><small lang="en">${e.message}</small></td></tr>`)}
</tbody></table>`;
}

// What a file's check or import did; words: how the rows are called (the societies' by default).
const SOCIETY_WORDS = { added: ['নতুন সমিতি যোগ হয়েছে', 'societies added'],
  none: ['ফাইলে কোনো সমিতি নেই।', 'The file has no societies.'], labels: LABEL };
export function result(r, words = SOCIETY_WORDS) {
  const bad = new Set(r.errors.map(e => e.row)).size, fresh = r.valid - r.unchanged;
  const counts = r.dry_run
    ? [countLine('মোট সারি', 'rows', r.rows, 'import-rows'),
      countLine('সঠিক', 'valid', r.valid, 'import-valid'),
      countLine('ভুল সারি', 'rows with errors', bad, 'import-bad'),
      ...(r.errors.length ? [] : [countLine('নতুন যোগ হবে', 'will be added', fresh, 'import-fresh'),
        countLine('আগে থেকেই আছে, বদলাবে না', 'already there, unchanged', r.unchanged, 'import-same')])]
    : [countLine(...words.added, r.created, 'import-created'),
      countLine('আগে থেকেই ছিল, বদলায়নি', 'already there, unchanged', r.unchanged, 'import-unchanged')];
  const kept = r.error_count > r.errors.length ? html`<p class="hint">${bil(
    `প্রথম ${num(r.errors.length)}টি ভুল দেখানো হলো (মোট ${num(r.error_count)}টি)।`,
    `The first ${r.errors.length} of ${r.error_count} errors are shown.`)}</p>` : nothing;
  const head = r.errors.length
    ? html`<div class="msg error" role="alert">${
      bil('ফাইলে ভুল আছে: নিচের সারিগুলো ঠিক করে আবার যাচাই করুন। কিছুই যোগ হয়নি।',
        'The file has errors: fix the rows below and check again. Nothing was added.')}</div>`
    : r.dry_run
      ? html`<div class="msg ok" role="status">${r.rows ? bil('কোনো ভুল নেই। এখন আমদানি করতে পারেন।',
        'No errors. You can import now.') : bil(...words.none)}</div>`
      : html`<div class="msg ok" role="status" data-testid="import-done">${
        bil('আমদানি সম্পন্ন হয়েছে।', 'Import done.')}</div>`;
  const table = r.errors.length ? errorTable(r.errors, words.labels) : nothing;
  return html`${head}<ul class="import-counts">${counts}</ul>${kept}${table}`;
}

// app: {call, page, backLink, saved}
export function showImport(app) {
  document.title = 'সমিতি আমদানি · Import societies';
  let file = null, checked = null, busy = false, confirming = false, outcome = nothing;
  let bigFile = false, uploadId = null; // the chosen file goes through S3 and a job; its upload
  const draw = () => render(html`${app.backLink()}
<h1>${bil('সমিতি আমদানি (CSV / Excel)', 'Import societies (CSV / Excel)')}</h1>
<p>${bil('একটি ফাইলে অনেক সমিতি একসাথে যোগ করুন। প্রথমে যাচাই করুন; কোনো ভুল না থাকলে তবেই আমদানি করা যাবে। '
    + 'একই ফাইল আবার দিলে কিছু দুবার যোগ হয় না।',
  'Add many societies from one file. Check it first; you can import only when no row has an error. '
    + 'The same file again adds nothing twice.')}</p>
<div class="card">
<p><a class="btn secondary" href="#/import" id="template-link" data-testid="template-link"
 @click=${template}>${bil('টেমপ্লেট ডাউনলোড (CSV)', 'Download the template (CSV)')}</a></p>
<p class="hint">${bil('প্রথম সারিতে ঘরের নাম (যেমন registration_no), তারিখ ২০২৫-০১-৩১ বা ৩১/০১/২০২৫।',
    'First row: the field names (e.g. registration_no); dates as 2025-01-31 or 31/01/2025.')}</p>
<div class="field"><label for="import-file">${
  bil('ফাইল বেছে নিন (.csv বা .xlsx)', 'Choose a file (.csv or .xlsx)')}</label>
<input type="file" id="import-file" name="file" accept=".csv,.xlsx,text/csv,${XLSX}" @change=${choose}></div>
<div class="actions">
<button type="button" id="check-button" ?disabled=${!file || busy} @click=${check}>${
  bil('যাচাই করুন', 'Check')}</button>
<button type="button" id="import-button" ?disabled=${!checked || busy} @click=${ask}>${
  bil('আমদানি করুন', 'Import')}</button></div>
${confirming ? question() : nothing}
</div>
<div id="import-result" aria-live="polite">${outcome}</div>`, app.page);

  const question = () => {
    const fresh = checked.valid - checked.unchanged;
    return confirmBox({
      question: [
        `${num(fresh)}টি নতুন সমিতি যোগ হবে (${num(checked.unchanged)}টি আগে থেকেই আছে)। আমদানি করবেন?`,
        `${fresh} new ${fresh === 1 ? 'society' : 'societies'} will be added (${checked.unchanged} already`
        + ' there). Import?'],
      yes: ['হ্যাঁ, আমদানি করুন', 'Yes, import'], onYes: () => send(false),
      onNo: () => { confirming = false; draw(); }, id: 'import-confirm', yesId: 'confirm-import',
    });
  };
  function choose(ev) {
    file = ev.target.files[0] || null;
    checked = null; confirming = false; outcome = nothing;
    bigFile = !!file && file.size > DIRECT_MAX_BYTES; uploadId = null;
    draw();
  }
  async function template(ev) {
    ev.preventDefault();
    try {
      await saveAs(await app.call('/api/societies/import/template.csv', { raw: true }),
        'samabay-societies-template.csv');
    } catch (e) { if (!e.handled) { outcome = errorNote(e); draw(); } }
  }
  const ask = () => {
    confirming = true; draw();
    $('#confirm-import').focus();
  };
  const check = async () => {
    const r = await send(true);
    checked = r && !r.errors.length && r.rows ? r : null;
    draw();
  };

  // The dry run (check) or the import itself; the answer, or null when it failed.
  async function send(dryRun) {
    const type = TYPES[ext(file)];
    confirming = false;
    if (!type) {
      outcome = errorNote({ message: 'Choose a .csv or .xlsx file.',
        message_bn: '.csv বা .xlsx ফাইল বেছে নিন।' });
      draw();
      return null;
    }
    busy = true;
    outcome = loadingNote(dryRun ? ['যাচাই হচ্ছে…', 'Checking…']
      : ['আমদানি হচ্ছে… বড় ফাইলে কয়েক মিনিট লাগতে পারে।',
        'Importing… a large file may take a few minutes.']);
    draw();
    let r = null;
    try {
      r = await (bigFile ? byJob(dryRun, type) : direct(dryRun, type));
      outcome = result(r);
      if (!dryRun) checked = null;
      if (!dryRun && r.created) app.saved(null);
    } catch (e) {
      if (!e.handled) {
        const rows = (e.details || []).filter(d => d.message_bn);
        outcome = html`${errorNote(e)}${rows.length > 1 ? errorTable(rows) : nothing}`;
      }
    }
    busy = false;
    draw();
    return r;
  }

  async function direct(dryRun, type) {
    try {
      return await app.call(`/api/societies/import?dry_run=${dryRun}`, { method: 'POST', body: file, type });
    } catch (e) {
      if (e.code !== 'import_job_required') throw e;
      bigFile = true; // more rows than one request takes: the same file, through a job
      return byJob(dryRun, type);
    }
  }

  // Upload the file once (straight to S3), start the job, and follow it until it is done.
  async function byJob(dryRun, type) {
    if (!uploadId) {
      const form = await app.call('/api/societies/import/uploads',
        { method: 'POST', body: { content_type: type, size: file.size } });
      try {
        await postToS3(form.url, form.fields, file,
          pct => { outcome = progressNote(UPLOADING, pct, 100); draw(); });
      } catch (_) {
        throw UPLOAD_FAILED;
      }
      uploadId = form.upload_id;
    }
    let job = await app.call('/api/societies/import/jobs',
      { method: 'POST', body: { upload_id: uploadId, dry_run: dryRun } });
    let moved = Date.now(), seen = job.updated_at;
    while (JOB_WORDS[job.state]) {
      outcome = progressNote(JOB_WORDS[job.state], job.rows_done, job.rows);
      draw();
      await pause(POLL_MS);
      job = await app.call(`/api/societies/import/jobs/${job.job_id}`);
      if (job.updated_at !== seen) { moved = Date.now(); seen = job.updated_at; }
      if (Date.now() - moved > STALLED_MS) throw STALLED;
    }
    if (job.state === 'failed') throw job.failure;
    return job;
  }
  draw();
}
