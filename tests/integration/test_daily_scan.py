"""The daily scan on moto: due reminders go out once per number, whatever happens."""
from collections import Counter
from datetime import timedelta

import pytest
from botocore.awsrequest import AWSResponse
from moto.core import DEFAULT_ACCOUNT_ID
from moto.sns.models import sns_backends

from chalicelib.domain.sms import distinctive_name, sms_size
from chalicelib.domain.bangla import bn_date
from chalicelib.config import settings
from chalicelib.handlers.jobs import scan_stores
from chalicelib.services.daily_scan import scan_figures
from chalicelib.services.reminders import process
from chalicelib.handlers.common import dhaka_today
from chalicelib.store import aws
from chalicelib.store.sms import SmsLog
from chalicelib.store.societies import Societies
from local.worker import take_one, until_sent
from tests.integration.conftest import society_body

REGION = "ap-southeast-1"


@pytest.fixture(autouse=True)
def no_sms_yet(env):
    """moto keeps SNS's sent-SMS list per process; each test starts from none."""
    sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages.clear()


def sent_sms() -> list[tuple[str, str]]:
    return list(sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages.values())


def scan(client, today):
    """The scheduled scan, then the queue worked (as the worker Lambda does) until its sends are done."""
    event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event",
                                            detail={"today": today.isoformat()}, resources=[])
    planned = client.lambda_.invoke("daily_scan", event).payload
    figures = until_sent(planned["run"], wait=0, give_up_after=60)
    assert figures["done"], figures
    return figures


class Killed(BaseException):
    """The Lambda's end (a timeout, the process gone): nothing after it runs, not even an `except Exception`;
    its queue message comes back."""


def work_queue(context=None) -> int:
    """The Lambda event source: each visible message to the worker's function (given `context`) until none is
    visible; a message it fails comes back at once (visibility 0), and after five receives it is in the
    dead-letter queue. How many invocations there were."""
    sqs, url = aws.client("sqs"), settings().messages_queue_url
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    invocations = 0
    while True:
        try:
            if not take_one(sqs, url, arn, visibility=0, wait=0, context=context):
                return invocations
        except Killed:
            pass
        invocations += 1


def scan_while_failing(client, today) -> dict:
    """The scheduled scan, then the queue worked until no message is visible (SNS failing, a digest it did not
    take is tried on each of its five receives); the run's figures."""
    event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event",
                                            detail={"today": today.isoformat()}, resources=[])
    run = client.lambda_.invoke("daily_scan", event).payload["run"]
    work_queue()
    return scan_figures(scan_stores(), run)


def add_society(api, n: int, days_left: int, **extra) -> dict:
    ends = dhaka_today() + timedelta(days=days_left)
    status, body = api.post("/api/societies", society_body(
        registration_no=f"S-{n}", term_ends_on=ends.isoformat(),
        committee_started_on=(ends - timedelta(days=1095)).isoformat(), officer_phone=f"0171100{n:04d}",
        president_phone=f"0181200{n:04d}", secretary_phone=f"0191300{n:04d}", **extra))
    assert status == 201, body
    return body


def test_done_criteria_three_societies_and_two_scans(client, as_user):
    api = as_user("uco.demo")
    far, soon, expired = add_society(api, 1, 200), add_society(api, 2, 60), add_society(api, 3, -10)
    today = dhaka_today()
    first, second = scan(client, today), scan(client, today)
    assert first["sms_sent"] == 3 and first["due"] == 1 and first["scanned"] == 2
    assert first["tasks_opened"] == 1  # the expired committee: the office must appoint an interim one
    assert second["sms_sent"] == 0 and second["scanned"] == 0
    per_number = Counter(phone for phone, _ in sent_sms())
    assert per_number == {soon["officer_phone"]: 1, soon["president_phone"]: 1, soon["secretary_phone"]: 1}
    for society in (far, expired):
        assert not {society["officer_phone"], society["president_phone"]} & set(per_number)
    text = sent_sms()[0][1]
    ends = dhaka_today() + timedelta(days=60)
    assert distinctive_name(soon["name_bn"]) in text and f"কমিটির মেয়াদ শেষ {bn_date(ends)}" in text
    assert sms_size(text).parts <= 2


def dynamodb_reads() -> list[dict]:
    """Every DynamoDB read the app makes from now on ({operation, table, index, keys}), seen by a botocore hook
    on its clients."""
    seen = []

    def hook(params, model, **_):
        if model.name in ("Query", "Scan", "GetItem", "BatchGetItem", "TransactGetItems"):
            keys = [params["Key"]] if "Key" in params else [
                key for request in params.get("RequestItems", {}).values() for key in request.get("Keys", [])]
            seen.append({"operation": model.name, "table": params.get("TableName"), "index": params.get("IndexName"),
                         "keys": keys})

    for dynamodb in (aws.client("dynamodb"), aws.dynamodb().meta.client):
        dynamodb.meta.events.register("before-parameter-build.dynamodb", hook)
    return seen


def test_the_scan_finds_what_is_due_by_querying_the_due_index_and_never_scans(client, as_user):
    api = as_user("uco.demo")
    far = [add_society(api, n, 300 + n) for n in range(1, 6)]
    soon = add_society(api, 9, 60)
    reads = dynamodb_reads()
    figures = scan(client, dhaka_today())
    assert figures["due"] == 1 and figures["sms_sent"] == 3
    table = Societies().table.name
    assert [r for r in reads if r["operation"] == "Scan"] == []
    queries = [r for r in reads if r["operation"] == "Query" and r["table"] == table]
    assert queries and {r["index"] for r in queries} == {"due"}, queries
    read_keys = str([r["keys"] for r in reads])
    assert soon["id"] in read_keys and not [s["id"] for s in far if s["id"] in read_keys]


def test_each_send_is_logged_with_text_parts_and_message_id(client, as_user):
    society = add_society(as_user("uco.demo"), 1, 30)
    scan(client, dhaka_today())
    log = SmsLog().for_society(society["id"])
    assert {e["role"] for e in log} == {"president", "secretary"}  # the officer: the office's digest
    for entry in log:
        assert entry["status"] == "sent" and entry["message_id"] and entry["parts"] == sms_size(entry["text"]).parts
        assert entry["template"] == "committee_term" and entry["encoding"] == "UCS-2"


def test_time_moves_and_the_far_society_is_reminded_once_at_90_days(client, as_user):
    far = add_society(as_user("uco.demo"), 1, 200)
    today = dhaka_today()
    assert scan(client, today + timedelta(days=109))["sms_sent"] == 0
    assert scan(client, today + timedelta(days=110))["sms_sent"] == 3
    assert scan(client, today + timedelta(days=150))["sms_sent"] == 0
    assert {p for p, _ in sent_sms()} == {far["officer_phone"], far["president_phone"], far["secretary_phone"]}


def test_two_scans_at_once_send_nothing_twice(client, as_user):
    add_society(as_user("uco.demo"), 1, 45)
    today = dhaka_today()
    snapshot = [Societies().get(i) for i in Societies().due_ids(today)]  # both read before either writes
    figures = Counter()
    for record in snapshot + snapshot:
        process(record, today, scan_stores(), figures)
    assert figures["sms_sent"] == 2 and figures["skipped"] == 2  # the president and the secretary, once
    assert len(sent_sms()) == 2


def test_two_runs_planned_before_either_sends_send_each_sms_once(client, as_user):
    society = add_society(as_user("uco.demo"), 1, 45)
    today = dhaka_today()
    event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event",
                                            detail={"today": today.isoformat()}, resources=[])
    runs = [client.lambda_.invoke("daily_scan", event).payload["run"] for _ in range(2)]
    figures = [until_sent(run, wait=0, give_up_after=60) for run in runs]
    assert sum(f["sms_sent"] for f in figures) == 3 and all(f["done"] for f in figures)
    assert Counter(p for p, _ in sent_sms()) == {society["officer_phone"]: 1, society["president_phone"]: 1,
                                                 society["secretary_phone"]: 1}


def test_new_election_replans_and_nothing_stale_is_sent(client, as_user):
    api = as_user("uco.demo")
    society = add_society(api, 1, 60)
    status, _ = api.patch(f"/api/societies/{society['id']}", {
        "committee_started_on": dhaka_today().isoformat(), "term_ends_on": None})
    assert status == 200
    assert scan(client, dhaka_today())["sms_sent"] == 0
    assert sent_sms() == []


def test_corrected_term_end_makes_a_reminder_due_at_once(client, as_user):
    api = as_user("uco.demo")
    society = add_society(api, 1, 300)
    assert scan(client, dhaka_today())["sms_sent"] == 0
    new_end = dhaka_today() + timedelta(days=50)
    status, body = api.patch(f"/api/societies/{society['id']}", {"term_ends_on": new_end.isoformat()})
    assert status == 200 and body["next_reminder_on"] <= dhaka_today().isoformat()
    assert scan(client, dhaka_today())["sms_sent"] == 3


def test_dissolved_society_gets_no_reminders(client, as_user):
    api = as_user("uco.demo")
    society = add_society(api, 1, 30)
    api.delete(f"/api/societies/{society['id']}")
    assert scan(client, dhaka_today())["sms_sent"] == 0


@pytest.fixture
def sns_failure():
    """Make SNS Publish answer with the given error code (botocore's own retries still run).

    moto's handler on the same hook still records the message it was shown, so tests
    forget moto's list after the failure; real SNS keeps nothing it refused.
    """
    calls = Counter()

    def install(code: str, status: int, message: str = ""):
        body = (f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code>"
                f"<Message>{message or code}</Message></Error><RequestId>1</RequestId></ErrorResponse>").encode()

        def respond(request, **kwargs):
            calls[code] += 1
            return AWSResponse(request.url, status, {}, RawBody(body))
        aws.client("sns").meta.events.register("before-send.sns.Publish", respond, unique_id="fail")
        return calls

    yield install
    aws.client("sns").meta.events.unregister("before-send.sns.Publish", unique_id="fail")


class RawBody:
    """An HTTP body botocore can read: what a refused or failing SNS Publish answers in these tests."""

    def __init__(self, body):
        self.body = body

    def stream(self, **kwargs):
        yield self.body

    def read(self, *args):
        return self.body


def test_throttled_sns_is_retried_next_run_without_duplicates(client, as_user, sns_failure):
    add_society(as_user("uco.demo"), 1, 45)
    calls = sns_failure("Throttling", 400)
    figures = scan_while_failing(client, dhaka_today())
    assert figures["sms_sent"] == 0 and figures["errors"] == 2 and not figures["done"]  # the digest is not done
    assert calls["Throttling"] == 2 + 5  # one try each (the people's: the next run retries; the digest: each
    # delivery of its message, then the dead-letter queue), never botocore mid-send
    aws.client("sns").meta.events.unregister("before-send.sns.Publish", unique_id="fail")
    sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages.clear()
    assert scan(client, dhaka_today() + timedelta(days=1))["sms_sent"] == 3
    assert scan(client, dhaka_today() + timedelta(days=2))["sms_sent"] == 0
    assert len(sent_sms()) == 3


def test_invalid_number_is_recorded_and_not_retried(client, as_user, sns_failure):
    society = add_society(as_user("uco.demo"), 1, 45)
    calls = sns_failure("InvalidParameter", 400, "Invalid parameter: PhoneNumber Reason: invalid")
    figures = scan(client, dhaka_today())
    assert figures["errors"] == 3 and calls["InvalidParameter"] == 3
    aws.client("sns").meta.events.unregister("before-send.sns.Publish", unique_id="fail")
    sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages.clear()
    assert scan(client, dhaka_today() + timedelta(days=1))["sms_sent"] == 0
    assert sent_sms() == []
    assert {e["status"] for e in SmsLog().for_society(society["id"])} == {"failed"}


def test_reminder_list_sends_only_the_latest_passed_threshold(client, as_user, monkeypatch):
    monkeypatch.setenv("TERM_REMINDER_DAYS", "90,30,7")
    aws.reset()
    society = add_society(as_user("uco.demo"), 1, 20)
    today = dhaka_today()
    assert scan(client, today)["sms_sent"] == 3  # the 30-day reminder; the 90-day one is stale
    assert scan(client, today + timedelta(days=5))["sms_sent"] == 0
    assert scan(client, today + timedelta(days=13))["sms_sent"] == 3  # 7 days left
    reminders = {e["reminder"] for e in SmsLog().for_society(society["id"])}
    assert {r.split(":")[-1] for r in reminders} == {"30", "7"}


def test_server_error_may_have_sent_so_it_is_never_resent(client, as_user, sns_failure):
    society = add_society(as_user("uco.demo"), 1, 45)
    sns_failure("InternalError", 500)
    figures = scan(client, dhaka_today())
    assert figures["uncertain"] == 3 and figures["sms_sent"] == 0
    aws.client("sns").meta.events.unregister("before-send.sns.Publish", unique_id="fail")
    sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages.clear()
    assert scan(client, dhaka_today() + timedelta(days=1))["sms_sent"] == 0
    assert {e["status"] for e in SmsLog().for_society(society["id"])} == {"unknown"}


def test_a_config_error_is_not_blamed_on_the_number_and_is_retried(client, as_user, sns_failure):
    add_society(as_user("uco.demo"), 1, 45)
    sns_failure("InvalidParameter", 400, "Invalid parameter: SenderID")
    assert scan_while_failing(client, dhaka_today())["errors"] == 2  # the people's; the digest comes back
    aws.client("sns").meta.events.unregister("before-send.sns.Publish", unique_id="fail")
    assert scan(client, dhaka_today() + timedelta(days=1))["sms_sent"] == 3


def test_one_broken_society_does_not_stop_the_others(client, as_user, env):
    api = as_user("uco.demo")
    broken, fine = add_society(api, 1, 45), add_society(api, 2, 50)
    table = aws.table(env["TABLE_SOCIETIES"])
    table.update_item(Key={"pk": f"SOCIETY#{broken['id']}"}, UpdateExpression="REMOVE term_ends_on")
    figures = scan(client, dhaka_today())
    assert figures["errors"] == 1 and figures["sms_sent"] == 3
    assert {p for p, _ in sent_sms()} == {fine["officer_phone"], fine["president_phone"], fine["secretary_phone"]}


def test_a_claim_left_by_a_killed_scan_is_marked_unknown_by_the_next_run(client, as_user, monkeypatch):
    society = add_society(as_user("uco.demo"), 1, 45)
    stores = scan_stores()
    publish = stores.publish

    class Killed(BaseException):
        pass

    def dies_at_the_president(phone, text):
        if phone == society["president_phone"]:
            raise Killed
        return publish(phone, text)
    stores.publish = dies_at_the_president
    with pytest.raises(Killed):
        process(Societies().get(society["id"], consistent=True), dhaka_today(), stores, Counter())
    monkeypatch.setenv("STALE_CLAIM_SECONDS", "0")
    aws.reset()
    figures = scan(client, dhaka_today())
    assert figures["uncertain"] == 1 and figures["skipped"] == 0 and figures["sms_sent"] == 2
    states = {e["phone"]: e["status"] for e in SmsLog().for_society(society["id"])}
    assert states[society["president_phone"]] == "unknown" and set(states.values()) == {"unknown", "sent"}
    assert len(sent_sms()) == 2


def test_a_batch_reads_its_societies_and_their_numbers_on_the_suppression_list_at_once(client, as_user, monkeypatch):
    """A batch of the scan reads its societies in one request and its numbers' places on the suppression list in
    one, and the run's templates once: no read per society or SMS."""
    import botocore.client
    api = as_user("uco.demo")
    for n in range(1, 4):
        add_society(api, n, 60)
    event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event",
                                            detail={"today": dhaka_today().isoformat()}, resources=[])
    client.lambda_.invoke("daily_scan", event)
    calls, request = Counter(), botocore.client.BaseClient._make_api_call

    def counted(self, operation, params):
        calls[operation] += 1
        if operation == "GetItem":  # what a single read is of: SOCIETY, SUPPRESS, SCAN...
            calls["GetItem " + params["Key"]["pk"].partition("#")[0]] += 1
        if operation == "BatchGetItem":
            calls["numbers read at once"] += sum(key["pk"].startswith("SUPPRESS#") for table in
                                                 params["RequestItems"].values() for key in table["Keys"])
        if operation == "Query":
            calls["template reads"] += str(params.get("ExpressionAttributeValues")).count("TEMPLATE#")
        return request(self, operation, params)

    monkeypatch.setattr(botocore.client.BaseClient, "_make_api_call", counted)
    work_queue()
    assert calls["Publish"] == 9  # 3 presidents, 3 secretaries, a digest to each officer's number
    assert calls["GetItem SOCIETY"] == calls["GetItem SUPPRESS"] == 0 and calls["numbers read at once"] == 9
    assert calls["template reads"] == 2  # HQ's and the district's, once for the run


def test_a_batch_adds_its_spend_once_per_office_and_the_month_counts_every_sms(client, as_user, monkeypatch):
    """The spend is one write per queue message of the scan and office (one office here), not one per SMS, and
    the office's month still holds every SMS sent and what it cost."""
    import botocore.client
    from datetime import datetime, timezone
    from chalicelib.domain.outbox import month_of
    from chalicelib.store.sms import spend_key
    api = as_user("uco.demo")
    office = add_society(api, 1, 60)["upazila_code"]
    for n in range(2, 4):
        add_society(api, n, 60)
    event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event",
                                            detail={"today": dhaka_today().isoformat()}, resources=[])
    run = client.lambda_.invoke("daily_scan", event).payload["run"]
    spend_writes, request = [], botocore.client.BaseClient._make_api_call

    def counted(self, operation, params):
        updates = [step["Update"] for step in params.get("TransactItems", [])] + [params] * (operation == "UpdateItem")
        offices = {u["Key"]["pk"] for u in updates if u["Key"]["pk"].startswith("SPEND#")}
        if offices:
            spend_writes.append(",".join(sorted(offices)))
        return request(self, operation, params)

    monkeypatch.setattr(botocore.client.BaseClient, "_make_api_call", counted)
    work_queue()
    assert len(sent_sms()) == 9  # 3 presidents, 3 secretaries, a digest to each officer's number
    batches = scan_figures(scan_stores(), run)["batches"]  # the societies' and one per digest
    assert spend_writes == [f"SPEND#{office}"] * batches and batches < 9
    log = SmsLog()
    sent = [i for i in log.table.scan()["Items"] if i["status"] == "sent"]
    spend = log.messages.get_item(Key=spend_key(office, month_of(datetime.now(timezone.utc))))["Item"]
    assert spend["sms"] == 9 and spend["spent_paisa"] == sum(int(i["cost_paisa"]) for i in sent)
    assert spend["parts"] == sum(int(i["parts"]) for i in sent)


def test_a_batch_killed_mid_way_has_written_the_spend_of_the_societies_before(client, as_user, monkeypatch):
    """The spend is written every SPEND_WRITTEN_EVERY societies, not only at the batch's end: a worker killed
    after them (a timeout, out of memory) leaves their SMS in the month's spend (its message, delivered again,
    skips them as sent)."""
    from datetime import datetime, timezone
    from chalicelib.domain.outbox import month_of
    from chalicelib.services import daily_scan
    from chalicelib.store.sms import spend_key
    monkeypatch.setattr(daily_scan, "SPEND_WRITTEN_EVERY", 2)
    api = as_user("uco.demo")
    societies = [add_society(api, n, 60) for n in range(1, 4)]
    stores = scan_stores()
    publish, add_held_spend, dead = stores.publish, stores.sms_log.add_held_spend, []

    def dies_at_the_third(phone, text):
        if phone == societies[2]["president_phone"]:
            dead.append(True)
            raise Killed
        return publish(phone, text)

    def unless_dead():  # the process is gone: not even run_batch's `finally` runs
        if not dead:
            add_held_spend()
    stores.publish, stores.sms_log.add_held_spend = dies_at_the_third, unless_dead
    body = {"scan": "killed", "today": dhaka_today().isoformat(), "batch": 0,
            "societies": [s["id"] for s in societies]}
    with pytest.raises(Killed):
        daily_scan.run_batch(stores, body)
    log = SmsLog()
    sent = [i for i in log.table.scan()["Items"] if i["status"] == "sent"]
    spend = log.messages.get_item(Key=spend_key(societies[0]["upazila_code"],
                                                month_of(datetime.now(timezone.utc)))).get("Item", {})
    assert len(sent) == 4  # the first two societies' president and secretary
    assert int(spend.get("sms", 0)) == 4
    assert int(spend.get("spent_paisa", 0)) == sum(int(i["cost_paisa"]) for i in sent)
