// The decision letter of a budget file (#/budgets/letter/<id>), as the deciding office issues it: in Bengali,
// with its reference number, the heads asked and approved, the reason and the copies; printed on A4 by the
// browser (print CSS hides the app around it). The API writes the letter's words; this lays them out.
import { bn } from './common.js';
import { bil, errorNote, html, loadingNote, nothing, render } from './ui.js';

const enc = encodeURIComponent;
const dmy = iso => bn(iso.split('-').reverse().join('/'));
const taka = paisa => `${bn(lakhs(Math.floor(paisa / 100)))}.${bn(String(paisa % 100).padStart(2, '0'))}`;
function lakhs(n) {
  const s = String(n), tail = s.slice(-3);
  let head = s.slice(0, -3);
  const groups = [];
  while (head.length > 2) { groups.unshift(head.slice(-2)); head = head.slice(0, -2); }
  if (head) groups.unshift(head);
  return [...groups, tail].join(',');
}

export async function showLetter(ctx, id) {
  document.title = 'সিদ্ধান্তপত্র · Decision letter · Samabay';
  render(loadingNote(), ctx.section);
  let l;
  try { l = await ctx.call(`/api/budgets/${enc(id)}/letter`); } catch (e) {
    if (!e.handled && ctx.ok()) render(html`${ctx.back(`#/budgets/f/${enc(id)}`)}
      ${errorNote(e)}`, ctx.section);
    return;
  }
  if (!ctx.ok()) return;
  const changed = l.decision === 'approved_with_changes', rejected = l.decision === 'rejected';
  render(html`${ctx.back(`#/budgets/f/${enc(id)}`, ['নথিতে ফিরুন', 'Back to the file'])}
<p class="actions no-print"><button type="button" id="letter-print" @click=${() => window.print()}>${
  bil('প্রিন্ট করুন', 'Print')}</button></p>
<article class="letter" data-testid="budget-letter" lang="bn">
<header class="letter-head"><p>গণপ্রজাতন্ত্রী বাংলাদেশ সরকার</p><p><b>${l.office_name_bn}</b></p>
<p class="en" lang="en">${l.office_name_en}</p></header>
<p class="letter-ref"><span>স্মারক নম্বর: <b data-testid="letter-ref">${l.reference_no_bn}</b>${
  l.memo_no ? html`<br>ই-নথি স্মারক: ${bn(l.memo_no)}` : nothing}</span>
<span>তারিখ: <b data-testid="letter-date">${dmy(l.issued_on)} খ্রিঃ</b></span></p>
<p>বরাবর,<br>সভাপতি/সম্পাদক<br><b>${l.society_name_bn}</b></p>
<p><b>বিষয়: ${l.subject_bn}</b></p>
<p data-testid="letter-body">${l.body_bn}</p>
${l.reason ? html`<p>${rejected ? 'নামঞ্জুরের কারণ' : 'মন্তব্য'}: ${l.reason}</p>` : nothing}
<table class="mtable letter-table"><thead><tr><th>ক্র.</th><th>খাত</th><th class="num">প্রস্তাবিত (টাকা)</th>
<th class="num">${rejected ? 'অনুমোদিত' : changed ? 'অনুমোদিত (সংশোধিত)' : 'অনুমোদিত'}
(টাকা)</th></tr></thead>
<tbody>${l.items.map((i, n) => html`<tr><td>${bn(n + 1)}</td><td>${i.head_bn}</td><td class="num">${
  taka(i.asked_paisa)}</td><td class="num">${taka(i.approved_paisa)}</td></tr>`)}</tbody>
<tfoot><tr><td></td><td><b>মোট</b></td><td class="num"><b>${taka(l.asked_total_paisa)}</b></td>
<td class="num"><b data-testid="letter-approved-total">${taka(l.approved_total_paisa)}</b>
</td></tr></tfoot></table>
${l.resolution_on ? html`<p>সূত্র: সাধারণ সভার রেজুলেশন, তারিখ ${dmy(l.resolution_on)}।</p>` : nothing}
<div class="letter-sign"><p>(${l.decided_by})</p><p>${l.office_name_bn}</p></div>
<p>অনুলিপি (সদয় অবগতির জন্য):</p><ol>${l.copies.map(c => html`<li>${c.name_bn}</li>`)}</ol>
<p class="letter-foot"><small>সমবায় অধিদপ্তরের ডিজিটাল অফিস (Samabay) থেকে তৈরি ·
${l.reference_no}</small></p>
</article>`, ctx.section);
}
