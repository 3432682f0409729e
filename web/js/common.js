// Shared by the public and officer pages: Bengali digits and dates, the API client, the term rules,
// form errors next to their fields, and the area picker.
// Templates are lit-html's (vendor/lit-html; ui.js has the shared pieces); no build.
import { html, nothing, render } from '../vendor/lit-html/lit-html.js';

const BN = '০১২৩৪৫৬৭৮৯';
export const bn = v => String(v ?? '').replace(/[0-9]/g, d => BN[d]);
export const ascii = v => String(v ?? '').replace(/[০-৯]/g, d => BN.indexOf(d));
const grouped = n => Number(n || 0).toLocaleString('en-IN'); // lakh/crore grouping
export const num = n => bn(grouped(n));
const dmy = iso => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
export const date = iso => iso ? bn(dmy(iso)) : '—';
// A moment as a person in Bangladesh reads it: day first, 24-hour clock, Dhaka time.
const STAMP = { timeZone: 'Asia/Dhaka', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit',
  minute: '2-digit', hour12: false };
export const whenEn = at => (!at ? '—' : Number.isNaN(Date.parse(at)) ? String(at)
  : new Date(at).toLocaleString('en-GB', STAMP));
export const when = at => bn(whenEn(at));
export const dateEn = iso => iso ? dmy(iso) : '—';

// Dates are typed day first, as every page prints them (a phone's own date picker follows the
// phone's language, often month first): 25/03/2027 with / . - or spaces, Bengali or Latin digits,
// or 25032027; 2027-03-25 is understood too. isoDate gives the ISO date, '' for nothing typed,
// null for no date.
const DATE_PARTS = [[/^(\d{1,2})[/.\- ]+(\d{1,2})[/.\- ]+(\d{4})$/, [3, 2, 1]],
  [/^(\d{2})(\d{2})(\d{4})$/, [3, 2, 1]], [/^(\d{4})-(\d{1,2})-(\d{1,2})$/, [1, 2, 3]]];
export function isoDate(text) {
  const t = ascii(text).trim();
  if (!t) return '';
  for (const [pattern, [y, m, d]] of DATE_PARTS) {
    const p = pattern.exec(t);
    if (!p) continue;
    const iso = `${p[y]}-${p[m].padStart(2, '0')}-${p[d].padStart(2, '0')}`;
    const day = new Date(`${iso}T00:00:00Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === iso ? iso : null;
  }
  return null;
}
export const DATE_ERROR = { code: 'bad_date',
  message: 'Write the date day first: day/month/year, e.g. 25/03/2027.',
  message_bn: 'তারিখ দিন/মাস/বছর ক্রমে লিখুন, যেমন ২৫/০৩/২০২৭।' };
// Bengali first, English second and smaller.
export const bil = (b, e) => html`${b} <small class="en" lang="en">${e}</small>`;
export const $ = (s, root = document) => root.querySelector(s);

// Money is integer paisa; people read Taka with lakh/crore grouping (১২,৩৪,৫৬৭.০০ টাকা).
// takaWords gives [Bengali, English], or null for no amount; money (ui.js) shows it.
export function takaWords(paisa) {
  if (paisa === null || paisa === undefined || paisa === '') return null;
  const p = Math.abs(Number(paisa)), sign = Number(paisa) < 0 ? '-' : '';
  const whole = grouped(Math.floor(p / 100)), frac = String(p % 100).padStart(2, '0');
  return [`${sign}${bn(whole)}.${bn(frac)} টাকা`, `Tk ${sign}${whole}.${frac}`];
}
export const todayIso = () => new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Dhaka' });

export const KINDS = {
  elected: ['নির্বাচিত কমিটি', 'Elected committee'],
  interim: ['অন্তর্বর্তী কমিটি', 'Interim committee'],
  new_registration: ['নতুন নিবন্ধন', 'New registration'],
};
const COLOURS = { green: ['সবুজ', 'Green'], yellow: ['হলুদ', 'Yellow'], red: ['লাল', 'Red'] };
// How a countdown reads: days left, the last day, days past.
export const TERM_WORDS = {
  left: d => [`${num(d)} দিন বাকি`, `${d} days left`],
  today: ['আজ মেয়াদ শেষ', 'term ends today'],
  past: d => [`মেয়াদ শেষ, ${num(d)} দিন আগে`, `expired ${d} days ago`],
};
export const DUE_WORDS = {
  left: TERM_WORDS.left,
  today: ['আজ শেষ দিন', 'due today'],
  past: d => [`${num(d)} দিন পেরিয়ে গেছে`, `${d} days overdue`],
};

// s: anything with status and days_left (a society, an obligation).
export function badgeText(s, words = TERM_WORDS) {
  const d = s.days_left, c = COLOURS[s.status] || ['', ''];
  const [b, e] = d > 0 ? words.left(d) : d === 0 ? words.today : words.past(-d);
  return [`${c[0]} · ${b}`, `${c[1]} · ${e}`];
}
export const qs = o => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
};

export const OOPS = 'কিছু একটা ভুল হয়েছে।', OOPS_EN = 'Something went wrong.';
export class ApiError extends Error {
  constructor(status, err) {
    super(err.message || 'error');
    Object.assign(this, { status, code: err.code, message_bn: err.message_bn || OOPS,
      details: err.details || [] });
  }
}
const NETWORK = {
  code: 'network', message: 'No connection to the server. Check your internet and try again.',
  message_bn: 'সার্ভারের সাথে সংযোগ হয়নি। ইন্টারনেট দেখে আবার চেষ্টা করুন।',
};
export const SESSION = {
  code: 'session_expired', message: 'Your session has ended. Please log in again.',
  message_bn: 'আপনার সেশন শেষ হয়েছে। আবার লগইন করুন।',
};

// The officer's session as the shell (officer.js) keeps it for the tab (null when none or expired).
export function officerSession() {
  const S = sessionStorage, token = S.getItem('samabay.token');
  if (!token || Date.now() > Number(S.getItem('samabay.exp') || 0)) return null;
  try { return { token, user: JSON.parse(S.getItem('samabay.user')) }; } catch (_) { return null; }
}

// Forget the session and the answers the service worker kept for reading offline.
export function endSession() {
  for (const k of ['token', 'user', 'exp']) sessionStorage.removeItem(`samabay.${k}`);
  if (window.caches) caches.delete('samabay-reads').catch(() => {});
}

// An API call with the officer's token. A refused or expired session ends it and reloads
// the page at login, which says why (the flag samabay.ended).
export async function officerCall(path, opts, token) {
  try { return await api(path, { ...opts, token }); } catch (e) {
    if (e.code === 'session_expired' || e.status === 401) {
      endSession();
      sessionStorage.setItem('samabay.ended', '1');
      history.replaceState(null, '', '#/');
      location.reload();
      throw Object.assign(e, { handled: true });
    }
    throw e;
  }
}

// The counts on the shell's navigation (open correction requests, unread messages): kept here; a
// screen that changes one tells the shell, which draws them again wherever they show.
const badges = {};
export function setBadge(name, n) {
  badges[name] = n;
  document.dispatchEvent(new CustomEvent('samabay:badges'));
}
export const badgeCount = name => badges[name] || 0;

// An area's tabs: the current one marked, and scrolled into the row's view on a phone.
export function markTab(links, tab) {
  links.forEach(a => {
    if (a.dataset.tab !== tab) { a.removeAttribute('aria-current'); return; }
    a.setAttribute('aria-current', 'page');
    const row = a.closest('.mtabs');
    if (row) row.scrollLeft = a.offsetLeft - row.offsetLeft - 8;
  });
}

// fetch JSON from the API. `body` is sent as JSON, or as it is when it is a file (Blob),
// with `type` as its Content-Type. `raw` gives the Response itself (for downloads).
// A refused token's 401/403 may carry no CORS headers (the local API's authorizer): the call then
// fails like a lost connection. The API answering its health check tells the two apart, so a
// patchy connection never logs an officer out.
// In AWS the public reads go through the edge cache (config.js's publicApiBase), everything else
// straight to the API.
export function apiBase(path, method = 'GET') {
  const config = window.SAMABAY || {};
  const cached = config.publicApiBase && method === 'GET' && path.startsWith('/api/public/');
  return (cached ? config.publicApiBase : config.apiBase) || '';
}

export async function api(path, { method = 'GET', body, token, raw, type } = {}) {
  const headers = {}, file = body instanceof Blob;
  if (body !== undefined) headers['Content-Type'] = file ? type || body.type : 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const base = apiBase(path, method);
  let res;
  try {
    res = await fetch(base + path,
      { method, headers, body: body === undefined || file ? body : JSON.stringify(body) });
  } catch (_) {
    if (!token || navigator.onLine === false) throw new ApiError(0, NETWORK);
    const reachable = await fetch(`${base}/api/health`).then(r => r.ok, () => false);
    throw new ApiError(0, reachable ? SESSION : NETWORK);
  }
  // Offline, the service worker answers reads with the last copy and the time it was read.
  document.dispatchEvent(new CustomEvent('samabay:answer', { detail: res.headers.get('X-Samabay-Offline') }));
  if (raw && res.ok) return res;
  let data = null;
  try { data = await res.json(); } catch (_) { /* not JSON */ }
  if (!res.ok) {
    const err = (data && data.error) || {};
    if (!err.code) {
      Object.assign(err, { code: `http_${res.status}`, message: `The server answered ${res.status}.`,
        message_bn: `সার্ভার উত্তর দিয়েছে ${bn(res.status)}।` });
    }
    throw new ApiError(res.status, err);
  }
  return data;
}

// Save a downloaded Response as a file (the browser's own download, from a blob link).
export async function saveAs(res, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(await res.blob());
  a.download = name;
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 2000);
}

// ---- a form's errors: each next to its field, all at once, and a summary in view ---------------
// Drawn with lit-html like every screen: the boxes and field slots stay lit's.
export function clearErrors(form, box) {
  form.querySelectorAll('.field-error').forEach(x => { x.hidden = true; render(nothing, x); });
  form.querySelectorAll('.field.bad').forEach(x => x.classList.remove('bad'));
  form.querySelectorAll('[aria-invalid]').forEach(x => x.removeAttribute('aria-invalid'));
  box.hidden = true; render(nothing, box);
}
// The message under the input with this id (a slot is made when the form has none); the field's
// Bengali label, or null when there is no such input.
function fieldError(id, err) {
  const input = document.getElementById(id);
  if (!input) return null;
  const wrap = input.closest('.field') || input.parentElement;
  let el = document.getElementById(`${id}-error`);
  if (!el) {
    el = document.createElement('p');
    Object.assign(el, { className: 'field-error', id: `${id}-error` });
    el.dataset.testid = `${id}-error`;
    wrap.append(el);
  }
  render(bil(err.message_bn || OOPS, err.message || ''), el);
  el.hidden = false;
  wrap.classList.add('bad');
  input.setAttribute('aria-invalid', 'true');
  const label = wrap.querySelector(`label[for="${id}"]`);
  // The Bengali words of the label: its first text (lit puts comments before it).
  const text = label && [...label.childNodes]
    .find(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  return text ? text.textContent.trim() : id;
}
const goTo = id => ev => { ev.preventDefault(); document.getElementById(id).focus(); };
// `fields` maps the API's field names to input ids; codeField(code) gives the input an error
// without details is about. The summary names every field with its message; a tap goes to it.
export function showErrors(form, box, err, fields = {}, codeField = () => null) {
  const details = err.details && err.details.length ? err.details
    : [{ field: null, code: err.code, message: err.message, message_bn: err.message_bn }];
  const lines = [];
  let first = null;
  for (const d of details) {
    const id = fields[d.field] || codeField(d.code || err.code);
    const name = id && fieldError(id, d);
    const words = bil(d.message_bn || OOPS, d.message || '');
    if (name) {
      first = first || id;
      lines.push(html`<li><a href="#${id}" data-go=${id} @click=${goTo(id)}>${name}</a>: ${words}</li>`);
    } else if (err.details && err.details.length) {
      lines.push(html`<li>${words}</li>`);
    }
  }
  render(html`<div class="msg error" role="alert">${bil(err.message_bn || OOPS, err.message || OOPS_EN)}${
    lines.length ? html`<ul>${lines}</ul>` : nothing}</div>`, box);
  box.hidden = false;
  box.scrollIntoView({ block: 'nearest' });
  if (first) document.getElementById(first).focus({ preventScroll: true });
}
// Fetched once per page load and shared: areas change rarely, the rules only with a deploy.
const once = new Map();
function cached(key, get) {
  if (!once.has(key)) {
    const p = get();
    p.catch(() => once.delete(key));
    once.set(key, p);
  }
  return once.get(key);
}
export const areas = (parent = '') => cached(`areas:${parent}`,
  () => api(`/api/public/areas${qs({ parent })}`).then(d => d.items));
// The term lengths and colour thresholds in force: the server reads them from its configuration.
// {elected_term_years, interim_term_days, yellow_within_days, obligations: {kind: {rule, rule_bn}}}
export const rules = () => cached('rules', () => api('/api/public/rules'));

// Text that quotes a rule's number gets the served value: <x data-rule="yellow_within_days">৯০</x>
// (Bengali digits; English with lang="en"), or data-tpl="… {n} … {e} …" for both at once.
export async function fillRules(root = document) {
  const els = root.querySelectorAll('[data-rule]');
  if (!els.length) return;
  let r;
  try { r = await rules(); } catch (_) { return; } // the printed defaults stay
  els.forEach(el => {
    const v = r[el.dataset.rule];
    if (v === undefined) return;
    const t = el.dataset.tpl;
    el.textContent = t ? t.replace('{n}', bn(v)).replace('{e}', v) : el.lang === 'en' ? String(v) : bn(v);
  });
}

// Why this picture cannot be uploaded (the types and size the API takes, from its rules), or null.
export async function photoProblem(file) {
  const { photo_types: types, max_photo_bytes: max } = await rules();
  const names = types.map(t => t.split('/')[1].toUpperCase()).join(', ');
  if (!file || !types.includes(file.type)) {
    return { message: `Choose a photo of one of these types: ${names}.`,
      message_bn: `এই ধরনের একটি ছবি বেছে নিন: ${names}।` };
  }
  const mb = Math.round(max / 1048576);
  return file.size > max ? { message: `A photo must be at most ${mb} MB.`,
    message_bn: `ছবি সর্বোচ্চ ${bn(mb)} মেগাবাইট হতে পারে।` } : null;
}
export const areaName = (a, sep = ' · ') => a ? `${a.name_bn}${sep}${a.name_en}` : '';

const ALL = [['সব বিভাগ', 'All divisions'], ['সব জেলা', 'All districts'], ['সব উপজেলা', 'All upazilas']];
const opt = (v, t) => html`<option value=${v}>${t}</option>`;

// Three <select>s (division, district, upazila). `lock` is the office's lineage: those
// levels are fixed, so an office picks only within its own area. onPick(code) is called
// with the deepest chosen code ('' for the whole country).
export function picker(selects, onPick, lock = []) {
  let seq = 0;
  const all = i => opt('', `${ALL[i][0]} · ${ALL[i][1]}`);
  async function fill(i, parent, value, my) {
    const s = selects[i];
    if (lock[i]) { render(opt(lock[i].code, areaName(lock[i])), s); s.disabled = true; return; }
    if (i > 0 && !parent) { render(all(i), s); s.disabled = true; return; }
    s.disabled = true;
    if (!s.options.length) render(opt('', 'লোড হচ্ছে… · Loading…'), s);
    const items = await areas(parent);
    if (my !== seq) return;
    render(html`${all(i)}${items.map(a => opt(a.code, areaName(a)))}`, s);
    s.value = value;
    s.disabled = false;
  }
  async function set(code = '') {
    const my = ++seq;
    for (let i = 0; i < 3; i++) {
      const parent = i === 0 ? '' : code.length >= i * 2 ? code.slice(0, i * 2) : '';
      await fill(i, parent, code.length >= (i + 1) * 2 ? code.slice(0, (i + 1) * 2) : '', my);
      if (my !== seq) return;
    }
  }
  selects.forEach((s, i) => s.addEventListener('change', () => {
    onPick(s.value || (i > 0 ? selects[i - 1].value : ''));
  }));
  return { set, relock(l) { lock = l; } };
}

// A place as its areas' names, the smallest first.
export const place = lineage => (lineage || []).slice().reverse().map(a => a.name_bn).join(', ');
export const placeEn = lineage => (lineage || []).slice().reverse().map(a => a.name_en).join(', ');
