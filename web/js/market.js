// সমবায় পণ্য বিক্রয় কেন্দ্র (market.html): featured products, browse by area and category, search,
// one product (market.html?product=<id>) with its share links and the order form: order → bKash.
// Drawn with lit-html; the pieces shared with the order page and the officers' sales centre are in
// market-ui.js. No build.
import { $, api, ascii, clearErrors, date, dateEn, num, picker, qs, showErrors } from './common.js';
import {
  CATEGORIES, fact, fieldBox, label, mobile, named, options, PHONE_ERROR, payWithBkash, price, priceBn,
  qtyText, rememberPhone, UNITS, webUrl,
} from './market-ui.js';
import { bil, emptyNote, errorNote, html, loadingNote, nothing, pagedList, render } from './ui.js';

const home = $('#market-home'), view = $('#product-view');
const known = new Map(); // products already loaded, by id: a product's page shows at once
let cur = { key: null, area: '', category: '', q: '' };
const path = location.pathname;
const siteBase = new URL('.', location.href).href;
const staticUrl = id => `${siteBase}p/${encodeURIComponent(id)}.html`;

// A Facebook page's Messenger link: https://facebook.com/name → https://m.me/name.
function messenger(fb) {
  let u;
  try { u = new URL(webUrl(fb)); } catch (_) { return ''; }
  if (!/^((www|m|web)\.)?(facebook|fb)\.com$/i.test(u.hostname)) return '';
  const p = u.pathname.split('/').filter(Boolean);
  const reserved = ['groups', 'pages', 'people', 'sharer'];
  if (p.length !== 1 || /\.php$/.test(p[0]) || reserved.includes(p[0])) return '';
  return `https://m.me/${encodeURIComponent(p[0])}`;
}

const go = (params, replace = false) => {
  history[replace ? 'replaceState' : 'pushState'](null, '', path + qs(params));
  route();
};
const listParams = () => ({ area: cur.area, category: cur.category, q: cur.q });

function route() {
  const p = new URLSearchParams(location.search);
  const id = p.get('product');
  if (id) return showProduct(id);
  product.id = null;
  return showHome(p.get('area') || '', p.get('category') || '', p.get('q') || '');
}

const thumb = p => webUrl(p.thumb_url) || webUrl((p.photos || [])[0]);
const remember = p => { known.set(p.id, p); return p; };
const enName = name => (name ? html`<small lang="en">${name}</small>` : nothing);

function card(p, testid = 'product-card') {
  const img = thumb(p);
  return html`<li class="product" data-testid=${testid} data-id=${p.id}>
<a href=${`?product=${encodeURIComponent(p.id)}`} data-product=${p.id}>${img
    ? html`<img src=${img} alt="" loading="lazy" decoding="async" width="84" height="84">`
    : html`<span class="ph" aria-hidden="true">${label(CATEGORIES, p.category)[0]}</span>`}<span class="body">
<span class="name">${p.name_bn}</span>${enName(p.name_en)}
<span class="price" data-testid="product-price">${price(p.price_paisa, p.unit)}</span>
<span class="meta">${p.society_name_bn}${p.area_name_bn ? ` · ${p.area_name_bn}` : nothing}</span>${
  p.stock > 0 ? nothing : html`<span class="out">${bil('স্টক নেই', 'Out of stock')}</span>`}</span></a></li>`;
}

// ---- the catalogue ------------------------------------------------------------------------
function showHome(area, category, q) {
  view.hidden = true; home.hidden = false;
  document.title = 'সমবায় পণ্য বিক্রয় কেন্দ্র · Cooperative Product Sales Centre';
  const key = `${area}|${category}|${q}`;
  if (key === cur.key) return;
  const areaChanged = cur.key === null || area !== cur.area;
  cur = { key, area, category, q };
  $('#q').value = q; $('#category').value = category;
  pick.set(area);
  if (areaChanged) loadFeatured(area);
  productList(cur).reload();
}

// The products for one filter: a list of its own, so a late answer for the last filter draws
// nothing. The ids #products and #more are the ones the page has always had.
function productList({ area, category, q }) {
  const box = document.createElement('div');
  render(box, $('#products-box'));
  const none = q || category ? ['খোঁজের সাথে মেলে এমন কোনো পণ্য নেই', 'No product matches your search']
    : ['এই এলাকায় এখনও কোনো পণ্য নেই', 'No products in this area yet'];
  return pagedList(box, {
    name: 'products', moreId: 'more', row: p => card(p), empty: emptyNote(none, 'products-empty'),
    wrap: rows => html`<ul id="products" class="products" aria-live="polite" data-testid="products">${
      rows}</ul>`,
    page: async cursor => {
      const d = await api(`/api/public/products${qs({ area_code: area, category, q, cursor })}`);
      d.items.forEach(remember);
      return d;
    },
  });
}

async function loadFeatured(area) {
  let items = [];
  try {
    const d = await api(`/api/public/products${qs({ featured: 'true', area_code: area })}`);
    if (area !== cur.area) return;
    items = d.items.filter(p => p.featured !== false).slice(0, 12).map(remember);
  } catch (_) { /* the list above still shows */ }
  render(items.map(p => card(p, 'featured-card')), $('#featured'));
  $('#featured-section').hidden = !items.length;
}

// ---- one product --------------------------------------------------------------------------
// The product on show: its data (once known), an error reading it, its society (the public
// society's page, for what the product lacks), sharing, and the order form's state.
const product = { id: null, p: null, error: null, society: null, copied: null, copyByHand: false };
const buyerKey = 'samabay.buyer';
const savedBuyer = () => {
  try { return JSON.parse(sessionStorage.getItem(buyerKey)) || {}; } catch (_) { return {}; }
};
// What the buyer typed stays while they look at other products, as it did. Each product starts
// FRESH: placed, an order made whose payment did not start (the next try pays it, it does not
// order again); failed, that try failed (a link to the order shows); again, the button says so.
const FRESH = { placed: null, busy: false, progress: nothing, failed: false, again: false };
const order = (b => ({ quantity: '১', name: b.name || '', phone: b.phone || '', address: b.address || '',
  sms: false, ...FRESH }))(savedBuyer());
function drawProduct() {
  if (product.p) document.title = `${product.p.name_bn} · সমবায় পণ্য বিক্রয় কেন্দ্র`;
  render(productScreen(), view);
}

function showProduct(id) {
  home.hidden = true; view.hidden = false;
  if (product.id !== id) {
    window.scrollTo(0, 0);
    Object.assign(product, { id, p: known.get(id) || null, society: null, copied: null, copyByHand: false });
    Object.assign(order, FRESH);
  }
  product.error = null;
  const seen = product.p;
  drawProduct();
  api(`/api/public/products/${encodeURIComponent(id)}`).then(p => {
    if (product.id !== id) return;
    remember(p);
    product.p = p;
    if (!seen || ['price_paisa', 'stock', 'active', 'version'].some(k => seen[k] !== p[k])) drawProduct();
    loadSociety(p);
  }, e => {
    if (product.id !== id) return;
    product.error = e;
    drawProduct();
    if (seen) loadSociety(seen);
  });
}

const back = () => html`<p class="crumbs no-print"><a href=${path + qs(listParams())} id="back-link"
 data-nav>← ${bil('পণ্যের তালিকায় ফিরুন', 'Back to the products')}</a></p>`;

function productScreen() {
  const { p, error } = product;
  if (!p) return html`${back()}${error ? errorNote(error, () => showProduct(product.id)) : loadingNote()}`;
  return html`${back()}${productDetail(p)}`;
}

const available = p => p.active !== false && p.stock > 0;

function productDetail(p) {
  const photos = (p.photos || []).map(webUrl).filter(Boolean);
  return html`<article class="product-detail" data-testid="product-detail" data-id=${p.id}>
<h1>${p.name_bn}${enName(p.name_en)}</h1>
<div id="product-error">${product.error ? errorNote(product.error) : nothing}</div>
${photos.length ? html`<div class="photos">${photos.map((u, i) => html`<img src=${u}
 alt=${`${p.name_bn} ${i + 1}`} width="320" height="240" decoding="async" loading=${i ? 'lazy' : nothing}>`)}
</div>` : nothing}
<p class="price big" data-testid="detail-price">${price(p.price_paisa, p.unit)}</p>
<p class="stock" data-testid="detail-stock">${available(p)
    ? html`${bil('মজুদ আছে', 'In stock')}: ${qtyText(p.stock, p.unit)}`
    : html`<span class="out">${bil('এই পণ্য এখন পাওয়া যাচ্ছে না', 'Not available now')}</span>`}</p>
<section class="order-box" aria-labelledby="order-title">
<h2 id="order-title">${bil('অর্ডার করুন', 'Order')}</h2>
${available(p) ? orderForm(p) : html`<p class="msg info" data-testid="not-available">${
    bil('এই পণ্য এখন অর্ডার করা যাবে না।', 'This product cannot be ordered now.')}</p>`}
</section>
<div class="card"><dl class="facts">
${fact(['ধরন', 'Category'], named(CATEGORIES, p.category))}
${fact(['ব্র্যান্ড', 'Brand'], p.brand)}
${fact(['উৎপাদনের তারিখ', 'Produced on'], p.production_date
    ? bil(date(p.production_date), dateEn(p.production_date)) : '')}
${fact(['বিবরণ', 'Description'], p.description_bn)}
</dl></div>
<h2>${bil('উৎপাদনকারী সমিতি', 'Producer society')}</h2>
<div class="card" id="society-box" data-testid="society-box">${societyFacts(p, product.society)}</div>
${shareBox(p)}
</article>`;
}

function societyFacts(p, s) {
  const fb = webUrl((s && s.facebook_url) || p.facebook_url), m = messenger(fb);
  const up = s && s.area ? s.area.slice().reverse().map(a => a.name_bn).join(', ') : '';
  return html`<dl class="facts">
${fact(['সমিতি', 'Society'], html`${p.society_name_bn}${p.society_name_en
    ? html`<br><small lang="en">${p.society_name_en}</small>` : nothing}`)}
${fact(['নিবন্ধন নম্বর', 'Registration no.'], p.registration_no || (s && s.registration_no))}
${fact(['এলাকা', 'Area'], p.area_name_bn || up)}
${fact(['ঠিকানা', 'Address'], p.society_address || (s && s.address))}
</dl>${fb ? html`<p class="actions"><a class="btn secondary" id="society-facebook" href=${fb}
 target="_blank" rel="noopener">${bil('সমিতির ফেসবুক পেজ', "Society's Facebook page")}</a>${m ? html`
<a class="btn secondary" id="society-messenger" href=${m} target="_blank" rel="noopener">${
  bil('মেসেঞ্জারে যোগাযোগ', 'Message on Messenger')}</a>` : nothing}</p>` : nothing}`;
}

// The product names its society; the area's name (and anything missing) comes with the public society.
async function loadSociety(p) {
  if (!p.society_id || (p.area_name_bn && p.society_address)) return;
  let s;
  try { s = await api(`/api/public/societies/${encodeURIComponent(p.society_id)}`); } catch (_) { return; }
  if (product.id !== p.id) return;
  product.society = s;
  drawProduct();
}

// ---- sharing
function shareBox(p) {
  const url = staticUrl(p.id);
  const text = `${p.name_bn} — ${priceBn(p.price_paisa)} / ${label(UNITS, p.unit)[0]}\n${url}`;
  const nativeShare = () => navigator.share({ title: p.name_bn, text, url }).catch(() => {});
  return html`<section class="share no-print" aria-labelledby="share-title">
<h2 id="share-title">${bil('শেয়ার করুন', 'Share')}</h2>
<div class="actions">
<a class="btn secondary" id="share-facebook" target="_blank" rel="noopener"
 href=${`https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(url)}`}>${
  bil('ফেসবুক', 'Facebook')}</a>
<a class="btn secondary" id="share-whatsapp" target="_blank" rel="noopener"
 href=${`https://wa.me/?text=${encodeURIComponent(text)}`}>${bil('হোয়াটসঅ্যাপ', 'WhatsApp')}</a>
<button type="button" class="secondary" id="copy-link" @click=${() => copyLink(url)}>${
  bil('লিংক কপি', 'Copy link')}</button>
<button type="button" class="secondary" id="native-share" ?hidden=${!navigator.share}
 @click=${nativeShare}>${bil('অন্যভাবে পাঠান', 'Share…')}</button>
</div>
<input id="share-url" readonly aria-label="লিংক · Link" .value=${url} ?hidden=${!product.copyByHand}>
<p id="copy-status" class="hint" role="status">${product.copied ? bil(...product.copied) : nothing}</p>
</section>`;
}

async function copyLink(url) {
  try {
    await navigator.clipboard.writeText(url);
    product.copied = ['লিংক কপি হয়েছে', 'Link copied'];
    drawProduct();
  } catch (_) { // no clipboard (http page, old browser): the link to copy by hand
    Object.assign(product, { copyByHand: true, copied: ['লিংকটি কপি করুন', 'Copy the link'] });
    drawProduct();
    const input = $('#share-url');
    input.focus(); input.select();
  }
}

// ---- the order form
const maxQty = p => Math.min(p.stock, 1000);
const count = () => {
  const t = ascii(order.quantity).trim();
  return /^\d{1,4}$/.test(t) ? Number(t) : NaN;
};
// What is typed is kept in `order`, so a form drawn again shows it.
const keep = name => e => { order[name] = e.currentTarget.value; drawProduct(); };

function orderForm(p) {
  const [ub, ue] = label(UNITS, p.unit), n = count();
  return html`<form id="order-form" class="card" novalidate data-testid="order-form"
 @submit=${e => placeOrder(e, p)}>
<div id="order-error" role="alert" tabindex="-1" hidden></div>
${order.placed && order.failed ? trackLine(order.placed) : nothing}
${fieldBox('order-quantity', [`পরিমাণ (${ub})`, `Quantity (${ue})`], html`<input id="order-quantity"
 name="quantity" type="text" inputmode="numeric" autocomplete="off" .value=${order.quantity}
 aria-describedby="order-quantity-hint" @input=${keep('quantity')}>`,
    bil(`১ থেকে ${num(maxQty(p))} ${ub}`, `1 to ${maxQty(p)} ${ue}`))}
<p class="total" id="order-total" aria-live="polite">${n >= 1 && n <= maxQty(p) ? html`${
  bil('মোট', 'Total')}: <b data-testid="order-total">${price(p.price_paisa * n)}</b>` : nothing}</p>
${fieldBox('buyer-name', ['আপনার নাম', 'Your name'], html`<input id="buyer-name" name="buyer_name"
 autocomplete="name" .value=${order.name} @input=${keep('name')}>`)}
${fieldBox('buyer-phone', ['মোবাইল নম্বর', 'Mobile number'], html`<input id="buyer-phone" name="buyer_phone"
 type="tel" inputmode="tel" autocomplete="tel" .value=${order.phone} aria-describedby="buyer-phone-hint"
 @input=${keep('phone')}>`,
    bil('যেমন ০১৭১২৩৪৫৬৭৮ · অর্ডার দেখতে এই নম্বর লাগবে', 'e.g. 01712345678 · needed to track the order'))}
${fieldBox('delivery-address', ['পণ্য পৌঁছানোর ঠিকানা', 'Delivery address'], html`<textarea
 id="delivery-address" name="delivery_address" rows="3" autocomplete="street-address" .value=${order.address}
 @input=${keep('address')}></textarea>`)}
<label class="check"><input type="checkbox" id="sms-opt-in" name="sms_opt_in" .checked=${order.sms}
 @change=${e => { order.sms = e.currentTarget.checked; }}> ${
  bil('পরিশোধের পর নতুন পণ্য ও দামের খবর এসএমএসে পেতে চাই',
    'Once I have paid, send me SMS about new products and prices')}</label>
<div class="actions"><button type="submit" id="order-submit" data-testid="order-submit" ?disabled=${
  order.busy}>${order.again ? bil('আবার বিকাশে পরিশোধ করুন', 'Try bKash again')
  : bil('অর্ডার দিন ও বিকাশে পরিশোধ করুন', 'Order and pay with bKash')}</button></div>
<p id="order-progress" class="hint" role="status" data-testid="order-progress">${order.progress}</p>
</form>`;
}

const ORDER_FIELDS = { quantity: 'order-quantity', buyer_name: 'buyer-name', buyer_phone: 'buyer-phone',
  delivery_address: 'delivery-address' };
const codeField = code => (/stock|quantity/.test(code || '') ? 'order-quantity'
  : /phone/.test(code || '') ? 'buyer-phone' : null);

// The fields' problems, as the API would name them.
function orderProblems(p, n, phone, name, address) {
  const bad = [];
  if (!(n >= 1 && n <= maxQty(p))) {
    bad.push({ field: 'quantity', message: `Order 1 to ${maxQty(p)}.`,
      message_bn: `১ থেকে ${num(maxQty(p))} এর মধ্যে পরিমাণ দিন।` });
  }
  if (name.length < 2) {
    bad.push({ field: 'buyer_name', message: 'Write your name.', message_bn: 'আপনার নাম লিখুন।' });
  }
  if (!phone) bad.push({ field: 'buyer_phone', ...PHONE_ERROR });
  if (address.length < 5) {
    bad.push({ field: 'delivery_address', message: 'Write the delivery address.',
      message_bn: 'পণ্য পৌঁছানোর ঠিকানা লিখুন।' });
  }
  return bad;
}

const progress = (...lines) => { order.progress = lines; drawProduct(); };

async function placeOrder(ev, p) {
  ev.preventDefault();
  const form = ev.currentTarget, box = $('#order-error');
  clearErrors(form, box);
  const n = count(), phone = mobile(order.phone);
  const name = order.name.trim(), address = order.address.trim();
  const bad = orderProblems(p, n, phone, name, address);
  if (bad.length) {
    showErrors(form, box, { message: 'Some fields need a look.', message_bn: 'কিছু তথ্য ঠিক করুন।',
      details: bad }, ORDER_FIELDS);
    return;
  }
  Object.assign(order, { busy: true, failed: false });
  let placed = order.placed;
  try {
    if (!placed || placed.phone !== phone || placed.n !== n) {
      progress(bil('অর্ডার তৈরি হচ্ছে…', 'Placing the order…'));
      const o = await api('/api/public/orders', { method: 'POST', body: {
        product_id: p.id, quantity: n, buyer_name: name, buyer_phone: phone, delivery_address: address,
        sms_opt_in: order.sms } });
      placed = { ...o, phone, n };
      if (product.id === p.id) order.placed = placed;
      rememberPhone(o.invoice_no, phone);
      try { sessionStorage.setItem(buyerKey, JSON.stringify({ name, phone, address })); } catch (_) {
        /* private mode: nothing remembered */
      }
    }
    const inv = placed.invoice_no;
    progress(bil(`ইনভয়েস নম্বর ${inv}`, `Invoice ${inv}`), html`<br>`,
      bil('বিকাশের পাতায় নিয়ে যাওয়া হচ্ছে…', 'Taking you to bKash…'));
    await payWithBkash(inv, phone);
  } catch (e) {
    Object.assign(order, { busy: false, failed: true, again: Boolean(order.placed) });
    progress();
    showErrors(form, box, e, ORDER_FIELDS, codeField);
  }
}

// After a payment that did not start, the order placed: see it on its page (pay from there later).
const trackLine = ({ invoice_no: inv }) => html`<p><a href=${`order.html?invoice=${encodeURIComponent(inv)}`}
 id="order-track">${bil(`অর্ডার ${inv} দেখুন`, `See order ${inv}`)}</a></p>`;

// ---- the page -----------------------------------------------------------------------------
const pick = home && view ? picker([$('#division'), $('#district'), $('#upazila')],
  area => go({ area, category: cur.category, q: cur.q })) : null;

function start() {
  render(options(CATEGORIES, '', 'সব ধরন · All'), $('#category'));
  // Clicks on a product open it here (the link also works on its own, in a new tab).
  document.addEventListener('click', ev => {
    const a = ev.target.closest && ev.target.closest('a[data-product], a[data-nav]');
    if (!a || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
    ev.preventDefault();
    if (a.dataset.product) { go({ product: a.dataset.product }); return; }
    history.pushState(null, '', a.href);
    route();
  });
  window.addEventListener('popstate', route);
  $('#filters').onsubmit = e => {
    e.preventDefault();
    go({ area: cur.area, category: $('#category').value, q: $('#q').value.trim() });
  };
  $('#category').onchange = () => $('#filters').requestSubmit();
  route();
}

if (home && view) start();
