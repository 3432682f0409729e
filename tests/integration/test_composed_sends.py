"""A bulk send to an area too big to compose within the API request: the request makes the job
(`composing`) and one queue message; the worker composes, writes the recipients and sends."""
import pytest
from moto.core import DEFAULT_ACCOUNT_ID
from moto.sns.models import sns_backends

from chalicelib.store import aws
from chalicelib.store.sms import SmsLog
from local.worker import sqs_event
from tests.integration.test_messaging_api import add

REGION = "ap-southeast-1"


@pytest.fixture(autouse=True)
def every_area_is_big(monkeypatch):
    monkeypatch.setattr("chalicelib.services.composing.INLINE_SOCIETIES", 1)
    monkeypatch.setenv("SMS_WINDOW_START", "00:00")  # the send window open all day
    monkeypatch.setenv("SMS_WINDOW_END", "24:00")
    aws.reset()
    sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages.clear()


def work_the_queue(env) -> int:
    """The worker Lambda's event source: each message to its function, deleted when it returns."""
    from chalicelib.handlers.message_jobs import message_worker
    sqs, taken = aws.client("sqs"), 0
    while messages := sqs.receive_message(QueueUrl=env["MESSAGES_QUEUE_URL"], MaxNumberOfMessages=1).get("Messages"):
        message_worker(sqs_event(messages[0], "arn:aws:sqs:ap-southeast-1:123456789012:samabay-messages"), None)
        sqs.delete_message(QueueUrl=env["MESSAGES_QUEUE_URL"], ReceiptHandle=messages[0]["ReceiptHandle"])
        taken += 1
    return taken


def test_the_request_only_makes_the_job_and_the_worker_composes_and_sends_it(client, env, as_user):
    uco = as_user("uco.demo")
    for n in range(1, 4):
        add(uco, n)
    body = {"template": "agm", "filter": {"area_code": "404419"}, "client_request_id": "composed-send-1"}
    status, reply = uco.post("/api/messages/send", body)
    assert status == 202 and reply["state"] == "composing", reply
    assert reply["recipients"] is None and reply["total"] == 0
    assert SmsLog().batch_entries(reply["job_id"], 0) == []  # no recipient written inside the request
    assert uco.post("/api/messages/send", body)[1]["job_id"] == reply["job_id"]  # a retry: the same job
    assert work_the_queue(env) == 2  # the compose message, then the one batch it queued
    status, job = uco.get(f"/api/messages/jobs/{reply['job_id']}")
    assert status == 200 and job["state"] == "done" and job["total"] == job["sent"] == 6, job
    assert len(sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages) == 6


def test_a_compose_message_delivered_twice_sends_each_sms_once(client, env, as_user):
    uco = as_user("uco.demo")
    for n in range(1, 3):
        add(uco, n)
    job_id = uco.post("/api/messages/send", {"template": "agm", "filter": {"area_code": "404419"}})[1]["job_id"]
    sqs = aws.client("sqs")
    [compose] = sqs.receive_message(QueueUrl=env["MESSAGES_QUEUE_URL"])["Messages"]
    from chalicelib.handlers.message_jobs import message_worker
    message_worker(sqs_event(compose, "arn"), None)  # composed; then the worker dies before deleting it
    message_worker(sqs_event(compose, "arn"), None)  # SQS delivers it again: its batches are queued again
    sqs.delete_message(QueueUrl=env["MESSAGES_QUEUE_URL"], ReceiptHandle=compose["ReceiptHandle"])
    work_the_queue(env)
    assert len(sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages) == 4
    assert uco.get(f"/api/messages/jobs/{job_id}")[1]["sent"] == 4


def test_a_composed_send_that_matches_nobody_stops_with_the_reason(client, env, as_user):
    uco = as_user("uco.demo")
    for n in range(1, 3):
        add(uco, n)
    status, reply = uco.post("/api/messages/send", {"template": "agm", "filter": {"committee_kind": "interim"}})
    assert status == 202 and reply["state"] == "composing"
    work_the_queue(env)
    job = uco.get(f"/api/messages/jobs/{reply['job_id']}")[1]
    assert job["state"] == "stopped" and job["stop_reason"] == "no_recipients" and job["total"] == 0


def test_what_the_request_can_check_it_still_refuses_at_once(client, as_user):
    uco = as_user("uco.demo")
    for n in range(1, 3):
        add(uco, n)
    status, reply = uco.post("/api/messages/send", {"text": "{no_such_variable}", "filter": {"area_code": "404419"}})
    assert status == 400 and reply["error"]["code"] == "unknown_variable"
    status, reply = uco.post("/api/messages/send", {"template": "agm", "filter": {"area_code": "4044"}})
    assert status == 403 and reply["error"]["code"] == "outside_jurisdiction"
