"""Asrayon loans in the officer app, in headless Chromium at 360 px (issue 19): the upazila office sees the demo
project and its four loans, opens a loan and reads its schedule as of today and as of an earlier day, adds a loan
(an error next to its field first) and sees the schedule the API made; the defaulter list shows the demo loans in
arrears with its total, downloads as CSV and prints as a table; the district office reads all of it with no
"new" button."""
import csv
import io
import secrets
from datetime import date, timedelta

from chalicelib.handlers.common import dhaka_today

from .conftest import api_call, screenshot
from .test_pages import TIMEOUT, TO_BN, officer_login, officer_token, officer_url

DEMO_PROJECT = "ঝিনাইদহ সদর আশ্রয়ণ-২ বহুমুখী সমবায় সমিতি লিঃ"
DEMO_BORROWERS = {"রহিমা খাতুন", "সালমা বেগম", "আমেনা বিবি", "জরিনা খাতুন"}
IN_ARREARS = DEMO_BORROWERS - {"রহিমা খাতুন"}  # the demo borrower who paid every instalment due is not listed


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.evaluate("location.hash")


def open_demo_project(page) -> None:
    page.click("#more-link")
    page.click("#loans-link")
    row = page.locator("[data-testid=project-row]", has_text=DEMO_PROJECT)
    row.wait_for(timeout=TIMEOUT)
    assert page.get_attribute("nav.bottom a[data-dest=more]", "aria-current") == "page"
    fits(page)
    row.locator("a").click()
    page.wait_for_selector("[data-testid=loans] tbody tr", timeout=TIMEOUT)


def borrowers(page, testid: str = "loans") -> list[str]:
    link = "loan-link" if testid == "loans" else "defaulter-link"
    return page.eval_on_selector_all(f"[data-testid={testid}] [data-testid={link}]", "as => as.map(a => a.textContent)")


def dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def taka_en(paisa: int) -> str:
    """Paisa as the pages write Taka in English: lakh grouping (Tk 1,23,456.50)."""
    whole, rest = str(paisa // 100), paisa % 100
    head, tail = whole[:-3], whole[-3:]
    groups = [head[max(0, i - 2):i] for i in range(len(head), 0, -2)][::-1]
    return f"Tk {','.join(groups + [tail])}.{rest:02d}"


def test_uco_sees_the_demo_project_opens_a_loan_and_its_schedule_as_of_any_day(stack, phone_page):
    page = phone_page
    officer_login(page, stack, "uco.demo")
    open_demo_project(page)
    assert DEMO_BORROWERS <= set(borrowers(page))
    assert page.inner_text("[data-testid=project-name]").startswith(DEMO_PROJECT)
    assert page.locator("#new-loan").is_visible()
    fits(page)
    screenshot(page, "loans-1-project")

    page.locator("[data-testid=loan-link]", has_text="আমেনা বিবি").click()  # paid nothing: the longest overdue
    page.wait_for_selector("[data-testid=schedule] tbody tr", timeout=TIMEOUT)
    loan_id = page.evaluate("location.hash").split("/")[3].split("?")[0]
    status, loan = api_call(stack, "GET", f"/api/loans/{loan_id}", token=officer_token(stack, "uco.demo"))
    assert status == 200, loan
    assert page.inner_text("[data-testid=borrower-name]").startswith("আমেনা বিবি")
    assert len(page.locator("[data-testid=schedule] tbody tr").all()) == len(loan["schedule"]) == 12
    statuses = page.eval_on_selector_all("[data-testid=schedule] [data-testid=instalment-status]",
                                         "ts => ts.map(t => t.className.split(' ')[1])")
    assert statuses == [line["status"] for line in loan["schedule"]] and statuses[0] == "overdue"
    assert page.get_attribute("[data-testid=loan-state] [data-testid=bucket]", "data-bucket") == loan["bucket"] \
        != "current"
    assert page.inner_text("[data-testid=days-past-due]") == str(loan["days_past_due"]).translate(TO_BN)
    assert taka_en(loan["overdue_paisa"]) in page.inner_text("[data-testid=overdue]")
    fits(page)
    screenshot(page, "loans-2-loan")

    # The day before the first instalment fell due, nothing was overdue.
    before = date.fromisoformat(loan["schedule"][0]["due_on"]) - timedelta(days=1)
    page.fill("#as-of", dmy(before))
    page.click("#as-of-button")
    page.wait_for_function(f"location.hash.includes('as_of={before.isoformat()}')", timeout=TIMEOUT)
    page.wait_for_selector("[data-testid=loan-state] [data-bucket=current]", timeout=TIMEOUT)
    assert page.inner_text("[data-testid=days-past-due]") == "০"
    assert set(page.eval_on_selector_all("[data-testid=schedule] [data-testid=instalment-status]",
                                         "ts => ts.map(t => t.className.split(' ')[1])")) == {"upcoming"}
    # A date typed month first is refused next to the field; nothing is read.
    page.fill("#as-of", "12/31/2026")
    page.click("#as-of-button")
    page.wait_for_selector("#as-of-error:not([hidden])", timeout=TIMEOUT)
    assert "দিন/মাস/বছর" in page.inner_text("#as-of-error")
    assert f"as_of={before.isoformat()}" in page.evaluate("location.hash")


def test_uco_adds_a_loan_and_sees_the_schedule_the_api_made(stack, phone_page):
    page = phone_page
    officer_login(page, stack, "uco.demo")
    open_demo_project(page)
    page.click("#new-loan")
    page.wait_for_selector("#loan-form", timeout=TIMEOUT)
    name = f"ব্রাউজার ঋণগ্রহীতা {secrets.token_hex(2)}"
    today = dhaka_today()
    for field, value in {"#ln-name": name, "#ln-guardian": "মোঃ পরীক্ষক", "#ln-barrack": "৩", "#ln-room": "৭",
                         "#ln-phone": "12345", "#ln-date": dmy(today - timedelta(days=1)), "#ln-principal": "২৪,০০০",
                         "#ln-charge": "1200.50", "#ln-instalments": "৬",
                         "#ln-first-due": dmy(today + timedelta(days=30))}.items():
        page.fill(field, value)
    with page.expect_response(lambda r: r.url.endswith("/api/loans") and r.request.method == "POST") as refused:
        page.click("#save-loan")
    assert refused.value.status == 400
    page.wait_for_selector("#ln-phone-error:not([hidden])", timeout=TIMEOUT)
    assert "মোবাইল" in page.inner_text("#ln-phone-error")
    fits(page)
    screenshot(page, "loans-3-new-loan-error")

    page.fill("#ln-phone", "০১৭১২০০০৯৯৯")
    with page.expect_response(lambda r: r.url.endswith("/api/loans") and r.request.method == "POST") as posted:
        page.click("#save-loan")
    assert posted.value.status == 201, posted.value.text()
    sent, made = posted.value.request.post_data_json, posted.value.json()
    assert (sent["principal_paisa"], sent["service_charge_paisa"], sent["instalments"]) == (2_400_000, 120_050, 6)
    page.wait_for_selector("[data-testid=new-schedule] tbody tr", timeout=TIMEOUT)
    assert len(page.locator("[data-testid=new-schedule] tbody tr").all()) == len(made["schedule"]) == 6
    assert page.locator("#loan-form").is_hidden() and name in page.inner_text("[data-testid=loan-made]")
    fits(page)
    screenshot(page, "loans-4-new-loan-schedule")

    page.click("#open-new-loan")
    page.wait_for_selector("[data-testid=schedule] tbody tr", timeout=TIMEOUT)
    assert page.inner_text("[data-testid=borrower-name]").startswith(name)
    assert page.get_attribute("[data-testid=loan-state] [data-testid=bucket]", "data-bucket") == "current"


def test_the_defaulter_list_shows_the_demo_arrears_downloads_as_csv_and_prints_as_a_table(stack, phone_page):
    page = phone_page
    officer_login(page, stack, "uco.demo")
    page.goto(officer_url(stack) + "#/loans/defaulters")
    page.wait_for_selector("[data-testid=defaulters] tbody tr", timeout=TIMEOUT)
    status, listed = api_call(stack, "GET", "/api/loans/defaulters", token=officer_token(stack, "uco.demo"))
    assert status == 200, listed
    shown = borrowers(page, "defaulters")
    assert IN_ARREARS <= set(shown) and "রহিমা খাতুন" not in shown
    assert shown == [d["borrower_name_bn"] for d in listed["items"]]
    assert taka_en(listed["total_overdue_paisa"]) in page.inner_text("[data-testid=total-overdue]")
    assert len(page.locator("[data-testid=bucket-counts] li").all()) == len({d["bucket"] for d in listed["items"]})
    fits(page)
    screenshot(page, "loans-5-defaulters")

    with page.expect_download(timeout=TIMEOUT) as download:
        page.click("#defaulters-csv")
    assert download.value.suggested_filename == f"defaulters-404419-{listed['as_of']}.csv"
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    assert rows[0][1] == "ঋণগ্রহীতা / Borrower"
    assert IN_ARREARS <= {r[1] for r in rows[1:]}

    page.emulate_media(media="print")
    assert page.eval_on_selector("[data-testid=defaulters] tbody tr", "r => getComputedStyle(r).display") == "table-row"
    assert page.locator("[data-testid=defaulters] thead").is_visible()
    assert page.locator("#as-of-form").is_hidden() and page.locator("nav.bottom").is_hidden()
    assert page.locator("#defaulters-csv").is_hidden()
    screenshot(page, "loans-6-defaulters-print")
    page.emulate_media(media="screen")

    # As of the day before the first demo instalment fell due, nobody was in arrears.
    first_due = min(d["oldest_due_on"] for d in listed["items"])
    page.fill("#as-of", dmy(date.fromisoformat(first_due) - timedelta(days=1)))
    page.click("#as-of-button")
    page.wait_for_selector("[data-testid=defaulters-empty]", timeout=TIMEOUT)


def test_the_district_office_reads_the_loans_but_adds_nothing(stack, phone_page):
    page = phone_page
    officer_login(page, stack, "dco.demo")
    open_demo_project(page)
    assert DEMO_BORROWERS <= set(borrowers(page))
    assert page.locator("#new-loan").count() == 0
    project_id = page.evaluate("location.hash").split("/")[3]
    page.click("#more-link")
    page.click("#loans-link")
    page.wait_for_selector("[data-testid=project-row]", timeout=TIMEOUT)
    assert page.locator("#new-project").count() == 0
    assert page.locator("#l-picker").is_visible()  # the district picks an upazila of its own
    page.goto(officer_url(stack) + f"#/loans/project/{project_id}/new")
    page.wait_for_selector("#loans-view .msg.info", timeout=TIMEOUT)
    assert page.locator("#loan-form").count() == 0
    page.click("#defaulters-tab")
    page.wait_for_selector("[data-testid=defaulters] tbody tr", timeout=TIMEOUT)
    assert IN_ARREARS <= set(borrowers(page, "defaulters"))
    assert "ঝিনাইদহ" in page.inner_text("[data-testid=defaulters-title]")
    fits(page)
    screenshot(page, "loans-7-dco-defaulters")
