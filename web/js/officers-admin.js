// Office administration in officer.html: #/officers (the officers one level below: register, deactivate,
// reactivate, reset password, transfer; each office's society counts), #/inbox (officer messages, compose
// for offices with officers below) and #/profile (own phone, name and password). Like market-officer.js it
// is imported by the shell (officer.js) when first opened and shows its own section on its hashes.
import {
  $, bn, clearErrors, num, officerCall, officerSession, qs, setBadge, showErrors, when,
} from './common.js';
import {
  bil, confirmBox, emptyNote, errorNote, html, loadingNote, nothing, pagedList, render,
} from './ui.js';

const HASHES = ['officers', 'inbox', 'profile'];
const ROLE_BELOW = { hq: ['বিভাগ', 'division'], division: ['জেলা', 'district'],
  district: ['উপজেলা', 'upazila'] };
const section = document.createElement('section');
section.id = 'office-view'; section.hidden = true;
$('main').append(section);
// screen counts the screens shown: an answer that comes after its screen was left is dropped.
let me = null, rendered = '', screen = 0;
const enc = encodeURIComponent;

const session = officerSession;
const manages = () => Boolean(me && ROLE_BELOW[me.user.role]);

const call = (path, opts = {}) => officerCall(path, opts, me && me.token);
const post = (path, body) => call(path, { method: 'POST', body });
const okNote = (b, e) => html`<div class="msg ok" role="status" data-testid="office-flash">${
  bil(b, e)}</div>`;


export function route() {
  me = session();
  const parts = (location.hash.slice(1) || '/').split('?')[0].split('/').filter(Boolean);
  if (!me || !HASHES.includes(parts[0])) { section.hidden = true; rendered = ''; screen += 1; return; }
  section.hidden = false;
  const key = `${location.hash}|${me.token}`;
  if (key === rendered) return;
  rendered = key;
  screen += 1;
  render(nothing, section); // a new screen on new elements: the last screen's list cannot draw into it
  window.scrollTo(0, 0);
  const tab = parts[0] === 'officers' && !manages() ? 'inbox' : parts[0];
  if (tab === 'officers') return showOfficers();
  if (tab === 'profile') return showProfile();
  return showInbox(parts[1] === 'sent' ? 'sent' : 'inbox');
}

// The area's heading and tabs around the tab's content.
const tabLink = (current, t, b, e) => html`<li><a href="#/${t}" data-tab=${t}
 aria-current=${t === current ? 'page' : nothing}>${bil(b, e)}</a></li>`;
const show = (tab, content) => render(html`<h1>${bil('অফিস ও বার্তা', 'Office & inbox')}</h1>
<nav aria-label="অফিস · Office"><ul class="mtabs no-print">${
  manages() ? tabLink(tab, 'officers', 'অফিসার', 'Officers') : nothing}${
  tabLink(tab, 'inbox', 'বার্তা', 'Messages')}${tabLink(tab, 'profile', 'প্রোফাইল', 'Profile')}</ul></nav>
<div id="office-body">${content}</div>`, section);


// ---- officers one level below ---------------------------------------------------------------
const STATUS = { active: ['সক্রিয়', 'Active'], inactive: ['নিষ্ক্রিয়', 'Inactive'] };
const counts = c => (c ? html`${bil('সমিতি', 'Societies')} <b>${num(c.total)}</b> ·
<span class="pill s-green">${bil('সবুজ', 'green')} ${num(c.by_status.green)}</span>
<span class="pill s-yellow">${bil('হলুদ', 'yellow')} ${num(c.by_status.yellow)}</span>
<span class="pill s-red">${bil('লাল', 'red')} ${num(c.by_status.red)}</span>` : nothing);

// The officers screen: the answer, the question open on each officer (by username), a note on top
// (a function: a template drawn afresh) and whether a registration is on its way.
let team = null;

async function showOfficers(note = null) {
  document.title = 'অফিসার · Officers · Samabay';
  const mine = screen;
  show('officers', loadingNote());
  let d;
  try { d = await call('/api/officers'); } catch (e) {
    if (!e.handled && mine === screen) show('officers', errorNote(e, () => showOfficers()));
    return;
  }
  if (mine !== screen) return;
  team = { d, note, asking: new Map(), registering: false };
  drawOfficers();
}

function drawOfficers() {
  const { d, note, registering } = team, below = ROLE_BELOW[me.user.role];
  show('officers', html`<div id="officers-flash" aria-live="polite">${note ? note() : nothing}</div>
<details class="card no-print" id="register-card"><summary><b>+ ${
  bil(`নতুন ${below[0]} অফিসার নিবন্ধন`,
    `Register ${/^[aeiou]/.test(below[1]) ? 'an' : 'a'} ${below[1]} officer`)}</b></summary>
<form id="register-form" novalidate @submit=${register}>
<div id="register-error"></div>
<div class="field"><label for="r-office">${bil('অফিস', 'Office')}</label><select id="r-office" required>${
  d.offices.map(o => html`<option value=${o.code}>${o.name_bn} · ${o.name_en}</option>`)}</select></div>
<div class="field"><label for="r-name">${bil('নাম (বাংলায়)', 'Name (Bengali)')}</label>
<input id="r-name" required maxlength="120"></div>
<div class="field"><label for="r-username">${bil('ইউজারনেম', 'Username')}</label>
<input id="r-username" required autocapitalize="none" spellcheck="false" maxlength="64"
 placeholder="rahim.uddin"><small>${bil('ছোট হাতের ইংরেজি অক্ষর, সংখ্যা, ডট বা ড্যাশ (৩–৬৪)',
    'lowercase letters, digits, dots or dashes (3-64)')}</small></div>
<div class="field"><label for="r-phone">${bil('মোবাইল', 'Mobile')}</label>
<input id="r-phone" type="tel" required placeholder="01712345678"></div>
<button type="submit" id="register-button" ?disabled=${registering}>${
  bil('নিবন্ধন করুন', 'Register')}</button>
</form></details>
<h2>${bil(`${below[0]} অফিস ও অফিসার`, `${below[1]} offices and officers`)}</h2>
<ul class="rows" id="officers-list" data-testid="officers-list">${d.offices.map(officeRow)}</ul>`);
}

function officeRow(o) {
  const here = team.d.items.filter(x => x.office.code === o.code);
  return html`<li class="mrow" data-office=${o.code}><span class="name">${o.name_bn} <small>${
    o.name_en}</small></span>
<span class="meta">${counts(o.societies)}</span>
${here.length ? here.map(x => officerRow(x, o.code)) : html`<span class="meta">${
    bil('কোনো অফিসার নিবন্ধিত নেই', 'No officer registered')}</span>`}</li>`;
}

function officerRow(x, office) {
  const active = x.status === 'active', asked = team.asking.get(x.username);
  const button = (act, cls, words) => html`<button type="button" class=${cls || nothing} data-act=${act}
 @click=${() => ask(x.username, act, office)}>${bil(...words)}</button>`;
  return html`<div class="officer" data-testid="officer-row" data-username=${x.username}>
<b>${x.name_bn || x.username}</b> · <code>${x.username}</code> · ${
  x.phone ? html`<a href="tel:${x.phone}">${bn(x.phone.replace(/^\+88/, ''))}</a>` : '—'}
<span class="pill ${active ? 's-green' : 's-red'}" data-testid="officer-status">${
  bil(...STATUS[x.status])}</span>
<div class="actions no-print">${active ? button('deactivate', 'danger', ['নিষ্ক্রিয় করুন', 'Deactivate'])
  : button('reactivate', '', ['সক্রিয় করুন', 'Reactivate'])}
${button('reset-password', 'secondary', ['পাসওয়ার্ড রিসেট', 'Reset password'])}
${button('transfer', 'secondary', ['বদলি', 'Transfer'])}</div>
${asked ? question(x.username, asked) : nothing}</div>`;
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

// An action on an officer asks first, in the officer's row; a transfer asks where to.
function ask(user, act, office) {
  const others = team.d.offices.filter(o => o.code !== office);
  team.asking.set(user, { act, others, to: act === 'transfer' && others.length ? others[0].code : null,
    busy: false, error: null, password: null });
  drawOfficers();
}

function question(user, q) {
  if (q.password) return passwordCard(user, q);
  const to = html`<select data-to aria-label="নতুন অফিস · New office"
 @change=${e => { q.to = e.target.value; }}>${q.others.map(o => html`<option value=${o.code}
 ?selected=${o.code === q.to}>${o.name_bn} · ${o.name_en}</option>`)}</select>`;
  return html`${confirmBox({
    question: QUESTIONS[q.act], yes: ['হ্যাঁ', 'Yes'], no: ['না', 'No'], danger: q.act === 'deactivate',
    body: q.act === 'transfer' ? to : nothing, yesTestid: `confirm-${q.act}`, busy: q.busy,
    onYes: () => act(user, q), onNo: () => { team.asking.delete(user); drawOfficers(); },
  })}${q.error ? errorNote(q.error) : nothing}`;
}

async function act(user, q) {
  const mine = screen;
  Object.assign(q, { busy: true, error: null });
  drawOfficers();
  try {
    const d = await post(`/api/officers/${enc(user)}/${q.act}`, q.to ? { office_code: q.to } : {});
    if (mine !== screen) return;
    if (q.act === 'reset-password') {
      q.password = d.temporary_password;
      drawOfficers();
      return;
    }
    showOfficers(() => okNote('সম্পন্ন হয়েছে।', 'Done.'));
  } catch (err) {
    if (mine !== screen) return;
    Object.assign(q, { busy: false, error: err.handled ? null : err });
    drawOfficers();
  }
}

// A temporary password, shown once. holder: {password, copied}.
const passwordCard = (user, holder) => html`<div class="msg ok"
 data-testid="temporary-password-card"><p>${bil(
  `${user}-এর অস্থায়ী পাসওয়ার্ড (এটি কেবল একবার দেখানো হচ্ছে; অফিসারকে জানিয়ে দিন):`,
  `Temporary password for ${user} (shown this once; give it to the officer):`)}</p>
<p><code class="temp-password" data-testid="temporary-password">${holder.password}</code>
<button type="button" class="secondary" @click=${e => copy(e.currentTarget, holder)}>${holder.copied
    ? bil('কপি হয়েছে', 'Copied') : bil('কপি', 'Copy')}</button></p>
<p><small>${bil('প্রথম লগইনে অফিসার নিজের পাসওয়ার্ড দেবেন।',
    'At first login the officer sets their own.')}</small></p></div>`;

async function copy(button, holder) {
  try {
    await navigator.clipboard.writeText(holder.password);
    holder.copied = true;
    drawOfficers();
  } catch (_) { // no clipboard here: the password is selected for the officer to copy
    const r = document.createRange(); r.selectNodeContents(button.previousElementSibling);
    getSelection().removeAllRanges(); getSelection().addRange(r);
  }
}

async function register(ev) {
  ev.preventDefault();
  const form = ev.target, out = $('#register-error', form), mine = screen;
  const value = id => $(`#${id}`, form).value.trim();
  clearErrors(form, out);
  team.registering = true;
  drawOfficers();
  try {
    const d = await post('/api/officers', { username: value('r-username').toLowerCase(),
      name_bn: value('r-name'), phone: value('r-phone'), office_code: value('r-office') });
    if (mine !== screen) return;
    const holder = { password: d.temporary_password, copied: false };
    showOfficers(() => passwordCard(d.username, holder));
  } catch (err) {
    if (mine !== screen) return;
    team.registering = false;
    drawOfficers();
    if (!err.handled) {
      showErrors(form, out, err, { username: 'r-username', name_bn: 'r-name', phone: 'r-phone',
        office_code: 'r-office' }, code => (/username/.test(code || '') ? 'r-username' : null));
    }
  }
}

// ---- messages -------------------------------------------------------------------------------
// The messages screen: which box, the compose form's note and recipients, messages being marked
// read, an error from marking one; list: the paged list of messages.
let inbox = null, list = null;

function showInbox(box) {
  document.title = 'বার্তা · Messages · Samabay';
  const mine = screen;
  inbox = { box, note: nothing, sending: false, recipients: [], marking: new Set(), error: null };
  drawInbox();
  list = pagedList($('#messages-box', section), {
    name: 'messages', listId: 'messages',
    page: async cursor => {
      const d = await call(`/api/officer-messages${qs({ box, cursor })}`);
      setBadge('unread', d.unread);
      return d;
    },
    row: messageRow,
    empty: emptyNote(['কোনো বার্তা নেই', 'No messages'], 'messages-empty'),
  });
  list.reload();
  if (!manages()) return;
  call('/api/officers').then(d => {
    if (mine !== screen) return;
    inbox.recipients = d.items.filter(x => x.status === 'active');
    drawInbox();
  }).catch(() => {});
}

const boxTab = (b, href, words) => html`<li><a href=${href}
 aria-current=${inbox.box === b ? 'page' : nothing}>${bil(...words)}</a></li>`;

function drawInbox() {
  show('inbox', html`${manages() ? composeForm() : nothing}
<ul class="mtabs no-print">${boxTab('inbox', '#/inbox', ['প্রাপ্ত', 'Inbox'])}${
  boxTab('sent', '#/inbox/sent', ['পাঠানো', 'Sent'])}</ul>
<div id="messages-box"></div>${inbox.error ? errorNote(inbox.error) : nothing}`);
}

function messageRow(m) {
  const unread = inbox.box === 'inbox' && !m.read_at && !m.read;
  return html`<li class="mrow${unread ? ' unread' : ''}" data-testid="message-row"><span class="meta">${
    when(m.sent_at)} · ${inbox.box === 'inbox'
    ? html`${bil('প্রেরক', 'From')} ${m.from_name_bn || ''} (${m.from_username})`
    : html`${bil('প্রাপক', 'To')} ${m.to === 'all' ? bil('সবাই', 'all') : m.to} (${
      bn((m.recipients || []).length)})`}${m.sms ? html` · ${bil('এসএমএস সহ', 'with SMS')}` : nothing}</span>
<p class="message-text">${m.text}</p>${unread ? html`<button type="button" class="secondary"
 data-read=${m.id} ?disabled=${inbox.marking.has(m.id)} @click=${() => markRead(m)}>${
  bil('পড়া হয়েছে', 'Mark read')}</button>` : nothing}</li>`;
}

async function markRead(m) {
  const mine = screen;
  inbox.marking.add(m.id);
  list.draw();
  try {
    const d = await post(`/api/officer-messages/${enc(m.id)}/read`, {});
    setBadge('unread', d.unread);
    if (mine === screen) list.replace({ ...m, read: d.read });
  } catch (err) {
    if (mine !== screen || err.handled) return;
    inbox.error = err;
    drawInbox();
  } finally {
    inbox.marking.delete(m.id);
    if (mine === screen) list.draw();
  }
}

const composeForm = () => html`<details class="card no-print" id="compose-card"><summary><b>✉ ${
  bil(`${ROLE_BELOW[me.user.role][0]} অফিসারদের বার্তা`,
    `Write to ${ROLE_BELOW[me.user.role][1]} officers`)}</b>
</summary><form id="compose-form" novalidate @submit=${sendMessage}><div id="compose-out">${inbox.note}</div>
<div class="field"><label for="c-to">${bil('প্রাপক', 'To')}</label><select id="c-to">
<option value="all">সবাই · All</option>${inbox.recipients.map(x => html`<option value=${x.username}>${
  x.name_bn || x.username} · ${x.office.name_bn}</option>`)}</select></div>
<div class="field"><label for="c-text">${bil('বার্তা', 'Message')}</label>
<textarea id="c-text" rows="4" maxlength="1000" required></textarea></div>
<label class="check"><input type="checkbox" id="c-sms"> ${bil('এসএমএস-ও পাঠান', 'Also send by SMS')}</label>
<div class="actions"><button type="submit" id="c-send" ?disabled=${inbox.sending}>${
  bil('পাঠান', 'Send')}</button></div>
</form></details>`;

async function sendMessage(ev) {
  ev.preventDefault();
  const form = ev.target, mine = screen, text = $('#c-text', form);
  Object.assign(inbox, { sending: true, note: loadingNote() });
  drawInbox();
  try {
    const d = await post('/api/officer-messages', { to: $('#c-to', form).value, text: text.value,
      sms: $('#c-sms', form).checked });
    if (mine !== screen) return;
    inbox.note = okNote(`${bn(d.recipients)} জনকে পাঠানো হয়েছে।`, `Sent to ${d.recipients}.`);
    text.value = '';
  } catch (err) {
    if (mine !== screen) return;
    inbox.note = err.handled ? nothing : errorNote(err);
  }
  inbox.sending = false;
  drawInbox();
}

// ---- own profile ----------------------------------------------------------------------------
const PASSWORD_FIELD = {
  wrong_current_password: 'p-current', weak_password: 'p-new', same_password: 'p-new',
};
// The profile screen: the answer and each form's note of success.
let profile = null;

async function showProfile() {
  document.title = 'প্রোফাইল · Profile · Samabay';
  const mine = screen;
  show('profile', loadingNote());
  let p;
  try { p = await call('/api/profile'); } catch (e) {
    if (!e.handled && mine === screen) show('profile', errorNote(e, () => showProfile()));
    return;
  }
  if (mine !== screen) return;
  profile = { p, saved: nothing, changed: nothing };
  drawProfile();
}

// The forms' error boxes (#profile-out, #password-out) are showErrors'; a success shows after them.
function drawProfile() {
  const { p, saved, changed } = profile;
  show('profile', html`<div class="card"><p><b>${p.name_bn || p.username}</b> · <code>${
  p.username}</code><br>${
  p.office.name_bn || 'প্রধান কার্যালয়'} <small>${p.office.name_en || 'HQ'}</small></p></div>
<h2>${bil('ফোন ও নাম', 'Phone and name')}</h2>
<form id="profile-form" class="card" novalidate @submit=${saveProfile}><div id="profile-out"></div>${saved}
<div class="field"><label for="p-name">${bil('নাম (বাংলায়)', 'Name (Bengali)')}</label>
<input id="p-name" .value=${p.name_bn || ''} maxlength="120"></div>
<div class="field"><label for="p-phone">${bil('মোবাইল', 'Mobile')}</label>
<input id="p-phone" type="tel" .value=${(p.phone || '').replace(/^\+88/, '')}></div>
<button type="submit" id="p-save">${bil('সংরক্ষণ', 'Save')}</button></form>
<h2>${bil('পাসওয়ার্ড বদলান', 'Change password')}</h2>
<form id="password-form" class="card" novalidate @submit=${changePassword}><div id="password-out"></div>${
  changed}
<div class="field"><label for="p-current">${bil('বর্তমান পাসওয়ার্ড', 'Current password')}</label>
<input id="p-current" type="password" autocomplete="current-password" required></div>
<div class="field"><label for="p-new">${bil('নতুন পাসওয়ার্ড', 'New password')}</label>
<input id="p-new" type="password" autocomplete="new-password" required>
<small>${bil('কমপক্ষে ১০ অক্ষর, A-Z, a-z ও 0-9 সহ',
  'At least 10 characters with A-Z, a-z and 0-9')}</small></div>
<button type="submit" id="p-change">${bil('পাসওয়ার্ড বদলান', 'Change password')}</button></form>`);
}

async function saveProfile(ev) {
  ev.preventDefault();
  const form = ev.target, out = $('#profile-out', form), mine = screen;
  const value = id => $(`#${id}`, form).value.trim() || null;
  clearErrors(form, out);
  profile.saved = nothing;
  drawProfile();
  try {
    await call('/api/profile',
      { method: 'PATCH', body: { name_bn: value('p-name'), phone: value('p-phone') } });
    if (mine !== screen) return;
    profile.saved = okNote('সংরক্ষিত হয়েছে।', 'Saved.');
    drawProfile();
  } catch (err) {
    if (mine === screen && !err.handled) showErrors(form, out, err, { name_bn: 'p-name', phone: 'p-phone' });
  }
}

async function changePassword(ev) {
  ev.preventDefault();
  const form = ev.target, out = $('#password-out', form), mine = screen;
  clearErrors(form, out);
  profile.changed = nothing;
  drawProfile();
  try {
    await post('/api/profile/password', { current_password: $('#p-current', form).value,
      new_password: $('#p-new', form).value });
    if (mine !== screen) return;
    form.reset();
    profile.changed = okNote('পাসওয়ার্ড বদলানো হয়েছে।', 'Password changed.');
    drawProfile();
  } catch (err) {
    if (mine === screen && !err.handled) {
      showErrors(form, out, err, { current_password: 'p-current', new_password: 'p-new' },
        code => PASSWORD_FIELD[code]);
    }
  }
}
