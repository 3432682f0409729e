"""Budget files through the real routes (chalice test client, moto): the society's user drafts and submits,
the UCO recommends, the district or the division's JR decides; scope, 403 before the body, 409s, audit."""
import boto3
import pytest

from local.demo import SOCIETY_DEMO, create_society_user
from tests.integration.conftest import REGION, society_body

TEN_LAKH = 100_000_000  # paisa


@pytest.fixture
def societies(as_user, env):
    """A central society with its secretary's account (society.demo), and another society of the same upazila."""
    ids = []
    for n in (1, 2):
        status, body = as_user("uco.demo").post("/api/societies", society_body(
            registration_no=f"JHE-20{n}", president_phone=f"0181200010{n}", secretary_phone=f"0191300010{n}",
            level="central", kind="general"))
        assert status == 201, body
        ids.append(body["id"])
    create_society_user(env["USER_POOL_ID"], REGION, SOCIETY_DEMO, ids[0])
    create_society_user(env["USER_POOL_ID"], REGION, "other.society", ids[1])
    return ids


def draft(as_user, society_id, amounts=(TEN_LAKH,), username=SOCIETY_DEMO, year="2026-27"):
    heads = ("salaries", "construction", "travel")
    return as_user(username).post("/api/budgets", {
        "society_id": society_id, "financial_year": year, "resolution_on": "2026-11-20",
        "items": [{"head": heads[n], "amount_paisa": a, "justification": "approved by the AGM"}
                  for n, a in enumerate(amounts)]})


def submitted_and_recommended(as_user, society_id, amounts):
    status, b = draft(as_user, society_id, amounts)
    assert status == 201, b
    status, s = as_user(SOCIETY_DEMO).post(f"/api/budgets/{b['id']}/submit", {})
    assert status == 200 and (s["state"], s["holder_office_code"]) == ("submitted", "404419"), s
    status, r = as_user("uco.demo").post(f"/api/budgets/{b['id']}/recommend", {"note": "in order"})
    assert status == 200, r
    return r


def test_me_answers_the_society_user(as_user, societies):
    status, me = as_user(SOCIETY_DEMO).get("/api/me")
    assert status == 200, me
    assert (me["role"], me["society_id"], me["office"]["code"]) == ("society", societies[0], "404419")


def test_below_ten_lakh_the_district_decides(as_user, societies):
    status, b = draft(as_user, societies[0], (TEN_LAKH, 60_000_000))
    assert status == 201 and (b["state"], b["total_paisa"]) == ("draft", TEN_LAKH + 60_000_000), b
    as_user(SOCIETY_DEMO).post(f"/api/budgets/{b['id']}/submit", {})
    status, r = as_user("uco.demo").post(f"/api/budgets/{b['id']}/recommend", {"note": "in order", "memo_no": "47.61"})
    assert status == 200 and (r["state"], r["holder_office_code"]) == ("recommended", "4044"), r
    assert r["movements"][-1]["memo_no"] == "47.61"
    status, d = as_user("dco.demo").post(f"/api/budgets/{b['id']}/decide", {"decision": "approved", "reason": "ok"})
    assert status == 200 and d["state"] == "approved", d
    status, got = as_user(SOCIETY_DEMO).get(f"/api/budgets/{b['id']}")
    assert status == 200
    assert [(m["action"], m["by"], m["office_code"]) for m in got["movements"]] == [
        ("drafted", SOCIETY_DEMO, None), ("submitted", SOCIETY_DEMO, None), ("recommended", "uco.demo", "404419"),
        ("approved", "dco.demo", "4044")]
    trail = boto3.resource("dynamodb", region_name=REGION).Table(
        __import__("chalicelib.config", fromlist=["settings"]).settings().audit_table)
    actions = [i["action"] for i in trail.query(KeyConditionExpression="pk = :p",
                                                ExpressionAttributeValues={":p": f"budget#{b['id']}"})["Items"]]
    assert sorted(actions) == ["approved", "create", "recommend", "submit"]


def test_above_ten_lakh_the_jr_decides_and_everyone_else_gets_403_before_the_body(as_user, societies):
    r = submitted_and_recommended(as_user, societies[0], (TEN_LAKH + 1,))
    assert (r["holder_office_code"], r["copied_office_codes"]) == ("40", ["4044"])
    for username in ("dco.demo", "uco.demo", "hq.demo", SOCIETY_DEMO, "other.society"):
        status, reply = as_user(username).call("post", f"/api/budgets/{r['id']}/decide", None,
                                               headers={})  # no body at all
        assert status == 403, (username, reply)
    status, reply = as_user("jr.demo").post(f"/api/budgets/{r['id']}/decide", {"decision": "maybe"})
    assert status == 400 and reply["error"]["code"] == "invalid_decision"
    status, d = as_user("jr.demo").post(f"/api/budgets/{r['id']}/decide",
                                        {"decision": "rejected", "reason": "no resolution attached"})
    assert status == 200 and d["state"] == "rejected" and d["decided_by"] == "jr.demo", d


def test_returned_file_is_a_new_round_and_an_old_round_is_refused(as_user, societies):
    r = submitted_and_recommended(as_user, societies[0], (TEN_LAKH,))
    status, back = as_user("dco.demo").post(f"/api/budgets/{r['id']}/decide",
                                            {"decision": "returned", "reason": "justify salaries", "round": 1})
    assert status == 200 and back["state"] == "returned" and back["holder_office_code"] is None, back
    status, again = as_user(SOCIETY_DEMO).post(f"/api/budgets/{r['id']}/submit", {"items": [
        {"head": "salaries", "amount_paisa": 90_000_000, "justification": "two posts fewer"}]})
    assert status == 200 and (again["round"], again["total_paisa"]) == (2, 90_000_000), again
    as_user("uco.demo").post(f"/api/budgets/{r['id']}/recommend", {})
    status, stale = as_user("dco.demo").post(f"/api/budgets/{r['id']}/decide",
                                             {"decision": "approved", "reason": "ok", "round": 1})
    assert status == 409 and stale["error"]["code"] == "stale_version", stale


def test_one_open_file_per_society_and_year(as_user, societies):
    assert draft(as_user, societies[0])[0] == 201
    status, reply = draft(as_user, societies[0])
    assert status == 409 and reply["error"]["code"] == "budget_already_open"
    assert draft(as_user, societies[0], year="2027-28")[0] == 201


def test_a_society_user_reads_and_files_only_its_own_society(as_user, societies):
    status, b = draft(as_user, societies[0])
    assert status == 201
    assert as_user("other.society").get(f"/api/budgets/{b['id']}")[0] == 403
    assert draft(as_user, societies[0], username="other.society")[0] == 403
    assert as_user("other.society").get(f"/api/societies/{societies[1]}")[0] == 403  # no office's reads either
    assert as_user("uco2.demo").get(f"/api/budgets/{b['id']}")[0] == 403
    for username in ("uco.demo", "dco.demo", "jr.demo", "hq.demo"):
        assert as_user(username).get(f"/api/budgets/{b['id']}")[0] == 200


def test_the_uco_files_on_the_societys_behalf_and_cannot_then_recommend(as_user, societies):
    status, b = draft(as_user, societies[0], username="uco.demo")
    assert status == 201, b
    status, s = as_user("uco.demo").post(f"/api/budgets/{b['id']}/submit", {})
    assert status == 200 and s["movements"][-1]["action"] == "submitted_on_behalf"
    status, reply = as_user("uco.demo").post(f"/api/budgets/{b['id']}/recommend", {})
    assert status == 403 and reply["error"]["code"] == "same_person"
    assert as_user("dco.demo").post(f"/api/budgets/{b['id']}/withdraw", {})[0] == 403
    status, w = as_user("uco.demo").post(f"/api/budgets/{b['id']}/withdraw", {})
    assert status == 200 and w["state"] == "withdrawn", w
    assert [(m["action"], m.get("on_behalf")) for m in w["movements"]] == [
        ("drafted_on_behalf", True), ("submitted_on_behalf", True), ("withdrawn_on_behalf", True)]


def test_bad_items_are_400(as_user, societies):
    """One stack for the three cases (each stack costs ~4 s of moto provisioning)."""
    for items, code in [([{"head": "salaries", "amount_paisa": 10, "justification": "staff"}] * 2, "head_repeated"),
                        ([{"head": "bribes", "amount_paisa": 10, "justification": "staff"}], "invalid_head"),
                        ([], "invalid_items")]:
        status, reply = as_user(SOCIETY_DEMO).post("/api/budgets", {"society_id": societies[0],
                                                                    "financial_year": "2026-27", "items": items})
        assert status == 400 and reply["error"]["code"] == code, reply


def test_budget_files_are_for_central_societies(as_user, societies):
    status, primary = as_user("uco.demo").post("/api/societies", society_body(
        registration_no="JHE-299", president_phone="01812000299", secretary_phone="01913000299", level="primary"))
    assert status == 201 and primary["level"] == "primary", primary
    status, reply = draft(as_user, primary["id"], username="uco.demo")
    assert status == 409 and reply["error"]["code"] == "not_central_society", reply


def test_the_uco_gives_the_secretary_an_account_who_then_files_the_budget(as_user, societies, client, env):
    from tests.integration.conftest import Api
    body = {"username": "secretary.one", "name_bn": "মোঃ করিম", "phone": "01712345678", "position": "secretary"}
    for username in ("dco.demo", "uco2.demo", SOCIETY_DEMO):
        assert as_user(username).post(f"/api/societies/{societies[0]}/users", body)[0] == 403
    status, made = as_user("uco.demo").post(f"/api/societies/{societies[0]}/users", body)
    assert status == 201 and made["society_id"] == societies[0] and made["phone"] == "+8801712345678", made
    assert as_user("uco.demo").post(f"/api/societies/{societies[0]}/users", body)[0] == 409  # username taken
    status, session = Api(client).post("/api/auth/new-password", {
        "username": "secretary.one", "temporary_password": made["temporary_password"], "new_password": "Karim@2026x"})
    assert status == 200 and session["user"]["role"] == "society", session
    assert session["user"]["society_id"] == societies[0]
    secretary = Api(client, session["token"])
    status, b = secretary.post("/api/budgets", {"society_id": societies[0], "financial_year": "2026-27", "items": [
        {"head": "audit_fee", "amount_paisa": 500000, "justification": "yearly audit"}]})
    assert status == 201 and b["movements"][0]["by"] == "secretary.one", b
    assert secretary.post(f"/api/budgets/{b['id']}/submit", {})[0] == 200
    told = [e for e in _notices(env, b["id"])[0] if e["phone"] == "+8801712345678"]  # the account's own number
    assert [(e["template"], e["role"]) for e in told] == [("budget_to_society", "society_user")]


def test_a_society_user_reaches_no_officer_route(as_user, societies):
    """Officer routes read an office's area from the caller (a society user's is a society id: 500 on the dashboard
    before): the authorizer lets a society's user reach only /api/me and the budget routes."""
    from app import app
    api, reached = as_user(SOCIETY_DEMO), []
    for path, entry in app.routes.items():
        for method, route in entry.items():
            if route.authorizer is None or path == "/api/me" or path.startswith("/api/budgets"):
                continue
            concrete = path.replace("{society_id}", societies[0]).replace("{", "x").replace("}", "")
            status, reply = api.call(method.lower(), concrete, {} if method != "GET" else None)
            if status != 403:
                reached.append((method, path, status))
    assert not reached


def _notices(env, budget_id):
    """The file's SMS log entries (messaging centre) and the e-mails moto's SES accepted for it."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends
    sms = boto3.resource("dynamodb", region_name=REGION).Table(env["TABLE_SMS"]).query(
        KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": f"BUDGET#{budget_id}"})["Items"]
    mails = [m for m in ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages if budget_id in m.subject]
    return sms, mails


def _office_emails():
    from chalicelib.store.offices import Offices
    for code in ("404419", "4044", "40"):
        Offices().update(code, {"email": f"office{code}@example.gov.bd"}, "test", "2026-12-06T00:00:00+00:00")


def test_every_step_is_told_by_sms_and_email_once(as_user, societies, env):
    _office_emails()
    status, b = as_user(SOCIETY_DEMO).post("/api/budgets", {
        "society_id": societies[0], "financial_year": "2026-27", "email": "secretary@example.org",
        "items": [{"head": "construction", "amount_paisa": TEN_LAKH + 1, "justification": "the new godown"}]})
    assert status == 201 and b["society_email"] == "secretary@example.org", b
    as_user(SOCIETY_DEMO).post(f"/api/budgets/{b['id']}/submit", {})
    as_user("uco.demo").post(f"/api/budgets/{b['id']}/recommend", {"note": "in order"})
    status, d = as_user("jr.demo").post(f"/api/budgets/{b['id']}/decide", {"decision": "approved"})
    assert status == 200 and d["state"] == "approved", d
    sms, mails = _notices(env, b["id"])
    # submit: the upazila office and the society's two numbers; recommend: the JR, the district copied, the
    # society; decide: the society
    society_phones = {"+8801812000101", "+8801913000101"}
    to_society = [e for e in sms if e["phone"] in society_phones]
    assert len(to_society) == 6 and {e["template"] for e in to_society} == {"budget_to_society"}, sms
    assert all(e["status"] == "sent" and e["kind"] == "budget" for e in sms), sms
    assert sorted(m.destinations["ToAddresses"][0] for m in mails) == sorted([
        "office404419@example.gov.bd", "secretary@example.org",
        "office40@example.gov.bd", "office4044@example.gov.bd", "secretary@example.org",
        "secretary@example.org"])
    assert any("অনুমোদিত" in m.body for m in mails)


def test_a_failed_email_never_undoes_the_step(as_user, societies, env, monkeypatch):
    _office_emails()
    monkeypatch.setenv("SES_SENDER", "not-verified@example.org")  # SES refuses an unverified sender
    status, b = draft(as_user, societies[0])
    status, s = as_user(SOCIETY_DEMO).post(f"/api/budgets/{b['id']}/submit", {})
    assert status == 200 and s["state"] == "submitted", s
    status, got = as_user("uco.demo").get(f"/api/budgets/{b['id']}")
    assert got["state"] == "submitted"
    from chalicelib.store.email import EmailLog
    assert [e["status"] for e in EmailLog().entries(b["id"])] == ["failed"]
    sms, mails = _notices(env, b["id"])
    assert mails == [] and {e["status"] for e in sms} == {"sent"}


def _scan(client, today):
    from local.worker import until_sent
    event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event",
                                            detail={"today": today.isoformat()}, resources=[])
    planned = client.lambda_.invoke("daily_scan", event).payload
    assert until_sent(planned["run"], wait=0, give_up_after=60)["done"]


def test_a_late_step_reminds_the_holder_then_tells_the_district_and_the_jr_each_once(as_user, societies, env,
                                                                                     client):
    from datetime import date

    from chalicelib.domain.budget import add_working_days
    from chalicelib.store.tasks import Tasks
    _office_emails()
    status, b = draft(as_user, societies[0])
    status, s = as_user(SOCIETY_DEMO).post(f"/api/budgets/{b['id']}/submit", {})
    due = date.fromisoformat(s["due_on"])
    breach = add_working_days(due, 1)
    escalation = add_working_days(breach, 2)

    def late_sms():
        return sorted((e["template"], e["office_code"]) for e in _notices(env, b["id"])[0]
                      if e["template"] in ("budget_overdue", "budget_escalated"))
    _scan(client, due)
    assert late_sms() == []  # the deadline day itself is not late
    _scan(client, breach)
    _scan(client, breach)  # run again: nothing twice
    assert [k for k, _ in late_sms()] and {k for k, _ in late_sms()} == {"budget_overdue"}
    reminded = len(late_sms())
    tasks = [t for t in Tasks().for_office("404419") if t.budget_id == b["id"]]
    assert [(t.kind, t.state) for t in tasks] == [("budget_overdue", "open")]
    _scan(client, escalation)
    _scan(client, escalation)
    escalated = [office for kind, office in late_sms() if kind == "budget_escalated"]
    assert len(late_sms()) == reminded + len(escalated)
    from chalicelib.domain.budget_notices import ESCALATED, OVERDUE, SUBJECT_BN
    mails = [m.destinations["ToAddresses"][0] for m in _notices(env, b["id"])[1]
             if m.subject.startswith((SUBJECT_BN[OVERDUE], SUBJECT_BN[ESCALATED]))]
    assert sorted(mails) == sorted(["office40@example.gov.bd", "office404419@example.gov.bd",
                                    "office4044@example.gov.bd"])
    assert sorted(set(escalated)) == ["40", "4044"]  # the office above and the division's JR, by SMS too
    # the UCO acts at last: its task is closed
    assert as_user("uco.demo").post(f"/api/budgets/{b['id']}/recommend", {})[0] == 200
    assert [t.state for t in Tasks().for_office("404419", None) if t.budget_id == b["id"]] == ["done"]


def _upload_scan(api, budget_id, data: bytes, content_type="application/pdf"):
    import requests
    status, form = api.post(f"/api/budgets/{budget_id}/resolution/uploads",
                            {"content_type": content_type, "size": len(data)})
    assert status == 201, form
    reply = requests.post(form["url"], data=form["fields"], files={"file": ("resolution", data, content_type)},
                          timeout=10)
    assert reply.status_code in (200, 201, 204), reply.text
    return form["upload_id"]


def test_the_resolution_scan_is_private_attachable_at_any_step_and_never_blocks(as_user, societies):
    import requests
    pdf = b"%PDF-1.4\n" + b"0" * 2000
    status, b = draft(as_user, societies[0])
    assert b["resolution_attached"] is False and b["resolution_file"] is None
    status, s = as_user(SOCIETY_DEMO).post(f"/api/budgets/{b['id']}/submit", {})  # missing: the step goes on
    assert status == 200 and s["resolution_attached"] is False
    assert as_user(SOCIETY_DEMO).get(f"/api/budgets/{b['id']}/resolution")[1]["error"]["code"] == "resolution_missing"
    # checked type and size; bytes that are not what the type says; an upload that never happened
    for body, code in (({"content_type": "text/html", "size": 10}, "invalid_file_type"),
                       ({"content_type": "application/pdf", "size": 6 * 1024 * 1024}, "file_too_large")):
        status, reply = as_user(SOCIETY_DEMO).post(f"/api/budgets/{b['id']}/resolution/uploads", body)
        assert status == 400 and reply["error"]["code"] == code, reply
    fake = _upload_scan(as_user(SOCIETY_DEMO), b["id"], b"<html>not a pdf</html>")
    status, reply = as_user(SOCIETY_DEMO).post(f"/api/budgets/{b['id']}/resolution", {"upload_id": fake})
    assert status == 400 and reply["error"]["code"] == "invalid_file", reply
    status, reply = as_user(SOCIETY_DEMO).post(f"/api/budgets/{b['id']}/resolution", {"upload_id": "0" * 16})
    assert status == 400 and reply["error"]["code"] == "file_not_uploaded", reply
    # only the society or its upazila office attaches
    assert as_user("other.society").post(f"/api/budgets/{b['id']}/resolution/uploads",
                                         {"content_type": "application/pdf", "size": 10})[0] == 403
    assert as_user("dco.demo").post(f"/api/budgets/{b['id']}/resolution/uploads",
                                    {"content_type": "application/pdf", "size": 10})[0] == 403
    upload_id = _upload_scan(as_user("uco.demo"), b["id"], pdf)  # the UCO on the society's behalf, mid-step
    status, attached = as_user("uco.demo").post(f"/api/budgets/{b['id']}/resolution", {"upload_id": upload_id})
    assert status == 200 and attached["resolution_attached"] is True, attached
    assert (attached["resolution_file"]["content_type"], attached["resolution_file"]["size"]) == ("application/pdf",
                                                                                                  len(pdf))
    assert attached["state"] == "submitted" and attached["holder_office_code"] == "404419"
    for username in (SOCIETY_DEMO, "uco.demo", "dco.demo", "jr.demo"):
        status, link = as_user(username).get(f"/api/budgets/{b['id']}/resolution")
        assert status == 200 and requests.get(link["url"], timeout=10).content == pdf, (username, link)
    for username in ("other.society", "uco2.demo"):
        assert as_user(username).get(f"/api/budgets/{b['id']}/resolution")[0] == 403
    from chalicelib.config import resolutions_bucket
    bare = requests.get(f"{link['url'].split('?')[0]}", timeout=10)  # the bucket without a signature
    assert bare.status_code == 403 and resolutions_bucket() in link["url"]
    # attaching is no step: the UCO that attached the scan still recommends
    status, r = as_user("uco.demo").post(f"/api/budgets/{b['id']}/recommend", {})
    assert status == 200 and r["state"] == "recommended" and r["resolution_attached"] is True, r
    # and at the next step, with the district office: the society's new scan replaces the first
    png = b"\x89PNG\r\n\x1a\n" + b"1" * 1000
    upload_id = _upload_scan(as_user(SOCIETY_DEMO), b["id"], png, "image/png")
    status, again = as_user(SOCIETY_DEMO).post(f"/api/budgets/{b['id']}/resolution", {"upload_id": upload_id})
    assert status == 200 and (again["state"], again["holder_office_code"]) == ("recommended", "4044"), again
    assert again["resolution_file"]["content_type"] == "image/png" and again["round"] == r["round"]
    status, link = as_user("dco.demo").get(f"/api/budgets/{b['id']}/resolution")
    assert status == 200 and requests.get(link["url"], timeout=10).content == png, link
