"""What the functions write during a whole run: JSON log lines, each with the service and a correlation_id, with
no phone number, password, JWT or bKash credential in full; and the EMF metric lines (a scan's figures, SMS
parts and Taka, payments, API 4xx/5xx by route)."""
import json
from collections import Counter
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs

import pytest
from botocore.awsrequest import AWSResponse
from moto.core import DEFAULT_ACCOUNT_ID
from moto.sns.models import sns_backends

from chalicelib.handlers.common import dhaka_today
from chalicelib.store import aws
from local.bkash_sim import DEFAULT_WALLET
from local.demo import DEMO_PASSWORD
from local.worker import until_sent

from .conftest import REGION, Api, login, society_body
from .payment_fixtures import BUYER, Shop, bkash_server, sim  # noqa: F401 (fixtures)
from .test_daily_scan import RawBody

WRONG_PASSWORD = "Wrong#Pass-2026"


@pytest.fixture
def output(capsys):
    """Every line the functions write from now on: the logger's (stderr) and the EMF lines (stdout)."""
    capsys.readouterr()

    def lines() -> list[str]:
        captured = capsys.readouterr()
        return [line for line in (captured.out + captured.err).splitlines() if line.strip()]
    return lines


@pytest.fixture
def open_window(env, monkeypatch):
    """Bulk SMS go out at any hour, as fast as the worker can send them."""
    monkeypatch.setenv("SMS_WINDOW_START", "00:00")
    monkeypatch.setenv("SMS_WINDOW_END", "24:00")
    monkeypatch.setenv("SMS_RATE_PER_SECOND", "10000")
    sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages.clear()
    aws.reset()


def metrics_of(lines: list[str]) -> list[dict]:
    return [json.loads(line) for line in lines if line.startswith('{"_aws"')]


def due_society(api, n: int, **extra) -> dict:
    ends = dhaka_today() + timedelta(days=60)
    status, body = api.post("/api/societies", society_body(
        registration_no=f"OBS-{n}", term_ends_on=ends.isoformat(),
        committee_started_on=(ends - timedelta(days=1095)).isoformat(),
        officer_phone=f"0171140{n:04d}", president_phone=f"0181240{n:04d}", secretary_phone=f"0191340{n:04d}", **extra))
    assert status == 201, body
    return body


def scan(client) -> dict:
    """The scheduled scan, then the queue worked through the worker's function until its sends are done."""
    event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event",
                                            detail={"today": dhaka_today().isoformat()}, resources=[])
    figures = until_sent(client.lambda_.invoke("daily_scan", event).payload["run"], wait=0, give_up_after=60)
    assert figures["done"], figures
    return figures


def drain(env) -> None:
    """The Lambda event source: each queue message to the worker's function."""
    from chalicelib.handlers.message_jobs import message_worker
    sqs = aws.client("sqs")
    while messages := sqs.receive_message(QueueUrl=env["MESSAGES_QUEUE_URL"], MaxNumberOfMessages=10).get("Messages"):
        for message in messages:
            message_worker({"Records": [{"body": message["Body"], "receiptHandle": message["ReceiptHandle"],
                                         "messageId": message["MessageId"], "attributes": {}, "messageAttributes": {},
                                         "eventSourceARN": "arn:aws:sqs:x:1:q"}]}, None)
            sqs.delete_message(QueueUrl=env["MESSAGES_QUEUE_URL"], ReceiptHandle=message["ReceiptHandle"])


def refuse_sms_to(phone: str):
    """SNS refuses one number, naming it in its error message as SNS does ("... +8801... is not valid")."""
    def respond(request, **kwargs):
        body = request.body if isinstance(request.body, str) else request.body.decode()
        if parse_qs(body)["PhoneNumber"][0] != phone:
            return None
        body = ("<ErrorResponse><Error><Type>Sender</Type><Code>InvalidParameter</Code><Message>Invalid parameter: "
                f"PhoneNumber Reason: {phone} is not valid to publish to</Message></Error></ErrorResponse>").encode()
        return AWSResponse(request.url, 400, {}, RawBody(body))
    aws.client("sns").meta.events.register("before-send.sns.Publish", respond, unique_id="refuse")


def test_a_whole_run_writes_json_lines_with_a_correlation_id_and_no_number_or_secret_in_full(
        client, env, sim, open_window, output):
    token = login(client, "uco.demo")
    uco = Api(client, token)
    status, _ = Api(client).post("/api/auth/login", {"username": "dco.demo", "password": WRONG_PASSWORD})
    assert status == 401
    society = due_society(uco, 1)
    refuse_sms_to(society["secretary_phone"])
    status, job = uco.post("/api/messages/send", {"template": "agm", "filter": {"area_code": "404419"}})
    assert status == 202 and job["state"] == "queued", job
    drain(env)
    assert scan(client)["due"] == 1
    aws.client("sns").meta.events.unregister("before-send.sns.Publish", unique_id="refuse")
    shop = Shop(client, lambda user: Api(client, token) if user else Api(client), sim)
    order = shop.order()
    started = shop.pay(order["invoice_no"])
    assert shop.callback(shop.approve(started["payment_id"])).status_code == 302
    assert shop.ipn(started["payment_id"])[0] == 200
    assert uco.get("/api/societies/no-such-society")[0] == 404

    lines = output()
    logs = [json.loads(line) for line in lines if not line.startswith('{"_aws"')]  # each line is JSON
    assert len(logs) > 10 and metrics_of(lines)
    assert all(log["service"] == "samabay" and log["correlation_id"] for log in logs)
    started_job = next(log for log in logs if log["message"] == "job started" and log["job"] == job["job_id"])
    batches = [log for log in logs if log["message"] == "batch sent" and log["job"] == job["job_id"]]
    assert batches and {log["correlation_id"] for log in batches} == {started_job["correlation_id"]}
    planned = next(log for log in logs if log["message"] == "scan planned")
    scan_batches = [log for log in logs if log["message"] == "scan batch sent"]
    assert scan_batches and {log["correlation_id"] for log in scan_batches} == {planned["correlation_id"]}
    assert planned["correlation_id"] != started_job["correlation_id"]
    refused = next(log for log in logs if log["message"] == "sms refused")
    assert "Reason: +88019******" in refused["reason"]  # SNS named the number; the line shows it masked

    from chalicelib.bkash import bkash_config
    from chalicelib.config import settings
    config = bkash_config()
    bkash_token = aws.table(settings().payments_table).get_item(Key={"pk": f"BKASH_TOKEN#{config.app_key}"})["Item"]
    secrets = {"password": DEMO_PASSWORD, "wrong password": WRONG_PASSWORD, "JWT": token,
               "bKash app secret": config.app_secret, "bKash password": config.password,
               "bKash id_token": bkash_token["id_token"], "bKash refresh_token": bkash_token["refresh_token"]}
    phones = [society[f"{role}_phone"] for role in ("officer", "president", "secretary")]
    phones += [shop.society[f"{role}_phone"] for role in ("officer", "president", "secretary")]
    phones += [BUYER["buyer_phone"], DEFAULT_WALLET]
    text = "\n".join(lines)
    assert [name for name, value in secrets.items() if value in text] == []
    assert [phone for phone in phones if phone[-10:] in text] == []  # neither +8801711400001 nor 01711400001


def test_the_scan_and_its_workers_write_the_scan_s_figures_as_metrics(client, as_user, open_window, output):
    from chalicelib.config import settings
    for n in (1, 2):
        due_society(as_user("uco.demo"), n)
    output()
    figures = scan(client)
    assert figures["due"] == 2 and figures["sms_sent"] >= 4 and figures["errors"] == 0, figures
    lines = metrics_of(output())
    assert {emf["Namespace"] for line in lines for emf in line["_aws"]["CloudWatchMetrics"]} == {"Samabay"}
    assert all(emf["Dimensions"] == [[]] for line in lines for emf in line["_aws"]["CloudWatchMetrics"])
    totals = Counter()
    for line in lines:  # the scan's invocation, then one per queue message a worker took
        for emf in line["_aws"]["CloudWatchMetrics"]:
            totals.update({m["Name"]: sum(line[m["Name"]]) for m in emf["Metrics"]})
    assert totals == {
        "ScanSucceeded": 1, "ScanDue": 2, "ScanSent": figures["sms_sent"], "ScanUncertain": 0, "ScanErrors": 0,
        "ScanParts": figures["sms_parts"], "SmsParts": figures["sms_parts"],
        "SmsTaka": pytest.approx(figures["sms_parts"] * settings().sms_part_cost_paisa / 100)}
    assert [line["ScanSucceeded"] for line in lines if "ScanSucceeded" in line] == [[1]]


def test_api_client_and_server_errors_are_counted_by_route(as_user, output, monkeypatch):
    uco = as_user("uco.demo")
    output()
    assert uco.get("/api/societies/no-such-society")[0] == 404

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")
    monkeypatch.setattr("chalicelib.services.registry.officer_society", broken)
    assert uco.get("/api/societies/any-society")[0] == 500
    lines = output()
    counted = [(m.get("Route"), name, m[name]) for m in metrics_of(lines) for name in ("Api4xx", "Api5xx") if name in m]
    assert counted == [("/api/societies/{society_id}", "Api4xx", [1]), (None, "Api4xx", [1]),  # by route; the total
                       ("/api/societies/{society_id}", "Api5xx", [1]), (None, "Api5xx", [1])]
    crash = next(json.loads(line) for line in lines if "Caught exception" in line)
    assert crash["level"] == "ERROR" and "RuntimeError: a bug" in crash["exception"] and crash["correlation_id"]


def test_the_reconciler_counts_payments_still_pending_and_those_pending_over_30_minutes(client, sim, output,
                                                                                       monkeypatch):
    from chalicelib.handlers import payments as handlers
    shop = Shop(client, lambda user: Api(client, login(client, user)) if user else Api(client), sim)
    started = shop.pay(shop.order()["invoice_no"])
    callback_url = shop.approve(started["payment_id"])
    sim.set_faults(execute_lost_response=1, query_timeout=1)  # our execute's answer never comes; nor the query's
    assert shop.callback(callback_url).status_code == 302
    sim.set_faults(query_timeout=1)  # 40 minutes later bKash still cannot say
    reconcile_once = handlers.reconcile_once
    later = datetime.now(timezone.utc) + timedelta(minutes=40)
    monkeypatch.setattr(handlers, "reconcile_once", lambda: reconcile_once(later))
    output()
    event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event", detail={}, resources=[])
    assert client.lambda_.invoke("reconcile_payments", event).payload["still_open"] == 1
    [line] = metrics_of(output())
    assert line["PaymentsPending"] == [1] and line["PaymentsPendingOver30Min"] == [1]
