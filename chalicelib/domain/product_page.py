"""The static page of one product (`/p/{id}.html`) and the sitemap, for crawlers and link previews.

A shared link on Facebook or WhatsApp is read by a crawler that runs no JavaScript, so the
page carries its facts and its Open Graph / Twitter card tags in plain HTML. People who open
it read the same facts and follow "কিনুন / Buy" to the marketplace page, which takes the order.

Pure functions: no I/O. Every value from the product is escaped (`html.escape`); URLs are
also percent-encoded, and only http(s) photo and Facebook addresses are linked. The page
names the society, never a person's phone number.
"""
import json
from datetime import date
from html import escape
from urllib.parse import quote, urlsplit

from .bangla import bn_date, bn_digits
from .geography import lineage
from .market import CATEGORIES, UNITS
from .money import amount_string, lakh_grouping
from .facebook import FACEBOOK_URL, messenger_url

SITEMAP_LIMIT = 50_000  # URLs one sitemap file may hold (sitemaps.org)
_DESCRIPTION_CHARS = 200


def _split(paisa: int) -> tuple[str, str]:
    whole, frac = divmod(int(paisa), 100)
    return lakh_grouping(whole), f"{frac:02d}"


def price_bn(paisa: int) -> str:
    """12345650 paisa -> '৳১,২৩,৪৫৬.৫০': a price tag (money.taka_bn is the ledger form, '… টাকা')."""
    whole, frac = _split(paisa)
    return "৳" + bn_digits(whole if frac == "00" else f"{whole}.{frac}")


def price_en(paisa: int) -> str:
    """12345650 paisa -> 'Tk 1,23,456.50'."""
    whole, frac = _split(paisa)
    return f"Tk {whole if frac == '00' else f'{whole}.{frac}'}"


def _http_url(value) -> str | None:
    """The address when it is an absolute http(s) URL (never javascript:, data: …), else None."""
    text = str(value or "").strip()
    parts = urlsplit(text)
    if parts.scheme in ("http", "https") and parts.netloc and not any(c.isspace() for c in text):
        return text
    return None


def area_name_bn(code) -> str:
    """'404419' -> 'ঝিনাইদহ সদর, ঝিনাইদহ, খুলনা' (upazila first); '' for an unknown code."""
    try:
        return ", ".join(a["name_bn"] for a in reversed(lineage(str(code or ""))))
    except (KeyError, TypeError, ValueError):
        return ""


def _day(value) -> str:
    if not value:
        return ""
    try:
        return bn_date(date.fromisoformat(str(value)[:10]))
    except ValueError:
        return str(value)


def _clip(text: str, limit: int = _DESCRIPTION_CHARS) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def product_url(product_id, site_url: str) -> str:
    return f"{site_url.rstrip('/')}/p/{quote(str(product_id), safe='')}.html"


def _json_ld(data: dict) -> str:
    """JSON for a <script type="application/ld+json">: no '<', '>' or '&' that could end the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_product_page(product: dict, site_url: str, api_url: str) -> str:
    """A complete, small HTML page of one product: facts, meta tags, share and buy links."""
    e = escape  # quote=True: safe in text and in attribute values
    site = site_url.rstrip("/")
    pid = str(product.get("id") or "")
    url = product_url(pid, site)
    buy = f"{site}/market.html?product={quote(pid, safe='')}"
    name_bn = str(product.get("name_bn") or "")
    name_en = str(product.get("name_en") or "")
    unit_bn, unit_en = UNITS.get(product.get("unit"), (str(product.get("unit") or ""),) * 2)
    cat_bn, cat_en = CATEGORIES.get(product.get("category"), ("", ""))
    price = product.get("price_paisa")
    price_tag_bn = f"{price_bn(price)} / {unit_bn}" if price is not None else ""
    price_tag_en = f"{price_en(price)} / {unit_en}" if price is not None else ""
    society_bn = str(product.get("society_name_bn") or "")
    society_en = str(product.get("society_name_en") or "")
    area_bn = str(product.get("area_name_bn") or "") or area_name_bn(product.get("upazila_code"))
    available = product.get("active", True) is not False and int(product.get("stock") or 0) > 0
    photos = [u for u in (_http_url(p) for p in product.get("photos") or []) if u]
    image = photos[0] if photos else None
    facebook = product.get("facebook_url")
    facebook = facebook if facebook and FACEBOOK_URL.match(str(facebook)) else None
    messenger = messenger_url(facebook)

    title = f"{name_bn} · {name_en}" if name_en else name_bn
    title = f"{title} — {price_tag_bn}" if price_tag_bn else title
    summary = " · ".join(x for x in (price_tag_bn, society_bn, area_bn) if x)
    details = " ".join(str(product.get("description_bn") or "").split())
    description = _clip(f"{summary}। {details}" if summary and details else summary or details)
    share_text = f"{name_bn} — {price_tag_bn}\n{url}" if price_tag_bn else f"{name_bn}\n{url}"
    facebook_share = f"https://www.facebook.com/sharer/sharer.php?u={quote(url, safe='')}"
    whatsapp_share = f"https://wa.me/?text={quote(share_text, safe='')}"

    def fact(bn_label: str, en_label: str, value: str) -> str:
        return f"<dt>{e(bn_label)} <small lang=\"en\">{e(en_label)}</small></dt><dd>{value}</dd>" if value else ""

    facts = "".join([
        fact("দাম", "Price",
             f"<b>{e(price_tag_bn)}</b> <small lang=\"en\">{e(price_tag_en)}</small>" if price_tag_bn else ""),
        fact("ধরন", "Category", f"{e(cat_bn)} <small lang=\"en\">{e(cat_en)}</small>" if cat_bn else ""),
        fact("ব্র্যান্ড", "Brand", e(str(product.get("brand") or ""))),
        fact("উৎপাদনের তারিখ", "Produced on", e(_day(product.get("production_date")))),
        fact("উৎপাদনকারী সমিতি", "Producer society",
             f"{e(society_bn)}<br><small lang=\"en\">{e(society_en)}</small>" if society_bn else ""),
        fact("নিবন্ধন নম্বর", "Registration no.", e(str(product.get("registration_no") or ""))),
        fact("এলাকা", "Area", e(area_bn)),
        fact("সমিতির ঠিকানা", "Society's address", e(str(product.get("society_address") or ""))),
    ])
    structured = {
        "@context": "https://schema.org", "@type": "Product", "name": name_bn,
        "alternateName": name_en or None, "url": url, "image": photos or None, "category": cat_en or None,
        "description": _clip(product.get("description_bn") or summary) or None,
        "brand": {"@type": "Brand", "name": product["brand"]} if product.get("brand") else None,
        "manufacturer": {"@type": "Organization", "name": society_bn} if society_bn else None,
        "offers": {"@type": "Offer", "priceCurrency": "BDT", "price": amount_string(int(price)), "url": buy,
                   "availability": "https://schema.org/" + ("InStock" if available else "OutOfStock")}
        if price is not None else None,
    }
    structured = {k: v for k, v in structured.items() if v is not None}
    meta = [
        ("name", "description", description),
        ("property", "og:type", "product"), ("property", "og:site_name", "সমবায় পণ্য বিক্রয় কেন্দ্র"),
        ("property", "og:locale", "bn_BD"), ("property", "og:locale:alternate", "en_US"),
        ("property", "og:title", title), ("property", "og:description", description),
        ("property", "og:url", url),
        *([("property", "og:image", image), ("property", "og:image:alt", name_bn)] if image else []),
        *([("property", "product:price:amount", amount_string(int(price))),
           ("property", "product:price:currency", "BDT")] if price is not None else []),
        ("name", "twitter:card", "summary_large_image" if image else "summary"),
        ("name", "twitter:title", title), ("name", "twitter:description", description),
        *([("name", "twitter:image", image)] if image else []),
    ]
    if not available:
        meta.append(("name", "robots", "noindex"))
    meta_html = "\n".join(f'<meta {k}="{e(n)}" content="{e(v)}">' for k, n, v in meta)
    api = api_url.rstrip("/")
    api_link = (f'<link rel="alternate" type="application/json" '
                f'href="{e(api)}/api/public/products/{e(quote(pid, safe=""))}">') if api else ""
    photo_html = (f'<img src="{e(image)}" alt="{e(name_bn)}" width="360" height="270" '
                  f'style="max-width:100%;height:auto">') if image else ""
    social = ""
    if facebook:
        social = (f'<p><a href="{e(facebook)}" rel="noopener">সমিতির ফেসবুক পেজ '
                  f'<small lang="en">Society\'s Facebook page</small></a>'
                  + (f' · <a href="{e(messenger)}" rel="noopener">মেসেঞ্জারে যোগাযোগ '
                     f'<small lang="en">Message on Messenger</small></a>' if messenger else "")
                  + "</p>")
    stock_note = "" if available else (
        '<p class="out">এই পণ্য এখন পাওয়া যাচ্ছে না <small lang="en">Not available now</small></p>')
    return f"""<!doctype html>
<html lang="bn" prefix="og: https://ogp.me/ns# product: https://ogp.me/ns/product#">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} · সমবায় পণ্য বিক্রয় কেন্দ্র</title>
<link rel="canonical" href="{e(url)}">
{api_link}
{meta_html}
<script type="application/ld+json">{_json_ld(structured)}</script>
<style>
*{{box-sizing:border-box}}
body{{margin:0 auto;max-width:40rem;padding:.75rem;font:17px/1.6 "Noto Sans Bengali",Kalpurush,SolaimanLipi,
"Nirmala UI",Vrinda,system-ui,sans-serif;color:#1b1f23;background:#f5f6f3;overflow-wrap:anywhere}}
small{{color:#55606b;font-size:.8em}} h1 small{{display:block}} a{{color:#0a4fa3}}
dt{{font-weight:600;color:#55606b;font-size:.88rem;margin-top:.5rem}} dd{{margin:0}}
.buy{{display:inline-block;margin:.75rem 0;padding:.6rem 1.4rem;border-radius:6px;background:#0b5d3b;
color:#fff;font-weight:bold;text-decoration:none}} .buy small{{color:#fff}}
.share a{{margin-right:.75rem}} .share input{{width:100%;font:inherit;font-size:.85rem;padding:.35rem}}
.out{{color:#a8201a;font-weight:bold}}
</style>
</head>
<body>
<p><a href="{e(site)}/market.html">সমবায় পণ্য বিক্রয় কেন্দ্র <small lang="en">Cooperative Product Sales Centre</small></a></p>
<main>
<h1>{e(name_bn)}<small lang="en">{e(name_en)}</small></h1>
{photo_html}
{stock_note}
<dl>{facts}</dl>
{f"<p>{e(str(product.get('description_bn')))}</p>" if product.get("description_bn") else ""}
<p><a class="buy" href="{e(buy)}">কিনুন <small lang="en">Buy</small></a></p>
{social}
<section class="share">
<h2>শেয়ার করুন <small lang="en">Share</small></h2>
<p><a href="{e(facebook_share)}" rel="noopener">ফেসবুকে শেয়ার <small lang="en">Facebook</small></a>
<a href="{e(whatsapp_share)}" rel="noopener">হোয়াটসঅ্যাপে পাঠান <small lang="en">WhatsApp</small></a></p>
<label>লিংক কপি করুন <small lang="en">Copy link</small>
<input readonly value="{e(url)}" onfocus="this.select()"></label>
<button type="button" data-url="{e(url)}"
 onclick="navigator.clipboard&amp;&amp;navigator.clipboard.writeText(this.dataset.url)">কপি <small lang="en">Copy</small></button>
</section>
</main>
<footer><p><small>সমবায় অধিদপ্তর, গণপ্রজাতন্ত্রী বাংলাদেশ সরকার · Department of Cooperatives, Government of Bangladesh</small></p></footer>
</body>
</html>
"""


def render_sitemap(product_ids, site_url: str) -> str:
    """sitemap.xml: the marketplace page and each product's static page (ids in the order given, once)."""
    ids = list(dict.fromkeys(str(i) for i in product_ids if str(i or "")))
    if len(ids) + 1 > SITEMAP_LIMIT:
        raise ValueError(f"a sitemap holds at most {SITEMAP_LIMIT} URLs; split the ids")
    site = site_url.rstrip("/")
    urls = [f"{site}/market.html"] + [product_url(i, site) for i in ids]
    body = "\n".join(f"<url><loc>{escape(u)}</loc></url>" for u in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}\n</urlset>\n')
