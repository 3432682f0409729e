// The office's public-site content in officer.html (#/site/…): notices (write, schedule, expire,
// withdraw), photos (upload with progress, caption, remove) and the office's about page. Like
// market-officer.js it is imported by the shell (officer.js) when first opened and shows #site-view
// on #/site hashes. Every office level writes for its own area only.
import {
  $, bi, bn, DATE_ERROR, dateInput, errorBox, esc, isoDate, loading, markTab, num, officerCall,
  officerSession, photoProblem, when,
} from './common.js';

const STATES = { scheduled: ['নির্ধারিত', 'Scheduled'], published: ['প্রকাশিত', 'Published'],
  expired: ['মেয়াদ শেষ', 'Expired'], withdrawn: ['প্রত্যাহার', 'Withdrawn'] };
let me = null, rendered = '';
const notices = new Map();

const section = document.createElement('section');
section.id = 'site-view';
section.hidden = true;
section.innerHTML = `<h1>পাবলিক সাইট <small>Public site</small></h1>
<nav aria-label="পাবলিক সাইট · Public site"><ul class="mtabs no-print" id="site-tabs">
<li><a href="#/site/notices" data-tab="notices">নোটিশ <small>Notices</small></a></li>
<li><a href="#/site/photos" data-tab="photos">ছবি <small>Photos</small></a></li>
<li><a href="#/site/about" data-tab="about">অফিস পরিচিতি <small>About page</small></a></li>
</ul></nav>
<div id="site-flash" aria-live="polite"></div>
<div id="site-body"></div>`;
$('main').append(section);
const body = $('#site-body', section), flashBox = $('#site-flash', section);

const session = officerSession;
const call = (path, opts = {}) => officerCall(path, opts, me && me.token);
const flash = (b, e) => { flashBox.innerHTML = `<div class="msg ok" role="status" data-testid="site-flash">${
  bi(b, e)}</div>`; };
const fail = (box, e) => {
  if (e.handled) return;
  const list = (e.details || []).map(d => `<li>${esc(d.field || '')}: ${
    bi(d.message_bn || '', d.message || '')}</li>`);
  box.innerHTML = errorBox(e, list.length ? `<ul>${list.join('')}</ul>` : '');
};
const office = () => (me.user.office || {});
const officeCode = () => office().code || '';
// Stored times are UTC; the form shows and sends Dhaka time (the server reads a time without a zone so).
const dhakaInput = iso => (iso
  ? new Date(new Date(iso).getTime() + 6 * 3600e3).toISOString().slice(0, 16) : '');
// A moment in Dhaka time: the day typed day first, and the time.
const moment = (name, iso) => `<span class="moment">${dateInput(`id="n-${name}" name="${name}"`,
  dhakaInput(iso).slice(0, 10))}<input type="time" id="n-${name}_time" name="${name}_time"
 aria-label="সময় · Time" value="${dhakaInput(iso).slice(11, 16)}"></span>`;

function parse() {
  const [path] = (location.hash.slice(1) || '/').split('?');
  return path.split('/').filter(Boolean).map(decodeURIComponent);
}
export function route() {
  me = session();
  const parts = parse();
  if (parts[0] !== 'site' || !me) { section.hidden = true; rendered = ''; return; }
  section.hidden = false;
  const key = `${location.hash}|${me.token}`;
  if (key === rendered) return;
  rendered = key;
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

// ---- notices ------------------------------------------------------------------------------
async function showNotices() {
  body.innerHTML = loading();
  let d;
  try { d = await call('/api/notices?limit=100'); } catch (e) { return fail(body, e); }
  d.items.forEach(n => notices.set(n.id, n));
  const row = n => `<li class="mrow" data-testid="officer-notice">
<span class="name">${n.breaking ? '● ' : ''}${esc(n.title_bn)}</span>
<span class="meta">${bi(STATES[n.state][0], STATES[n.state][1])} · ${bi('প্রকাশ', 'from')} ${
  when(n.publish_at)}${
  n.expires_at ? ` · ${bi('শেষ', 'until')} ${when(n.expires_at)}` : ''}</span>
${n.state === 'withdrawn' ? '' : `<p class="actions">
<a class="btn secondary" href="#/site/notices/${esc(n.id)}/edit">${
    bi('সম্পাদনা', 'Edit')}</a> <button type="button" class="secondary" data-withdraw="${esc(n.id)}">${
    bi('প্রত্যাহার', 'Withdraw')}</button>${n.state === 'published'
    ? ` <a href="index.html#/notice/${esc(n.id)}"
 target="_blank">${bi('সাইটে দেখুন', 'View on site')}</a>` : ''}</p>`}</li>`;
  body.innerHTML = `<p class="actions no-print">
<a class="btn" href="#/site/notices/new" data-testid="new-notice">${
    bi('নতুন নোটিশ', 'New notice')}</a></p>
<p class="hint">${bi(`${office().name_bn || 'প্রধান কার্যালয়'}-এর নোটিশ এই এলাকা ও এর অধীন
সব এলাকার পাতায় দেখা যায়।`,
    "Your office's notices show on its area's page and every page below it.")}</p>
${d.items.length ? `<ul class="rows">${d.items.map(row).join('')}</ul>`
    : `<p class="empty">${bi('এখনো কোনো নোটিশ নেই', 'No notices yet')}</p>`}`;
  body.querySelectorAll('[data-withdraw]').forEach(b => b.onclick = async () => {
    if (!window.confirm('নোটিশটি প্রত্যাহার করবেন? · Withdraw this notice?')) return;
    b.disabled = true;
    try { await call(`/api/notices/${b.dataset.withdraw}`, { method: 'DELETE' }); } catch (e) {
      return fail(flashBox, e);
    }
    flash('নোটিশ প্রত্যাহার করা হয়েছে', 'Notice withdrawn');
    go('#/site/notices');
  });
}

function noticeForm(n, missingId) {
  if (missingId && !n) return go('#/site/notices');
  const v = k => esc(n ? n[k] || '' : '');
  body.innerHTML = `<form id="notice-form" class="card" novalidate>
<h2>${n ? bi('নোটিশ সম্পাদনা', 'Edit notice') : bi('নতুন নোটিশ', 'New notice')}</h2>
<div id="notice-error"></div>
<div class="field"><label for="n-title_bn">${bi('শিরোনাম (বাংলা)', 'Title (Bengali)')}</label>
<input id="n-title_bn" name="title_bn" required maxlength="200" value="${v('title_bn')}"></div>
<div class="field"><label for="n-title_en">${bi('শিরোনাম (ইংরেজি)', 'Title (English)')}</label>
<input id="n-title_en" name="title_en" maxlength="200" value="${v('title_en')}" lang="en"></div>
<div class="field"><label for="n-body_bn">${bi('বিস্তারিত (বাংলা)', 'Text (Bengali)')}</label>
<textarea id="n-body_bn" name="body_bn" rows="6" maxlength="5000">${v('body_bn')}</textarea></div>
<div class="field"><label for="n-body_en">${bi('বিস্তারিত (ইংরেজি)', 'Text (English)')}</label>
<textarea id="n-body_en" name="body_en" rows="3" maxlength="5000" lang="en">${v('body_en')}</textarea></div>
<div class="field"><label for="n-publish_at">${
  bi('প্রকাশের সময় (খালি: এখনই)', 'Publish at (empty: now)')}</label>
${moment('publish_at', n && n.publish_at)}</div>
<div class="field"><label for="n-expires_at">${
  bi('মেয়াদ শেষ (খালি: কখনো না)', 'Expires at (empty: never)')}</label>
${moment('expires_at', n && n.expires_at)}</div>
<label class="check"><input type="checkbox" name="breaking" id="n-breaking"${
  n && n.breaking ? ' checked' : ''}> ${
  bi('জরুরি খবর হিসেবে দেখান', 'Show as breaking news')}</label>
<p class="actions"><button type="submit" id="save-notice">${bi('সংরক্ষণ', 'Save')}</button>
<a class="btn secondary" href="#/site/notices">${bi('বাতিল', 'Cancel')}</a></p></form>`;
  const form = $('#notice-form');
  form.onsubmit = async ev => {
    ev.preventDefault();
    const f = new FormData(form), out = {};
    for (const k of ['title_bn', 'title_en', 'body_bn', 'body_en']) out[k] = f.get(k).trim();
    for (const k of ['publish_at', 'expires_at']) {
      const day = isoDate(f.get(k)), time = f.get(`${k}_time`) || '00:00';
      if (day === null) return fail($('#notice-error'), DATE_ERROR);
      if (day) out[k] = `${day}T${time}`; else if (n) out[k] = k === 'expires_at' ? null : undefined;
    }
    if (!n && !out.expires_at) delete out.expires_at;
    if (out.publish_at === undefined) delete out.publish_at;
    out.breaking = $('#n-breaking').checked;
    if (n) out.version = n.version;
    $('#save-notice').disabled = true;
    try {
      await call(n ? `/api/notices/${n.id}` : '/api/notices', { method: n ? 'PATCH' : 'POST', body: out });
    } catch (e) { $('#save-notice').disabled = false; return fail($('#notice-error'), e); }
    flash('নোটিশ সংরক্ষণ করা হয়েছে', 'Notice saved');
    go('#/site/notices');
  };
}

// ---- photos -------------------------------------------------------------------------------

async function showPhotos() {
  body.innerHTML = `<form id="photo-form" class="card" novalidate>
<h2>${bi('ছবি আপলোড', 'Upload a photo')}</h2>
<div class="field"><label for="photo-file">${bi('ছবি (JPEG, PNG বা WebP; সর্বোচ্চ ২ মেগাবাইট)',
    'Photo (JPEG, PNG or WebP; at most 2 MB)')}</label>
<input id="photo-file" type="file" accept="image/jpeg,image/png,image/webp" required></div>
<div class="field"><label for="photo-caption">${bi('ক্যাপশন', 'Caption')}</label>
<input id="photo-caption" maxlength="200"></div>
<progress id="photo-progress" max="100" value="0" hidden></progress>
<div id="photo-state" aria-live="polite"></div>
<p class="actions"><button type="submit" id="photo-upload">${bi('আপলোড', 'Upload')}</button></p></form>
<div id="photo-list">${loading()}</div>`;
  $('#photo-form').onsubmit = ev => { ev.preventDefault(); upload(); };
  listPhotos();
}

async function listPhotos() {
  const box = $('#photo-list');
  let d;
  try { d = await call('/api/photos'); } catch (e) { return fail(box, e); }
  box.innerHTML = d.items.length ? `<ul class="photos">${d.items.map(p => `<li data-testid="officer-photo">
<img src="${esc(p.thumb_url || p.url)}" loading="lazy" width="400" height="300"
 alt="${esc(p.caption_bn || '')}">
<small>${esc(p.caption_bn || '')}<br>${when(p.published_at)}</small>
<button type="button" class="secondary" data-delete="${esc(p.id)}">${bi('মুছুন', 'Remove')}</button></li>`)
    .join('')}</ul>` : `<p class="empty">${bi('এখনো কোনো ছবি নেই', 'No photos yet')}</p>`;
  box.querySelectorAll('[data-delete]').forEach(b => b.onclick = async () => {
    if (!window.confirm('ছবিটি মুছবেন? · Remove this photo?')) return;
    try { await call(`/api/photos/${b.dataset.delete}`, { method: 'DELETE' }); } catch (e) {
      return fail(flashBox, e);
    }
    listPhotos();
  });
}

// The browser POSTs the file straight to S3 (presigned); XHR gives upload progress on slow links.
function post(url, fields, file, progress) {
  return new Promise((resolve, reject) => {
    const data = new FormData();
    Object.entries(fields).forEach(([k, v]) => data.append(k, v));
    data.append('file', file);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.upload.onprogress = e => { if (e.lengthComputable) progress(Math.round(100 * e.loaded / e.total)); };
    xhr.onload = () => (xhr.status < 300 ? resolve() : reject(new Error(`upload ${xhr.status}`)));
    xhr.onerror = () => reject(new Error('network'));
    xhr.send(data);
  });
}

async function upload() {
  const file = $('#photo-file').files[0], state = $('#photo-state'), bar = $('#photo-progress');
  state.innerHTML = '';
  let problem;
  try { problem = await photoProblem(file); } catch (e) { problem = e; }
  if (problem) {
    state.innerHTML = errorBox(problem);
    return;
  }
  const button = $('#photo-upload');
  button.disabled = true;
  bar.hidden = false; bar.value = 0;
  try {
    const p = await call('/api/photos', { method: 'POST', body: { content_type: file.type, size: file.size,
      caption_bn: $('#photo-caption').value.trim() } });
    await post(p.url, p.fields, file, v => { bar.value = v; state.textContent = `${bn(v)}% · ${v}%`; });
    state.innerHTML = bi('ছবি যাচাই ও ছোট সংস্করণ তৈরি হচ্ছে…', 'Checking the photo and making a thumbnail…');
    await call(`/api/photos/${p.id}/done`, { method: 'POST', body: {} });
    flash('ছবি প্রকাশিত হয়েছে', 'Photo published');
    $('#photo-form').reset();
    state.innerHTML = '';
    listPhotos();
  } catch (e) {
    fail(state, e.code ? e
      : { message_bn: 'ছবি আপলোড হয়নি। আবার চেষ্টা করুন।', message: 'The photo did not upload.' });
  } finally { button.disabled = false; bar.hidden = true; }
}

// ---- the office's about page --------------------------------------------------------------
const ABOUT = [['address_bn', 'ঠিকানা (বাংলা)', 'Address (Bengali)'],
  ['address_en', 'ঠিকানা (ইংরেজি)', 'Address (English)'],
  ['contact_phone', 'অফিসের দাপ্তরিক ফোন', "Office's official phone"], ['email', 'ই-মেইল', 'E-mail'],
  ['facebook_url', 'ফেসবুক পেজের ঠিকানা', 'Facebook page address'],
  ['working_hours_bn', 'অফিস সময় (বাংলা)', 'Working hours (Bengali)'],
  ['working_hours_en', 'অফিস সময় (ইংরেজি)', 'Working hours (English)']];

async function showAbout() {
  body.innerHTML = loading();
  const code = officeCode() || 'BD';
  let o;
  try { o = await call(`/api/offices/${code}`); } catch (e) { return fail(body, e); }
  const officers = (o.officers || []).map(p => [p.name_bn, p.title_bn, p.name_en, p.title_en]
    .map(x => x || '').join(' | ')).join('\n');
  body.innerHTML = `<form id="about-form" class="card" novalidate>
<h2>${bi('অফিস পরিচিতি (পাবলিক পাতা)', "Your office's about page (public)")}</h2>
<p class="hint">${bi('শুধু অফিসের দাপ্তরিক ফোন দিন; ব্যক্তিগত নম্বর নয়।',
    "Give the office's official number only, never a personal one.")}</p>
<div id="about-error"></div>
${ABOUT.map(([k, b, e]) => `<div class="field"><label for="a-${k}">${bi(b, e)}</label>
<input id="a-${k}" name="${k}" value="${esc(o[k] || '')}"${k.endsWith('_en') || k === 'email'
    || k === 'facebook_url' ? ' lang="en"' : ''}></div>`).join('')}
<div class="field"><label for="a-officers">${bi('কর্মকর্তা: প্রতি লাইনে নাম | পদবি | Name | Title',
    'Officers: one a line, name | title | English name | English title')}</label>
<textarea id="a-officers" name="officers" rows="4">${esc(officers)}</textarea></div>
<p class="actions"><button type="submit" id="save-about">${bi('সংরক্ষণ', 'Save')}</button>
<a href="index.html#/about/${esc(code)}" target="_blank">${
  bi('পাবলিক পাতা দেখুন', 'View the public page')}</a></p>
</form>`;
  $('#about-form').onsubmit = async ev => {
    ev.preventDefault();
    const f = new FormData(ev.target), out = {};
    ABOUT.forEach(([k]) => { out[k] = f.get(k).trim() || null; });
    out.officers = f.get('officers').split('\n').map(l => l.trim()).filter(Boolean).map(l => {
      const [name_bn = '', title_bn = '', name_en = '', title_en = ''] = l.split('|').map(x => x.trim());
      return { name_bn, title_bn, name_en, title_en };
    });
    $('#save-about').disabled = true;
    try { await call(`/api/offices/${code}`, { method: 'PATCH', body: out }); } catch (e) {
      $('#save-about').disabled = false;
      return fail($('#about-error'), e);
    }
    flash(`অফিস পরিচিতি সংরক্ষণ করা হয়েছে (${num(out.officers.length)} জন কর্মকর্তা)`, 'About page saved');
    go('#/site/about');
  };
}

