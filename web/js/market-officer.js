// The sales centre in officer.html (#/market/…): orders, a society's products (add, edit, photos),
// bKash deposits (by day, CSV), flagged payments (refund) and sales. The shell (officer.js) owns the
// login and the router: it imports this module the first time #/market is opened and calls route()
// on every hash; route() shows #market-view on #/market hashes and hides it on others. The session
// is the one the shell keeps in sessionStorage. Every total comes from the API: no sums are made here.
// Each screen keeps its state in variables and draws itself with lit-html into #market-body.
import {
  $, areaName, areas, bn, clearErrors, date, DATE_ERROR, dateEn, isoDate, markTab, num, officerCall,
  officerSession, photoProblem, picker, qs, saveAs, showErrors, todayIso,
} from './common.js';
import { hashRoute, paisaToTaka, takaToPaisa } from './officer-input.js';
import {
  CATEGORIES, dhakaTime, fieldBox, label, named, options, ORDER_STATUS, PAYMENT_STATUS, price, qtyText, UNITS,
  webUrl,
} from './market-ui.js';
import {
  bil, cardTable, confirmBox, dateField, emptyNote, errorNote, html, loadingNote, money, nothing, pagedList,
  render,
} from './ui.js';

const section = $('#market-view'), body = $('#market-body'), flashBox = $('#market-flash');
const M = { area: '' };
let me = null, rendered = '', pendingFlash = null, pick = null, pickFor = null;
const products = new Map(); // the products last listed, by id: the edit form opens at once

const session = officerSession;
const canWrite = () => Boolean(me && me.user && me.user.role === 'upazila');
const enc = encodeURIComponent;

// An ended session goes back to the shell's login form (a fresh page load), saying why.
const call = (path, opts = {}) => officerCall(path, opts, me && me.token);

// The screen on show: a function giving its template. Anything that changes a screen's state
// calls draw(); a late answer for a screen already left only draws the one now on show.
let screen = () => nothing;
const draw = () => render(screen(), body);
function show(template) { screen = template; draw(); }

const flash = (kind, b, e) => { pendingFlash = { kind, words: [b, e] }; };
const flashNote = ({ kind, words }) => html`<div class="msg ${kind}" role="status"
 data-testid="market-flash">${bil(...words)}</div>`;
const ISO = /^\d{4}-\d\d-\d\d$/;
const day = v => (ISO.test(v || '') ? v : '');

// One request of a screen: busy, then its data (done) or its error; the screen draws at each step.
function loader(get) {
  const s = { busy: true, error: null, data: null, done: false };
  s.load = async () => {
    Object.assign(s, { busy: true, error: null });
    draw();
    try { s.data = await get(); s.done = true; } catch (e) { if (!e.handled) s.error = e; }
    s.busy = false;
    draw();
  };
  return s;
}
// What a request shows until its data is there: loading, or its error with "Try again".
const pending = s => (s.busy ? loadingNote() : s.error ? errorNote(s.error, s.load) : nothing);

// ---- routing ------------------------------------------------------------------------------
export function route() {
  me = session();
  const { parts, params } = hashRoute();
  if (parts[0] !== 'market' || !me) {
    section.hidden = true; rendered = '';
    screen = () => nothing; // a late answer draws nothing (after a log-out there is no officer)
    return;
  }
  section.hidden = false;
  const key = `${location.hash}|${me.token}|${M.area}`;
  if (key === rendered) return;
  rendered = key;
  setupPicker();
  render(pendingFlash ? flashNote(pendingFlash) : nothing, flashBox);
  pendingFlash = null;
  const tab = parts[1] || 'orders';
  markTab(section.querySelectorAll('#market-tabs a'), tab);
  window.scrollTo(0, 0);
  // A new screen starts from new elements: nothing typed or marked on the last one stays.
  screen = () => nothing;
  render(nothing, body);
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
const areaNote = () => (me.user.role === 'upazila' ? nothing : html`<p class="hint">${
  bil('এলাকা বদলাতে উপরের তালিকা থেকে বেছে নিন।', 'Pick an area above to change it.')}</p>`);
const focusOn = id => { const el = document.getElementById(id); if (el) el.focus(); };

// ---- orders -------------------------------------------------------------------------------
const MOVE_LABEL = {
  confirmed: ['নিশ্চিত করুন', 'Confirm'], dispatched: ['পাঠানো হয়েছে', 'Mark dispatched'],
  delivered: ['পৌঁছে গেছে', 'Mark delivered'], cancelled: ['বাতিল করুন', 'Cancel'],
};
const REASON_NEEDED = { message: 'Give the reason for cancelling.', message_bn: 'বাতিলের কারণ লিখুন।' };
const tel = p => (p ? html`<a href=${`tel:${p}`}>${bn(String(p).replace(/^\+88/, ''))}</a>` : '—');

function showOrders(params) {
  const status = params.get('status') || '', area = M.area;
  document.title = 'অর্ডার · Orders · Samabay';
  const pickStatus = e => {
    e.preventDefault();
    go(`#/market/orders${qs({ status: $('#orders-status').value })}`);
  };
  show(() => html`<h2>${bil('অর্ডার', 'Orders')}</h2>${areaNote()}
<form class="mfilters no-print" id="orders-filter" @submit=${pickStatus}>
<label for="orders-status">${bil('অবস্থা', 'Status')}<select id="orders-status"
 @change=${e => e.currentTarget.form.requestSubmit()}>${
  options(ORDER_STATUS, status, 'সব · All')}</select></label>
<div class="actions"><button type="submit" id="orders-show">${bil('দেখুন', 'Show')}</button></div></form>
<div id="orders-out"></div>`);
  // What each row shows besides its order, by invoice: the cancel box, its reason, an error, a move done.
  const rows = new Map();
  const rowOf = o => rows.get(o.invoice_no) || rows.set(o.invoice_no, { reason: '' }).get(o.invoice_no);
  const on = {
    open(o) { rowOf(o).cancelling = true; list.draw(); focusOn(`reason-${o.invoice_no}`); },
    keep(o) { rowOf(o).cancelling = false; list.draw(); },
    move: (o, to) => moveOrder(o, to, rowOf(o), { list, rows }),
  };
  const list = pagedList($('#orders-out'), {
    name: 'orders',
    page: cursor => call(`/api/orders${qs({ area_code: area, status, cursor })}`),
    row: o => orderRow(o, rowOf(o), on),
    head: d => html`<p id="orders-count" class="hint">${d.count !== undefined && !d.next_cursor
      ? bil(`মোট ${num(d.count)}টি অর্ডার`, `${d.count} orders`) : nothing}</p>`,
    empty: emptyNote(['কোনো অর্ডার নেই', 'No orders'], 'orders-empty'),
    key: o => o.invoice_no,
  });
  list.reload();
}

// row: the row's state; on: what its buttons do (open and keep the cancel box, move).
function orderRow(o, row, on) {
  const moves = o.next_statuses || []; // what this office may do now, as the API says
  const steps = o.history || [], last = steps[steps.length - 1];
  return html`<li class="mrow ${row.moved ? 'new' : ''}" data-testid="order-row" data-invoice=${o.invoice_no}>
<span class="name">${o.invoice_no}</span>
<span class="status-line"><span class="pill s-${o.status}" data-testid="order-row-status"
 data-status=${o.status}>${named(ORDER_STATUS, o.status)}</span>
<span class="pill p-${o.payment_status}">${named(PAYMENT_STATUS, o.payment_status)}</span></span>
<span class="meta"><b>${o.product_name_bn}</b> · ${qtyText(o.quantity, o.unit)} · ${
  bil('মোট', 'total')} <b>${money(o.amount_paisa)}</b></span>
<span class="meta">${o.society_name_bn}</span>
<span class="meta">${bil('ক্রেতা', 'Buyer')}: ${o.buyer_name} · ${tel(o.buyer_phone)}<br>${
  bil('ঠিকানা', 'Address')}: ${o.delivery_address}</span>
<span class="meta">${bil('অর্ডার', 'Ordered')} ${dhakaTime(o.created_at)}${o.paid_at
    ? html` · ${bil('পরিশোধ', 'Paid')} ${dhakaTime(o.paid_at)}` : nothing}${o.trx_id
    ? html` · TrxID <span data-testid="order-row-trx">${o.trx_id}</span>` : nothing}</span>
${last && last.note ? html`<span class="meta">${bil('মন্তব্য', 'Note')}: ${last.note}</span>` : nothing}
${moves.length ? html`<div class="actions no-print">${moves.map(s => html`<button type="button"
 data-move=${s} class=${s === 'cancelled' ? 'danger' : ''} data-testid="move-${s}" ?disabled=${row.busy}
 @click=${() => (s === 'cancelled' ? on.open(o) : on.move(o, s))}>${bil(...MOVE_LABEL[s])}</button>`)}
</div>` : nothing}
${moves.includes('cancelled') && row.cancelling ? cancelBox(o, row, on) : nothing}
<div class="row-error">${row.error ? errorNote(row.error) : row.moved ? html`<p class="msg ok"
 role="status">${bil(`অবস্থা: ${label(ORDER_STATUS, o.status)[0]}`,
  `Status: ${label(ORDER_STATUS, o.status)[1]}`)}</p>` : nothing}</div></li>`;
}

function cancelBox(o, row, on) {
  const paid = o.payment_status === 'completed', id = `reason-${o.invoice_no}`;
  const outcome = paid ? html`${bil('বাতিল করলে ক্রেতার বিকাশ নম্বরে টাকা ফেরত যাবে:',
    'Cancelling refunds the buyer on bKash:')} <b>${money(o.amount_paisa)}</b>`
    : bil('অর্ডারটি বাতিল হবে এবং মজুদ ফেরত আসবে।', 'The order is cancelled and the stock returns.');
  return confirmBox({
    question: ['অর্ডারটি বাতিল করবেন?', 'Cancel this order?'],
    body: html`<div class="field"><label for=${id}>${bil('বাতিলের কারণ', 'Reason for cancelling')}</label>
<textarea id=${id} rows="2" data-testid="cancel-reason" .value=${row.reason}
 @input=${e => { row.reason = e.currentTarget.value; }}></textarea></div>
<p>${outcome}</p>`,
    yes: paid ? ['হ্যাঁ, বাতিল ও টাকা ফেরত', 'Yes, cancel and refund'] : ['হ্যাঁ, বাতিল করুন', 'Yes, cancel'],
    no: ['না, থাক', 'No, keep it'],
    danger: true, busy: row.busy, yesTestid: 'confirm-cancel',
    onYes: () => on.move(o, 'cancelled'), onNo: () => on.keep(o),
  });
}

async function moveOrder(o, status, row, { list, rows }) {
  const reason = status === 'cancelled' ? row.reason.trim() : '';
  if (status === 'cancelled' && reason.length < 3) {
    row.error = REASON_NEEDED;
    list.draw();
    focusOn(`reason-${o.invoice_no}`);
    return;
  }
  Object.assign(row, { busy: true, error: null });
  list.draw();
  try {
    const moved = await call(`/api/orders/${enc(o.invoice_no)}/status`, { method: 'POST',
      body: { status, reason } });
    rows.set(o.invoice_no, { reason: '', moved: true });
    list.replace(moved);
  } catch (e) {
    row.busy = false;
    if (!e.handled) row.error = e;
    list.draw();
  }
}

// ---- products -----------------------------------------------------------------------------
function pickSociety(params) {
  const q = params.get('q') || '';
  document.title = 'পণ্য · Products · Samabay';
  const found = loader(() => call(`/api/societies${qs({ area_code: M.area, q, limit: 30 })}`));
  const search = e => {
    e.preventDefault();
    go(`#/market/products${qs({ q: $('#m-society-q').value.trim() })}`);
  };
  show(() => html`<h2>${bil('সমিতির পণ্য', "Societies' products")}</h2>
<p class="hint">${bil('পণ্য দেখতে বা যোগ করতে সমিতি বেছে নিন।',
    'Pick a society to see or add its products.')}</p>
<form class="filters no-print" id="society-search" role="search" @submit=${search}>
<label for="m-society-q">${bil('সমিতি খুঁজুন', 'Find a society')}<input id="m-society-q" type="search"
 .value=${q} placeholder="নাম বা নিবন্ধন নম্বর · name or reg. no." autocomplete="off"></label>
<div class="actions"><button type="submit" id="m-society-search">${
  bil('খুঁজুন', 'Search')}</button></div></form>
<ul class="rows" id="m-societies">${found.data ? found.data.items.map(societyLink) : nothing}</ul>
${found.data ? societiesEnd(found.data) : pending(found)}`);
  found.load();
}

const societyLink = s => html`<li class="row" data-testid="market-society">
<a href=${`#/market/products/${enc(s.id)}`}><span class="name">${s.name_bn}</span><small lang="en">${
  s.name_en}</small>
<span class="meta">${bil('নিবন্ধন নং', 'Reg. no.')} ${s.registration_no}</span></a></li>`;
// Below the societies: that there are more (the list is not paged: a name finds one), or none.
const societiesEnd = d => (!d.items.length ? emptyNote(['কোনো সমিতি নেই', 'No societies'])
  : d.next_cursor ? html`<p class="hint">${bil('আরও সমিতি আছে: নাম লিখে খুঁজুন।',
    'More societies: search by name.')}</p>` : nothing);

function showProducts(sid) {
  document.title = 'পণ্য · Products · Samabay';
  const got = loader(async () => {
    const [society, { items }] = await Promise.all([call(`/api/societies/${enc(sid)}`),
      call(`/api/societies/${enc(sid)}/products`)]);
    items.forEach(p => products.set(p.id, p));
    return { society, items };
  });
  show(() => (got.data ? productList(sid, got.data) : pending(got)));
  got.load();
}

function productList(sid, { society: s, items }) {
  const own = canWrite() && (s.upazila_code || '').startsWith((me.user.office || {}).code || '~');
  return html`<p class="crumbs no-print"><a href="#/market/products">← ${
  bil('সমিতি বেছে নিন', 'Pick a society')}</a></p>
<h2>${s.name_bn}<small lang="en">${s.name_en} · ${
  bil('নিবন্ধন নং', 'Reg. no.')} ${s.registration_no}</small></h2>
${own ? html`<div class="actions no-print"><a class="btn" id="add-product"
 href=${`#/market/products/${enc(sid)}/new`}>+ ${
    bil('নতুন পণ্য যোগ করুন', 'Add a product')}</a></div>` : nothing}
<ul class="rows" id="m-products" data-testid="market-products">${items.map(p => productRow(p, sid, own))}</ul>
${items.length ? nothing : emptyNote(['এই সমিতির কোনো পণ্য এখনও যোগ হয়নি',
    'No products for this society yet'], 'products-empty')}`;
}

function productRow(p, sid, own) {
  const img = webUrl((p.photos || [])[0]);
  return html`<li class="mrow" data-testid="market-product" data-id=${p.id}>${img
    ? html`<img src=${img} alt="" loading="lazy" width="56" height="56">` : nothing}
<span class="name">${p.name_bn}</span> <small lang="en">${p.name_en}</small>
<span class="meta">${price(p.price_paisa, p.unit)} · ${bil('মজুদ', 'stock')} ${
  qtyText(p.stock, p.unit)}</span>
<span class="meta">${named(CATEGORIES, p.category)}${
  p.featured ? html` · <b>${bil('বিজ্ঞাপনে', 'Featured')}</b>` : nothing}${
  p.active === false ? html` · <span class="out">${
    bil('বিক্রয় বন্ধ', 'Not for sale')}</span>` : nothing}</span>
<div class="actions no-print">${own ? html`<a class="btn secondary" data-testid="edit-product"
 href=${`#/market/products/${enc(sid)}/edit/${enc(p.id)}`}>${bil('সম্পাদনা ও ছবি', 'Edit and photos')}</a>`
    : nothing}
<a class="btn secondary" href=${`market.html?product=${enc(p.id)}`} target="_blank" rel="noopener">${
  bil('পাবলিক পাতা', 'Public page')}</a></div></li>`;
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
const whole = text => {
  const t = String(text).replace(/[০-৯]/g, d => '০১২৩৪৫৬৭৮৯'.indexOf(d)).replace(/[,\s]/g, '');
  return /^\d{1,7}$/.test(t) ? Number(t) : undefined;
};

function productInput([name, , , kind], p) {
  const id = FIELD_IDS[name], v = p ? p[name] : undefined;
  if (kind === 'category' || kind === 'unit') {
    return html`<select id=${id} name=${name}>${
      options(kind === 'unit' ? UNITS : CATEGORIES, v, '— বেছে নিন · Choose —')}</select>`;
  }
  if (kind === 'textarea') {
    return html`<textarea id=${id} name=${name} rows="3" .value=${v ?? ''}></textarea>`;
  }
  if (kind === 'date') return dateField({ id, name, value: v || '' });
  const mode = { taka: 'decimal', int: 'numeric' }[kind] || nothing;
  const value = kind === 'taka' ? paisaToTaka(v) : String(v ?? '');
  return html`<input id=${id} name=${name} inputmode=${mode} autocomplete="off" .value=${value}>`;
}

function productField(f, p) {
  const [name, b, e, kind, required, hint] = f, id = FIELD_IDS[name];
  if (kind === 'check') {
    const on = p ? p[name] !== false && Boolean(p[name]) : name === 'active';
    return html`<div class="field"><label class="check"><input type="checkbox" id=${id} name=${name}
 .checked=${on}> ${bil(b, e)}</label>
<p class="field-error" id=${`${id}-error`} hidden></p></div>`;
  }
  return fieldBox(id, [`${b}${required ? ' *' : ''}`, e], productInput(f, p), hint ? bil(...hint) : nothing);
}

// The add or edit form of a product, with its photos once it is saved.
function productForm(sid, pid) {
  const title = pid ? ['পণ্য সম্পাদনা', 'Edit product'] : ['নতুন পণ্য যোগ করুন', 'Add a product'];
  document.title = `${title[0]} · ${title[1]}`;
  if (!canWrite()) {
    show(() => html`<div class="msg info">${bil('পণ্য কেবল সংশ্লিষ্ট উপজেলা সমবায় অফিস যোগ বা সম্পাদনা করে।',
      'Only the upazila cooperative office adds or edits products.')}</div>`);
    return;
  }
  const form = { sid, title, saving: false, photo: { busy: false, removing: null, note: nothing } };
  const known = pid && products.get(pid);
  if (!pid || known) { show(() => productFormView(form, known || null)); return; }
  const got = loader(async () => {
    const { items } = await call(`/api/societies/${enc(sid)}/products`);
    items.forEach(x => products.set(x.id, x));
    return products.get(pid) || null;
  });
  // The form is filled from the product as it was opened; the photos follow its latest version.
  show(() => (!got.done ? pending(got) : got.data ? productFormView(form, got.data)
    : errorNote({ message: 'No such product.', message_bn: 'এমন কোনো পণ্য নেই।' })));
  got.load();
}

function productFormView(form, p) {
  const back = `#/market/products/${enc(form.sid)}`;
  const submit = e => {
    e.preventDefault();
    saveProduct(e.currentTarget, form, p && (products.get(p.id) || p)); // photos change the version
  };
  return html`<p class="crumbs no-print"><a href=${back}>← ${bil('পণ্যের তালিকা', 'Products')}</a></p>
<h2>${bil(...form.title)}${p ? html`<small>${p.name_bn}</small>` : nothing}</h2>
<form id="product-form" class="card" novalidate @submit=${submit}>
<div id="product-error" role="alert" tabindex="-1" hidden></div>${form.stale ? html`<p class="msg error">
<a href=${back} id="reload-products">${bil('তালিকা আবার লোড করুন', 'Reload the list')}</a></p>` : nothing}
${PRODUCT_FIELDS.filter(f => p || f[0] !== 'active').map(f => productField(f, p))}
<div class="actions"><button type="submit" id="save-product" ?disabled=${form.saving}>${
  bil('সংরক্ষণ করুন', 'Save')}</button>
<a class="btn secondary" href=${back}>${bil('বাতিল', 'Cancel')}</a></div>
</form>
${p ? photosBox(products.get(p.id) || p, form.photo) : html`<p class="hint">${
    bil('সংরক্ষণের পর ছবি যোগ করা যাবে।', 'Photos can be added once the product is saved.')}</p>`}`;
}

// The form's values as the API takes them (only the changed ones for an edit), or the fields' errors.
function productValues(formEl, p) {
  const out = {}, bad = [];
  for (const [name, , , kind] of PRODUCT_FIELDS) {
    const el = formEl.elements[name];
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
  return { out, bad };
}

async function saveProduct(formEl, form, p) {
  const box = $('#product-error');
  clearErrors(formEl, box);
  form.stale = false;
  const { out, bad } = productValues(formEl, p);
  if (bad.length) {
    const err = { message: 'Some fields are not valid.', message_bn: 'কিছু তথ্য সঠিক নয়।', details: bad };
    showErrors(formEl, box, err, FIELD_IDS);
    return;
  }
  const back = `#/market/products/${enc(form.sid)}`;
  if (p && !Object.keys(out).length) {
    flash('info', 'কোনো পরিবর্তন নেই।', 'Nothing changed.');
    go(back);
    return;
  }
  if (p) out.version = p.version;
  form.saving = true;
  draw();
  try {
    const saved = await call(p ? `/api/products/${enc(p.id)}` : `/api/societies/${enc(form.sid)}/products`,
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
    if (!e.handled) {
      showErrors(formEl, box, e, FIELD_IDS);
      form.stale = e.code === 'stale_version'; // someone saved meanwhile: the list has the new version
    }
  }
  form.saving = false;
  draw();
}

// ---- photos: S3 presigned POST, then the product's photo list (keys) -----------------------

// p: the product as last saved; photo: the box's state (an upload or a removal under way, its note).
function photosBox(p, photo) {
  const keys = p.photo_keys || [], urls = p.photos || [];
  return html`<section class="card" id="photos-box" aria-labelledby="photos-title">
<h2 id="photos-title">${bil('ছবি', 'Photos')} <small>${
  bil('JPEG, PNG বা WebP; বড় ছবি পাঠানোর আগে ছোট করা হয়',
    'JPEG, PNG or WebP; large photos are made smaller first')}</small></h2>
<ul class="rows" id="photo-list" data-testid="photo-list">${
  urls.map((u, i) => html`<li class="mrow">${webUrl(u)
    ? html`<img src=${u} alt="" loading="lazy" width="56" height="56">` : nothing}
${bil(`ছবি ${bn(i + 1)}`, `Photo ${i + 1}`)}${keys[i] ? html`<div class="actions">
<button type="button" class="secondary" data-remove=${keys[i]} ?disabled=${photo.removing === keys[i]}
 @click=${() => removePhoto(p, keys[i], photo)}>${
    bil('সরান', 'Remove')}</button></div>` : nothing}</li>`)}</ul>
${keys.length >= 6 ? html`<p class="hint">${bil('সর্বোচ্চ ৬টি ছবি', 'At most 6 photos')}</p>`
    : html`<div class="field"><label for="p-photo">${bil('নতুন ছবি', 'New photo')}</label>
<input type="file" id="p-photo" accept="image/jpeg,image/png,image/webp" capture="environment"></div>
<div class="actions"><button type="button" id="p-photo-upload" ?disabled=${photo.busy}
 @click=${() => addPhoto(p, photo)}>${bil('ছবি আপলোড করুন', 'Upload photo')}</button></div>`}
<div id="p-photo-status" role="status" data-testid="photo-status">${photo.note}</div></section>`;
}

async function addPhoto(p, photo) {
  const input = $('#p-photo'), file = input.files[0];
  if (!file) {
    photo.note = errorNote({ message: 'Choose a photo first.', message_bn: 'আগে ছবি বেছে নিন।' });
    draw();
    return;
  }
  Object.assign(photo, { busy: true, note: loadingNote(['ছবি পাঠানো হচ্ছে…', 'Uploading…']) });
  draw();
  try {
    const saved = await uploadPhoto(products.get(p.id) || p, file);
    products.set(saved.id, saved);
    input.value = ''; // the next photo is chosen afresh
    photo.note = html`<p class="msg ok">${bil('ছবি যোগ হয়েছে', 'Photo added')}</p>`;
  } catch (e) { photo.note = e.handled ? nothing : errorNote(e); }
  photo.busy = false;
  draw();
}

async function removePhoto(p, key, photo) {
  const cur = products.get(p.id) || p;
  Object.assign(photo, { removing: key, note: nothing });
  draw();
  try {
    const saved = await call(`/api/products/${enc(cur.id)}`, { method: 'PATCH',
      body: { photos: (cur.photo_keys || []).filter(k => k !== key), version: cur.version } });
    products.set(saved.id, saved);
  } catch (e) { if (!e.handled) photo.note = errorNote(e); }
  photo.removing = null;
  draw();
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
// The period filter of deposits and sales. f: {id, from, to, extra (fields before the dates),
// badDate (a date typed is not one), onPeriod({from, to}) with the period typed (ISO dates)}.
function periodForm(f) {
  const { id } = f;
  const submit = e => {
    e.preventDefault();
    const from = isoDate($(`#${id}-from`).value), to = isoDate($(`#${id}-to`).value);
    f.badDate = from === null || to === null;
    draw();
    if (!f.badDate) f.onPeriod({ from, to });
  };
  return html`<form class="mfilters no-print" id=${`${id}-filter`} @submit=${submit}>${f.extra || nothing}
<label for=${`${id}-from`}>${bil('শুরু', 'From')}${dateField({ id: `${id}-from`, value: f.from })}</label>
<label for=${`${id}-to`}>${bil('শেষ', 'To')}${dateField({ id: `${id}-to`, value: f.to })}</label>
<div id=${`${id}-date-error`}>${f.badDate ? errorNote(DATE_ERROR) : nothing}</div>
<div class="actions"><button type="submit" id=${`${id}-show`}>${bil('দেখুন', 'Show')}</button>
<button type="button" class="secondary" id=${`${id}-print`} @click=${() => window.print()}>${
  bil('প্রিন্ট', 'Print')}</button></div></form>`;
}
const period = (from, to) => (from || to
  ? bil(`${from ? date(from) : 'শুরু থেকে'} – ${to ? date(to) : 'আজ পর্যন্ত'}`,
    `${from ? dateEn(from) : 'from the start'} – ${to ? dateEn(to) : 'today'}`)
  : bil('সব সময়', 'All time'));

// The chosen area's name, drawn again when the area list has answered (the pickers may still be
// loading): its code until then.
const areaNames = new Map();
function areaTitle() {
  const code = M.area;
  if (!code) return 'সারা দেশ · Bangladesh';
  if (!areaNames.has(code)) {
    areaNames.set(code, '');
    areas(code.slice(0, code.length - 2)).then(list => {
      const found = list.find(a => a.code === code);
      if (found) { areaNames.set(code, areaName(found)); draw(); }
    }).catch(() => areaNames.delete(code));
  }
  return html`<span class="area-title">${areaNames.get(code) || bn(code)}</span>`;
}

function showDeposits(params) {
  const from = day(params.get('from')) || (params.has('from') ? '' : monthStart());
  const to = day(params.get('to')) || (params.has('to') ? '' : todayIso());
  const area = M.area;
  document.title = 'জমা · Deposits · Samabay';
  const got = loader(() => call(`/api/deposits${qs({ area_code: area, from, to })}`));
  const filter = { id: 'dep', from, to,
    onPeriod: p => go(`#/market/deposits?from=${enc(p.from)}&to=${enc(p.to)}`) };
  const csv = { busy: false, error: null };
  const download = async () => {
    Object.assign(csv, { busy: true, error: null });
    draw();
    try {
      const path = `/api/deposits${qs({ area_code: area, from, to, format: 'csv' })}`;
      const res = await call(path, { raw: true });
      await saveAs(res, `deposits-${area || 'BD'}-${from || 'start'}-${to || todayIso()}.csv`);
    } catch (e) { if (!e.handled) csv.error = e; }
    csv.busy = false;
    draw();
  };
  show(() => html`<h2>${bil('বিকাশে জমা', 'bKash deposits')}<small>${areaTitle()} · ${
    period(from, to)}</small></h2>
${areaNote()}${periodForm(filter)}
<p class="no-print"><button type="button" class="secondary" id="dep-csv" data-testid="deposits-csv"
 ?disabled=${csv.busy} @click=${download}>${bil('CSV ডাউনলোড', 'Download CSV')}</button></p>
<div id="dep-out">${csv.error ? errorNote(csv.error) : nothing}${
  got.data ? depositsView(got.data) : pending(got)}</div>`);
  got.load();
}

const DEPOSIT_COLUMNS = [ // the foot row has no date: it is the total
  { head: ['তারিখ', 'Date'], key: true,
    cell: r => (r.date ? bil(date(r.date), dateEn(r.date)) : bil('মোট', 'Total')) },
  { head: ['পেমেন্ট', 'Payments'], num: true, cell: r => bil(num(r.count), String(r.count)) },
  { head: ['জমা', 'Amount'], num: true, cell: r => money(r.total_paisa) },
];

const depositsView = d => html`<div class="card stats" data-testid="deposits-total"><p class="total">${
  bil('মোট জমা', 'Total deposited')}: <b id="deposits-total">${money(d.total_paisa)}</b><br>${
  bil(`${num(d.count)}টি পেমেন্ট`, `${d.count} payments`)}</p></div>
<h3>${bil('দৈনিক হিসাব', 'By day')}</h3>
${cardTable(DEPOSIT_COLUMNS, d.by_day || [], { testid: 'deposits-by-day',
    foot: { count: d.count, total_paisa: d.total_paisa } })}
<h3>${bil('পেমেন্টসমূহ', 'Payments')}</h3>
${d.items.length ? html`<ul class="rows" data-testid="deposits-items">${d.items.map(depositRow)}</ul>`
    : emptyNote(['এই সময়ে কোনো জমা নেই', 'No deposits in this period'], 'deposits-empty')}`;

const depositRow = i => html`<li class="mrow" data-testid="deposit-row"><span class="name">${
  i.invoice_no}</span> · TrxID ${i.trx_id}
<span class="meta">${dhakaTime(i.completed_at)} · ${named(PAYMENT_STATUS, i.state)}</span>
<span class="meta">${bil('পরিমাণ', 'Amount')} ${money(i.amount_paisa)}${i.refunded_paisa ? html` · ${
  bil('ফেরত', 'refunded')} ${money(i.refunded_paisa)}` : nothing} · ${bil('নিট', 'net')} <b>${
  money(i.net_paisa)}</b></span></li>`;

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
const REFUND_REASON = { message: 'Give the reason for the refund.', message_bn: 'ফেরতের কারণ লিখুন।' };
const REFUND_AMOUNT = { message: 'Type the amount in Taka, e.g. 850.50.',
  message_bn: 'টাকার অঙ্ক লিখুন, যেমন ৮৫০.৫০।' };
const pidOf = f => f.payment_id || f.id || '';

function showFlagged() {
  document.title = 'যাচাই দরকার · Flagged payments · Samabay';
  const area = M.area;
  const got = loader(async () => (await call(`/api/payments/flagged${qs({ area_code: area })}`)).items);
  // What each row shows besides its payment, by payment id: the refund box and what is typed in it,
  // an error, a refund done.
  const rows = new Map();
  const rowOf = f => rows.get(pidOf(f)) || rows.set(pidOf(f), { reason: '', amount: '' }).get(pidOf(f));
  const on = {
    open(f) { rowOf(f).open = true; draw(); focusOn(`refund-reason-${pidOf(f)}`); },
    keep(f) { rowOf(f).open = false; draw(); },
    refund: f => refund(f, rowOf(f), { got, rows }),
  };
  show(() => html`<h2>${bil('যাচাই দরকার এমন পেমেন্ট', 'Payments needing review')}<small>${
    areaTitle()}</small></h2>
${areaNote()}<p class="hint">${
  bil('টাকা এসেছে কিন্তু কোনো অর্ডারে জমা করা যায়নি। যাচাই করে ক্রেতাকে টাকা ফেরত দিন।',
    'Money that reached us but could not be credited to an order. Check it and refund the buyer.')}</p>
<ul class="rows" id="flagged-list" data-testid="flagged-list">${
  (got.data || []).map(f => flagRow(f, rowOf(f), on))}</ul>
${!got.data ? pending(got) : got.data.length ? nothing
    : emptyNote(['যাচাই করার মতো কোনো পেমেন্ট নেই', 'No payments need review'], 'flagged-empty')}`);
  got.load();
}

// row: the row's state; on: what its buttons do (open and keep the refund box, refund).
function flagRow(f, row, on) {
  const refundable = f.kind === 'payment' && f.refundable; // the API's rule for this office
  const problem = PROBLEMS[f.problem || f.state];
  return html`<li class="mrow" data-testid="flagged-row" data-payment=${pidOf(f)}>
<span class="name">${f.purpose_ref ? html`${bil('ইনভয়েস', 'Invoice')} ${f.purpose_ref}`
    : `IPN ${f.id}`}</span>
<span class="status-line"><span class="pill p-${f.state}" data-testid="flagged-state">${
  named(PAYMENT_STATUS, f.state)}</span></span>
<span class="meta">${bil('পরিমাণ', 'Amount')}: <b>${f.amount_paisa !== undefined ? money(f.amount_paisa)
    : f.amount ? `Tk ${f.amount}` : '—'}</b>${f.refunded_paisa ? html` · ${bil('ফেরত', 'refunded')} ${
    money(f.refunded_paisa)}` : nothing}</span>
<span class="meta">TrxID ${f.trx_id || '—'}${f.payment_id ? ` · paymentID ${f.payment_id}` : ''}</span>
<span class="meta">${dhakaTime(f.completed_at || f.updated_at || f.created_at || f.received_at)}</span>
${problem || f.problem ? html`<span class="meta">${bil('কারণ', 'Why')}: ${
    problem ? bil(...problem) : f.problem}</span>` : nothing}
${refundable ? html`<div class="actions no-print"><button type="button" class="danger" data-refund
 data-testid="refund" ?disabled=${row.busy} @click=${() => on.open(f)}>${
  bil('টাকা ফেরত দিন', 'Refund')}</button>
</div>${row.open ? refundBox(f, row, on) : nothing}` : nothing}
<div class="row-error">${row.error ? errorNote(row.error) : row.done ? html`<p class="msg ok" role="status"
 data-testid="refund-done">${bil('টাকা ফেরত দেওয়া হয়েছে', 'Refunded')}</p>` : nothing}</div></li>`;
}

function refundBox(f, row, on) {
  const pid = pidOf(f);
  return confirmBox({
    question: ['ক্রেতাকে টাকা ফেরত দেবেন?', 'Refund the buyer?'],
    body: html`<div class="field"><label for=${`refund-reason-${pid}`}>${
      bil('ফেরতের কারণ', 'Reason for the refund')}</label>
<textarea id=${`refund-reason-${pid}`} rows="2" data-testid="refund-reason" .value=${row.reason}
 @input=${e => { row.reason = e.currentTarget.value; }}></textarea></div>
<div class="field"><label for=${`refund-amount-${pid}`}>${bil('পরিমাণ (টাকা, খালি রাখলে বাকি সবটা)',
    'Amount (Taka; empty for all that is left)')}</label>
<input id=${`refund-amount-${pid}`} inputmode="decimal" autocomplete="off" data-testid="refund-amount"
 placeholder="সবটা · all" .value=${row.amount} @input=${e => { row.amount = e.currentTarget.value; }}></div>
<p>${bil('টাকা ক্রেতার বিকাশ নম্বরে ফেরত যাবে। এটি ফেরানো যায় না।',
    "The money goes back to the buyer's bKash number. This cannot be undone.")}</p>`,
    yes: ['হ্যাঁ, টাকা ফেরত দিন', 'Yes, refund'], no: ['না', 'No'],
    danger: true, busy: row.busy, yesTestid: 'confirm-refund',
    onYes: () => on.refund(f), onNo: () => on.keep(f),
  });
}

async function refund(f, row, { got, rows }) {
  const reason = row.reason.trim(), typed = row.amount.trim();
  const amount = typed ? takaToPaisa(typed) : undefined;
  row.error = reason.length < 3 ? REFUND_REASON : typed && !amount ? REFUND_AMOUNT : null;
  if (row.error) { draw(); return; }
  row.busy = true;
  draw();
  try {
    const pay = await call(`/api/payments/${enc(pidOf(f))}/refund`, { method: 'POST',
      body: amount ? { reason, amount_paisa: amount } : { reason } });
    const refunded = { kind: 'payment', ...pay, payment_id: pay.bkash_payment_id || pidOf(f) };
    got.data = got.data.map(x => (x === f ? refunded : x));
    rows.set(pidOf(refunded), { reason: '', amount: '', done: true });
  } catch (e) {
    row.busy = false;
    if (!e.handled) row.error = e;
  }
  draw();
}

// ---- sales --------------------------------------------------------------------------------
const BY = { society: ['সমিতি অনুযায়ী', 'By society'], product: ['পণ্য অনুযায়ী', 'By product'],
  area: ['এলাকা অনুযায়ী', 'By area'], month: ['মাস অনুযায়ী', 'By month'] };
const MONTHS = ['জানুয়ারি', 'ফেব্রুয়ারি', 'মার্চ', 'এপ্রিল', 'মে', 'জুন', 'জুলাই', 'আগস্ট', 'সেপ্টেম্বর',
  'অক্টোবর', 'নভেম্বর', 'ডিসেম্বর'];
const monthLabel = k => (/^\d{4}-\d\d$/.test(k)
  ? bil(`${MONTHS[Number(k.slice(5)) - 1]} ${bn(k.slice(0, 4))}`, k) : k);

function showSales(params) {
  const by = BY[params.get('by')] ? params.get('by') : 'society';
  const from = day(params.get('from')), to = day(params.get('to')), area = M.area;
  document.title = 'বিক্রয় বিশ্লেষণ · Sales · Samabay';
  const got = loader(() => call(`/api/sales${qs({ area_code: area, by, from, to })}`));
  const group = html`<label for="sales-by">${bil('ভাগ', 'Group')}<select id="sales-by"
 @change=${e => e.currentTarget.form.requestSubmit()}>${Object.entries(BY).map(([k, [b, e]]) => html`<option
 value=${k} ?selected=${k === by}>${b} · ${e}</option>`)}</select></label>`;
  const filter = { id: 'sales', from, to, extra: group,
    onPeriod: p => go(`#/market/sales${qs({ by: $('#sales-by').value, from: p.from, to: p.to })}`) };
  show(() => html`<h2>${bil('বিক্রয় বিশ্লেষণ', 'Sales')}<small>${areaTitle()} · ${bil(...BY[by])} · ${
    period(from, to)}</small></h2>
${areaNote()}${periodForm(filter)}
<p class="hint">${bil('পরিশোধিত, নিশ্চিত, পাঠানো ও পৌঁছানো অর্ডার।',
    'Paid, confirmed, dispatched and delivered orders.')}</p>
<div id="sales-out">${got.data ? salesTable(got.data, by) : pending(got)}</div>`);
  got.load();
}

// The foot row (total) has no name and no quantity: units of different products do not add up.
const salesColumns = by => [
  { head: BY[by], key: true, cell: r => (r.total ? bil('মোট', 'Total') : by === 'month' ? monthLabel(r.key)
    : html`${r.label_bn}${r.label_en && r.label_en !== r.label_bn
      ? html`<br><small lang="en">${r.label_en}</small>` : nothing}`) },
  { head: ['অর্ডার', 'Orders'], num: true,
    cell: r => (r.orders !== undefined ? bil(num(r.orders), String(r.orders)) : nothing) },
  { head: ['পরিমাণ', 'Quantity'], num: true,
    cell: r => (r.total ? '—' : bil(num(r.quantity), String(r.quantity))) },
  { head: ['বিক্রয়', 'Sales'], num: true, cell: r => (r.total
    ? html`<span data-testid="sales-total">${money(r.amount_paisa)}</span>` : money(r.amount_paisa)) },
];

const salesTable = (d, by) => (d.rows.length ? cardTable(salesColumns(by), d.rows, { testid: 'sales-table',
  foot: { total: true, orders: d.orders, amount_paisa: d.total_paisa } })
  : emptyNote(['এই সময়ে কোনো বিক্রয় নেই', 'No sales in this period'], 'sales-empty'));
