// Office administration in officer.html: #/officers (the officers one level below: register, deactivate,
// reactivate, reset password, transfer; each office's society counts), #/inbox (officer messages, compose
// for offices with officers below) and #/profile (own phone, name and password). Like market-officer.js it
// is imported by the shell (officer.js) when first opened and shows its own section on its hashes.
import {
  $, bi, bn, clearErrors, errorBox, esc, loading, num, officerCall, officerSession, setBadge, showErrors,
  when,
} from './common.js';

const HASHES = ['officers', 'inbox', 'profile'];
const ROLE_BELOW = { hq: ['বিভাগ', 'division'], division: ['জেলা', 'district'],
  district: ['উপজেলা', 'upazila'] };
const section = document.createElement('section');
section.id = 'office-view'; section.hidden = true;
$('main').append(section);
let me = null, rendered = '';
const enc = encodeURIComponent;

const session = officerSession;
const manages = () => Boolean(me && ROLE_BELOW[me.user.role]);

const call = (path, opts = {}) => officerCall(path, opts, me && me.token);
const post = (path, body) => call(path, { method: 'POST', body });
const shown = (box, e) => { if (!e.handled) box.innerHTML = errorBox(e); };
const ok = (b, e) => `<div class="msg ok" role="status" data-testid="office-flash">${bi(b, e)}</div>`;


export function route() {
  me = session();
  const parts = (location.hash.slice(1) || '/').split('?')[0].split('/').filter(Boolean);
  if (!me || !HASHES.includes(parts[0])) { section.hidden = true; rendered = ''; return; }
  section.hidden = false;
  const key = `${location.hash}|${me.token}`;
  if (key === rendered) return;
  rendered = key;
  window.scrollTo(0, 0);
  const tab = parts[0] === 'officers' && !manages() ? 'inbox' : parts[0];
  section.innerHTML = `<h1>${bi('অফিস ও বার্তা', 'Office & inbox')}</h1>
<nav aria-label="অফিস · Office"><ul class="mtabs no-print">${
  manages() ? tabLink('officers', 'অফিসার', 'Officers') : ''}${tabLink('inbox', 'বার্তা', 'Messages')}${
  tabLink('profile', 'প্রোফাইল', 'Profile')}</ul></nav>
<div id="office-body"></div>`;
  section.querySelector(`[data-tab=${tab}]`).setAttribute('aria-current', 'page');
  const body = $('#office-body');
  if (tab === 'officers') return showOfficers(body);
  if (tab === 'profile') return showProfile(body);
  return showInbox(body, parts[1] === 'sent' ? 'sent' : 'inbox');
}
const tabLink = (t, b, e) => `<li><a href="#/${t}" data-tab="${t}">${bi(b, e)}</a></li>`;


// ---- officers one level below ---------------------------------------------------------------
const STATUS = { active: ['সক্রিয়', 'Active'], inactive: ['নিষ্ক্রিয়', 'Inactive'] };
const counts = c => (c ? `${bi('সমিতি', 'Societies')} <b>${num(c.total)}</b> ·
<span class="pill s-green">${bi('সবুজ', 'green')} ${num(c.by_status.green)}</span>
<span class="pill s-yellow">${bi('হলুদ', 'yellow')} ${num(c.by_status.yellow)}</span>
<span class="pill s-red">${bi('লাল', 'red')} ${num(c.by_status.red)}</span>` : '');

async function showOfficers(body) {
  document.title = 'অফিসার · Officers · Samabay';
  const below = ROLE_BELOW[me.user.role];
  body.innerHTML = loading();
  let d;
  try { d = await call('/api/officers'); } catch (e) { return shown(body, e); }
  const options = d.offices.map(o => `<option value="${esc(o.code)}">${esc(o.name_bn)} · ${
    esc(o.name_en)}</option>`).join('');
  body.innerHTML = `<div id="officers-flash" aria-live="polite"></div>
<details class="card no-print" id="register-card"><summary><b>+ ${
  bi(`নতুন ${below[0]} অফিসার নিবন্ধন`,
    `Register ${/^[aeiou]/.test(below[1]) ? 'an' : 'a'} ${below[1]} officer`)}</b></summary>
<form id="register-form" novalidate>
<div id="register-error"></div>
<div class="field"><label for="r-office">${bi('অফিস', 'Office')}</label><select id="r-office" required>${
  options}</select></div>
<div class="field"><label for="r-name">${bi('নাম (বাংলায়)', 'Name (Bengali)')}</label>
<input id="r-name" required maxlength="120"></div>
<div class="field"><label for="r-username">${bi('ইউজারনেম', 'Username')}</label>
<input id="r-username" required autocapitalize="none" spellcheck="false" maxlength="64"
 placeholder="rahim.uddin"><small>${bi('ছোট হাতের ইংরেজি অক্ষর, সংখ্যা, ডট বা ড্যাশ (৩–৬৪)',
    'lowercase letters, digits, dots or dashes (3-64)')}</small></div>
<div class="field"><label for="r-phone">${bi('মোবাইল', 'Mobile')}</label>
<input id="r-phone" type="tel" required placeholder="01712345678"></div>
<button type="submit" id="register-button">${bi('নিবন্ধন করুন', 'Register')}</button>
</form></details>
<h2>${bi(`${below[0]} অফিস ও অফিসার`, `${below[1]} offices and officers`)}</h2>
<ul class="rows" id="officers-list" data-testid="officers-list">${d.offices.map(o => officeRow(o, d.items))
    .join('')}</ul>`;
  $('#register-form').onsubmit = e => register(e, body);
  $('#officers-list').onclick = e => onAction(e, d.offices);
}

function officeRow(o, officers) {
  const here = officers.filter(x => x.office.code === o.code);
  return `<li class="mrow" data-office="${esc(o.code)}"><span class="name">${esc(o.name_bn)} <small>${
    esc(o.name_en)}</small></span>
<span class="meta">${counts(o.societies)}</span>
${here.length ? here.map(officerRow).join('') : `<span class="meta">${
    bi('কোনো অফিসার নিবন্ধিত নেই', 'No officer registered')}</span>`}</li>`;
}

function officerRow(x) {
  const active = x.status === 'active';
  return `<div class="officer" data-testid="officer-row" data-username="${esc(x.username)}">
<b>${esc(x.name_bn || x.username)}</b> · <code>${esc(x.username)}</code> · ${
  x.phone ? `<a href="tel:${esc(x.phone)}">${bn(x.phone.replace(/^\+88/, ''))}</a>` : '—'}
<span class="pill ${active ? 's-green' : 's-red'}" data-testid="officer-status">${
  bi(...STATUS[x.status])}</span>
<div class="actions no-print">
<button type="button" class="${active ? 'danger' : ''}" data-act="${active ? 'deactivate' : 'reactivate'}">${
  active ? bi('নিষ্ক্রিয় করুন', 'Deactivate') : bi('সক্রিয় করুন', 'Reactivate')}</button>
<button type="button" class="secondary" data-act="reset-password">${
  bi('পাসওয়ার্ড রিসেট', 'Reset password')}</button>
<button type="button" class="secondary" data-act="transfer">${bi('বদলি', 'Transfer')}</button></div>
<div class="confirm" data-confirm hidden></div></div>`;
}

const QUESTIONS = {
  deactivate: ['এই অফিসার আর লগইন করতে পারবেন না। নিষ্ক্রিয় করবেন?',
    'They will no longer be able to log in. Deactivate?'],
  reactivate: ['এই অফিসারকে আবার সক্রিয় করবেন?', 'Reactivate this officer?'],
  'reset-password': ['নতুন অস্থায়ী পাসওয়ার্ড দেওয়া হবে; পুরোনোটি আর চলবে না। রিসেট করবেন?',
    'A new temporary password replaces the old one. Reset?'],
  transfer: ['নতুন অফিস বেছে নিন। অফিসের তথ্য অফিসেই থাকবে; অফিসার নতুন অফিসের কাজ দেখবেন।',
    "Choose the new office. The office's records stay with the office; the officer works on the new one's."],
};

function onAction(e, offices) {
  const btn = e.target.closest('button[data-act]');
  if (!btn) return;
  const row = btn.closest('[data-username]'), act = btn.dataset.act;
  const box = row.querySelector('[data-confirm]');
  const current = row.closest('[data-office]').dataset.office;
  box.hidden = false;
  box.className = 'confirm msg info';
  box.innerHTML = `<p>${bi(...QUESTIONS[act])}</p>${act === 'transfer' ? `<select data-to>${offices
    .filter(o => o.code !== current).map(o => `<option value="${esc(o.code)}">${esc(o.name_bn)} · ${
      esc(o.name_en)}</option>`).join('')}</select>` : ''}
<div class="actions"><button type="button" data-yes data-testid="confirm-${act}">${
  bi('হ্যাঁ', 'Yes')}</button>
<button type="button" class="secondary" data-no>${bi('না', 'No')}</button></div><div data-out></div>`;
  box.querySelector('[data-no]').onclick = () => { box.hidden = true; };
  box.querySelector('[data-yes]').onclick = async ev => {
    ev.target.disabled = true;
    const user = row.dataset.username, to = box.querySelector('[data-to]');
    try {
      const d = await post(`/api/officers/${enc(user)}/${act}`, to ? { office_code: to.value } : {});
      if (act === 'reset-password') {
        box.innerHTML = passwordCard(user, d.temporary_password);
        wireCopy(box);
        return;
      }
      $('#officers-flash').innerHTML = ok('সম্পন্ন হয়েছে।', 'Done.');
      rendered = ''; route();
    } catch (err) { ev.target.disabled = false; shown(box.querySelector('[data-out]'), err); }
  };
}

const passwordCard = (user, password) => `<div class="msg ok" data-testid="temporary-password-card"><p>${bi(
  `${user}-এর অস্থায়ী পাসওয়ার্ড (এটি কেবল একবার দেখানো হচ্ছে; অফিসারকে জানিয়ে দিন):`,
  `Temporary password for ${user} (shown this once; give it to the officer):`)}</p>
<p><code class="temp-password" data-testid="temporary-password">${esc(password)}</code>
<button type="button" class="secondary" data-copy="${esc(password)}">${bi('কপি', 'Copy')}</button></p>
<p><small>${bi('প্রথম লগইনে অফিসার নিজের পাসওয়ার্ড দেবেন।',
    'At first login the officer sets their own.')}</small></p></div>`;

function wireCopy(root) {
  root.querySelectorAll('[data-copy]').forEach(b => {
    b.onclick = async () => {
      try {
        await navigator.clipboard.writeText(b.dataset.copy);
        b.innerHTML = bi('কপি হয়েছে', 'Copied');
      } catch (_) {
        const r = document.createRange(); r.selectNodeContents(b.previousElementSibling);
        getSelection().removeAllRanges(); getSelection().addRange(r);
      }
    };
  });
}

async function register(e, body) {
  e.preventDefault();
  const btn = $('#register-button'), out = $('#register-error');
  clearErrors(e.target, out);
  btn.disabled = true;
  try {
    const d = await post('/api/officers', { username: $('#r-username').value.trim().toLowerCase(),
      name_bn: $('#r-name').value.trim(), phone: $('#r-phone').value.trim(),
      office_code: $('#r-office').value });
    await showOfficers(body);
    $('#officers-flash').innerHTML = passwordCard(d.username, d.temporary_password);
    wireCopy($('#officers-flash'));
  } catch (err) {
    btn.disabled = false;
    if (!err.handled) {
      showErrors(e.target, out, err, { username: 'r-username', name_bn: 'r-name', phone: 'r-phone',
        office_code: 'r-office' }, code => (/username/.test(code || '') ? 'r-username' : null));
    }
  }
}

// ---- messages -------------------------------------------------------------------------------
async function showInbox(body, box) {
  document.title = 'বার্তা · Messages · Samabay';
  body.innerHTML = `${manages() ? composeHtml() : ''}
<ul class="mtabs no-print"><li><a href="#/inbox" ${box === 'inbox' ? 'aria-current="page"' : ''}>${
  bi('প্রাপ্ত', 'Inbox')}</a></li><li><a href="#/inbox/sent" ${box === 'sent' ? 'aria-current="page"' : ''}>${
  bi('পাঠানো', 'Sent')}</a></li></ul>
<ul class="rows" id="messages" data-testid="messages"></ul><div id="messages-state"></div>
<button type="button" class="more secondary" id="messages-more" hidden>${
  bi('আরও দেখুন', 'Load more')}</button>`;
  if (manages()) wireCompose();
  const list = $('#messages'), state = $('#messages-state'), more = $('#messages-more');
  let cursor = null;
  async function load() {
    state.innerHTML = loading();
    try {
      const d = await call(`/api/officer-messages?box=${box}${cursor ? `&cursor=${enc(cursor)}` : ''}`);
      setBadge('unread', d.unread);
      list.insertAdjacentHTML('beforeend', d.items.map(m => messageRow(m, box)).join(''));
      cursor = d.next_cursor; more.hidden = !cursor;
      state.innerHTML = list.children.length ? '' : `<p class="empty" data-testid="messages-empty">${
        bi('কোনো বার্তা নেই', 'No messages')}</p>`;
    } catch (e) { shown(state, e); }
  }
  more.onclick = load;
  list.onclick = async e => {
    const b = e.target.closest('[data-read]');
    if (!b) return;
    b.disabled = true;
    try {
      setBadge('unread', (await post(`/api/officer-messages/${enc(b.dataset.read)}/read`, {})).unread);
      b.closest('li').classList.remove('unread'); b.remove();
    } catch (err) { b.disabled = false; shown(state, err); }
  };
  load();
}

const messageRow = (m, box) => `<li class="mrow${box === 'inbox' && !m.read_at ? ' unread' : ''}"
 data-testid="message-row"><span class="meta">${when(m.sent_at)} · ${box === 'inbox'
    ? `${bi('প্রেরক', 'From')} ${esc(m.from_name_bn || '')} (${esc(m.from_username)})`
    : `${bi('প্রাপক', 'To')} ${m.to === 'all' ? bi('সবাই', 'all') : esc(m.to)} (${
      bn((m.recipients || []).length)})`}${
  m.sms ? ` · ${bi('এসএমএস সহ', 'with SMS')}` : ''}</span>
<p class="message-text">${esc(m.text)}</p>${box === 'inbox' && !m.read_at ? `<button type="button"
 class="secondary" data-read="${esc(m.id)}">${bi('পড়া হয়েছে', 'Mark read')}</button>` : ''}</li>`;

const composeHtml = () => `<details class="card no-print" id="compose-card"><summary><b>✉ ${
  bi(`${ROLE_BELOW[me.user.role][0]} অফিসারদের বার্তা`,
    `Write to ${ROLE_BELOW[me.user.role][1]} officers`)}</b>
</summary><form id="compose-form" novalidate><div id="compose-out"></div>
<div class="field"><label for="c-to">${bi('প্রাপক', 'To')}</label><select id="c-to">
<option value="all">সবাই · All</option></select></div>
<div class="field"><label for="c-text">${bi('বার্তা', 'Message')}</label>
<textarea id="c-text" rows="4" maxlength="1000" required></textarea></div>
<label class="check"><input type="checkbox" id="c-sms"> ${bi('এসএমএস-ও পাঠান', 'Also send by SMS')}</label>
<div class="actions"><button type="submit" id="c-send">${bi('পাঠান', 'Send')}</button></div>
</form></details>`;

async function wireCompose() {
  const form = $('#compose-form'), out = $('#compose-out');
  call('/api/officers').then(d => {
    $('#c-to').insertAdjacentHTML('beforeend', d.items.filter(x => x.status === 'active').map(x =>
      `<option value="${esc(x.username)}">${esc(x.name_bn || x.username)} · ${
        esc(x.office.name_bn)}</option>`)
      .join(''));
  }).catch(() => {});
  form.onsubmit = async e => {
    e.preventDefault();
    const btn = $('#c-send');
    btn.disabled = true; out.innerHTML = loading();
    try {
      const d = await post('/api/officer-messages', { to: $('#c-to').value, text: $('#c-text').value,
        sms: $('#c-sms').checked });
      out.innerHTML = ok(`${bn(d.recipients)} জনকে পাঠানো হয়েছে।`, `Sent to ${d.recipients}.`);
      $('#c-text').value = '';
    } catch (err) { shown(out, err); } finally { btn.disabled = false; }
  };
}

const PASSWORD_FIELD = {
  wrong_current_password: 'p-current', weak_password: 'p-new', same_password: 'p-new',
};
// ---- own profile ----------------------------------------------------------------------------
async function showProfile(body) {
  document.title = 'প্রোফাইল · Profile · Samabay';
  body.innerHTML = loading();
  let p;
  try { p = await call('/api/profile'); } catch (e) { return shown(body, e); }
  body.innerHTML = `<div class="card"><p><b>${esc(p.name_bn || p.username)}</b> · <code>${
    esc(p.username)}</code><br>${
    esc(p.office.name_bn || 'প্রধান কার্যালয়')} <small>${esc(p.office.name_en || 'HQ')}</small></p></div>
<h2>${bi('ফোন ও নাম', 'Phone and name')}</h2>
<form id="profile-form" class="card" novalidate><div id="profile-out"></div>
<div class="field"><label for="p-name">${bi('নাম (বাংলায়)', 'Name (Bengali)')}</label>
<input id="p-name" value="${esc(p.name_bn || '')}" maxlength="120"></div>
<div class="field"><label for="p-phone">${bi('মোবাইল', 'Mobile')}</label>
<input id="p-phone" type="tel" value="${esc((p.phone || '').replace(/^\+88/, ''))}"></div>
<button type="submit" id="p-save">${bi('সংরক্ষণ', 'Save')}</button></form>
<h2>${bi('পাসওয়ার্ড বদলান', 'Change password')}</h2>
<form id="password-form" class="card" novalidate><div id="password-out"></div>
<div class="field"><label for="p-current">${bi('বর্তমান পাসওয়ার্ড', 'Current password')}</label>
<input id="p-current" type="password" autocomplete="current-password" required></div>
<div class="field"><label for="p-new">${bi('নতুন পাসওয়ার্ড', 'New password')}</label>
<input id="p-new" type="password" autocomplete="new-password" required>
<small>${bi('কমপক্ষে ১০ অক্ষর, A-Z, a-z ও 0-9 সহ',
  'At least 10 characters with A-Z, a-z and 0-9')}</small></div>
<button type="submit" id="p-change">${bi('পাসওয়ার্ড বদলান', 'Change password')}</button></form>`;
  $('#profile-form').onsubmit = async e => {
    e.preventDefault();
    const out = $('#profile-out');
    clearErrors(e.target, out);
    try {
      await call('/api/profile', { method: 'PATCH', body: { name_bn: $('#p-name').value.trim() || null,
        phone: $('#p-phone').value.trim() || null } });
      out.innerHTML = ok('সংরক্ষিত হয়েছে।', 'Saved.'); out.hidden = false;
    } catch (err) {
      if (!err.handled) showErrors(e.target, out, err, { name_bn: 'p-name', phone: 'p-phone' });
    }
  };
  $('#password-form').onsubmit = async e => {
    e.preventDefault();
    const out = $('#password-out');
    clearErrors(e.target, out);
    try {
      await post('/api/profile/password', { current_password: $('#p-current').value,
        new_password: $('#p-new').value });
      $('#p-current').value = $('#p-new').value = '';
      out.innerHTML = ok('পাসওয়ার্ড বদলানো হয়েছে।', 'Password changed.'); out.hidden = false;
    } catch (err) {
      if (!err.handled) {
        showErrors(e.target, out, err, { current_password: 'p-current', new_password: 'p-new' },
          code => PASSWORD_FIELD[code]);
      }
    }
  };
}
