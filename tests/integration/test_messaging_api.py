"""Templates (HQ default, district override), preview and send through the routes, on moto."""
from datetime import timedelta

import pytest
from moto.core import DEFAULT_ACCOUNT_ID
from moto.sns.models import sns_backends

from chalicelib.config import settings
from chalicelib.domain.bangla import bn_date
from chalicelib.domain.jurisdiction import Caller
from chalicelib.handlers.common import dhaka_today
from chalicelib.services import registry
from chalicelib.store.audit import history
from chalicelib.store.societies import Societies, new_id
from tests.integration.conftest import society_body

REGION = "ap-southeast-1"
JESSORE = "404104"  # Abhaynagar, Jessore district (4041): same division as Jhenaidah, another district
AGM = "{society_name}: সাধারণ সভা {due}-এর মধ্যে। {office_name}"


def add(api, n: int, upazila: str = "404419", days_left: int = 400, **extra) -> dict:
    ends = dhaka_today() + timedelta(days=days_left)
    fields = {"officer_phone": f"0171100{n:04d}", "president_phone": f"0181200{n:04d}",
              "secretary_phone": f"0191300{n:04d}", **extra}
    body = society_body(registration_no=f"M-{n}", upazila_code=upazila, name_bn=f"সমিতি নম্বর {n}",
                        term_ends_on=ends.isoformat(), committee_started_on=(ends - timedelta(days=1095)).isoformat(),
                        **fields)
    status, body = api.post("/api/societies", {k: v for k, v in body.items() if v is not None})
    assert status == 201, body
    return body


def add_elsewhere(n: int, upazila: str = JESSORE, days_left: int = 400) -> dict:
    """A society of an office with no demo login (created through the service, as its office would)."""
    ends = dhaka_today() + timedelta(days=days_left)
    body = society_body(registration_no=f"J-{n}", upazila_code=upazila, name_bn=f"যশোর সমিতি {n}",
                        term_ends_on=ends.isoformat(), committee_started_on=(ends - timedelta(days=1095)).isoformat(),
                        officer_phone=f"0171200{n:04d}", president_phone=f"0181300{n:04d}",
                        secretary_phone=f"0191400{n:04d}")
    society = registry.create_society(Societies(), new_id, Caller("test", "upazila", upazila), body, dhaka_today(),
                                      "2026-01-01T00:00:00+00:00")
    return {"id": society.id, "president_phone": society.president_phone}


def kinds(reply: dict) -> dict:
    return {i["kind"]: i for i in reply["items"]}


# --- templates ---------------------------------------------------------------------------------

def test_built_in_then_national_then_district_and_back(client, as_user):
    hq, dco, uco, uco2, jr = (as_user(u) for u in ("hq.demo", "dco.demo", "uco.demo", "uco2.demo", "jr.demo"))
    status, reply = uco.get("/api/messages/templates")
    assert status == 200 and kinds(reply)["agm"]["source"] == "builtin" and not reply["can_edit"]
    assert {"society_name", "due", "year", "office_name"} <= {v["name"] for v in kinds(reply)["agm"]["variables"]}

    status, saved = hq.call("put", "/api/messages/templates/agm", {"text": AGM})
    assert status == 200 and saved["source"] == "national" and saved["text"] == AGM
    for api in (dco, uco, jr):
        assert kinds(api.get("/api/messages/templates")[1])["agm"]["source"] == "national"

    district_text = "{society_name}: ঝিনাইদহ জেলার নিজস্ব এজিএম বার্তা, শেষ তারিখ {due}।"
    status, saved = dco.call("put", "/api/messages/templates/agm", {"text": district_text})
    assert status == 200 and saved["source"] == "district"
    for api in (dco, uco, uco2):  # the whole district
        item = kinds(api.get("/api/messages/templates")[1])["agm"]
        assert (item["source"], item["text"]) == ("district", district_text)
    assert kinds(hq.get("/api/messages/templates")[1])["agm"]["source"] == "national"
    assert kinds(hq.get("/api/messages/templates?area_code=4044")[1])["agm"]["source"] == "district"
    assert kinds(jr.get("/api/messages/templates")[1])["agm"]["source"] == "national"

    assert dco.delete("/api/messages/templates/agm")[0] == 200
    assert kinds(uco.get("/api/messages/templates")[1])["agm"]["source"] == "national"
    assert dco.delete("/api/messages/templates/agm")[0] == 404
    assert hq.delete("/api/messages/templates/agm")[0] == 200
    assert kinds(uco.get("/api/messages/templates")[1])["agm"]["source"] == "builtin"

    trail = history("template", "4044#agm")
    assert [e["action"] for e in trail] == ["delete", "create"] and trail[1]["actor"] == "dco.demo"
    assert trail[0]["before"]["text"] == district_text and trail[0]["after"] is None


def test_loan_templates_show_when_they_are_sent_as_configured(as_user, monkeypatch):
    from chalicelib.config import settings
    monkeypatch.setenv("LOAN_REMINDER_DAYS_BEFORE", "5")
    monkeypatch.setenv("LOAN_REMINDER_ON_DUE_DAY", "false")
    monkeypatch.setenv("LOAN_OVERDUE_REMINDER_DAYS", "2,14")
    settings.cache_clear()
    try:
        items = kinds(as_user("uco.demo").get("/api/messages/templates")[1])
    finally:
        settings.cache_clear()
    assert [items[k]["send_days"] for k in ("loan_due_soon", "loan_due_today", "loan_overdue")] == [[-5], [], [2, 14]]
    assert items["loan_due_soon"]["send_when_en"] == "5 days before each due date"
    assert items["loan_due_soon"]["send_when_bn"] == "প্রতিটি কিস্তির ৫ দিন আগে"
    assert items["agm"].get("send_days") is None


@pytest.mark.parametrize("username", ["jr.demo", "uco.demo"])
def test_division_and_upazila_read_but_cannot_edit(as_user, username):
    api = as_user(username)
    status, reply = api.call("put", "/api/messages/templates/agm", {"text": AGM})
    assert status == 403 and reply["error"]["code"] == "templates_read_only"
    assert "district" in reply["error"]["message"] and reply["error"]["message_bn"]
    assert api.delete("/api/messages/templates/agm")[0] == 403


@pytest.mark.parametrize("text,code,variable", [
    ("{society_name}: সভা {meeting_day} তারিখে", "unknown_variable", "meeting_day"),
    ("{society_name}: সভা {due", "malformed_template", None),
    ("{society_name}: সভা {due:>20}", "malformed_template", None),
    ("{society_name}: {}", "malformed_template", None),
    ("   ", "empty_text", None),
    ("{society_name}: " + "অনেক লম্বা বার্তা " * 14, "text_too_long", None),
])
def test_a_bad_template_is_a_400_naming_what_is_wrong(as_user, text, code, variable):
    status, reply = as_user("hq.demo").call("put", "/api/messages/templates/agm", {"text": text})
    assert status == 400 and reply["error"]["code"] == code, reply
    assert reply["error"]["details"][0]["field"] == "text"
    if variable:
        assert reply["error"]["details"][0]["variable"] == variable and variable in reply["error"]["message"]


def test_year_is_not_a_variable_of_the_committee_term_and_unknown_kinds_are_404(as_user):
    hq = as_user("hq.demo")
    status, reply = hq.call("put", "/api/messages/templates/committee_term", {"text": "{society_name} {year}"})
    assert status == 400 and reply["error"]["details"][0]["variable"] == "year"
    assert hq.call("put", "/api/messages/templates/birthday", {"text": "{society_name}"})[0] == 404


# --- preview -----------------------------------------------------------------------------------

def test_preview_counts_recipients_parts_and_cost(as_user):
    uco = as_user("uco.demo")
    for n in range(1, 4):
        add(uco, n)
    status, reply = uco.post("/api/messages/preview", {"template": "agm", "filter": {}})
    assert status == 200, reply
    assert reply["recipients"] == 6 and reply["societies"] == 3 and reply["encoding"] == "UCS-2"
    assert reply["parts"] == 6 * reply["parts_per_sms"]
    assert reply["cost_paisa"] == reply["parts"] * settings().sms_part_cost_paisa
    assert reply["needs_confirmation"] is True and "টাকা" in reply["cost_taka_bn"]
    assert reply["text"].startswith("সমিতি নম্বর ") and "{" not in reply["text"]
    for sample in reply["samples"]:
        assert "*" in sample["phone"] and not sample["phone"].endswith("0001")
    assert "01812000001" not in str(reply) and "+8801812000001" not in str(reply)


def test_preview_filters(as_user):
    uco = as_user("uco.demo")
    far = add(uco, 1, days_left=400)
    add(uco, 2, days_left=30)  # yellow
    interim = add(uco, 3, days_left=60, committee_kind="interim")
    add(uco, 4, days_left=400, president_phone=None, secretary_phone=None)  # nobody to send to
    overdue = add(uco, 5, days_left=400, last_audit_year="2015-2016", last_audit_on="2016-09-01",
                  last_agm_on="2016-06-01")  # AGM owed since the audit

    def preview(body):
        status, reply = uco.post("/api/messages/preview", body)
        assert status == 200, reply
        return reply["recipients"], reply["societies"]

    assert preview({"text": "{society_name}: শুভেচ্ছা", "filter": {}}) == (8, 5)
    assert preview({"template": "agm", "filter": {"status": "yellow"}}) == (4, 2)
    assert preview({"template": "agm", "filter": {"committee_kind": "interim"}}) == (2, 1)
    assert preview({"template": "audit", "filter": {"audit_overdue": True}}) == (2, 1)
    assert preview({"template": "agm", "filter": {"agm_overdue": True}}) == (2, 1)
    assert preview({"template": "agm", "filter": {"society_id": far["id"]}}) == (2, 1)
    assert preview({"template": "agm", "filter": {"society_id": interim["id"]}, "roles": ["officer"]}) == (1, 1)
    assert preview({"template": "agm", "filter": {"society_id": overdue["id"],
                                                   "status": "red"}}) == (2, 1)  # one society: only it
    assert preview({"template": "agm", "filter": {"committee_kind": "new_registration"}}) == (0, 0)


def test_the_same_person_in_two_societies_gets_each_societys_text(as_user):
    uco = as_user("uco.demo")
    add(uco, 1, president_phone="01812000009", secretary_phone="01812000009")
    add(uco, 2, president_phone="01812000009", secretary_phone="01913000002")
    status, reply = uco.post("/api/messages/preview", {"template": "committee_term", "filter": {}})
    assert status == 200 and reply["recipients"] == 3
    status, reply = uco.post("/api/messages/preview", {"text": "সবাইকে শুভেচ্ছা", "filter": {}})
    assert status == 200 and reply["recipients"] == 2  # one text: each number once


def test_preview_errors(as_user):
    uco = as_user("uco.demo")
    assert uco.post("/api/messages/preview", {"template": "agm", "filter": {"area_code": "404433"}})[0] == 403
    status, reply = uco.post("/api/messages/preview", {"template": "agm", "filter": {"area_code": "999999"}})
    assert status == 400 and reply["error"]["code"] == "unknown_area"
    status, reply = uco.post("/api/messages/preview", {"text": "{sociey_name}: সভা", "filter": {}})
    assert status == 400 and reply["error"]["code"] == "unknown_variable"
    assert uco.post("/api/messages/preview", {"filter": {}})[0] == 400
    assert uco.post("/api/messages/preview", {"template": "agm", "text": "x", "filter": {}})[0] == 400
    assert uco.post("/api/messages/preview", {"template": "agm", "roles": ["treasurer"]})[0] == 400
    assert uco.post("/api/messages/preview", {"template": "agm", "filter": {"society_id": "0" * 17}})[0] == 404


def test_a_district_override_applies_to_its_own_societies_only(as_user):
    uco = as_user("uco.demo")
    add(uco, 1)
    jessore = add_elsewhere(1)
    own = "{society_name}: ঝিনাইদহের বার্তা, সভা {due}।"
    assert as_user("dco.demo").call("put", "/api/messages/templates/agm", {"text": own})[0] == 200
    status, reply = as_user("jr.demo").post("/api/messages/preview", {"template": "agm", "filter": {}})
    assert status == 200 and reply["recipients"] == 4
    texts = {s["society_name"]: s["text"] for s in reply["samples"]}
    assert "ঝিনাইদহের বার্তা" in texts["সমিতি নম্বর 1"]
    assert "ঝিনাইদহের বার্তা" not in texts["যশোর সমিতি 1"] and jessore["id"]


# --- the scan uses the template that applies ---------------------------------------------------

def test_the_scan_sends_a_districts_own_text_in_that_district_only(client, as_user):
    sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages.clear()
    mine, theirs = add(as_user("uco.demo"), 1, days_left=60), add_elsewhere(2, days_left=60)
    own = "{society_name}: ঝিনাইদহ জেলার মেয়াদ-বার্তা, শেষ {due}, বাকি {days_left} দিন। {office_name}"
    assert as_user("dco.demo").call("put", "/api/messages/templates/committee_term", {"text": own})[0] == 200
    assert scan(client, dhaka_today())["sms_sent"] == 6  # 2 societies' presidents and secretaries, 2 digests
    sent = dict(sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages.values())
    ends = bn_date(dhaka_today() + timedelta(days=60))
    assert sent[mine["president_phone"]] == (f"সমিতি নম্বর 1: ঝিনাইদহ জেলার মেয়াদ-বার্তা, শেষ {ends}, বাকি ৬০ দিন। "
                                             "উপজেলা সমবায় কার্যালয়, ঝিনাইদহ সদর")
    assert sent[theirs["president_phone"]] == f"যশোর সমিতি 2: কমিটির মেয়াদ শেষ {ends}, নির্বাচন করুন।"


def scan(client, today):
    from tests.integration.test_daily_scan import scan as scan_and_send
    return scan_and_send(client, today)


# --- send --------------------------------------------------------------------------------------

def test_send_starts_a_job_for_the_previewed_recipients(as_user):
    uco = as_user("uco.demo")
    for n in range(1, 4):
        add(uco, n)
    body = {"template": "agm", "filter": {"area_code": "404419"}}
    preview = uco.post("/api/messages/preview", body)[1]
    status, reply = uco.post("/api/messages/send", body)
    assert status == 202 and reply["job_id"] and reply["state"] in ("queued", "waiting"), reply
    status, job = uco.get(f"/api/messages/jobs/{reply['job_id']}")
    assert status == 200 and job["total"] == preview["recipients"] == 6
    assert job["parts"] == preview["parts"] and job["cost_paisa"] == preview["cost_paisa"]
    assert job["office_code"] == "404419" and job["kind"] == "agm" and job["description"]


def test_send_to_nobody_is_a_400(as_user):
    status, reply = as_user("uco.demo").post("/api/messages/send", {"template": "agm",
                                                                    "filter": {"committee_kind": "interim"}})
    assert status == 400 and reply["error"]["code"] == "no_recipients"


def test_the_size_while_typing_comes_from_the_servers_sms_rule(as_user):
    uco = as_user("uco.demo")
    status, size = uco.post("/api/messages/size", {"text": "Hello {society_name}"})
    assert status == 200 and size == {"encoding": "UCS-2", "units": 7, "parts": 1}, size  # named "ক"
    status, size = uco.post("/api/messages/size", {"text": "প্রিয় সদস্য, " * 7})
    assert status == 200 and size["encoding"] == "UCS-2" and size["parts"] == 2, size
    status, size = uco.post("/api/messages/size", {"text": "Plain English only"})
    assert status == 200 and size == {"encoding": "GSM-7", "units": 18, "parts": 1}
    status, reply = uco.post("/api/messages/size", {"text": "x" * 5000})
    assert status == 400 and reply["error"]["details"][0]["field"] == "text"
    assert as_user(None).post("/api/messages/size", {"text": "x"})[0] == 401


def test_a_retried_send_with_the_same_client_request_id_answers_the_same_job(as_user):
    uco = as_user("uco.demo")
    for n in range(1, 3):
        add(uco, n)
    body = {"template": "agm", "filter": {"area_code": "404419"}, "client_request_id": "5f0c2a8e-retry-1"}
    first, again = uco.post("/api/messages/send", body), uco.post("/api/messages/send", body)
    assert first[0] == again[0] == 202 and first[1]["job_id"] == again[1]["job_id"], (first, again)
    assert again[1]["recipients"] == first[1]["recipients"] == 4
    other = uco.post("/api/messages/send", {**body, "client_request_id": "5f0c2a8e-retry-2"})[1]
    assert other["job_id"] != first[1]["job_id"]
    jobs = uco.get("/api/messages/jobs")[1]["items"]
    assert sorted(j["job_id"] for j in jobs) == sorted({first[1]["job_id"], other["job_id"]})


def test_someone_elses_client_request_id_starts_their_own_job(as_user):
    add(as_user("uco.demo"), 1)
    body = {"template": "agm", "filter": {"area_code": "404419"}, "client_request_id": "same-id-for-both"}
    mine = as_user("uco.demo").post("/api/messages/send", body)[1]
    theirs = as_user("dco.demo").post("/api/messages/send", body)[1]
    assert mine["job_id"] != theirs["job_id"]


@pytest.mark.parametrize("bad", ["short", "has spaces in it", "x" * 65, 12345678])
def test_a_malformed_client_request_id_is_a_400(as_user, bad):
    status, reply = as_user("uco.demo").post("/api/messages/send", {"template": "agm", "client_request_id": bad})
    assert status == 400 and reply["error"]["code"] == "invalid_input", reply
