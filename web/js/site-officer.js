// The office's public-site content in officer.html (#/site/…): notices (write, schedule, expire,
// withdraw), photos (upload with progress, caption, remove) and the office's about page. Like
// market-officer.js it is imported by the shell (officer.js) when first opened and shows #site-view
// on #/site hashes. Every office level writes for its own area only.
import {
  $, bn, clearErrors, DATE_ERROR, isoDate, markTab, num, officerCall, officerSession, photoProblem,
  showErrors, when,
} from './common.js';
import { hashRoute } from './officer-input.js';
import {
  bil, confirmBox, dateField, emptyNote, errorNote, html, loadingNote, nothing, render,
} from './ui.js';
import { postToS3 } from './upload.js';

const STATES = { scheduled: ['নির্ধারিত', 'Scheduled'], published: ['প্রকাশিত', 'Published'],
  expired: ['মেয়াদ শেষ', 'Expired'], withdrawn: ['প্রত্যাহার', 'Withdrawn'] };
// screen counts the screens shown: an answer that comes after its screen was left is dropped.
let me = null, rendered = '', screen = 0;
const notices = new Map();
const enc = encodeURIComponent;

const section = document.createElement('section');
section.id = 'site-view';
section.hidden = true;
render(html`<h1>পাবলিক সাইট <small>Public site</small></h1>
<nav aria-label="পাবলিক সাইট · Public site"><ul class="mtabs no-print" id="site-tabs">
<li><a href="#/site/notices" data-tab="notices">নোটিশ <small>Notices</small></a></li>
<li><a href="#/site/photos" data-tab="photos">ছবি <small>Photos</small></a></li>
<li><a href="#/site/about" data-tab="about">অফিস পরিচিতি <small>About page</small></a></li>
</ul></nav>
<div id="site-flash" aria-live="polite"></div>
<div id="site-body"></div>`, section);
$('main').append(section);
// Each drawn by lit on its own: the screen in body, the note of the last action in flashBox.
const body = $('#site-body', section), flashBox = $('#site-flash', section);

const session = officerSession;
const call = (path, opts = {}) => officerCall(path, opts, me && me.token);
const flash = (b, e) => render(html`<div class="msg ok" role="status" data-testid="site-flash">${
  bil(b, e)}</div>`, flashBox);
const office = () => (me.user.office || {});
const officeCode = () => office().code || '';
// Stored times are UTC; the form shows and sends Dhaka time (the server reads a time without a zone so).
const dhakaInput = iso => (iso
  ? new Date(new Date(iso).getTime() + 6 * 3600e3).toISOString().slice(0, 16) : '');
// A moment in Dhaka time: the day typed day first, and the time.
const moment = (name, iso) => html`<span class="moment">${dateField({ id: `n-${name}`, name,
  value: dhakaInput(iso).slice(0, 10) })}<input type="time" id="n-${name}_time" name="${name}_time"
 aria-label="সময় · Time" .value=${dhakaInput(iso).slice(11, 16)}></span>`;

export function route() {
  me = session();
  const { parts } = hashRoute();
  if (parts[0] !== 'site' || !me) { section.hidden = true; rendered = ''; screen += 1; return; }
  section.hidden = false;
  const key = `${location.hash}|${me.token}`;
  if (key === rendered) return;
  rendered = key;
  screen += 1;
  render(nothing, body); // a new screen on new elements
  const tab = parts[1] || 'notices';
  markTab(section.querySelectorAll('#site-tabs a'), tab);
  window.scrollTo(0, 0);
  if (tab === 'photos') return showPhotos();
  if (tab === 'about') return showAbout();
  if (parts[2] === 'new') return noticeForm(null);
  if (parts[2] && parts[3] === 'edit') return noticeForm(notices.get(parts[2]) || null, parts[2]);
  return showNotices();
}
const go = hash => { if (location.hash === hash) { rendered = ''; route(); } else location.hash = hash; };

// The first answer a screen needs, with a loading note meanwhile and an error that retries;
// null when it failed or the screen was left meanwhile.
async function fetchFor(path, retry) {
  const mine = screen;
  render(loadingNote(), body);
  try {
    const d = await call(path);
    return mine === screen ? d : null;
  } catch (e) {
    if (!e.handled && mine === screen) render(errorNote(e, retry), body);
    return null;
  }
}

// ---- notices ------------------------------------------------------------------------------
// The list's state: the notices, the one asked about withdrawing, a withdrawal on its way, its error.
let board = null;

async function showNotices() {
  const d = await fetchFor('/api/notices?limit=100', () => showNotices());
  if (!d) return;
  d.items.forEach(n => notices.set(n.id, n));
  board = { items: d.items, asking: null, busy: false, error: null };
  drawNotices();
}

function drawNotices() {
  render(html`<p class="actions no-print">
<a class="btn" href="#/site/notices/new" data-testid="new-notice">${bil('নতুন নোটিশ', 'New notice')}</a></p>
<p class="hint">${bil(`${office().name_bn || 'প্রধান কার্যালয়'}-এর নোটিশ এই এলাকা ও এর অধীন
সব এলাকার পাতায় দেখা যায়।`,
    "Your office's notices show on its area's page and every page below it.")}</p>
${board.items.length ? html`<ul class="rows">${board.items.map(noticeRow)}</ul>`
    : emptyNote(['এখনো কোনো নোটিশ নেই', 'No notices yet'], 'notices-empty')}`, body);
}

const noticeRow = n => html`<li class="mrow" data-testid="officer-notice">
<span class="name">${n.breaking ? '● ' : ''}${n.title_bn}</span>
<span class="meta">${bil(...STATES[n.state])} · ${bil('প্রকাশ', 'from')} ${when(n.publish_at)}${
  n.expires_at ? html` · ${bil('শেষ', 'until')} ${when(n.expires_at)}` : nothing}</span>
${n.state === 'withdrawn' ? nothing : html`<p class="actions">
<a class="btn secondary" href="#/site/notices/${enc(n.id)}/edit">${
    bil('সম্পাদনা', 'Edit')}</a> <button type="button" class="secondary" data-withdraw=${n.id}
 @click=${() => askWithdraw(n.id)}>${bil('প্রত্যাহার', 'Withdraw')}</button>${n.state === 'published'
    ? html` <a href="index.html#/notice/${enc(n.id)}" target="_blank">${
      bil('সাইটে দেখুন', 'View on site')}</a>`
    : nothing}</p>${board.asking === n.id ? withdrawQuestion(n) : nothing}`}</li>`;

const withdrawQuestion = n => html`${confirmBox({
  question: ['নোটিশটি প্রত্যাহার করবেন?', 'Withdraw this notice?'],
  yes: ['হ্যাঁ, প্রত্যাহার করুন', 'Yes, withdraw'],
  danger: true, busy: board.busy, onYes: () => withdraw(n.id), onNo: () => askWithdraw(null),
})}${board.error ? errorNote(board.error) : nothing}`;

function askWithdraw(id) {
  Object.assign(board, { asking: id, error: null });
  drawNotices();
}

async function withdraw(id) {
  const mine = screen;
  Object.assign(board, { busy: true, error: null });
  drawNotices();
  try { await call(`/api/notices/${enc(id)}`, { method: 'DELETE' }); } catch (e) {
    if (mine !== screen) return;
    Object.assign(board, { busy: false, error: e.handled ? null : e });
    drawNotices();
    return;
  }
  if (mine !== screen) return;
  flash('নোটিশ প্রত্যাহার করা হয়েছে', 'Notice withdrawn');
  go('#/site/notices');
}

// The form's inputs by the API's field names; errors about two fields show next to the later one.
const NOTICE_FIELDS = Object.fromEntries(['title_bn', 'title_en', 'body_bn', 'body_en', 'publish_at',
  'expires_at', 'breaking'].map(k => [k, `n-${k}`]));
const NOTICE_CODES = { expires_before_publish: 'n-expires_at' };
// The notice being written (null for a new one) and whether it is being saved.
let draft = null;

function noticeForm(n, missingId) {
  if (missingId && !n) return go('#/site/notices');
  draft = { n, saving: false };
  return drawNoticeForm();
}

function drawNoticeForm() {
  const { n, saving } = draft, v = k => (n ? n[k] || '' : '');
  render(html`<form id="notice-form" class="card" novalidate @submit=${saveNotice}>
<h2>${n ? bil('নোটিশ সম্পাদনা', 'Edit notice') : bil('নতুন নোটিশ', 'New notice')}</h2>
<div id="notice-error"></div>
<div class="field"><label for="n-title_bn">${bil('শিরোনাম (বাংলা)', 'Title (Bengali)')}</label>
<input id="n-title_bn" name="title_bn" required maxlength="200" .value=${v('title_bn')}></div>
<div class="field"><label for="n-title_en">${bil('শিরোনাম (ইংরেজি)', 'Title (English)')}</label>
<input id="n-title_en" name="title_en" maxlength="200" .value=${v('title_en')} lang="en"></div>
<div class="field"><label for="n-body_bn">${bil('বিস্তারিত (বাংলা)', 'Text (Bengali)')}</label>
<textarea id="n-body_bn" name="body_bn" rows="6" maxlength="5000" .value=${v('body_bn')}></textarea></div>
<div class="field"><label for="n-body_en">${bil('বিস্তারিত (ইংরেজি)', 'Text (English)')}</label>
<textarea id="n-body_en" name="body_en" rows="3" maxlength="5000" lang="en" .value=${v('body_en')}></textarea>
</div>
<div class="field"><label for="n-publish_at">${
  bil('প্রকাশের সময় (খালি: এখনই)', 'Publish at (empty: now)')}</label>
${moment('publish_at', n && n.publish_at)}</div>
<div class="field"><label for="n-expires_at">${
  bil('মেয়াদ শেষ (খালি: কখনো না)', 'Expires at (empty: never)')}</label>
${moment('expires_at', n && n.expires_at)}</div>
<label class="check"><input type="checkbox" name="breaking" id="n-breaking" ?checked=${n && n.breaking}> ${
  bil('জরুরি খবর হিসেবে দেখান', 'Show as breaking news')}</label>
<p class="actions"><button type="submit" id="save-notice" ?disabled=${saving}>${
  bil('সংরক্ষণ', 'Save')}</button>
<a class="btn secondary" href="#/site/notices">${bil('বাতিল', 'Cancel')}</a></p></form>`, body);
}

// What the form says, as the API takes it; {bad: [...]} when a date is not written day first.
function noticeBody(form, n) {
  const f = new FormData(form), out = {}, bad = [];
  for (const k of ['title_bn', 'title_en', 'body_bn', 'body_en']) out[k] = f.get(k).trim();
  for (const k of ['publish_at', 'expires_at']) {
    const day = isoDate(f.get(k)), time = f.get(`${k}_time`) || '00:00';
    if (day === null) bad.push({ field: k, ...DATE_ERROR });
    else if (day) out[k] = `${day}T${time}`;
    else if (n) out[k] = k === 'expires_at' ? null : undefined;
  }
  if (bad.length) return { bad };
  if (!n && !out.expires_at) delete out.expires_at;
  if (out.publish_at === undefined) delete out.publish_at;
  out.breaking = $('#n-breaking', form).checked;
  if (n) out.version = n.version;
  return out;
}

async function saveNotice(ev) {
  ev.preventDefault();
  const form = ev.target, box = $('#notice-error', form), { n } = draft, mine = screen;
  const shout = err => showErrors(form, box, err, NOTICE_FIELDS, code => NOTICE_CODES[code]);
  clearErrors(form, box);
  const out = noticeBody(form, n);
  if (out.bad) return shout({ ...DATE_ERROR, details: out.bad });
  draft.saving = true;
  drawNoticeForm();
  try {
    await call(n ? `/api/notices/${enc(n.id)}` : '/api/notices', { method: n ? 'PATCH' : 'POST', body: out });
  } catch (e) {
    if (mine !== screen) return;
    draft.saving = false;
    drawNoticeForm();
    if (!e.handled) shout(e);
    return;
  }
  if (mine !== screen) return;
  flash('নোটিশ সংরক্ষণ করা হয়েছে', 'Notice saved');
  go('#/site/notices');
}

// ---- photos -------------------------------------------------------------------------------
// gallery: the photos (null while loading), their error, the one asked about removing, a removal on
// its way and its error. sending: the upload's progress (null: none), its note, whether it is on.
let gallery = null, sending = null;

function showPhotos() {
  gallery = { items: null, error: null, asking: null, busy: false, failed: null };
  sending = { progress: null, note: nothing, busy: false };
  drawPhotos();
  loadPhotos();
}

async function loadPhotos() {
  const mine = screen;
  Object.assign(gallery, { items: null, error: null, asking: null });
  drawPhotos();
  try {
    const d = await call('/api/photos');
    if (mine === screen) gallery.items = d.items;
  } catch (e) {
    if (mine === screen && !e.handled) gallery.error = e;
  }
  if (mine === screen) drawPhotos();
}

function drawPhotos() {
  render(html`<form id="photo-form" class="card" novalidate @submit=${upload}>
<h2>${bil('ছবি আপলোড', 'Upload a photo')}</h2>
<div class="field"><label for="photo-file">${bil('ছবি (JPEG, PNG বা WebP; সর্বোচ্চ ২ মেগাবাইট)',
    'Photo (JPEG, PNG or WebP; at most 2 MB)')}</label>
<input id="photo-file" type="file" accept="image/jpeg,image/png,image/webp" required></div>
<div class="field"><label for="photo-caption">${bil('ক্যাপশন', 'Caption')}</label>
<input id="photo-caption" maxlength="200"></div>
<progress id="photo-progress" max="100" .value=${sending.progress || 0}
 ?hidden=${sending.progress === null}></progress>
<div id="photo-state" aria-live="polite">${sending.note}</div>
<p class="actions"><button type="submit" id="photo-upload" ?disabled=${sending.busy}>${
  bil('আপলোড', 'Upload')}</button></p></form>
<div id="photo-list">${photoList()}</div>`, body);
}

function photoList() {
  const { items, error } = gallery;
  if (error) return errorNote(error, loadPhotos);
  if (!items) return loadingNote();
  return items.length ? html`<ul class="photos">${items.map(photoItem)}</ul>`
    : emptyNote(['এখনো কোনো ছবি নেই', 'No photos yet'], 'photos-empty');
}

const photoItem = p => html`<li data-testid="officer-photo">
<img src=${p.thumb_url || p.url} loading="lazy" width="400" height="300" alt=${p.caption_bn || ''}>
<small>${p.caption_bn || ''}<br>${when(p.published_at)}</small>
${gallery.asking === p.id ? html`${confirmBox({
    question: ['ছবিটি মুছবেন?', 'Remove this photo?'], yes: ['হ্যাঁ, মুছুন', 'Yes, remove'], danger: true,
    busy: gallery.busy, onYes: () => remove(p.id), onNo: () => askRemove(null),
  })}${gallery.failed ? errorNote(gallery.failed) : nothing}`
    : html`<button type="button" class="secondary" data-delete=${p.id}
 @click=${() => askRemove(p.id)}>${bil('মুছুন', 'Remove')}</button>`}</li>`;

function askRemove(id) {
  Object.assign(gallery, { asking: id, failed: null });
  drawPhotos();
}

async function remove(id) {
  const mine = screen;
  Object.assign(gallery, { busy: true, failed: null });
  drawPhotos();
  try {
    await call(`/api/photos/${enc(id)}`, { method: 'DELETE' });
    if (mine === screen) loadPhotos();
  } catch (e) {
    if (mine === screen) gallery.failed = e.handled ? null : e;
  } finally {
    gallery.busy = false;
    if (mine === screen) drawPhotos();
  }
}

const UPLOAD_FAILED = { message_bn: 'ছবি আপলোড হয়নি। আবার চেষ্টা করুন।',
  message: 'The photo did not upload.' };

async function upload(ev) {
  ev.preventDefault();
  const form = ev.target, file = $('#photo-file', form).files[0], mine = screen;
  const tell = note => { sending.note = note; if (mine === screen) drawPhotos(); };
  tell(nothing);
  let problem;
  try { problem = await photoProblem(file); } catch (e) { problem = e; }
  if (problem) return tell(errorNote(problem));
  Object.assign(sending, { busy: true, progress: 0 });
  try {
    const p = await call('/api/photos', { method: 'POST', body: { content_type: file.type, size: file.size,
      caption_bn: $('#photo-caption', form).value.trim() } });
    await postToS3(p.url, p.fields, file, v => { sending.progress = v; tell(`${bn(v)}% · ${v}%`); });
    tell(bil('ছবি যাচাই ও ছোট সংস্করণ তৈরি হচ্ছে…', 'Checking the photo and making a thumbnail…'));
    await call(`/api/photos/${enc(p.id)}/done`, { method: 'POST', body: {} });
    flash('ছবি প্রকাশিত হয়েছে', 'Photo published');
    form.reset();
    sending.note = nothing;
    if (mine === screen) loadPhotos();
  } catch (e) {
    if (!e.handled) sending.note = errorNote(e.code ? e : UPLOAD_FAILED);
  } finally {
    Object.assign(sending, { busy: false, progress: null });
    if (mine === screen) drawPhotos();
  }
}

// ---- the office's about page --------------------------------------------------------------
const ABOUT = [['address_bn', 'ঠিকানা (বাংলা)', 'Address (Bengali)'],
  ['address_en', 'ঠিকানা (ইংরেজি)', 'Address (English)'],
  ['contact_phone', 'অফিসের দাপ্তরিক ফোন', "Office's official phone"], ['email', 'ই-মেইল', 'E-mail'],
  ['facebook_url', 'ফেসবুক পেজের ঠিকানা', 'Facebook page address'],
  ['working_hours_bn', 'অফিস সময় (বাংলা)', 'Working hours (Bengali)'],
  ['working_hours_en', 'অফিস সময় (ইংরেজি)', 'Working hours (English)']];
const ABOUT_FIELDS = Object.fromEntries([...ABOUT.map(([k]) => [k, `a-${k}`]), ['officers', 'a-officers']]);
const IN_ENGLISH = k => k.endsWith('_en') || k === 'email' || k === 'facebook_url';
// The about page as the office has it, its code, and whether it is being saved.
let about = null;

async function showAbout() {
  const code = officeCode() || 'BD';
  const o = await fetchFor(`/api/offices/${code}`, () => showAbout());
  if (!o) return;
  about = { o, code, saving: false };
  drawAbout();
}

function drawAbout() {
  const { o, code, saving } = about;
  const officers = (o.officers || []).map(p => [p.name_bn, p.title_bn, p.name_en, p.title_en]
    .map(x => x || '').join(' | ')).join('\n');
  render(html`<form id="about-form" class="card" novalidate @submit=${saveAbout}>
<h2>${bil('অফিস পরিচিতি (পাবলিক পাতা)', "Your office's about page (public)")}</h2>
<p class="hint">${bil('শুধু অফিসের দাপ্তরিক ফোন দিন; ব্যক্তিগত নম্বর নয়।',
    "Give the office's official number only, never a personal one.")}</p>
<div id="about-error"></div>
${ABOUT.map(([k, b, e]) => html`<div class="field"><label for="a-${k}">${bil(b, e)}</label>
<input id="a-${k}" name=${k} .value=${o[k] || ''} lang=${IN_ENGLISH(k) ? 'en' : nothing}></div>`)}
<div class="field"><label for="a-officers">${bil('কর্মকর্তা: প্রতি লাইনে নাম | পদবি | Name | Title',
    'Officers: one a line, name | title | English name | English title')}</label>
<textarea id="a-officers" name="officers" rows="4" .value=${officers}></textarea></div>
<p class="actions"><button type="submit" id="save-about" ?disabled=${saving}>${
  bil('সংরক্ষণ', 'Save')}</button>
<a href="index.html#/about/${enc(code)}" target="_blank">${
  bil('পাবলিক পাতা দেখুন', 'View the public page')}</a></p>
</form>`, body);
}

async function saveAbout(ev) {
  ev.preventDefault();
  const form = ev.target, box = $('#about-error', form), f = new FormData(form), out = {}, mine = screen;
  clearErrors(form, box);
  ABOUT.forEach(([k]) => { out[k] = f.get(k).trim() || null; });
  out.officers = f.get('officers').split('\n').map(l => l.trim()).filter(Boolean).map(l => {
    const [name_bn = '', title_bn = '', name_en = '', title_en = ''] = l.split('|').map(x => x.trim());
    return { name_bn, title_bn, name_en, title_en };
  });
  about.saving = true;
  drawAbout();
  try { await call(`/api/offices/${enc(about.code)}`, { method: 'PATCH', body: out }); } catch (e) {
    if (mine !== screen) return;
    about.saving = false;
    drawAbout();
    // An officer's line is named as e.g. officers.0.name_bn: its error shows by the officers' box.
    const details = (e.details || [])
      .map(d => (/^officers\b/.test(d.field || '') ? { ...d, field: 'officers' } : d));
    if (!e.handled) showErrors(form, box, { ...e, message: e.message, details }, ABOUT_FIELDS);
    return;
  }
  if (mine !== screen) return;
  flash(`অফিস পরিচিতি সংরক্ষণ করা হয়েছে (${num(out.officers.length)} জন কর্মকর্তা)`, 'About page saved');
  go('#/site/about');
}
