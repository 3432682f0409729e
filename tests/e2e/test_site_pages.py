"""The public site's content on the real local stack: static Open Graph pages read without
JavaScript, and the home page (notice, photo, area table, counter) and a notice page at 360 px."""
import io
import re
import urllib.request

import boto3
from PIL import Image

from local.demo import DEMO_PASSWORD

from .conftest import api_call, screenshot
from .test_pages import phones_in

TIMEOUT = 20_000


def token(stack, username="uco.demo") -> str:
    status, body = api_call(stack, "POST", "/api/auth/login", {"username": username, "password": DEMO_PASSWORD})
    assert status == 200, body
    return body["token"]


def site_base(stack) -> str:
    return stack.site_url.rsplit("/", 1)[0]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def test_a_society_page_in_the_site_bucket_has_open_graph_tags_in_plain_html(stack):
    from tests.integration.conftest import society_body
    status, society = api_call(stack, "POST", "/api/societies",
                               society_body(registration_no="OG-101", facebook_url="https://facebook.com/og.samity"),
                               token=token(stack))
    assert status == 201, society
    html = fetch(f"{site_base(stack)}/s/{society['id']}.html")
    assert f'property="og:url" content="{site_base(stack)}/s/{society["id"]}.html"' in html
    assert 'property="og:title" content="নবগঙ্গা মৎস্যজীবী সমবায় সমিতি লিঃ' in html
    assert 'name="twitter:card"' in html and "facebook.com/sharer" in html and "https://m.me/og.samity" in html
    assert f"index.html#/society/{society['id']}" in html
    assert "<script>" not in html and not phones_in(html)
    index = fetch(f"{site_base(stack)}/sitemap.xml")
    assert "s/sitemap-4044.xml" in index
    assert f"/s/{society['id']}.html" in fetch(f"{site_base(stack)}/s/sitemap-4044.xml")


def upload_photo(stack, caption: str) -> dict:
    auth = token(stack)
    image = Image.linear_gradient("L").resize((1200, 900)).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    data = out.getvalue()
    status, presigned = api_call(stack, "POST", "/api/photos",
                                 {"content_type": "image/jpeg", "size": len(data), "caption_bn": caption}, token=auth)
    assert status == 201, presigned
    boto3.client("s3", region_name="ap-southeast-1").put_object(
        Bucket=stack.env["SITE_BUCKET"], Key=presigned["key"], Body=data, ContentType="image/jpeg")
    status, photo = api_call(stack, "POST", f"/api/photos/{presigned['id']}/done", {}, token=auth)
    assert status == 200, photo
    return photo


def test_home_page_shows_notices_photos_area_table_and_counter_at_360px(stack, phone_page):
    photo = upload_photo(stack, "বার্ষিক সাধারণ সভা ২০২৬")
    page = phone_page
    page.goto(stack.site_url + "#/area/404419")
    page.wait_for_selector("[data-testid=notice-row]", timeout=TIMEOUT)
    page.wait_for_selector("[data-testid=photo] img", timeout=TIMEOUT)
    page.wait_for_selector("[data-testid=breaking-link]", timeout=TIMEOUT)
    page.wait_for_function("document.querySelector('[data-testid=visits]').textContent.includes('আজ')",
                           timeout=TIMEOUT)
    visitors = re.search(r"today (\d+)", page.inner_text("[data-testid=visits]"))
    assert visitors and int(visitors.group(1)) >= 1  # this view's beacon (1 in 1 locally) is in the figures
    titles = page.locator("[data-testid=notice-row]").all_inner_texts()
    assert any("বার্ষিক সাধারণ সভার সময়সূচি" in t for t in titles)  # the upazila's own
    assert any("ব্যাংক হিসাব" in t for t in titles)  # the district's, above it
    assert page.get_attribute("[data-testid=photo] img", "loading") == "lazy"
    assert photo["thumb_url"] in page.get_attribute("[data-testid=photo] img", "src")
    assert not phones_in(page.inner_text("body"))
    screenshot(page, "site-home-360")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360

    page.goto(stack.site_url + "#/area/4044")
    page.wait_for_selector("[data-testid=area-table] tbody tr", timeout=TIMEOUT)
    assert "ঝিনাইদহ সদর" in page.inner_text("[data-testid=area-table]")


def test_a_notice_page_has_share_buttons_and_previous_next(stack, phone_page):
    page = phone_page
    page.goto(stack.site_url + "#/area/404419")
    page.wait_for_selector("[data-testid=notice-row] a", timeout=TIMEOUT)
    page.locator("[data-testid=notice-row] a").first.click()
    page.wait_for_selector("[data-testid=notice]", timeout=TIMEOUT)
    share = page.locator("[data-testid=share]")
    facebook = share.locator("[data-testid=share-facebook]").get_attribute("href")
    assert facebook.startswith("https://www.facebook.com/sharer/sharer.php?u=") and "%2Fn%2F" in facebook
    assert share.locator("[data-testid=share-whatsapp]").get_attribute("href").startswith("https://wa.me/?text=")
    assert share.locator("[data-testid=share-copy]").count() == 1
    assert page.locator("[data-testid=notice-next]").count() == 1  # the district's older notice follows
    screenshot(page, "site-notice-360")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    page.click("[data-testid=notice-next]")
    page.wait_for_selector("[data-testid=notice-prev]", timeout=TIMEOUT)

    page.goto(stack.site_url + "#/about/4044")
    page.wait_for_selector("[data-testid=about]", timeout=TIMEOUT)
    assert "dco.jhenaidah@coop.gov.bd" in page.inner_text("[data-testid=about]")
    assert page.get_attribute("[data-testid=messenger-link]", "href") == "https://m.me/dco.jhenaidah"
    screenshot(page, "site-about-360")
