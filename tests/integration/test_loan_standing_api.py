"""A borrower in arrears, blacklisted or referred for legal action cannot take a new loan (the real app, moto)."""
from datetime import timedelta


from chalicelib.handlers.common import dhaka_today
from chalicelib.store import aws
from tests.integration.test_loans_api import PROJECT, credit, loan_body

NEXT_MONTH = (dhaka_today() + timedelta(days=30)).isoformat()


def refused_codes(reply):
    return reply["error"]["code"], [d["code"] for d in reply["error"]["details"]]


def test_a_borrower_in_arrears_is_refused_a_new_loan_until_the_arrears_are_paid(as_user):
    api, today = as_user("uco.demo"), dhaka_today().isoformat()
    status, project = api.post("/api/asrayon/projects", PROJECT)
    status, late = api.post("/api/loans", loan_body(project["id"]))  # Tk 1,100 a month from 31 Jan 2026
    assert status == 201
    again = loan_body(project["id"], loan_date=today, first_due_on=NEXT_MONTH)
    status, reply = api.post("/api/loans", again)
    assert status == 409 and refused_codes(reply) == ("borrower_ineligible", ["loan_in_arrears"]), reply
    assert "নতুন ঋণ পাবেন না" in reply["error"]["message_bn"] and reply["error"]["details"][0]["loan_id"] == late["id"]
    # the same borrower by NID under another phone is refused too, once the NID is on the late loan
    status, other = api.post("/api/loans", loan_body(project["id"], borrower={
        **again["borrower"], "phone": "01812000419", "room_no": "14"}, loan_date=today, first_due_on=NEXT_MONTH))
    assert status == 201, other  # another person: neither phone nor NID is the late borrower's
    # a loan dated before the first due date was made while the borrower owed nothing late
    status, earlier = api.post("/api/loans", loan_body(project["id"], loan_date="2026-01-20"))
    assert status == 201, earlier
    for n, loan in enumerate((late, earlier)):  # everything owed paid today
        credit(loan["id"], f"all-{n}", loan["total_paisa"], f"{today}T09:00:00+06:00")
    status, reply = api.post("/api/loans", again)
    assert status == 201, reply


def test_the_committee_blacklists_a_borrower_and_lifts_it_audited(as_user, env):
    api, today = as_user("uco.demo"), dhaka_today().isoformat()
    status, project = api.post("/api/asrayon/projects", PROJECT)
    status, loan = api.post("/api/loans", loan_body(project["id"], loan_date=today, first_due_on=NEXT_MONTH))
    assert status == 201
    decision = {"loan_id": loan["id"], "kind": "blacklist", "reason": "ঋণের টাকা অন্য কাজে খরচ",
                "decision_ref": "উপজেলা ঋণ কমিটি ৭/২০২৬", "decided_on": today}
    status, reply = as_user("dco.demo").post("/api/asrayon/sanctions", decision)
    assert status == 403 and reply["error"]["code"] == "upazila_office_only"
    status, reply = as_user("uco2.demo").post("/api/asrayon/sanctions", decision)
    assert status == 403 and reply["error"]["code"] == "outside_jurisdiction"
    status, reply = api.post("/api/asrayon/sanctions", {**decision, "lift_on": "2020-01-01"})
    assert status == 400, reply
    status, listed = api.post("/api/asrayon/sanctions", decision)
    assert status == 201 and listed["in_force"] and listed["decided_by"] == "uco.demo", listed
    assert listed["phone"] == "+8801712345678"

    new = loan_body(project["id"], loan_date=today, first_due_on=NEXT_MONTH)
    status, reply = api.post("/api/loans", new)
    assert status == 409 and refused_codes(reply) == ("borrower_ineligible", ["blacklist"]), reply
    status, seen = as_user("dco.demo").get("/api/asrayon/sanctions?area_code=4044")
    assert status == 200 and [s["id"] for s in seen["items"]] == [listed["id"]]
    assert as_user("uco2.demo").get("/api/asrayon/sanctions?area_code=404419")[0] == 403

    lift = {"reason": "বকেয়া পরিশোধ করেছেন", "decision_ref": "উপজেলা ঋণ কমিটি ৯/২০২৬", "lifted_on": today}
    path = f"/api/asrayon/sanctions/{listed['id']}/lift"
    assert as_user("dco.demo").post(path, lift)[0] == 403
    status, lifted = api.post(path, lift)
    assert status == 200 and not lifted["in_force"] and lifted["lifted_by"] == "uco.demo", lifted
    assert lifted["decision_ref"] == decision["decision_ref"]  # the decision itself is kept as it was
    status, reply = api.post(path, lift)
    assert status == 409 and reply["error"]["code"] == "sanction_lifted"
    assert api.post("/api/asrayon/sanctions/" + "0" * 17 + "/lift", lift)[0] == 404
    status, reply = api.post("/api/loans", new)
    assert status == 201, reply

    audit = aws.table(env["TABLE_AUDIT"]).query(
        KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": f"loan_sanction#{listed['id']}"})["Items"]
    assert sorted((e["action"], e["actor"]) for e in audit) == [("create", "uco.demo"), ("lift", "uco.demo")]


def test_a_referral_for_legal_action_also_refuses_a_new_loan(as_user):
    api, today = as_user("uco.demo"), dhaka_today().isoformat()
    status, project = api.post("/api/asrayon/projects", PROJECT)
    status, loan = api.post("/api/loans", loan_body(project["id"], loan_date=today, first_due_on=NEXT_MONTH,
                                                    borrower={**loan_body("")["borrower"], "nid": "1234567890"}))
    status, _ = api.post("/api/asrayon/sanctions", {"loan_id": loan["id"], "kind": "legal_referral",
                                                     "reason": "দুই বছর কিস্তি দেননি", "decision_ref": "ক-৩",
                                                     "decided_on": today})
    assert status == 201
    other_phone = {**loan_body("")["borrower"], "phone": "01912000419", "nid": "1234567890"}
    status, reply = api.post("/api/loans", loan_body(project["id"], loan_date=today, first_due_on=NEXT_MONTH,
                                                     borrower=other_phone))
    assert status == 409 and refused_codes(reply) == ("borrower_ineligible", ["legal_referral"]), reply


def test_an_imported_list_with_a_borrower_in_arrears_is_not_approved(client, as_user):
    from tests.integration.test_loan_lists import borrower_row, csv_of, upload
    api, today = as_user("uco.demo"), dhaka_today()
    status, project = api.post("/api/asrayon/projects", PROJECT)
    status, late = api.post("/api/loans", loan_body(project["id"]))  # +8801712345678, unpaid since 31 Jan 2026
    new_list = csv_of(borrower_row(1, phone="01712345678", loan_date=today.strftime("%d/%m/%Y"),
                                   first_due_on=NEXT_MONTH), borrower_row(2))
    status, result = upload(client, as_user, "uco.demo", project["id"], new_list, False)
    assert status == 200 and result["created"] == 2, result
    status, reply = api.post(f"/api/asrayon/projects/{project['id']}/loans/approve", {"expected_loans": 2})
    assert status == 409 and refused_codes(reply) == ("borrower_ineligible", ["loan_in_arrears"]), reply
    assert reply["error"]["details"][0]["loan_id"] == late["id"]
    credit(late["id"], "all", late["total_paisa"], f"{today.isoformat()}T09:00:00+06:00")
    status, approved = api.post(f"/api/asrayon/projects/{project['id']}/loans/approve", {"expected_loans": 2})
    assert status == 200 and approved["approved"] == 2, approved
