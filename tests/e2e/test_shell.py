"""The officer app's shell at 360 px: one header line, a bottom bar of at most five destinations for
the officer's role, and each area's module fetched only when the area is first opened."""
import json
import re

import pytest
from local.demo import DEMO_PASSWORD

from .conftest import CHROMIUM, CHROMIUM_ARGS, api_call, screenshot
from .test_pages import TIMEOUT, TO_BN, officer_login, officer_token, officer_url, transferred

FIRST_LIST_BUDGET = 60 * 1024
AREA_MODULES = ["market-officer.js", "messages.js", "corrections.js", "officers-admin.js", "site-officer.js",
                "loans.js"]


def scripts_loaded(page) -> set[str]:
    return set(page.evaluate(
        "performance.getEntriesByType('resource').map(e => e.name.split('?')[0].split('/').pop())"
        ".filter(n => n.endsWith('.js'))"))


def bar(page) -> list[str]:
    return page.eval_on_selector_all("nav.bottom a", "as => as.map(a => a.dataset.dest)")


def test_areas_load_on_first_use_under_a_short_header_and_a_bottom_bar(stack, phone_page):
    page = phone_page
    officer_login(page, stack, "uco.demo")
    assert not scripts_loaded(page) & set(AREA_MODULES), "an area's module loaded at login"
    assert page.eval_on_selector("header", "h => h.getBoundingClientRect().height") <= 64
    placed = page.eval_on_selector("nav.bottom", """n => ({position: getComputedStyle(n).position,
        bottom: n.getBoundingClientRect().bottom, height: innerHeight})""")
    assert placed["position"] == "fixed" and placed["bottom"] == placed["height"]
    assert bar(page) == ["home", "market", "messages", "corrections", "more"]
    # The home screen shows data (the colour counts) in the first screenful.
    assert page.eval_on_selector("[data-testid=count-green]", "e => e.getBoundingClientRect().bottom") <= 678

    for dest, module, section in [("market", "market-officer.js", "#market-view"),
                                  ("messages", "messages.js", "#messages-view"),
                                  ("corrections", "corrections.js", "#corrections-view")]:
        page.click(f"nav.bottom a[data-dest={dest}]")
        page.wait_for_selector(f"{section}:not([hidden]) h1", timeout=TIMEOUT)
        assert module in scripts_loaded(page)
        assert page.get_attribute(f"nav.bottom a[data-dest={dest}]", "aria-current") == "page"
        assert page.locator("main > section:not([hidden])").count() == 1, "one screen at a time"
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert "site-officer.js" not in scripts_loaded(page)

    page.click("nav.bottom a[data-dest=home]")
    page.wait_for_selector("#list-view:not([hidden]) [data-testid=society-row]", timeout=TIMEOUT)
    assert page.locator("#market-view").is_hidden() and page.locator("#messages-view").is_hidden()


def test_log_out_is_under_more_and_the_bar_follows_the_role(stack, phone_page):
    page = phone_page
    officer_login(page, stack, "dco.demo")
    assert bar(page) == ["home", "corrections", "messages", "office", "more"]
    assert page.locator("#logout").count() == 0
    page.click("#more-link")
    page.wait_for_selector("[data-testid=more-menu]", timeout=TIMEOUT)
    assert page.locator("#market-link").is_visible() and page.locator("#site-link").is_visible()
    page.click("#site-link")
    page.wait_for_selector("#site-view:not([hidden])", timeout=TIMEOUT)
    assert page.get_attribute("nav.bottom a[data-dest=more]", "aria-current") == "page"
    page.click("#more-link")
    page.click("#logout")
    page.wait_for_selector("#login-form:not([hidden])", timeout=TIMEOUT)
    assert page.locator("nav.bottom").is_hidden() and page.locator("#site-view").is_hidden()


def test_the_first_list_after_login_transfers_at_most_60_kb(stack, phone_page):
    page = phone_page
    requests = []
    page.on("requestfinished", lambda request: requests.append(request))
    page.goto(officer_url(stack))
    page.fill("#username", "uco.demo")
    page.fill("#password", DEMO_PASSWORD)
    page.click("#login-button")
    page.wait_for_selector("[data-testid=society-row]", timeout=TIMEOUT)
    total = transferred(page, requests)
    print(f"officer.html to the first list: {len(requests)} requests, {total} bytes")
    scripts = [r for r in requests if r.url.endswith(".js") and "/v/" in r.url]
    assert scripts and all(r.response().headers.get("content-encoding") == "gzip" for r in scripts)
    assert all("immutable" in r.response().headers.get("cache-control", "") for r in scripts)
    page_itself = next(r for r in requests if r.url.endswith("/officer.html"))
    assert page_itself.response().headers.get("cache-control") == "no-cache"
    assert total <= FIRST_LIST_BUDGET, f"{total} bytes > {FIRST_LIST_BUDGET}"


def test_offline_the_app_shows_the_last_lists_it_read_with_their_time(stack, phone_app):
    page = phone_app
    officer_login(page, stack, "uco.demo")
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null",
                           timeout=TIMEOUT)
    page.reload()  # read once more, now through the service worker
    page.wait_for_selector("[data-testid=society-row]", timeout=TIMEOUT)
    names = page.eval_on_selector_all("[data-testid=society-row] .name", "es => es.map(e => e.textContent)")
    page.click("[data-testid=society-row] a")
    page.wait_for_selector("[data-testid=history]", timeout=TIMEOUT)
    assert page.locator("[data-testid=offline-banner]").is_hidden()

    page.context.set_offline(True)
    try:
        page.reload()  # the app itself comes from the service worker's cache
        page.wait_for_selector("[data-testid=history]", timeout=TIMEOUT)
        banner = page.inner_text("[data-testid=offline-banner]")
        assert "অফলাইন" in banner and "Changes need the internet" in banner
        assert re.search(r"as of \d\d/\d\d/\d{4}, \d\d:\d\d", banner), banner
        page.click("nav.bottom a[data-dest=home]")
        page.wait_for_selector("[data-testid=society-row]", timeout=TIMEOUT)
        assert page.eval_on_selector_all("[data-testid=society-row] .name",
                                         "es => es.map(e => e.textContent)") == names
        # A screen never opened before says it did not load; nothing pretends to work.
        page.click("nav.bottom a[data-dest=messages]")
        page.wait_for_selector("#flash [role=alert]", timeout=TIMEOUT)
    finally:
        page.context.set_offline(False)
    page.click("nav.bottom a[data-dest=home]")
    page.wait_for_selector("[data-testid=society-row]", timeout=TIMEOUT)
    page.wait_for_selector("[data-testid=offline-banner]", state="hidden", timeout=TIMEOUT)


def test_the_officer_app_is_installable(stack, playwright, tmp_path):
    # A profile on disk: Chromium installs nothing from a private window.
    context = playwright.chromium.launch_persistent_context(str(tmp_path), executable_path=CHROMIUM,
                                                            args=CHROMIUM_ARGS, viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.goto(officer_url(stack))
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=TIMEOUT)
        cdp = context.new_cdp_session(page)
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["errors"] == [] and '"start_url": "officer.html"' in manifest["data"]
    finally:
        context.close()


def test_the_delivery_log_is_cards_on_a_phone_and_a_table_on_paper(stack, phone_page):
    page = phone_page
    entry = {"id": "m1", "at": "2026-12-01T03:00:00Z", "phone": "+8801712345678", "role": "secretary",
             "text": "আদর্শ কৃষক সমবায় সমিতি লিঃ: কমিটির মেয়াদ শেষ হবে ০৬/০৯/২০২৮ তারিখে। সময়মতো নির্বাচন করুন।",
             "parts": 2, "cost_paisa": 50, "status": "sent", "kind": "committee_term"}
    items = [{**entry, "id": f"m{n}"} for n in range(24)]
    page.route(re.compile(r".*/api/messages/log\?.*"), lambda route: route.fulfill(
        status=200, content_type="application/json", headers={"Access-Control-Allow-Origin": "*"},
        body=json.dumps({"items": items, "next_cursor": None})))
    officer_login(page, stack, "uco.demo")
    page.goto(officer_url(stack) + "#/messages/log")
    page.wait_for_selector("[data-testid=log] tbody tr", timeout=TIMEOUT)
    rows = page.eval_on_selector_all("[data-testid=log] tbody tr", "rs => rs.map(r => r.getBoundingClientRect())")
    assert len(rows) == 24
    assert all(r["width"] <= 360 and r["height"] < 300 for r in rows), rows[0]
    assert page.eval_on_selector("[data-testid=log] td.text", "td => td.getBoundingClientRect().width") > 250
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.locator("[data-testid=log] thead").is_hidden()
    page.emulate_media(media="print")
    assert page.eval_on_selector("[data-testid=log] tbody tr", "r => getComputedStyle(r).display") == "table-row"
    assert page.locator("[data-testid=log] thead").is_visible()


def test_the_home_shows_the_area_at_a_glance_as_charts_with_their_figures(stack, phone_page):
    page = phone_page
    officer_login(page, stack, "dco.demo")
    for chart in ("areas", "deposits", "sms"):
        page.wait_for_selector(f"[data-testid=chart-{chart}] svg", timeout=TIMEOUT)
        box = page.eval_on_selector(f"[data-testid=chart-{chart}] svg", "s => s.getBoundingClientRect()")
        assert 250 <= box["width"] <= 340 and box["height"] > 60, (chart, box)
    status, board = api_call(stack, "GET", "/api/dashboard", token=officer_token(stack, "dco.demo"))
    labels = page.eval_on_selector_all("[data-testid=chart-areas] text.lbl", "ts => ts.map(t => t.textContent)")
    assert labels == [a["name_bn"] for a in board["by_area"]]
    totals = page.eval_on_selector_all("[data-testid=chart-areas] text.val", "ts => ts.map(t => t.textContent)")
    assert totals == [str(a["total"]).translate(TO_BN) for a in board["by_area"]]
    assert len(page.locator("[data-testid=chart-sms] rect.col").all()) == 6
    assert page.locator("[data-testid=chart-sms] line.cap").count() == 1
    page.click("[data-testid=chart-deposits] summary")
    assert "পেমেন্ট" in page.inner_text("[data-testid=chart-deposits] table")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "officer-home-charts-360")


SCREENS = {
    "uco.demo": ["#/", "#/tasks", "#/market/orders", "#/market/products", "#/market/deposits", "#/market/flagged",
                 "#/market/sales", "#/messages/compose", "#/messages/jobs", "#/messages/templates", "#/messages/log",
                 "#/messages/suppressions", "#/messages/spend", "#/corrections", "#/corrections/outbox",
                 "#/site/notices", "#/site/photos", "#/site/about", "#/inbox", "#/profile", "#/more", "#/loans",
                 "#/loans/new", "#/loans/defaulters"],
    "dco.demo": ["#/", "#/officers", "#/corrections", "#/market/deposits", "#/messages/spend", "#/loans",
                 "#/loans/defaulters"],
}
FIRST_CONTENT = """() => {
  const view = [...document.querySelectorAll('main > section')].find(s => !s.hidden);
  const tabs = view.querySelector('.mtabs');
  const after = [...view.querySelectorAll('.card, table, ul.rows, ul.tasks, form, .empty, dl, .msg, figure')]
    .find(e => e.getBoundingClientRect().height > 0 && !(tabs && tabs.contains(e))
      && !e.closest('.picker') && e.getBoundingClientRect().top >= (tabs ? tabs.getBoundingClientRect().bottom : 0));
  return {id: view.id, top: after ? after.getBoundingClientRect().top : null};
}"""


@pytest.mark.parametrize("username", SCREENS)
def test_every_screen_fits_360_px_and_shows_content_in_the_first_screenful(stack, phone_page, username):
    page = phone_page
    officer_login(page, stack, username)
    for hash_ in SCREENS[username]:
        page.goto(officer_url(stack) + hash_)
        page.wait_for_load_state("networkidle")
        page.wait_for_selector("main > section:not([hidden]) h1", timeout=TIMEOUT)
        page.wait_for_selector("main > section:not([hidden]) .loading", state="detached", timeout=TIMEOUT)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, hash_
        assert page.eval_on_selector("header", "h => h.getBoundingClientRect().height") <= 64, hash_
        first = page.evaluate(FIRST_CONTENT)
        assert first["top"] is not None and first["top"] < 740 - 62, (hash_, first)


def test_the_deposits_heading_names_the_district_office_s_own_area(stack, phone_page):
    page = phone_page
    officer_login(page, stack, "dco.demo")
    page.goto(officer_url(stack) + "#/market/deposits")
    page.wait_for_function("(document.querySelector('.area-title') || {}).textContent?.includes('ঝিনাইদহ')",
                           timeout=TIMEOUT)
    assert "খুলনা" not in page.inner_text("#market-body h2")
    tab = page.eval_on_selector("#market-tabs a[aria-current=page]", "a => a.getBoundingClientRect()")
    assert tab["x"] >= 0 and tab["x"] + tab["width"] <= 360  # the current tab is in view
