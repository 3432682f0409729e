"""Asrayon loan routes through the real app, authorizer and moto: projects, loans, a loan as of a day, defaulters."""
import csv
import io

import pytest

from chalicelib.domain.loans import LedgerEntry
from tests.integration.conftest import society_body

PROJECT = {"name_bn": "আশ্রয়ণ-২ বহুমুখী সমবায় সমিতি", "upazila_code": "404419", "bkash_account": "01711-000419",
           "bank_account": "সোনালী ব্যাংক, ঝিনাইদহ, ০১২৩৪৫", "phase": "আশ্রয়ণ-২",
           "bkash_approval_ref": "টাস্কফোর্স ১২/২০২৬", "bkash_approved_on": "2026-01-15"}


def loan_body(project_id: str, **overrides) -> dict:
    body = {"project_id": project_id,
            "borrower": {"name_bn": "রহিমা খাতুন", "guardian_name_bn": "করিম মিয়া", "barrack_no": "৩",
                         "room_no": "12", "phone": "০১৭১২৩৪৫৬৭৮"},
            "loan_date": "2026-01-10", "principal_paisa": 1_200_000, "service_charge_paisa": 120_000,
            "instalments": 12, "frequency": "monthly", "first_due_on": "2026-01-31"}
    body.update(overrides)
    return body


@pytest.fixture
def lending(as_user):
    """A project of Jhenaidah Sadar with one loan, made by its upazila office."""
    api = as_user("uco.demo")
    status, project = api.post("/api/asrayon/projects", PROJECT)
    assert status == 201, project
    status, loan = api.post("/api/loans", loan_body(project["id"]))
    assert status == 201, loan
    return project, loan


def credit(loan_id: str, entry_id: str, paisa: int, value_at: str) -> bool:
    from chalicelib.store.loans import Loans
    return Loans().credit(loan_id, LedgerEntry(entry_id, "payment", paisa, value_at), "test")


def test_a_loan_is_created_with_its_schedule_and_read_as_of_any_day(as_user, lending):
    project, loan = lending
    assert project["bkash_account"] == "+8801711000419" and project["phase"] == "আশ্রয়ণ-২"
    assert [(s["no"], s["due_on"], s["amount_paisa"]) for s in loan["schedule"][:3]] == [
        (1, "2026-01-31", 110_000), (2, "2026-02-28", 110_000), (3, "2026-03-31", 110_000)]
    assert sum(s["amount_paisa"] for s in loan["schedule"]) == 1_320_000
    assert loan["state"] == "approved" and loan["approved_by"] == "uco.demo"
    assert loan["borrower"]["phone"] == "+8801712345678" and loan["borrower"]["barrack_no"] == "3"

    credit(loan["id"], "pay-1", 110_000, "2026-01-31T11:00:00+06:00")
    credit(loan["id"], "pay-2", 50_000, "2026-03-05T11:00:00+06:00")
    api = as_user("dco.demo")  # an office above reads
    status, before = api.get(f"/api/loans/{loan['id']}?as_of=2026-03-04")
    assert status == 200, before
    assert (before["paid_paisa"], before["overdue_paisa"], before["days_past_due"], before["bucket"]) == (
        110_000, 110_000, 4, "1-30")
    assert [s["status"] for s in before["schedule"][:3]] == ["paid", "overdue", "upcoming"]
    status, after = api.get(f"/api/loans/{loan['id']}?as_of=2026-03-05")
    assert (after["paid_paisa"], after["overdue_paisa"], after["outstanding_paisa"]) == (160_000, 60_000, 1_160_000)
    assert [s["paid_paisa"] for s in after["schedule"][:2]] == [110_000, 50_000]
    assert [e["id"] for e in after["ledger"]] == ["pay-1", "pay-2"] and [e["id"] for e in before["ledger"]] == ["pay-1"]
    status, today = api.get(f"/api/loans/{loan['id']}")  # as of today (long after the last due date)
    assert status == 200 and today["bucket"] == "90+"
    # the area's projects, and a project's loans as of a day
    status, listed = as_user("dco.demo").get("/api/asrayon/projects?area_code=4044")
    assert status == 200 and [p["id"] for p in listed["items"]] == [project["id"]]
    status, empty = as_user("uco2.demo").get("/api/asrayon/projects")
    assert status == 200 and empty["items"] == [] and empty["area_code"] == "404433"
    status, loans = as_user("hq.demo").get(f"/api/asrayon/projects/{project['id']}/loans?as_of=2026-01-31")
    assert status == 200, loans
    assert [(i["id"], i["borrower_name_bn"], i["bucket"]) for i in loans["items"]] == [
        (loan["id"], "রহিমা খাতুন", "current")]


def test_defaulters_as_of_a_day_in_json_and_csv(as_user, lending):
    project, late = lending
    api = as_user("uco.demo")
    status, paying = api.post("/api/loans", loan_body(project["id"], borrower={**loan_body("")["borrower"],
                                                                           "name_bn": "সালমা বেগম", "room_no": "13"}))
    assert status == 201
    credit(paying["id"], "pay-1", 220_000, "2026-02-20T11:00:00+06:00")
    status, found = as_user("jr.demo").get("/api/loans/defaulters?area_code=4044&as_of=2026-03-10")
    assert status == 200, found
    assert [(i["loan_id"], i["overdue_paisa"], i["days_past_due"], i["bucket"]) for i in found["items"]] == [
        (late["id"], 220_000, 38, "31-60")]
    assert found["total_overdue_paisa"] == 220_000 and found["count"] == 1 and found["loans"] == 2
    assert found["par30"] == {"at_risk_paisa": 1_200_000, "outstanding_paisa": 2_400_000 - 200_000, "ratio": 0.5455}
    item = found["items"][0]
    assert (item["borrower_name_bn"], item["project_name_bn"], item["oldest_due_on"]) == (
        "রহিমা খাতুন", PROJECT["name_bn"], "2026-01-31")
    status, earlier = api.get("/api/loans/defaulters?as_of=2026-02-15")  # the caller's upazila by default
    assert {i["loan_id"] for i in earlier["items"]} == {late["id"], paying["id"]}  # its payment came later
    response = api.client.http.get("/api/loans/defaulters?area_code=404419&as_of=2026-03-10&format=csv",
                                   headers={"Authorization": f"Bearer {api.token}"})
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    assert 'filename="defaulters-404419-2026-03-10.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.body.decode("utf-8-sig"))))
    assert rows[0][0] == "ঋণ / Loan" and "ঋণগ্রহীতা / Borrower" in rows[0]
    assert rows[1][0] == late["id"] and rows[-1][0] == "মোট / Total" and "220000" in rows[-1]


def test_bad_input_is_a_clear_400_or_404_in_both_languages(as_user, lending):
    project, loan = lending
    api = as_user("uco.demo")
    status, reply = api.post("/api/loans", loan_body(project["id"], principal_paisa=0, frequency="daily",
                                                     borrower={"name_bn": "র", "phone": "12345"}))
    assert status == 400 and reply["error"]["code"] == "invalid_input"
    fields = {d["field"] for d in reply["error"]["details"]}
    assert {"principal_paisa", "frequency", "borrower.name_bn", "borrower.phone", "borrower.barrack_no"} <= fields
    assert all(d["message"] and d["message_bn"] for d in reply["error"]["details"])
    status, reply = api.post("/api/loans", loan_body(project["id"], first_due_on="2026-01-01"))
    assert status == 400 and reply["error"]["details"][0]["code"] == "first_due_before_loan"
    status, reply = api.post("/api/loans", loan_body("f" * 17))
    assert status == 404 and reply["error"]["code"] == "project_not_found"
    status, reply = api.post("/api/asrayon/projects", {**PROJECT, "bkash_account": "0111", "society_id": "zz"})
    assert status == 400 and {d["field"] for d in reply["error"]["details"]} == {"bkash_account", "society_id"}
    status, reply = api.post("/api/asrayon/projects", {**PROJECT, "society_id": "a" * 17})
    assert status == 400 and reply["error"]["details"][0]["field"] == "society_id"
    for path in (f"/api/loans/{loan['id']}?as_of=2026-13-01", f"/api/loans/{loan['id']}?as_of=1700000000",
                 "/api/loans/defaulters?as_of=31/01/2026", "/api/loans/defaulters?area_code=99"):
        status, reply = api.get(path)
        assert status == 400, (path, reply)
    for path in ("/api/loans/" + "0" * 17, "/api/loans/not-a-loan", "/api/asrayon/projects/" + "0" * 17 + "/loans"):
        status, reply = api.get(path)
        assert status == 404, (path, reply)
    # a project may name the registered society it is: one of its own upazila
    status, society = api.post("/api/societies", society_body(registration_no="JHE-ASR-1"))
    assert status == 201
    status, project = api.post("/api/asrayon/projects", {**PROJECT, "society_id": society["id"]})
    assert status == 201 and project["society_id"] == society["id"]
    status, reply = as_user("uco2.demo").post("/api/asrayon/projects", {**PROJECT, "upazila_code": "404433",
                                                                        "society_id": society["id"]})
    assert status == 400 and reply["error"]["details"][0]["code"] == "unknown_society"


def test_the_demo_project_has_loans_to_show_one_of_them_overdue(as_user):
    from chalicelib.handlers.common import dhaka_today, utc_now
    from local.demo import DEMO_BORROWERS, create_loans
    assert create_loans(dhaka_today(), utc_now()) == len(DEMO_BORROWERS)
    api = as_user("uco.demo")
    status, projects = api.get("/api/asrayon/projects")
    assert status == 200 and len(projects["items"]) == 1
    status, listed = api.get(f"/api/asrayon/projects/{projects['items'][0]['id']}/loans")
    assert [i["bucket"] for i in listed["items"]] == ["current", "31-60", "61-90", "1-30"]
    status, found = as_user("dco.demo").get("/api/loans/defaulters")
    assert status == 200 and found["count"] == 3 and found["items"][0]["borrower_name_bn"] == "আমেনা বিবি"
