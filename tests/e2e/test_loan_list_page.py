"""A project's borrower list in the officer app at 360 px (issue 19 §1): the upazila office checks a CSV file
(a row error shown next to its row), imports the corrected file as drafts, and approves the list after
confirming; the loans then show without the draft mark."""
import secrets

from .conftest import api_call
from .test_loans_page import fits
from .test_pages import TIMEOUT, officer_login, officer_token

HEADER = ("barrack_no,room_no,name_bn,guardian_name_bn,phone,loan_date,principal_taka,service_charge_taka,instalments,"
          "frequency,first_due_on")


def list_file(*rows: str) -> dict:
    return {"name": "borrowers.csv", "mimeType": "text/csv", "buffer": "\n".join([HEADER, *rows]).encode("utf-8")}


def test_uco_imports_a_borrower_list_and_approves_it_after_confirming(stack, phone_page):
    token = officer_token(stack, "uco.demo")
    status, project = api_call(stack, "POST", "/api/asrayon/projects", {
        "name_bn": f"পরীক্ষা আশ্রয়ণ প্রকল্প {secrets.token_hex(3)}", "upazila_code": "404419",
        "bkash_account": "01711000419", "bank_account": "সোনালী ব্যাংক ১২৩"}, token=token)
    assert status == 201, project
    page = phone_page
    officer_login(page, stack, "uco.demo")
    page.goto(page.url.split("#")[0] + f"#/loans/project/{project['id']}/import")
    page.wait_for_selector("#list-file", timeout=TIMEOUT)
    good = ("৫,{room},ঋণগ্রহীতা {room},করিম মিয়া,0171200{room:04d},2026-01-10,12000,600,12,monthly,"
            "2026-02-10")
    page.set_input_files("#list-file", list_file(good.format(room=1), good.format(room=2).replace("0171", "9171")))
    page.click("#list-check")
    page.wait_for_selector("[data-testid=import-error]", timeout=TIMEOUT)
    assert "phone" in page.inner_text("[data-testid=import-errors]")
    assert page.is_disabled("#list-import")
    fits(page)

    page.set_input_files("#list-file", list_file(good.format(room=1), good.format(room=2)))
    page.click("#list-check")
    page.wait_for_selector("#list-import:not([disabled])", timeout=TIMEOUT)
    page.click("#list-import")
    page.click("#list-confirm-yes")
    page.wait_for_selector("[data-testid=import-done]", timeout=TIMEOUT)
    page.wait_for_selector("#list-approve", timeout=TIMEOUT)
    assert "২" in page.inner_text("[data-testid=drafts-count]")
    page.click("#list-discard")  # the drafts removed after confirming, and the file imported again
    page.click("#list-confirm-yes")
    page.wait_for_selector("[data-testid=drafts-discarded]", timeout=TIMEOUT)
    assert "০" in page.inner_text("[data-testid=drafts-count]") and page.locator("#list-approve").count() == 0
    page.click("#list-check")
    page.wait_for_selector("#list-import:not([disabled])", timeout=TIMEOUT)
    page.click("#list-import")
    page.click("#list-confirm-yes")
    page.wait_for_selector("#list-approve", timeout=TIMEOUT)
    page.click("#list-approve")
    page.wait_for_selector("#list-confirm", timeout=TIMEOUT)
    fits(page)
    page.click("#list-confirm-yes")
    page.wait_for_selector("[data-testid=loans-flash]", timeout=TIMEOUT)
    page.wait_for_selector("[data-testid=loans] tbody tr", timeout=TIMEOUT)
    assert page.locator("[data-testid=loan-link]").count() == 2
    assert page.locator("[data-testid=draft-badge]").count() == 0
    status, loans = api_call(stack, "GET", f"/api/asrayon/projects/{project['id']}/loans", token=token)
    assert status == 200 and [i["state"] for i in loans["items"]] == ["approved", "approved"]
