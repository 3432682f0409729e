"""Bulk SMS through the queue: 10,000 SMS, in process on moto (mock_aws).

start_job writes the job and one log entry per recipient and queues a message per batch of 50;
each queue message is then received from SQS and handed to the worker's Lambda handler
(handlers.message_jobs.message_worker), as the event source would, until the queue is empty.
A botocore hook counts the calls (SNS Publish, SQS messages sent, DynamoDB items written, each
item of a transaction or batch once). Duplicates are numbers moto's SNS got more than once.
The baseline, measured in the same run, is a bare loop of sns.publish on the same moto; the
ratio says what the claims, the log, the counters and the queue cost on top of SNS itself.
Pacing is switched off (SMS_RATE_PER_SECOND very high): in AWS the rate setting, not the
code, bounds a worker (10 SMS/s each, two workers).
"""
import json
import os
import threading
import time
from collections import Counter
from datetime import datetime, timezone

N = int(os.environ.get("BENCH_BULK_SMS", "10000"))
BASELINE = int(os.environ.get("BENCH_BARE_PUBLISH", "2000"))
REGION = "ap-southeast-1"
WRITES = {"PutItem", "UpdateItem", "DeleteItem"}


class Calls:
    def __init__(self):
        self.lock, self.counts = threading.Lock(), Counter()

    def __call__(self, params, model, **_):
        name, add = model.name, Counter()
        if name == "TransactWriteItems":
            add["dynamodb_writes"] = len(params.get("TransactItems", []))
        elif name == "BatchWriteItem":
            add["dynamodb_writes"] = sum(len(v) for v in params.get("RequestItems", {}).values())
        elif name in WRITES:
            add["dynamodb_writes"] = 1
        elif name == "Publish":
            add["sns_publish"] = 1
        elif name == "SendMessageBatch":
            add["sqs_messages"] = len(params.get("Entries", []))
        elif name == "SendMessage":
            add["sqs_messages"] = 1
        with self.lock:
            self.counts.update(add)


def run() -> dict:
    import boto3
    from moto import mock_aws
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sns.models import sns_backends

    from chalicelib.store import aws
    from local.provision import provision

    saved = dict(os.environ)
    try:
        for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
            os.environ.pop(name, None)
        os.environ.update({"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                           "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": REGION, "AWS_REGION": REGION,
                           "SMS_WINDOW_START": "00:00", "SMS_WINDOW_END": "24:00",
                           "SMS_RATE_PER_SECOND": "1000000", "MONTHLY_SMS_CAP_PAISA": str(10 ** 12)})
        aws.reset()
        with mock_aws():
            os.environ.update(provision(REGION))
            calls = Calls()
            boto3.setup_default_session()
            for service in ("dynamodb", "sns", "sqs"):
                boto3.DEFAULT_SESSION.events.register(f"before-parameter-build.{service}", calls)
            aws.reset()
            figures = bulk(calls)
            sms = sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages
            per_phone = Counter(phone for phone, _ in sms.values())
            figures["bulk_duplicates"] = sum(n - 1 for n in per_phone.values() if n > 1)
            figures["bulk_sms_delivered_to_sns"] = len(per_phone)
            bare = bare_publish()
            figures["bare_sns_publish_per_second"] = round(bare, 1)
            figures["bulk_vs_bare_publish_ratio"] = round(figures["bulk_sms_per_second"] / bare, 3)
            return {**figures, **rendering()}
    finally:
        os.environ.clear()
        os.environ.update(saved)
        boto3.setup_default_session()
        aws.reset()


def bulk(calls: Calls) -> dict:
    from importlib import import_module

    from chalicelib.domain.jurisdiction import Caller
    from chalicelib.domain.outbox import Recipient
    from chalicelib.services.message_jobs import start_job
    from chalicelib.store import aws

    import_module("app")  # registers the worker's handler, as the Lambda runtime does
    from chalicelib.config import settings
    from chalicelib.bootstrap import job_stores
    from chalicelib.handlers.message_jobs import message_worker

    recipients = [Recipient(f"+88017{i:08d}", f"সমিতির সভা রবিবার সকাল ১০টায়। {i}", "404419", f"{i:017x}", "president")
                  for i in range(N)]
    caller = Caller("bench", "upazila", "404419")
    sqs, url = aws.client("sqs"), settings().messages_queue_url
    started = time.perf_counter()
    job = start_job(job_stores(), caller, "free_text", recipients, datetime.now(timezone.utc))
    while True:
        reply = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)
        if not reply.get("Messages"):
            break
        for message in reply["Messages"]:
            message_worker({"Records": [{"body": message["Body"], "receiptHandle": message["ReceiptHandle"],
                                         "messageId": message["MessageId"], "attributes": {},
                                         "messageAttributes": {}, "eventSourceARN": "arn:aws:sqs:local:0:q"}]}, None)
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    elapsed = time.perf_counter() - started
    done = job_stores().jobs.get(job["job_id"])
    counts = dict(calls.counts)
    return {"bulk_sms": N, "bulk_job_state": done["state"], "bulk_sent": done["sent"],
            "bulk_seconds": round(elapsed, 1), "bulk_sms_per_second": round(N / elapsed, 1),
            "sns_calls_per_sms": round(counts.get("sns_publish", 0) / N, 3),
            "sqs_messages_per_sms": round(counts.get("sqs_messages", 0) / N, 3),
            "dynamodb_writes_per_sms": round(counts.get("dynamodb_writes", 0) / N, 2)}


def rendering(count: int = 2000) -> dict:
    """What one SMS's text costs to make: every variable of one society (its statutory calendar,
    Bengali dates and digits) and the name-fitting render, against a bare str.format of the same
    pattern with the values ready (the baseline, in the same run)."""
    from datetime import date

    from chalicelib.domain.messaging import render, society_values, text_for
    from chalicelib.domain.sms import TEMPLATES_BN
    from chalicelib.services.registry import new_society
    from local.demo import DEMO_SOCIETIES, demo_society

    today = date(2026, 11, 24)
    society = new_society(demo_society(0, *DEMO_SOCIETIES[1], today=today), "0" * 17, "bench", today, "bench")
    pattern = TEMPLATES_BN["committee_term"]
    started = time.perf_counter()
    for _ in range(count):
        text_for("committee_term", pattern, society, today, "উপজেলা সমবায় অফিস, ঝিনাইদহ সদর")
    full = (time.perf_counter() - started) / count
    values = society_values(society, today, "উপজেলা সমবায় অফিস, ঝিনাইদহ সদর", today, "")
    started = time.perf_counter()
    for _ in range(count):
        render(pattern, values)
    fitted = (time.perf_counter() - started) / count
    started = time.perf_counter()
    for _ in range(count):
        pattern.format(**values)
    bare = (time.perf_counter() - started) / count
    return {"template_render_us_per_sms": round(full * 1e6, 1),
            "template_fit_only_us_per_sms": round(fitted * 1e6, 1),
            "template_bare_format_us": round(bare * 1e6, 2),
            "template_render_vs_bare_format_ratio": round(full / bare, 1)}


def bare_publish() -> float:
    from chalicelib.store.sms import publish_sms
    started = time.perf_counter()
    for i in range(BASELINE):
        publish_sms(f"+88019{i:08d}", "সমিতির সভা রবিবার সকাল ১০টায়।")
    return BASELINE / (time.perf_counter() - started)


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {json.dumps(value) if not isinstance(value, (int, float)) else value}")
