// Public pages (hash routes): #/area/<code>?status=&q=  ·  #/society/<id>  ·  #/calendar/<code>
// · #/notice/<id>?area=<code>  ·  #/notices/<code>  ·  #/about/<code|BD> (site.js: notices, photos, counter)
import {
  $, api, areaName, badge, bi, bn, date, dateEn, empty, errorBox, esc, fillRules, KINDS, lister, loading, num,
  picker, place, placeEn, qs, showSummary, societyRow,
} from './common.js';
import {
  facebookLinks, obligationsHtml, shareHtml, societyFacts, societyHead, staticUrl, wireCopy,
} from './society.js';
import { areaExtras, showAbout, showNotice, showNotices } from './site.js';

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

function route() {
  const { parts, params } = parseHash();
  window.scrollTo(0, 0);
  if (parts[0] === 'society' && parts[1]) return showSociety(parts[1]);
  if (parts[0] === 'calendar' && parts[1]) return showCalendar(parts[1]);
  if (parts[0] === 'notice' && parts[1]) return showNotice(showPage, back, parts[1], params.get('area'));
  if (parts[0] === 'notices') return showNotices(showPage, back, parts[1] || '');
  if (parts[0] === 'about') return showAbout(showPage, back, parts[1] || 'BD');
  return showHome(parts[0] === 'area' ? (parts[1] || '') : '', params.get('status') || '',
    params.get('q') || '');
}

function row(s) {
  known.set(s.id, s);
  const up = (s.area || [])[2];
  return societyRow(s, { meta: up ? ` · ${esc(up.name_bn)}` : '' });
}
const startList = lister({ list: $('#list'), more: $('#more'), state: $('#list-state') }, cursor => {
  const { area, status, q } = cur;
  return api(`/api/public/societies${qs({ area_code: area, status, q, cursor, limit: 20 })}`);
}, row);

function showHome(area, status, q) {
  page.hidden = true; home.hidden = false;
  document.title = 'সমবায় সমিতির তালিকা · Samabay';
  const key = `${area}|${status}|${q}`;
  if (key === cur.key) return;
  cur = { key, area, status, q };
  $('#q').value = q; $('#status').value = status;
  pick.set(area);
  $('#calendar-link').innerHTML = area.length >= 4 ? `<a class="btn secondary" href="#/calendar/${esc(area)}"
 data-testid="calendar-link">${bi('নির্বাচনী ক্যালেন্ডার (প্রিন্ট)', 'Election calendar (print)')}</a>` : '';
  showSummary($('#stats'), async () => {
    const d = await api(`/api/public/stats${qs({ area_code: area })}`);
    return area === cur.area ? d : null;
  }, { active: status, href: s => areaHash(area, status === s ? '' : s, q),
    title: q ? null : $('#list-title') });
  startList(Boolean(status || q)).then(() => { if (key === cur.key && (status || q)) showResults(q); });
  areaExtras(area);
}

// A search or filter: the list comes into view, and a search says what it found.
function showResults(q) {
  const title = $('#list-title');
  if (q) {
    const n = $('#list').children.length, more = !$('#more').hidden;
    title.innerHTML = bi(`"${q}" খুঁজে ${num(n)}টি সমিতি${more ? ' (আরও আছে)' : ''}`,
      `"${q}": ${n} ${n === 1 ? 'society' : 'societies'}${more ? ' (more below)' : ''}`);
  }
  title.scrollIntoView({ block: 'start' });
}

$('#filters').onsubmit = e => {
  e.preventDefault();
  nav(areaHash(cur.area, $('#status').value, $('#q').value.trim()));
};
$('#status').onchange = () => $('#filters').requestSubmit();

function showPage(html, title) {
  home.hidden = true; page.hidden = false;
  page.innerHTML = html;
  wireCopy(page);
  if (title) document.title = `${title} · Samabay`;
}
const back = () => `<p class="crumbs no-print"><a href="${
  cur.key === null ? '#/' : areaHash(cur.area, cur.status, cur.q)}">
← ${bi('তালিকায় ফিরুন', 'Back to the list')}</a></p>`;

function societyHtml(s) {
  const up = (s.area || [])[2];
  return `${back()}
${societyHead(s)}
<div class="card"><dl class="facts">
${societyFacts(s)}
</dl></div>
<div id="obligations">${s.obligations ? obligationsHtml(s.obligations) : loading()}</div>
${s.dissolved_on ? '' : facebookLinks(s.facebook_url)}
${shareHtml(staticUrl('s', s.id), s.name_bn)}
${up ? `<p class="no-print"><a class="btn secondary" href="#/calendar/${esc(up.code)}">${
    bi(`${up.name_bn}-এর নির্বাচনী ক্যালেন্ডার`, `Election calendar of ${up.name_en}`)}</a></p>` : ''}
<div id="correction-box" class="no-print"><button type="button" class="secondary" id="open-correction"
 data-id="${esc(s.id)}">${
  bi('তথ্যে ভুল? সংশোধনের অনুরোধ করুন', 'Wrong details? Request a correction')}</button></div>`;
}
// The correction form (correction-request.js) loads only when someone opens it.
page.addEventListener('click', e => {
  const b = e.target.closest('#open-correction');
  if (b) {
    import('./correction-request.js')
      .then(m => m.showCorrectionForm($('#correction-box'), { id: b.dataset.id }));
  }
});

// A society from the list shows at once; its statutory calendar comes with the full record.
async function showSociety(id) {
  const seen = known.get(id);
  showPage(seen ? societyHtml(seen) : back() + loading(), seen && seen.name_bn);
  let s;
  try { s = await api(`/api/public/societies/${encodeURIComponent(id)}`); } catch (e) {
    if (parseHash().parts[1] !== id) return;
    if (seen) $('#obligations').innerHTML = errorBox(e); else showPage(back() + errorBox(e));
    return;
  }
  if (parseHash().parts[1] !== id) return;
  known.set(id, s);
  showPage(societyHtml(s), s.name_bn);
}

async function showCalendar(code) {
  showPage(back() + loading());
  let d;
  try { d = await api(`/api/public/calendar${qs({ area_code: code })}`); } catch (e) {
    return showPage(back() + errorBox(e));
  }
  const total = d.months.reduce((n, m) => n + m.societies.length, 0);
  const up = s => code.length < 6 && s.area && s.area[2] ? ` · ${esc(s.area[2].name_bn)}` : '';
  const cell = s => `<a href="#/society/${esc(s.id)}">${esc(s.name_bn)}</a><br><small>${
    esc(s.registration_no)} · ${esc((KINDS[s.committee_kind] || [''])[0])}${up(s)}</small>`;
  // Three columns, the status under the name: a phone's printout keeps the names readable.
  const month = m => `<section class="cal-month">
<h2>${esc(m.label_bn)} <small lang="en">${esc(m.label_en)}</small></h2>
<table class="cal"><thead><tr><th class="n">#</th><th>${bi('সমিতি ও অবস্থা', 'Society and status')}</th>
<th class="d">${bi('মেয়াদ শেষ', 'Term ends')}</th></tr></thead>
<tbody>
${m.societies.map((s, i) => `<tr data-testid="calendar-row"><td>${bn(i + 1)}</td>
<td class="society">${cell(s)}<br>${badge(s)}</td><td class="nowrap">${date(s.term_ends_on)}</td></tr>`)
    .join('')}
</tbody></table></section>`;
  d.months.forEach(m => m.societies.forEach(s => known.set(s.id, s)));
  showPage(`${back()}
<h1>নির্বাচনী ক্যালেন্ডার: ${esc(place(d.lineage))}
<small lang="en">Election calendar: ${esc(placeEn(d.lineage))}</small></h1>
<p>${bi(`আজ ${date(d.today)} · মোট ${num(total)}টি সমিতি · কমিটির মেয়াদ শেষের মাস অনুযায়ী`,
    `Today ${dateEn(d.today)} · ${total} societies · by the month their committee term ends`)}</p>
<div class="actions no-print"><button type="button" id="print-button" onclick="window.print()">${
  bi('প্রিন্ট করুন', 'Print')}</button></div>
${d.months.length ? d.months.map(month).join('')
    : empty('এই এলাকায় কোনো সমিতি নেই', 'No societies in this area yet')}`,
  `নির্বাচনী ক্যালেন্ডার ${areaName(d.area, ' · ')}`);
}

window.addEventListener('hashchange', route);
route();
fillRules();
