import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from chalicelib.domain.product_page import messenger_url, price_bn, price_en, render_product_page, render_sitemap

SITE = "https://samabay.example.gov.bd/"
API = "https://api.example.gov.bd/v1"


def product(**over):
    p = {
        "id": "01HZX3P0DUCT", "society_id": "s1", "society_name_bn": "ঝিনাইদহ দুগ্ধ উৎপাদনকারী সমবায় সমিতি লিঃ",
        "society_name_en": "Jhenaidah Dairy Producers Cooperative", "registration_no": "JHE-19-101",
        "upazila_code": "404419", "district_code": "4044", "division_code": "40",
        "area_name_bn": "ঝিনাইদহ সদর, ঝিনাইদহ", "name_bn": "খাঁটি গাওয়া ঘি", "name_en": "Pure cow ghee",
        "category": "dairy", "unit": "kg", "price_paisa": 12345650, "stock": 40,
        "production_date": "2025-03-06", "brand": "সমবায় ঘি", "description_bn": "দেশি গরুর দুধ থেকে তৈরি।",
        "photos": ["https://bucket.s3.amazonaws.com/products/01HZX3P0DUCT/a.jpg"], "featured": True,
        "active": True, "facebook_url": "https://facebook.com/jhenaidah.dairy", "version": 3,
        "president_phone": "+8801712345678", "secretary_phone": "01812345678",
    }
    p.update(over)
    return p


class Parsed(HTMLParser):
    """The page's meta tags, links and text, as a browser or crawler reads them (entities decoded)."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.meta, self.links, self.anchors, self.tags, self.text = {}, {}, [], [], []
        self.title, self._in_title, self._in_script = "", False, False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag if tag != "script" else f"script:{a.get('type')}")
        if tag == "meta":
            self.meta[a.get("property") or a.get("name") or "charset"] = a.get("content")
        elif tag == "link":
            self.links[a["rel"]] = a["href"]
        elif tag == "a":
            self.anchors.append(a["href"])
        self._in_title = tag == "title"
        self._in_script = tag in ("script", "style")

    def handle_endtag(self, tag):
        self._in_title = self._in_script = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif not self._in_script:
            self.text.append(data)


def test_meta_tags_of_a_product():
    html = render_product_page(product(), SITE, API)
    page = Parsed(html)
    url = "https://samabay.example.gov.bd/p/01HZX3P0DUCT.html"
    assert html.startswith("<!doctype html>")
    assert "খাঁটি গাওয়া ঘি" in page.title and "Pure cow ghee" in page.title
    assert page.meta["og:type"] == "product"
    assert page.meta["og:url"] == url
    assert page.links["canonical"] == url
    assert page.meta["og:locale"] == "bn_BD"
    assert page.meta["og:title"].startswith("খাঁটি গাওয়া ঘি")
    assert page.meta["og:image"] == "https://bucket.s3.amazonaws.com/products/01HZX3P0DUCT/a.jpg"
    assert "৳১,২৩,৪৫৬.৫০ / কেজি" in page.meta["og:description"]
    assert page.meta["description"] == page.meta["og:description"]
    assert page.meta["twitter:card"] == "summary_large_image"
    assert page.meta["twitter:title"] == page.meta["og:title"]
    assert page.meta["twitter:image"] == page.meta["og:image"]
    assert page.meta["product:price:amount"] == "123456.50"
    assert page.meta["product:price:currency"] == "BDT"
    assert page.links["alternate"] == f"{API}/api/public/products/01HZX3P0DUCT"
    assert "robots" not in page.meta


def test_the_facts_share_and_buy_links_are_in_plain_html():
    page = Parsed(render_product_page(product(), SITE, API))
    text = " ".join(page.text)
    for fact in ("খাঁটি গাওয়া ঘি", "Pure cow ghee", "৳১,২৩,৪৫৬.৫০", "Tk 1,23,456.50", "কেজি",
                 "ঝিনাইদহ দুগ্ধ উৎপাদনকারী সমবায় সমিতি লিঃ", "JHE-19-101", "ঝিনাইদহ সদর, ঝিনাইদহ",
                 "০৬/০৩/২০২৫", "দুগ্ধজাত", "সমবায় ঘি", "কিনুন", "Buy"):
        assert fact in text, fact
    url = "https://samabay.example.gov.bd/p/01HZX3P0DUCT.html"
    assert "https://samabay.example.gov.bd/market.html?product=01HZX3P0DUCT" in page.anchors
    sharer = next(a for a in page.anchors if a.startswith("https://www.facebook.com/sharer/sharer.php?"))
    assert parse_qs(urlsplit(sharer).query)["u"] == [url]
    whatsapp = next(a for a in page.anchors if a.startswith("https://wa.me/?text="))
    assert url in parse_qs(urlsplit(whatsapp).query)["text"][0]
    assert "https://facebook.com/jhenaidah.dairy" in page.anchors
    assert "https://m.me/jhenaidah.dairy" in page.anchors
    assert "script:None" not in page.tags  # no script needed to read the page


def test_structured_data_is_json_a_crawler_can_read():
    html = render_product_page(product(), SITE, API)
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert ld["@type"] == "Product" and ld["name"] == "খাঁটি গাওয়া ঘি"
    assert ld["offers"] == {"@type": "Offer", "priceCurrency": "BDT", "price": "123456.50",
                            "url": "https://samabay.example.gov.bd/market.html?product=01HZX3P0DUCT",
                            "availability": "https://schema.org/InStock"}


HOSTILE = "<script>alert(\"x\")</script> 'ঘি' & \"দই\""


def test_every_value_is_escaped():
    p = product(name_bn=HOSTILE, name_en=HOSTILE, society_name_bn=HOSTILE, description_bn=HOSTILE,
                brand=HOSTILE, registration_no=HOSTILE, area_name_bn=HOSTILE, id='a"b<c>')
    html = render_product_page(p, SITE, API)
    assert "<script>alert" not in html
    assert 'alert("x")' not in html
    assert html.count("<script") == 1  # only the JSON-LD block
    page = Parsed(html)
    assert page.meta["og:title"].startswith(HOSTILE)  # escaped in the attribute, intact when read
    assert HOSTILE in page.title
    assert HOSTILE in " ".join(page.text)
    assert page.meta["og:url"] == "https://samabay.example.gov.bd/p/a%22b%3Cc%3E.html"
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in ld and ">" not in ld and json.loads(ld)["name"] == HOSTILE


def test_no_phone_number_reaches_the_page():
    html = render_product_page(product(), SITE, API)
    digits = html.translate(str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789"))
    assert not re.search(r"(\+?880)?1[3-9]\d{8}", re.sub(r"[\s-]", "", digits))
    assert "1712345678" not in html and "1812345678" not in html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,hi", "http://evil.example/x.jpg y"])
def test_only_web_addresses_are_linked(url):
    p = product(photos=[url], facebook_url=url)
    page = Parsed(render_product_page(p, SITE, API))
    assert "og:image" not in page.meta and "twitter:image" not in page.meta
    assert page.meta["twitter:card"] == "summary"
    assert url not in page.anchors
    assert not any(a.startswith("https://m.me/") for a in page.anchors)


def test_a_product_without_photo_facebook_or_english_name():
    p = product(photos=[], facebook_url=None, name_en="", brand=None, production_date=None, description_bn="")
    html = render_product_page(p, SITE, "")
    page = Parsed(html)
    assert "og:image" not in page.meta
    assert not any("facebook.com/jhenaidah" in a or a.startswith("https://m.me/") for a in page.anchors)
    assert "alternate" not in page.links
    assert page.meta["og:url"] == "https://samabay.example.gov.bd/p/01HZX3P0DUCT.html"


def test_the_area_comes_from_the_upazila_code_when_the_view_has_no_name():
    p = product(society_address="Nabaganga, Jhenaidah")
    del p["area_name_bn"]
    text = " ".join(Parsed(render_product_page(p, SITE, API)).text)
    assert "ঝিনাইদহ সদর, ঝিনাইদহ, খুলনা" in text
    assert "Nabaganga, Jhenaidah" in text


def test_an_inactive_or_sold_out_product_says_so_and_is_not_indexed():
    for p in (product(active=False), product(stock=0)):
        html = render_product_page(p, SITE, API)
        assert Parsed(html).meta["robots"] == "noindex"
        assert "এই পণ্য এখন পাওয়া যাচ্ছে না" in html
        assert "OutOfStock" in html


@pytest.mark.parametrize("paisa, bn, en", [
    (0, "৳০", "Tk 0"), (5, "৳০.০৫", "Tk 0.05"), (100000, "৳১,০০০", "Tk 1,000"),
    (12345650, "৳১,২৩,৪৫৬.৫০", "Tk 1,23,456.50"), (123456789000, "৳১,২৩,৪৫,৬৭,৮৯০", "Tk 1,23,45,67,890"),
])
def test_price_tags_in_lakh_grouping(paisa, bn, en):
    assert (price_bn(paisa), price_en(paisa)) == (bn, en)


@pytest.mark.parametrize("facebook, messenger", [
    ("https://facebook.com/jhenaidah.dairy", "https://m.me/jhenaidah.dairy"),
    ("https://www.facebook.com/jhenaidah.dairy/", "https://m.me/jhenaidah.dairy"),
    ("https://www.facebook.com/profile.php?id=1000", None),
    ("https://www.facebook.com/groups/123", None),
    ("https://evil.example/jhenaidah", None), (None, None),
])
def test_messenger_link_from_a_facebook_page(facebook, messenger):
    assert messenger_url(facebook) == messenger


def test_sitemap_lists_the_market_and_each_product_once():
    xml = render_sitemap(["p1", "p2", "p1", "a&b"], SITE)
    root = ET.fromstring(xml.encode())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in root.findall("s:url/s:loc", ns)]
    assert locs == ["https://samabay.example.gov.bd/market.html", "https://samabay.example.gov.bd/p/p1.html",
                    "https://samabay.example.gov.bd/p/p2.html", "https://samabay.example.gov.bd/p/a%26b.html"]


def test_sitemap_refuses_more_than_one_file_holds():
    with pytest.raises(ValueError):
        render_sitemap((str(i) for i in range(50_000)), SITE)
