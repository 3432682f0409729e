"""The daily scan on moto, through its functions and the messages queue: a plan longer than its invocation
is carried on by the worker and completes once; a batch in the dead-letter queue leaves the societies it
did not reach due; an office's digest SNS did not take comes back until it goes, once."""
import json
from collections import Counter
from datetime import timedelta
from urllib.parse import parse_qs

import pytest
from botocore.awsrequest import AWSResponse
from chalice.local import LambdaContext

from chalicelib.domain.digests import digest_key
from chalicelib.handlers.common import dhaka_today
from chalicelib.handlers.jobs import scan_stores
from chalicelib.services import daily_scan, reminders
from chalicelib.services.daily_scan import scan_figures
from chalicelib.store import aws
from chalicelib.store.scan_runs import ScanRuns
from chalicelib.store.sms import SmsLog
from chalicelib.store.societies import Societies
from tests.integration.conftest import society_body
from tests.integration.test_daily_scan import (Killed, RawBody, add_society, no_sms_yet, scan,  # noqa: F401 (fixture)
                                              sent_sms, work_queue as worked)


def plan(client, today) -> dict:
    """The scheduled scan's invocation (the test client gives it a Lambda context with 3 s left)."""
    event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event",
                                            detail={"today": today.isoformat()}, resources=[])
    return client.lambda_.invoke("daily_scan", event).payload


def queue_url(name: str = "samabay-messages") -> str:
    return aws.client("sqs").get_queue_url(QueueName=name)["QueueUrl"]


def work_queue() -> int:
    """The queue worked, each invocation of the worker's function with 3 s left in its Lambda context."""
    return worked(LambdaContext("message_worker", 1024))


def dead_letters() -> list[dict]:
    sqs = aws.client("sqs")
    return sqs.receive_message(QueueUrl=queue_url("samabay-messages-dlq"), MaxNumberOfMessages=10,
                               VisibilityTimeout=0).get("Messages", [])


def queued() -> list[dict]:
    """The bodies waiting in the messages queue (read, left there)."""
    return [json.loads(m["Body"]) for m in aws.client("sqs").receive_message(
        QueueUrl=queue_url(), MaxNumberOfMessages=10, VisibilityTimeout=0).get("Messages", [])]


def move_dead_letters_back() -> None:
    """What `aws sqs start-message-move-task` does (moto has no move task)."""
    sqs = aws.client("sqs")
    for message in dead_letters():
        sqs.send_message(QueueUrl=queue_url(), MessageBody=message["Body"])
        sqs.delete_message(QueueUrl=queue_url("samabay-messages-dlq"), ReceiptHandle=message["ReceiptHandle"])


def one_officers(api, n: int) -> dict:
    """A society 60 days from its term's end, one of the same officer's."""
    ends = dhaka_today() + timedelta(days=60)
    status, body = api.post("/api/societies", society_body(
        registration_no=f"H-{n}", term_ends_on=ends.isoformat(), committee_started_on=(ends - timedelta(days=1095))
        .isoformat(), officer_phone="01711009999", president_phone=f"0181200{n:04d}", secretary_phone=f"0191300{n:04d}"))
    assert status == 201, body
    return body


def test_a_plan_longer_than_its_invocation_is_carried_on_and_two_runs_send_each_sms_once(client, as_user,
                                                                                          monkeypatch):
    monkeypatch.setattr(daily_scan, "PAGE_SIZE", 2)
    monkeypatch.setattr(daily_scan, "HAND_ON_SECONDS", 10)  # more than any invocation here has: one page each
    api = as_user("uco.demo")
    societies = [one_officers(api, n) for n in range(1, 6)]
    first, second = plan(client, dhaka_today()), plan(client, dhaka_today())  # a re-run before the first is sent
    assert not first["planned"] and 0 < first["scanned"] < 5
    work_queue()
    figures = [scan_figures(scan_stores(), run["run"]) for run in (first, second)]
    assert all(f["done"] and f["scanned"] == 5 and f["due"] == 5 for f in figures), figures
    assert int(ScanRuns().plan(first["run"])["slice"]) >= 3  # a page (of one shard of the index) each
    owed = {s[role] for s in societies for role in ("officer_phone", "president_phone", "secretary_phone")}
    assert Counter(phone for phone, _ in sent_sms()) == {phone: 1 for phone in owed}
    assert sum(f["sms_sent"] for f in figures) == 11  # ten people and one digest
    digest = next(text for phone, text in sent_sms() if phone == societies[0]["officer_phone"])
    assert "আজ ৫টি সমিতিকে তাগিদ" in digest  # counted over the three invocations, each page once


def test_the_due_index_read_page_by_page_gives_each_due_society_once(as_user):
    api = as_user("uco.demo")
    due = {add_society(api, n, 60)["id"] for n in range(1, 13)}  # 12 in 8 shards: some shard holds two
    add_society(api, 13, 300)
    for limit in (1, 2, 100):
        cursor, pages = None, []
        while True:
            ids, cursor = Societies().due_page(dhaka_today(), cursor, limit)
            pages.append(ids)
            if cursor is None:
                break
        assert sorted(i for page in pages for i in page) == sorted(due) and all(len(p) <= limit for p in pages)


def test_a_batch_in_the_dead_letter_queue_leaves_the_societies_it_did_not_reach_due(client, as_user, monkeypatch):
    api = as_user("uco.demo")
    societies = [add_society(api, n, 45 + n) for n in range(1, 4)]
    missed = societies[1]
    run = plan(client, dhaka_today())["run"]
    owed = reminders.due_now

    def dies_at_the_missed_one(society, today, rules):
        if society.id == missed["id"]:
            raise Killed  # its worker times out when it comes to it, every time
        return owed(society, today, rules)
    monkeypatch.setattr(reminders, "due_now", dies_at_the_missed_one)
    work_queue()
    [dead] = [json.loads(m["Body"]) for m in dead_letters()]
    assert missed["id"] in dead["societies"] and not scan_figures(scan_stores(), run)["done"]
    got, tomorrow = Counter(phone for phone, _ in sent_sms()), dhaka_today() + timedelta(days=1)
    due = set(Societies().due_ids(tomorrow))
    for society in societies:  # sent and done, or not sent and due: nothing marked done that was not sent
        sent = [got[society[role]] for role in ("president_phone", "secretary_phone")]
        assert sent in ([1, 1], [0, 0]) and (sent == [0, 0]) == (society["id"] in due), (society["id"], sent, due)
    monkeypatch.setattr(reminders, "due_now", owed)
    assert missed["id"] in due and Societies().get(missed["id"]).reminders_done == ()
    assert scan(client, tomorrow)["due"] == len(due)  # the next scan sends them
    got = Counter(phone for phone, _ in sent_sms())
    assert all(got[s[role]] == 1 for s in societies for role in ("president_phone", "secretary_phone"))


@pytest.fixture
def throttle_sms_to():
    """SNS throttles one number (the first `times` publishes to it, or all); the publishes it refused."""
    refused = Counter()

    def install(phone: str, times: int | None = None):
        def respond(request, **kwargs):
            body = request.body if isinstance(request.body, str) else request.body.decode()
            if parse_qs(body)["PhoneNumber"][0] != phone or (times is not None and refused[phone] >= times):
                return None
            refused[phone] += 1
            return AWSResponse(request.url, 400, {}, RawBody(
                b"<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message>"
                b"</Error></ErrorResponse>"))
        aws.client("sns").meta.events.register("before-send.sns.Publish", respond, unique_id="throttle")
        return refused

    yield install
    aws.client("sns").meta.events.unregister("before-send.sns.Publish", unique_id="throttle")


def test_a_digest_sns_did_not_take_comes_back_and_goes_once(client, as_user, throttle_sms_to):
    society = add_society(as_user("uco.demo"), 1, 45)
    officer = society["officer_phone"]
    refused = throttle_sms_to(officer, times=2)
    run = plan(client, dhaka_today())["run"]
    work_queue()
    figures = scan_figures(scan_stores(), run)
    assert refused[officer] == 2 and figures["done"] and figures["digests_sent"] == 1 and figures["errors"] == 0
    assert Counter(phone for phone, _ in sent_sms())[officer] - refused[officer] == 1  # moto lists the refused too
    assert dead_letters() == []


def test_a_digest_that_keeps_failing_waits_in_the_dead_letter_queue_and_goes_once_moved_back(client, as_user,
                                                                                            throttle_sms_to):
    society = add_society(as_user("uco.demo"), 1, 45)
    officer = society["officer_phone"]
    refused = throttle_sms_to(officer)
    run = plan(client, dhaka_today())["run"]
    work_queue()
    assert refused[officer] == 5 and len(dead_letters()) == 1  # tried on each of its five receives
    assert SmsLog().held("404419", digest_key(dhaka_today()), officer, subject="DIGEST") is None  # not sent, not failed
    assert not scan_figures(scan_stores(), run)["done"]
    aws.client("sns").meta.events.unregister("before-send.sns.Publish", unique_id="throttle")
    move_dead_letters_back()
    work_queue()
    figures = scan_figures(scan_stores(), run)
    assert figures["done"] and figures["digests_sent"] == 1 and figures["sms_sent"] == 3
    assert Counter(phone for phone, _ in sent_sms())[officer] - refused[officer] == 1  # moto lists the refused too


def test_the_worker_may_do_what_a_continued_plan_does_and_reports_failures_item_by_item():
    from pathlib import Path
    resources = json.loads((Path(__file__).resolve().parents[2] / "infra" / "resources.json").read_text())["Resources"]
    statements = resources["MessageWorkerRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    allowed: dict[str, frozenset] = {}  # resource -> actions, over every statement
    for statement in statements:
        resources_named = statement.get("Resource")
        for resource in resources_named if isinstance(resources_named, list) else [resources_named]:
            allowed[json.dumps(resource)] = allowed.get(json.dumps(resource), frozenset()) | set(statement["Action"])

    def may(resource: dict) -> set:
        return set(allowed.get(json.dumps(resource), ()))
    for table in ("SocietiesTable", "LoansTable", "TasksTable", "MessagesTable"):  # the due pages, the run
        actions = may({"Fn::GetAtt": [table, "Arn"]}) | may({"Fn::Sub": f"${{{table}.Arn}}/index/*"})
        assert {"dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"} <= actions, table
    assert "sqs:SendMessage" in may({"Fn::GetAtt": ["MessagesQueue", "Arn"]})  # the batches and a continuation
    source = resources["MessageWorker"]["Properties"]["Events"]["MessageWorkerSqsEventSource"]["Properties"]
    assert source["FunctionResponseTypes"] == ["ReportBatchItemFailures"]  # a digest's message comes back alone
