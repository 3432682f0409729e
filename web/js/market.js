// সমবায় পণ্য বিক্রয় কেন্দ্র (market.html): featured products, browse by area and category, search,
// one product (market.html?product=<id>) with its share links and the order form: order → bKash.
// The first part is shared with the order page and the officers' market screens: prices,
// categories, statuses, phone numbers, form errors. No framework, no build.
import {
  $, api, ascii, bi, bn, clearErrors, date, dateEn, errorBox, esc, loading, num, picker, qs, showErrors,
  whenEn,
} from './common.js';

// ---- shared -------------------------------------------------------------------------------
export const CATEGORIES = {
  food: ['খাদ্যপণ্য', 'Food'], dairy: ['দুগ্ধজাত', 'Dairy'], fish: ['মাছ', 'Fish'],
  agriculture: ['কৃষিপণ্য', 'Agricultural produce'], handicraft: ['হস্তশিল্প', 'Handicraft'],
  textile: ['বস্ত্র ও তাঁত', 'Textiles'], other: ['অন্যান্য', 'Other'],
};
export const UNITS = {
  kg: ['কেজি', 'kg'], litre: ['লিটার', 'litre'], piece: ['পিস', 'piece'], dozen: ['ডজন', 'dozen'],
  packet: ['প্যাকেট', 'packet'], metre: ['মিটার', 'metre'],
};
export const ORDER_STATUS = {
  awaiting_payment: ['পেমেন্টের অপেক্ষায়', 'Awaiting payment'], paid: ['টাকা পরিশোধিত', 'Paid'],
  confirmed: ['সমিতি নিশ্চিত করেছে', 'Confirmed'], dispatched: ['পাঠানো হয়েছে', 'Dispatched'],
  delivered: ['পৌঁছে গেছে', 'Delivered'], cancelled: ['বাতিল', 'Cancelled'],
  expired: ['সময় পেরিয়ে বাতিল', 'Expired'],
};
export const PAYMENT_STATUS = {
  none: ['এখনও পরিশোধ হয়নি', 'Not paid yet'], pending: ['প্রক্রিয়াধীন', 'Processing'],
  completed: ['পরিশোধিত', 'Paid'], failed: ['ব্যর্থ', 'Failed'], cancelled: ['বাতিল', 'Cancelled'],
  refunded: ['টাকা ফেরত দেওয়া হয়েছে', 'Refunded'], needs_review: ['যাচাই চলছে', 'Under review'],
  expired: ['সময় শেষ', 'Expired'], created: ['শুরু হয়েছে', 'Started'],
};
export const label = (table, key) => table[key] || [key || '—', key || '—'];
export const labelled = (table, key) => bi(...label(table, key));

// Paisa as a price tag: ৳১,২৩,৪৫৬.৫০ / Tk 1,23,456.50 (lakh grouping; paise only when there are any).
const split = p => { const n = Math.abs(Math.round(Number(p) || 0)); return [Math.floor(n / 100), n % 100]; };
const paise = f => (f ? `.${String(f).padStart(2, '0')}` : '');
export const priceBn = p => { const [w, f] = split(p); return `৳${num(w)}${bn(paise(f))}`; };
export const priceEn = p => { const [w, f] = split(p); return `Tk ${w.toLocaleString('en-IN')}${paise(f)}`; };
export function price(p, unit) {
  const u = unit ? label(UNITS, unit) : null;
  return bi(u ? `${priceBn(p)} / ${u[0]}` : priceBn(p), u ? `${priceEn(p)} / ${u[1]}` : priceEn(p));
}
export const qty = (n, unit) => bi(`${num(n)} ${label(UNITS, unit)[0]}`, `${n} ${label(UNITS, unit)[1]}`);

// A Bangladeshi mobile number as people type it (Bengali digits, +88, dashes) → 01XXXXXXXXX, or null.
export function mobile(raw) {
  const t = ascii(raw).replace(/[\s\-().]/g, '').replace(/^(?:\+?88|0088)(?=01)/, '');
  return /^01[3-9]\d{8}$/.test(t) ? t : null;
}
export const PHONE_ERROR = { message: 'Give a Bangladeshi mobile number (01XXXXXXXXX).',
  message_bn: 'সঠিক মোবাইল নম্বর দিন (০১XXXXXXXXX)।' };

// Only web addresses are linked (never javascript: or data:).
export const webUrl = u => (/^https?:\/\/[^\s<>"']+$/i.test(String(u || '')) ? String(u) : '');
// A Facebook page's Messenger link: https://facebook.com/name → https://m.me/name.
export function messenger(fb) {
  let u;
  try { u = new URL(webUrl(fb)); } catch (_) { return ''; }
  if (!/^((www|m|web)\.)?(facebook|fb)\.com$/i.test(u.hostname)) return '';
  const p = u.pathname.split('/').filter(Boolean);
  const reserved = ['groups', 'pages', 'people', 'sharer'];
  if (p.length !== 1 || /\.php$/.test(p[0]) || reserved.includes(p[0])) return '';
  return `https://m.me/${encodeURIComponent(p[0])}`;
}

// The buyer's phone for an invoice, kept for this tab only (the order page asks for it otherwise).
const orderKey = inv => `samabay.order.${inv}`;
export function rememberPhone(invoice, phone) {
  try { sessionStorage.setItem(orderKey(invoice), phone); } catch (_) { /* private mode */ }
}
export function rememberedPhone(invoice) {
  try { return sessionStorage.getItem(orderKey(invoice)) || ''; } catch (_) { return ''; }
}

// Start the bKash payment of an order and go to bKash's page.
export async function payWithBkash(invoice, phone) {
  const d = await api(`/api/public/orders/${encodeURIComponent(invoice)}/pay`,
    { method: 'POST', body: { buyer_phone: phone } });
  const url = webUrl(d.bkash_url);
  if (!url) throw Object.assign(new Error('no bKash URL'), { message_bn: 'বিকাশের ঠিকানা পাওয়া যায়নি।' });
  location.href = url;
  return d;
}

export const dhakaTime = at => {
  if (!at || Number.isNaN(Date.parse(at))) return esc(at || '—');
  return bi(bn(whenEn(at)), whenEn(at));
};

// Form errors: a summary box and a line under each field. fields maps the API's names to input ids.
export const field = (id, b, e, input, hint = '') => `<div class="field">
<label for="${id}">${bi(b, e)}</label>${input}${hint ? `<p class="hint" id="${id}-hint">${hint}</p>` : ''}
<p class="field-error" id="${id}-error" data-testid="${id}-error" hidden></p></div>`;

// ---- the page -------------------------------------------------------------------------------
const home = $('#market-home'), view = $('#product-view');
if (home && view) startMarket();

function startMarket() {
  const known = new Map(); // products already loaded, by id: a product's page shows at once
  let cur = { key: null, area: '', category: '', q: '' };
  let seq = 0, cursor = null, viewing = null;
  const path = location.pathname;
  const siteBase = new URL('.', location.href).href;
  const staticUrl = id => `${siteBase}p/${encodeURIComponent(id)}.html`;

  $('#category').insertAdjacentHTML('beforeend', Object.entries(CATEGORIES)
    .map(([k, [b, e]]) => `<option value="${k}">${esc(b)} · ${esc(e)}</option>`).join(''));

  const go = (params, replace = false) => {
    history[replace ? 'replaceState' : 'pushState'](null, '', path + qs(params));
    route();
  };
  const pick = picker([$('#division'), $('#district'), $('#upazila')],
    area => go({ area, category: cur.category, q: cur.q }));
  const listParams = () => ({ area: cur.area, category: cur.category, q: cur.q });

  function route() {
    const p = new URLSearchParams(location.search);
    const id = p.get('product');
    if (id) return showProduct(id);
    viewing = null;
    return showHome(p.get('area') || '', p.get('category') || '', p.get('q') || '');
  }

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

  const thumb = p => webUrl(p.thumb_url) || webUrl((p.photos || [])[0]);
  function card(p, testid = 'product-card') {
    known.set(p.id, p);
    const img = thumb(p), cat = label(CATEGORIES, p.category);
    return `<li class="product" data-testid="${testid}" data-id="${esc(p.id)}">
<a href="?product=${encodeURIComponent(p.id)}" data-product="${esc(p.id)}">${img
    ? `<img src="${esc(img)}" alt="" loading="lazy" decoding="async" width="84" height="84">`
    : `<span class="ph" aria-hidden="true">${esc(cat[0])}</span>`}<span class="body">
<span class="name">${esc(p.name_bn)}</span>${p.name_en ? `<small lang="en">${esc(p.name_en)}</small>` : ''}
<span class="price" data-testid="product-price">${price(p.price_paisa, p.unit)}</span>
<span class="meta">${esc(p.society_name_bn)}${p.area_name_bn ? ` · ${esc(p.area_name_bn)}` : ''}</span>${
  p.stock > 0 ? '' : `<span class="out">${bi('স্টক নেই', 'Out of stock')}</span>`}</span></a></li>`;
  }

  // ---- the catalogue
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
    $('#products').innerHTML = '';
    cursor = null;
    loadPage();
  }

  async function loadFeatured(area) {
    const box = $('#featured');
    try {
      const d = await api(`/api/public/products${qs({ featured: 'true', area_code: area })}`);
      if (area !== cur.area) return;
      const items = d.items.filter(p => p.featured !== false).slice(0, 12);
      box.innerHTML = items.map(p => card(p, 'featured-card')).join('');
      $('#featured-section').hidden = !items.length;
    } catch (_) { $('#featured-section').hidden = true; } // the list below still shows
  }

  async function loadPage() {
    const my = ++seq, more = $('#more'), state = $('#products-state'), list = $('#products');
    more.disabled = true;
    state.innerHTML = loading();
    try {
      const { area, category, q } = cur;
      const d = await api(`/api/public/products${qs({ area_code: area, category, q, cursor })}`);
      if (my !== seq) return;
      list.insertAdjacentHTML('beforeend', d.items.map(p => card(p)).join(''));
      cursor = d.next_cursor || null;
      more.hidden = !cursor;
      state.innerHTML = list.children.length ? '' : `<p class="empty" data-testid="products-empty">${
        cur.q || cur.category
          ? bi('খোঁজের সাথে মেলে এমন কোনো পণ্য নেই', 'No product matches your search')
          : bi('এই এলাকায় এখনও কোনো পণ্য নেই', 'No products in this area yet')}</p>`;
    } catch (e) {
      if (my !== seq) return;
      state.innerHTML = errorBox(e, ` <button type="button" class="secondary retry">${
        bi('আবার চেষ্টা করুন', 'Try again')}</button>`);
      $('.retry', state).onclick = loadPage;
    } finally { more.disabled = false; }
  }
  $('#more').onclick = loadPage;
  $('#filters').onsubmit = e => {
    e.preventDefault();
    go({ area: cur.area, category: $('#category').value, q: $('#q').value.trim() });
  };
  $('#category').onchange = () => $('#filters').requestSubmit();

  // ---- one product
  const back = () => `<p class="crumbs no-print"><a href="${esc(path + qs(listParams()))}" id="back-link"
 data-nav>← ${
    bi('পণ্যের তালিকায় ফিরুন', 'Back to the products')}</a></p>`;

  function showProduct(id) {
    home.hidden = true; view.hidden = false;
    if (viewing !== id) window.scrollTo(0, 0);
    viewing = id;
    const seen = known.get(id);
    if (seen) render(seen); else view.innerHTML = back() + loading();
    api(`/api/public/products/${encodeURIComponent(id)}`).then(p => {
      if (viewing !== id) return;
      known.set(id, p);
      if (!seen || ['price_paisa', 'stock', 'active', 'version'].some(k => seen[k] !== p[k])) render(p);
      loadSociety(p);
    }, e => {
      if (viewing !== id) return;
      if (seen) { $('#product-error').innerHTML = errorBox(e); loadSociety(seen); } else {
        view.innerHTML = back() + errorBox(e);
      }
    });
  }

  // Re-rendering keeps what the buyer has typed.
  function render(p) {
    const kept = {};
    view.querySelectorAll('#order-form [id]').forEach(el => {
      if ('value' in el && el.type !== 'submit') kept[el.id] = el.type === 'checkbox' ? el.checked : el.value;
    });
    view.innerHTML = productHtml(p);
    for (const [id, v] of Object.entries(kept)) {
      const el = document.getElementById(id);
      if (el) { if (el.type === 'checkbox') el.checked = v; else el.value = v; }
    }
    document.title = `${p.name_bn} · সমবায় পণ্য বিক্রয় কেন্দ্র`;
    wireShare(p);
    const form = $('#order-form');
    if (form) wireOrder(p, form);
  }

  const fact = (b, e, v) => (v ? `<dt>${bi(b, e)}</dt><dd>${v}</dd>` : '');
  const available = p => p.active !== false && p.stock > 0;

  function productHtml(p) {
    const photos = (p.photos || []).map(webUrl).filter(Boolean);
    const cat = label(CATEGORIES, p.category);
    return `${back()}<article class="product-detail" data-testid="product-detail" data-id="${esc(p.id)}">
<h1>${esc(p.name_bn)}${p.name_en ? `<small lang="en">${esc(p.name_en)}</small>` : ''}</h1>
<div id="product-error"></div>
${photos.length ? `<div class="photos">${photos.map((u, i) => `<img src="${esc(u)}" alt="${
    esc(`${p.name_bn} ${i + 1}`)}" width="320" height="240" decoding="async"${
    i ? ' loading="lazy"' : ''}>`).join('')}</div>` : ''}
<p class="price big" data-testid="detail-price">${price(p.price_paisa, p.unit)}</p>
<p class="stock" data-testid="detail-stock">${available(p)
    ? `${bi('মজুদ আছে', 'In stock')}: ${qty(p.stock, p.unit)}`
    : `<span class="out">${bi('এই পণ্য এখন পাওয়া যাচ্ছে না', 'Not available now')}</span>`}</p>
<section class="order-box" aria-labelledby="order-title">
<h2 id="order-title">${bi('অর্ডার করুন', 'Order')}</h2>
${available(p) ? orderFormHtml(p) : `<p class="msg info" data-testid="not-available">${
    bi('এই পণ্য এখন অর্ডার করা যাবে না।', 'This product cannot be ordered now.')}</p>`}
</section>
<div class="card"><dl class="facts">
${fact('ধরন', 'Category', bi(cat[0], cat[1]))}
${fact('ব্র্যান্ড', 'Brand', esc(p.brand))}
${fact('উৎপাদনের তারিখ', 'Produced on', p.production_date
    ? bi(date(p.production_date), dateEn(p.production_date)) : '')}
${fact('বিবরণ', 'Description', esc(p.description_bn))}
</dl></div>
<h2>${bi('উৎপাদনকারী সমিতি', 'Producer society')}</h2>
<div class="card" id="society-box" data-testid="society-box">${societyHtml(p, null)}</div>
<section class="share no-print" aria-labelledby="share-title">
<h2 id="share-title">${bi('শেয়ার করুন', 'Share')}</h2>
<div class="actions">
<a class="btn secondary" id="share-facebook" target="_blank" rel="noopener">${bi('ফেসবুক', 'Facebook')}</a>
<a class="btn secondary" id="share-whatsapp" target="_blank" rel="noopener">${
  bi('হোয়াটসঅ্যাপ', 'WhatsApp')}</a>
<button type="button" class="secondary" id="copy-link">${bi('লিংক কপি', 'Copy link')}</button>
<button type="button" class="secondary" id="native-share" hidden>${bi('অন্যভাবে পাঠান', 'Share…')}</button>
</div>
<input id="share-url" readonly aria-label="লিংক · Link" hidden>
<p id="copy-status" class="hint" role="status"></p>
</section>
</article>`;
  }

  function societyHtml(p, s) {
    const fb = webUrl((s && s.facebook_url) || p.facebook_url), m = messenger(fb);
    const up = s && s.area ? s.area.slice().reverse().map(a => a.name_bn).join(', ') : '';
    return `<dl class="facts">
${fact('সমিতি', 'Society', `${esc(p.society_name_bn)}${p.society_name_en
    ? `<br><small lang="en">${esc(p.society_name_en)}</small>` : ''}`)}
${fact('নিবন্ধন নম্বর', 'Registration no.', esc(p.registration_no || (s && s.registration_no)))}
${fact('এলাকা', 'Area', esc(p.area_name_bn || up))}
${fact('ঠিকানা', 'Address', esc(p.society_address || (s && s.address)))}
</dl>${fb ? `<p class="actions"><a class="btn secondary" id="society-facebook" href="${esc(fb)}"
 target="_blank" rel="noopener">${bi('সমিতির ফেসবুক পেজ', "Society's Facebook page")}</a>${m ? `
<a class="btn secondary" id="society-messenger" href="${esc(m)}" target="_blank" rel="noopener">${
  bi('মেসেঞ্জারে যোগাযোগ', 'Message on Messenger')}</a>` : ''}</p>` : ''}`;
  }

  // The product names its society; the area's name (and anything missing) comes with the public society.
  async function loadSociety(p) {
    if (!p.society_id || (p.area_name_bn && p.society_address)) return;
    let s;
    try { s = await api(`/api/public/societies/${encodeURIComponent(p.society_id)}`); } catch (_) { return; }
    const box = $('#society-box');
    if (viewing === p.id && box) box.innerHTML = societyHtml(p, s);
  }

  function wireShare(p) {
    const url = staticUrl(p.id);
    const text = `${p.name_bn} — ${priceBn(p.price_paisa)} / ${label(UNITS, p.unit)[0]}\n${url}`;
    $('#share-facebook').href = `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(url)}`;
    $('#share-whatsapp').href = `https://wa.me/?text=${encodeURIComponent(text)}`;
    const input = $('#share-url'), status = $('#copy-status');
    input.value = url;
    $('#copy-link').onclick = async () => {
      try {
        await navigator.clipboard.writeText(url);
        status.innerHTML = bi('লিংক কপি হয়েছে', 'Link copied');
      } catch (_) { // no clipboard (http page, old browser): the link to copy by hand
        input.hidden = false; input.focus(); input.select();
        status.innerHTML = bi('লিংকটি কপি করুন', 'Copy the link');
      }
    };
    if (navigator.share) {
      const b = $('#native-share');
      b.hidden = false;
      b.onclick = () => navigator.share({ title: p.name_bn, text, url }).catch(() => {});
    }
  }

  // ---- the order form
  const buyerKey = 'samabay.buyer';
  const savedBuyer = () => {
    try { return JSON.parse(sessionStorage.getItem(buyerKey)) || {}; } catch (_) { return {}; }
  };
  const maxQty = p => Math.min(p.stock, 1000);

  function orderFormHtml(p) {
    const b = savedBuyer(), u = label(UNITS, p.unit);
    return `<form id="order-form" class="card" novalidate data-testid="order-form">
<div id="order-error" role="alert" tabindex="-1" hidden></div>
${field('order-quantity', `পরিমাণ (${u[0]})`, `Quantity (${u[1]})`, `<input id="order-quantity"
 name="quantity" type="text" inputmode="numeric" autocomplete="off" value="১"
 aria-describedby="order-quantity-hint">`,
    bi(`১ থেকে ${num(maxQty(p))} ${u[0]}`, `1 to ${maxQty(p)} ${u[1]}`))}
<p class="total" id="order-total" aria-live="polite"></p>
${field('buyer-name', 'আপনার নাম', 'Your name', `<input id="buyer-name" name="buyer_name" autocomplete="name"
 value="${esc(b.name || '')}">`)}
${field('buyer-phone', 'মোবাইল নম্বর', 'Mobile number', `<input id="buyer-phone" name="buyer_phone" type="tel"
 inputmode="tel" autocomplete="tel" value="${esc(b.phone || '')}" aria-describedby="buyer-phone-hint">`,
    bi('যেমন ০১৭১২৩৪৫৬৭৮ · অর্ডার দেখতে এই নম্বর লাগবে', 'e.g. 01712345678 · needed to track the order'))}
${field('delivery-address', 'পণ্য পৌঁছানোর ঠিকানা', 'Delivery address', `<textarea id="delivery-address"
 name="delivery_address" rows="3" autocomplete="street-address">${esc(b.address || '')}</textarea>`)}
<label class="check"><input type="checkbox" id="sms-opt-in" name="sms_opt_in"> ${
  bi('পরিশোধের পর নতুন পণ্য ও দামের খবর এসএমএসে পেতে চাই',
    'Once I have paid, send me SMS about new products and prices')}</label>
<div class="actions"><button type="submit" id="order-submit" data-testid="order-submit">${
  bi('অর্ডার দিন ও বিকাশে পরিশোধ করুন', 'Order and pay with bKash')}</button></div>
<p id="order-progress" class="hint" role="status" data-testid="order-progress"></p>
</form>`;
  }

  const ORDER_FIELDS = { quantity: 'order-quantity', buyer_name: 'buyer-name', buyer_phone: 'buyer-phone',
    delivery_address: 'delivery-address' };
  const codeField = code => (/stock|quantity/.test(code || '') ? 'order-quantity'
    : /phone/.test(code || '') ? 'buyer-phone' : null);

  function wireOrder(p, form) {
    const box = $('#order-error'), progress = $('#order-progress'), btn = $('#order-submit');
    const count = () => {
      const t = ascii($('#order-quantity').value).trim();
      return /^\d{1,4}$/.test(t) ? Number(t) : NaN;
    };
    const total = () => {
      const n = count();
      $('#order-total').innerHTML = n >= 1 && n <= maxQty(p)
        ? `${bi('মোট', 'Total')}: <b data-testid="order-total">${price(p.price_paisa * n)}</b>` : '';
    };
    $('#order-quantity').addEventListener('input', total);
    total();
    let placed = null; // an order made whose payment did not start: try the payment again, not the order
    form.onsubmit = async ev => {
      ev.preventDefault();
      clearErrors(form, box);
      const n = count(), phone = mobile($('#buyer-phone').value);
      const name = $('#buyer-name').value.trim(), address = $('#delivery-address').value.trim();
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
      if (bad.length) {
        showErrors(form, box, { message: 'Some fields need a look.', message_bn: 'কিছু তথ্য ঠিক করুন।',
          details: bad }, ORDER_FIELDS);
        return;
      }
      btn.disabled = true;
      try {
        if (!placed || placed.phone !== phone || placed.n !== n) {
          progress.innerHTML = bi('অর্ডার তৈরি হচ্ছে…', 'Placing the order…');
          const o = await api('/api/public/orders', { method: 'POST', body: {
            product_id: p.id, quantity: n, buyer_name: name, buyer_phone: phone, delivery_address: address,
            sms_opt_in: $('#sms-opt-in').checked } });
          placed = { ...o, phone, n };
          rememberPhone(o.invoice_no, phone);
          try { sessionStorage.setItem(buyerKey, JSON.stringify({ name, phone, address })); } catch (_) {
            /* private mode: nothing remembered */
          }
        }
        const inv = placed.invoice_no;
        progress.innerHTML = `${bi(`ইনভয়েস নম্বর ${inv}`, `Invoice ${inv}`)}<br>${
          bi('বিকাশের পাতায় নিয়ে যাওয়া হচ্ছে…', 'Taking you to bKash…')}`;
        await payWithBkash(placed.invoice_no, phone);
      } catch (e) {
        progress.innerHTML = '';
        btn.disabled = false;
        const track = placed ? ` <a href="order.html?invoice=${encodeURIComponent(placed.invoice_no)}"
 id="order-track">${bi(`অর্ডার ${placed.invoice_no} দেখুন`, `See order ${placed.invoice_no}`)}</a>` : '';
        if (placed) btn.innerHTML = bi('আবার বিকাশে পরিশোধ করুন', 'Try bKash again');
        showErrors(form, box, e, ORDER_FIELDS, codeField);
        if (track) box.insertAdjacentHTML('beforeend', `<p>${track}</p>`);
      }
    };
  }

  route();
}
