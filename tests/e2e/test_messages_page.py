"""The messaging page at 360 px: a filtered message, its preview and confirmation, the send and its progress."""
from .conftest import screenshot
from .test_pages import officer_login

TIMEOUT = 20_000


def test_compose_preview_confirm_send_and_watch_progress(stack, phone_page):
    page = phone_page
    officer_login(page, stack)
    page.click("#messages-link")
    page.wait_for_selector("#compose-form", timeout=TIMEOUT)
    page.select_option("#c-template", "agm")
    page.select_option("#c-kind", "elected")
    page.click("#preview-button")
    preview = page.wait_for_selector("[data-testid=preview]", timeout=TIMEOUT)
    text = page.inner_text("[data-testid=preview-text]")
    assert "বার্ষিক সাধারণ সভা" in text and "{" not in text
    recipients = page.inner_text("[data-testid=preview-recipients]")
    count = recipients.split()[0]
    assert recipients.split()[1] == "জন" and all("০" <= c <= "৯" for c in count), recipients
    assert "টাকা" in page.inner_text("[data-testid=preview-cost]")
    assert "****" in preview.inner_text()  # sample numbers are masked
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "messages-preview")

    page.click("#send-button")
    page.wait_for_selector("[data-testid=confirm-box]", timeout=TIMEOUT)
    assert "নিশ্চিত" in page.inner_text("[data-testid=confirm-box]")
    screenshot(page, "messages-confirm")
    page.click("#confirm-send")
    page.wait_for_selector("[data-testid=job]", timeout=TIMEOUT)
    state = page.inner_text("[data-testid=job-state]")
    assert any(word in state for word in ("অপেক্ষায়", "সারিতে", "পাঠানো হচ্ছে", "শেষ")), state
    if "অপেক্ষায়" in state:
        assert "৯টা" in page.inner_text("[data-testid=job-waiting]")
    assert page.inner_text("[data-testid=job-total]").strip() not in ("", "০")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "messages-job")

    page.click("a[data-tab=templates]")
    page.wait_for_selector("[data-testid=source-agm]", timeout=TIMEOUT)
    assert "বিল্ট-ইন" in page.inner_text("[data-testid=source-agm]")
    screenshot(page, "messages-templates")


def test_the_size_shown_while_typing_is_the_servers_count(stack, phone_page):
    page = phone_page
    officer_login(page, stack)
    page.click("#messages-link")
    page.wait_for_selector("#compose-form", timeout=TIMEOUT)
    page.check("input[name=mode][value=text]")
    sized = []
    page.on("request", lambda r: sized.append(r) if r.url.endswith("/api/messages/size") else None)
    page.fill("#c-text", "প্রিয় সদস্য, " * 7)
    page.wait_for_function("document.querySelector('#c-size').innerText.includes('২ অংশ')", timeout=TIMEOUT)
    assert sized and "2 part(s)" in page.inner_text("#c-size")
