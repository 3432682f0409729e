"""Bulk SMS jobs on moto: start_job -> SQS -> the worker's handler -> SNS, the log and the counters."""
import json
from datetime import datetime, timedelta, timezone

import pytest
from moto.core import DEFAULT_ACCOUNT_ID
from moto.sns.models import sns_backends

from chalicelib.domain.jurisdiction import Caller
from chalicelib.domain.outbox import DHAKA, Recipient
from chalicelib.services import message_jobs
from chalicelib.store import aws

REGION = "ap-southeast-1"
UCO = Caller("uco.test", "upazila", "404419")
DCO = Caller("dco.test", "district", "4044")
# 12:00 in Dhaka today: inside the send window, and in the month the spend counters use
NOON = datetime.now(DHAKA).replace(hour=12, minute=0, second=0, microsecond=0)


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
    from chalicelib.bootstrap import job_stores
    from chalicelib.handlers import message_jobs as handlers
    monkeypatch.setattr(handlers, "_now", lambda: NOON)  # the worker runs inside the send window
    return job_stores()


def test_a_job_goes_through_the_queue_and_each_recipient_gets_one_sms(env, stores):
    job = message_jobs.start_job(stores, UCO, "free_text", people(120), NOON, description="AGM")
    assert job["state"] == "queued" and job["total"] == 120 and job["queued"] == 120
    assert drain(env) == 3  # 50 + 50 + 20
    assert sorted(p for p, _ in sms_sent()) == sorted(r.phone for r in people(120))
    done = stores.jobs.get(job["job_id"])
    assert (done["state"], done["sent"], done["queued"], done["sending"]) == ("done", 120, 0, 0)


def test_a_bulk_send_to_a_society_is_in_that_societys_sms_list(env, stores):
    """The delivery log had it while the society's page said "No SMS sent yet" (issue 17, 3.4)."""
    from chalicelib.domain.sms import sms_size
    society = f"{7:017x}"  # people() gives recipient i the society id i
    stores.sms_log.claim(society, "agm#2026", "president", "+8801700000007", "agm", "সভা", sms_size("সভা"),
                         office_code="404419")
    job = message_jobs.start_job(stores, UCO, "free_text", people(10), NOON)
    drain(env)
    listed = stores.sms_log.for_society(society)
    assert sorted((e["kind"], e["job_id"], e["status"]) for e in listed) == [
        ("free_text", job["job_id"], "sent"), ("reminder", "", "sending")]
    assert all(not key.startswith("gsi") and key != "pk" for entry in listed for key in entry)
    assert stores.sms_log.for_society(f"{99:017x}") == []


def log_entries(job_id: str) -> list[dict]:
    from chalicelib.config import settings
    table = aws.table(settings().sms_table)
    return table.query(KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": f"JOB#{job_id}"})["Items"]


def test_a_redelivered_queue_message_sends_nothing_twice(env, stores):
    from chalicelib.handlers.message_jobs import message_worker
    job = message_jobs.start_job(stores, UCO, "free_text", people(30), NOON)
    record = {"Records": [{"body": json.dumps({"job_id": job["job_id"], "batch": 0}), "receiptHandle": "r",
                           "messageId": "m", "attributes": {}, "messageAttributes": {},
                           "eventSourceARN": "arn:aws:sqs:x:1:q"}]}
    message_worker(record, None)
    message_worker(record, None)  # SQS delivers at least once
    assert drain(env) == 1  # and the original message too
    assert len(sms_sent()) == 30 and len(set(sms_sent())) == 30
    done = stores.jobs.get(job["job_id"])
    assert (done["state"], done["sent"], done["total"]) == ("done", 30, 30)


def test_a_worker_that_died_after_claiming_leaves_unknown_never_a_resend(env, stores):
    job = message_jobs.start_job(stores, UCO, "free_text", people(5), NOON)
    first = sorted(log_entries(job["job_id"]), key=lambda e: e["sk"])[0]
    assert stores.sms_log.claim_queued(first, NOON)  # claimed, then the worker was killed before SNS answered
    later = NOON + timedelta(minutes=5)
    figures = message_jobs.run_batch(stores, job["job_id"], 0, later)
    assert figures["unknown"] == 1 and figures["sent"] == 4
    assert first["phone"] not in {p for p, _ in sms_sent()}
    done = stores.jobs.get(job["job_id"])
    assert (done["state"], done["sent"], done["unknown"], done["sending"]) == ("done", 4, 1, 0)
    assert message_jobs.run_batch(stores, job["job_id"], 0, later)["sent"] == 0


def test_suppressed_numbers_are_logged_not_sent(env, stores):
    from chalicelib.store.message_jobs import Suppressions
    Suppressions().add({"phone": people(3)[1].phone, "reason": "asked to stop", "added_on": "2026-05-10",
                        "added_by": "uco.test", "office_code": "404419"}, "uco.test")
    job = message_jobs.start_job(stores, UCO, "free_text", people(3), NOON)
    drain(env)
    assert {p for p, _ in sms_sent()} == {people(3)[0].phone, people(3)[2].phone}
    statuses = {e["phone"]: e["status"] for e in log_entries(job["job_id"])}
    assert statuses[people(3)[1].phone] == "suppressed"
    done = stores.jobs.get(job["job_id"])
    assert (done["state"], done["sent"], done["suppressed"]) == ("done", 2, 1)


def test_a_job_started_at_21_waits_until_09_then_goes(env, stores):
    evening = datetime(2026, 5, 10, 15, 0, tzinfo=timezone.utc)  # 21:00 in Dhaka
    job = message_jobs.start_job(stores, UCO, "free_text", people(3), evening)
    assert job["state"] == "waiting" and job["starts_at"] == "2026-05-11T03:00:00+00:00"
    assert drain(env) == 0 and sms_sent() == []
    assert message_jobs.release_waiting(stores, evening + timedelta(hours=2)) == 0
    assert message_jobs.release_waiting(stores, datetime(2026, 5, 11, 3, 5, tzinfo=timezone.utc)) == 1
    assert drain(env) == 1 and len(sms_sent()) == 3
    assert stores.jobs.get(job["job_id"])["state"] == "done"


def test_the_spend_cap_refuses_and_stops_bulk_sends(env, stores):
    from chalicelib.config import settings
    cost = settings().sms_part_cost_paisa
    stores.spend.set_cap("404419", cost * 60, "dco.test", "2026-05-10T06:00:00+00:00")
    job = message_jobs.start_job(stores, UCO, "free_text", people(100), NOON)
    drain(env)
    stopped = stores.jobs.get(job["job_id"])
    assert stopped["state"] == "stopped" and stopped["sent"] == 60 and stopped["queued"] == 40
    assert len(sms_sent()) == 60
    with pytest.raises(Exception) as refused:
        message_jobs.start_job(stores, UCO, "free_text", people(1, text="আবার"), NOON)
    assert getattr(refused.value, "code", "") == "spend_cap_reached"


def test_sns_delivery_logs_move_sent_to_delivered_or_failed(env, stores):
    from chalicelib.handlers.message_jobs import sms_delivery_status
    from tests.unit.test_outbox import sns_log, subscription_event
    job = message_jobs.start_job(stores, UCO, "free_text", people(3), NOON)
    drain(env)
    first, second, _ = sorted(log_entries(job["job_id"]), key=lambda e: e["sk"])
    event = subscription_event(sns_log(first["message_id"], "SUCCESS"), sns_log(second["message_id"], "FAILURE"),
                               sns_log("not-ours", "SUCCESS"))
    assert sms_delivery_status(event, None) == {"reports": 3, "moved": 2}
    assert sms_delivery_status(event, None) == {"reports": 3, "moved": 0}  # a log delivered twice moves nothing
    statuses = {e["sk"]: e["status"] for e in log_entries(job["job_id"])}
    assert (statuses[first["sk"]], statuses[second["sk"]]) == ("delivered", "failed")
    assert stores.jobs.get(job["job_id"])["sent"] == 3  # a job counts what SNS took; the log, what phones got


def test_a_delivery_report_finds_an_sms_sent_before_the_message_index_by_its_pointer(env, stores):
    """Before index by_message, a sent SMS left a MSGID pointer in MessagesTable and no message_id on its
    entry: the reports of such SMS (SNS logs them up to 72 h late) still move their entries."""
    from chalicelib.handlers.message_jobs import sms_delivery_status
    from tests.unit.test_outbox import sns_log, subscription_event
    job = message_jobs.start_job(stores, UCO, "free_text", people(1), NOON)
    drain(env)
    entry, = log_entries(job["job_id"])
    from chalicelib.config import settings
    aws.table(settings().sms_table).update_item(Key={"pk": entry["pk"], "sk": entry["sk"]},
                                                UpdateExpression="REMOVE message_id")
    aws.table(settings().messages_table).put_item(Item={"pk": "MSGID#old-1", "sk": "MSGID", "log_pk": entry["pk"],
                                                        "log_sk": entry["sk"]})
    assert sms_delivery_status(subscription_event(sns_log("old-1", "SUCCESS")), None) == {"reports": 1, "moved": 1}
    assert log_entries(job["job_id"])[0]["status"] == "delivered"


def test_the_log_routes_show_an_office_s_month_and_a_csv_excel_reads(env, stores, as_user):
    job = message_jobs.start_job(stores, UCO, "free_text", people(3), NOON)
    drain(env)
    api = as_user("dco.demo")
    month = NOON.strftime("%Y-%m")
    status, page = api.get(f"/api/messages/log?office_code=404419&month={month}&status=sent")
    assert status == 200 and {e["job_id"] for e in page["items"]} == {job["job_id"]} and len(page["items"]) == 3
    assert all(e["cost_paisa"] and e["message_id"] and e["parts"] == 1 for e in page["items"])
    status, text = api.get(f"/api/messages/log?office_code=404419&month={month}&format=csv")
    assert status == 200 and text.startswith("\ufeffসময় / Time") and text.count("\n") == 4
    assert api.get("/api/messages/log?month=2026-13")[0] == 400
    status, spent = api.get(f"/api/messages/spend?office_code=404419&month={month}")
    assert (spent["sms"], spent["spent_paisa"]) == (3, 3 * page["items"][0]["cost_paisa"])


def test_a_batch_run_after_the_window_closed_waits_until_09_and_sends_nothing_now(env, stores):
    just_before_close = datetime(2026, 5, 10, 13, 59, tzinfo=timezone.utc)  # 19:59 in Dhaka
    job = message_jobs.start_job(stores, UCO, "free_text", people(3), just_before_close)
    assert job["state"] == "queued"
    late = datetime(2026, 5, 10, 17, 0, tzinfo=timezone.utc)  # 23:00 in Dhaka: the worker runs late
    figures = message_jobs.run_batch(stores, job["job_id"], 0, late)
    assert figures["state"] == "waiting" and figures["sent"] == 0 and sms_sent() == []
    waiting = stores.jobs.get(job["job_id"])
    assert (waiting["state"], waiting["starts_at"], waiting["queued"]) == ("waiting", "2026-05-11T03:00:00+00:00", 3)
    assert {e["status"] for e in log_entries(job["job_id"])} == {"queued"}
    assert drain(env) == 1 and sms_sent() == []  # the original queue message: still waiting
    assert message_jobs.release_waiting(stores, late + timedelta(hours=1)) == 0
    assert message_jobs.release_waiting(stores, datetime(2026, 5, 11, 3, 5, tzinfo=timezone.utc)) == 1
    assert drain(env) == 1 and len(sms_sent()) == 3
    assert stores.jobs.get(job["job_id"])["state"] == "done"


def test_a_resend_is_audited_with_the_old_entry_and_the_new(env, stores):
    from chalicelib.domain.sms import sms_size
    from chalicelib.store.audit import history
    entry = stores.sms_log.claim("0" * 17, "test", "president", "+8801700000009", "t", "পরীক্ষা",
                                 sms_size("পরীক্ষা"), office_code="404419")
    stores.sms_log.mark(entry, "failed", error="InvalidParameter")
    old = stores.sms_log.get(entry["id"])
    fresh = stores.sms_log.claim_resend(old, "uco.test")
    assert fresh is not None
    [audited] = history("sms", fresh["id"])
    assert (audited["action"], audited["actor"]) == ("resend", "uco.test")
    assert audited["before"]["id"] == entry["id"] and audited["before"]["status"] == "failed"
    assert audited["after"]["resend_of"] == entry["id"] and audited["after"]["status"] == "sending"


@pytest.mark.parametrize("log_id", [
    "x!!!", "", "a" * 2000,
    # 300 + 300 Bengali characters: under 800 characters, 1,800 bytes (DynamoDB counts bytes)
    __import__("base64").urlsafe_b64encode(("JOB#" + "ক" * 300 + "\n" + "খ" * 300).encode()).decode().rstrip("=")])
def test_a_malformed_or_oversized_log_id_is_not_found_before_any_read(env, log_id):
    from chalicelib.domain.errors import NotFound
    from chalicelib.store.sms import entry_key
    with pytest.raises(NotFound):
        entry_key(log_id)


def test_the_log_service_answers_json_or_csv_in_one_call(env, stores):
    from chalicelib.domain.errors import Invalid
    from chalicelib.services import sms_office
    job = message_jobs.start_job(stores, UCO, "free_text", people(2), NOON)
    drain(env)
    month = NOON.strftime("%Y-%m")
    params = {"office_code": "404419", "month": month}
    page = sms_office.delivery_log_reply(stores.sms_log, DCO, params, NOON, 1)
    assert page["csv"] is None and len(page["body"]["items"]) == 1 and page["body"]["next_cursor"]
    sheet = sms_office.delivery_log_reply(stores.sms_log, DCO, {**params, "format": "csv"}, NOON, 1)
    assert sheet["filename"] == f"sms-404419-{month}.csv" and sheet["csv"].count("\n") == 3  # every row, not a page
    assert job["job_id"] in sheet["csv"]
    with pytest.raises(Invalid):
        sms_office.delivery_log_reply(stores.sms_log, DCO, {**params, "format": "xml"}, NOON, 50)


def test_the_service_reads_no_clock_and_a_batch_that_started_earlier_but_ends_last_ends_the_job(env, stores,
                                                                                                 monkeypatch):
    class NoClock(datetime):
        @classmethod
        def now(cls, tz=None):
            raise AssertionError("a service takes `now`; it reads no clock")
    monkeypatch.setattr(message_jobs, "datetime", NoClock)
    job = message_jobs.start_job(stores, UCO, "free_text", people(60), NOON)
    assert message_jobs.run_batch(stores, job["job_id"], 1, NOON + timedelta(minutes=1))["sent"] == 10
    assert message_jobs.run_batch(stores, job["job_id"], 0, NOON)["state"] == "done"  # its message came first
    assert stores.jobs.get(job["job_id"])["sent"] == 60


def test_the_delivery_log_file_neutralises_spreadsheet_formulas(env, stores):
    """A free text (or a recipient's number) that a spreadsheet would run as a formula is written as text."""
    import csv
    import io

    from chalicelib.services import sms_office
    texts = ["=HYPERLINK(\"http://x\",\"ok\")", "@SUM(1)", "-2+3", "সভা রবিবার"]
    message_jobs.start_job(stores, UCO, "free_text", [Recipient(f"+88017{i:08d}", text, "404419", f"{i:017x}",
                                                                "president") for i, text in enumerate(texts)], NOON)
    drain(env)
    sheet = sms_office.delivery_log_reply(stores.sms_log, DCO, {"office_code": "404419", "format": "csv",
                                                                  "month": NOON.strftime("%Y-%m")}, NOON, 50)
    header, *rows = list(csv.reader(io.StringIO(sheet["csv"].lstrip("\ufeff"))))
    text_at, phone_at = header.index("বার্তা / Text"), header.index("নম্বর / Phone")
    assert sorted(row[text_at] for row in rows) == sorted(["'" + t for t in texts[:3]] + [texts[3]])
    assert {row[phone_at][:5] for row in rows} == {"'+880"}  # not a number Excel would round
