// Pieces of the officer app written once, as lit-html templates: every value put in a template is
// escaped by lit-html itself (vendor/lit-html), so no screen builds HTML from strings by hand.
import { html } from '../vendor/lit-html/lit-html.js';
import { bn, num } from './common.js';

export { html, nothing, render, svg } from '../vendor/lit-html/lit-html.js';

// Bengali first, English second and smaller.
export const bil = (b, e) => html`${b} <small class="en" lang="en">${e}</small>`;

// A count on a destination (open corrections, unread messages); setBadge() in common.js updates it.
export const countBadge = (name, count, testid = `${name}-badge`) => html`<span class="count"
 data-badge=${name} data-testid=${testid} ?hidden=${!count}>${bn(count)}</span>`;

// Money as the API gives it (paisa), in Taka to the paisa: "১,২৩৪.৫০ টাকা", "Tk 1,234.50".
export function money(paisa) {
  const p = Math.abs(Number(paisa || 0)), sign = Number(paisa) < 0 ? '-' : '';
  const whole = Math.floor(p / 100), frac = String(p % 100).padStart(2, '0');
  return bil(`${sign}${num(whole)}.${bn(frac)} টাকা`, `Tk ${sign}${whole.toLocaleString('en-IN')}.${frac}`);
}

export const errorNote = err => html`<div class="msg error" role="alert">${
  bil(err.message_bn || 'কিছু একটা ভুল হয়েছে।', err.message || 'Something went wrong.')}</div>`;
