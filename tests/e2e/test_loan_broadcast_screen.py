"""An SMS to every borrower of a project (issue 19 §3), in headless Chromium at 360 px: the upazila office writes the
text with a loan variable, a wrong variable is said at the text, the preview counts the borrowers and shows a
filled-in text, the send asks first naming the count, and the job it starts is linked in the messaging centre.
And the refund list of an area read in parts, as the defaulter list."""
import re

from .conftest import api_call, screenshot
from .test_loan_screens import a_project_with_loans
from .test_loans_page import fits
from .test_pages import TIMEOUT, officer_login, officer_token, officer_url

BORROWERS = 6  # more than 5: the API asks for the count the preview showed


def test_the_upazila_sends_an_sms_to_all_borrowers_of_a_project_after_confirming_the_count(stack, phone_page):
    project, loans = a_project_with_loans(stack, BORROWERS)
    page = phone_page
    officer_login(page, stack, "uco.demo")
    page.goto(officer_url(stack) + f"#/loans/project/{project['id']}")
    page.click("#broadcast-link")
    page.wait_for_selector("#b-text", timeout=TIMEOUT)
    assert page.locator("[data-testid=broadcast-variables] [data-var=pay_link]").count() == 1

    page.fill("#b-text", "প্রিয় {borower}, কিস্তি দিন")  # a misspelt variable: said at the text, nothing sent
    page.click("#broadcast-preview")
    page.wait_for_selector("#b-text-error:not([hidden])", timeout=TIMEOUT)
    assert page.locator("[data-testid=broadcast-preview]").count() == 0

    page.fill("#b-text", "প্রিয় ")
    page.click("[data-testid=broadcast-variables] [data-var=borrower]")
    page.type("#b-text", ", আপনার কিস্তি ")
    page.click("[data-testid=broadcast-variables] [data-var=amount]")
    page.type("#b-text", " জমা দিন।")  # the amount comes with its "টাকা"
    page.wait_for_function("document.querySelector('#b-size').textContent.includes('অংশ')", timeout=TIMEOUT)
    with page.expect_response(lambda r: r.url.endswith("/broadcast/preview")) as asked:
        page.click("#broadcast-preview")
    preview = asked.value.json()
    assert asked.value.status == 200 and preview["recipients"] == BORROWERS, preview
    page.wait_for_selector("[data-testid=broadcast-preview]", timeout=TIMEOUT)
    assert "৬ জন" in page.inner_text("[data-testid=broadcast-recipients]")
    first = page.locator("[data-testid=broadcast-sample]").first.inner_text()
    assert "প্রিয় ঋণগ্রহীতা 1, আপনার কিস্তি" in first and "টাকা জমা দিন" in first and "{" not in first, first
    fits(page)
    screenshot(page, "loan-broadcast-1-preview")

    page.click("#broadcast-send")  # asks first, naming the count
    page.wait_for_selector("[data-testid=broadcast-confirm-box]", timeout=TIMEOUT)
    assert "৬ জন ঋণগ্রহীতার কাছে" in page.inner_text("[data-testid=broadcast-confirm-box]")
    fits(page)
    screenshot(page, "loan-broadcast-2-confirm")

    # A borrower added meanwhile: the send of the six previewed is refused, and the screen asks to preview again.
    token = officer_token(stack, "uco.demo")
    status, added = api_call(stack, "POST", "/api/loans", {
        **{k: loans[0][k] for k in ("project_id", "loan_date", "principal_paisa", "service_charge_paisa",
                                    "instalments", "frequency", "first_due_on")},
        "borrower": {**loans[0]["borrower"], "room_no": "99", "phone": "01719000099", "nid": ""}}, token)
    assert status == 201, added
    with page.expect_response(lambda r: r.url.endswith("/broadcast") and r.request.method == "POST") as refused:
        page.click("#broadcast-confirm")
    assert refused.value.status == 409 and refused.value.json()["error"]["code"] == "confirmation_needed"
    page.wait_for_selector("[data-testid=broadcast-changed]", timeout=TIMEOUT)
    assert "এখন ৭ জন" in page.inner_text("[data-testid=broadcast-changed]")
    assert "expected_recipients" not in page.inner_text("[data-testid=broadcast-preview]")  # an API word
    assert page.locator("#broadcast-send").count() == 0
    screenshot(page, "loan-broadcast-3-changed")
    page.click("#broadcast-preview")
    page.wait_for_selector("[data-testid=broadcast-recipients]:has-text('৭ জন')", timeout=TIMEOUT)
    page.click("#broadcast-send")
    assert "৭ জন ঋণগ্রহীতার কাছে" in page.inner_text("[data-testid=broadcast-confirm-box]")
    with page.expect_response(lambda r: r.url.endswith("/broadcast") and r.request.method == "POST") as sent:
        page.click("#broadcast-confirm")
    assert sent.value.status == 202, sent.value.text()
    assert sent.value.request.post_data_json["expected_recipients"] == BORROWERS + 1
    job = sent.value.json()
    page.wait_for_selector("[data-testid=broadcast-done]", timeout=TIMEOUT)
    assert page.get_attribute("#broadcast-job", "href") == f"#/messages/jobs/{job['job_id']}"
    fits(page)
    screenshot(page, "loan-broadcast-4-sent")
    page.click("#broadcast-job")
    page.wait_for_selector("[data-testid=job]", timeout=TIMEOUT)
    status, read = api_call(stack, "GET", f"/api/messages/jobs/{job['job_id']}",
                            token=officer_token(stack, "uco.demo"))
    assert status == 200 and read["kind"] == "loan_broadcast" and read["total"] == BORROWERS + 1, read


def test_the_district_sees_no_broadcast_on_a_project(stack, phone_page):
    project, _ = a_project_with_loans(stack, 1)
    page = phone_page
    officer_login(page, stack, "dco.demo")
    page.goto(officer_url(stack) + f"#/loans/project/{project['id']}")
    page.wait_for_selector("[data-testid=project-name]", timeout=TIMEOUT)
    assert page.locator("#broadcast-link").count() == 0
    page.goto(officer_url(stack) + f"#/loans/project/{project['id']}/broadcast")
    page.wait_for_selector("text=কেবল প্রকল্পের উপজেলা অফিস পাঠায়", timeout=TIMEOUT)


def test_a_refund_list_in_parts_shows_the_part_and_reads_the_next_with_its_cursor(stack, phone_page):
    """The demo area is small, so its first answer is given a next_cursor here (as the defaulter list's test)."""
    page = phone_page
    officer_login(page, stack, "uco.demo")

    def with_a_next_part(route):
        response = route.fetch()
        route.fulfill(response=response, json={**response.json(), "next_cursor": "the-next-part"})
    page.route(re.compile(r".*/api/loans/refunds(\?(?!.*cursor=).*)?$"), with_a_next_part)
    page.goto(officer_url(stack) + "#/loans/refunds")
    page.wait_for_selector("[data-testid=refunds-part]", timeout=TIMEOUT)
    with page.expect_request(lambda r: "/api/loans/refunds" in r.url and "cursor=the-next-part" in r.url):
        page.click("#refunds-next")
    assert "cursor=the-next-part" in page.evaluate("location.hash")
