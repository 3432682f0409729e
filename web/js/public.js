// Public pages (hash routes): #/area/<code>?status=&q=  ·  #/society/<id>  ·  #/calendar/<code>
import { $, api, areaName, badge, bi, bn, date, errorBox, esc, KINDS, loading, num, picker, place, placeEn, qs, societyFacts, societyHead } from './common.js';

const home = $('#home'), page = $('#page'), list = $('#list'), more = $('#more'), listState = $('#list-state');
const known = new Map(); // societies already loaded, by id: a society page needs no new request
let cur = { key: null, area: '', status: '', q: '', cursor: null }, seq = 0;

const areaHash = (area, status, q) => `#/area/${area}${qs({ status, q })}`;
function nav(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}
const pick = picker([$('#division'), $('#district'), $('#upazila')], code => nav(areaHash(code, cur.status, cur.q)));

function parseHash() {
  const [path, query = ''] = (location.hash.slice(1) || '/').split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query) };
}

function route() {
  const { parts, params } = parseHash();
  window.scrollTo(0, 0);
  if (parts[0] === 'society' && parts[1]) return showSociety(parts[1]);
  if (parts[0] === 'calendar' && parts[1]) return showCalendar(parts[1]);
  return showHome(parts[0] === 'area' ? (parts[1] || '') : '', params.get('status') || '', params.get('q') || '');
}


function showHome(area, status, q) {
  page.hidden = true; home.hidden = false;
  document.title = 'সমবায় সমিতির তালিকা · Samabay';
  const key = `${area}|${status}|${q}`;
  if (key === cur.key) return;
  cur = { key, area, status, q, cursor: null };
  $('#q').value = q; $('#status').value = status;
  pick.set(area);
  $('#calendar-link').innerHTML = area.length >= 4
    ? `<a class="btn secondary" href="#/calendar/${esc(area)}" data-testid="calendar-link">${bi('নির্বাচনী ক্যালেন্ডার (প্রিন্ট)', 'Election calendar (print)')}</a>` : '';
  loadStats(area);
  list.innerHTML = '';
  loadList();
}

async function loadStats(area) {
  const box = $('#stats');
  box.innerHTML = loading();
  try {
    const d = await api(`/api/public/stats${qs({ area_code: area })}`);
    if (area !== cur.area) return;
    const where = d.area && d.area.code ? d.area : { name_bn: 'সারা দেশ', name_en: 'Bangladesh' };
    const c = d.by_status;
    const tile = (s, b, e) => `<li class="${s}${cur.status === s ? ' on' : ''}"><a href="${esc(areaHash(area, cur.status === s ? '' : s, cur.q))}" data-testid="count-${s}"><b>${num(c[s])}</b>${bi(b, e)}</a></li>`;
    box.innerHTML = `<p class="total">${esc(where.name_bn)}: নিবন্ধিত সমিতি <b data-testid="count-total">${num(d.total)}</b><br><small lang="en">${esc(where.name_en)}: ${d.total} registered societies</small></p>
<ul class="counts">${tile('green', 'সবুজ', 'Green')}${tile('yellow', 'হলুদ', 'Yellow')}${tile('red', 'লাল', 'Red')}</ul>`;
    $('#list-title').innerHTML = bi(`${where.name_bn}-এর সমিতি`, `Societies in ${where.name_en}`);
  } catch (e) {
    box.innerHTML = errorBox(e);
  }
}

function row(s) {
  known.set(s.id, s);
  const up = (s.area || [])[2];
  return `<li class="row ${esc(s.status)}" data-testid="society-row" data-id="${esc(s.id)}"><a href="#/society/${esc(s.id)}">
<span class="name">${esc(s.name_bn)}</span><small lang="en">${esc(s.name_en)}</small>
<span class="meta">নিবন্ধন নং ${esc(s.registration_no)}${up ? ` · ${esc(up.name_bn)}` : ''}</span>${badge(s)}</a></li>`;
}

async function loadList() {
  const my = ++seq, { area, status, q, cursor } = cur;
  more.disabled = true;
  listState.innerHTML = loading();
  try {
    const d = await api(`/api/public/societies${qs({ area_code: area, status, q, cursor, limit: 20 })}`);
    if (my !== seq) return;
    list.insertAdjacentHTML('beforeend', d.items.map(row).join(''));
    cur.cursor = d.next_cursor;
    more.hidden = !d.next_cursor;
    listState.innerHTML = list.children.length || d.next_cursor ? ''
      : `<p class="empty" data-testid="empty">${status || q
        ? bi('খোঁজের সাথে মেলে এমন কোনো সমিতি নেই', 'No society matches your search')
        : bi('এই এলাকায় কোনো সমিতি নেই', 'No societies in this area yet')}</p>`;
  } catch (e) {
    if (my !== seq) return;
    listState.innerHTML = errorBox(e, ` <button type="button" class="secondary" id="retry">${bi('আবার চেষ্টা করুন', 'Try again')}</button>`);
    $('#retry').onclick = loadList;
  } finally {
    more.disabled = false;
  }
}
more.onclick = loadList;
$('#filters').onsubmit = e => {
  e.preventDefault();
  nav(areaHash(cur.area, $('#status').value, $('#q').value.trim()));
};
$('#status').onchange = () => $('#filters').requestSubmit();

function showPage(html, title) {
  home.hidden = true; page.hidden = false;
  page.innerHTML = html;
  if (title) document.title = `${title} · Samabay`;
}
const back = () => `<p class="crumbs no-print"><a href="${cur.key === null ? '#/' : areaHash(cur.area, cur.status, cur.q)}">← ${bi('তালিকায় ফিরুন', 'Back to the list')}</a></p>`;

async function showSociety(id) {
  let s = known.get(id);
  if (!s) {
    showPage(back() + loading());
    try { s = await api(`/api/public/societies/${encodeURIComponent(id)}`); } catch (e) { return showPage(back() + errorBox(e)); }
  }
  const up = (s.area || [])[2];
  showPage(`${back()}
${societyHead(s)}
<div class="card"><dl class="facts">
${societyFacts(s)}
</dl></div>
${up ? `<p class="no-print"><a class="btn secondary" href="#/calendar/${esc(up.code)}">${bi(`${up.name_bn}-এর নির্বাচনী ক্যালেন্ডার`, `Election calendar of ${up.name_en}`)}</a></p>` : ''}`, s.name_bn);
}

async function showCalendar(code) {
  showPage(back() + loading());
  let d;
  try { d = await api(`/api/public/calendar${qs({ area_code: code })}`); } catch (e) { return showPage(back() + errorBox(e)); }
  const total = d.months.reduce((n, m) => n + m.societies.length, 0);
  const month = m => `<section class="cal-month"><h2>${esc(m.label_bn)} <small lang="en">${esc(m.label_en)}</small></h2>
<table class="cal"><thead><tr><th class="n">#</th><th>${bi('সমিতি', 'Society')}</th><th class="d">${bi('মেয়াদ শেষ', 'Term ends')}</th><th class="s">${bi('অবস্থা', 'Status')}</th></tr></thead><tbody>
${m.societies.map((s, i) => `<tr data-testid="calendar-row"><td>${bn(i + 1)}</td><td><a href="#/society/${esc(s.id)}">${esc(s.name_bn)}</a><br><small>${esc(s.registration_no)} · ${esc((KINDS[s.committee_kind] || [''])[0])}${code.length < 6 && s.area && s.area[2] ? ` · ${esc(s.area[2].name_bn)}` : ''}</small></td><td class="nowrap">${date(s.term_ends_on)}</td><td>${badge(s)}</td></tr>`).join('')}
</tbody></table></section>`;
  d.months.forEach(m => m.societies.forEach(s => known.set(s.id, s)));
  showPage(`${back()}
<h1>নির্বাচনী ক্যালেন্ডার: ${esc(place(d.lineage))}<small lang="en">Election calendar: ${esc(placeEn(d.lineage))}</small></h1>
<p>${bi(`আজ ${date(d.today)} · মোট ${num(total)}টি সমিতি · কমিটির মেয়াদ শেষের মাস অনুযায়ী`, `Today ${d.today.split('-').reverse().join('/')} · ${total} societies · by the month their committee term ends`)}</p>
<div class="actions no-print"><button type="button" id="print-button" onclick="window.print()">${bi('প্রিন্ট করুন', 'Print')}</button></div>
${d.months.length ? d.months.map(month).join('') : `<p class="empty">${bi('এই এলাকায় কোনো সমিতি নেই', 'No societies in this area yet')}</p>`}`,
  `নির্বাচনী ক্যালেন্ডার ${areaName(d.area, ' · ')}`);
}

window.addEventListener('hashchange', route);
route();
