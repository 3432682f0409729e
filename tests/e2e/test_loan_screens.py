"""The officer's loan screens of issue 19 beyond the lists, in headless Chromium at 360 px: the monthly recovery
report (figures as the API sums them, the arrears chart, another month, CSV, print); on a loan, a pause (an
overlapping one refused next to its field), a reschedule and the change history; the loan committee's blacklist
and its lifting; an office above files a correction request; the representative's collection list paid once
through the bKash simulator, each loan credited its own line."""
import csv
import io
import re
import secrets
from datetime import timedelta

from chalicelib.handlers.common import dhaka_today

from .conftest import api_call, screenshot
from .test_loans_page import DEMO_PROJECT, dmy, fits, taka_en
from .test_pages import TIMEOUT, officer_login, officer_token, officer_url


def a_project_with_loans(stack, count: int) -> tuple[dict, list[dict]]:
    """A project of uco.demo's upazila with loans two instalments overdue, each borrower with their own phone."""
    token = officer_token(stack, "uco.demo")
    status, project = api_call(stack, "POST", "/api/asrayon/projects", {
        "name_bn": f"পরীক্ষা আশ্রয়ণ প্রকল্প {secrets.token_hex(2)}", "upazila_code": "404419",
        "bkash_account": "01711000000", "bank_account": "সোনালী ব্যাংক ০১২৩৪"}, token)
    assert status == 201, project
    today, loans = dhaka_today(), []
    for n in range(count):
        status, loan = api_call(stack, "POST", "/api/loans", {
            "project_id": project["id"], "borrower": {
                "name_bn": f"ঋণগ্রহীতা {n + 1}", "guardian_name_bn": "করিম মিয়া", "barrack_no": "২",
                "room_no": str(n + 1), "phone": f"0171{secrets.randbelow(10 ** 7):07d}"},
            "loan_date": (today - timedelta(days=75)).isoformat(), "principal_paisa": 1_200_000,
            "service_charge_paisa": 60_000, "instalments": 12, "frequency": "monthly",
            "first_due_on": (today - timedelta(days=45)).isoformat()}, token)
        assert status == 201, loan
        loans.append(loan)
    return project, loans


def open_loan(page, stack, loan_id: str) -> None:
    page.goto(officer_url(stack) + f"#/loans/loan/{loan_id}")
    page.wait_for_selector("[data-testid=loan-changes]", timeout=TIMEOUT)


def confirm(page) -> None:
    page.wait_for_selector("[data-testid=action-confirm]", timeout=TIMEOUT)
    page.click("#action-confirm-yes")


def test_the_monthly_recovery_report_adds_up_as_the_api_does_downloads_and_prints(stack, phone_page):
    page = phone_page
    officer_login(page, stack, "uco.demo")
    page.click("#more-link")
    page.click("#loans-link")
    page.click("#report-tab")
    page.wait_for_selector("[data-testid=report-total]", timeout=TIMEOUT)
    status, report = api_call(stack, "GET", "/api/loans/recovery", token=officer_token(stack, "uco.demo"))
    assert status == 200, report
    total = report["total"]
    assert taka_en(total["due_paisa"]) in page.inner_text("[data-testid=total-due]")
    assert taka_en(total["recovered_paisa"]) in page.inner_text("[data-testid=total-recovered]")
    shown_rate = page.inner_text("[data-testid=total-rate]")
    expected = "—" if total["recovery_rate"] is None else f"{total['recovery_rate'] * 100:.1f}%"
    assert shown_rate.translate(str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")).startswith(expected), shown_rate
    projects = page.eval_on_selector_all("[data-testid=report-project]", "as => as.map(a => a.textContent)")
    assert projects == [p["project_name_bn"] for p in report["projects"]] and DEMO_PROJECT in projects
    assert len(page.locator("[data-testid=bucket-line]").all()) == len(total["overdue_by_bucket"])
    assert page.locator("[data-testid=chart-buckets] rect.bar").count() == len(total["overdue_by_bucket"])
    fits(page)
    screenshot(page, "loan-screens-1-recovery")

    with page.expect_download(timeout=TIMEOUT) as download:
        page.click("#report-csv")
    assert download.value.suggested_filename == f"recovery-404419-{report['month']}.csv"
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    assert rows[0][0] == "প্রকল্প / Project" and rows[-1][0] == "মোট / Total"

    page.emulate_media(media="print")
    assert page.locator("#report-form").is_hidden() and page.locator("nav.bottom").is_hidden()
    assert page.locator("[data-testid=report-projects] thead").is_visible()
    screenshot(page, "loan-screens-2-recovery-print")
    page.emulate_media(media="screen")

    # Thirty months earlier, before any loan of the area: the report of that month says so.
    page.select_option("#report-month", index=30)
    page.wait_for_function("location.hash.includes('month=')", timeout=TIMEOUT)
    month = page.evaluate("location.hash").split("month=")[1]
    page.wait_for_selector("[data-testid=report-empty]", timeout=TIMEOUT)
    status, earlier = api_call(stack, "GET", f"/api/loans/recovery?month={month}",
                               token=officer_token(stack, "uco.demo"))
    assert status == 200 and earlier["month"] == month and earlier["projects"] == []
    assert page.locator("#report-month").input_value() == month


def test_a_pause_an_overlapping_pause_refused_and_a_reschedule_in_the_change_history(stack, phone_page):
    _, (loan,) = a_project_with_loans(stack, 1)
    page, today = phone_page, dhaka_today()
    officer_login(page, stack, "uco.demo")
    open_loan(page, stack, loan["id"])
    page.wait_for_selector("[data-testid=changes-empty]", timeout=TIMEOUT)
    page.click("#pause-open")
    page.fill("#ps-start", dmy(today - timedelta(days=10)))
    page.fill("#ps-end", dmy(today + timedelta(days=20)))
    page.fill("#ps-reason", "বন্যায় ব্যারাক প্লাবিত")
    page.fill("#ps-ref", "টাস্কফোর্স সভা ৯/২০২৬")
    page.click("#pause-save")
    fits(page)
    screenshot(page, "loan-screens-3-pause-confirm")
    with page.expect_response(lambda r: r.url.endswith("/pauses") and r.request.method == "POST") as posted:
        confirm(page)
    assert posted.value.status == 201, posted.value.text()
    page.wait_for_selector("[data-testid=loans-flash]", timeout=TIMEOUT)
    page.wait_for_selector("[data-testid=change][data-kind=pause]", timeout=TIMEOUT)
    assert "টাস্কফোর্স সভা ৯/২০২৬" in page.inner_text("[data-testid=changes]")

    # Another pause over some of the same days: 409, said next to the first day, nothing recorded.
    page.click("#pause-open")
    page.fill("#ps-start", dmy(today))
    page.fill("#ps-end", dmy(today + timedelta(days=40)))
    page.fill("#ps-reason", "আবার বন্যা")
    page.fill("#ps-ref", "টাস্কফোর্স সভা ১০/২০২৬")
    page.click("#pause-save")
    with page.expect_response(lambda r: r.url.endswith("/pauses") and r.request.method == "POST") as refused:
        confirm(page)
    assert refused.value.status == 409 and refused.value.json()["error"]["code"] == "pause_overlaps"
    page.wait_for_selector("#ps-start-error:not([hidden])", timeout=TIMEOUT)
    assert "আগে থেকেই বিরতি" in page.inner_text("#pause-error")
    assert page.locator("[data-testid=change]").count() == 1
    fits(page)
    screenshot(page, "loan-screens-4-pause-overlap")
    page.click("#pause-cancel")

    page.click("#reschedule-open")
    page.fill("#rs-from", dmy(today + timedelta(days=60)))
    page.fill("#rs-instalments", "১৮")
    page.fill("#rs-first-due", dmy(today + timedelta(days=70)))
    page.fill("#rs-reason", "ঋণগ্রহীতার আবেদন")
    page.fill("#rs-ref", "ঋণ কমিটি ১১/২০২৬")
    page.click("#reschedule-save")
    with page.expect_response(lambda r: r.url.endswith("/reschedules") and r.request.method == "POST") as done:
        confirm(page)
    assert done.value.status == 201, done.value.text()
    page.wait_for_selector("[data-testid=change][data-kind=reschedule]", timeout=TIMEOUT)
    status, read = api_call(stack, "GET", f"/api/loans/{loan['id']}", token=officer_token(stack, "uco.demo"))
    assert [c["kind"] for c in read["changes"]] == ["pause", "reschedule"]
    assert page.locator("[data-testid=schedule] tbody tr").count() == len(read["schedule"])
    fits(page)
    screenshot(page, "loan-screens-5-history")


def test_the_committee_blacklists_a_borrower_and_lifts_it(stack, phone_page):
    _, (loan,) = a_project_with_loans(stack, 1)
    page = phone_page
    officer_login(page, stack, "uco.demo")
    open_loan(page, stack, loan["id"])
    page.wait_for_selector("[data-testid=sanctions-empty]", timeout=TIMEOUT)
    page.click("#sanction-open")
    page.select_option("#sn-kind", "blacklist")
    page.fill("#sn-reason", "ছয় কিস্তি অপরিশোধিত")
    page.click("#sanction-save")  # no decision reference: refused before anything is sent
    page.wait_for_selector("#sn-ref-error:not([hidden])", timeout=TIMEOUT)
    page.fill("#sn-ref", "ঋণ কমিটি ১২/২০২৬")
    page.click("#sanction-save")
    confirm(page)
    page.wait_for_selector("[data-testid=sanction] [data-testid=in-force]", timeout=TIMEOUT)
    fits(page)
    screenshot(page, "loan-screens-6-blacklisted")
    page.click("[data-testid=lift-open]")
    page.fill("#lf-reason", "সব বকেয়া পরিশোধিত")
    page.fill("#lf-ref", "ঋণ কমিটি ১৩/২০২৬")
    page.click("#lift-save")
    confirm(page)
    page.wait_for_selector("[data-testid=sanction] [data-testid=lifted]", timeout=TIMEOUT)
    assert page.locator("[data-testid=in-force]").count() == 0
    status, listed = api_call(stack, "GET", "/api/asrayon/sanctions", token=officer_token(stack, "uco.demo"))
    mine = [s for s in listed["items"] if s["loan_id"] == loan["id"]]
    assert [(s["kind"], s["in_force"], s["lift_decision_ref"]) for s in mine] == [
        ("blacklist", False, "ঋণ কমিটি ১৩/২০২৬")]


def test_the_district_files_a_correction_request_and_writes_nothing_else(stack, phone_page):
    _, (loan,) = a_project_with_loans(stack, 1)
    page = phone_page
    officer_login(page, stack, "dco.demo")
    open_loan(page, stack, loan["id"])
    assert page.locator("#pause-open").count() == 0 and page.locator("#sanction-open").count() == 0
    page.click("#correction-open")
    page.select_option("#cr-field", "name_bn")
    page.fill("#cr-value", "ঋণগ্রহীতা এক")
    page.fill("#cr-reason", "এনআইডি দেখে নাম মিলানো হয়েছে")
    page.click("#correction-save")
    with page.expect_response(lambda r: r.url.endswith("/corrections") and r.request.method == "POST") as filed:
        confirm(page)
    assert filed.value.status == 201, filed.value.text()
    page.wait_for_selector("[data-testid=correction-sent]", timeout=TIMEOUT)
    request_id = filed.value.json()["id"]
    assert request_id in page.inner_text("[data-testid=correction-sent]")
    fits(page)
    screenshot(page, "loan-screens-7-correction")

    # The project's upazila office sees a borrower's request (not a society's), applies it, and the loan shows it.
    page.click("#more-link")
    page.click("#logout")
    officer_login(page, stack, "uco.demo")
    page.goto(officer_url(stack) + f"#/corrections/r/{request_id}")
    page.wait_for_selector("[data-testid=correction-loan]", timeout=TIMEOUT)
    assert page.inner_text("[data-testid=correction-loan]") == "ঋণগ্রহীতা 1"
    assert "ঋণগ্রহীতার নাম" in page.inner_text("#corrections-view .facts")
    fits(page)
    screenshot(page, "loan-screens-8-correction-inbox")
    page.click("#apply-correction")
    page.click("#confirm-apply")
    page.wait_for_selector("[data-testid=corrections-flash]", timeout=TIMEOUT)
    page.click("[data-testid=correction-loan]")
    page.wait_for_selector("[data-testid=borrower-name]", timeout=TIMEOUT)
    assert page.inner_text("[data-testid=borrower-name]").startswith("ঋণগ্রহীতা এক")


def test_the_representative_pays_for_several_borrowers_at_once(stack, phone_page):
    project, loans = a_project_with_loans(stack, 3)
    page, token = phone_page, officer_token(stack, "uco.demo")
    officer_login(page, stack, "uco.demo")
    page.goto(officer_url(stack) + f"#/loans/project/{project['id']}")
    page.wait_for_selector("[data-testid=loans] tbody tr", timeout=TIMEOUT)
    page.fill("#loan-search", "ঋণগ্রহীতা 2")  # the project's loans searched by the borrower's name
    page.wait_for_function("document.querySelectorAll('[data-testid=loans] tbody tr').length === 1", timeout=TIMEOUT)
    assert page.inner_text("[data-testid=loan-link]") == "ঋণগ্রহীতা 2"
    page.click("#collect-link")
    page.wait_for_selector("[data-testid=collect-row]", timeout=TIMEOUT)
    assert page.locator("[data-testid=collect-row] input[type=checkbox]:checked").count() == 3
    first, second, third = (loan["id"] for loan in loans)
    page.uncheck(f"#cl-{third}")
    page.fill(f"#cl-amount-{second}", "৫০০")
    page.locator(f"#cl-amount-{second}").blur()
    page.fill("#cp-phone", "12345")
    page.click("#collect-save")
    with page.expect_response(lambda r: r.url.endswith("/collections")) as refused:
        page.click("#collect-confirm-yes")
    assert refused.value.status == 400
    page.wait_for_selector("#cp-phone-error:not([hidden])", timeout=TIMEOUT)
    fits(page)
    screenshot(page, "loan-screens-9-collect-error")

    page.fill("#cp-phone", "০১৭৭০৬১৮৫৭৫")
    page.click("#collect-save")
    with page.expect_response(lambda r: r.url.endswith("/collections")) as made:
        page.click("#collect-confirm-yes")
    assert made.value.status == 201, made.value.text()
    lines = {line["loan_id"]: line["amount_paisa"] for line in made.value.json()["lines"]}
    status, before = api_call(stack, "GET", f"/api/loans/{first}", token=token)
    assert set(lines) == {first, second} and lines[second] == 50_000 and lines[first] == before["overdue_paisa"]
    page.wait_for_selector("[data-testid=collection-made]", timeout=TIMEOUT)
    fits(page)
    screenshot(page, "loan-screens-10-collect-link")

    page.click("#collect-pay")
    page.wait_for_url(re.compile(r".*/redirect/tokenized/.*"), timeout=TIMEOUT)  # the bKash page stand-in
    page.fill("#wallet", "01770618575")
    page.click("#next")
    page.fill("#otp", "123456")
    page.click("#next")
    page.fill("#pin", "12121")
    page.click("#pay")
    page.wait_for_url(re.compile(r".*/loan\.html\?collection=.*"), timeout=TIMEOUT)
    page.wait_for_selector("[data-testid=collection-back]", timeout=TIMEOUT)  # not "this link is not right"
    fits(page)
    screenshot(page, "loan-screens-10b-collection-back")
    for loan_id, paid in lines.items():
        status, read = api_call(stack, "GET", f"/api/loans/{loan_id}", token=token)
        assert status == 200 and read["paid_paisa"] == paid, read
    status, untouched = api_call(stack, "GET", f"/api/loans/{third}", token=token)
    assert untouched["paid_paisa"] == 0


def pay_in_the_simulator(page, url: str) -> None:
    page.goto(url)
    page.fill("#wallet", "01770618575")
    page.click("#next")
    page.fill("#otp", "123456")
    page.click("#next")
    page.fill("#pin", "12121")
    page.click("#pay")
    page.wait_for_url(re.compile(r".*/loan\.html.*"), timeout=TIMEOUT)


def test_the_upazila_sets_a_late_charge_and_a_missing_one_is_asked_for_at_its_field(stack, phone_page):
    project, _ = a_project_with_loans(stack, 0)
    page = phone_page
    officer_login(page, stack, "uco.demo")
    page.goto(officer_url(stack) + f"#/loans/project/{project['id']}")
    page.click("[data-testid=project-card] summary")
    assert "চিহ্নিত" in page.inner_text("[data-testid=late-policy]")  # the default: accepted and flagged
    page.click("#policy-link")
    page.check("[data-testid=policy-accept_with_charge]")
    page.click("#policy-save")  # a charge policy with no charge: asked for at the field, nothing sent
    page.wait_for_selector("#lp-charge-error:not([hidden])", timeout=TIMEOUT)
    assert page.locator("#policy-confirm-yes").count() == 0
    fits(page)
    screenshot(page, "loan-screens-11-late-policy-error")
    page.fill("#lp-charge", "৫০")
    page.click("#policy-save")
    page.click("#policy-confirm-yes")
    page.wait_for_selector("[data-testid=loans-flash]", timeout=TIMEOUT)
    page.click("[data-testid=project-card] summary")
    assert "Tk 50.00" in page.inner_text("[data-testid=late-policy]")
    status, read = api_call(stack, "GET", f"/api/asrayon/projects/{project['id']}",
                            token=officer_token(stack, "uco.demo"))
    assert (read["late_policy"], read["late_charge_paisa"]) == ("accept_with_charge", 5000), read


def test_money_paid_twice_is_listed_to_refund_and_the_refund_recorded(stack, phone_page):
    project, (loan,) = a_project_with_loans(stack, 1)
    page, token = phone_page, officer_token(stack, "uco.demo")
    status, read = api_call(stack, "GET", f"/api/loans/{loan['id']}", token=token)
    owed = read["outstanding_paisa"]
    # Two collection lists made for all the loan owes, then both paid: the second is money beyond the loan, kept.
    links = []
    for _ in range(2):
        status, started = api_call(stack, "POST", f"/api/asrayon/projects/{project['id']}/collections", {
            "payer_phone": "01770618575", "lines": [{"loan_id": loan["id"], "amount_paisa": owed}]}, token)
        assert status == 201, started
        links.append(started["bkash_url"])
    for link in links:
        pay_in_the_simulator(page, link)
    status, read = api_call(stack, "GET", f"/api/loans/{loan['id']}", token=token)
    assert read["overpaid_paisa"] == owed, read

    officer_login(page, stack, "uco.demo")
    page.click("#more-link")
    page.click("#loans-link")
    page.click("#refunds-tab")
    row = page.locator("[data-testid=refunds] tbody tr", has=page.locator(f"a[href='#/loans/loan/{loan['id']}']"))
    row.wait_for(timeout=TIMEOUT)
    assert taka_en(owed) in row.locator("[data-testid=overpaid]").inner_text()
    fits(page)
    screenshot(page, "loan-screens-12-refunds")
    row.locator("[data-testid=refund-open]").click()
    page.click("#refund-save")  # no reference: asked for before anything is sent
    page.wait_for_selector("#rf-ref-error:not([hidden])", timeout=TIMEOUT)
    page.fill("#rf-ref", "TRX-REFUND-1")
    page.click("#refund-save")
    with page.expect_response(lambda r: r.url.endswith("/refunds") and r.request.method == "POST") as done:
        page.click("#refund-confirm-yes")
    assert done.value.status == 201, done.value.text()
    page.wait_for_selector("[data-testid=loans-flash]", timeout=TIMEOUT)
    assert page.locator(f"[data-testid=refunds] a[href='#/loans/loan/{loan['id']}']").count() == 0
    status, read = api_call(stack, "GET", f"/api/loans/{loan['id']}", token=token)
    assert read["overpaid_paisa"] == 0, read


def test_an_area_listed_in_parts_shows_the_part_and_reads_the_next_with_its_cursor(stack, phone_page):
    """An area of more loans than one list holds (20,000) answers a part and a next_cursor: the list says so and
    reads the next part with it. The demo area is small, so the first answer is given a next_cursor here."""
    page = phone_page
    officer_login(page, stack, "uco.demo")

    def with_a_next_part(route):
        response = route.fetch()
        route.fulfill(response=response, json={**response.json(), "next_cursor": "the-next-part"})
    page.route(re.compile(r".*/api/loans/defaulters(\?(?!.*cursor=).*)?$"), with_a_next_part)
    page.goto(officer_url(stack) + "#/loans/defaulters")
    page.wait_for_selector("[data-testid=defaulters-part]", timeout=TIMEOUT)
    screenshot(page, "loan-screens-14-defaulters-part")
    status, listed = api_call(stack, "GET", "/api/loans/defaulters", token=officer_token(stack, "uco.demo"))
    worst = next(b for b in listed["by_bucket"] if b["count"])
    counts = page.inner_text("[data-testid=bucket-counts]")
    assert taka_en(worst["overdue_paisa"]) in counts, counts  # each bucket's overdue beside its count
    with page.expect_request(lambda r: "/api/loans/defaulters" in r.url and "cursor=the-next-part" in r.url):
        page.click("#defaulters-next")
    assert "cursor=the-next-part" in page.evaluate("location.hash")


def test_the_district_reads_its_recovery_report_and_one_upazila_below_it(stack, phone_page):
    page = phone_page
    officer_login(page, stack, "dco.demo")
    page.goto(officer_url(stack) + "#/loans/report")
    page.wait_for_selector("[data-testid=report-total]", timeout=TIMEOUT)
    assert page.locator("#l-picker").is_visible()
    status, district = api_call(stack, "GET", "/api/loans/recovery", token=officer_token(stack, "dco.demo"))
    assert taka_en(district["total"]["due_paisa"]) in page.inner_text("[data-testid=total-due]")
    page.select_option("#l-upazila", "404419")
    page.wait_for_function("document.querySelector('[data-testid=report-title]')?.textContent.includes('সদর')",
                           timeout=TIMEOUT)
    status, upazila = api_call(stack, "GET", "/api/loans/recovery?area_code=404419",
                               token=officer_token(stack, "dco.demo"))
    assert taka_en(upazila["total"]["due_paisa"]) in page.inner_text("[data-testid=total-due]")
    assert page.locator("#report-csv").is_visible()
    fits(page)
    screenshot(page, "loan-screens-13-dco-recovery")


def test_a_deposit_recorded_on_the_projects_screen_shows_in_the_report_with_its_difference(stack, phone_page):
    """The upazila records a bank deposit (asked first); the month's report sets it against the bKash money (none
    yet): the difference, Tk -500.00, is marked."""
    project, _ = a_project_with_loans(stack, 1)
    page = phone_page
    officer_login(page, stack, "uco.demo")
    page.goto(officer_url(stack) + f"#/loans/project/{project['id']}")
    page.click("#fund-link")
    page.wait_for_selector("[data-testid=fund-empty]", timeout=TIMEOUT)
    page.click("#fund-save")  # nothing typed: asked for before anything is sent
    page.wait_for_selector("#fd-amount-error:not([hidden])", timeout=TIMEOUT)
    page.fill("#fd-amount", "৫০০")
    page.fill("#fd-ref", "জমা স্লিপ ৭৭")
    page.click("#fund-save")
    with page.expect_response(lambda r: r.url.endswith("/fund") and r.request.method == "POST") as done:
        page.click("#fund-confirm-yes")
    assert done.value.status == 201, done.value.text()
    page.wait_for_selector("[data-testid=fund-records] tbody tr", timeout=TIMEOUT)
    assert "Tk 500.00" in page.inner_text("[data-testid=fund-deposited]")
    fits(page)
    screenshot(page, "loan-screens-15-fund")

    page.goto(officer_url(stack) + "#/loans/report")
    table = page.locator("[data-testid=fund-project]", has_text=project["name_bn"])
    table.wait_for(timeout=TIMEOUT)
    assert "Tk -500.00" in table.locator("[data-testid=fund-summary-difference] .fund-diff").inner_text()
    table.locator("summary").click()
    assert "Tk 500.00" in table.locator("[data-testid=fund-deposited_paisa]").first.inner_text()
    difference = table.locator("[data-testid=fund-difference]")
    assert difference.count() == 2 and "Tk -500.00" in difference.first.inner_text()  # month and to date
    table.scroll_into_view_if_needed()
    fits(page)
    screenshot(page, "loan-screens-16-report-fund")
