"""A project's borrower list through the real routes on moto: import (dry run, row errors, all or nothing, the
same file twice), approval (locked, read above), and a correction request on an approved loan."""
import csv
import io
import json

import pytest

from chalicelib.domain.spreadsheet import XLSX_TYPE
from tests.integration.test_loans_api import PROJECT

HEADER = ["barrack_no | ব্যারাক নম্বর", "room_no", "name_bn", "guardian_name_bn", "phone", "loan_date",
          "principal_taka", "service_charge_taka", "instalments", "frequency", "first_due_on"]


def borrower_row(room: int, **changes) -> list[str]:
    row = {"barrack_no": "২", "room_no": str(room), "name_bn": f"ঋণগ্রহীতা {room}", "guardian_name_bn": "করিম মিয়া",
           "phone": f"017120000{room:02d}", "loan_date": "10/01/2026", "principal_taka": "12,000",
           "service_charge_taka": "1200", "instalments": "12", "frequency": "monthly", "first_due_on": "2026-01-31"}
    row.update(changes)
    return list(row.values())


def csv_of(*rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


@pytest.fixture
def project(as_user):
    status, body = as_user("uco.demo").post("/api/asrayon/projects", PROJECT)
    assert status == 201, body
    return body


def upload(client, as_user, username, project_id, data: bytes, dry_run: bool):
    token = as_user(username).token
    response = client.http.post(f"/api/asrayon/projects/{project_id}/loans/import?dry_run={str(dry_run).lower()}",
                                body=data, headers={"Content-Type": "text/csv", "Authorization": f"Bearer {token}"})
    return response.status_code, json.loads(response.body)


def listed(as_user, username, project_id):
    status, body = as_user(username).get(f"/api/asrayon/projects/{project_id}/loans")
    assert status == 200, body
    return body["items"]


def test_dry_run_lists_row_errors_and_a_file_with_one_bad_row_writes_nothing(client, as_user, project):
    data = csv_of(borrower_row(1), borrower_row(2, phone="12345"), borrower_row(3, principal_taka="অনেক"))
    for dry_run in (True, False):
        status, result = upload(client, as_user, "uco.demo", project["id"], data, dry_run)
        assert status == 200, result
        assert (result["rows"], result["valid"], result["created"], result["dry_run"]) == (3, 1, 0, dry_run)
        assert [(e["row"], e["field"]) for e in result["errors"]] == [(3, "phone"), (4, "principal_taka")]
    status, clean = upload(client, as_user, "uco.demo", project["id"], csv_of(borrower_row(1)), True)
    assert (status, clean["errors"], clean["created"]) == (200, [], 0)
    assert listed(as_user, "uco.demo", project["id"]) == []


def test_imported_drafts_are_approved_once_locked_and_read_above(client, as_user, project):
    data = csv_of(*(borrower_row(room) for room in range(1, 5)))
    status, result = upload(client, as_user, "uco.demo", project["id"], data, False)
    assert (status, result["created"], result["unchanged"], result["errors"]) == (200, 4, 0, [])
    status, again = upload(client, as_user, "uco.demo", project["id"], data, False)
    assert (status, again["created"], again["unchanged"]) == (200, 0, 4)
    assert [i["state"] for i in listed(as_user, "uco.demo", project["id"])] == ["draft"] * 4
    # a draft is on no approved list: the defaulter list (long after its first due date) leaves it out
    status, defaulters = as_user("uco.demo").get("/api/loans/defaulters?area_code=404419")
    assert status == 200 and defaulters["items"] == []
    from datetime import date

    from chalicelib.store.loans import Loans
    drafts = {i["id"] for i in listed(as_user, "uco.demo", project["id"])}
    assert not drafts & set(Loans().due_loan_ids(date(2026, 6, 1)))  # the daily scan reminds no draft

    approve = f"/api/asrayon/projects/{project['id']}/loans/approve"
    for username, code in (("dco.demo", "upazila_office_only"), ("uco2.demo", "outside_jurisdiction")):
        status, refused = upload(client, as_user, username, project["id"], data, False)
        assert (status, refused["error"]["code"]) == (403, code)
        status, refused = as_user(username).post(approve, {"expected_loans": 4})
        assert (status, refused["error"]["code"]) == (403, code)
    for bad in ({}, {"expected_loans": "4"}, {"expected_loans": 0}, {"expected_loans": True}):
        status, refused = as_user("uco.demo").post(approve, bad)  # Schemathesis found {} a 500
        assert (status, refused["error"]["details"][0]["field"]) == (400, "expected_loans"), refused
    status, changed = as_user("uco.demo").post(approve, {"expected_loans": 3})
    assert (status, changed["error"]["code"]) == (409, "draft_list_changed")
    status, approved = as_user("uco.demo").post(approve, {"expected_loans": 4})
    assert status == 200 and (approved["approved"], approved["approved_by"]) == (4, "uco.demo")
    status, nothing = as_user("uco.demo").post(approve, {"expected_loans": 4})
    assert (status, nothing["error"]["code"]) == (409, "no_draft_loans")

    assert drafts <= set(Loans().due_loan_ids(date(2026, 6, 1)))  # approved: the next scan reads each once
    for username in ("dco.demo", "jr.demo", "hq.demo"):
        assert [i["state"] for i in listed(as_user, username, project["id"])] == ["approved"] * 4
    status, defaulters = as_user("dco.demo").get("/api/loans/defaulters?area_code=4044")
    assert status == 200 and len(defaulters["items"]) == 4  # nothing was ever paid
    status, again = upload(client, as_user, "uco.demo", project["id"], data, False)
    assert (status, again["created"], again["unchanged"]) == (200, 0, 4)
    status, changed = upload(client, as_user, "uco.demo", project["id"], csv_of(borrower_row(1, name_bn="অন্য নাম")),
                             True)
    assert status == 200 and [(e["row"], e["field"]) for e in changed["errors"]] == [(2, "room_no")]


def test_a_correction_on_an_approved_loan_is_filed_above_and_applied_by_the_upazila(client, as_user, project):
    upload(client, as_user, "uco.demo", project["id"], csv_of(borrower_row(1), borrower_row(2)), False)
    (draft, _) = listed(as_user, "uco.demo", project["id"])
    body = {"field": "phone", "proposed_value": "01812000001", "reason": "নম্বর বদলেছে"}
    status, early = as_user("dco.demo").post(f"/api/loans/{draft['id']}/corrections", body)
    assert (status, early["error"]["code"]) == (403, "loan_not_approved")
    as_user("uco.demo").post(f"/api/asrayon/projects/{project['id']}/loans/approve", {"expected_loans": 2})
    loan_id = draft["id"]
    status, own = as_user("uco.demo").post(f"/api/loans/{loan_id}/corrections", body)
    assert (status, own["error"]["code"]) == (403, "office_above_files")
    status, outside = as_user("uco2.demo").post(f"/api/loans/{loan_id}/corrections", body)
    assert (status, outside["error"]["code"]) == (403, "outside_jurisdiction")
    status, request = as_user("dco.demo").post(f"/api/loans/{loan_id}/corrections", body)
    assert status == 201, request
    assert (request["subject_kind"], request["subject_id"], request["current_value"], request["proposed_value"]) == (
        "loan", loan_id, draft["phone"], "+8801812000001")
    status, inbox = as_user("uco.demo").get("/api/corrections?box=inbox")
    assert status == 200 and [c["id"] for c in inbox["items"]] == [request["id"]]

    status, refused = as_user("dco.demo").post(f"/api/corrections/{request['id']}/apply", {})
    assert (status, refused["error"]["code"]) == (403, "owner_decides")
    assert as_user("dco.demo").get(f"/api/loans/{loan_id}")[1]["borrower"]["phone"] == draft["phone"]
    status, applied = as_user("uco.demo").post(f"/api/corrections/{request['id']}/apply", {})
    assert (status, applied["state"]) == (200, "applied"), applied
    status, loan = as_user("dco.demo").get(f"/api/loans/{loan_id}")
    assert status == 200 and loan["borrower"]["phone"] == "+8801812000001" and loan["version"] == 3

    from chalicelib.store.audit import history
    assert [(h["action"], h.get("correction_id")) for h in history("loan", loan_id)[:1]] == [
        ("correction", request["id"])]


def test_the_template_downloads_with_bengali_labels(client, as_user):
    status, text = as_user("uco.demo").get("/api/asrayon/loans/template.csv")
    assert status == 200 and text.lstrip("\ufeff").startswith("barrack_no | ব্যারাক নম্বর,room_no | কক্ষ নম্বর")


def test_an_xlsx_list_with_real_dates_and_numeric_phones_is_read(client, as_user, project):
    from datetime import datetime

    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.append(["ব্যারাক নম্বর", "কক্ষ নম্বর", "ঋণগ্রহীতার নাম", "পিতা/স্বামীর নাম", "মোবাইল নম্বর",
                  "ঋণ প্রদানের তারিখ", "ঋণের পরিমাণ (টাকা)", "সার্ভিস চার্জ (টাকা)", "কিস্তির সংখ্যা",
                  "কিস্তির ধরন (monthly/weekly)", "প্রথম কিস্তির তারিখ"])
    sheet.append([4, 9, "সালমা বেগম", "রহিম শেখ", 1712000009, datetime(2026, 1, 10), 12000, 1200, 12, "মাসিক",
                  datetime(2026, 2, 10)])
    out = io.BytesIO()
    book.save(out)
    token = as_user("uco.demo").token
    response = client.http.post(f"/api/asrayon/projects/{project['id']}/loans/import?dry_run=false",
                                body=out.getvalue(), headers={"Authorization": f"Bearer {token}",
                                                              "Content-Type": XLSX_TYPE})
    result = json.loads(response.body)
    assert (response.status_code, result["errors"], result["created"]) == (200, [], 1), result
    (line,) = listed(as_user, "uco.demo", project["id"])
    assert (line["phone"], line["barrack_no"], line["room_no"], line["total_paisa"]) == ("+8801712000009", "4", "9",
                                                                                         1_320_000)


def test_the_upazila_rejects_a_correction_on_a_loan_and_the_borrower_stays(client, as_user, project):
    upload(client, as_user, "uco.demo", project["id"], csv_of(borrower_row(1)), False)
    as_user("uco.demo").post(f"/api/asrayon/projects/{project['id']}/loans/approve", {"expected_loans": 1})
    (loan,) = listed(as_user, "uco.demo", project["id"])
    body = {"field": "name_bn", "proposed_value": "অন্য নাম", "reason": "নাম ভুল আছে"}
    status, request = as_user("jr.demo").post(f"/api/loans/{loan['id']}/corrections", body)
    assert status == 201, request
    status, again = as_user("hq.demo").post(f"/api/loans/{loan['id']}/corrections",
                                            {**body, "proposed_value": "আরেক নাম"})
    assert (status, again["error"]["code"]) == (409, "correction_already_open")
    status, rejected = as_user("uco.demo").post(f"/api/corrections/{request['id']}/reject",
                                                {"reason": "জাতীয় পরিচয়পত্রে নাম ঠিক আছে"})
    assert (status, rejected["state"]) == (200, "rejected"), rejected
    assert listed(as_user, "dco.demo", project["id"])[0]["borrower_name_bn"] == loan["borrower_name_bn"]


def test_drafts_discarded_by_the_upazila_make_room_for_a_corrected_file(client, as_user, project):
    upload(client, as_user, "uco.demo", project["id"], csv_of(borrower_row(1), borrower_row(2)), False)
    discard = f"/api/asrayon/projects/{project['id']}/loans/discard"
    status, refused = as_user("dco.demo").post(discard, {"expected_loans": 2})
    assert (status, refused["error"]["code"]) == (403, "upazila_office_only")
    status, changed = as_user("uco.demo").post(discard, {"expected_loans": 1})
    assert (status, changed["error"]["code"]) == (409, "draft_list_changed")
    status, discarded = as_user("uco.demo").post(discard, {"expected_loans": 2})
    assert (status, discarded["discarded"]) == (200, 2), discarded
    assert listed(as_user, "uco.demo", project["id"]) == []
    status, again = upload(client, as_user, "uco.demo", project["id"],
                           csv_of(borrower_row(1, name_bn="সঠিক নাম"), borrower_row(2)), False)
    assert (status, again["created"], again["errors"]) == (200, 2, [])
    assert {i["borrower_name_bn"] for i in listed(as_user, "uco.demo", project["id"])} == {"সঠিক নাম", "ঋণগ্রহীতা 2"}
