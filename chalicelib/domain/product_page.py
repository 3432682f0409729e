"""Static pages for crawlers and link previews: products (`p/<id>.html`), societies (`s/<id>.html`),
notices (`n/<id>.html`), office about pages (`o/<code>.html`), and the sitemaps.

A shared link on Facebook or WhatsApp is read by a crawler that runs no JavaScript, so each
page carries its facts and its Open Graph / Twitter card tags in plain HTML. People who open
it read the same facts and follow its one action link to the live page (the marketplace's
order form, the society's page on the public site, …). One renderer (`render_page`) makes
every kind; the `*_page` functions only say what goes in it.

Pure functions: no I/O. Every value is escaped (`html.escape`); URLs are also
percent-encoded, and only http(s) photo and Facebook addresses are linked. The pages name
societies and offices, never a person's phone number (an office's published number only).
"""
import json
from dataclasses import dataclass, field
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
    return page_url("p", product_id, site_url)


def _json_ld(data: dict) -> str:
    """JSON for a <script type="application/ld+json">: no '<', '>' or '&' that could end the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_url(kind: str, item_id, site_url: str) -> str:
    """The static page of an item: kind is 'p' (product), 's' (society), 'n' (notice) or 'o' (office)."""
    return f"{site_url.rstrip('/')}/{kind}/{quote(str(item_id), safe='')}.html"


def _e(value) -> str:
    return escape(str(value or ""))


@dataclass
class Page:
    """What one static page shows; render_page lays it out. Text fields are plain text (escaped
    when rendered); `facts` values and `notes` are HTML their builder has already escaped."""
    url: str
    og_type: str
    site_name: str
    home: tuple[str, str, str]  # (href, Bengali, English): the header link
    heading_bn: str
    heading_en: str
    title: str
    description: str
    action: tuple[str, str, str]  # (href, Bengali, English): where people act on the item
    image: str | None = None
    image_alt: str = ""
    facts: list[tuple[str, str, str]] = field(default_factory=list)
    notes: str = ""
    body: str = ""
    facebook: str | None = None
    facebook_label: tuple[str, str] = ("ফেসবুক পেজ", "Facebook page")
    share_text: str = ""
    structured: dict | None = None
    extra_meta: list[tuple[str, str, str]] = field(default_factory=list)
    alternate: str = ""  # the item's JSON on the API
    noindex: bool = False
    prefix: str = "og: https://ogp.me/ns#"


def render_page(page: Page) -> str:
    """A complete, small HTML page: facts, meta tags, share links and the one action link."""
    e = escape  # quote=True: safe in text and in attribute values
    url, image = page.url, _http_url(page.image)
    facebook = page.facebook if page.facebook and FACEBOOK_URL.match(str(page.facebook)) else None
    messenger = messenger_url(facebook)
    share_text = f"{page.share_text or page.heading_bn}\n{url}"
    facebook_share = f"https://www.facebook.com/sharer/sharer.php?u={quote(url, safe='')}"
    whatsapp_share = f"https://wa.me/?text={quote(share_text, safe='')}"
    meta = [
        ("name", "description", page.description),
        ("property", "og:type", page.og_type), ("property", "og:site_name", page.site_name),
        ("property", "og:locale", "bn_BD"), ("property", "og:locale:alternate", "en_US"),
        ("property", "og:title", page.title), ("property", "og:description", page.description),
        ("property", "og:url", url),
        *([("property", "og:image", image), ("property", "og:image:alt", page.image_alt)] if image else []),
        *page.extra_meta,
        ("name", "twitter:card", "summary_large_image" if image else "summary"),
        ("name", "twitter:title", page.title), ("name", "twitter:description", page.description),
        *([("name", "twitter:image", image)] if image else []),
    ]
    if page.noindex:
        meta.append(("name", "robots", "noindex"))
    meta_html = "\n".join(f'<meta {k}="{e(n)}" content="{e(v)}">' for k, n, v in meta)
    alternate = f'<link rel="alternate" type="application/json" href="{e(page.alternate)}">' if page.alternate else ""
    structured = (f'<script type="application/ld+json">{_json_ld(page.structured)}</script>'
                  if page.structured else "")
    photo = (f'<img src="{e(image)}" alt="{e(page.image_alt)}" width="360" height="270" '
             f'style="max-width:100%;height:auto">') if image else ""
    facts = "".join(f"<dt>{e(b)} <small lang=\"en\">{e(en)}</small></dt><dd>{value}</dd>"
                    for b, en, value in page.facts if value)
    body = "".join(f"<p>{e(p)}</p>" for p in str(page.body or "").split("\n\n") if p.strip())
    social = ""
    if facebook:
        fb_bn, fb_en = page.facebook_label
        social = (f'<p><a href="{e(facebook)}" rel="noopener">{e(fb_bn)} <small lang="en">{e(fb_en)}</small></a>'
                  + (f' · <a href="{e(messenger)}" rel="noopener">মেসেঞ্জারে যোগাযোগ '
                     f'<small lang="en">Message on Messenger</small></a>' if messenger else "")
                  + "</p>")
    home_href, home_bn, home_en = page.home
    act_href, act_bn, act_en = page.action
    return f"""<!doctype html>
<html lang="bn" prefix="{e(page.prefix)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(page.title)} · {e(page.site_name)}</title>
<link rel="canonical" href="{e(url)}">
{alternate}
{meta_html}
{structured}
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
@media print{{.share,.buy{{display:none}}}}
</style>
</head>
<body>
<p><a href="{e(home_href)}">{e(home_bn)} <small lang="en">{e(home_en)}</small></a></p>
<main>
<h1>{e(page.heading_bn)}<small lang="en">{e(page.heading_en)}</small></h1>
{photo}
{page.notes}
<dl>{facts}</dl>
{body}
<p><a class="buy" href="{e(act_href)}">{e(act_bn)} <small lang="en">{e(act_en)}</small></a></p>
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


MARKET_SITE = "সমবায় পণ্য বিক্রয় কেন্দ্র"
PUBLIC_SITE = "সমবায় অধিদপ্তর"


def render_product_page(product: dict, site_url: str, api_url: str) -> str:
    """One product: price, society, area; "কিনুন / Buy" opens the marketplace's order form."""
    e = escape
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

    title = f"{name_bn} · {name_en}" if name_en else name_bn
    title = f"{title} — {price_tag_bn}" if price_tag_bn else title
    summary = " · ".join(x for x in (price_tag_bn, society_bn, area_bn) if x)
    details = " ".join(str(product.get("description_bn") or "").split())
    description = _clip(f"{summary}। {details}" if summary and details else summary or details)
    facts = [
        ("দাম", "Price", f"<b>{e(price_tag_bn)}</b> <small lang=\"en\">{e(price_tag_en)}</small>" if price_tag_bn else ""),
        ("ধরন", "Category", f"{e(cat_bn)} <small lang=\"en\">{e(cat_en)}</small>" if cat_bn else ""),
        ("ব্র্যান্ড", "Brand", _e(product.get("brand"))),
        ("উৎপাদনের তারিখ", "Produced on", e(_day(product.get("production_date")))),
        ("উৎপাদনকারী সমিতি", "Producer society",
         f"{e(society_bn)}<br><small lang=\"en\">{e(society_en)}</small>" if society_bn else ""),
        ("নিবন্ধন নম্বর", "Registration no.", _e(product.get("registration_no"))),
        ("এলাকা", "Area", e(area_bn)),
        ("সমিতির ঠিকানা", "Society's address", _e(product.get("society_address"))),
    ]
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
    api = api_url.rstrip("/")
    return render_page(Page(
        url=url, og_type="product", site_name=MARKET_SITE,
        home=(f"{site}/market.html", MARKET_SITE, "Cooperative Product Sales Centre"),
        heading_bn=name_bn, heading_en=name_en, title=title, description=description,
        action=(buy, "কিনুন", "Buy"), image=image, image_alt=name_bn, facts=facts,
        notes="" if available else
        '<p class="out">এই পণ্য এখন পাওয়া যাচ্ছে না <small lang="en">Not available now</small></p>',
        body=str(product.get("description_bn") or ""), facebook=product.get("facebook_url"),
        facebook_label=("সমিতির ফেসবুক পেজ", "Society's Facebook page"),
        share_text=f"{name_bn} — {price_tag_bn}" if price_tag_bn else name_bn,
        structured={k: v for k, v in structured.items() if v is not None},
        extra_meta=[("property", "product:price:amount", amount_string(int(price))),
                    ("property", "product:price:currency", "BDT")] if price is not None else [],
        alternate=f"{api}/api/public/products/{quote(pid, safe='')}" if api else "",
        noindex=not available, prefix="og: https://ogp.me/ns# product: https://ogp.me/ns/product#"))


KINDS = {"elected": ("নির্বাচিত কমিটি", "Elected committee"), "interim": ("অন্তর্বর্তী কমিটি", "Interim committee"),
         "new_registration": ("নতুন নিবন্ধন", "New registration")}


def _places(area: list[dict]) -> tuple[str, str]:
    return (", ".join(a["name_bn"] for a in reversed(area or [])), ", ".join(a["name_en"] for a in reversed(area or [])))


def render_society_page(society: dict, site_url: str, api_url: str) -> str:
    """One society (its public view): registration, area, committee term; a dissolved one says so."""
    e = escape
    site = site_url.rstrip("/")
    sid = str(society.get("id") or "")
    name_bn, name_en = str(society.get("name_bn") or ""), str(society.get("name_en") or "")
    area = society.get("area") or lineage(str(society.get("upazila_code") or ""))
    place_bn, place_en = _places(area)
    kind_bn, kind_en = KINDS.get(society.get("committee_kind"), ("", ""))
    dissolved = society.get("dissolved_on")
    summary = " · ".join(x for x in (f"নিবন্ধন নং {society.get('registration_no')}", place_bn) if x)
    if dissolved:
        summary = f"বিলুপ্ত ({_day(dissolved)}) · {summary}"
    facts = [
        ("নিবন্ধন নম্বর", "Registration no.", _e(society.get("registration_no"))),
        ("নিবন্ধনের তারিখ", "Registered on", e(_day(society.get("registered_on")))),
        ("ঠিকানা", "Address", _e(society.get("address"))),
        ("এলাকা", "Area", f"{e(place_bn)} <small lang=\"en\">{e(place_en)}</small>" if place_bn else ""),
        ("কমিটির ধরন", "Committee", f"{e(kind_bn)} <small lang=\"en\">{e(kind_en)}</small>" if kind_bn else ""),
        ("কমিটির মেয়াদ শেষ", "Term ends", "" if dissolved else e(_day(society.get("term_ends_on")))),
        ("সর্বশেষ বার্ষিক সাধারণ সভা", "Last AGM", e(_day(society.get("last_agm_on")))),
    ]
    notes = (f'<p class="out">এই সমিতি {e(_day(dissolved))} তারিখে বিলুপ্ত হয়েছে '
             f'<small lang="en">This society was dissolved on {e(str(dissolved))}</small></p>') if dissolved else ""
    api = api_url.rstrip("/")
    structured = {"@context": "https://schema.org", "@type": "Organization", "name": name_bn,
                  "alternateName": name_en or None, "url": page_url("s", sid, site),
                  "address": society.get("address") or None, "sameAs": society.get("facebook_url") or None}
    return render_page(Page(
        url=page_url("s", sid, site), og_type="website", site_name=PUBLIC_SITE,
        home=(f"{site}/index.html", "সমবায় সমিতির তালিকা", "Cooperative societies"),
        heading_bn=name_bn, heading_en=name_en, title=f"{name_bn} · {name_en}" if name_en else name_bn,
        description=_clip(summary), action=(f"{site}/index.html#/society/{quote(sid, safe='')}",
                                            "সমিতির পাতা দেখুন", "Open the society's page"),
        facts=facts, notes=notes, facebook=None if dissolved else society.get("facebook_url"),
        facebook_label=("সমিতির ফেসবুক পেজ", "Society's Facebook page"), share_text=name_bn,
        structured={k: v for k, v in structured.items() if v is not None},
        alternate=f"{api}/api/public/societies/{quote(sid, safe='')}" if api else "", noindex=bool(dissolved)))


def render_notice_page(notice: dict, office: dict, site_url: str, api_url: str) -> str:
    """One notice (its public view) and the office that published it."""
    e = escape
    site = site_url.rstrip("/")
    nid = str(notice.get("id") or "")
    title_bn, title_en = str(notice.get("title_bn") or ""), str(notice.get("title_en") or "")
    office_bn, office_en = str(office.get("name_bn") or ""), str(office.get("name_en") or "")
    body = str(notice.get("body_bn") or "")
    day = _day(notice.get("date") or notice.get("publish_at"))
    description = _clip(" · ".join(x for x in (day, office_bn, " ".join(body.split())) if x))
    facts = [("তারিখ", "Date", e(day)),
             ("অফিস", "Office", f"{e(office_bn)} <small lang=\"en\">{e(office_en)}</small>" if office_bn else "")]
    english = str(notice.get("body_en") or "")
    api = api_url.rstrip("/")
    structured = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title_bn,
                  "datePublished": notice.get("publish_at"), "url": page_url("n", nid, site),
                  "publisher": {"@type": "GovernmentOrganization", "name": office_bn or PUBLIC_SITE}}
    return render_page(Page(
        url=page_url("n", nid, site), og_type="article", site_name=PUBLIC_SITE,
        home=(f"{site}/index.html", "সমবায় অধিদপ্তর: নোটিশ", "Department of Cooperatives: notices"),
        heading_bn=title_bn, heading_en=title_en, title=f"{title_bn} · {title_en}" if title_en else title_bn,
        description=description, action=(f"{site}/index.html#/notice/{quote(nid, safe='')}",
                                         "নোটিশটি সাইটে দেখুন", "Open the notice on the site"),
        facts=facts, body=body + (f"\n\n{english}" if english else ""), share_text=title_bn,
        structured={k: v for k, v in structured.items() if v is not None},
        extra_meta=[("property", "article:published_time", str(notice.get("publish_at") or ""))],
        alternate=f"{api}/api/public/notices/{quote(nid, safe='')}" if api else "",
        prefix="og: https://ogp.me/ns# article: https://ogp.me/ns/article#"))


def render_office_page(about: dict, site_url: str, api_url: str) -> str:
    """An office's about page (its public view): address, official contact, hours, officers."""
    e = escape
    site = site_url.rstrip("/")
    key = str(about.get("code") or "") or "BD"
    name_bn, name_en = str(about.get("name_bn") or ""), str(about.get("name_en") or "")
    officers = "".join(
        f"<li>{_e(o.get('name_bn'))} — {_e(o.get('title_bn'))}"
        + (f" <small lang=\"en\">{_e(o.get('name_en'))}, {_e(o.get('title_en'))}</small>"
           if o.get("name_en") or o.get("title_en") else "") + "</li>"
        for o in about.get("officers") or [])
    email = str(about.get("email") or "")
    facts = [
        ("ঠিকানা", "Address", _e(about.get("address_bn"))
         + (f"<br><small lang=\"en\">{_e(about.get('address_en'))}</small>" if about.get("address_en") else "")),
        ("অফিসের ফোন", "Office phone", e(bn_digits(about.get("contact_phone") or ""))),
        ("ই-মেইল", "E-mail", f'<a href="mailto:{e(email)}">{e(email)}</a>' if email else ""),
        ("অফিস সময়", "Working hours", _e(about.get("working_hours_bn"))
         + (f" <small lang=\"en\">{_e(about.get('working_hours_en'))}</small>" if about.get("working_hours_en") else "")),
        ("কর্মকর্তা", "Officers", f"<ul>{officers}</ul>" if officers else ""),
    ]
    api = api_url.rstrip("/")
    structured = {"@context": "https://schema.org", "@type": "GovernmentOffice", "name": name_bn,
                  "alternateName": name_en or None, "url": page_url("o", key, site), "email": email or None,
                  "telephone": about.get("contact_phone") or None, "address": about.get("address_bn") or None,
                  "sameAs": about.get("facebook_url") or None}
    return render_page(Page(
        url=page_url("o", key, site), og_type="website", site_name=PUBLIC_SITE,
        home=(f"{site}/index.html", "সমবায় অধিদপ্তর", "Department of Cooperatives"),
        heading_bn=name_bn, heading_en=name_en, title=f"{name_bn} · {name_en}" if name_en else name_bn,
        description=_clip(" · ".join(x for x in (name_bn, str(about.get("address_bn") or ""), email) if x)),
        action=(f"{site}/index.html#/about/{quote(key, safe='')}", "অফিসের পাতা দেখুন", "Open the office's page"),
        facts=facts, facebook=about.get("facebook_url"), facebook_label=("অফিসের ফেসবুক পেজ", "Office's Facebook page"),
        share_text=name_bn, structured={k: v for k, v in structured.items() if v is not None},
        alternate=f"{api}/api/public/offices/{quote(key, safe='')}" if api else ""))


def render_sitemap(product_ids, site_url: str) -> str:
    """The products' sitemap: the marketplace page and each product's static page (ids in the order given, once)."""
    site = site_url.rstrip("/")
    ids = list(dict.fromkeys(str(i) for i in product_ids if str(i or "")))
    return render_urlset([f"{site}/market.html"] + [product_url(i, site) for i in ids])


def render_urlset(urls) -> str:
    """A sitemap of these page addresses (once each, in the order given)."""
    urls = list(dict.fromkeys(u for u in urls if u))
    if len(urls) > SITEMAP_LIMIT:
        raise ValueError(f"a sitemap holds at most {SITEMAP_LIMIT} URLs; split them")
    body = "\n".join(f"<url><loc>{escape(u)}</loc></url>" for u in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}\n</urlset>\n')


def render_sitemap_index(sitemap_urls) -> str:
    """sitemap.xml: the list of sitemaps (products, each district's societies, each office's notices, offices)."""
    urls = sorted(set(u for u in sitemap_urls if u))
    if len(urls) > SITEMAP_LIMIT:
        raise ValueError(f"a sitemap index holds at most {SITEMAP_LIMIT} sitemaps")
    body = "\n".join(f"<sitemap><loc>{escape(u)}</loc></sitemap>" for u in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}\n</sitemapindex>\n')
