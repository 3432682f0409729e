// Societies as both the public pages and the officer app show them: a row in a list, an area's colour
// counts, one society's countdown, facts and statutory calendar (what it owes, by due date, with its
// rule), and its sharing links. lit-html templates (ui.js): every value is escaped by the library.
import { bn, date, dateEn, DUE_WORDS, KINDS, num, place, placeEn } from './common.js';
import { bil, emptyNote, errorNote, html, loadingNote, money, nothing, render, statusBadge } from './ui.js';

export const fact = (b, e, v) => html`<dt>${bil(b, e)}</dt><dd>${v}</dd>`;
const year = y => (y ? bil(`সমবায় বর্ষ ${bn(y)}`, `year ${y}`) : '—');

// One society in a list. meta: more facts after the registration number; after: below the link;
// flag: a line above the name.
export const societyRow = (s, { meta = nothing, after = nothing, flag = nothing } = {}) => html`<li
 class="row ${s.status}${flag === nothing ? '' : ' new'}" data-testid="society-row" data-id=${s.id}>
<a href="#/society/${encodeURIComponent(s.id)}">${flag === nothing ? nothing : html`<span class="meta">${
  flag}</span>`}
<span class="name">${s.name_bn}</span><small lang="en">${s.name_en}</small>
<span class="meta">নিবন্ধন নং ${s.registration_no}${meta}</span>${statusBadge(s)}</a>${after}</li>`;

export const noSocieties = filtered => (filtered
  ? emptyNote(['খোঁজের সাথে মেলে এমন কোনো সমিতি নেই', 'No society matches your search'])
  : emptyNote(['এই এলাকায় কোনো সমিতি নেই', 'No societies in this area yet']));

const where = d => (d.area && d.area.code ? d.area : { name_bn: 'সারা দেশ', name_en: 'Bangladesh' });
// The colour counts of an area, drawn into box. get() answers the stats (null when the answer is
// stale); href(colour) is each tile's link; onPick(colour), if given, handles the click instead;
// title, if given, is the list's heading, named after the area.
export async function showSummary(box, get, { active = '', href = () => '#/', onPick, title } = {}) {
  render(loadingNote(), box);
  let d;
  try { d = await get(); } catch (e) { if (!e.handled) render(errorNote(e), box); return; }
  if (!d) return;
  const w = where(d), c = d.by_status;
  const click = s => (onPick ? ev => { ev.preventDefault(); onPick(s); } : null);
  const tile = (s, b, e) => html`<li class="${s}${active === s ? ' on' : ''}"><a href=${href(s)}
 data-s=${s} data-testid="count-${s}" @click=${click(s)}><b>${num(c[s])}</b>${bil(b, e)}</a></li>`;
  render(html`<p class="total">${w.name_bn}: নিবন্ধিত সমিতি <b data-testid="count-total">${num(d.total)}</b>
<br><small lang="en">${w.name_en}: ${d.total} registered societies</small></p>
<ul class="counts">${tile('green', 'সবুজ', 'Green')}${tile('yellow', 'হলুদ', 'Yellow')}${
  tile('red', 'লাল', 'Red')}</ul>`, box);
  if (title) render(bil(`${w.name_bn}-এর সমিতি`, `Societies in ${w.name_en}`), title);
}

// The API lists obligations most urgent first; one due before the committee's term leads the page.
function mostUrgent(s) {
  const first = (s.obligations || [])[0];
  if (!first || first.kind === 'committee_term') return nothing;
  const name = OBLIGATIONS[first.kind] || [first.kind, first.kind];
  return html`<div class="lead-obligation" data-testid="lead-obligation" data-kind=${first.kind}>
<p><b>${bil(...name)}</b> · ${bil('শেষ তারিখ', 'due')} <b class="nowrap">${date(first.due_on)}</b></p>
${statusBadge(first, DUE_WORDS, 'lead-badge')}</div>`;
}

export function societyHead(s) {
  const d = s.days_left;
  const [cb, ce] = d > 0 ? [`কমিটির মেয়াদ ${num(d)} দিন বাকি`, `Committee term: ${d} days left`]
    : [`মেয়াদ শেষ হয়েছে ${num(-d)} দিন আগে`, `Term ended ${-d} days ago`];
  return html`<h1>${s.name_bn}<small lang="en">${s.name_en}</small></h1>
${s.dissolved_on ? html`<div class="msg error">${
    bil(`এই সমিতি ${date(s.dissolved_on)} তারিখে বিলুপ্ত`, `Dissolved on ${dateEn(s.dissolved_on)}`)}
</div>` : nothing}
<div class="card">${mostUrgent(s)}<p class="countdown" data-testid="countdown">${bil(cb, ce)}</p>${
  statusBadge(s)}
<p>${bil('কমিটির মেয়াদ শেষ', 'Term ends')}: <b>${date(s.term_ends_on)}</b></p>
${s.status === 'red' ? html`<p class="msg error">${bil(
    'মেয়াদ শেষ: অন্তর্বর্তী কমিটি গঠন বা নির্বাচন প্রয়োজন।',
    'Term expired: an interim committee or an election is needed.')}</p>` : nothing}</div>`;
}

export function societyFacts(s) {
  const kind = KINDS[s.committee_kind] || ['', ''];
  const capital = s.paid_up_share_capital_paisa;
  return html`${fact('নিবন্ধন নম্বর', 'Registration no.', s.registration_no)}
${fact('নিবন্ধনের তারিখ', 'Registered on', date(s.registered_on))}
${fact('ঠিকানা', 'Address', s.address)}
${fact('এলাকা', 'Area', html`${place(s.area)} <small lang="en">${placeEn(s.area)}</small>`)}
${fact('কমিটির ধরন', 'Committee', bil(...kind))}
${fact('কমিটি শুরু', 'Committee started', date(s.committee_started_on))}
${fact('সর্বশেষ বার্ষিক সাধারণ সভা', 'Last AGM', date(s.last_agm_on))}
${fact('সর্বশেষ অডিট সম্পন্নের তারিখ', 'Last audit completed', html`${date(s.last_audit_on)}${
    s.last_audit_year ? html` (${year(s.last_audit_year)})` : nothing}`)}
${fact('অডিট সংশোধনী দাখিলের তারিখ', 'Audit rectification filed', date(s.last_rectification_on))}
${fact('সর্বশেষ হিসাব বিবরণী দাখিলের বর্ষ', 'Last accounts statement', year(s.last_accounts_year))}
${capital !== undefined && capital !== null
    ? fact('পরিশোধিত শেয়ার মূলধন', 'Paid-up share capital', money(capital)) : nothing}
${s.facebook_url ? fact('ফেসবুক', 'Facebook', html`<a href=${s.facebook_url} rel="noopener" target="_blank"
 data-testid="facebook-link">${bil('ফেসবুক পেজ দেখুন', 'Facebook page')}</a>`) : nothing}`;
}

export const OBLIGATIONS = {
  committee_term: ['কমিটির মেয়াদ', 'Committee term'],
  agm: ['বার্ষিক সাধারণ সভা', 'Annual general meeting'],
  audit: ['বিধিবদ্ধ অডিট', 'Statutory audit'],
  audit_rectification: ['অডিট সংশোধনী প্রতিবেদন', 'Audit rectification report'],
  accounts_statement: ['বার্ষিক হিসাব বিবরণী', 'Annual statement of accounts'],
};

function subject(o) {
  if (!o.subject) return nothing;
  return o.kind === 'committee_term' || /^\d{4}-\d\d-\d\d$/.test(o.subject)
    ? bil(`কমিটি শুরু ${date(o.subject)}`, `committee from ${dateEn(o.subject)}`) : year(o.subject);
}

// The statutory calendar: one line per obligation, in the API's order (most urgent first).
export function obligationList(items) {
  if (!items || !items.length) return nothing;
  const one = o => html`<li class="ob ${o.status}" data-testid="obligation" data-kind=${o.kind}>
<p class="ob-head"><b>${bil(...(OBLIGATIONS[o.kind] || [o.kind, o.kind]))}</b></p>
<p>${bil('শেষ তারিখ', 'Due')}: <b class="nowrap">${date(o.due_on)}</b> · ${subject(o)}</p>
${statusBadge(o, DUE_WORDS, 'obligation-badge')}
${o.projected ? html`<p class="hint">${bil('আনুমানিক: অডিট সম্পন্ন হলে তারিখ ঠিক হবে',
    'Projected: fixed once the audit is done')}</p>` : nothing}
<p class="rule"><small>${o.rule_bn || ''}</small><br>
<small lang="en">${o.rule || ''}</small></p></li>`;
  return html`<section class="obligations" aria-labelledby="ob-title">
<h2 id="ob-title">${bil('বিধিবদ্ধ ক্যালেন্ডার', 'Statutory calendar')}</h2>
<p class="hint">${bil('সমিতির যা করণীয়, শেষ তারিখ অনুযায়ী', 'What the society owes, by due date')}</p>
<ol class="obs" data-testid="obligations">${items.map(one)}</ol></section>`;
}

// ---- sharing and Facebook (seed 002) ------------------------------------------------------
// The address shared is the item's static page (s/<id>.html, n/<id>.html, o/<code>.html): it
// carries the Open Graph tags crawlers read without JavaScript, and links back to the live page.
export const staticUrl = (kind, id) => new URL(`${kind}/${encodeURIComponent(id)}.html`, location.href).href;

// https://facebook.com/<page> -> https://m.me/<page>; none for profile.php, groups and the like.
export function messengerUrl(fb) {
  const m = /^https:\/\/(www\.|m\.|web\.)?(facebook\.com|fb\.com)\/([^\s<>"'?#]+)$/.exec(fb || '');
  if (!m) return null;
  const path = m[3].split('/').filter(Boolean);
  if (path.length !== 1 || path[0].endsWith('.php')
    || ['groups', 'pages', 'people', 'sharer'].includes(path[0])) {
    return null;
  }
  return `https://m.me/${encodeURIComponent(path[0])}`;
}

// "Follow" (the Facebook page) and "Message" (Messenger) links.
export function facebookLinks(fb, who = ['সমিতির', "the society's"]) {
  if (!/^https:\/\/(www\.|m\.|web\.)?(facebook\.com|fb\.com)\//.test(fb || '')) return nothing;
  const m = messengerUrl(fb);
  return html`<p class="fb-links no-print" data-testid="facebook-links">
<a class="btn secondary" href=${fb} rel="noopener" target="_blank" data-testid="follow-link">${
  bil(`${who[0]} ফেসবুক পেজ ফলো করুন`, `Follow ${who[1]} Facebook page`)}</a>
${m ? html`<a class="btn secondary" href=${m} rel="noopener" target="_blank"
 data-testid="messenger-link">${bil('মেসেঞ্জারে যোগাযোগ', 'Message on Messenger')}</a>` : nothing}</p>`;
}

// The clipboard when allowed, else the address selected in a box.
async function copy(ev, url) {
  const b = ev.currentTarget;
  try {
    await navigator.clipboard.writeText(url);
    b.querySelectorAll('span').forEach(x => { x.hidden = !x.hidden; }); // "Copy link" → "Copied"
  } catch (_) {
    window.prompt('লিংক কপি করুন · Copy the link', url);
  }
}

// Facebook sharer, WhatsApp and copy link for one address.
export function shareLinks(url, text) {
  const fb = `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(url)}`;
  const wa = `https://wa.me/?text=${encodeURIComponent(`${text}\n${url}`)}`;
  return html`<section class="share no-print" data-testid="share">
<h2>${bil('শেয়ার করুন', 'Share')}</h2>
<p class="actions"><a class="btn secondary" href=${fb} rel="noopener" target="_blank"
 data-testid="share-facebook">${bil('ফেসবুক', 'Facebook')}</a>
<a class="btn secondary" href=${wa} rel="noopener" target="_blank" data-testid="share-whatsapp">${
  bil('হোয়াটসঅ্যাপ', 'WhatsApp')}</a>
<button type="button" class="secondary" data-copy=${url} data-testid="share-copy"
 @click=${ev => copy(ev, url)}><span>${bil('লিংক কপি', 'Copy link')}</span><span hidden>${
  bil('কপি হয়েছে', 'Copied')}</span></button></p></section>`;
}
