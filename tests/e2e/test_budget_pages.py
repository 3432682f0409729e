"""Budget files in headless Chromium at 360 px (issue 20): the society's secretary drafts and submits from the
phone, the UCO recommends, the district decides (below Tk 10 lakh) or the division's JR approves with changes
(above), the decision letter prints, the society reads it, and the offices' report shows the days per step."""
import secrets

from local.demo import DEMO_PASSWORD, SOCIETY_DEMO

from .conftest import screenshot
from .test_pages import TIMEOUT, officer_url


def login(page, stack, username):
    page.goto(officer_url(stack))
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click("#login-button")
    page.wait_for_selector("#who:not([hidden])", timeout=TIMEOUT)


def logout(page):
    page.click("#more-link")
    page.click("#logout")
    page.wait_for_selector("#login-form", timeout=TIMEOUT)


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def confirm(page, button):
    page.click(button)
    page.click("#budget-yes", timeout=TIMEOUT)  # every step that sends asks first


def state_of(page):
    """The state's Bengali words (the English follows in a <small>)."""
    return page.eval_on_selector("[data-testid=budget-state]",
                                 "e => e.textContent.replace(e.querySelector('.en').textContent, '').trim()")


def office_opens(page, stack, username, budget_id, shot=None):
    """An office finds the file in the files it holds (under More → Budget files) and opens it."""
    login(page, stack, username)
    page.click("#more-link")
    page.click("#budgets-link")
    row = page.locator(f"[data-testid=budget-row][data-id='{budget_id}']")
    row.wait_for(timeout=TIMEOUT)
    if shot:
        fits(page)
        screenshot(page, shot)
    row.locator("a").click()
    page.wait_for_selector("[data-testid=budget-heads]", timeout=TIMEOUT)


def society_drafts_and_submits(page, stack, heads, shot, attach=False):
    login(page, stack, SOCIETY_DEMO)
    page.wait_for_selector("#budget-new", timeout=TIMEOUT)  # the society user's own home: its files
    page.wait_for_selector("[data-testid=budget-row], [data-testid=budgets-empty]", timeout=TIMEOUT)
    assert page.locator("#bottom-nav a").count() == 2
    screenshot(page, f"{shot}-1-society-home")
    page.click("#budget-new")
    page.wait_for_selector("#budget-form", timeout=TIMEOUT)
    for head, taka, why in heads:
        page.fill(f"#budget-amount-{head}", taka)
        page.fill(f"#budget-why-{head}", why)
    page.fill("#budget-resolution", "20/11/2026")
    fits(page)
    screenshot(page, f"{shot}-2-new-file")
    confirm(page, "#budget-save")
    page.wait_for_selector("[data-testid=budgets-flash]", timeout=TIMEOUT)
    budget_id = page.evaluate("location.hash").rsplit("/", 1)[1]
    assert budget_id.startswith("bud-") and state_of(page) == "খসড়া"
    assert page.locator("[data-testid=resolution-missing]").is_visible()  # shown as missing, blocks nothing
    if attach:  # the resolution's scan, from the phone, straight to the private bucket
        page.set_input_files("#resolution-file", files=[{"name": "resolution.pdf", "mimeType": "application/pdf",
                                                         "buffer": b"%PDF-1.4\n% AGM resolution\n%%EOF\n"}])
        page.wait_for_selector("[data-testid=resolution-attached]", timeout=TIMEOUT)
    confirm(page, "#budget-submit")
    page.wait_for_function("document.querySelector('[data-testid=budget-state]').innerText.startsWith('উপজেলা')",
                           timeout=TIMEOUT)
    fits(page)
    screenshot(page, f"{shot}-3-submitted")
    logout(page)
    return budget_id


def uco_recommends(page, stack, budget_id, shot):
    office_opens(page, stack, "uco.demo", budget_id)
    page.fill("#budget-note", "রেজুলেশন অনুযায়ী সঠিক / in order")
    page.fill("#budget-memo", "47.61.6944.000.39.162.19-25")
    confirm(page, "#budget-recommend")
    page.wait_for_selector("[data-testid=budgets-flash]", timeout=TIMEOUT)
    screenshot(page, f"{shot}-4-recommended")
    holder = page.inner_text("[data-testid=budget-holder]")
    logout(page)
    return holder


def test_a_file_below_ten_lakh_from_the_societys_phone_to_the_district_letter(stack, phone_page):
    page = phone_page
    budget_id = society_drafts_and_submits(page, stack, [
        ("salaries", "৫,০০,০০০", "দুইজন কর্মচারীর বেতন"), ("travel", "25000.50", "সভায় যাতায়াত")], "budget-a",
        attach=True)
    assert "জেলা" in uco_recommends(page, stack, budget_id, "budget-a")  # the district office decides

    office_opens(page, stack, "dco.demo", budget_id)
    assert page.locator("[data-testid=resolution-attached]").is_visible()
    assert page.locator("#resolution-file").count() == 0  # the district reads it; only the society or UCO attach
    with page.expect_popup() as scan:
        page.click("#resolution-read")
    assert f"resolutions/{budget_id}/" in scan.value.url, scan.value.url  # its key: bd.resolution_key
    scan.value.close()
    assert page.locator("#budget-decision-approved").is_checked()
    page.fill("#budget-reason", "যথাযথ বিবেচনায় অনুমোদিত")
    confirm(page, "#budget-decide")
    page.wait_for_selector("#budget-letter-link", timeout=TIMEOUT)
    assert state_of(page) == "অনুমোদিত"
    assert page.locator("[data-testid=budget-movements] li").count() == 4
    screenshot(page, "budget-a-5-decided")
    page.click("#budget-letter-link")
    page.wait_for_selector("[data-testid=budget-letter]", timeout=TIMEOUT)
    reference = page.inner_text("[data-testid=letter-ref]")
    assert reference.startswith("SMB-BUD-৪০৪৪-২০২৬-২৭-")
    assert page.inner_text("[data-testid=letter-approved-total]") == "৫,২৫,০০০.৫০"
    fits(page)
    screenshot(page, "budget-a-6-letter")
    page.emulate_media(media="print")
    assert page.locator("#bottom-nav").is_hidden() and page.locator("#letter-print").is_hidden()
    screenshot(page, "budget-a-7-letter-print")
    page.emulate_media(media="screen")

    page.goto(officer_url(stack) + "#/budgets/report")
    page.wait_for_selector("[data-testid=budget-report-figures]", timeout=TIMEOUT)
    assert int(page.inner_text("[data-testid=report-decided]").translate(str.maketrans("০১২৩৪৫৬৭৮৯",
                                                                                      "0123456789"))) >= 1
    assert page.locator("[data-testid=chart-budget-seed]").is_visible()
    fits(page)
    screenshot(page, "budget-a-8-report")
    with page.expect_download() as download:
        page.click("#report-csv")
    assert download.value.suggested_filename.startswith("budget-report-4044-")
    page.select_option("#report-office", "404419")  # an office below the district: its own report
    page.wait_for_function("location.hash.includes('office_code=404419')", timeout=TIMEOUT)
    page.wait_for_selector("[data-testid=budget-report-figures]", timeout=TIMEOUT)
    assert page.inner_text("[data-testid=report-decided]") == "০"  # the upazila office recommends, never decides
    assert page.inner_text("[data-testid=report-received]") != "০"
    logout(page)

    login(page, stack, SOCIETY_DEMO)  # the society reads the decision and its letter on the phone
    page.locator(f"[data-testid=budget-row][data-id='{budget_id}'] a").click(timeout=TIMEOUT)
    page.click("#budget-letter-link", timeout=TIMEOUT)
    assert page.inner_text("[data-testid=letter-ref]", timeout=TIMEOUT) == reference
    screenshot(page, "budget-a-9-society-letter")


def test_a_file_above_ten_lakh_goes_to_the_jr_who_approves_it_with_changes(stack, phone_page):
    page = phone_page
    budget_id = society_drafts_and_submits(page, stack, [
        ("construction", "1500000", "অফিস ভবনের দ্বিতীয় তলা"), ("audit_fee", "20000", "বার্ষিক অডিট")], "budget-b")
    assert "যুগ্ম-নিবন্ধক" in uco_recommends(page, stack, budget_id, "budget-b")  # straight to the division's JR

    office_opens(page, stack, "jr.demo", budget_id, "budget-b-4-jr-holding")
    page.check("#budget-decision-approved_with_changes")
    page.fill("#budget-allow-construction", "1200000")
    page.fill("#budget-reason", "নির্মাণ খাত ১২ লাখে সীমিত")
    screenshot(page, "budget-b-5-jr-decides")
    confirm(page, "#budget-decide")
    page.wait_for_selector("#budget-letter-link", timeout=TIMEOUT)
    assert state_of(page) == "সংশোধনসহ অনুমোদিত"
    page.click("#budget-letter-link")
    page.wait_for_selector("[data-testid=budget-letter]", timeout=TIMEOUT)
    assert page.inner_text("[data-testid=letter-ref]").startswith("SMB-BUD-৪০-")
    assert page.inner_text("[data-testid=letter-approved-total]") == "১২,২০,০০০.০০"
    fits(page)
    screenshot(page, "budget-b-6-letter")


def test_the_uco_gives_a_secretary_an_account_and_files_for_the_society(stack, phone_page):
    """Not every society can use the system: the UCO files on its behalf (recorded as such) and cannot then
    recommend it; the secretary the UCO gave an account logs in, sets a password and sees the file."""
    page = phone_page
    username = f"sec.{secrets.token_hex(3)}"
    login(page, stack, "uco.demo")
    page.click("#more-link")
    page.click("#budgets-link")
    page.click("#budget-user-link", timeout=TIMEOUT)
    page.fill("#budget-q", "আদর্শ")
    page.click("#budget-society-search button[type=submit]")
    page.locator("[data-testid=budget-society]").first.click(timeout=TIMEOUT)
    page.fill("#su-username", username)
    page.fill("#su-name", "মোঃ করিম")
    page.fill("#su-phone", "০১৭১২৩৪৫৬৭৮")
    page.click("#su-save")
    temporary = page.inner_text("[data-testid=budget-user-password]", timeout=TIMEOUT).strip()
    fits(page)
    screenshot(page, "budget-c-1-society-user-made")

    page.goto(officer_url(stack) + "#/budgets/new")
    page.fill("#budget-q", "আদর্শ", timeout=TIMEOUT)
    page.click("#budget-society-search button[type=submit]")
    page.locator("[data-testid=budget-society]").first.click(timeout=TIMEOUT)
    page.wait_for_selector("#budget-form", timeout=TIMEOUT)
    next_year = page.eval_on_selector("#budget-fy", "s => s.options[1].value")
    page.select_option("#budget-fy", next_year)  # this year's file of the society may be open already
    page.fill("#budget-amount-audit_fee", "15000")
    page.fill("#budget-why-audit_fee", "বার্ষিক অডিট ফি")
    confirm(page, "#budget-save")
    page.wait_for_selector("[data-testid=budgets-flash]", timeout=TIMEOUT)
    budget_id = page.evaluate("location.hash").rsplit("/", 1)[1]
    confirm(page, "#budget-submit")
    page.wait_for_selector("[data-testid=budget-another-officer]", timeout=TIMEOUT)  # not twice: no recommend
    actions = page.locator("[data-testid=budget-movements] li").evaluate_all("l => l.map(e => e.dataset.action)")
    assert actions == ["drafted_on_behalf", "submitted_on_behalf"]
    screenshot(page, "budget-c-2-filed-on-behalf")
    logout(page)

    page.fill("#username", username)
    page.fill("#password", temporary)
    page.click("#login-button")
    page.fill("#new-password", "Karim@2026x", timeout=TIMEOUT)
    page.fill("#new-password-again", "Karim@2026x")
    page.click("#new-password-button")
    page.locator(f"[data-testid=budget-row][data-id='{budget_id}']").wait_for(timeout=TIMEOUT)
    screenshot(page, "budget-c-3-secretary-home")


def test_a_returned_file_is_edited_and_resubmitted_as_a_new_round(stack, phone_page):
    page = phone_page
    budget_id = society_drafts_and_submits(page, stack, [("salaries", "900000", "তিনজন কর্মচারীর বেতন")], "budget-d")
    office_opens(page, stack, "uco.demo", budget_id)
    page.fill("#budget-note", "রেজুলেশনে বেতন ৮ লাখ; মিলিয়ে দিন")
    confirm(page, "#budget-return")
    page.wait_for_selector("[data-testid=budgets-flash]", timeout=TIMEOUT)
    assert state_of(page) == "ফেরত পাঠানো হয়েছে"
    logout(page)

    login(page, stack, SOCIETY_DEMO)
    page.locator(f"[data-testid=budget-row][data-id='{budget_id}'] a").click(timeout=TIMEOUT)
    assert "৮ লাখ" in page.inner_text("[data-testid=budget-reason]", timeout=TIMEOUT)
    page.fill("#budget-edit-salaries", "800000")
    screenshot(page, "budget-d-1-returned")
    confirm(page, "#budget-submit")
    page.wait_for_selector("[data-testid=budgets-flash]", timeout=TIMEOUT)
    assert state_of(page) == "উপজেলা অফিসে"
    assert "৮,০০,০০০.০০" in page.inner_text("[data-testid=budget-total]")
    assert "দফা ২" in page.inner_text("[data-testid=budget-facts]")  # round 2; the log keeps both rounds
    actions = page.locator("[data-testid=budget-movements] li").evaluate_all("l => l.map(e => e.dataset.action)")
    assert actions == ["drafted", "submitted", "returned", "submitted"]
    fits(page)
    screenshot(page, "budget-d-2-resubmitted")
