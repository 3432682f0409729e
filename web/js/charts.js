// The officer's home at a glance: small SVG charts, readable at 360 px, every bar labelled with its
// figure; the figures are also a table under each chart and a CSV file. The API sums; nothing here does
// more than scale bars to the largest figure. Templates are lit-html's (ui.js): values are escaped.
import { bn, num } from './common.js';
import { bil, html, money, nothing, svg } from './ui.js';

const W = 320;
const STATUSES = ['green', 'yellow', 'red'];
const COLOURS = { green: '#1e7a46', yellow: '#c08a00', red: '#b3261e' };
const COLOUR_WORDS = { green: ['সবুজ', 'Green'], yellow: ['হলুদ', 'Yellow'], red: ['লাল', 'Red'] };
const MONTHS_BN = ['জানু', 'ফেব্রু', 'মার্চ', 'এপ্রিল', 'মে', 'জুন', 'জুলাই', 'আগস্ট', 'সেপ্টে', 'অক্টো',
  'নভে', 'ডিসে'];
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthShort = m => MONTHS_BN[Number(m.slice(5)) - 1]; // under a column: the table has the year
const month = m => bil(`${monthShort(m)} ${bn(m.slice(2, 4))}`,
  `${MONTHS_EN[Number(m.slice(5)) - 1]} ${m.slice(2, 4)}`);
const wholeTaka = paisa => `৳${num(Math.round(paisa / 100))}`;

const figure = (id, title, chart, head, rows) => html`<figure class="chart card" data-testid=${`chart-${id}`}>
<figcaption>${title}</figcaption>${chart}
<details><summary>${bil('সংখ্যাগুলো', 'The figures')}</summary><table class="mtable"><thead><tr>${
  head.map((h, i) => html`<th class=${i ? 'num' : nothing}>${h}</th>`)}</tr></thead><tbody>${
  rows.map(cells => html`<tr>${cells.map((c, i) => html`<td class=${i ? 'num' : nothing}>${c}</td>`)}</tr>`)
}</tbody></table></details></figure>`;
const frame = (label, height, body) => html`<svg viewBox=${`0 0 ${W} ${height}`} width="100%" role="img"
 aria-label=${label} preserveAspectRatio="xMinYMin meet">${body}</svg>`;

// One stacked bar per area: green, yellow, red, and the total at its end.
export function coloursByArea(rows) {
  const max = Math.max(1, ...rows.map(r => r.total)), step = 36, room = W - 48;
  const bar = (r, i) => {
    const y = i * step;
    let x = 0;
    const parts = STATUSES.map(k => {
      const w = (r.by_status[k] / max) * room, at = x;
      x += w;
      return w > 0 ? svg`<rect x=${at.toFixed(1)} y=${y + 17} width=${w.toFixed(1)} height="13"
 fill=${COLOURS[k]}><title>${COLOUR_WORDS[k][0]} ${bn(r.by_status[k])}</title></rect>` : nothing;
    });
    return svg`<text x="0" y=${y + 12} class="lbl">${r.name_bn}</text>${parts}
<text x=${(x + 4).toFixed(1)} y=${y + 28} class="val">${num(r.total)}</text>`;
  };
  return figure('areas', bil('এলাকাভিত্তিক সমিতি (রঙ অনুযায়ী)', 'Societies by area and colour'),
    frame('এলাকাভিত্তিক সমিতি · Societies by area', rows.length * step + 4, rows.map(bar)),
    [bil('এলাকা', 'Area'), bil('মোট', 'Total'), ...STATUSES.map(k => bil(...COLOUR_WORDS[k]))],
    rows.map(r => [r.name_bn, num(r.total), ...STATUSES.map(k => num(r.by_status[k]))]));
}

// Six months as columns, each with its figure above it; `cap` draws this month's cap as a dashed line.
function monthColumns(label, months, value, cap) {
  const base = 122, top = 18, slot = W / months.length;
  const max = Math.max(1, ...months.map(value), cap || 0);
  const y = v => base - (v / max) * (base - top);
  const column = (m, i) => {
    const v = value(m), middle = (i * slot + slot / 2).toFixed(1);
    return svg`<rect x=${(i * slot + slot * 0.18).toFixed(1)} y=${y(v).toFixed(1)}
 width=${(slot * 0.64).toFixed(1)} height=${(base - y(v)).toFixed(1)} class="col"><title>${
  monthShort(m.month)}: ${wholeTaka(v)}</title></rect>
<text x=${middle} y=${(y(v) - 4).toFixed(1)} class="val" text-anchor="middle">${wholeTaka(v)}</text>
<text x=${middle} y=${base + 16} class="lbl" text-anchor="middle">${monthShort(m.month)}</text>`;
  };
  const capY = y(cap || 0).toFixed(1);
  const capLine = cap ? svg`<line x1="0" x2=${W} y1=${capY} y2=${capY} class="cap"></line>
<text x=${W} y=${(capY - 3).toFixed(1)} class="lbl" text-anchor="end">সীমা · cap ${wholeTaka(cap)}</text>`
    : nothing;
  return frame(label, 150, svg`<line x1="0" x2=${W} y1=${base} y2=${base} class="axis"></line>${
    months.map(column)}${capLine}`);
}

export function depositsByMonth(months) {
  return figure('deposits', bil('মাসিক বিকাশ জমা', 'bKash deposits per month'),
    monthColumns('মাসিক জমা · Deposits per month', months, m => m.total_paisa),
    [bil('মাস', 'Month'), bil('পেমেন্ট', 'Payments'), bil('জমা', 'Deposited')],
    months.map(m => [month(m.month), num(m.count), money(m.total_paisa)]));
}

export function smsByMonth(months) {
  return figure('sms', bil('মাসিক এসএমএস খরচ (সীমার তুলনায়)', 'SMS spend per month against the cap'),
    monthColumns('মাসিক এসএমএস খরচ · SMS spend per month', months, m => m.spent_paisa,
      months.at(-1).cap_paisa),
    [bil('মাস', 'Month'), bil('এসএমএস', 'SMS'), bil('খরচ', 'Spent'), bil('সীমা', 'Cap')],
    months.map(m => [month(m.month), num(m.sms), money(m.spent_paisa), money(m.cap_paisa)]));
}

// Horizontal bars in groups, each bar with its figure at its end (the budget report: before, promised and
// now for steps, days and visits). groups: [{ label: [bn, en], bars: [{ label: [bn, en], value, text }] }].
export function groupedBars(id, title, groups) {
  const max = Math.max(1, ...groups.flatMap(g => g.bars.map(b => b.value || 0)));
  const room = W - 150, rows = [];
  let y = 0;
  for (const g of groups) {
    rows.push(svg`<text x="0" y=${y + 12} class="lbl">
<tspan font-weight="bold">${g.label[0]}</tspan></text>`);
    y += 18;
    for (const b of g.bars) {
      const w = ((b.value || 0) / max) * room;
      rows.push(svg`<text x="0" y=${y + 11} class="lbl">${b.label[0]}</text><rect x="100" y=${y + 2}
 width=${Math.max(w, 1).toFixed(1)} height="11" class="col"></rect><text x=${(104 + w).toFixed(1)} y=${y + 12}
 class="val">${b.text}</text>`);
      y += 16;
    }
    y += 6;
  }
  return figure(id, bil(...title), frame(title.join(' · '), y, rows),
    [bil('', ''), ...groups[0].bars.map(b => bil(...b.label))],
    groups.map(g => [bil(...g.label), ...g.bars.map(b => b.text)]));
}
