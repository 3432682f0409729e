// One society, as both the public page and the officer page show it: the countdown, the
// facts, and the statutory calendar (what the society owes, by due date, with its rule).
import { badge, bi, bn, date, dateEn, DUE_WORDS, esc, KINDS, num, place, placeEn, taka } from './common.js';

export const fact = (b, e, v) => `<dt>${bi(b, e)}</dt><dd>${v}</dd>`;
const year = y => y ? bi(`সমবায় বর্ষ ${bn(y)}`, `year ${y}`) : '—';

// The API lists obligations most urgent first; one due before the committee's term leads the page.
function mostUrgent(s) {
  const first = (s.obligations || [])[0];
  if (!first || first.kind === 'committee_term') return '';
  const name = OBLIGATIONS[first.kind] || [first.kind, first.kind];
  return `<div class="lead-obligation" data-testid="lead-obligation" data-kind="${esc(first.kind)}">
<p><b>${bi(name[0], name[1])}</b> · ${bi('শেষ তারিখ', 'due')} <b class="nowrap">${date(first.due_on)}</b></p>
${badge(first, DUE_WORDS, 'lead-badge')}</div>`;
}

export function societyHead(s) {
  const d = s.days_left;
  const [cb, ce] = d > 0 ? [`কমিটির মেয়াদ ${num(d)} দিন বাকি`, `Committee term: ${d} days left`]
    : [`মেয়াদ শেষ হয়েছে ${num(-d)} দিন আগে`, `Term ended ${-d} days ago`];
  return `<h1>${esc(s.name_bn)}<small lang="en">${esc(s.name_en)}</small></h1>
${s.dissolved_on ? `<div class="msg error">${
    bi(`এই সমিতি ${date(s.dissolved_on)} তারিখে বিলুপ্ত`, `Dissolved on ${dateEn(s.dissolved_on)}`)}
</div>` : ''}
<div class="card">${mostUrgent(s)}<p class="countdown" data-testid="countdown">${bi(cb, ce)}</p>${badge(s)}
<p>${bi('কমিটির মেয়াদ শেষ', 'Term ends')}: <b>${date(s.term_ends_on)}</b></p>
${s.status === 'red' ? `<p class="msg error">${bi('মেয়াদ শেষ: অন্তর্বর্তী কমিটি গঠন বা নির্বাচন প্রয়োজন।',
    'Term expired: an interim committee or an election is needed.')}</p>` : ''}</div>`;
}

export function societyFacts(s) {
  const kind = KINDS[s.committee_kind] || ['', ''];
  const capital = s.paid_up_share_capital_paisa;
  return `${fact('নিবন্ধন নম্বর', 'Registration no.', esc(s.registration_no))}
${fact('নিবন্ধনের তারিখ', 'Registered on', date(s.registered_on))}
${fact('ঠিকানা', 'Address', esc(s.address))}
${fact('এলাকা', 'Area', `${esc(place(s.area))} <small lang="en">${esc(placeEn(s.area))}</small>`)}
${fact('কমিটির ধরন', 'Committee', bi(kind[0], kind[1]))}
${fact('কমিটি শুরু', 'Committee started', date(s.committee_started_on))}
${fact('সর্বশেষ বার্ষিক সাধারণ সভা', 'Last AGM', date(s.last_agm_on))}
${fact('সর্বশেষ অডিট সম্পন্নের তারিখ', 'Last audit completed', `${date(s.last_audit_on)}${
    s.last_audit_year ? ` (${year(s.last_audit_year)})` : ''}`)}
${fact('অডিট সংশোধনী দাখিলের তারিখ', 'Audit rectification filed', date(s.last_rectification_on))}
${fact('সর্বশেষ হিসাব বিবরণী দাখিলের বর্ষ', 'Last accounts statement', year(s.last_accounts_year))}
${capital !== undefined && capital !== null
    ? fact('পরিশোধিত শেয়ার মূলধন', 'Paid-up share capital', taka(capital)) : ''}
${s.facebook_url ? fact('ফেসবুক', 'Facebook', `<a href="${esc(s.facebook_url)}" rel="noopener" target="_blank"
 data-testid="facebook-link">${bi('ফেসবুক পেজ দেখুন', 'Facebook page')}</a>`) : ''}`;
}

export const OBLIGATIONS = {
  committee_term: ['কমিটির মেয়াদ', 'Committee term'],
  agm: ['বার্ষিক সাধারণ সভা', 'Annual general meeting'],
  audit: ['বিধিবদ্ধ অডিট', 'Statutory audit'],
  audit_rectification: ['অডিট সংশোধনী প্রতিবেদন', 'Audit rectification report'],
  accounts_statement: ['বার্ষিক হিসাব বিবরণী', 'Annual statement of accounts'],
};

function subject(o) {
  if (!o.subject) return '';
  return o.kind === 'committee_term' || /^\d{4}-\d\d-\d\d$/.test(o.subject)
    ? bi(`কমিটি শুরু ${date(o.subject)}`, `committee from ${dateEn(o.subject)}`) : year(o.subject);
}

// The statutory calendar: one line per obligation, in the API's order (most urgent first).
export function obligationsHtml(items) {
  if (!items || !items.length) return '';
  const one = o => {
    const name = OBLIGATIONS[o.kind] || [o.kind, o.kind];
    return `<li class="ob ${esc(o.status)}" data-testid="obligation" data-kind="${esc(o.kind)}">
<p class="ob-head"><b>${bi(name[0], name[1])}</b></p>
<p>${bi('শেষ তারিখ', 'Due')}: <b class="nowrap">${date(o.due_on)}</b> · ${subject(o)}</p>
${badge(o, DUE_WORDS, 'obligation-badge')}
${o.projected ? `<p class="hint">${bi('আনুমানিক: অডিট সম্পন্ন হলে তারিখ ঠিক হবে',
    'Projected: fixed once the audit is done')}</p>` : ''}
<p class="rule"><small>${esc(o.rule_bn || '')}</small><br>
<small lang="en">${esc(o.rule || '')}</small></p></li>`;
  };
  return `<section class="obligations" aria-labelledby="ob-title">
<h2 id="ob-title">${bi('বিধিবদ্ধ ক্যালেন্ডার', 'Statutory calendar')}</h2>
<p class="hint">${bi('সমিতির যা করণীয়, শেষ তারিখ অনুযায়ী', 'What the society owes, by due date')}</p>
<ol class="obs" data-testid="obligations">${items.map(one).join('')}</ol></section>`;
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
  if (!/^https:\/\/(www\.|m\.|web\.)?(facebook\.com|fb\.com)\//.test(fb || '')) return '';
  const m = messengerUrl(fb);
  return `<p class="fb-links no-print" data-testid="facebook-links">
<a class="btn secondary" href="${esc(fb)}" rel="noopener" target="_blank" data-testid="follow-link">${
  bi(`${who[0]} ফেসবুক পেজ ফলো করুন`, `Follow ${who[1]} Facebook page`)}</a>
${m ? `<a class="btn secondary" href="${esc(m)}" rel="noopener" target="_blank"
 data-testid="messenger-link">${
    bi('মেসেঞ্জারে যোগাযোগ', 'Message on Messenger')}</a>` : ''}</p>`;
}

// Facebook sharer, WhatsApp and copy link for one address.
export function shareHtml(url, text) {
  const fb = `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(url)}`;
  const wa = `https://wa.me/?text=${encodeURIComponent(`${text}\n${url}`)}`;
  return `<section class="share no-print" data-testid="share">
<h2>${bi('শেয়ার করুন', 'Share')}</h2>
<p class="actions"><a class="btn secondary" href="${esc(fb)}" rel="noopener" target="_blank"
 data-testid="share-facebook">${bi('ফেসবুক', 'Facebook')}</a>
<a class="btn secondary" href="${esc(wa)}" rel="noopener" target="_blank" data-testid="share-whatsapp">${
  bi('হোয়াটসঅ্যাপ', 'WhatsApp')}</a>
<button type="button" class="secondary" data-copy="${esc(url)}" data-testid="share-copy">${
  bi('লিংক কপি', 'Copy link')}</button></p></section>`;
}

// Copy buttons anywhere under root: the clipboard when allowed, else the address selected in a box.
export function wireCopy(root) {
  root.querySelectorAll('[data-copy]').forEach(b => b.onclick = async () => {
    try {
      await navigator.clipboard.writeText(b.dataset.copy);
      b.innerHTML = bi('কপি হয়েছে', 'Copied');
    } catch (_) {
      window.prompt('লিংক কপি করুন · Copy the link', b.dataset.copy);
    }
  });
}
