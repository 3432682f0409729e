"""Office administration in Chromium at 360 px: a DCO registers a UCO, who sets his own password and works."""
from local.demo import DEMO_PASSWORD

from .conftest import screenshot

TIMEOUT = 20_000


def officer_url(stack) -> str:
    return stack.site_url.rsplit("/", 1)[0] + "/officer.html"


def test_a_dco_registers_an_upazila_officer_who_logs_in_and_sees_his_societies(stack, phone_page):
    page = phone_page
    page.goto(officer_url(stack))
    page.fill("#username", "dco.demo")
    page.fill("#password", DEMO_PASSWORD)
    page.click("#login-button")
    page.wait_for_selector("#office-link:not([hidden])", timeout=TIMEOUT)
    page.click("#office-link")
    page.wait_for_selector("[data-testid=officers-list]", timeout=TIMEOUT)
    assert page.locator("[data-testid=officer-row][data-username='uco.demo']").count() == 1
    page.click("#register-card summary")
    page.select_option("#r-office", "404442")
    page.fill("#r-name", "রহিম উদ্দিন")
    page.fill("#r-username", "e2e.kotchandpur")
    page.fill("#r-phone", "01712345678")
    page.click("#register-button")
    page.wait_for_selector("[data-testid=temporary-password]", timeout=TIMEOUT)
    temporary = page.inner_text("[data-testid=temporary-password]").strip()
    assert len(temporary) >= 10
    assert page.locator("[data-testid=officer-row][data-username='e2e.kotchandpur']").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "officers-registered")

    page.click("#more-link")
    page.click("#logout")
    page.wait_for_selector("#login-form:not([hidden])", timeout=TIMEOUT)
    page.fill("#username", "e2e.kotchandpur")
    page.fill("#password", temporary)
    page.click("#login-button")
    page.wait_for_selector("[data-testid=new-password-form]", timeout=TIMEOUT)
    page.fill("#new-password", "weakpassword")
    page.fill("#new-password-again", "weakpassword")
    page.click("#new-password-button")
    page.wait_for_selector("#new-password-error .msg.error", timeout=TIMEOUT)
    assert "১০" in page.inner_text("#new-password-error")
    screenshot(page, "officers-new-password")
    page.fill("#new-password", "Kotchandpur2026")
    page.fill("#new-password-again", "Kotchandpur2026")
    page.click("#new-password-button")
    page.wait_for_selector("#list-view:not([hidden])", timeout=TIMEOUT)
    page.wait_for_function("document.querySelector('#who').innerText.includes('e2e.kotchandpur')", timeout=TIMEOUT)
    assert "কোটচাঁদপুর" in page.inner_text("#who")
    page.wait_for_selector("[data-testid=empty], [data-testid=society-row]", timeout=TIMEOUT)
    assert page.locator("#add-society").count() == 1  # an upazila office adds its own societies
    screenshot(page, "officers-new-uco-home")


def login(page, stack, username):
    page.goto(officer_url(stack))
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click("#login-button")
    page.wait_for_selector("nav.bottom:not([hidden])", timeout=TIMEOUT)


def test_bad_registration_marks_every_field_in_plain_bengali_and_english_with_a_summary_in_view(stack, phone_page):
    page = phone_page
    login(page, stack, "dco.demo")
    page.click("#office-link")
    page.wait_for_selector("[data-testid=officers-list]", timeout=TIMEOUT)
    page.click("#register-card summary")
    page.fill("#r-name", "র")
    page.fill("#r-username", "A")
    page.fill("#r-phone", "12345")
    page.click("#register-button")
    for field in ("r-name", "r-username", "r-phone"):
        page.wait_for_selector(f"[data-testid={field}-error]:not([hidden])", timeout=TIMEOUT)
        assert page.get_attribute(f"#{field}", "aria-invalid") == "true"
    assert "কমপক্ষে ২ অক্ষর লিখুন" in page.inner_text("[data-testid=r-name-error]")
    assert "Write at least 2 characters" in page.inner_text("[data-testid=r-name-error]")
    summary = page.locator("#register-error")
    text = summary.inner_text()
    assert "নাম (বাংলায়)" in text and "ইউজারনেম" in text and "মোবাইল" in text
    assert "name_bn" not in text and "should" not in text and "pattern" not in text
    top = summary.evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < 740
    screenshot(page, "officer-register-errors-360")


def test_a_weak_password_is_named_next_to_the_new_password(stack, phone_page):
    page = phone_page
    login(page, stack, "uco2.demo")
    page.goto(officer_url(stack) + "#/profile")
    page.wait_for_selector("#password-form", timeout=TIMEOUT)
    page.fill("#p-current", DEMO_PASSWORD)
    page.fill("#p-new", "weak")
    page.click("#p-change")
    error = page.locator("[data-testid=p-new-error]")
    error.wait_for(state="visible", timeout=TIMEOUT)
    assert "কমপক্ষে ১০ অক্ষর" in error.inner_text() and "at least 10 characters" in error.inner_text()
    assert page.locator("[data-testid=p-current-error]").count() == 0 or page.locator(
        "[data-testid=p-current-error]").is_hidden()
