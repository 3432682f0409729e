// The officer app's shell: the login, the header, the bottom navigation and the one router. Each area
// is a module imported the first time its hash is opened; on every hash the shell calls route() of
// every area opened so far, and each shows its screen on its own hashes and hides it on the others.
import {
  $, api, badgeCount, bn, endSession, officerCall, officerSession, SESSION, setBadge, whenEn,
} from './common.js';
import { bil, countBadge, errorNote, html, loadingNote, nothing, render } from './ui.js';

const S = sessionStorage;
const AREAS = {
  '': 'societies', society: 'societies', new: 'societies', edit: 'societies', tasks: 'societies',
  import: 'societies', market: 'market-officer', messages: 'messages', officers: 'officers-admin',
  inbox: 'officers-admin', profile: 'officers-admin', corrections: 'corrections', site: 'site-officer',
  loans: 'loans', budgets: 'budgets',
};
const ROLES = {
  upazila: ['উপজেলা সমবায় অফিসার', 'Upazila Cooperative Officer'],
  district: ['জেলা সমবায় অফিসার', 'District Cooperative Officer'],
  division: ['যুগ্ম-নিবন্ধক', 'Joint Registrar'],
  hq: ['সমবায় অধিদপ্তর (প্রধান কার্যালয়)', 'Department of Cooperatives (HQ)'],
};
const ICONS = {
  home: 'M3 11l9-8 9 8M5 10v10h5v-6h4v6h5V10',
  market: 'M5 8h14l-1 12H6zM9 8V6a3 3 0 016 0v2',
  messages: 'M4 5h16v11H9l-5 4z',
  corrections: 'M4 20h4L19 9l-4-4L4 16zM13 7l4 4',
  office: 'M4 21V4h10v17M14 9h6v12M7 8h4M7 12h4M7 16h4',
  more: 'M5 12h.01M12 12h.01M19 12h.01',
};
const manages = user => user.role !== 'upazila';
// A society's own user (role society) reaches only its budget files: that area is its home.
const isSociety = user => user && user.role === 'society';
// The destinations; `areas` are the hash parts that light a destination up.
const DESTINATIONS = {
  home: { href: () => '#/', label: ['হোম', 'Home'],
    areas: ['', 'society', 'new', 'edit', 'import', 'tasks'] },
  market: { id: 'market-link', href: () => '#/market', label: ['বিক্রয়', 'Sales'], areas: ['market'] },
  messages: { id: 'messages-link', href: () => '#/messages', label: ['এসএমএস', 'SMS'], areas: ['messages'] },
  corrections: { id: 'corrections-link', href: () => '#/corrections', label: ['সংশোধন', 'Corrections'],
    areas: ['corrections'], badge: 'corrections' },
  office: { id: 'office-link', href: user => (manages(user) ? '#/officers' : '#/inbox'),
    label: ['অফিস', 'Office'], areas: ['officers', 'inbox', 'profile'], badge: 'unread' },
  budgets: { id: 'budgets-link', href: () => '#/budgets', label: ['বাজেট', 'Budget'], areas: ['budgets'] },
  more: { id: 'more-link', href: () => '#/more', label: ['আরও', 'More'],
    areas: ['more', 'site', 'loans', 'budgets'] },
};
// At most five, chosen for the role: the upazila office runs the sales centre; the offices above
// mostly supervise (corrections they asked for, the officers below).
const navFor = user => (isSociety(user) ? ['budgets', 'more']
  : manages(user) ? ['home', 'corrections', 'messages', 'office', 'more']
    : ['home', 'market', 'messages', 'corrections', 'more']);

const icon = d => html`<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><path
 d=${d}></path></svg>`;
const badgeOf = (name, testid) => countBadge(name, badgeCount(name), testid);

let seq = 0, shown = { user: null, area: '' };
function renderNav(user, area) {
  shown = { user, area };
  const nav = $('#bottom-nav');
  nav.hidden = !user;
  document.body.classList.toggle('with-nav', Boolean(user));
  if (!user) return;
  render(navFor(user).map(key => {
    const d = DESTINATIONS[key];
    // "More" carries the unread messages when the office destination is under it.
    const badge = d.badge || (key === 'more' && !navFor(user).includes('office') ? 'unread' : '');
    return html`<a href=${d.href(user)} data-dest=${key} id=${d.id || nothing}
 aria-current=${d.areas.includes(area) && !(key === 'more' && navFor(user).includes(area)) ? 'page'
    : nothing}>${icon(ICONS[key])}<span>${d.label[0]}<small
 lang="en">${d.label[1]}</small></span>${
      badge ? badgeOf(badge, key === 'more' ? 'more-badge' : undefined) : nothing}</a>`;
  }), nav);
}

// A screen changed a count: draw the bar (and "More", when open) again.
document.addEventListener('samabay:badges', () => {
  renderNav(shown.user, shown.area);
  if (shown.user && shown.area === 'more') showMore(shown.user);
});

function renderWho(user) {
  const who = $('#who');
  who.hidden = !user;
  if (!user) return;
  const office = isSociety(user) ? 'সমিতির ব্যবহারকারী' : user.office.name_bn || 'প্রধান কার্যালয়';
  const roleEn = isSociety(user) ? 'Society user' : (ROLES[user.role] || ['', ''])[1];
  render(bil(`${user.username} · ${office}`, roleEn), who);
}

// ---- "More": the destinations that are not in the bar, the public site and logging out ------------
const MORE = [
  ['tasks', '#/tasks', 'tasks-link', 'করণীয় কাজ', 'Tasks'],
  ['market', '#/market', 'market-link', 'বিক্রয় কেন্দ্র', 'Sales centre'],
  ['corrections', '#/corrections', 'corrections-link', 'সংশোধন অনুরোধ', 'Correction requests'],
  ['office', null, 'office-link', 'অফিস ও বার্তা', 'Office & inbox'],
  ['loans', '#/loans', 'loans-link', 'আশ্রয়ণ প্রকল্পের ঋণ', 'Asrayon loans'],
  ['budgets', '#/budgets', 'budgets-link', 'বাজেট', 'Budget'],
  ['site', '#/site', 'site-link', 'নোটিশ ও ছবি', 'Notices & photos'],
  ['profile', '#/profile', 'profile-link', 'আমার প্রোফাইল', 'My profile'],
];
function showMore(user) {
  const inBar = navFor(user);
  document.title = 'আরও · More · Samabay';
  render(html`<h1>${bil('আরও', 'More')}</h1>
<ul class="menu card" data-testid="more-menu">${MORE.filter(([key]) => !isSociety(user)
    && !inBar.includes(key) && (key !== 'loans' || Object.hasOwn(ROLES, user.role)))
    .map(([key, href, id, b, e]) => html`<li><a id=${id} href=${href || DESTINATIONS[key].href(user)}>${
      bil(b, e)}${
      key === 'office' ? badgeOf('unread') : nothing}</a></li>`)}
<li><a id="public-link" href="index.html">${bil('পাবলিক সাইট', 'Public site')}</a></li></ul>
<p><button type="button" class="secondary" id="logout" @click=${() => logout(null)}>${
    bil('লগআউট', 'Log out')}</button></p>`, $('#more-view'));
}

// ---- login, first password, logout --------------------------------------------------------------
const formError = err => errorNote(err, null, 'form-error');
function saveSession(d) {
  endSession(); // nothing kept for reading offline from an earlier session
  S.setItem('samabay.token', d.token); S.setItem('samabay.user', JSON.stringify(d.user));
  S.setItem('samabay.exp', String(Date.now() + (d.expires_in || 3600) * 1000 - 30000));
  S.removeItem('samabay.ended');
}
function logout(err) {
  endSession();
  render(err ? formError(err) : nothing, $('#login-error'));
  setBadge('corrections', 0); setBadge('unread', 0);
  if (location.hash && location.hash !== '#/') location.hash = '#/'; else route();
}

$('#login-form').onsubmit = async e => {
  e.preventDefault();
  const btn = $('#login-button'), box = $('#login-error');
  btn.disabled = true; render(loadingNote(), box);
  const username = $('#username').value.trim(), password = $('#password').value;
  try {
    saveSession(await api('/api/auth/login', { method: 'POST', body: { username, password } }));
    $('#password').value = ''; render(nothing, box);
    route();
  } catch (err) {
    if (err.code === 'new_password_required') askNewPassword(username, password);
    else render(formError(err), box);
  } finally { btn.disabled = false; }
};
// First login (or after a reset): the temporary password must be replaced by the officer's own.
function askNewPassword(username, temporary) {
  const form = $('#login-form'), box = document.createElement('form');
  box.id = 'new-password-form'; box.className = 'card'; box.noValidate = true;
  box.dataset.testid = 'new-password-form';
  render(html`<div class="msg info">${bil(
    'এটি অস্থায়ী পাসওয়ার্ড। নিজের একটি নতুন পাসওয়ার্ড দিন (কমপক্ষে ১০ অক্ষর, A-Z, a-z ও 0-9 সহ)।',
    'This is a temporary password. Set your own (at least 10 characters with A-Z, a-z and 0-9).')}</div>
<div id="new-password-error"></div>
<div class="field"><label for="new-password">${bil('নতুন পাসওয়ার্ড', 'New password')}</label>
<input id="new-password" type="password" autocomplete="new-password" required></div>
<div class="field"><label for="new-password-again">${bil('আবার লিখুন', 'Repeat it')}</label>
<input id="new-password-again" type="password" autocomplete="new-password" required></div>
<button type="submit" id="new-password-button">${
  bil('পাসওয়ার্ড সেট করে লগইন', 'Set password and log in')}</button>`, box);
  const done = () => {
    box.remove(); form.hidden = false; $('#password').value = ''; render(nothing, $('#login-error'));
  };
  form.hidden = true;
  form.after(box);
  $('#new-password').focus();
  box.onsubmit = async e => {
    e.preventDefault();
    const out = $('#new-password-error'), value = $('#new-password').value, btn = $('#new-password-button');
    if (value !== $('#new-password-again').value) {
      render(formError({ message: 'The two passwords differ.', message_bn: 'দুটি পাসওয়ার্ড মেলেনি।' }), out);
      return;
    }
    btn.disabled = true;
    try {
      saveSession(await api('/api/auth/new-password', { method: 'POST',
        body: { username, temporary_password: temporary, new_password: value } }));
      done();
      route();
    } catch (err) { render(formError(err), out); btn.disabled = false; }
  };
}

// The counts on the bar, once per login, after the first screen has had the network to itself.
let countedFor = '';
function countLater(me) {
  if (countedFor === me.token) return;
  countedFor = me.token;
  setTimeout(async () => {
    if ((officerSession() || {}).token !== me.token) return; // logged out meanwhile
    const call = path => officerCall(path, {}, me.token);
    const [c, m] = await Promise.allSettled([call('/api/corrections?box=inbox&state=open&limit=1'),
      call('/api/officer-messages?limit=1')]);
    if (c.status === 'fulfilled') setBadge('corrections', c.value.counts.open);
    if (m.status === 'fulfilled') setBadge('unread', m.value.unread);
    keepForOffline();
  }, 1500);
}

// ---- reading offline ----------------------------------------------------------------------------
// The service worker keeps the app and the last answers read; offline, this says since when the
// screen's data is, and that changes wait for the network (nothing is queued to be sent later).
let offlineSince = null;
function showOffline() {
  const box = $('#offline'), offline = offlineSince !== null || navigator.onLine === false;
  box.hidden = !offline;
  if (!offline) return;
  const since = offlineSince ? [`${bn(whenEn(offlineSince))} সময়ের তথ্য দেখানো হচ্ছে। `,
    `Showing the data as of ${whenEn(offlineSince)}. `] : ['', ''];
  render(html`<b>${bil('অফলাইন', 'Offline')}</b> ${bil(
    `${since[0]}পরিবর্তন করতে ইন্টারনেট লাগবে; কিছুই পরে পাঠানোর জন্য জমা রাখা হয় না।`,
    `${since[1]}Changes need the internet; nothing is kept to send later.`)}`, box);
}
document.addEventListener('samabay:answer', e => { offlineSince = e.detail || null; showOffline(); });
window.addEventListener('offline', showOffline);
window.addEventListener('online', () => { offlineSince = null; showOffline(); });

function keepForOffline() {
  const sw = navigator.serviceWorker;
  if (!sw) return;
  sw.ready.then(reg => {
    const mine = performance.getEntriesByType('resource').map(e => e.name)
      .filter(u => u.startsWith(location.origin) && !u.includes('/api/'));
    reg.active.postMessage({ kind: 'keep', urls: [location.href.split('#')[0], ...mine] });
  }).catch(() => {});
}
if (navigator.serviceWorker) navigator.serviceWorker.register('sw.js').catch(() => {});

// ---- the router ---------------------------------------------------------------------------------
const decoded = part => { try { return decodeURIComponent(part); } catch (_) { return part; } };
const opened = new Map(); // module name → the imported module
async function route() {
  const mine = ++seq;
  const me = officerSession();
  if (!me && S.getItem('samabay.token')) return logout(SESSION); // expired while the page was open
  let parts = (location.hash.slice(1) || '/').split('?')[0].split('/').filter(Boolean).map(decoded);
  if (!Object.hasOwn(AREAS, parts[0] || '') && parts[0] !== 'more') parts = [];
  if (me && isSociety(me.user) && !['budgets', 'more'].includes(parts[0])) { // its own home
    history.replaceState(null, '', '#/budgets');
    parts = ['budgets'];
  }
  const area = parts[0] || '';
  const name = me && area !== 'more' ? AREAS[area] : null;
  render(nothing, $('#flash'));
  renderWho(me && me.user);
  renderNav(me && me.user, area);
  for (const [other, m] of opened) if (other !== name) m.route(parts); // the other areas hide their screens
  $('#login').hidden = Boolean(me);
  $('#more-view').hidden = !me || area !== 'more';
  if (!me) { document.title = 'অফিসার লগইন · Officer login'; return; }
  if (!isSociety(me.user)) countLater(me);
  if (area === 'more') { window.scrollTo(0, 0); showMore(me.user); return; }
  let m = opened.get(name);
  if (!m) {
    render(loadingNote(), $('#flash'));
    try { m = await import(`./${name}.js`); } catch (_) {
      if (mine === seq) {
        render(errorNote({ message: 'This screen did not load. Check the connection and try again.',
          message_bn: 'পাতাটি লোড হয়নি। সংযোগ দেখে আবার চেষ্টা করুন।' }, route), $('#flash'));
      }
      return;
    }
    opened.set(name, m);
    if (mine !== seq) return; // the officer went elsewhere while it loaded
    render(nothing, $('#flash'));
  }
  m.route(parts);
}

if (S.getItem('samabay.ended')) {
  S.removeItem('samabay.ended');
  render(formError(SESSION), $('#login-error'));
}
window.addEventListener('hashchange', route);
route();
