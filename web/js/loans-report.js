// The monthly recovery report of Asrayon loans (#/loans/report?month=YYYY-MM), loaded by loans.js: for the
// office's area or one it picks below (the loans picker), what fell due in the month, what was recovered,
// the recovery rate, overdue by bucket and PAR30, in total and per project; two small SVG charts (overdue by
// bucket, recovery rate per project) with their figures in tables; the money collected by bKash against the
// bank deposits (the difference marked when not 0) and the project fund, per project and in total, for the
// month and to date; CSV and print. The API sums; this draws.
import { areas, bn, date, dateEn, num, qs, saveAs } from './common.js';
import { bucketBadge, bucketClass, bucketWords, cells } from './loans-parts.js';
import {
  bil, cardTable, emptyNote, errorNote, html, loadingNote, money, nothing, render, svg,
} from './ui.js';

const MONTHS = [['জানুয়ারি', 'January'], ['ফেব্রুয়ারি', 'February'], ['মার্চ', 'March'],
  ['এপ্রিল', 'April'],
  ['মে', 'May'], ['জুন', 'June'], ['জুলাই', 'July'], ['আগস্ট', 'August'], ['সেপ্টেম্বর', 'September'],
  ['অক্টোবর', 'October'], ['নভেম্বর', 'November'], ['ডিসেম্বর', 'December']];
const monthWords = m => {
  const [b, e] = MONTHS[Number(m.slice(5)) - 1];
  return [`${b} ${bn(m.slice(0, 4))}`, `${e} ${m.slice(0, 4)}`];
};
// This month and the 35 before it, the latest first (the month in Asia/Dhaka, as the API's default).
function recentMonths() {
  const [y, m] = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Dhaka' }).split('-').map(Number);
  return Array.from({ length: 36 }, (_, i) => {
    const at = y * 12 + (m - 1) - i;
    return `${Math.floor(at / 12)}-${String((at % 12) + 1).padStart(2, '0')}`;
  });
}
const rateText = r => (r === null || r === undefined ? '—' : `${(r * 100).toFixed(1)}%`);
const rate = r => (r === null || r === undefined
  ? bil('—', 'nothing due') : html`${bn(rateText(r))}`);
const wholeTaka = paisa => `৳${num(Math.round(paisa / 100))}`;

export function showReport(ctx, params) {
  const months = recentMonths(), asked = params.get('month') || '';
  const month = /^\d{4}-\d\d$/.test(asked) ? asked : months[0];
  const from = ctx.areaQuery(), csv = { busy: false, error: null };
  let d = null, place = null, names = new Map(), error = null;
  document.title = 'মাসিক আদায় প্রতিবেদন · Monthly recovery report · Samabay';
  const pick = ev => {
    const chosen = ev.target.value, q = new URLSearchParams(params);
    if (chosen === months[0]) q.delete('month'); else q.set('month', chosen);
    ctx.go(`#/loans/report${q.toString() ? `?${q}` : ''}`);
  };
  const draw = () => ctx.ok() && render(html`<form class="card asof no-print" id="report-form"
 onsubmit="return false"><div class="field"><label for="report-month">${bil('মাস', 'Month')}</label>
<select id="report-month" @change=${pick}>${
  (months.includes(month) ? months : [month, ...months]).map(m => html`
<option value=${m} ?selected=${m === month}>${monthWords(m).join(' · ')}</option>`)}</select></div></form>
<div id="report-out">${error ? errorNote(error, error.status ? null : load, 'report-error')
    : !d ? loadingNote() : reportView(d, place, names, csv, download)}</div>`, ctx.body);
  async function load() {
    error = null; draw();
    try {
      [d, place] = await Promise.all([ctx.call(`/api/loans/recovery${qs({ area_code: from, month })}`),
        ctx.areaWords(from || ctx.ownCode())]);
      names = await upazilaNames(d.projects.map(p => p.upazila_code));
    } catch (e) { if (e.handled) return; error = e; }
    draw();
  }
  async function download() {
    Object.assign(csv, { busy: true, error: null });
    draw();
    try {
      const path = `/api/loans/recovery${qs({ area_code: from, month: d.month, format: 'csv' })}`;
      await saveAs(await ctx.call(path, { raw: true }), `recovery-${d.area_code || 'BD'}-${d.month}.csv`);
    } catch (e) { if (!e.handled) csv.error = e; }
    csv.busy = false;
    draw();
  }
  load();
}

// The upazilas' names (the projects' child areas), read from the area lists the pickers use (cached).
async function upazilaNames(codes) {
  const parents = [...new Set(codes.map(c => c.slice(0, -2)))];
  const lists = await Promise.all(parents.map(p => areas(p).catch(() => [])));
  return new Map(lists.flat().map(a => [a.code, a.name_bn]));
}

const PROJECT_COLUMNS = names => [
  { head: ['প্রকল্প', 'Project'], key: true, cell: p => (p.project_id ? html`<a href="#/loans/project/${
    encodeURIComponent(p.project_id)}" data-testid="report-project">${p.project_name_bn}</a>`
    : html`<b>${p.project_name_bn}</b>`) },
  { head: ['উপজেলা', 'Upazila'], cell: p => names.get(p.upazila_code) || bn(p.upazila_code) || '—' },
  { head: ['ঋণ', 'Loans'], num: true, cell: p => num(p.loans) },
  { head: ['মাসে প্রাপ্য', 'Due in the month'], num: true, cell: p => money(p.due_paisa) },
  { head: ['মাসে আদায়', 'Recovered'], num: true, cell: p => money(p.recovered_paisa) },
  { head: ['আদায়ের হার', 'Recovery rate'], num: true, cell: p => html`<b data-testid="project-rate">${
    rate(p.recovery_rate)}</b>` },
  { head: ['মোট বকেয়া', 'Overdue'], num: true, cell: p => money(p.overdue_paisa) },
  { head: ['PAR30', 'PAR30'], num: true, cell: p => bn(rateText(p.par30.ratio)) },
];

function reportView(d, place, names, csv, download) {
  const t = d.total, [mb, me] = monthWords(d.month);
  return html`<h2 data-testid="report-title">${bil(`${place[0]}: আশ্রয়ণ ঋণ আদায়, ${mb}`,
    `${place[1]}: Asrayon loan recovery, ${me}`)}</h2>
<p class="hint">${bil(`${date(d.first_day)} থেকে ${date(d.last_day)}; বকেয়া মাসের শেষ দিনের হিসাবে।`,
    `${dateEn(d.first_day)} to ${dateEn(d.last_day)}; overdue as at the month's last day.`)}</p>
${d.projects.length ? html`<div class="card" data-testid="report-total"><dl class="figures">
${fig(['মাসে প্রাপ্য', 'Due in the month'], money(t.due_paisa), 'total-due')}
${fig(['মাসে আদায়', 'Recovered in the month'], money(t.recovered_paisa), 'total-recovered')}
${fig(['আদায়ের হার', 'Recovery rate'], html`<b class="big">${rate(t.recovery_rate)}</b>`, 'total-rate')}
${fig(['শুরু থেকে আদায়ের হার', 'Recovery rate to date'], rate(t.cumulative_recovery_rate), 'total-cum-rate')}
${fig(['মোট বকেয়া', 'Overdue'], money(t.overdue_paisa), 'total-overdue')}
${fig(['অপরিশোধিত', 'Outstanding'], money(t.outstanding_paisa), 'total-outstanding')}
${fig(['PAR30 (৩০ দিনের বেশি ঝুঁকিতে)', 'PAR30'], bn(rateText(t.par30.ratio)), 'total-par30')}
${fig(['ঋণ', 'Loans'], num(t.loans), 'total-loans')}</dl></div>
<div class="actions no-print"><button type="button" class="secondary" id="report-csv" ?disabled=${csv.busy}
 @click=${download}>${bil('CSV ডাউনলোড', 'Download CSV')}</button>
<button type="button" class="secondary" id="report-print" @click=${() => window.print()}>${
  bil('প্রিন্ট', 'Print')}</button></div>
${csv.error ? errorNote(csv.error) : nothing}
${bucketChart(t.overdue_by_bucket)}
${rateChart(d.projects)}
<h3>${bil('প্রকল্পভিত্তিক', 'Per project')}</h3>
${cardTable(cells(PROJECT_COLUMNS(names)), d.projects, { testid: 'report-projects', cls: 'report-table',
    foot: { ...t, project_id: '', project_name_bn: 'মোট · Total', upazila_code: '' } })}
<h3>${bil('বিকাশে আদায় বনাম ব্যাংকে জমা, প্রকল্পের তহবিল',
    'bKash money against bank deposits, the fund')}</h3>
${d.projects.map(p => fundTable(p.project_name_bn, p.fund, 'fund-project'))}
${d.projects.length > 1 ? fundTable('মোট · Total', t.fund, 'fund-total') : nothing}`
    : emptyNote(['এই এলাকায় কোনো আশ্রয়ণ ঋণ নেই', 'No Asrayon loans in this area'], 'report-empty')}`;
}
const fig = (words, v, testid) => html`<div><dt>${bil(...words)}</dt><dd data-testid=${testid}>${
  v}</dd></div>`;

// Overdue at the month's end by bucket: one bar each, its colour and shape the bucket badge's, its Taka and
// loans at its end; the figures again in a table under it.
function bucketChart(lines) {
  const W = 320, step = 34, room = 190, max = Math.max(1, ...lines.map(l => l.paisa));
  const bar = (l, i) => {
    const w = (l.paisa / max) * room, y = i * step;
    return svg`<text x="0" y=${y + 12} class="lbl">${bucketWords(l.bucket)[0]}</text>
<rect x="0" y=${y + 16} width=${Math.max(w, l.paisa ? 2 : 0).toFixed(1)} height="12"
 class=${`bar ${bucketClass(l.bucket)}`}><title>${bucketWords(l.bucket)[1]}</title></rect>
<text x=${(w + 6).toFixed(1)} y=${y + 26} class="val">${wholeTaka(l.paisa)} · ${num(l.loans)} ঋণ</text>`;
  };
  return html`<figure class="chart card" data-testid="chart-buckets"><figcaption>${
    bil('মাস শেষে বকেয়া, শ্রেণি অনুযায়ী', "Overdue at the month's end, by bucket")}</figcaption>
<svg viewBox=${`0 0 ${W} ${lines.length * step + 4}`} width="100%" role="img"
 aria-label="শ্রেণি অনুযায়ী বকেয়া · Overdue by bucket">${lines.map(bar)}</svg>
<details><summary>${bil('সংখ্যাগুলো', 'The figures')}</summary>
<table class="mtable"><thead><tr><th>${bil('শ্রেণি', 'Bucket')}</th><th class="num">${bil('ঋণ', 'Loans')}</th>
<th class="num">${bil('বকেয়া', 'Overdue')}</th></tr></thead><tbody>${lines.map(l => html`<tr
 data-testid="bucket-line"><td>${bucketBadge(l.bucket)}</td><td class="num">${num(l.loans)}</td>
<td class="num">${money(l.paisa)}</td></tr>`)}</tbody></table></details></figure>`;
}

// The month's recovery rate per project, from 0 to 100% (a rate above 100%, arrears paid, fills the bar).
function rateChart(projects) {
  const W = 320, step = 34, room = 250;
  const bar = (p, i) => {
    const y = i * step, r = p.recovery_rate, w = r === null ? 0 : Math.min(1, r) * room;
    return svg`<text x="0" y=${y + 12} class="lbl">${p.project_name_bn}</text>
<rect x="0" y=${y + 16} width=${room} height="12" class="track"></rect>
<rect x="0" y=${y + 16} width=${w.toFixed(1)} height="12" class="col"></rect>
<text x=${room + 6} y=${y + 26} class="val">${r === null ? '—' : bn(rateText(r))}</text>`;
  };
  return html`<figure class="chart card" data-testid="chart-rates"><figcaption>${
    bil('প্রকল্পভিত্তিক আদায়ের হার', 'Recovery rate per project')}</figcaption>
<svg viewBox=${`0 0 ${W} ${projects.length * step + 4}`} width="100%" role="img"
 aria-label="প্রকল্পভিত্তিক আদায়ের হার · Recovery rate per project">${projects.map(bar)}</svg></figure>`;
}

const FUND_ROWS = [
  ['bkash_collected_paisa', 'বিকাশে আদায়', 'Collected by bKash'],
  ['deposited_paisa', 'ব্যাংকে জমা', 'Deposited in the bank'],
  ['difference_paisa', 'পার্থক্য (আদায় − জমা)', 'Difference (collected − deposited)'],
  ['allocated_paisa', 'তহবিল বরাদ্দ', 'Fund allocated'],
  ['disbursed_paisa', 'বিতরণ (আসল)', 'Disbursed (principal)'],
  ['principal_collected_paisa', 'আসল আদায়', 'Principal collected'],
  ['service_charge_collected_paisa', 'সার্ভিস চার্জ আদায়', 'Service charge collected'],
  ['service_charge_remitted_paisa', 'সার্ভিস চার্জ প্রেরণ', 'Service charge remitted'],
];

// A project's (or the total's) fund for the month and to date, folded under its month's difference (marked
// when not 0), as cards on a phone.
function fundTable(name, fund, testid) {
  const amount = (key, v) => (key === 'difference_paisa' && v !== 0
    ? html`<b class="fund-diff" data-testid="fund-difference">${money(v)}</b>`
    : html`<span data-testid=${`fund-${key}`}>${money(v)}</span>`);
  const columns = [
    { head: ['হিসাব', 'Figure'], key: true, cell: ([, b, e]) => bil(b, e) },
    { head: ['মাসে', 'In the month'], num: true, cell: ([key]) => amount(key, fund.month[key]) },
    { head: ['এ পর্যন্ত', 'To date'], num: true, cell: ([key]) => amount(key, fund.to_date[key]) },
  ];
  const diff = fund.month.difference_paisa;
  return html`<details class="card" data-testid=${testid}><summary><span><b>${name}</b><br>${
    bil('মাসে পার্থক্য', 'difference in the month')}: <span data-testid="fund-summary-difference">${
    diff ? html`<b class="fund-diff">${money(diff)}</b>` : money(diff)}</span></span></summary>${
    cardTable(columns, FUND_ROWS, { cls: 'fund-table' })}</details>`;
}
