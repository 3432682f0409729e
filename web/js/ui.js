// Pieces of the officer app written once, as lit-html templates: every value put in a template is
// escaped by lit-html itself (vendor/lit-html), so no screen builds HTML from strings by hand.
import { html } from '../vendor/lit-html/lit-html.js';
import { bn, OOPS, OOPS_EN, takaWords } from './common.js';

export { html, nothing, render, svg } from '../vendor/lit-html/lit-html.js';

// Bengali first, English second and smaller.
export const bil = (b, e) => html`${b} <small class="en" lang="en">${e}</small>`;

// A count on a destination (open corrections, unread messages); setBadge() in common.js updates it.
export const countBadge = (name, count, testid = `${name}-badge`) => html`<span class="count"
 data-badge=${name} data-testid=${testid} ?hidden=${!count}>${bn(count)}</span>`;

// Money as the API gives it (paisa), in Taka to the paisa: "১,২৩৪.৫০ টাকা", "Tk 1,234.50".
export const money = paisa => (takaWords(paisa) ? bil(...takaWords(paisa)) : '—');

export const errorNote = err => html`<div class="msg error" role="alert">${
  bil(err.message_bn || OOPS, err.message || OOPS_EN)}</div>`;
