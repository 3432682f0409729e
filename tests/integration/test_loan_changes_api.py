"""An approved pause and reschedule through the real app and moto: recorded, audited, never rewriting the loan."""

from chalicelib.store import aws
from tests.integration.test_loans_api import PROJECT, loan_body

FLOOD = {"starts_on": "2026-08-15", "ends_on": "2026-09-13", "reason": "আগস্টের বন্যা",
         "decision_ref": "উপজেলা টাস্কফোর্স ৫/২০২৬"}


def test_a_pause_moves_what_is_due_and_an_overlapping_one_is_refused(as_user, env):
    api = as_user("uco.demo")
    status, project = api.post("/api/asrayon/projects", PROJECT)
    status, loan = api.post("/api/loans", loan_body(project["id"]))
    assert status == 201
    path = f"/api/loans/{loan['id']}/pauses"
    status, reply = as_user("dco.demo").post(path, FLOOD)
    assert status == 403 and reply["error"]["code"] == "upazila_office_only"
    status, paused = api.post(path, FLOOD)
    assert status == 201, paused
    assert [s["due_on"] for s in paused["schedule"][6:9]] == ["2026-07-31", "2026-09-30", "2026-10-30"]
    assert sum(s["amount_paisa"] for s in paused["schedule"]) == loan["total_paisa"]
    status, reply = api.post(path, {**FLOOD, "starts_on": "2026-09-13", "ends_on": "2026-09-20"})
    assert status == 409 and reply["error"]["code"] == "pause_overlaps", reply
    status, reply = api.post(path, {**FLOOD, "ends_on": "2026-08-01"})
    assert status == 400, reply
    status, read = as_user("dco.demo").get(f"/api/loans/{loan['id']}?as_of=2026-08-31")
    assert status == 200 and read["schedule"][7]["due_on"] == "2026-09-30"
    assert [(c["kind"], c["starts_on"], c["ends_on"], c["decision_ref"], c["approved_by"])
            for c in read["changes"]] == [("pause", "2026-08-15", "2026-09-13", FLOOD["decision_ref"], "uco.demo")]
    # nothing paid: January's instalment 212 days late on 31 Aug, of which 17 (15-31 Aug) paused
    assert (read["days_past_due"], read["bucket"]) == (212 - 17, "90+"), read
    audit = aws.table(env["TABLE_AUDIT"]).query(
        KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": f"loan#{loan['id']}"})["Items"]
    assert sorted(e["action"] for e in audit) == ["create", "pause"]


def test_a_reschedule_keeps_the_instalments_before_it(as_user):
    api = as_user("uco.demo")
    status, project = api.post("/api/asrayon/projects", PROJECT)
    status, loan = api.post("/api/loans", loan_body(project["id"]))
    body = {"from_on": "2026-07-01", "instalments": 10, "frequency": "weekly", "first_due_on": "2026-07-15",
            "reason": "ঋণগ্রহীতার আবেদন", "decision_ref": "ঋণ কমিটি ৮/২০২৬"}
    status, changed = api.post(f"/api/loans/{loan['id']}/reschedules", body)
    assert status == 201, changed
    assert changed["schedule"][:6] == [{**s, "paid_paisa": 0, "status": "overdue"} for s in loan["schedule"][:6]]
    assert len(changed["schedule"]) == 16 and changed["schedule"][6]["due_on"] == "2026-07-15"
    assert sum(s["amount_paisa"] for s in changed["schedule"]) == loan["total_paisa"]
    assert loan["changes"] == [] and [(c["kind"], c["from_on"], c["instalments"], c["frequency"], c["reason"])
                                      for c in changed["changes"]] == [
        ("reschedule", "2026-07-01", 10, "weekly", "ঋণগ্রহীতার আবেদন")]
    status, reply = api.post(f"/api/loans/{loan['id']}/reschedules", {**body, "from_on": "2027-01-01",
                                                                      "first_due_on": "2027-01-15"})
    assert status == 409 and reply["error"]["code"] == "nothing_to_reschedule", reply
    assert api.post("/api/loans/" + "0" * 17 + "/reschedules", body)[0] == 404
