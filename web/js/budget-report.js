// An office's budget report (#/budgets/report?financial_year=…), loaded by budgets.js: files on the office's
// path, received and decided; the median working days per step; and the path's steps, working days and
// visits set beside seed 003's table (before: 7 steps, 15–18 days, 4–5 visits; promised: 3, 4–5, 1–2).
// The API
// computes it from the movement logs; this draws two charts (charts.js), a table per file and the CSV.
import { $, areas, bn, num, qs, saveAs } from './common.js';
import { financialYear, officeWords, stateTag } from './budgets.js';
import { groupedBars } from './charts.js';
import { bil, cardTable, emptyNote, errorNote, html, loadingNote, nothing, render } from './ui.js';

const STEP_WORDS = { recommend: ['উপজেলা অফিসের সুপারিশ', 'Upazila office recommends'],
  decide: ['সিদ্ধান্ত (জেলা বা যুগ্ম-নিবন্ধক)', 'Decision (district or JR)'] };
const days = v => (v === null || v === undefined ? '—' : bn(Number(v).toFixed(v % 1 ? 1 : 0)));
const range = ([a, b]) => (a === b ? bn(a) : `${bn(a)}–${bn(b)}`);
const dmy = iso => (iso ? bn(iso.split('-').reverse().join('/')) : '—');

export function showReport(ctx, params) {
  const years = [financialYear(), financialYear(-1), financialYear(-2)];
  const year = years.includes(params.get('financial_year')) ? params.get('financial_year') : years[0];
  // An office above the upazila may read the report of an office below it (the API checks the area).
  const own = ctx.ownCode(), office = params.get('office_code') || '';
  const csv = { busy: false, error: null };
  let d = null, error = null, below = [];
  document.title = 'বাজেট প্রতিবেদন · Budget report · Samabay';
  const form = () => ({ financial_year: $('#report-year', ctx.section).value,
    office_code: ($('#report-office', ctx.section) || { value: '' }).value });
  const pick = () => ctx.go(`#/budgets/report${qs(form())}`);
  const draw = () => ctx.ok() && render(html`${ctx.back('#/budgets/holding')}
<h1>${bil('বাজেট নথির প্রতিবেদন', 'Budget files report')}</h1>
<form class="card asof no-print" onsubmit="return false"><div class="field"><label for="report-year">${
  bil('অর্থবছর', 'Financial year')}</label><select id="report-year" @change=${pick}>${years.map(y => html`
<option value=${y} ?selected=${y === year}>${bn(y)} · ${y}</option>`)}</select></div>${below.length ? html`
<div class="field"><label for="report-office">${bil('দপ্তর', 'Office')}</label><select id="report-office"
 @change=${pick}><option value="">${bil('এই দপ্তর', 'This office')}</option>${below.map(a => html`
<option value=${a.code} ?selected=${a.code === office}>${a.name_bn} · ${a.name_en}</option>`)}</select></div>`
    : nothing}</form>
${error ? errorNote(error, load, 'report-error') : !d ? loadingNote() : view(d, csv, download)}`
, ctx.section);
  async function load() {
    error = null; d = null; draw();
    try {
      [d, below] = await Promise.all([ctx.call(`/api/budget-report${qs({ financial_year: year,
        office_code: office })}`), own.length < 6 ? areas(own).catch(() => []) : []]);
    } catch (e) {
      if (e.handled) return;
      error = e;
    }
    draw();
  }
  async function download() {
    Object.assign(csv, { busy: true, error: null }); draw();
    try {
      const res = await ctx.call(`/api/budget-report${qs({ financial_year: year, office_code: office,
        format: 'csv' })}`,
        { raw: true });
      await saveAs(res, `budget-report-${d.office_code}-${year}.csv`);
    } catch (e) { if (!e.handled) csv.error = e; }
    csv.busy = false; draw();
  }
  load();
}

function view(d, csv, download) {
  const c = d.comparison, now = c.now;
  const seed = (words, key, fig) => ({ label: words, bars: [
    { label: ['আগে', 'Before'], value: c.before[key][1], text: range(c.before[key]) },
    { label: ['প্রতিশ্রুত', 'Promised'], value: c.promised[key][1], text: range(c.promised[key]) },
    { label: ['এখন (মধ্যমা)', 'Now (median)'], value: fig.median || 0, text: days(fig.median) }] });
  const stepChart = groupedBars('budget-steps',
    ['প্রতি ধাপে কর্মদিবস (মধ্যমা)', 'Working days per step (median)'],
    d.steps.map(s => ({ label: STEP_WORDS[s.step], bars: [
      { label: ['মধ্যমা', 'Median'], value: s.median_working_days || 0, text: days(s.median_working_days) },
      { label: ['সর্বোচ্চ', 'Longest'], value: s.max_working_days || 0,
        text: days(s.max_working_days) }] })));
  const seedChart = groupedBars('budget-seed', ['আগে, প্রতিশ্রুত ও এখন', 'Before, promised and now'],
    [seed(['ধাপ', 'Steps'], 'steps', now.steps), seed(['দিন (কর্মদিবস)', 'Days (working)'], 'days', now.days),
      seed(['অফিসে যাতায়াত', 'Visits'], 'visits', now.visits)]);
  const cols = [
    { head: ['সমিতি', 'Society'], key: true, cell: r => html`<a href="#/budgets/f/${r.budget_id}">${
      r.society_name_bn}</a>` },
    { head: ['অবস্থা', 'State'], cell: r => stateTag(r.state) },
    { head: ['সিদ্ধান্তদাতা', 'Decider'],
      cell: r => (r.decider_office_code ? officeWords(r.decider_office_code)
      : '—') },
    { head: ['দাখিল', 'Submitted'], cell: r => dmy(r.submitted_on) },
    { head: ['সিদ্ধান্ত', 'Decided'], cell: r => dmy(r.decided_on) },
    { head: ['সুপারিশে দিন', 'Days to recommend'], num: true, cell: r => days(r.recommend_days) },
    { head: ['সিদ্ধান্তে দিন', 'Days to decide'], num: true, cell: r => days(r.decide_days) },
    { head: ['ধাপ', 'Steps'], num: true, cell: r => days(r.steps) },
    { head: ['যাতায়াত', 'Visits'], num: true, cell: r => days(r.visits) },
  ];
  return html`<dl class="facts card" data-testid="budget-report-figures">
<div><dt>${bil('এলাকার নথি', 'Files on the path')}</dt><dd>${num(d.files)}</dd></div>
<div><dt>${bil('এই দপ্তরে এসেছে', 'Received')}</dt>
<dd data-testid="report-received">${num(d.files_received)}</dd></div>
<div><dt>${bil('এই দপ্তরের সিদ্ধান্ত', 'Decided here')}</dt><dd data-testid="report-decided">${
  num(d.files_decided)}</dd></div>
<div><dt>${bil('সিদ্ধান্ত হওয়া নথি', 'Decided files')}</dt><dd>${num(now.decided_files)}</dd></div></dl>
<p class="hint">${bil('কর্মদিবস: শুক্র-শনি ও সরকারি ছুটি বাদ; নথি যেদিন আসে সেদিন গোনা হয় না। '
    + 'যাতায়াত: সমিতির পক্ষে উপজেলা অফিস দাখিল করলে একবার।',
    'Working days: Friday, Saturday and holidays not counted, nor the day the file arrived.'
    + ' Visits: one each time '
    + 'the upazila office submitted on the society\'s behalf.')}</p>
${stepChart}${seedChart}
<div class="actions no-print"><button type="button" class="secondary" id="report-csv" ?disabled=${csv.busy}
 @click=${download}>${bil('CSV ডাউনলোড', 'Download CSV')}</button>
<button type="button" class="secondary" @click=${() => window.print()}>
${bil('প্রিন্ট', 'Print')}</button></div>
${csv.error ? errorNote(csv.error) : nothing}
<h2>${bil('নথি অনুযায়ী', 'File by file')}</h2>${d.rows.length ? cardTable(cols, d.rows, {
    testid: 'budget-report-rows', cls: 'report-table' })
    : emptyNote(['এই অর্থবছরে কোনো নথি নেই।', 'No files this financial year.'], 'budget-report-empty')}`;
}
