"""Every SMS-pipeline route: role x inside/outside the area (jobs, log, resend, suppressions, spend).

A job and log entries belong to uco.demo's office (404419): the offices above it read them,
the neighbouring upazila (uco2.demo) does not. Anyone adds to the suppression list; only the
office that added a number or one above it removes it. Caps are set from above.
"""
from datetime import datetime, timezone

import pytest

from chalicelib.domain.jurisdiction import Caller
from chalicelib.domain.outbox import Recipient
from chalicelib.domain.sms import sms_size
from chalicelib.services import message_jobs
from chalicelib.store.sms import SmsLog

from .test_jurisdiction_matrix import COVERS_A, USERS

UCO = Caller("uco.demo", "upazila", "404419")
NOON = datetime(2026, 5, 10, 6, 0, tzinfo=timezone.utc)
ABOVE_A = {"hq.demo", "jr.demo", "dco.demo"}


@pytest.fixture
def job(client):
    from chalicelib.bootstrap import job_stores
    return message_jobs.start_job(job_stores(), UCO, "free_text",
                                  [Recipient("+8801700000001", "সভা", "404419", "", "president")], NOON)


def failed_entry(phone: str) -> str:
    log = SmsLog()
    entry = log.claim("0" * 17, "test", "president", phone, "t", "পরীক্ষা", sms_size("পরীক্ষা"), office_code="404419")
    log.mark(entry, "failed", error="InvalidParameter")
    return entry["id"]


@pytest.mark.parametrize("username", USERS)
def test_jobs_are_read_by_their_office_and_the_offices_above(as_user, job, username):
    api = as_user(username)
    status, reply = api.get(f"/api/messages/jobs/{job['job_id']}")
    assert status == (200 if username in COVERS_A else 403), reply
    status, listed = api.get("/api/messages/jobs")
    assert status == 200
    assert [j["job_id"] for j in listed["items"]] == ([job["job_id"]] if username == "uco.demo" else [])
    assert api.get("/api/messages/jobs/nosuchjob")[0] == 404


@pytest.mark.parametrize("username", USERS)
def test_the_delivery_log_and_resend_follow_jurisdiction(as_user, username):
    api = as_user(username)
    log_id = failed_entry("+8801700000002")
    month = datetime.now(timezone.utc).strftime("%Y-%m")
    for path in (f"/api/messages/log?office_code=404419&month={month}",
                 f"/api/messages/log?office_code=404419&month={month}&format=csv"):
        status, _ = api.get(path)
        assert status == (200 if username in COVERS_A else 403), path
    status, reply = api.post(f"/api/messages/log/{log_id}/resend", {})  # only the office the SMS counts for
    assert status == (201 if username == "uco.demo" else 403), reply
    if username == "uco.demo":
        assert reply["status"] == "sent" and reply["resend_of"] == log_id
        assert api.post(f"/api/messages/log/{log_id}/resend", {})[1]["error"]["code"] == "not_resendable"
    elif username in COVERS_A:
        assert reply["error"]["code"] == "own_office_only"


def test_a_resend_keeps_the_office_s_monthly_cap(as_user):
    from chalicelib.store.message_jobs import Spend
    log_id = failed_entry("+8801700000004")
    Spend().set_cap("404419", 0, "dco.demo", "2026-05-10T06:00:00+00:00")
    status, reply = as_user("uco.demo").post(f"/api/messages/log/{log_id}/resend", {})
    assert status == 409 and reply["error"]["code"] == "spend_cap_reached", reply
    assert SmsLog().get(log_id).get("resent_as") is None


@pytest.mark.parametrize("username", USERS)
def test_anyone_suppresses_only_the_adder_or_above_removes(as_user, username):
    assert as_user("uco.demo").post("/api/messages/suppressions", {"phone": "01700000003", "reason": "চান না"})[0] == 201
    api = as_user(username)
    status, reply = api.post("/api/messages/suppressions", {"phone": f"0170000010{len(username)}", "reason": "stop"})
    assert status == 201, reply
    listed = {s["phone"] for s in api.get("/api/messages/suppressions")[1]["items"]}
    assert ("+8801700000003" in listed) == (username in ("uco.demo", "hq.demo"))
    status, reply = api.delete("/api/messages/suppressions/+8801700000003")
    assert status == (200 if username in COVERS_A else 403), reply


@pytest.mark.parametrize("username", USERS)
def test_spend_is_read_in_the_area_and_caps_are_set_from_above(as_user, username):
    api = as_user(username)
    status, reply = api.get("/api/messages/spend?office_code=404419")
    assert status == (200 if username in COVERS_A else 403), reply
    status, reply = api.call("put", "/api/messages/spend/404419", {"cap_paisa": 100000})
    assert status == (200 if username in ABOVE_A else 403), reply
    if status == 200:
        assert reply["cap_paisa"] == 100000


def test_hq_s_own_cap_is_set_as_bd_like_the_office_routes(as_user):
    status, reply = as_user("hq.demo").call("put", "/api/messages/spend/BD", {"cap_paisa": 5000})
    assert status == 200 and (reply["office_code"], reply["cap_paisa"]) == ("", 5000), reply
    assert as_user("dco.demo").call("put", "/api/messages/spend/BD", {"cap_paisa": 1})[0] == 403


@pytest.mark.parametrize("path", ["/api/messages/jobs", "/api/messages/suppressions", "/api/officer-messages"])
@pytest.mark.parametrize("limit", ["5", "5.0", "200"])
def test_a_page_size_its_document_allows_is_taken_however_json_writes_the_number(as_user, path, limit):
    """The document says an integer from 1 (to 200 or 100): 5.0 is one (JSON Schema), and was refused with 400."""
    status, reply = as_user("dco.demo").get(f"{path}?limit={limit}")
    assert status == (400 if path == "/api/officer-messages" and limit == "200" else 200), reply


@pytest.mark.parametrize("cap, answer", [(2500.0, 200), (2500.5, 400), (True, 400), ("2500", 400), (-1.0, 400)])
def test_a_cap_is_a_whole_number_of_paisa_however_json_writes_it(as_user, cap, answer):
    """cap_paisa is an integer in the document, and 2500.0 is one: it was refused with 400 invalid_cap."""
    status, reply = as_user("dco.demo").call("put", "/api/messages/spend/404419", {"cap_paisa": cap})
    assert status == answer, reply
    if status == 200:
        assert reply["cap_paisa"] == 2500 and isinstance(reply["cap_paisa"], int)
    else:
        assert reply["error"]["code"] == "invalid_cap"
