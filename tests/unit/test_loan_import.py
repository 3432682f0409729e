"""The borrower list's import rules (domain/loan_import.py, services/loan_lists.check_rows): pure, no AWS."""
from datetime import date

from chalicelib.domain.jurisdiction import Caller
from chalicelib.domain.loan_import import LOAN_SHEET, column_of, loan_body
from chalicelib.domain.loans import Project
from chalicelib.domain.spreadsheet import read_rows
from chalicelib.services.loan_lists import check_rows, template_csv

TODAY = date(2026, 6, 1)
PROJECT = Project("a" * 17, "আশ্রয়ণ-২ প্রকল্প", "404419", "+8801711000419", "সোনালী ব্যাংক ১২৩", "2026-01-01", "uco.demo")
UCO = Caller("uco.demo", "upazila", "404419")
ROW = {"barrack_no": "৩", "room_no": "12", "name_bn": "রহিমা খাতুন", "guardian_name_bn": "করিম মিয়া",
       "phone": "1712345678", "loan_date": "10/01/2026", "principal_taka": "12,000", "service_charge_taka": "1200",
       "instalments": "১২", "frequency": "মাসিক", "first_due_on": "2026-01-31"}


def checked(*rows, existing=()):
    return check_rows(list(enumerate(rows, start=2)), list(existing), UCO, PROJECT, TODAY, "2026-06-01T00:00:00Z")


def test_a_row_becomes_the_loan_forms_body_in_paisa_with_iso_dates():
    body = loan_body(ROW, PROJECT.id)
    assert (body["principal_paisa"], body["service_charge_paisa"], body["instalments"]) == (1_200_000, 120_000, 12)
    assert (body["loan_date"], body["first_due_on"], body["frequency"]) == ("2026-01-10", "2026-01-31", "monthly")


def test_a_valid_row_is_a_draft_loan_with_its_schedule():
    fresh, unchanged, errors = checked(ROW)
    assert errors == [] and unchanged == 0
    (loan,) = fresh
    assert loan.state == "draft" and loan.approved_at is None and loan.upazila_code == "404419"
    assert loan.borrower.phone == "+8801712345678" and loan.borrower.barrack_no == "3"
    assert sum(i.amount_paisa for i in loan.schedule) == 1_320_000


def test_row_errors_name_the_row_and_the_templates_column():
    no_amount = {**ROW, "principal_taka": "বারো হাজার"}
    bad = {**ROW, "room_no": "13", "phone": "12345", "instalments": "0"}
    out_of_order = {**ROW, "room_no": "14", "first_due_on": "2026-01-01"}
    fresh, _, errors = checked(no_amount, bad, out_of_order)
    assert fresh == []
    assert sorted((e["row"], e["field"] or "") for e in errors) == [
        (2, "principal_taka"), (3, "instalments"), (3, "phone"), (4, "")]
    assert "Taka" in errors[0]["message"] and "টাকা" in errors[0]["message_bn"]
    assert column_of("borrower.phone") == "phone" and column_of("principal_paisa") == "principal_taka"


def test_the_same_room_and_loan_date_twice_in_one_file_is_an_error():
    _, _, errors = checked(ROW, {**ROW, "name_bn": "অন্য নাম"})
    assert [(e["row"], e["field"]) for e in errors] == [(3, "room_no")]


def test_a_row_already_on_the_list_is_unchanged_and_one_with_other_details_an_error():
    (loan,), _, _ = checked(ROW)
    fresh, unchanged, errors = checked(ROW, {**ROW, "room_no": "13"}, existing=[loan])
    assert unchanged == 1 and [f.borrower.room_no for f in fresh] == ["13"] and errors == []
    fresh, unchanged, errors = checked({**ROW, "principal_taka": "15000"}, existing=[loan])
    assert (fresh, unchanged) == ([], 0) and [(e["row"], e["field"]) for e in errors] == [(2, "room_no")]


def test_the_templates_example_row_is_refused_and_its_header_is_read_back():
    parsed = read_rows(template_csv().encode("utf-8"), "text/csv", layout=LOAN_SHEET)
    assert parsed.errors == [] and len(parsed.rows) == 1
    _, _, errors = checked(parsed.rows[0][1])
    assert [e["row"] for e in errors] == [2] and "example" in errors[0]["message"]


def test_a_list_without_a_required_column_is_refused_by_its_header():
    parsed = read_rows("ব্যারাক নম্বর,কক্ষ নম্বর\n1,2\n".encode("utf-8"), "text/csv", layout=LOAN_SHEET)
    assert parsed.rows == [] and "name_bn" in {e["field"] for e in parsed.errors}
