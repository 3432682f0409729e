"""The borrower's loan page at 360 px (issue 19 §3): from the SMS link, the phone, bKash, and back to the loan."""
import re
from datetime import date, timedelta

from .conftest import api_call, screenshot

TIMEOUT = 20_000
PHONE = "01712000333"


def a_loan(stack) -> dict:
    status, body = api_call(stack, "POST", "/api/auth/login", {"username": "uco.demo", "password": "Samabay@2026"})
    assert status == 200, body
    token = body["token"]
    status, project = api_call(stack, "POST", "/api/asrayon/projects", {
        "name_bn": "আশ্রয়ণ-২ প্রকল্প, পোড়াহাটি", "upazila_code": "404419", "bkash_account": "01711000000",
        "bank_account": "সোনালী ব্যাংক ০১২৩৪"}, token)
    assert status == 201, project
    first_due = date.today() + timedelta(days=3)
    status, loan = api_call(stack, "POST", "/api/loans", {
        "project_id": project["id"], "borrower": {"name_bn": "রহিমা খাতুন", "guardian_name_bn": "করিম মিয়া",
                                                  "barrack_no": "৩", "room_no": "১২", "phone": PHONE},
        "loan_date": date.today().isoformat(), "principal_paisa": 270000, "service_charge_paisa": 30000,
        "instalments": 3, "frequency": "monthly", "first_due_on": first_due.isoformat()}, token)
    assert status == 201, loan
    return loan


def test_a_borrower_pays_an_instalment_on_a_phone(stack, phone_page):
    loan, page = a_loan(stack), phone_page
    page.goto(stack.site_url.rsplit("/", 1)[0] + f"/loan.html?loan={loan['id']}")
    page.fill("#lookup-phone", "০১৭১২০০০৩৩৩")  # Bengali digits, as people type them
    page.click("#lookup-submit")
    page.wait_for_selector("[data-testid=pay-loan]", timeout=TIMEOUT)
    assert "১,০০০.০০" in page.inner_text("[data-testid=amount-due]")
    screenshot(page, "loan-due-360")
    page.click("[data-testid=pay-loan]")
    page.wait_for_url(re.compile(r".*/redirect/tokenized/.*"), timeout=TIMEOUT)  # the bKash page stand-in
    page.fill("#wallet", "01770618575")
    page.click("#next")
    page.fill("#otp", "123456")
    page.click("#next")
    page.fill("#pin", "12121")
    page.click("#pay")
    page.wait_for_url(re.compile(r".*/loan\.html\?loan=.*"), timeout=TIMEOUT)
    page.wait_for_selector("[data-testid=payment-done]", timeout=TIMEOUT)
    assert page.get_attribute("[data-testid=loan]", "data-payment-state") == "completed"
    assert "পরিশোধিত" in page.inner_text("[data-testid=loan-schedule]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "loan-paid-360")


def test_a_wrong_phone_is_asked_again_and_learns_nothing(stack, phone_page):
    loan, page = a_loan(stack), phone_page
    page.goto(stack.site_url.rsplit("/", 1)[0] + f"/loan.html?loan={loan['id']}")
    page.fill("#lookup-phone", "01812999999")
    page.click("#lookup-submit")
    page.wait_for_selector("#lookup-error:not([hidden])", timeout=TIMEOUT)
    assert "রহিমা" not in page.content()


def test_make_scan_reminds_the_borrower_once_and_counts_loan_sms_sent(stack):
    from .test_stack_http import make_scan, moto_sms
    loan = a_loan(stack)  # its first instalment is due in 3 days: the "due soon" SMS is owed today
    day = date.today()
    first, again = make_scan(stack, day), make_scan(stack, day)
    assert first["loan_sms_sent"] >= 1 and again["loan_sms_sent"] == 0
    to_borrower = [m["message"] for m in moto_sms(stack) if m["phone_number"] == "+8801712000333"]
    assert len([t for t in to_borrower if f"loan={loan['id']}" in t]) == 1
