"""The monthly recovery report through the real app: JSON and CSV, each office its own area."""
import csv
import io

from tests.integration.test_loans_api import PROJECT, credit, loan_body


def test_the_monthly_report_in_json_and_csv_inside_the_callers_area(as_user):
    api = as_user("uco.demo")
    status, project = api.post("/api/asrayon/projects", PROJECT)
    status, loan = api.post("/api/loans", loan_body(project["id"]))
    credit(loan["id"], "pay-1", 110_000, "2026-01-31T11:00:00+06:00")
    status, report = as_user("dco.demo").get("/api/loans/recovery?area_code=4044&month=2026-01")
    assert status == 200, report
    assert [p["project_id"] for p in report["projects"]] == [project["id"]]
    total = report["total"]
    assert (total["due_paisa"], total["recovered_paisa"], total["recovery_rate"]) == (110_000, 110_000, 1.0)
    assert as_user("hq.demo").get("/api/loans/recovery?month=2026-01")[1]["total"]["due_paisa"] == 110_000
    assert as_user("uco2.demo").get("/api/loans/recovery?area_code=404419&month=2026-01")[0] == 403
    status, reply = api.get("/api/loans/recovery?month=2026-13")
    assert status == 400, reply
    response = api.client.http.get("/api/loans/recovery?month=2026-01&format=csv", headers={"Authorization": f"Bearer {api.token}"})
    assert response.status_code == 200, response.body
    rows = list(csv.reader(io.StringIO(response.body.decode("utf-8-sig"))))
    assert rows[0][0] == "প্রকল্প / Project" and rows[-1][0] == "মোট / Total" and rows[-1][3] == "110000"
