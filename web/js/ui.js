// Pieces of the officer app written once, as lit-html templates: every value put in a template is
// escaped by lit-html itself (vendor/lit-html), so no screen builds HTML from strings by hand.
// A container is drawn either by lit's render() or by hand, never both.
import { html, nothing, render } from '../vendor/lit-html/lit-html.js';
import { badgeText, bil, bn, dateEn, OOPS, OOPS_EN, takaWords, TERM_WORDS } from './common.js';

export { html, nothing, render, svg } from '../vendor/lit-html/lit-html.js';

// Bengali first, English second and smaller (written in common.js, where form errors use it too).
export { bil };

// A count on a destination (open corrections, unread messages); setBadge() in common.js updates it.
export const countBadge = (name, count, testid = `${name}-badge`) => html`<span class="count"
 data-badge=${name} data-testid=${testid} ?hidden=${!count}>${bn(count)}</span>`;

// Money as the API gives it (paisa), in Taka to the paisa: "১,২৩৪.৫০ টাকা", "Tk 1,234.50".
export const money = paisa => (takaWords(paisa) ? bil(...takaWords(paisa)) : '—');

const TRY_AGAIN = ['আবার চেষ্টা করুন', 'Try again'];
// An API error in both languages; with retry, a button that tries again.
export const errorNote = (err, retry = null, testid = nothing) => html`<div class="msg error" role="alert"
 data-testid=${testid}>${
  bil(err.message_bn || OOPS, err.message || OOPS_EN)}${retry ? html` <button type="button"
 class="secondary retry" @click=${retry}>${bil(...TRY_AGAIN)}</button>` : nothing}</div>`;

export const loadingNote = (words = ['লোড হচ্ছে…', 'Loading…']) => html`<p class="loading"
 role="status">${bil(...words)}</p>`;

// What an empty list says, e.g. emptyNote(['কোনো অর্ডার নেই', 'No orders'], 'orders-empty').
export const emptyNote = (words, testid = 'empty') => html`<p class="empty" data-testid=${testid}>${
  bil(...words)}</p>`;

// A day-first date field (isoDate in common.js reads it back): a phone's own date picker follows the
// phone's language, often month first. value: an ISO date, or what was typed.
export const dateField = ({ id, name = nothing, value = '', describedby = nothing, required = false,
  field = nothing }) => html`<input id=${id} name=${name} type="text" inputmode="numeric"
 autocomplete="off" data-date placeholder="দিন/মাস/বছর · dd/mm/yyyy" aria-describedby=${describedby}
 aria-required=${required ? 'true' : nothing} data-field=${field}
 value=${/^\d{4}-\d\d-\d\d$/.test(value || '') ? dateEn(value) : value || ''}>`;

// A colour with its days in words and a shape: colour is never the only cue. s: anything with
// status and days_left (a society, an obligation); words: TERM_WORDS or DUE_WORDS (common.js).
export function statusBadge(s, words = TERM_WORDS, testid = 'status-badge') {
  const [b, e] = badgeText(s, words);
  return html`<span class="badge ${s.status}" data-testid=${testid}><i aria-hidden="true"></i>${
    bil(b, e)}</span>`;
}

// A question asked in place before an action that sends, spends or cannot be undone. body: more
// inside the box (a reason to type); id names the box, yesId and yesTestid its yes button, noId its no.
export const confirmBox = ({
  question, yes, no = ['না, ফিরে যান', 'No, go back'], onYes, onNo, danger = false, body = nothing,
  testid = 'confirm-box', id = nothing, yesId = nothing, yesTestid = nothing, noId = nothing, busy = false,
}) => html`<div class="msg ${danger ? 'error' : 'warn'} confirm" role="alertdialog" id=${id}
 data-testid=${testid} aria-label=${question[0]}><p><b>${bil(...question)}</b></p>${body}
<div class="actions"><button type="button" class=${danger ? 'danger' : nothing} id=${yesId}
 data-testid=${yesTestid} ?disabled=${busy} @click=${onYes}>${bil(...yes)}</button>
<button type="button" class="secondary" id=${noId} @click=${onNo}>${bil(...no)}</button></div></div>`;

// A table on a wide screen and when printed, one card per row on a phone (table.cards in
// site.css): each cell carries its column's name. columns: [{ head: [bn, en] (or null: no heading),
// cell: row => value, num: true for figures, key: true for the cell that heads the card, cls: the
// cells' own class }]; cls: the table's own class; foot: a row drawn as the table's foot.
export const cardTable = (columns, rows, { testid = nothing, foot = null, cls = '' } = {}) => {
  const classes = (c, ...more) => [c.num ? 'num' : '', ...more, c.cls || ''].filter(Boolean).join(' ')
    || nothing;
  const cells = r => columns.map(c => html`<td class=${classes(c, c.key ? 'head' : '')}
 data-label=${c.key || !c.head ? nothing : c.head.join(' · ')}>${c.cell(r)}</td>`);
  return html`<div class="table-wrap"><table class=${`mtable cards ${cls}`.trim()} data-testid=${testid}>
<thead><tr>${columns.map(c => html`<th class=${classes(c)}>${c.head ? bil(...c.head) : nothing}</th>`)}</tr>
</thead><tbody>${rows.map(r => html`<tr>${cells(r)}</tr>`)}</tbody>${
  foot ? html`<tfoot><tr>${cells(foot)}</tr></tfoot>` : nothing}</table></div>`;
};

// A list paged with "Load more", drawn into box. page(cursor) answers {items, next_cursor, …};
// row(item) is one item's template; wrap(rows) puts them in their list (a <ul class="rows"> by
// default); head(answer, items) is drawn above (a count); empty is what no items shows (or a function
// that gives it). `name` names the parts for tests: #<name>-list, #<name>-more (or listId, moreId);
// key(item) tells items apart.
export function pagedList(box, {
  name, page, row, empty, head = null, wrap = null, key = i => i.id,
  listId = `${name}-list`, moreId = `${name}-more`,
}) {
  let items = [], cursor = null, last = null, busy = false, error = null, seq = 0;
  const emptied = () => (typeof empty === 'function' ? empty() : empty);
  const list = rows => (wrap ? wrap(rows) : html`<ul class="rows" id=${listId} data-testid=${listId}
 aria-live="polite">${rows}</ul>`);
  const draw = () => render(html`${head && last ? head(last, items) : nothing}${
    list(items.map(row))}${busy ? loadingNote()
    : error ? errorNote(error, load) : !items.length && last ? emptied() : nothing}
<button type="button" class="more secondary no-print" id=${moreId} ?hidden=${!cursor || Boolean(error)}
 ?disabled=${busy} @click=${load}>${bil('আরও দেখুন', 'Load more')}</button>`, box);
  async function load() {
    const my = ++seq;
    busy = true; error = null;
    draw();
    try {
      const d = await page(cursor);
      if (my !== seq) return;
      items = items.concat(d.items);
      cursor = d.next_cursor || null;
      last = d;
    } catch (e) {
      if (my !== seq) return;
      if (!e.handled) error = e;
    }
    busy = false;
    draw();
  }
  return {
    // From the first page again (a new filter, a saved change).
    reload() { items = []; cursor = null; last = null; return load(); },
    // Put a changed item in its place and draw again.
    replace(item) { items = items.map(i => (key(i) === key(item) ? item : i)); draw(); },
    get items() { return items; },
    draw,
  };
}
