// The public site's office content: breaking news, notices (list, one notice with previous/next),
// recent photos, the societies-per-area table, the visitor counter and office about pages.
// public.js calls areaExtras(area) on every area page and the show* functions for their routes.
import { $, api, areas, bi, bn, date, dateEn, empty, errorBox, esc, loading, num, qs } from './common.js';
import { facebookLinks, shareHtml, staticUrl } from './society.js';

const officeKey = code => code || 'BD';
const officeName = o => o && o.code ? o.name_bn : 'সমবায় অধিদপ্তর';
const officeNameEn = o => o && o.code ? o.name_en : 'Department of Cooperatives';
const officeLabel = o => `${officeName(o)}${o && o.code ? ` (${levelBn[o.level] || ''})` : ''}`;
const levelBn = { division: 'বিভাগ', district: 'জেলা', upazila: 'উপজেলা' };
let seq = 0;

// ---- on every area page -----------------------------------------------------------------
export function areaExtras(area) {
  const my = ++seq;
  const fresh = () => my === seq;
  $('#about-link').innerHTML = `<a href="#/about/${esc(officeKey(area))}" data-testid="about-link">${
    bi('অফিস পরিচিতি ও যোগাযোগ', 'About the office and contact')}</a>`;
  homeNotices(area, fresh);
  homePhotos(area, fresh);
  areaTable(area, fresh);
  visits(area, fresh);
}

const noticeLink = (n, area) => `#/notice/${encodeURIComponent(n.id)}${qs({ area })}`;
const noticeRow = (n, area) => `<li class="notice-row${n.breaking ? ' breaking' : ''}"
 data-testid="notice-row">
<a href="${noticeLink(n, area)}"><span class="meta">${date(n.date)} · ${esc(officeLabel(n.office))}</span>
<span class="name">${esc(n.title_bn)}</span>${
  n.title_en ? `<small lang="en">${esc(n.title_en)}</small>` : ''}</a></li>`;

async function homeNotices(area, fresh) {
  const box = $('#notices-box');
  box.innerHTML = loading();
  try {
    const d = await api(`/api/public/notices${qs({ area_code: area, limit: 5 })}`);
    if (!fresh()) return;
    // Breaking news leads the notices: in the box whose place is kept, it moves nothing on the page.
    const breaking = d.items.filter(n => n.breaking);
    const strip = breaking.length ? `<p id="breaking" class="strip" role="status" data-testid="breaking"><b>${
      bi('জরুরি', 'Breaking')}</b> ${breaking.map(n => `<a href="${noticeLink(n, area)}"
 data-testid="breaking-link">${date(n.date)} · ${esc(n.title_bn)}</a>`).join(' · ')}</p>` : '';
    box.innerHTML = `${strip}<h2>${bi('নোটিশ', 'Notices')}</h2>${d.items.length
      ? `<ul class="rows notices">${d.items.map(n => noticeRow(n, area)).join('')}</ul>`
      : empty('এখন কোনো নোটিশ নেই', 'No notices now', 'no-notices')}
${d.next_cursor ? `<p><a href="#/notices/${esc(area)}">${bi('সব নোটিশ', 'All notices')}</a></p>` : ''}`;
  } catch (e) { if (fresh()) box.innerHTML = errorBox(e); }
}

async function homePhotos(area, fresh) {
  const box = $('#photos-box');
  try {
    const d = await api(`/api/public/photos${qs({ area_code: area })}`);
    if (!fresh()) return;
    box.hidden = !d.items.length;
    box.innerHTML = `<h2>${bi('সাম্প্রতিক ছবি', 'Recent photos')}</h2><ul class="photos">${d.items.map(p =>
      `<li data-testid="photo"><a href="${esc(p.url)}" target="_blank" rel="noopener"><img src="${
        esc(p.thumb_url || p.url)}" loading="lazy" decoding="async" width="400" height="${
        p.width ? Math.round(400 * p.height / p.width) : 300}" alt="${esc(p.caption_bn || '')}"></a>
<small>${esc(p.caption_bn || '')}<br>${esc(officeName(p.office))}</small></li>`).join('')}</ul>`;
  } catch (_) { box.hidden = true; }
}

// Registered societies per area one level down, with the area's own total: a plain table that prints.
async function areaTable(area, fresh) {
  const box = $('#area-table');
  box.innerHTML = '';
  let rows;
  try {
    const kids = area.length < 6 ? await areas(area) : [];
    rows = await Promise.all(kids.map(a => api(`/api/public/stats${qs({ area_code: a.code })}`)
      .then(s => ({ a, s }))));
  } catch (e) { if (fresh()) box.innerHTML = errorBox(e); return; }
  if (!fresh() || !rows.length) return;
  const cell = v => `<td class="num">${num(v)}</td>`;
  const tr = (name, s) => `<tr><th scope="row">${name}</th>${cell(s.total)}${cell(s.by_status.green)}${
    cell(s.by_status.yellow)}${cell(s.by_status.red)}</tr>`;
  const sum = k => rows.reduce((n, r) => n + (k ? r.s.by_status[k] : r.s.total), 0);
  box.innerHTML = `<h2>${bi('এলাকাভিত্তিক নিবন্ধিত সমিতি', 'Registered societies by area')}</h2>
<div class="table-wrap"><table class="mtable stats-table" data-testid="area-table"><thead><tr>
<th>${bi('এলাকা', 'Area')}</th><th>${bi('মোট', 'Total')}</th><th>${bi('সবুজ', 'Green')}</th>
<th>${bi('হলুদ', 'Yellow')}</th><th>${bi('লাল', 'Red')}</th></tr></thead>
<tbody>${rows.map(({ a, s }) => tr(`<a href="#/area/${esc(a.code)}">${esc(a.name_bn)}</a>
<small lang="en">${esc(a.name_en)}</small>`, s)).join('')}</tbody>
<tfoot>${tr(bi('মোট', 'Total'), { total: sum(), by_status: { green: sum('green'), yellow: sum('yellow'),
    red: sum('red') } })}</tfoot></table></div>`;
}

// One counted view per visit and area (sessionStorage): reloads do not count again.
async function visits(area, fresh) {
  const box = $('#visits'), key = `samabay.visit.${officeKey(area)}`;
  try {
    if (!sessionStorage.getItem(key)) {
      sessionStorage.setItem(key, '1');
      await api('/api/public/visits', { method: 'POST', body: { area_code: area } });
    }
    const v = await api(`/api/public/visits${qs({ area_code: area })}`);
    if (!fresh()) return;
    box.innerHTML = `${bi('দর্শক', 'Visitors')}: ${bi(`আজ ${num(v.today)} · এ মাসে ${num(v.month)} · মোট ${
      num(v.total)}`, `today ${v.today} · this month ${v.month} · total ${v.total}`)}`;
  } catch (_) { box.innerHTML = ''; }
}

// ---- notices ----------------------------------------------------------------------------
export async function showNotices(showPage, back, area) {
  showPage(back() + loading());
  let cursor = null;
  const list = [];
  async function more() {
    const d = await api(`/api/public/notices${qs({ area_code: area, cursor, limit: 20 })}`);
    list.push(...d.items);
    cursor = d.next_cursor;
    return d;
  }
  let d;
  try { d = await more(); } catch (e) { return showPage(back() + errorBox(e)); }
  const where = d.area && d.area.code ? d.area : { name_bn: 'সারা দেশ', name_en: 'Bangladesh' };
  const render = () => showPage(`${back()}
<h1>${bi(`নোটিশ: ${where.name_bn}`, `Notices: ${where.name_en}`)}</h1>
${list.length ? `<ul class="rows notices">${list.map(n => noticeRow(n, area)).join('')}</ul>`
    : empty('এখন কোনো নোটিশ নেই', 'No notices now', 'no-notices')}
${cursor ? `<button type="button" id="more-notices" class="more secondary">${
    bi('আরও দেখুন', 'Load more')}</button>`
    : ''}`, 'নোটিশ');
  render();
  const wire = () => {
    const b = $('#more-notices');
    if (b) b.onclick = async () => { b.disabled = true; try { await more(); render(); wire(); } catch (e) {
      b.insertAdjacentHTML('afterend', errorBox(e));
    } };
  };
  wire();
}

export async function showNotice(showPage, back, id, area) {
  showPage(back() + loading());
  let n;
  try {
    n = await api(`/api/public/notices/${encodeURIComponent(id)}${qs({ area_code: area })}`);
  } catch (e) {
    return showPage(back() + errorBox(e));
  }
  const link = (to, b, e, rel) => to ? `<a class="btn secondary" rel="${rel}" data-testid="notice-${rel}"
 href="#/notice/${encodeURIComponent(to)}${qs({ area: n.area_code })}">${bi(b, e)}</a>` : '';
  const paras = t => (t || '').split(/\n\n+/).map(p => `<p>${esc(p)}</p>`).join('');
  showPage(`${back()}
<article class="card notice" data-testid="notice">
<p class="meta">${bi(`${date(n.date)} · ${officeLabel(n.office)}`,
    `${dateEn(n.date)} · ${officeNameEn(n.office)}`)}</p>
<h1>${esc(n.title_bn)}${n.title_en ? `<small lang="en">${esc(n.title_en)}</small>` : ''}</h1>
${paras(n.body_bn)}${n.body_en ? `<div lang="en">${paras(n.body_en)}</div>` : ''}
<p class="no-print"><a href="#/about/${esc(officeKey(n.office_code))}">${
  bi(`${officeName(n.office)}: যোগাযোগ`, `${officeNameEn(n.office)}: contact`)}</a></p></article>
<nav class="actions prevnext no-print" aria-label="নোটিশ">${link(n.previous, '← আগের', 'Previous', 'prev')}${
  link(n.next, 'পরের →', 'Next', 'next')}</nav>
${shareHtml(staticUrl('n', n.id), n.title_bn)}`, n.title_bn);
}

// ---- an office's about page -------------------------------------------------------------
export async function showAbout(showPage, back, code) {
  showPage(back() + loading());
  let o;
  try { o = await api(`/api/public/offices/${encodeURIComponent(code)}`); } catch (e) {
    return showPage(back() + errorBox(e));
  }
  const name = o.code ? `${o.name_bn} ${levelBn[o.area.level] || ''} সমবায় কার্যালয়` : 'সমবায় অধিদপ্তর';
  const nameEn = o.code ? `${o.name_en} ${o.area.level} cooperative office` : 'Department of Cooperatives';
  const fact = (b, e, v) => v ? `<dt>${bi(b, e)}</dt><dd>${v}</dd>` : '';
  const officers = (o.officers || []).map(p => `<li>${esc(p.name_bn)} — ${esc(p.title_bn)}${
    p.name_en || p.title_en ? ` <small lang="en">${esc(p.name_en)}, ${esc(p.title_en)}</small>` : ''}</li>`)
    .join('');
  const any = o.address_bn || o.contact_phone || o.email || officers || o.working_hours_bn;
  showPage(`${back()}
<h1>${esc(name)}<small lang="en">${esc(nameEn)}</small></h1>
<div class="card" data-testid="about"><dl class="facts">
${fact('ঠিকানা', 'Address', `${esc(o.address_bn)}${o.address_en
    ? `<br><small lang="en">${esc(o.address_en)}</small>`
    : ''}`.trim())}
${fact('অফিসের ফোন', 'Office phone', o.contact_phone
    ? `<a href="tel:${esc(o.contact_phone.replace(/[ -]/g, ''))}">${
    bn(o.contact_phone)}</a>` : '')}
${fact('ই-মেইল', 'E-mail', o.email ? `<a href="mailto:${esc(o.email)}">${esc(o.email)}</a>` : '')}
${fact('অফিস সময়', 'Working hours', o.working_hours_bn ? `${esc(o.working_hours_bn)}${o.working_hours_en
    ? ` <small lang="en">${esc(o.working_hours_en)}</small>` : ''}` : '')}
${fact('কর্মকর্তা', 'Officers', officers ? `<ul class="officers">${officers}</ul>` : '')}
</dl>${any ? '' : empty('এই অফিস এখনো পরিচিতি প্রকাশ করেনি',
    'This office has not published its details yet')}</div>
${facebookLinks(o.facebook_url, ['অফিসের', "the office's"])}
<p class="no-print"><a href="#/area/${esc(o.code)}">${
  bi('এই এলাকার সমিতি ও নোটিশ', 'Societies and notices here')}</a></p>
${shareHtml(staticUrl('o', officeKey(o.code)), name)}`, name);
}
