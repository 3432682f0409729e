"""Bulk SMS jobs on moto: start_job -> SQS -> the worker's handler -> SNS, the log and the counters."""
import json
from datetime import datetime, timedelta, timezone

import pytest
from moto.core import DEFAULT_ACCOUNT_ID
from moto.sns.models import sns_backends

from chalicelib.domain.jurisdiction import Caller
from chalicelib.domain.outbox import Recipient
from chalicelib.services import message_jobs
from chalicelib.store import aws

REGION = "ap-southeast-1"
UCO = Caller("uco.test", "upazila", "404419")
DCO = Caller("dco.test", "district", "4044")
NOON = datetime(2026, 5, 10, 6, 0, tzinfo=timezone.utc)  # 12:00 in Dhaka: inside the window


def sms_sent() -> list[tuple]:
    """(phone, text) of every SMS moto's SNS took, in order."""
    return list(sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages.values())


def people(n: int, office: str = "404419", text: str = "সভার নোটিশ") -> list[Recipient]:
    return [Recipient(f"+88017{i:08d}", f"{text} {i}", office, f"{i:017x}", "president") for i in range(n)]


def drain(env, stores=None) -> int:
    """What the Lambda event source does: each queue message to the worker's handler."""
    from chalicelib.handlers.message_jobs import message_worker
    sqs, handled = aws.client("sqs"), 0
    while True:
        reply = sqs.receive_message(QueueUrl=env["MESSAGES_QUEUE_URL"], MaxNumberOfMessages=10)
        if not reply.get("Messages"):
            return handled
        for message in reply["Messages"]:
            message_worker({"Records": [{"body": message["Body"], "receiptHandle": message["ReceiptHandle"],
                                         "messageId": message["MessageId"], "attributes": {},
                                         "messageAttributes": {}, "eventSourceARN": "arn:aws:sqs:x:1:q"}]}, None)
            sqs.delete_message(QueueUrl=env["MESSAGES_QUEUE_URL"], ReceiptHandle=message["ReceiptHandle"])
            handled += 1


@pytest.fixture
def stores(env, monkeypatch):
    monkeypatch.setenv("SMS_RATE_PER_SECOND", "10000")
    sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages.clear()  # moto keeps them per process
    aws.reset()
    from app import app  # noqa: F401  (registers the blueprint's handlers)
    from chalicelib.handlers.message_jobs import job_stores
    return job_stores()


def test_a_job_goes_through_the_queue_and_each_recipient_gets_one_sms(env, stores):
    job = message_jobs.start_job(stores, UCO, "free_text", people(120), NOON, description="AGM")
    assert job["state"] == "queued" and job["total"] == 120 and job["queued"] == 120
    assert drain(env) == 3  # 50 + 50 + 20
    assert sorted(p for p, _ in sms_sent()) == sorted(r.phone for r in people(120))
    done = stores.jobs.get(job["job_id"])
    assert (done["state"], done["sent"], done["queued"], done["sending"]) == ("done", 120, 0, 0)
