"""The static pages in headless Chromium at 360 px: public listing, officer form, page weight."""
import re
import secrets
from datetime import timedelta

from chalicelib.handlers.common import dhaka_today
from local.demo import DEMO_PASSWORD, DEMO_SOCIETIES

from .conftest import api_call, screenshot

PHONE = re.compile(r"(\+?880|0)1[3-9]\d{8}")
BN_DIGITS = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")
BADGE_TEXT = re.compile(r"^(সবুজ|হলুদ|লাল) · ")
LISTING_BUDGET = 100 * 1024
TIMEOUT = 20_000


def officer_url(stack) -> str:
    return stack.site_url.rsplit("/", 1)[0] + "/officer.html"


def phones_in(text: str) -> list[str]:
    """Phone numbers in text, whichever digits (Bengali or ASCII) they are written in."""
    return [m.group(0) for m in PHONE.finditer(text.translate(BN_DIGITS))]


def officer_login(page, stack, username="uco.demo"):
    page.goto(officer_url(stack))
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click("#login-button")
    page.wait_for_selector("[data-testid=society-row]", timeout=TIMEOUT)


def fill_society(page, registration_no: str, name_bn: str, officer_phone: str):
    started = dhaka_today() - timedelta(days=365)  # elected: two years left, so green
    page.click("#add-society")
    page.wait_for_selector("#save-society", timeout=TIMEOUT)
    page.fill("[name=registration_no]", registration_no)
    page.fill("[name=registered_on]", "2015-02-10")
    page.fill("[name=name_bn]", name_bn)
    page.fill("[name=name_en]", "Browser Test Cooperative")
    page.fill("[name=address]", "কলেজ পাড়া, ঝিনাইদহ")
    page.select_option("[name=committee_kind]", "elected")
    page.fill("[name=committee_started_on]", started.isoformat())
    page.fill("[name=last_agm_on]", (dhaka_today() - timedelta(days=100)).isoformat())
    page.fill("[name=last_audit_year]", "২০২৪-২০২৫")
    page.fill("[name=officer_phone]", officer_phone)
    page.fill("[name=president_phone]", "01812345678")


def test_public_listing_picks_an_upazila_shows_badges_and_no_phone(stack, phone_page):
    page = phone_page
    responses = []
    page.on("response", lambda r: responses.append(r))
    page.goto(stack.site_url)
    page.wait_for_selector('#division option[value="40"]', state="attached", timeout=TIMEOUT)
    page.select_option("#division", "40")
    page.wait_for_selector('#district option[value="4044"]', state="attached", timeout=TIMEOUT)
    page.select_option("#district", "4044")
    page.wait_for_selector('#upazila option[value="404419"]', state="attached", timeout=TIMEOUT)
    page.select_option("#upazila", "404419")
    page.wait_for_function("location.hash.startsWith('#/area/404419')", timeout=TIMEOUT)
    page.wait_for_selector("[data-testid=society-row]", timeout=TIMEOUT)
    page.wait_for_load_state("networkidle")

    rows = page.locator("[data-testid=society-row]")
    texts = rows.all_inner_texts()
    for name_bn, _, upazila, _, _ in DEMO_SOCIETIES:
        shown = any(name_bn in t for t in texts)
        assert shown == (upazila == "404419"), (name_bn, upazila)
    for i in range(rows.count()):
        badge = rows.nth(i).locator("[data-testid=status-badge]")
        assert BADGE_TEXT.match(badge.inner_text()), badge.inner_text()
    # Counts per colour are shown and add up to the total.
    counts = [int(page.inner_text(f"[data-testid=count-{c}] b").translate(BN_DIGITS)) for c in ("green", "yellow", "red")]
    assert sum(counts) == int(page.inner_text("[data-testid=count-total]").translate(BN_DIGITS)) >= 5

    # One society page too, so its API answer is checked for phones as well.
    rows.first.locator("a").click()
    page.wait_for_selector("[data-testid=countdown]", timeout=TIMEOUT)
    assert not phones_in(page.inner_text("body"))
    page.go_back()
    page.wait_for_selector("#home:not([hidden]) [data-testid=society-row]", timeout=TIMEOUT)

    assert not phones_in(page.inner_text("body"))
    api_bodies = [r for r in responses if r.url.startswith(stack.api_url)]
    assert any("/api/public/societies" in r.url for r in api_bodies)
    for response in api_bodies:
        assert not phones_in(response.body().decode("utf-8")), response.url
    screenshot(page, "public-listing-360")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360


def test_officer_adds_a_society_and_sees_it_in_the_list(stack, phone_page):
    page = phone_page
    officer_login(page, stack)
    registration_no = f"UI-{secrets.token_hex(3).upper()}"
    name_bn = f"ব্রাউজার পরীক্ষা সমবায় সমিতি {registration_no}"
    fill_society(page, registration_no, name_bn, "০১৭১২৩৪৫৬৭৮")
    with page.expect_response(lambda r: r.url.endswith("/api/societies") and r.request.method == "POST") as posted:
        page.click("#save-society")
    assert posted.value.status == 201, posted.value.text()

    row = page.locator("[data-testid=society-row]", has_text=registration_no)
    row.first.wait_for(timeout=TIMEOUT)
    assert name_bn in row.first.inner_text()
    badge = row.first.locator("[data-testid=status-badge]")
    assert badge.inner_text().startswith("সবুজ · "), badge.inner_text()
    assert "green" in badge.get_attribute("class")
    page.wait_for_selector("#list-state .loading", state="detached", timeout=TIMEOUT)
    screenshot(page, "officer-added-society-360")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360

    # Searching for it finds exactly that row, straight from the API's list.
    page.fill("#q", registration_no)
    page.click("#search-button")
    page.wait_for_function(
        "n => [...document.querySelectorAll('[data-testid=society-row]')].length === 1 && "
        "document.querySelector('[data-testid=society-row]').innerText.includes(n)", arg=registration_no,
        timeout=TIMEOUT)


def test_bad_phone_shows_the_servers_bengali_error_next_to_the_field(stack, phone_page):
    page = phone_page
    officer_login(page, stack)
    registration_no = f"BAD-{secrets.token_hex(3).upper()}"
    fill_society(page, registration_no, "ভুল ফোনের সমিতি", "12345")
    with page.expect_response(lambda r: r.url.endswith("/api/societies") and r.request.method == "POST") as posted:
        page.click("#save-society")
    assert posted.value.status == 400
    server = {d["field"]: d for d in posted.value.json()["error"]["details"]}
    assert set(server) == {"officer_phone"}

    error = page.locator("#field-officer_phone [data-testid=error-officer_phone]")
    error.wait_for(state="visible", timeout=TIMEOUT)
    assert server["officer_phone"]["message_bn"] in error.inner_text()
    assert "সঠিক মোবাইল নম্বর দিন" in error.inner_text()
    assert page.locator("[data-testid=form-error]").is_visible()
    screenshot(page, "officer-bad-phone-360")

    status, token_body = api_call(stack, "POST", "/api/auth/login", {"username": "uco.demo", "password": DEMO_PASSWORD})
    assert status == 200
    status, found = api_call(stack, "GET", f"/api/societies?area_code=404419&q={registration_no}",
                             token=token_body["token"])
    assert status == 200 and found["items"] == []


def test_listing_page_transfers_at_most_100_kb(stack, phone_page):
    page = phone_page
    responses = []
    page.on("response", lambda r: responses.append(r))
    page.goto(stack.site_url + "#/area/404419")
    page.wait_for_selector("[data-testid=society-row]", timeout=TIMEOUT)
    page.wait_for_selector("[data-testid=count-green]", timeout=TIMEOUT)
    page.wait_for_load_state("networkidle")
    sizes = {}
    for response in responses:
        try:
            sizes[response.url] = sizes.get(response.url, 0) + len(response.body())
        except Exception:  # a response without a body (redirect, preflight) transfers none
            sizes[response.url] = sizes.get(response.url, 0)
    total = sum(sizes.values())
    print(f"listing page: {len(sizes)} responses, {total} bytes")
    for url, size in sorted(sizes.items(), key=lambda kv: -kv[1]):
        print(f"  {size:>7}  {url}")
    assert any("/api/public/societies" in url for url in sizes)
    assert any(url.endswith(".css") for url in sizes) and any(url.endswith(".js") for url in sizes)
    assert total <= LISTING_BUDGET, f"{total} bytes > {LISTING_BUDGET}"


def test_load_more_pages_through_the_whole_list(stack, phone_page):
    page = phone_page
    # Two societies a page, so the demo upazila needs several "Load more" clicks.
    page.route(re.compile(r".*/api/public/societies\?.*"),
               lambda route: route.continue_(url=route.request.url.replace("limit=20", "limit=2")))
    page.goto(stack.site_url + "#/area/404419")
    page.wait_for_selector("[data-testid=count-total]", timeout=TIMEOUT)
    total = int(page.inner_text("[data-testid=count-total]").translate(BN_DIGITS))
    rows = page.locator("[data-testid=society-row]")
    rows.first.wait_for(timeout=TIMEOUT)
    assert rows.count() == 2
    clicks = 0
    while page.is_visible("#more"):
        before = rows.count()
        page.click("#more")
        page.wait_for_function(f"document.querySelectorAll('[data-testid=society-row]').length > {before} || "
                               "document.querySelector('#more').hidden", timeout=TIMEOUT)
        clicks += 1
        assert clicks < 20
    ids = [rows.nth(i).get_attribute("data-id") for i in range(rows.count())]
    assert len(ids) == len(set(ids)) == total >= 5
    assert clicks >= 2
