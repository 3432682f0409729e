"""A correction request between two offices in headless Chromium at 360 px: the district office files it
on an upazila office's society, the upazila office applies it from its inbox, the society's history
names the request, and the district's outbox shows it applied."""
import secrets

from local.demo import DEMO_PASSWORD

from .conftest import api_call, screenshot
from .test_pages import TIMEOUT, officer_login


def test_dco_files_uco_applies_and_the_history_names_the_request(stack, phone_page):
    page = phone_page
    status, login = api_call(stack, "POST", "/api/auth/login", {"username": "uco.demo", "password": DEMO_PASSWORD})
    assert status == 200, login
    status, listing = api_call(stack, "GET", "/api/societies?area_code=404419&limit=1", token=login["token"])
    society = listing["items"][0]
    new_name = f"Corrected Cooperative {secrets.token_hex(2)}"

    # the district office asks, from the society's page
    officer_login(page, stack, "dco.demo")
    page.goto(page.url.split("#")[0] + f"#/society/{society['id']}")
    page.click("#request-correction", timeout=TIMEOUT)
    page.wait_for_selector("#correction-form", timeout=TIMEOUT)
    page.select_option("#c-field", "name_en")
    assert page.inner_text("[data-testid=form-current]").strip() == (society["name_en"] or "—")
    page.fill("#c-value", new_name)
    page.fill("#c-reason", "নিবন্ধন সনদে ইংরেজি নাম ভিন্ন / the certificate differs")
    page.click("#send-correction")
    page.wait_for_selector("[data-testid=corrections-flash]", timeout=TIMEOUT)
    request_id = page.evaluate("location.hash").rsplit("/", 1)[1]
    assert request_id.startswith("cr-") and request_id in page.inner_text("#corrections-view h1")
    assert page.inner_text("[data-testid=correction-state]").startswith("খোলা")
    screenshot(page, "corrections-1-filed-by-dco")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("[data-testid=correction-society]")  # the society's page shows the open request
    page.wait_for_selector("[data-testid=open-corrections]", timeout=TIMEOUT)
    assert request_id in page.inner_text("[data-testid=open-corrections]")

    # the upazila office sees it in its inbox (badge and list) and applies it
    page.click("#more-link")
    page.click("#logout")
    officer_login(page, stack, "uco.demo")
    page.wait_for_selector("[data-testid=corrections-badge]:not([hidden])", timeout=TIMEOUT)
    page.click("#corrections-link")
    row = page.locator(f"[data-testid=correction-row][data-id='{request_id}']")
    row.wait_for(timeout=TIMEOUT)
    assert new_name in row.inner_text()
    screenshot(page, "corrections-2-uco-inbox")
    row.locator("a").click()
    page.click("#apply-correction", timeout=TIMEOUT)  # one tap asks first, showing what will change
    page.wait_for_selector("#apply-confirm:not([hidden])", timeout=TIMEOUT)
    assert new_name in page.inner_text("#apply-confirm")
    assert page.inner_text("[data-testid=correction-state]").startswith("খোলা")
    page.click("#cancel-apply")
    assert page.locator("#apply-confirm").is_hidden()
    assert page.inner_text("[data-testid=correction-state]").startswith("খোলা")
    page.click("#apply-correction")
    page.click("#confirm-apply", timeout=TIMEOUT)
    page.wait_for_selector("[data-testid=corrections-flash]", timeout=TIMEOUT)
    assert page.inner_text("[data-testid=correction-state]").startswith("প্রয়োগ")
    assert [li.strip() for li in page.locator("[data-testid=correction-history] li b").all_inner_texts()] \
        and len(page.locator("[data-testid=correction-history] li").all()) == 2
    screenshot(page, "corrections-3-applied")

    # the society's history (audit trail) shows the change with the request id
    page.click("[data-testid=correction-society]")
    history = page.locator("[data-testid=history] > li").first
    history.wait_for(timeout=TIMEOUT)
    assert request_id in history.inner_text() and new_name in history.inner_text()
    assert history.locator("[data-testid=history-correction]").inner_text() == request_id
    screenshot(page, "corrections-4-society-history")

    # the district office's outbox shows it applied
    page.click("#more-link")
    page.click("#logout")
    officer_login(page, stack, "dco.demo")
    page.goto(page.url.split("#")[0] + "#/corrections/outbox")
    row = page.locator(f"[data-testid=correction-row][data-id='{request_id}']")
    row.wait_for(timeout=TIMEOUT)
    assert "প্রয়োগ করা হয়েছে" in row.inner_text() and "Applied" in row.inner_text()
    screenshot(page, "corrections-5-dco-outbox")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_president_asks_from_the_public_page(stack, phone_page):
    page = phone_page
    status, listing = api_call(stack, "GET", "/api/public/societies?area_code=404419&limit=50")
    society = next(s for s in listing["items"] if s["name_en"] == "Jhenaidah Dairy Producers Cooperative Ltd")
    page.goto(stack.site_url + f"#/society/{society['id']}")
    page.click("#open-correction", timeout=TIMEOUT)
    page.wait_for_selector("#public-correction", timeout=TIMEOUT)
    page.select_option("#pc-field", "address")
    page.fill("#pc-value", "ঝিনাইদহ সদর, আরাপপুর")
    page.fill("#pc-reason", "অফিস নতুন ঠিকানায় গেছে / the office moved")
    page.fill("#pc-phone", "01812999999")  # not the committee's: refused like an unknown society
    page.click("#pc-send")
    page.wait_for_selector("#pc-error .msg.error", timeout=TIMEOUT)
    assert "সভাপতি বা সম্পাদকের" in page.inner_text("#pc-error")
    page.fill("#pc-phone", "০১৮১২০০০০০১")  # the president's, in Bengali digits
    page.click("#pc-send")
    page.wait_for_selector("[data-testid=public-correction-sent]", timeout=TIMEOUT)
    request_id = page.inner_text("[data-testid=public-correction-sent]").split("অনুরোধ নম্বর ")[1].split("।")[0]
    screenshot(page, "corrections-6-public-request")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    status, login = api_call(stack, "POST", "/api/auth/login", {"username": "uco.demo", "password": DEMO_PASSWORD})
    status, request = api_call(stack, "GET", f"/api/corrections/{request_id}", token=login["token"])
    assert status == 200 and request["requester_role"] == "president" and request["state"] == "open"
