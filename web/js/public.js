// Public pages (hash routes): #/area/<code>?status=&q=  ·  #/society/<id>  ·  #/calendar/<code>
// · #/notice/<id>?area=<code>  ·  #/notices/<code>  ·  #/about/<code|BD> (site.js: notices, photos, counter)
import {
  $, api, areaName, bn, date, dateEn, fillRules, KINDS, num, picker, place, placeEn, qs,
} from './common.js';
import {
  facebookLinks, noSocieties, obligationList, shareLinks, showSummary, societyFacts, societyHead, societyRow,
  staticUrl,
} from './society.js';
import {
  bil, emptyNote, errorNote, html, loadingNote, nothing, pagedList, render, statusBadge,
} from './ui.js';

const home = $('#home'), page = $('#page');
const known = new Map(); // societies already loaded, by id: a society page shows at once
let cur = { key: null, area: '', status: '', q: '' };

const areaHash = (area, status, q) => `#/area/${area}${qs({ status, q })}`;
function nav(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}
const pick = picker([$('#division'), $('#district'), $('#upazila')],
  code => nav(areaHash(code, cur.status, cur.q)));

function parseHash() {
  const [path, query = ''] = (location.hash.slice(1) || '/').split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent),
    params: new URLSearchParams(query) };
}

// Notices, photos, the area table and the about pages (site.js) load once the list is there.
const site = use => import('./site.js').then(use, () => showPage(html`${back()}${errorNote({
  message: 'This page did not load. Check the connection and try again.',
  message_bn: 'পাতাটি লোড হয়নি। সংযোগ দেখে আবার চেষ্টা করুন।' }, route)}`));

function route() {
  const { parts, params } = parseHash();
  window.scrollTo(0, 0);
  if (parts[0] === 'society' && parts[1]) return showSociety(parts[1]);
  if (parts[0] === 'calendar' && parts[1]) return showCalendar(parts[1]);
  if (parts[0] === 'notice' && parts[1]) {
    return site(m => m.showNotice(showPage, back, parts[1], params.get('area')));
  }
  if (parts[0] === 'notices') return site(m => m.showNotices(showPage, back, parts[1] || ''));
  if (parts[0] === 'about') return site(m => m.showAbout(showPage, back, parts[1] || 'BD'));
  return showHome(parts[0] === 'area' ? (parts[1] || '') : '', params.get('status') || '',
    params.get('q') || '');
}

// A box of its own, put into a template as a node: what draws into it after the page moved on
// draws into a box no longer on the page.
const newBox = (props = {}) => Object.assign(document.createElement('div'), props);

function row(s) {
  const up = (s.area || [])[2];
  return societyRow(s, { meta: up ? ` · ${up.name_bn}` : nothing });
}

// The area's societies, for one filter: a list of its own, so a late answer for the last filter
// draws nothing. The ids #list and #more are the ones the page has always had.
function societyList({ area, status, q }) {
  const box = newBox();
  render(box, $('#societies'));
  return pagedList(box, {
    name: 'societies', listId: 'list', moreId: 'more', row, empty: noSocieties(Boolean(status || q)),
    page: async cursor => {
      const d = await api(`/api/public/societies${qs({ area_code: area, status, q, cursor, limit: 20 })}`);
      d.items.forEach(s => known.set(s.id, s));
      return d;
    },
  });
}

function showHome(area, status, q) {
  page.hidden = true; home.hidden = false;
  document.title = 'সমবায় সমিতির তালিকা · Samabay';
  const key = `${area}|${status}|${q}`;
  if (key === cur.key) return;
  cur = { key, area, status, q };
  $('#q').value = q; $('#status').value = status;
  pick.set(area);
  render(area.length >= 4 ? html`<a class="btn secondary" href="#/calendar/${area}"
 data-testid="calendar-link">${bil('নির্বাচনী ক্যালেন্ডার (প্রিন্ট)', 'Election calendar (print)')}</a>`
    : nothing, $('#calendar-link'));
  showSummary($('#stats'), async () => {
    const d = await api(`/api/public/stats${qs({ area_code: area })}`);
    return area === cur.area ? d : null;
  }, { active: status, href: s => areaHash(area, status === s ? '' : s, q),
    title: q ? null : $('#list-title') });
  const list = societyList(cur);
  list.reload().then(() => {
    if (key !== cur.key) return;
    if (status || q) showResults(q, list.items.length);
    // notices, photos and the area table come after the list; without them the list still stands
    import('./site.js').then(m => m.areaExtras(area), () => {});
  });
}

// A search or filter: the list comes into view, and a search says what it found.
function showResults(q, n) {
  const title = $('#list-title');
  if (q) {
    const more = !$('#more').hidden;
    render(bil(`"${q}" খুঁজে ${num(n)}টি সমিতি${more ? ' (আরও আছে)' : ''}`,
      `"${q}": ${n} ${n === 1 ? 'society' : 'societies'}${more ? ' (more below)' : ''}`), title);
  }
  title.scrollIntoView({ block: 'start' });
}

$('#filters').onsubmit = e => {
  e.preventDefault();
  nav(areaHash(cur.area, $('#status').value, $('#q').value.trim()));
};
$('#status').onchange = () => $('#filters').requestSubmit();

// Every page other than the home is drawn whole into #page.
function showPage(template, title) {
  home.hidden = true; page.hidden = false;
  render(template, page);
  if (title) document.title = `${title} · Samabay`;
}
const back = () => html`<p class="crumbs no-print"><a href=${
  cur.key === null ? '#/' : areaHash(cur.area, cur.status, cur.q)}>
← ${bil('তালিকায় ফিরুন', 'Back to the list')}</a></p>`;

// The correction form (correction-request.js) loads only when someone opens it, in a box of its
// own for the visit: the society's full record arriving does not close an open form.
function correctionBox(id) {
  const box = newBox({ id: 'correction-box', className: 'no-print' });
  const open = () => import('./correction-request.js').then(m => m.showCorrectionForm(box, { id }));
  render(html`<button type="button" class="secondary" id="open-correction" @click=${open}>${
    bil('তথ্যে ভুল? সংশোধনের অনুরোধ করুন', 'Wrong details? Request a correction')}</button>`, box);
  return box;
}

// calendarError: why the statutory calendar did not come (the society shows as the list had it).
function societyPage(s, correction, calendarError = null) {
  const up = (s.area || [])[2];
  return html`${back()}
${societyHead(s)}
<div class="card"><dl class="facts">
${societyFacts(s)}
</dl></div>
<div id="obligations">${s.obligations ? obligationList(s.obligations)
    : calendarError ? errorNote(calendarError, () => showSociety(s.id)) : loadingNote()}</div>
${s.dissolved_on ? nothing : facebookLinks(s.facebook_url)}
${shareLinks(staticUrl('s', s.id), s.name_bn)}
${up ? html`<p class="no-print"><a class="btn secondary" href="#/calendar/${up.code}">${
    bil(`${up.name_bn}-এর নির্বাচনী ক্যালেন্ডার`, `Election calendar of ${up.name_en}`)}</a></p>` : nothing}
${correction}`;
}

// A society from the list shows at once; its statutory calendar comes with the full record.
async function showSociety(id) {
  const seen = known.get(id);
  const retry = () => showSociety(id), correction = correctionBox(id);
  showPage(seen ? societyPage(seen, correction) : html`${back()}${loadingNote()}`, seen && seen.name_bn);
  let s;
  try { s = await api(`/api/public/societies/${encodeURIComponent(id)}`); } catch (e) {
    if (parseHash().parts[1] !== id) return;
    showPage(seen ? societyPage(seen, correction, e) : html`${back()}${errorNote(e, retry)}`);
    return;
  }
  if (parseHash().parts[1] !== id) return;
  known.set(id, s);
  showPage(societyPage(s, correction), s.name_bn);
}

// ---- an area's election calendar, by the month committee terms end (printable) ---------------
async function showCalendar(code) {
  showPage(html`${back()}${loadingNote()}`);
  let d;
  try { d = await api(`/api/public/calendar${qs({ area_code: code })}`); } catch (e) {
    return showPage(html`${back()}${errorNote(e, () => showCalendar(code))}`);
  }
  d.months.forEach(m => m.societies.forEach(s => known.set(s.id, s)));
  showPage(calendarPage(code, d), `নির্বাচনী ক্যালেন্ডার ${areaName(d.area, ' · ')}`);
}

function calendarPage(code, d) {
  const total = d.months.reduce((n, m) => n + m.societies.length, 0);
  return html`${back()}
<h1>নির্বাচনী ক্যালেন্ডার: ${place(d.lineage)}
<small lang="en">Election calendar: ${placeEn(d.lineage)}</small></h1>
<p>${bil(`আজ ${date(d.today)} · মোট ${num(total)}টি সমিতি · কমিটির মেয়াদ শেষের মাস অনুযায়ী`,
    `Today ${dateEn(d.today)} · ${total} societies · by the month their committee term ends`)}</p>
<div class="actions no-print"><button type="button" id="print-button" @click=${() => window.print()}>${
  bil('প্রিন্ট করুন', 'Print')}</button></div>
${d.months.length ? d.months.map(m => calendarMonth(m, code.length < 6))
    : emptyNote(['এই এলাকায় কোনো সমিতি নেই', 'No societies in this area yet'])}`;
}

// Three columns, the status under the name: a phone's printout keeps the names readable.
// withUpazila: an area above an upazila names each society's upazila.
function calendarMonth(m, withUpazila) {
  const up = s => (withUpazila && s.area && s.area[2] ? ` · ${s.area[2].name_bn}` : '');
  const cell = s => html`<a href="#/society/${encodeURIComponent(s.id)}">${s.name_bn}</a><br><small>${
    s.registration_no} · ${(KINDS[s.committee_kind] || [''])[0]}${up(s)}</small>`;
  return html`<section class="cal-month">
<h2>${m.label_bn} <small lang="en">${m.label_en}</small></h2>
<table class="cal"><thead><tr><th class="n">#</th><th>${bil('সমিতি ও অবস্থা', 'Society and status')}</th>
<th class="d">${bil('মেয়াদ শেষ', 'Term ends')}</th></tr></thead>
<tbody>
${m.societies.map((s, i) => html`<tr data-testid="calendar-row"><td>${bn(i + 1)}</td>
<td class="society">${cell(s)}<br>${statusBadge(s)}</td>
<td class="nowrap">${date(s.term_ends_on)}</td></tr>`)}
</tbody></table></section>`;
}

window.addEventListener('hashchange', route);
route();
fillRules();
