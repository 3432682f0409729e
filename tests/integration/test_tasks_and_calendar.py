"""The statutory calendar on a society's page, and the interim-committee task the scan opens."""
from datetime import timedelta

import pytest

from chalicelib.handlers.common import dhaka_today
from tests.integration.conftest import society_body
from tests.integration.test_daily_scan import no_sms_yet, scan, sent_sms  # noqa: F401 (fixture)


def expired_society(api, capital_paisa=None, **extra):
    ends = dhaka_today() - timedelta(days=2)
    body = society_body(committee_started_on=(ends - timedelta(days=1095)).isoformat(),
                        term_ends_on=ends.isoformat(), **extra)
    if capital_paisa is not None:
        body["paid_up_share_capital_paisa"] = capital_paisa
    status, society = api.post("/api/societies", body)
    assert status == 201, society
    return society


def test_a_society_page_lists_its_five_obligations_with_cited_rules(as_user):
    status, society = as_user("uco.demo").post("/api/societies", society_body(
        last_audit_year="2024-2025", last_audit_on=(dhaka_today() - timedelta(days=20)).isoformat()))
    assert status == 201
    page = as_user("dco.demo").get(f"/api/societies/{society['id']}")[1]
    kinds = {o["kind"]: o for o in page["obligations"]}
    assert sorted(kinds) == ["accounts_statement", "agm", "audit", "audit_rectification", "committee_term"]
    assert [o["due_on"] for o in page["obligations"]] == sorted(o["due_on"] for o in page["obligations"])
    assert all(o["status"] in ("green", "yellow", "red") and o["rule"] for o in kinds.values())
    assert kinds["audit_rectification"]["status"] == "red"  # due 15 days after the audit: 5 days ago
    assert kinds["agm"]["due_on"] == (dhaka_today() + timedelta(days=40)).isoformat()
    assert "rule 19(2)" in kinds["agm"]["rule"]
    public = as_user(None).get(f"/api/public/societies/{society['id']}")[1]
    assert [o["kind"] for o in public["obligations"]] == list(kinds)


@pytest.mark.parametrize("capital, office, username", [(4_999_999, "404419", "uco.demo"), (None, "404419", "uco.demo"),
                                                       (5_000_000, "4044", "dco.demo")])
def test_an_expired_committee_opens_a_task_for_the_office_that_must_appoint(client, as_user, capital, office,
                                                                            username):
    society = expired_society(as_user("uco.demo"), capital)
    assert scan(client, dhaka_today())["tasks_opened"] == 1
    assert scan(client, dhaka_today())["tasks_opened"] == 0
    tasks = as_user(username).get("/api/tasks")[1]["items"]
    assert [(t["kind"], t["society_id"], t["office_code"], t["state"]) for t in tasks] == [
        ("appoint_interim_committee", society["id"], office, "open")]
    other = "dco.demo" if username == "uco.demo" else "uco.demo"
    assert as_user(other).get("/api/tasks")[1]["items"] == []
    # the officer who must act is told by SMS (the office's phone when it is the district's)
    assert len(sent_sms()) == 1


def test_recording_the_interim_committee_closes_the_task_and_starts_its_countdown(client, as_user):
    api = as_user("uco.demo")
    society = expired_society(api)
    scan(client, dhaka_today())
    status, after = api.patch(f"/api/societies/{society['id']}", {
        "committee_kind": "interim", "committee_started_on": dhaka_today().isoformat()})
    assert status == 200 and after["days_left"] == 120
    assert api.get("/api/tasks")[1]["items"] == []
    assert [t["state"] for t in api.get("/api/tasks?state=all")[1]["items"]] == ["done"]


def test_a_society_without_an_officer_phone_reminds_the_office(client, as_user):
    api = as_user("uco.demo")
    ends = dhaka_today() + timedelta(days=60)
    body = society_body(term_ends_on=ends.isoformat(), committee_started_on=(ends - timedelta(days=1095)).isoformat())
    del body["officer_phone"]
    assert api.post("/api/societies", body)[0] == 201
    office_phone = api.get("/api/offices/404419")[1]["phone"]
    assert office_phone
    scan(client, dhaka_today())
    assert office_phone in {phone for phone, _ in sent_sms()}


def test_headquarters_reads_its_tasks_list_every_state(as_user):
    """HQ's office code is empty, which no index key can hold: its Tasks screen answered 500 on every call."""
    api = as_user("hq.demo")
    for query in ("", "?state=open", "?state=done", "?state=all"):
        assert api.get(f"/api/tasks{query}") == (200, {"items": [], "scanned_on": None}), query


def test_the_tasks_say_which_days_scan_they_are_as_of(client, as_user):
    """A fresh stack said "No open tasks" though a committee had expired: no scan had run yet (issue 17, 3.11)."""
    api = as_user("uco.demo")
    expired_society(api)
    assert api.get("/api/tasks")[1] == {"items": [], "scanned_on": None}
    scan(client, dhaka_today())
    answer = api.get("/api/tasks")[1]
    assert answer["scanned_on"] == dhaka_today().isoformat() and len(answer["items"]) == 1
