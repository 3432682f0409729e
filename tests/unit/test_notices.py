"""Notices' visibility window and order, the visitor beacons' keys, and the static pages of societies,
notices and offices (Open Graph tags, escaping, no phone numbers)."""
import re

import pytest

from chalicelib.domain.notices import (beacon_key, newest_first, notice_state, offices_over, utc_iso,
                                       visit_fields, visit_totals)
from chalicelib.domain.product_page import render_notice_page, render_office_page, render_society_page

from .test_product_page import HOSTILE, Parsed

SITE, API = "https://samabay.example.gov.bd", "https://api.example.gov.bd"
NOW = "2026-05-01T06:00:00+00:00"


def n(i, publish="2026-05-01T05:00:00+00:00", **over):
    return {"id": f"{i:016x}", "office_code": "404419", "title_bn": "নোটিশ", "publish_at": publish, **over}


@pytest.mark.parametrize("notice, state", [
    (n(1), "published"), (n(1, "2026-05-01T06:00:01+00:00"), "scheduled"),
    (n(1, expires_at=NOW), "expired"), (n(1, expires_at="2026-05-01T06:00:01+00:00"), "published"),
    (n(1, withdrawn_at=NOW), "withdrawn"), (n(1, publish=NOW), "published")])
def test_a_notice_is_visible_from_publish_until_expiry(notice, state):
    assert notice_state(notice, NOW) == state


def test_times_typed_without_a_zone_are_dhaka_time():
    from datetime import datetime
    assert utc_iso(datetime(2026, 5, 1, 12, 0)) == "2026-05-01T06:00:00+00:00"


def test_an_area_page_reads_its_office_and_those_above():
    assert offices_over("404419") == ["", "40", "4044", "404419"]
    assert offices_over("") == [""]


def test_merging_office_lists_gives_the_newest_first_and_says_when_more_follow():
    hq = [n(1, "2026-05-01T04:00:00+00:00"), n(2, "2026-04-01T04:00:00+00:00")]
    upazila = [n(3, "2026-05-01T05:00:00+00:00"), n(4, "2026-03-01T05:00:00+00:00"), n(5, "2026-02-01T00:00:00+00:00")]
    items, more = newest_first([hq, upazila], 2)
    assert [i["id"][-1] for i in items] == ["3", "1"] and more
    items, more = newest_first([hq[1:], []], 2)
    assert len(items) == 1 and not more


def test_a_beacon_key_is_one_per_address_and_day_and_names_no_address():
    key = beacon_key("203.0.113.9", "2026-05-01")
    assert key == beacon_key("203.0.113.9", "2026-05-01") and "203" not in key
    assert key != beacon_key("203.0.113.10", "2026-05-01") != beacon_key("203.0.113.9", "2026-05-02")


def test_visit_counters_of_a_year_give_today_month_and_total():
    assert visit_fields("2026-05-01") == {"d0501": 1, "m05": 1, "y": 1}
    years = {"2026": {"d0501": 7, "d0430": 3, "m05": 7, "m04": 3, "y": 10}, "2025": {"y": 90}}
    assert visit_totals(years, "2026-05-01") == {"today": 7, "month": 7, "total": 100}
    assert visit_totals({}, "2026-05-01") == {"today": 0, "month": 0, "total": 0}


SOCIETY = {"id": "0192a3b4c5d6e7f80", "registration_no": "JHE-101", "registered_on": "2010-01-15",
           "name_bn": "নবগঙ্গা সমবায় সমিতি লিঃ", "name_en": "Nabaganga Cooperative", "address": "Jhenaidah",
           "upazila_code": "404419", "committee_kind": "elected", "term_ends_on": "2027-03-01",
           "facebook_url": "https://facebook.com/nabaganga", "president_phone": "+8801812000001"}


def test_a_society_page_carries_open_graph_tags_share_links_and_no_phone():
    html = render_society_page(SOCIETY, SITE, API)
    page = Parsed(html)
    assert page.meta["og:url"] == f"{SITE}/s/{SOCIETY['id']}.html"
    assert page.meta["og:title"].startswith("নবগঙ্গা সমবায় সমিতি লিঃ")
    assert "JHE-101" in page.meta["og:description"] and page.meta["twitter:card"] == "summary"
    assert f"{SITE}/index.html#/society/{SOCIETY['id']}" in page.anchors
    assert "https://m.me/nabaganga" in page.anchors
    assert any(a.startswith("https://www.facebook.com/sharer/sharer.php?u=") for a in page.anchors)
    assert "1812000001" not in html and "robots" not in page.meta


def test_a_dissolved_society_says_so_and_is_not_indexed():
    page = Parsed(render_society_page({**SOCIETY, "dissolved_on": "2026-04-01"}, SITE, API))
    assert page.meta["robots"] == "noindex" and "বিলুপ্ত" in " ".join(page.text)
    assert "https://m.me/nabaganga" not in page.anchors


def test_notice_and_office_pages_escape_every_value():
    notice = {"id": "00000000000000ab", "title_bn": HOSTILE, "body_bn": HOSTILE, "publish_at": NOW,
              "date": "2026-05-01"}
    html = render_notice_page(notice, {"name_bn": HOSTILE, "name_en": "x"}, SITE, API)
    assert "<script>alert" not in html and Parsed(html).meta["og:title"] == HOSTILE
    assert Parsed(html).meta["og:type"] == "article"
    about = {"code": "4044", "name_bn": "ঝিনাইদহ", "name_en": "Jhenaidah", "address_bn": HOSTILE,
             "contact_phone": "0451-62456", "officers": [{"name_bn": HOSTILE, "title_bn": "কর্মকর্তা"}],
             "email": "dco@coop.gov.bd"}
    html = render_office_page(about, SITE, API)
    assert "<script>alert" not in html and "০৪৫১-৬২৪৫৬" in html
    assert Parsed(html).meta["og:url"] == f"{SITE}/o/4044.html"
    assert re.search(r'href="https://samabay.example.gov.bd/index.html#/about/4044"', html)
