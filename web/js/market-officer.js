// The sales centre in officer.html (#/market/…): orders, a society's products (add, edit, photos),
// bKash deposits (by day, CSV), flagged payments (refund) and sales. The shell (officer.js) owns the
// login and the router: it imports this module the first time #/market is opened and calls route()
// on every hash; route() shows #market-view on #/market hashes and hides it on others. The session
// is the one the shell keeps in sessionStorage. Every total comes from the API: no sums are made here.
import {
  $, areaName, areas, bi, bn, clearErrors, date, DATE_ERROR, dateEn, dateInput, errorBox, esc, isoDate,
  loading, markTab, num, officerCall, officerSession, photoProblem, picker, qs, saveAs, showErrors, todayIso,
} from './common.js';
import {
  CATEGORIES, dhakaTime, field, label, labelled, ORDER_STATUS, PAYMENT_STATUS, price, qty, UNITS, webUrl,
} from './market.js';

const section = $('#market-view'), body = $('#market-body'), flashBox = $('#market-flash');
const M = { area: '' };
let me = null, rendered = '', pendingFlash = '', pick = null, pickFor = null;
const products = new Map(); // the products last listed, by id: the edit form opens at once

const session = officerSession;
const canWrite = () => Boolean(me && me.user && me.user.role === 'upazila');
const enc = encodeURIComponent;

// An ended session goes back to the shell's login form (a fresh page load), saying why.
const call = (path, opts = {}) => officerCall(path, opts, me && me.token);

function flash(kind, b, e) {
  pendingFlash = `<div class="msg ${kind}" role="status" data-testid="market-flash">${bi(b, e)}</div>`;
}
const ISO = /^\d{4}-\d\d-\d\d$/;
const day = v => (ISO.test(v || '') ? v : '');

// ---- routing ------------------------------------------------------------------------------
function parse() {
  const [path, query = ''] = (location.hash.slice(1) || '/').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { parts, params: new URLSearchParams(query) };
}

export function route() {
  me = session();
  const { parts, params } = parse();
  if (parts[0] !== 'market' || !me) { section.hidden = true; rendered = ''; return; }
  section.hidden = false;
  const key = `${location.hash}|${me.token}|${M.area}`;
  if (key === rendered) return;
  rendered = key;
  setupPicker();
  flashBox.innerHTML = pendingFlash; pendingFlash = '';
  const tab = parts[1] || 'orders';
  markTab(section.querySelectorAll('#market-tabs a'), tab);
  window.scrollTo(0, 0);
  if (tab === 'products') {
    if (parts[2] && parts[3] === 'new') return productForm(parts[2], null);
    if (parts[2] && parts[3] === 'edit' && parts[4]) return productForm(parts[2], parts[4]);
    if (parts[2]) return showProducts(parts[2]);
    return pickSociety(params);
  }
  if (tab === 'deposits') return showDeposits(params);
  if (tab === 'flagged') return showFlagged();
  if (tab === 'sales') return showSales(params);
  return showOrders(params);
}

function setupPicker() {
  const office = me.user.office || {};
  if (pickFor === me.user.username) return;
  pickFor = me.user.username;
  M.area = office.code || '';
  $('#m-picker').hidden = me.user.role === 'upazila';
  pick = pick || picker([$('#m-division'), $('#m-district'), $('#m-upazila')], code => {
    const own = (me.user.office || {}).code || '';
    M.area = code.startsWith(own) ? code : own;
    route();
  });
  pick.relock(office.lineage || []);
  pick.set(M.area);
}

const go = hash => { if (location.hash === hash) { rendered = ''; route(); } else location.hash = hash; };
const retry = () => ` <button type="button" class="secondary retry">${
  bi('আবার চেষ্টা করুন', 'Try again')}</button>`;
function failed(box, e, again) {
  if (e.handled) return;
  box.innerHTML = errorBox(e, again ? retry() : '');
  const b = $('.retry', box);
  if (b) b.onclick = again;
}
const areaNote = () => (me.user.role === 'upazila' ? '' : `<p class="hint">${
  bi('এলাকা বদলাতে উপরের তালিকা থেকে বেছে নিন।', 'Pick an area above to change it.')}</p>`);

// ---- orders -------------------------------------------------------------------------------
const MOVE_LABEL = {
  confirmed: ['নিশ্চিত করুন', 'Confirm'], dispatched: ['পাঠানো হয়েছে', 'Mark dispatched'],
  delivered: ['পৌঁছে গেছে', 'Mark delivered'], cancelled: ['বাতিল করুন', 'Cancel'],
};
const statusOptions = (table, value) => `<option value="">সব · All</option>${Object.entries(table)
  .map(([k, [b, e]]) => `<option value="${k}"${k === value ? ' selected' : ''}>${
    esc(b)} · ${esc(e)}</option>`)
  .join('')}`;
const tel = p => (p ? `<a href="tel:${esc(p)}">${bn(String(p).replace(/^\+88/, ''))}</a>` : '—');

function showOrders(params) {
  const status = params.get('status') || '';
  document.title = 'অর্ডার · Orders · Samabay';
  body.innerHTML = `<h2>${bi('অর্ডার', 'Orders')}</h2>${areaNote()}
<form class="mfilters no-print" id="orders-filter">
<label for="orders-status">${bi('অবস্থা', 'Status')}<select id="orders-status">${
  statusOptions(ORDER_STATUS, status)}</select></label>
<div class="actions"><button type="submit" id="orders-show">${bi('দেখুন', 'Show')}</button></div></form>
<p id="orders-count" class="hint"></p>
<ul class="rows" id="orders-list" data-testid="orders-list"></ul>
<div id="orders-state"></div>
<button type="button" id="orders-more" class="more secondary" hidden>${
  bi('আরও দেখুন', 'Load more')}</button>`;
  $('#orders-filter').onsubmit = e => {
    e.preventDefault();
    go(`#/market/orders${qs({ status: $('#orders-status').value })}`);
  };
  $('#orders-status').onchange = () => $('#orders-filter').requestSubmit();
  const list = $('#orders-list'), state = $('#orders-state'), more = $('#orders-more');
  let cursor = null;
  const area = M.area;
  async function load() {
    more.disabled = true;
    state.innerHTML = loading();
    try {
      const d = await call(`/api/orders${qs({ area_code: area, status, cursor })}`);
      if (area !== M.area || !list.isConnected) return;
      list.insertAdjacentHTML('beforeend', d.items.map(orderRow).join(''));
      cursor = d.next_cursor || null;
      more.hidden = !cursor;
      if (d.count !== undefined && !cursor) {
        $('#orders-count').innerHTML = bi(`মোট ${num(d.count)}টি অর্ডার`, `${d.count} orders`);
      }
      state.innerHTML = list.children.length ? '' : `<p class="empty" data-testid="orders-empty">${
        bi('কোনো অর্ডার নেই', 'No orders')}</p>`;
    } catch (e) { failed(state, e, load); } finally { more.disabled = false; }
  }
  more.onclick = load;
  list.onclick = onOrderClick;
  load();
}

function orderRow(o) {
  const moves = o.next_statuses || []; // what this office may do now, as the API says
  const steps = o.history || [], last = steps[steps.length - 1];
  const paid = o.payment_status === 'completed';
  return `<li class="mrow" data-testid="order-row" data-invoice="${esc(o.invoice_no)}">
<span class="name">${esc(o.invoice_no)}</span>
<span class="status-line"><span class="pill s-${esc(o.status)}" data-testid="order-row-status"
 data-status="${esc(o.status)}">${labelled(ORDER_STATUS, o.status)}</span>
<span class="pill p-${esc(o.payment_status)}">${labelled(PAYMENT_STATUS, o.payment_status)}</span></span>
<span class="meta"><b>${esc(o.product_name_bn)}</b> · ${qty(o.quantity, o.unit)} · ${
  bi('মোট', 'total')} <b>${price(o.amount_paisa)}</b></span>
<span class="meta">${esc(o.society_name_bn)}</span>
<span class="meta">${bi('ক্রেতা', 'Buyer')}: ${esc(o.buyer_name)} · ${tel(o.buyer_phone)}<br>${
  bi('ঠিকানা', 'Address')}: ${esc(o.delivery_address)}</span>
<span class="meta">${bi('অর্ডার', 'Ordered')} ${dhakaTime(o.created_at)}${o.paid_at
    ? ` · ${bi('পরিশোধ', 'Paid')} ${dhakaTime(o.paid_at)}` : ''}${o.trx_id
    ? ` · TrxID <span data-testid="order-row-trx">${esc(o.trx_id)}</span>` : ''}</span>
${last && last.note ? `<span class="meta">${bi('মন্তব্য', 'Note')}: ${esc(last.note)}</span>` : ''}
${moves.length ? `<div class="actions no-print">${moves.map(s => `<button type="button" data-move="${s}"
 class="${s === 'cancelled' ? 'danger' : ''}" data-testid="move-${s}">${
   bi(...MOVE_LABEL[s])}</button>`).join('')}
</div>` : ''}
${moves.includes('cancelled') ? `<div class="confirm msg error" data-cancel hidden>
<div class="field"><label for="reason-${esc(o.invoice_no)}">${
  bi('বাতিলের কারণ', 'Reason for cancelling')}</label>
<textarea id="reason-${esc(o.invoice_no)}" rows="2" data-testid="cancel-reason"></textarea></div>
<p>${paid ? bi('বাতিল করলে ক্রেতার বিকাশ নম্বরে টাকা ফেরত যাবে:',
    'Cancelling refunds the buyer on bKash:') + ` <b>${price(o.amount_paisa)}</b>`
    : bi('অর্ডারটি বাতিল হবে এবং মজুদ ফেরত আসবে।', 'The order is cancelled and the stock returns.')}</p>
<div class="actions"><button type="button" class="danger" data-confirm-cancel data-testid="confirm-cancel">${
  paid ? bi('হ্যাঁ, বাতিল ও টাকা ফেরত', 'Yes, cancel and refund')
    : bi('হ্যাঁ, বাতিল করুন', 'Yes, cancel')}</button>
<button type="button" class="secondary" data-keep>${bi('না, থাক', 'No, keep it')}</button></div></div>` : ''}
<div class="row-error"></div></li>`;
}

async function onOrderClick(ev) {
  const b = ev.target.closest('button');
  if (!b) return;
  const row = b.closest('[data-invoice]'), inv = row.dataset.invoice, box = $('[data-cancel]', row);
  if (b.dataset.move === 'cancelled') { box.hidden = false; $('textarea', box).focus(); return; }
  if (b.hasAttribute('data-keep')) { box.hidden = true; return; }
  const status = b.dataset.move || (b.hasAttribute('data-confirm-cancel') ? 'cancelled' : '');
  if (!status) return;
  const reason = status === 'cancelled' ? $('textarea', box).value.trim() : '';
  const err = $('.row-error', row);
  if (status === 'cancelled' && reason.length < 3) {
    err.innerHTML = errorBox({ message: 'Give the reason for cancelling.',
      message_bn: 'বাতিলের কারণ লিখুন।' });
    $('textarea', box).focus();
    return;
  }
  row.querySelectorAll('button').forEach(x => { x.disabled = true; });
  err.innerHTML = '';
  try {
    const o = await call(`/api/orders/${enc(inv)}/status`, { method: 'POST', body: { status, reason } });
    row.outerHTML = orderRow(o);
    const again = document.querySelector(`[data-invoice="${CSS.escape(inv)}"]`);
    if (again) {
      again.classList.add('new');
      $('.row-error', again).innerHTML = `<p class="msg ok" role="status">${bi(
        `অবস্থা: ${label(ORDER_STATUS, o.status)[0]}`, `Status: ${label(ORDER_STATUS, o.status)[1]}`)}</p>`;
    }
  } catch (e) {
    row.querySelectorAll('button').forEach(x => { x.disabled = false; });
    failed(err, e);
  }
}

// ---- products -----------------------------------------------------------------------------
function pickSociety(params) {
  const q = params.get('q') || '';
  document.title = 'পণ্য · Products · Samabay';
  body.innerHTML = `<h2>${bi('সমিতির পণ্য', "Societies' products")}</h2>
<p class="hint">${bi('পণ্য দেখতে বা যোগ করতে সমিতি বেছে নিন।',
    'Pick a society to see or add its products.')}</p>
<form class="filters no-print" id="society-search" role="search">
<label for="m-society-q">${bi('সমিতি খুঁজুন', 'Find a society')}<input id="m-society-q" type="search"
 value="${esc(q)}" placeholder="নাম বা নিবন্ধন নম্বর · name or reg. no." autocomplete="off"></label>
<div class="actions"><button type="submit" id="m-society-search">${
  bi('খুঁজুন', 'Search')}</button></div></form>
<ul class="rows" id="m-societies"></ul><div id="m-societies-state"></div>`;
  $('#society-search').onsubmit = e => {
    e.preventDefault();
    go(`#/market/products${qs({ q: $('#m-society-q').value.trim() })}`);
  };
  const list = $('#m-societies'), state = $('#m-societies-state');
  const load = async () => {
    state.innerHTML = loading();
    try {
      const d = await call(`/api/societies${qs({ area_code: M.area, q, limit: 30 })}`);
      if (!list.isConnected) return;
      list.innerHTML = d.items.map(s => `<li class="row" data-testid="market-society">
<a href="#/market/products/${
        enc(s.id)}"><span class="name">${esc(s.name_bn)}</span><small lang="en">${esc(s.name_en)}</small>
<span class="meta">${bi('নিবন্ধন নং', 'Reg. no.')} ${esc(s.registration_no)}</span></a></li>`).join('');
      const more = d.next_cursor ? `<p class="hint">${bi('আরও সমিতি আছে: নাম লিখে খুঁজুন।',
        'More societies: search by name.')}</p>` : '';
      state.innerHTML = d.items.length ? more
        : `<p class="empty">${bi('কোনো সমিতি নেই', 'No societies')}</p>`;
    } catch (e) { failed(state, e, load); }
  };
  load();
}

async function showProducts(sid) {
  document.title = 'পণ্য · Products · Samabay';
  body.innerHTML = loading();
  let s, items;
  try {
    [s, { items }] = await Promise.all([call(`/api/societies/${enc(sid)}`),
      call(`/api/societies/${enc(sid)}/products`)]);
  } catch (e) { failed(body, e, () => showProducts(sid)); return; }
  if (!body.isConnected || parse().parts[2] !== sid) return;
  items.forEach(p => products.set(p.id, p));
  const own = canWrite() && (s.upazila_code || '').startsWith((me.user.office || {}).code || '~');
  body.innerHTML = `<p class="crumbs no-print"><a href="#/market/products">← ${
  bi('সমিতি বেছে নিন', 'Pick a society')}</a></p>
<h2>${esc(s.name_bn)}<small lang="en">${esc(s.name_en)} · ${bi('নিবন্ধন নং', 'Reg. no.')} ${
  esc(s.registration_no)}</small></h2>
${own ? `<div class="actions no-print"><a class="btn" id="add-product"
 href="#/market/products/${enc(sid)}/new">+ ${
    bi('নতুন পণ্য যোগ করুন', 'Add a product')}</a></div>` : ''}
<ul class="rows" id="m-products" data-testid="market-products">${
  items.map(p => productRow(p, sid, own)).join('')}</ul>
${items.length ? '' : `<p class="empty" data-testid="products-empty">${
    bi('এই সমিতির কোনো পণ্য এখনও যোগ হয়নি', 'No products for this society yet')}</p>`}`;
}

function productRow(p, sid, own) {
  const img = webUrl((p.photos || [])[0]);
  return `<li class="mrow" data-testid="market-product" data-id="${esc(p.id)}">${img
    ? `<img src="${esc(img)}" alt="" loading="lazy" width="56" height="56">` : ''}
<span class="name">${esc(p.name_bn)}</span> <small lang="en">${esc(p.name_en)}</small>
<span class="meta">${price(p.price_paisa, p.unit)} · ${bi('মজুদ', 'stock')} ${qty(p.stock, p.unit)}</span>
<span class="meta">${labelled(CATEGORIES, p.category)}${
  p.featured ? ` · <b>${bi('বিজ্ঞাপনে', 'Featured')}</b>` : ''}${
  p.active === false ? ` · <span class="out">${bi('বিক্রয় বন্ধ', 'Not for sale')}</span>` : ''}</span>
<div class="actions no-print">${own ? `<a class="btn secondary" data-testid="edit-product"
 href="#/market/products/${enc(sid)}/edit/${enc(p.id)}">${bi('সম্পাদনা ও ছবি', 'Edit and photos')}</a>` : ''}
<a class="btn secondary" href="market.html?product=${enc(p.id)}" target="_blank" rel="noopener">${
  bi('পাবলিক পাতা', 'Public page')}</a></div></li>`;
}

// [name, Bengali, English, kind, required, [hint bn, hint en]]
const PRODUCT_FIELDS = [
  ['name_bn', 'পণ্যের নাম (বাংলায়)', 'Name in Bengali', 'text', 1],
  ['name_en', 'পণ্যের নাম (ইংরেজিতে)', 'Name in English', 'text', 0],
  ['category', 'ধরন', 'Category', 'category', 1],
  ['unit', 'একক', 'Unit', 'unit', 1],
  ['price_paisa', 'এক এককের দাম (টাকা)', 'Price of one unit (Taka)', 'taka', 1,
    ['যেমন ৮৫০ বা ৮৫০.৫০', 'e.g. 850 or 850.50']],
  ['stock', 'মজুদ (কত একক বিক্রি করা যাবে)', 'Stock (units for sale)', 'int', 1],
  ['production_date', 'উৎপাদনের তারিখ', 'Production date', 'date', 0],
  ['brand', 'ব্র্যান্ড / লেবেল', 'Brand / label', 'text', 0],
  ['description_bn', 'বিবরণ', 'Description', 'textarea', 0],
  ['featured', 'বিশেষ পণ্য হিসেবে বিজ্ঞাপনে দেখান', 'Show in the featured strip (ads)', 'check', 0],
  ['active', 'বিক্রয়ের জন্য খোলা', 'Open for sale', 'check', 0],
];
const FIELD_IDS = Object.fromEntries(PRODUCT_FIELDS.map(f => [f[0], `p-${f[0].replace(/_/g, '-')}`]));

const paisaToTaka = p => (p === null || p === undefined || p === ''
  ? '' : `${Math.floor(p / 100)}${p % 100 ? `.${String(p % 100).padStart(2, '0')}` : ''}`);
function takaToPaisa(text) {
  const t = String(text).replace(/[০-৯]/g, d => '০১২৩৪৫৬৭৮৯'.indexOf(d)).replace(/[,\s]|টাকা|tk\.?|৳/gi, '');
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(t);
  return m ? Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0')) : undefined;
}
const whole = text => {
  const t = String(text).replace(/[০-৯]/g, d => '০১২৩৪৫৬৭৮৯'.indexOf(d)).replace(/[,\s]/g, '');
  return /^\d{1,7}$/.test(t) ? Number(t) : undefined;
};

function productInput(f, p) {
  const [name, , , kind] = f, id = FIELD_IDS[name], v = p ? p[name] : undefined;
  const options = (table, value) => `<option value="">— বেছে নিন · Choose —</option>${Object.entries(table)
    .map(([k, [b, e]]) => `<option value="${k}"${k === value ? ' selected' : ''}>${
      esc(b)} · ${esc(e)}</option>`)
    .join('')}`;
  if (kind === 'category') return `<select id="${id}" name="${name}">${options(CATEGORIES, v)}</select>`;
  if (kind === 'unit') return `<select id="${id}" name="${name}">${options(UNITS, v)}</select>`;
  if (kind === 'textarea') return `<textarea id="${id}" name="${name}" rows="3">${esc(v)}</textarea>`;
  if (kind === 'taka') {
    return `<input id="${id}" name="${name}" inputmode="decimal" autocomplete="off"
 value="${esc(paisaToTaka(v))}">`;
  }
  if (kind === 'int') {
    return `<input id="${id}" name="${name}" inputmode="numeric" autocomplete="off" value="${esc(v ?? '')}">`;
  }
  if (kind === 'date') return dateInput(`id="${id}" name="${name}"`, v || '');
  return `<input id="${id}" name="${name}" autocomplete="off" value="${esc(v ?? '')}">`;
}

function productFieldHtml(f, p) {
  const [name, b, e, kind, req, hint] = f, id = FIELD_IDS[name];
  if (kind === 'check') {
    const on = p ? p[name] !== false && Boolean(p[name]) : name === 'active';
    return `<div class="field"><label class="check"><input type="checkbox" id="${id}" name="${name}"${
      on ? ' checked' : ''}> ${bi(b, e)}</label>
<p class="field-error" id="${id}-error" hidden></p></div>`;
  }
  return field(id, `${b}${req ? ' *' : ''}`, e, productInput(f, p), hint ? bi(...hint) : '');
}

async function productForm(sid, pid) {
  const back = `#/market/products/${enc(sid)}`;
  let p = pid ? products.get(pid) : null;
  if (pid && !p) {
    body.innerHTML = loading();
    try {
      const { items } = await call(`/api/societies/${enc(sid)}/products`);
      items.forEach(x => products.set(x.id, x));
      p = products.get(pid);
    } catch (e) { failed(body, e, () => productForm(sid, pid)); return; }
    if (!p) {
      body.innerHTML = errorBox({ message: 'No such product.', message_bn: 'এমন কোনো পণ্য নেই।' });
      return;
    }
  }
  const title = p ? ['পণ্য সম্পাদনা', 'Edit product'] : ['নতুন পণ্য যোগ করুন', 'Add a product'];
  document.title = `${title[0]} · ${title[1]}`;
  if (!canWrite()) {
    body.innerHTML = `<div class="msg info">${
      bi('পণ্য কেবল সংশ্লিষ্ট উপজেলা সমবায় অফিস যোগ বা সম্পাদনা করে।',
      'Only the upazila cooperative office adds or edits products.')}</div>`;
    return;
  }
  body.innerHTML = `<p class="crumbs no-print"><a href="${back}">← ${bi('পণ্যের তালিকা', 'Products')}</a></p>
<h2>${bi(...title)}${p ? `<small>${esc(p.name_bn)}</small>` : ''}</h2>
<form id="product-form" class="card" novalidate>
<div id="product-error" role="alert" tabindex="-1" hidden></div>
${PRODUCT_FIELDS.filter(f => p || f[0] !== 'active').map(f => productFieldHtml(f, p)).join('')}
<div class="actions"><button type="submit" id="save-product">${bi('সংরক্ষণ করুন', 'Save')}</button>
<a class="btn secondary" href="${back}">${bi('বাতিল', 'Cancel')}</a></div>
</form>
${p ? `<section class="card" id="photos-box" aria-labelledby="photos-title"></section>` : `<p class="hint">${
    bi('সংরক্ষণের পর ছবি যোগ করা যাবে।', 'Photos can be added once the product is saved.')}</p>`}`;
  const form = $('#product-form');
  // The photos change the product's version: save against the latest one.
  form.onsubmit = e => { e.preventDefault(); saveProduct(form, sid, p && (products.get(p.id) || p)); };
  if (p) photosBox(p);
}

async function saveProduct(form, sid, p) {
  const box = $('#product-error'), btn = $('#save-product');
  clearErrors(form, box);
  const out = {}, bad = [];
  for (const [name, , , kind] of PRODUCT_FIELDS) {
    const el = form.elements[name];
    if (!el) continue;
    let v = kind === 'check' ? el.checked : el.value.trim();
    if (kind === 'date' && v !== '') {
      v = isoDate(v);
      if (!v) { bad.push({ field: name, ...DATE_ERROR }); continue; }
    }
    if (kind === 'taka' && v !== '') {
      v = takaToPaisa(v);
      if (v === undefined) {
        bad.push({ field: name, message: 'Type the price in Taka, e.g. 850 or 850.50.',
          message_bn: 'দাম টাকায় লিখুন, যেমন ৮৫০ বা ৮৫০.৫০।' });
        continue;
      }
    }
    if (kind === 'int' && v !== '') {
      v = whole(v);
      if (v === undefined) {
        bad.push({ field: name, message: 'Type a whole number.', message_bn: 'পূর্ণ সংখ্যা লিখুন।' });
        continue;
      }
    }
    if (!p) { if (v !== '') out[name] = v; } else if (v !== (p[name] ?? (kind === 'check' ? false : ''))) {
      out[name] = v === '' ? null : v;
    }
  }
  if (bad.length) {
    const err = { message: 'Some fields are not valid.', message_bn: 'কিছু তথ্য সঠিক নয়।', details: bad };
    showErrors(form, box, err,
      FIELD_IDS);
    return;
  }
  const back = `#/market/products/${enc(sid)}`;
  if (p && !Object.keys(out).length) {
    flash('info', 'কোনো পরিবর্তন নেই।', 'Nothing changed.');
    go(back);
    return;
  }
  if (p) out.version = p.version;
  btn.disabled = true;
  try {
    const saved = await call(p ? `/api/products/${enc(p.id)}` : `/api/societies/${enc(sid)}/products`,
      { method: p ? 'PATCH' : 'POST', body: out });
    products.set(saved.id, saved);
    if (p) {
      flash('ok', 'পরিবর্তন সংরক্ষিত হয়েছে।', 'Changes saved.');
      go(back);
    } else {
      flash('ok', `"${saved.name_bn}" যোগ হয়েছে। এখন ছবি যোগ করুন।`,
        'The product was added. Now add photos.');
      go(`${back}/edit/${enc(saved.id)}`);
    }
  } catch (e) {
    if (e.handled) return;
    showErrors(form, box, e, FIELD_IDS);
    if (e.code === 'stale_version') {
      box.insertAdjacentHTML('beforeend', `<p><a href="${back}" id="reload-products">${
        bi('তালিকা আবার লোড করুন', 'Reload the list')}</a></p>`);
    }
  } finally { btn.disabled = false; }
}

// ---- photos: S3 presigned POST, then the product's photo list (keys) -----------------------

function photosBox(p) {
  const box = $('#photos-box');
  if (!box) return;
  const keys = p.photo_keys || [], urls = p.photos || [];
  box.innerHTML = `<h2 id="photos-title">${bi('ছবি', 'Photos')} <small>${
    bi('JPEG, PNG বা WebP; বড় ছবি পাঠানোর আগে ছোট করা হয়',
      'JPEG, PNG or WebP; large photos are made smaller first')}</small></h2>
<ul class="rows" id="photo-list" data-testid="photo-list">${urls.map((u, i) => `<li class="mrow">${webUrl(u)
    ? `<img src="${esc(u)}" alt="" loading="lazy" width="56" height="56">` : ''}
${bi(`ছবি ${bn(i + 1)}`, `Photo ${i + 1}`)}${keys[i] ? `<div class="actions">
<button type="button" class="secondary"
 data-remove="${esc(keys[i])}">${bi('সরান', 'Remove')}</button></div>` : ''}</li>`).join('')}</ul>
${keys.length >= 6 ? `<p class="hint">${bi('সর্বোচ্চ ৬টি ছবি', 'At most 6 photos')}</p>`
    : `<div class="field"><label for="p-photo">${bi('নতুন ছবি', 'New photo')}</label>
<input type="file" id="p-photo" accept="image/jpeg,image/png,image/webp" capture="environment"></div>
<div class="actions"><button type="button" id="p-photo-upload">${
  bi('ছবি আপলোড করুন', 'Upload photo')}</button></div>`}
<div id="p-photo-status" role="status" data-testid="photo-status"></div>`;
  const status = $('#p-photo-status');
  const up = $('#p-photo-upload');
  if (up) {
    up.onclick = async () => {
      const file = $('#p-photo').files[0];
      if (!file) {
        status.innerHTML = errorBox({ message: 'Choose a photo first.', message_bn: 'আগে ছবি বেছে নিন।' });
        return;
      }
      up.disabled = true;
      status.innerHTML = `<p class="loading">${bi('ছবি পাঠানো হচ্ছে…', 'Uploading…')}</p>`;
      try {
        const saved = await uploadPhoto(products.get(p.id) || p, file);
        products.set(saved.id, saved);
        photosBox(saved);
        $('#p-photo-status').innerHTML = `<p class="msg ok">${bi('ছবি যোগ হয়েছে', 'Photo added')}</p>`;
      } catch (e) { up.disabled = false; failed(status, e); }
    };
  }
  box.querySelectorAll('[data-remove]').forEach(b => {
    b.onclick = async () => {
      const cur = products.get(p.id) || p;
      b.disabled = true;
      try {
        const saved = await call(`/api/products/${enc(cur.id)}`, { method: 'PATCH',
          body: { photos: (cur.photo_keys || []).filter(k => k !== b.dataset.remove),
            version: cur.version } });
        products.set(saved.id, saved);
        photosBox(saved);
      } catch (e) { b.disabled = false; failed(status, e); }
    };
  });
}

// Phones take 3–12 MB photos: send at most 1280 px as JPEG (buyers on 3G download it too).
async function shrink(file) {
  if (file.size <= 300 * 1024 || typeof createImageBitmap !== 'function') return file;
  try {
    const img = await createImageBitmap(file);
    const k = Math.min(1, 1280 / Math.max(img.width, img.height));
    const c = document.createElement('canvas');
    c.width = Math.round(img.width * k); c.height = Math.round(img.height * k);
    const g = c.getContext('2d');
    g.fillStyle = '#fff'; g.fillRect(0, 0, c.width, c.height);
    g.drawImage(img, 0, 0, c.width, c.height);
    const blob = await new Promise(r => c.toBlob(r, 'image/jpeg', 0.82));
    return blob && blob.size < file.size ? blob : file;
  } catch (_) { return file; }
}

const PHOTO_ERROR = { message: 'The photo did not upload. Try again.',
  message_bn: 'ছবি আপলোড হয়নি। আবার চেষ্টা করুন।' };
const loads = url => new Promise(ok => {
  const i = new Image();
  const t = setTimeout(() => ok(false), 30000);
  i.onload = () => { clearTimeout(t); ok(true); };
  i.onerror = () => { clearTimeout(t); ok(false); };
  i.src = `${url}${url.includes('?') ? '&' : '?'}v=${Date.now()}`;
});

async function uploadPhoto(p, file) {
  const wrongType = await photoProblem({ type: file.type, size: 0 });
  if (wrongType) throw wrongType;
  const blob = await shrink(file);
  const tooBig = await photoProblem(blob);
  if (tooBig) throw tooBig;
  const post = await call(`/api/products/${enc(p.id)}/photos`, { method: 'POST',
    body: { content_type: blob.type, size: blob.size } });
  const form = new FormData();
  for (const [k, v] of Object.entries(post.fields || {})) form.append(k, v);
  form.append('file', blob, `photo.${blob.type.split('/')[1]}`);
  let checked = false;
  try {
    const res = await fetch(post.url, { method: 'POST', body: form });
    if (!res.ok) throw PHOTO_ERROR;
    checked = true;
  } catch (e) {
    if (e === PHOTO_ERROR) throw e;
    // The bucket answered without CORS headers: send it blind, then see that the photo is there.
    await fetch(post.url, { method: 'POST', body: form, mode: 'no-cors' })
      .catch(() => { throw PHOTO_ERROR; });
  }
  if (!checked && post.photo_url && !(await loads(post.photo_url))) throw PHOTO_ERROR;
  return call(`/api/products/${enc(p.id)}`, { method: 'PATCH',
    body: { photos: [...(p.photo_keys || []), post.key], version: p.version } });
}

// ---- deposits -----------------------------------------------------------------------------
const monthStart = () => `${todayIso().slice(0, 8)}01`;
const periodForm = (id, from, to, extra = '') => `<form class="mfilters no-print" id="${id}-filter">${extra}
<label for="${id}-from">${bi('শুরু', 'From')}${dateInput(`id="${id}-from"`, from)}</label>
<label for="${id}-to">${bi('শেষ', 'To')}${dateInput(`id="${id}-to"`, to)}</label>
<div id="${id}-date-error"></div>
<div class="actions"><button type="submit" id="${id}-show">${bi('দেখুন', 'Show')}</button>
<button type="button" class="secondary" id="${id}-print">${bi('প্রিন্ট', 'Print')}</button></div></form>`;
// The period typed in a filter (ISO dates), or null after saying which date is not one.
function periodTyped(id) {
  const from = isoDate($(`#${id}-from`).value), to = isoDate($(`#${id}-to`).value);
  $(`#${id}-date-error`).innerHTML = from === null || to === null ? errorBox(DATE_ERROR) : '';
  return from === null || to === null ? null : { from, to };
}
const period = (from, to) => (from || to
  ? bi(`${from ? date(from) : 'শুরু থেকে'} – ${to ? date(to) : 'আজ পর্যন্ত'}`,
    `${from ? dateEn(from) : 'from the start'} – ${to ? dateEn(to) : 'today'}`)
  : bi('সব সময়', 'All time'));
// The chosen area's name, filled in when the area list has answered (the pickers may still be loading).
const areaTitle = () => {
  const code = M.area;
  if (!code) return esc('সারা দেশ · Bangladesh');
  areas(code.slice(0, code.length - 2)).then(list => {
    const found = list.find(a => a.code === code);
    document.querySelectorAll('.area-title').forEach(el => { if (found) el.textContent = areaName(found); });
  }).catch(() => {});
  return `<span class="area-title">${esc(bn(code))}</span>`;
};

async function showDeposits(params) {
  const from = day(params.get('from')) || (params.has('from') ? '' : monthStart());
  const to = day(params.get('to')) || (params.has('to') ? '' : todayIso());
  document.title = 'জমা · Deposits · Samabay';
  body.innerHTML = `<h2>${bi('বিকাশে জমা', 'bKash deposits')}<small>${areaTitle()} · ${
    period(from, to)}</small></h2>
${areaNote()}${periodForm('dep', from, to)}
<p class="no-print"><button type="button" class="secondary" id="dep-csv" data-testid="deposits-csv">${
  bi('CSV ডাউনলোড', 'Download CSV')}</button></p>
<div id="dep-out">${loading()}</div>`;
  $('#dep-filter').onsubmit = e => {
    e.preventDefault();
    const p = periodTyped('dep');
    if (p) go(`#/market/deposits?from=${enc(p.from)}&to=${enc(p.to)}`);
  };
  $('#dep-print').onclick = () => window.print();
  const area = M.area;
  $('#dep-csv').onclick = async ev => {
    const b = ev.currentTarget;
    b.disabled = true;
    try {
      const path = `/api/deposits${qs({ area_code: area, from, to, format: 'csv' })}`;
      const csv = await call(path, { raw: true });
      await saveAs(csv,
        `deposits-${area || 'BD'}-${from || 'start'}-${to || todayIso()}.csv`);
    } catch (e) { failed($('#dep-out'), e); } finally { b.disabled = false; }
  };
  const out = $('#dep-out');
  const load = async () => {
    out.innerHTML = loading();
    let d;
    try { d = await call(`/api/deposits${qs({ area_code: area, from, to })}`); } catch (e) {
      failed(out, e, load);
      return;
    }
    if (!out.isConnected) return;
    out.innerHTML = `<div class="card stats" data-testid="deposits-total"><p class="total">${
      bi('মোট জমা', 'Total deposited')}: <b id="deposits-total">${price(d.total_paisa)}</b><br>${
      bi(`${num(d.count)}টি পেমেন্ট`, `${d.count} payments`)}</p></div>
<h3>${bi('দৈনিক হিসাব', 'By day')}</h3>
<div class="table-wrap"><table class="mtable cards" data-testid="deposits-by-day"><thead><tr>
<th>${bi('তারিখ', 'Date')}</th><th class="num">${bi('পেমেন্ট', 'Payments')}</th>
<th class="num">${bi('জমা', 'Amount')}</th></tr></thead><tbody>
${(d.by_day || []).map(r => `<tr><td class="nowrap head">${bi(date(r.date), dateEn(r.date))}</td>
<td class="num" data-label="পেমেন্ট · Payments">${bi(num(r.count), String(r.count))}</td>
<td class="num" data-label="জমা · Amount">${price(r.total_paisa)}</td></tr>`).join('')}
</tbody><tfoot><tr><td class="head">${bi('মোট', 'Total')}</td>
<td class="num" data-label="পেমেন্ট · Payments">${bi(num(d.count), String(d.count))}</td>
<td class="num" data-label="জমা · Amount">${price(d.total_paisa)}</td></tr></tfoot></table></div>
<h3>${bi('পেমেন্টসমূহ', 'Payments')}</h3>
${d.items.length ? `<ul class="rows" data-testid="deposits-items">${d.items.map(i => `<li class="mrow"
 data-testid="deposit-row"><span class="name">${esc(i.invoice_no)}</span> · TrxID ${esc(i.trx_id)}
<span class="meta">${dhakaTime(i.completed_at)} · ${labelled(PAYMENT_STATUS, i.state)}</span>
<span class="meta">${bi('পরিমাণ', 'Amount')} ${price(i.amount_paisa)}${i.refunded_paisa ? ` · ${
    bi('ফেরত', 'refunded')} ${price(i.refunded_paisa)}` : ''} · ${bi('নিট', 'net')} <b>${
    price(i.net_paisa)}</b></span></li>`).join('')}</ul>`
    : `<p class="empty" data-testid="deposits-empty">${
      bi('এই সময়ে কোনো জমা নেই', 'No deposits in this period')}</p>`}`;
  };
  load();
}

// ---- flagged payments ---------------------------------------------------------------------
const PROBLEMS = {
  amount_mismatch: ['বিকাশের টাকার পরিমাণ মেলেনি', "bKash's amount did not match"],
  payment_id_mismatch: ['বিকাশের পেমেন্ট আইডি মেলেনি', "bKash's payment ID did not match"],
  invoice_mismatch: ['ইনভয়েস মেলেনি', 'The invoice did not match'],
  order_not_payable: ['টাকা এসেছে, কিন্তু অর্ডারটি আর পরিশোধযোগ্য ছিল না',
    'Money arrived but the order could no longer be paid'],
  no_trx_id: ['ট্রানজেকশন আইডি নেই', 'No transaction ID'],
  unmatched_ipn: ['কোনো পেমেন্টের সাথে মেলেনি', 'Matches no payment of ours'],
};

async function showFlagged() {
  document.title = 'যাচাই দরকার · Flagged payments · Samabay';
  body.innerHTML = `<h2>${bi('যাচাই দরকার এমন পেমেন্ট', 'Payments needing review')}<small>${
    areaTitle()}</small></h2>
${areaNote()}<p class="hint">${
  bi('টাকা এসেছে কিন্তু কোনো অর্ডারে জমা করা যায়নি। যাচাই করে ক্রেতাকে টাকা ফেরত দিন।',
    'Money that reached us but could not be credited to an order. Check it and refund the buyer.')}</p>
<ul class="rows" id="flagged-list" data-testid="flagged-list"></ul>
<div id="flagged-state">${loading()}</div>`;
  const list = $('#flagged-list'), state = $('#flagged-state'), area = M.area;
  const load = async () => {
    state.innerHTML = loading();
    try {
      const { items } = await call(`/api/payments/flagged${qs({ area_code: area })}`);
      if (!list.isConnected) return;
      list.innerHTML = items.map(flagRow).join('');
      state.innerHTML = items.length ? '' : `<p class="empty" data-testid="flagged-empty">${
        bi('যাচাই করার মতো কোনো পেমেন্ট নেই', 'No payments need review')}</p>`;
    } catch (e) { failed(state, e, load); }
  };
  list.onclick = onFlagClick;
  load();
}

function flagRow(f) {
  const refundable = f.kind === 'payment' && f.refundable; // the API's rule for this office
  const pid = esc(f.payment_id || f.id || '');
  const problem = PROBLEMS[f.problem || f.state];
  return `<li class="mrow" data-testid="flagged-row" data-payment="${pid}">
<span class="name">${f.purpose_ref ? `${bi('ইনভয়েস', 'Invoice')} ${esc(f.purpose_ref)}`
    : `IPN ${esc(f.id)}`}</span>
<span class="status-line"><span class="pill p-${esc(f.state)}" data-testid="flagged-state">${
  labelled(PAYMENT_STATUS, f.state)}</span></span>
<span class="meta">${bi('পরিমাণ', 'Amount')}: <b>${f.amount_paisa !== undefined ? price(f.amount_paisa)
    : esc(f.amount ? `Tk ${f.amount}` : '—')}</b>${f.refunded_paisa ? ` · ${bi('ফেরত', 'refunded')} ${
    price(f.refunded_paisa)}` : ''}</span>
<span class="meta">TrxID ${esc(f.trx_id || '—')}${
  f.payment_id ? ` · paymentID ${esc(f.payment_id)}` : ''}</span>
<span class="meta">${dhakaTime(f.completed_at || f.updated_at || f.created_at || f.received_at)}</span>
${problem || f.problem ? `<span class="meta">${bi('কারণ', 'Why')}: ${
    problem ? bi(...problem) : esc(f.problem)}</span>`
    : ''}
${refundable ? `<div class="actions no-print"><button type="button" class="danger" data-refund
 data-testid="refund">${bi('টাকা ফেরত দিন', 'Refund')}</button></div>
<div class="confirm msg error" data-refund-form hidden>
<div class="field"><label for="refund-reason-${pid}">${bi('ফেরতের কারণ', 'Reason for the refund')}</label>
<textarea id="refund-reason-${pid}" rows="2" data-testid="refund-reason"></textarea></div>
<div class="field"><label for="refund-amount-${pid}">${bi('পরিমাণ (টাকা, খালি রাখলে বাকি সবটা)',
    'Amount (Taka; empty for all that is left)')}</label>
<input id="refund-amount-${pid}" inputmode="decimal" autocomplete="off" data-testid="refund-amount"
 placeholder="সবটা · all"></div>
<p>${bi('টাকা ক্রেতার বিকাশ নম্বরে ফেরত যাবে। এটি ফেরানো যায় না।',
    "The money goes back to the buyer's bKash number. This cannot be undone.")}</p>
<div class="actions"><button type="button" class="danger" data-confirm-refund data-testid="confirm-refund">${
  bi('হ্যাঁ, টাকা ফেরত দিন', 'Yes, refund')}</button>
<button type="button" class="secondary" data-keep>${bi('না', 'No')}</button></div></div>` : ''}
<div class="row-error"></div></li>`;
}

async function onFlagClick(ev) {
  const b = ev.target.closest('button');
  if (!b) return;
  const row = b.closest('[data-payment]'), form = $('[data-refund-form]', row), err = $('.row-error', row);
  if (b.hasAttribute('data-refund')) { form.hidden = false; $('textarea', form).focus(); return; }
  if (b.hasAttribute('data-keep')) { form.hidden = true; return; }
  if (!b.hasAttribute('data-confirm-refund')) return;
  const reason = $('textarea', form).value.trim(), typed = $('input', form).value.trim();
  const amount = typed ? takaToPaisa(typed) : undefined;
  if (reason.length < 3) {
    err.innerHTML = errorBox({ message: 'Give the reason for the refund.',
      message_bn: 'ফেরতের কারণ লিখুন।' });
    return;
  }
  if (typed && !amount) {
    err.innerHTML = errorBox({ message: 'Type the amount in Taka, e.g. 850.50.',
      message_bn: 'টাকার অঙ্ক লিখুন, যেমন ৮৫০.৫০।' });
    return;
  }
  row.querySelectorAll('button').forEach(x => { x.disabled = true; });
  err.innerHTML = '';
  try {
    const pay = await call(`/api/payments/${enc(row.dataset.payment)}/refund`, { method: 'POST',
      body: amount ? { reason, amount_paisa: amount } : { reason } });
    const id = pay.bkash_payment_id || row.dataset.payment;
    row.outerHTML = flagRow({ kind: 'payment', ...pay, payment_id: id });
    const again = document.querySelector(`[data-payment="${CSS.escape(row.dataset.payment)}"] .row-error`);
    if (again) {
      again.innerHTML = `<p class="msg ok" role="status" data-testid="refund-done">${
        bi('টাকা ফেরত দেওয়া হয়েছে', 'Refunded')}</p>`;
    }
  } catch (e) {
    row.querySelectorAll('button').forEach(x => { x.disabled = false; });
    failed(err, e);
  }
}

// ---- sales --------------------------------------------------------------------------------
const BY = { society: ['সমিতি অনুযায়ী', 'By society'], product: ['পণ্য অনুযায়ী', 'By product'],
  area: ['এলাকা অনুযায়ী', 'By area'], month: ['মাস অনুযায়ী', 'By month'] };
const MONTHS = ['জানুয়ারি', 'ফেব্রুয়ারি', 'মার্চ', 'এপ্রিল', 'মে', 'জুন', 'জুলাই', 'আগস্ট', 'সেপ্টেম্বর',
  'অক্টোবর',
  'নভেম্বর', 'ডিসেম্বর'];
const monthLabel = k => (/^\d{4}-\d\d$/.test(k)
  ? bi(`${MONTHS[Number(k.slice(5)) - 1]} ${bn(k.slice(0, 4))}`, k) : esc(k));

async function showSales(params) {
  const by = BY[params.get('by')] ? params.get('by') : 'society';
  const from = day(params.get('from')), to = day(params.get('to'));
  document.title = 'বিক্রয় বিশ্লেষণ · Sales · Samabay';
  const select = `<label for="sales-by">${bi('ভাগ', 'Group')}<select id="sales-by">${Object.entries(BY)
    .map(([k, [b, e]]) => `<option value="${k}"${k === by ? ' selected' : ''}>${esc(b)} · ${esc(e)}</option>`)
    .join('')}</select></label>`;
  body.innerHTML = `<h2>${bi('বিক্রয় বিশ্লেষণ', 'Sales')}<small>${areaTitle()} · ${bi(...BY[by])} · ${
    period(from, to)}</small></h2>
${areaNote()}${periodForm('sales', from, to, select)}
<p class="hint">${bi('পরিশোধিত, নিশ্চিত, পাঠানো ও পৌঁছানো অর্ডার।',
    'Paid, confirmed, dispatched and delivered orders.')}</p>
<div id="sales-out">${loading()}</div>`;
  $('#sales-filter').onsubmit = e => {
    e.preventDefault();
    const p = periodTyped('sales');
    if (p) go(`#/market/sales${qs({ by: $('#sales-by').value, from: p.from, to: p.to })}`);
  };
  $('#sales-by').onchange = () => $('#sales-filter').requestSubmit();
  $('#sales-print').onclick = () => window.print();
  const out = $('#sales-out'), area = M.area;
  const load = async () => {
    out.innerHTML = loading();
    let d;
    try { d = await call(`/api/sales${qs({ area_code: area, by, from, to })}`); } catch (e) {
      failed(out, e, load);
      return;
    }
    if (!out.isConnected) return;
    const name = r => (by === 'month' ? monthLabel(r.key) : `${esc(r.label_bn)}${
      r.label_en && r.label_en !== r.label_bn
      ? `<br><small lang="en">${esc(r.label_en)}</small>` : ''}`);
    out.innerHTML = d.rows.length ? `<div class="table-wrap">
<table class="mtable cards" data-testid="sales-table">
<thead><tr><th>${bi(...BY[by])}</th><th class="num">${bi('অর্ডার', 'Orders')}</th>
<th class="num">${bi('পরিমাণ', 'Quantity')}</th><th class="num">${bi('বিক্রয়', 'Sales')}</th></tr></thead>
<tbody>
${d.rows.map(r => `<tr data-testid="sales-row"><td class="head">${name(r)}</td>
<td class="num" data-label="অর্ডার · Orders">${bi(num(r.orders), String(r.orders))}</td>
<td class="num" data-label="পরিমাণ · Quantity">${bi(num(r.quantity), String(r.quantity))}</td>
<td class="num" data-label="বিক্রয় · Sales">${price(r.amount_paisa)}</td></tr>`)
    .join('')}</tbody>
<tfoot><tr><td class="head">${bi('মোট', 'Total')}</td><td class="num" data-label="অর্ডার · Orders">${
  d.orders !== undefined ? bi(num(d.orders), String(d.orders)) : ''}</td><td class="blank"></td>
<td class="num" data-label="বিক্রয় · Sales" data-testid="sales-total">${price(d.total_paisa)}</td>
</tr></tfoot>
</table></div>`
      : `<p class="empty" data-testid="sales-empty">${
        bi('এই সময়ে কোনো বিক্রয় নেই', 'No sales in this period')}</p>`;
  };
  load();
}
