"""A message to every borrower of a project through the messaging centre (issue 19 §3): the loan's variables per
borrower, a preview, the confirmation before sending to more than five, one bulk job, each SMS once in its log."""
from datetime import date

import pytest
from moto.core import DEFAULT_ACCOUNT_ID
from moto.sns.models import sns_backends

from chalicelib.domain.bangla import bn_date

from .test_loan_lists import borrower_row, csv_of, upload
from .test_loans_api import PROJECT
from .test_message_jobs import drain

TEXT = "{borrower}: সভা শুক্রবার, কিস্তি {amount} {due}: {pay_link}"
ROOMS = range(1, 8)


@pytest.fixture
def project(client, as_user, env, monkeypatch):
    """A project with seven approved borrowers (Tk 1,100 a month from 31 Jan 2026), nothing paid; the send window
    open all day, so the job goes now."""
    from chalicelib.config import settings
    monkeypatch.setenv("SMS_WINDOW_START", "00:00")
    monkeypatch.setenv("SMS_WINDOW_END", "23:59")
    settings.cache_clear()
    sns_backends[DEFAULT_ACCOUNT_ID]["ap-southeast-1"].sms_messages.clear()
    api = as_user("uco.demo")
    status, made = api.post("/api/asrayon/projects", PROJECT)
    upload(client, as_user, "uco.demo", made["id"], csv_of(*(borrower_row(room) for room in ROOMS)), False)
    status, approved = api.post(f"/api/asrayon/projects/{made['id']}/loans/approve", {"expected_loans": len(ROOMS)})
    assert status == 200, approved
    yield made
    settings.cache_clear()


def test_a_broadcast_is_previewed_confirmed_and_sent_once_to_each_borrower(project, as_user, env):
    api = as_user("uco.demo")
    path = f"/api/asrayon/projects/{project['id']}/broadcast"
    status, seen = api.post(path + "/preview", {"text": TEXT})
    assert status == 200, seen
    assert (seen["recipients"], seen["needs_confirmation"]) == (7, True) and seen["cost_paisa"] > 0
    status, listed = api.get(f"/api/asrayon/projects/{project['id']}/loans")
    loan = listed["items"][0]
    status, read = api.get(f"/api/loans/{loan['id']}")
    overdue = [s for s in read["schedule"] if s["status"] == "overdue"]
    first = seen["samples"][0]
    assert first["text"].startswith(f"{loan['borrower_name_bn']}: সভা শুক্রবার")
    assert bn_date(date.fromisoformat(overdue[0]["due_on"])) in first["text"]  # the oldest unpaid due date
    assert first["text"].endswith(f"loan.html?loan={loan['id']}") and "****" in first["phone"]

    status, refused = api.post(path + "/preview", {"text": "{society_name} {amount}"})
    assert (status, refused["error"]["details"][0]["code"]) == (400, "unknown_variable")
    status, refused = api.post(path, {"text": TEXT})
    assert (status, refused["error"]["code"]) == (409, "confirmation_needed")
    assert refused["error"]["details"][0]["recipients"] == 7
    assert api.post(path, {"text": TEXT, "expected_recipients": 6})[0] == 409  # the list is not what was shown
    assert as_user("uco2.demo").post(path, {"text": TEXT, "expected_recipients": 7})[0] == 403
    for office in ("dco.demo", "hq.demo"):  # they read the project; only its upazila office messages
        for route in (path + "/preview", path):
            status, refused = as_user(office).post(route, {"text": TEXT, "expected_recipients": 7})
            assert (status, refused["error"]["code"]) == (403, "upazila_office_only"), (office, route)

    body = {"text": TEXT, "expected_recipients": 7, "client_request_id": "broadcast-0001"}
    status, job = api.post(path, body)
    assert status == 202, job
    assert (job["kind"], job["total"], job["state"]) == ("loan_broadcast", 7, "queued")
    assert api.post(path, body)[1]["job_id"] == job["job_id"]  # a retried request: the same job, nothing twice
    drain(env)
    sent = list(sns_backends[DEFAULT_ACCOUNT_ID]["ap-southeast-1"].sms_messages.values())
    assert sorted(to for to, _ in sent) == [f"+88017120000{room:02d}" for room in ROOMS]  # once each
    assert all("সভা শুক্রবার" in text and "loan.html?loan=" in text for _, text in sent)
    status, done = api.get(f"/api/messages/jobs/{job['job_id']}")
    assert status == 200 and done["sent"] == 7
    status, log = api.get("/api/messages/log")  # the office's SMS log of the month
    assert status == 200, log
    assert len([e for e in log["items"] if e.get("kind") == "loan_broadcast" and e["status"] == "sent"]) == 7
