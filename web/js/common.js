// Shared by the public and officer pages: Bengali digits and dates, the API client,
// status badges and the division → district → upazila picker. No framework, no build.
const BN = '০১২৩৪৫৬৭৮৯';
export const bn = v => String(v ?? '').replace(/[0-9]/g, d => BN[d]);
export const num = n => bn(Number(n || 0).toLocaleString('en-IN')); // lakh/crore grouping
export const esc = s => String(s ?? '').replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
const dmy = iso => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
export const date = iso => iso ? bn(dmy(iso)) : '—';
export const dateEn = iso => iso ? dmy(iso) : '—';
// Bengali first, English second and smaller.
export const bi = (b, e) => `${esc(b)} <small class="en" lang="en">${esc(e)}</small>`;
export const $ = (s, root = document) => root.querySelector(s);

export const KINDS = {
  elected: ['নির্বাচিত কমিটি', 'Elected committee'],
  interim: ['অন্তর্বর্তী কমিটি', 'Interim committee'],
  new_registration: ['নতুন নিবন্ধন', 'New registration'],
};
const COLOURS = { green: ['সবুজ', 'Green'], yellow: ['হলুদ', 'Yellow'], red: ['লাল', 'Red'] };

export function badgeText(s) {
  const d = s.days_left, c = COLOURS[s.status] || ['', ''];
  const [b, e] = d > 0 ? [`${num(d)} দিন বাকি`, `${d} days left`]
    : d === 0 ? ['আজ মেয়াদ শেষ', 'term ends today']
      : [`মেয়াদ শেষ, ${num(-d)} দিন আগে`, `expired ${-d} days ago`];
  return [`${c[0]} · ${b}`, `${c[1]} · ${e}`];
}
// Colour is never the only cue: the badge says the colour and the days in words, with a shape.
export function badge(s) {
  const [b, e] = badgeText(s);
  return `<span class="badge ${esc(s.status)}" data-testid="status-badge"><i aria-hidden="true"></i>${bi(b, e)}</span>`;
}
export const dueBadge = (status, label) => label
  ? `<span class="due ${esc(status)}">${bi(label.bn, label.en)}</span>` : '';

export const qs = o => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
};

export class ApiError extends Error {
  constructor(status, err) {
    super(err.message || 'error');
    Object.assign(this, { status, code: err.code, message_bn: err.message_bn || 'কিছু একটা ভুল হয়েছে।', details: err.details || [] });
  }
}
const NETWORK = { code: 'network', message: 'No connection to the server. Check your internet and try again.', message_bn: 'সার্ভারের সাথে সংযোগ হয়নি। ইন্টারনেট দেখে আবার চেষ্টা করুন।' };
const SESSION = { code: 'session_expired', message: 'Your session has ended. Please log in again.', message_bn: 'আপনার সেশন শেষ হয়েছে। আবার লগইন করুন।' };

// fetch JSON from the API. A network error on an authenticated call usually means the
// authorizer refused the token (its 401/403 carries no CORS headers): "log in again".
export async function api(path, { method = 'GET', body, token, raw } = {}) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let res;
  try {
    res = await fetch(((window.SAMABAY && window.SAMABAY.apiBase) || '') + path,
      { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (_) {
    throw new ApiError(0, token && navigator.onLine !== false ? SESSION : NETWORK);
  }
  if (raw && res.ok) return res;
  let data = null;
  try { data = await res.json(); } catch (_) { /* not JSON */ }
  if (!res.ok) {
    const err = (data && data.error) || {};
    if (!err.code) Object.assign(err, { code: `http_${res.status}`, message: `The server answered ${res.status}.`, message_bn: `সার্ভার উত্তর দিয়েছে ${bn(res.status)}।` });
    throw new ApiError(res.status, err);
  }
  return data;
}

export const errorBox = (err, extra = '') =>
  `<div class="msg error" role="alert">${bi(err.message_bn || 'কিছু একটা ভুল হয়েছে।', err.message || 'Something went wrong.')}${extra}</div>`;
export const loading = () => `<p class="loading" role="status">${bi('লোড হচ্ছে…', 'Loading…')}</p>`;

// Areas change rarely: each parent's children are fetched once per page load.
const areaCache = new Map();
export function areas(parent = '') {
  if (!areaCache.has(parent)) {
    const p = api(`/api/public/areas${qs({ parent })}`).then(d => d.items);
    p.catch(() => areaCache.delete(parent));
    areaCache.set(parent, p);
  }
  return areaCache.get(parent);
}
export const areaName = (a, sep = ' · ') => a ? `${a.name_bn}${sep}${a.name_en}` : '';

const ALL = [['সব বিভাগ', 'All divisions'], ['সব জেলা', 'All districts'], ['সব উপজেলা', 'All upazilas']];
const opt = (v, t) => `<option value="${esc(v)}">${esc(t)}</option>`;

// Three <select>s (division, district, upazila). `lock` is the office's lineage: those
// levels are fixed, so an office picks only within its own area. onPick(code) is called
// with the deepest chosen code ('' for the whole country).
export function picker(selects, onPick, lock = []) {
  let seq = 0;
  async function fill(i, parent, value, my) {
    const s = selects[i];
    if (lock[i]) { s.innerHTML = opt(lock[i].code, areaName(lock[i])); s.disabled = true; return; }
    if (i > 0 && !parent) { s.innerHTML = opt('', `${ALL[i][0]} · ${ALL[i][1]}`); s.disabled = true; return; }
    s.disabled = true;
    if (!s.options.length) s.innerHTML = opt('', 'লোড হচ্ছে… · Loading…');
    const items = await areas(parent);
    if (my !== seq) return;
    s.innerHTML = opt('', `${ALL[i][0]} · ${ALL[i][1]}`) + items.map(a => opt(a.code, areaName(a))).join('');
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

// One society as both the public page and the officer page show it.
export const fact = (b, e, v) => `<dt>${bi(b, e)}</dt><dd>${v}</dd>`;
export const place = lineage => (lineage || []).slice().reverse().map(a => a.name_bn).join(', ');
export const placeEn = lineage => (lineage || []).slice().reverse().map(a => a.name_en).join(', ');

export function societyHead(s) {
  const [cb, ce] = s.days_left > 0 ? [`${num(s.days_left)} দিন বাকি`, `${s.days_left} days left`]
    : [`মেয়াদ শেষ হয়েছে ${num(-s.days_left)} দিন আগে`, `Term ended ${-s.days_left} days ago`];
  return `<h1>${esc(s.name_bn)}<small lang="en">${esc(s.name_en)}</small></h1>
${s.dissolved_on ? `<div class="msg error">${bi(`এই সমিতি ${date(s.dissolved_on)} তারিখে বিলুপ্ত`, `Dissolved on ${s.dissolved_on}`)}</div>` : ''}
<div class="card"><p class="countdown" data-testid="countdown">${bi(cb, ce)}</p>${badge(s)}
<p>${bi('কমিটির মেয়াদ শেষ', 'Term ends')}: <b>${date(s.term_ends_on)}</b></p>
${s.status === 'red' ? `<p class="msg error">${bi('মেয়াদ শেষ: অন্তর্বর্তী কমিটি গঠন বা নির্বাচন প্রয়োজন।', 'Term expired: an interim committee or an election is needed.')}</p>` : ''}</div>`;
}

export function societyFacts(s) {
  const kind = KINDS[s.committee_kind] || ['', ''];
  return `${fact('নিবন্ধন নম্বর', 'Registration no.', esc(s.registration_no))}
${fact('নিবন্ধনের তারিখ', 'Registered on', date(s.registered_on))}
${fact('ঠিকানা', 'Address', esc(s.address))}
${fact('এলাকা', 'Area', `${esc(place(s.area))} <small lang="en">${esc(placeEn(s.area))}</small>`)}
${fact('কমিটির ধরন', 'Committee', bi(kind[0], kind[1]))}
${fact('কমিটি শুরু', 'Committee started', date(s.committee_started_on))}
${fact('সর্বশেষ বার্ষিক সাধারণ সভা', 'Last AGM', date(s.last_agm_on))}
${fact('পরবর্তী সাধারণ সভা', 'Next AGM due', `${date(s.agm_due_on)} ${dueBadge(s.agm_status, s.agm_status_label)}`)}
${fact('সর্বশেষ অডিট', 'Last audit', `${date(s.last_audit_on)}${s.last_audit_year ? ` (${bi(`অর্থবছর ${bn(s.last_audit_year)}`, `FY ${s.last_audit_year}`)})` : ''}`)}
${fact('পরবর্তী অডিট', 'Next audit due', `${date(s.audit_due_on)} ${dueBadge(s.audit_status, s.audit_status_label)}`)}
${s.facebook_url ? fact('ফেসবুক', 'Facebook', `<a href="${esc(s.facebook_url)}" rel="noopener" target="_blank" data-testid="facebook-link">${bi('ফেসবুক পেজ দেখুন', 'Facebook page')}</a>`) : ''}`;
}
