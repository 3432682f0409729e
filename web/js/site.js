// The public site's office content: breaking news, notices (list, one notice with previous/next),
// recent photos, the societies-per-area table, the visitor counter and office about pages.
// public.js calls areaExtras(area) on every area page and the show* functions for their routes:
// showPage(template, title) draws a page, back() is its link back to the list. lit-html templates (ui.js).
import { $, api, areas, bn, date, dateEn, num, qs } from './common.js';
import { facebookLinks, fact, shareLinks, staticUrl } from './society.js';
import { bil, emptyNote, errorNote, html, loadingNote, nothing, pagedList, render } from './ui.js';

const officeKey = code => code || 'BD';
const officeName = o => o && o.code ? o.name_bn : 'সমবায় অধিদপ্তর';
const officeNameEn = o => o && o.code ? o.name_en : 'Department of Cooperatives';
const officeLabel = o => `${officeName(o)}${o && o.code ? ` (${levelBn[o.level] || ''})` : ''}`;
const levelBn = { division: 'বিভাগ', district: 'জেলা', upazila: 'উপজেলা' };
const NO_NOTICES = emptyNote(['এখন কোনো নোটিশ নেই', 'No notices now'], 'no-notices');
let seq = 0;

// ---- on every area page -----------------------------------------------------------------
export function areaExtras(area) {
  const my = ++seq;
  const fresh = () => my === seq;
  render(html`<a href="#/about/${officeKey(area)}" data-testid="about-link">${
    bil('অফিস পরিচিতি ও যোগাযোগ', 'About the office and contact')}</a>`, $('#about-link'));
  homeNotices(area, fresh);
  homePhotos(area, fresh);
  areaTable(area, fresh);
  visits(area, fresh);
}

const noticeLink = (n, area) => `#/notice/${encodeURIComponent(n.id)}${qs({ area })}`;
const noticeRow = (n, area) => html`<li class="notice-row${n.breaking ? ' breaking' : ''}"
 data-testid="notice-row">
<a href=${noticeLink(n, area)}><span class="meta">${date(n.date)} · ${officeLabel(n.office)}</span>
<span class="name">${n.title_bn}</span>${
  n.title_en ? html`<small lang="en">${n.title_en}</small>` : nothing}</a></li>`;
const noticeRows = (items, area) => html`<ul class="rows notices">${items.map(n => noticeRow(n, area))}</ul>`;

// Breaking news leads the notices: in the box whose place is kept, it moves nothing on the page.
function breakingStrip(items, area) {
  const breaking = items.filter(n => n.breaking);
  if (!breaking.length) return nothing;
  const links = breaking.map((n, i) => html`${i ? ' · ' : nothing}<a href=${noticeLink(n, area)}
 data-testid="breaking-link">${date(n.date)} · ${n.title_bn}</a>`);
  return html`<p id="breaking" class="strip" role="status" data-testid="breaking"><b>${
    bil('জরুরি', 'Breaking')}</b> ${links}</p>`;
}

async function homeNotices(area, fresh) {
  const box = $('#notices-box');
  render(loadingNote(), box);
  let d;
  try { d = await api(`/api/public/notices${qs({ area_code: area, limit: 5 })}`); } catch (e) {
    if (fresh()) render(errorNote(e, () => homeNotices(area, fresh)), box);
    return;
  }
  if (!fresh()) return;
  render(html`${breakingStrip(d.items, area)}<h2>${bil('নোটিশ', 'Notices')}</h2>${
    d.items.length ? noticeRows(d.items, area) : NO_NOTICES}
${d.next_cursor ? html`<p><a href="#/notices/${area}">${bil('সব নোটিশ', 'All notices')}</a></p>` : nothing}`,
  box);
}

const photo = p => html`<li data-testid="photo"><a href=${p.url} target="_blank" rel="noopener"><img
 src=${p.thumb_url || p.url} loading="lazy" decoding="async" width="400" height=${
  p.width ? Math.round(400 * p.height / p.width) : 300} alt=${p.caption_bn || ''}></a>
<small>${p.caption_bn || ''}<br>${officeName(p.office)}</small></li>`;

async function homePhotos(area, fresh) {
  const box = $('#photos-box');
  try {
    const d = await api(`/api/public/photos${qs({ area_code: area })}`);
    if (!fresh()) return;
    box.hidden = !d.items.length;
    render(html`<h2>${bil('সাম্প্রতিক ছবি', 'Recent photos')}</h2>
<ul class="photos">${d.items.map(photo)}</ul>`, box);
  } catch (_) { box.hidden = true; }
}

// Registered societies per area one level down, with the area's own total: a plain table that prints.
async function areaTable(area, fresh) {
  const box = $('#area-table');
  render(nothing, box);
  let rows;
  try {
    const kids = area.length < 6 ? await areas(area) : [];
    rows = await Promise.all(kids.map(a => api(`/api/public/stats${qs({ area_code: a.code })}`)
      .then(s => ({ a, s }))));
  } catch (e) { if (fresh()) render(errorNote(e, () => areaTable(area, fresh)), box); return; }
  if (!fresh() || !rows.length) return;
  const sum = k => rows.reduce((n, r) => n + (k ? r.s.by_status[k] : r.s.total), 0);
  const total = { total: sum(), by_status: { green: sum('green'), yellow: sum('yellow'), red: sum('red') } };
  render(html`<h2>${bil('এলাকাভিত্তিক নিবন্ধিত সমিতি', 'Registered societies by area')}</h2>
<div class="table-wrap"><table class="mtable stats-table" data-testid="area-table"><thead><tr>
<th>${bil('এলাকা', 'Area')}</th><th>${bil('মোট', 'Total')}</th><th>${bil('সবুজ', 'Green')}</th>
<th>${bil('হলুদ', 'Yellow')}</th><th>${bil('লাল', 'Red')}</th></tr></thead>
<tbody>${rows.map(({ a, s }) => areaRow(html`<a href="#/area/${a.code}">${a.name_bn}</a>
<small lang="en">${a.name_en}</small>`, s))}</tbody>
<tfoot>${areaRow(bil('মোট', 'Total'), total)}</tfoot></table></div>`, box);
}

const count = v => html`<td class="num">${num(v)}</td>`;
const areaRow = (name, s) => html`<tr><th scope="row">${name}</th>${count(s.total)}${
  count(s.by_status.green)}${count(s.by_status.yellow)}${count(s.by_status.red)}</tr>`;

// The counter is sampled here: once per visit and area (sessionStorage: reloads draw nothing), 1 view in
// `sample_rate` (the visits answer names it) sends a beacon, which counts as that many views.
async function visits(area, fresh) {
  const box = $('#visits'), key = `samabay.visit.${officeKey(area)}`;
  try {
    const v = await api(`/api/public/visits${qs({ area_code: area })}`);
    let mine = 0;  // what this view's beacon added: the figures shown include it
    if (!sessionStorage.getItem(key)) {
      sessionStorage.setItem(key, '1');
      if (Math.random() * v.sample_rate < 1) {
        const body = { area_code: area };
        mine = (await api('/api/public/visits', { method: 'POST', body }).catch(() => ({}))).counted || 0;
      }
    }
    if (!fresh()) return;
    const [today, month, total] = [v.today + mine, v.month + mine, v.total + mine];
    render(html`${bil('দর্শক', 'Visitors')}: ${bil(`আজ ${num(today)} · এ মাসে ${num(month)} · মোট ${
      num(total)}`, `today ${today} · this month ${month} · total ${total}`)}`, box);
  } catch (_) { render(nothing, box); }
}

// ---- notices ----------------------------------------------------------------------------
const where = d => (d.area && d.area.code ? d.area : { name_bn: 'সারা দেশ', name_en: 'Bangladesh' });

export function showNotices(showPage, back, area) {
  // A box of its own: a late answer for the last area draws into a box no longer on the page.
  const box = document.createElement('div');
  showPage(html`${back()}${box}`, 'নোটিশ');
  pagedList(box, {
    name: 'notices', moreId: 'more-notices',
    page: cursor => api(`/api/public/notices${qs({ area_code: area, cursor, limit: 20 })}`),
    head: d => html`<h1>${bil(`নোটিশ: ${where(d).name_bn}`, `Notices: ${where(d).name_en}`)}</h1>`,
    wrap: rows => html`<ul class="rows notices">${rows}</ul>`,
    row: n => noticeRow(n, area),
    empty: NO_NOTICES,
  }).reload();
}

export async function showNotice(showPage, back, id, area) {
  showPage(html`${back()}${loadingNote()}`);
  let n;
  try {
    n = await api(`/api/public/notices/${encodeURIComponent(id)}${qs({ area_code: area })}`);
  } catch (e) {
    return showPage(html`${back()}${errorNote(e, () => showNotice(showPage, back, id, area))}`);
  }
  showPage(html`${back()}${noticePage(n)}`, n.title_bn);
}

const paragraphs = text => (text || '').split(/\n\n+/).map(p => html`<p>${p}</p>`);

function noticePage(n) {
  const link = (to, b, e, rel) => (to ? html`<a class="btn secondary" rel=${rel} data-testid="notice-${rel}"
 href="#/notice/${encodeURIComponent(to)}${qs({ area: n.area_code })}">${bil(b, e)}</a>` : nothing);
  return html`<article class="card notice" data-testid="notice">
<p class="meta">${bil(`${date(n.date)} · ${officeLabel(n.office)}`,
    `${dateEn(n.date)} · ${officeNameEn(n.office)}`)}</p>
<h1>${n.title_bn}${n.title_en ? html`<small lang="en">${n.title_en}</small>` : nothing}</h1>
${paragraphs(n.body_bn)}${n.body_en ? html`<div lang="en">${paragraphs(n.body_en)}</div>` : nothing}
<p class="no-print"><a href="#/about/${officeKey(n.office_code)}">${
  bil(`${officeName(n.office)}: যোগাযোগ`, `${officeNameEn(n.office)}: contact`)}</a></p></article>
<nav class="actions prevnext no-print" aria-label="নোটিশ">${link(n.previous, '← আগের', 'Previous', 'prev')}${
  link(n.next, 'পরের →', 'Next', 'next')}</nav>
${shareLinks(staticUrl('n', n.id), n.title_bn)}`;
}

// ---- an office's about page -------------------------------------------------------------
export async function showAbout(showPage, back, code) {
  showPage(html`${back()}${loadingNote()}`);
  let o;
  try { o = await api(`/api/public/offices/${encodeURIComponent(code)}`); } catch (e) {
    return showPage(html`${back()}${errorNote(e, () => showAbout(showPage, back, code))}`);
  }
  const name = o.code ? `${o.name_bn} ${levelBn[o.area.level] || ''} সমবায় কার্যালয়` : 'সমবায় অধিদপ্তর';
  const nameEn = o.code ? `${o.name_en} ${o.area.level} cooperative office` : 'Department of Cooperatives';
  showPage(html`${back()}
<h1>${name}<small lang="en">${nameEn}</small></h1>
${aboutCard(o)}
${facebookLinks(o.facebook_url, ['অফিসের', "the office's"])}
<p class="no-print"><a href="#/area/${o.code || ''}">${
  bil('এই এলাকার সমিতি ও নোটিশ', 'Societies and notices here')}</a></p>
${shareLinks(staticUrl('o', officeKey(o.code)), name)}`, name);
}

// What the office published about itself; a fact it left out is not shown.
function aboutCard(o) {
  const some = (b, e, v) => (v ? fact(b, e, v) : nothing);
  const address = (o.address_bn || '').trim() || o.address_en ? html`${o.address_bn}${
    o.address_en ? html`<br><small lang="en">${o.address_en}</small>` : nothing}` : null;
  const phone = o.contact_phone ? html`<a href="tel:${o.contact_phone.replace(/[ -]/g, '')}">${
    bn(o.contact_phone)}</a>` : null;
  const hours = o.working_hours_bn ? html`${o.working_hours_bn}${
    o.working_hours_en ? html` <small lang="en">${o.working_hours_en}</small>` : nothing}` : null;
  const people = o.officers || [];
  const officers = people.length ? html`<ul class="officers">${people.map(p => html`<li>${p.name_bn} — ${
    p.title_bn}${p.name_en || p.title_en ? html` <small lang="en">${p.name_en}, ${p.title_en}</small>`
    : nothing}</li>`)}</ul>` : null;
  const any = o.address_bn || o.contact_phone || o.email || people.length || o.working_hours_bn;
  return html`<div class="card" data-testid="about"><dl class="facts">
${some('ঠিকানা', 'Address', address)}
${some('অফিসের ফোন', 'Office phone', phone)}
${some('ই-মেইল', 'E-mail', o.email ? html`<a href="mailto:${o.email}">${o.email}</a>` : null)}
${some('অফিস সময়', 'Working hours', hours)}
${some('কর্মকর্তা', 'Officers', officers)}
</dl>${any ? nothing : emptyNote(['এই অফিস এখনো পরিচিতি প্রকাশ করেনি',
    'This office has not published its details yet'])}</div>`;
}
