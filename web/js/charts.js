// The officer's home at a glance: small SVG charts, readable at 360 px, every bar labelled with its
// figure; the figures are also a table under each chart and a CSV file. The API sums; nothing here does
// more than scale bars to the largest figure.
import { bi, bn, esc, num, taka } from './common.js';

const W = 320;
const COLOURS = { green: '#1e7a46', yellow: '#c08a00', red: '#b3261e' };
const COLOUR_WORDS = { green: ['সবুজ', 'green'], yellow: ['হলুদ', 'yellow'], red: ['লাল', 'red'] };
const MONTHS_BN = ['জানু', 'ফেব্রু', 'মার্চ', 'এপ্রিল', 'মে', 'জুন', 'জুলাই', 'আগস্ট', 'সেপ্টে', 'অক্টো',
  'নভে', 'ডিসে'];
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthBn = m => `${MONTHS_BN[Number(m.slice(5)) - 1]} ${bn(m.slice(2, 4))}`;
const monthShort = m => MONTHS_BN[Number(m.slice(5)) - 1]; // under a column: the table has the year
const monthEn = m => `${MONTHS_EN[Number(m.slice(5)) - 1]} ${m.slice(2, 4)}`;
const wholeTaka = paisa => `৳${num(Math.round(paisa / 100))}`;

const figure = (id, title, svg, table) => `<figure class="chart card" data-testid="chart-${id}">
<figcaption>${title}</figcaption>${svg}
<details><summary>${bi('সংখ্যাগুলো', 'The figures')}</summary>${table}</details></figure>`;
const svgOf = (label, height, body) => `<svg viewBox="0 0 ${W} ${height}" width="100%" role="img"
 aria-label="${esc(label)}" preserveAspectRatio="xMinYMin meet">${body}</svg>`;

// One stacked bar per area: green, yellow, red, and the total at its end.
export function coloursByArea(rows) {
  const max = Math.max(1, ...rows.map(r => r.total)), step = 36, room = W - 48;
  const bars = rows.map((r, i) => {
    const y = i * step;
    let x = 0;
    const parts = ['green', 'yellow', 'red'].map(k => {
      const w = (r.by_status[k] / max) * room, at = x;
      x += w;
      return w > 0 ? `<rect x="${at.toFixed(1)}" y="${y + 17}" width="${w.toFixed(1)}" height="13"
 fill="${COLOURS[k]}"><title>${esc(COLOUR_WORDS[k][0])} ${bn(r.by_status[k])}</title></rect>` : '';
    }).join('');
    return `<text x="0" y="${y + 12}" class="lbl">${esc(r.name_bn)}</text>${parts}
<text x="${(x + 4).toFixed(1)}" y="${y + 28}" class="val">${num(r.total)}</text>`;
  }).join('');
  const table = `<table class="mtable"><thead><tr><th>${bi('এলাকা', 'Area')}</th><th class="num">${
    bi('মোট', 'Total')}</th>${['green', 'yellow', 'red'].map(k => `<th class="num">${
    bi(...COLOUR_WORDS[k])}</th>`).join('')}</tr></thead><tbody>${rows.map(r => `<tr><td>${
    esc(r.name_bn)}</td><td class="num">${num(r.total)}</td>${['green', 'yellow', 'red']
    .map(k => `<td class="num">${num(r.by_status[k])}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
  return figure('areas', bi('এলাকাভিত্তিক সমিতি (রঙ অনুযায়ী)', 'Societies by area and colour'),
    svgOf('এলাকাভিত্তিক সমিতি · Societies by area', rows.length * step + 4, bars), table);
}

// Six months as columns, each with its figure above it; `cap` draws the monthly cap as a dashed line.
function monthColumns(title, months, value, shown, cap) {
  const height = 150, base = 122, top = 18, slot = W / months.length;
  const max = Math.max(1, ...months.map(value), ...(cap ? months.map(cap) : []));
  const y = v => base - (v / max) * (base - top);
  const bars = months.map((m, i) => {
    const v = value(m), x = i * slot + slot * 0.18, w = slot * 0.64;
    return `<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${w.toFixed(1)}"
 height="${(base - y(v)).toFixed(1)}" class="col"><title>${esc(monthBn(m.month))}: ${
  esc(shown(m))}</title></rect>
<text x="${(i * slot + slot / 2).toFixed(1)}" y="${(y(v) - 4).toFixed(1)}" class="val" text-anchor="middle">${
  esc(shown(m))}</text>
<text x="${(i * slot + slot / 2).toFixed(1)}" y="${base + 16}" class="lbl" text-anchor="middle">${
  esc(monthShort(m.month))}</text>`;
  }).join('');
  const capNow = cap ? cap(months.at(-1)) : 0, capY = y(capNow).toFixed(1);
  const capLine = cap ? `<line x1="0" x2="${W}" y1="${capY}" y2="${capY}" class="cap"/>
<text x="${W}" y="${(capY - 3).toFixed(1)}" class="lbl" text-anchor="end">সীমা · cap ${
  esc(wholeTaka(capNow))}</text>` : '';
  const axis = `<line x1="0" x2="${W}" y1="${base}" y2="${base}" class="axis"/>`;
  return svgOf(title, height, `${axis}${bars}${capLine}`);
}

export function depositsByMonth(months) {
  const svg = monthColumns('মাসিক জমা · Deposits per month', months, m => m.total_paisa,
    m => wholeTaka(m.total_paisa));
  const table = `<table class="mtable"><thead><tr><th>${bi('মাস', 'Month')}</th><th class="num">${
    bi('পেমেন্ট', 'Payments')}</th><th class="num">${bi('জমা', 'Deposited')}</th></tr></thead><tbody>${
    months.map(m => `<tr><td>${bi(monthBn(m.month), monthEn(m.month))}</td>
<td class="num">${num(m.count)}</td>
<td class="num">${taka(m.total_paisa)}</td></tr>`).join('')}</tbody></table>`;
  return figure('deposits', bi('মাসিক বিকাশ জমা', 'bKash deposits per month'), svg, table);
}

export function smsByMonth(months) {
  const svg = monthColumns('মাসিক এসএমএস খরচ · SMS spend per month', months, m => m.spent_paisa,
    m => wholeTaka(m.spent_paisa), m => m.cap_paisa);
  const table = `<table class="mtable"><thead><tr><th>${bi('মাস', 'Month')}</th><th class="num">${
    bi('এসএমএস', 'SMS')}</th><th class="num">${bi('খরচ', 'Spent')}</th><th class="num">${
    bi('সীমা', 'Cap')}</th></tr></thead><tbody>${months.map(m => `<tr><td>${
    bi(monthBn(m.month), monthEn(m.month))}</td><td class="num">${num(m.sms)}</td><td class="num">${
    taka(m.spent_paisa)}</td><td class="num">${taka(m.cap_paisa)}</td></tr>`).join('')}</tbody></table>`;
  return figure('sms', bi('মাসিক এসএমএস খরচ (সীমার তুলনায়)', 'SMS spend per month against the cap'),
    svg, table);
}
