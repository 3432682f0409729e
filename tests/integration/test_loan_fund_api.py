"""A project's deposits, remittances and allocations through the real app, and the recovery report's fund."""
import csv
import io

from tests.integration.test_loans_api import PROJECT, credit, loan_body

DEPOSIT = {"kind": "deposit", "on": "2026-01-31", "amount_paisa": 100_000, "reference": "জমা স্লিপ ০০৭"}


def test_a_deposit_is_recorded_once_and_the_report_shows_its_difference(as_user):
    api = as_user("uco.demo")
    status, project = api.post("/api/asrayon/projects", PROJECT)
    status, loan = api.post("/api/loans", loan_body(project["id"]))
    credit(loan["id"], "pay-1", 110_000, "2026-01-31T11:00:00+06:00")
    path = f"/api/asrayon/projects/{project['id']}/fund"
    status, deposit = api.post(path, DEPOSIT)
    assert status == 201 and deposit["recorded_by"] == "uco.demo" and deposit["reference"] == "জমা স্লিপ ০০৭", deposit
    assert api.post(path, DEPOSIT) == (200, deposit)  # sent again: the same record
    status, reply = api.post(path, {**DEPOSIT, "amount_paisa": 100_001})
    assert (status, reply["error"]["code"]) == (409, "reference_recorded"), reply
    assert api.post(path, {"kind": "allocation", "on": "2026-01-02", "amount_paisa": 50_000_000,
                           "reference": "বরাদ্দ ১"})[0] == 201
    status, listed = as_user("dco.demo").get(path)
    assert status == 200 and [r["kind"] for r in listed["items"]] == ["allocation", "deposit"], listed
    assert (listed["deposited_paisa"], listed["allocated_paisa"]) == (100_000, 50_000_000)

    status, report = as_user("dco.demo").get("/api/loans/recovery?area_code=4044&month=2026-01")
    month = report["projects"][0]["fund"]["month"]
    assert (month["bkash_collected_paisa"], month["deposited_paisa"], month["difference_paisa"]) == (
        110_000, 100_000, 10_000), month
    assert report["total"]["fund"]["to_date"]["allocated_paisa"] == 50_000_000
    response = api.client.http.get("/api/loans/recovery?month=2026-01&format=csv",
                                   headers={"Authorization": f"Bearer {api.token}"})
    rows = list(csv.reader(io.StringIO(response.body.decode("utf-8-sig"))))
    difference = rows[0].index("পার্থক্য মাসে (পয়সা) / Difference in month (paisa)")
    assert rows[-1][difference] == "10000"


def test_bad_records_are_clear_4xx(as_user):
    api = as_user("uco.demo")
    status, project = api.post("/api/asrayon/projects", PROJECT)
    path = f"/api/asrayon/projects/{project['id']}/fund"
    for body, field in (({**DEPOSIT, "kind": "gift"}, "kind"), ({**DEPOSIT, "amount_paisa": 0}, "amount_paisa"),
                        ({**DEPOSIT, "on": "2999-01-01"}, "on"), ({**DEPOSIT, "reference": " "}, "reference")):
        status, reply = api.post(path, body)
        assert status == 400 and field in [d["field"] for d in reply["error"]["details"]], reply
    status, reply = api.post(path, {**DEPOSIT, "amount_paisa": True})  # not 1 paisa: a record stays
    assert status == 400 and [(d["field"], d["code"]) for d in reply["error"]["details"]] == [
        ("amount_paisa", "invalid_amount")], reply
    assert api.post("/api/asrayon/projects/0123456789abcdef0/fund", DEPOSIT)[0] == 404
    status, reply = as_user("dco.demo").post(path, DEPOSIT)
    assert (status, reply["error"]["code"]) == (403, "upazila_office_only")
