"""Imports too big for one request, on moto: the file uploaded to S3 with a presigned POST, then a job that the
messages queue's worker runs — every row checked first (all or nothing), written in chunks with progress,
continued by the next invocation when one runs short of time; the same file again adds nothing."""
import json

import pytest
import requests

from chalicelib.config import settings
from chalicelib.store import aws

from .test_import import count_in_area, csv_of, row


def upload(api, data: bytes, content_type: str = "text/csv") -> str:
    """What the browser does: ask for the form, POST the file to S3 with it; the upload id."""
    status, form = api.post("/api/societies/import/uploads", {"content_type": content_type, "size": len(data)})
    assert status == 201, form
    reply = requests.post(form["url"], data=form["fields"], files={"file": ("societies.csv", data, content_type)},
                          timeout=10)
    assert reply.status_code in (200, 201, 204), reply.text
    return form["upload_id"]


def start(api, upload_id: str, dry_run: bool = False) -> tuple[int, dict]:
    return api.post("/api/societies/import/jobs", {"upload_id": upload_id, "dry_run": dry_run})


def work_one() -> bool:
    """The Lambda event source: the next queue message to the worker's function (deleted when it returns),
    with its receive count; after maxReceiveCount failed receives it is in the dead-letter queue."""
    from chalicelib.handlers.message_jobs import message_worker
    sqs, url = aws.client("sqs"), settings().messages_queue_url
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1, VisibilityTimeout=0,
                                   AttributeNames=["All"]).get("Messages", [])
    for message in messages:
        message_worker({"Records": [{"body": message["Body"], "receiptHandle": message["ReceiptHandle"],
                                     "messageId": message["MessageId"], "attributes": message["Attributes"],
                                     "messageAttributes": {}, "eventSourceARN": "arn:aws:sqs:x:1:q"}]}, None)
        sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return bool(messages)


def drain() -> int:
    invocations = 0
    while work_one():
        invocations += 1
    return invocations


@pytest.fixture
def chunks_per_invocation(monkeypatch):
    """Each worker invocation has time for this many chunks of 20 rows (in place of Lambda's clock; asked before
    every chunk but the first)."""
    from chalicelib.services import import_jobs

    def allow(chunks: int) -> None:
        def budget(remaining_ms):
            more = iter([True] * (chunks - 1))
            return lambda: next(more, False)
        monkeypatch.setattr(import_jobs, "time_budget", budget)
    return allow


def test_a_file_is_checked_then_imported_by_a_job_in_chunks_with_progress(as_user, chunks_per_invocation):
    api = as_user("uco.demo")
    upload_id = upload(api, csv_of([row(n) for n in range(1, 76)]))

    status, check = start(api, upload_id, dry_run=True)
    assert status == 202 and check["state"] == "queued" and check["rows"] == 75 and check["rows_done"] == 0, check
    drain()
    status, check = api.get(f"/api/societies/import/jobs/{check['job_id']}")
    assert status == 200 and check["state"] == "done" and check["dry_run"] is True
    assert (check["valid"], check["created"], check["errors"], check["rows_done"]) == (75, 0, [], 75)
    assert count_in_area(api) == 0  # a check writes nothing

    chunks_per_invocation(2)
    status, job = start(api, upload_id)
    assert status == 202 and job["job_id"] != check["job_id"], job
    assert work_one()  # two chunks of 20, then the job queues itself again
    job = api.get(f"/api/societies/import/jobs/{job['job_id']}")[1]
    assert (job["state"], job["rows_done"], job["rows"], job["created"]) == ("writing", 40, 75, 40)
    assert count_in_area(api) == 40
    assert drain() == 1  # the next invocation checks the file again and writes the rest
    job = api.get(f"/api/societies/import/jobs/{job['job_id']}")[1]
    assert (job["state"], job["rows_done"], job["created"], job["unchanged"], job["errors"]) == ("done", 75, 75, 0, [])
    assert count_in_area(api) == 75
    # each society's public page, and the district's sitemap listing them
    site, s3 = settings().site_bucket, aws.client("s3")
    society_id = api.get("/api/societies?q=IMP-75")[1]["items"][0]["id"]
    assert s3.head_object(Bucket=site, Key=f"s/{society_id}.html")["ContentLength"] > 0
    assert society_id in s3.get_object(Bucket=site, Key="s/sitemap-4044.xml")["Body"].read().decode()


def test_one_bad_row_writes_nothing_and_its_error_is_in_the_job(as_user):
    api = as_user("uco.demo")
    upload_id = upload(api, csv_of([row(1), row(2, officer_phone="0111"), *(row(n) for n in range(3, 30))]))
    job = start(api, upload_id)[1]
    drain()
    job = api.get(f"/api/societies/import/jobs/{job['job_id']}")[1]
    assert (job["state"], job["created"], job["valid"], job["error_count"]) == ("done", 0, 28, 1)
    assert [(e["row"], e["field"]) for e in job["errors"]] == [(3, "officer_phone")]
    assert job["errors"][0]["message_bn"]
    assert count_in_area(api) == 0


def test_the_same_file_again_adds_nothing_and_the_same_upload_started_twice_is_one_job(as_user):
    api = as_user("uco.demo")
    data = csv_of([row(n) for n in range(1, 26)])
    first = upload(api, data)
    job = start(api, first)[1]
    assert start(api, first)[1]["job_id"] == job["job_id"]
    drain()
    assert api.get(f"/api/societies/import/jobs/{job['job_id']}")[1]["created"] == 25
    again = start(api, upload(api, data))[1]
    drain()
    again = api.get(f"/api/societies/import/jobs/{again['job_id']}")[1]
    assert (again["state"], again["created"], again["unchanged"]) == ("done", 0, 25)
    assert count_in_area(api) == 25


def test_a_worker_that_dies_mid_way_leaves_no_duplicate_and_the_next_one_finishes(as_user, monkeypatch):
    from chalicelib.store.societies import Societies
    api = as_user("uco.demo")
    job = start(api, upload(api, csv_of([row(n) for n in range(1, 76)])))[1]
    writes = {"n": 0}
    create_many = Societies.create_many

    def dies_at_the_third_chunk(self, societies, actor):
        writes["n"] += 1
        if writes["n"] == 3:
            raise RuntimeError("Lambda timed out")
        return create_many(self, societies, actor)
    monkeypatch.setattr(Societies, "create_many", dies_at_the_third_chunk)
    with pytest.raises(RuntimeError):
        work_one()  # the message stays on the queue, as SQS keeps it for the next delivery
    assert api.get(f"/api/societies/import/jobs/{job['job_id']}")[1]["rows_done"] == 40
    drain()
    job = api.get(f"/api/societies/import/jobs/{job['job_id']}")[1]
    assert (job["state"], job["created"], job["rows_done"]) == ("done", 75, 75)
    assert count_in_area(api) == 75


def test_a_file_that_cannot_be_read_or_was_not_uploaded_is_a_400(as_user):
    api = as_user("uco.demo")
    status, body = start(api, upload(api, b"\xff\xfe\x00garbage\x00"))
    assert status == 400 and body["error"]["code"] == "invalid_file", body
    status, body = start(api, "0123456789abcdef")
    assert status == 400 and body["error"]["code"] == "file_not_uploaded"
    status, body = api.post("/api/societies/import/uploads", {"content_type": "application/pdf", "size": 10})
    assert status == 400 and body["error"]["code"] == "invalid_input"
    status, body = api.post("/api/societies/import/uploads", {"content_type": "text/csv", "size": 6 * 1024 * 1024})
    assert status == 400 and body["error"]["code"] == "invalid_input"
    status, body = api.post("/api/societies/import/jobs", {"upload_id": "../../other"})
    assert status == 400 and body["error"]["code"] == "invalid_input"


def test_the_upload_form_holds_s3_to_the_office_s_key_the_type_and_the_size(as_user):
    import base64
    api = as_user("uco.demo")
    form = api.post("/api/societies/import/uploads", {"content_type": "text/csv", "size": 1000})[1]
    assert form["fields"]["key"] == f"imports/404419/{form['upload_id']}"
    conditions = json.loads(base64.b64decode(form["fields"]["policy"]))["conditions"]
    assert {"Content-Type": "text/csv"} in conditions and ["content-length-range", 1, 5 * 1024 * 1024] in conditions
    # another upazila's office cannot start a job of this upload (its key is under this office), nor read the
    # job this office started
    requests.post(form["url"], data=form["fields"], files={"file": ("s.csv", csv_of([row(1)]), "text/csv")}, timeout=10)
    assert start(api, form["upload_id"], dry_run=True)[0] == 202
    status, body = start(as_user("uco2.demo"), form["upload_id"], dry_run=True)
    assert status == 400 and body["error"]["code"] == "file_not_uploaded"


def test_only_an_upazila_office_uploads_and_the_job_is_read_within_its_area(as_user):
    status, body = as_user("dco.demo").post("/api/societies/import/uploads", {"content_type": "text/csv", "size": 10})
    assert status == 403 and body["error"]["code"] == "upazila_office_only"
    api = as_user("uco.demo")
    job = start(api, upload(api, csv_of([row(1)])), dry_run=True)[1]
    path = f"/api/societies/import/jobs/{job['job_id']}"
    assert as_user("dco.demo").get(path)[0] == 200  # the district above reads it
    assert as_user("uco2.demo").get(path)[0] == 403
    assert api.get("/api/societies/import/jobs/0123456789abcdef-check")[0] == 404


def test_a_file_too_large_for_one_request_is_sent_to_the_job(as_user, monkeypatch):
    from chalicelib.services import society_import
    monkeypatch.setattr(society_import, "DIRECT_MAX_ROWS", 3)
    api = as_user("uco.demo")
    response = api.client.http.post("/api/societies/import?dry_run=true", body=csv_of([row(n) for n in range(1, 5)]),
                                    headers={"Content-Type": "text/csv", "Authorization": f"Bearer {api.token}"})
    assert response.status_code == 400
    assert json.loads(response.body)["error"]["code"] == "import_job_required"


def test_a_job_whose_worker_keeps_failing_is_failed_on_its_messages_last_receive(as_user, monkeypatch):
    """Its queue message ends in the dead-letter queue; the job does not stay `checking` for ever: the worker
    that fails it on its last receive (the queue's maxReceiveCount, from infra) saves the job failed with a
    clear reason, and a message of it moved back later writes nothing."""
    from chalicelib.services import import_jobs
    api = as_user("uco.demo")
    job = start(api, upload(api, csv_of([row(n) for n in range(1, 6)])))[1]
    checked_file = import_jobs.checked_file

    def breaks(*args, **kwargs):
        raise RuntimeError("a bug in the worker")
    monkeypatch.setattr(import_jobs, "checked_file", breaks)
    path = f"/api/societies/import/jobs/{job['job_id']}"
    receives = settings().messages_max_receives
    assert receives == 5  # infra/resources.json's MessagesMaxReceives, the queue's maxReceiveCount
    for _ in range(receives - 1):
        with pytest.raises(RuntimeError):
            work_one()
        assert api.get(path)[1]["state"] == "checking"  # SQS delivers it again: still at work
    with pytest.raises(RuntimeError):
        work_one()  # the last receive: the message goes to the dead-letter queue
    status, failed = api.get(path)
    assert status == 200 and failed["state"] == "failed", failed
    assert failed["failure"]["code"] == "import_stalled" and "every try" in failed["failure"]["message"]
    assert failed["failure"]["message_bn"]
    assert not work_one()  # in the dead-letter queue now
    monkeypatch.setattr(import_jobs, "checked_file", checked_file)
    aws.client("sqs").send_message(QueueUrl=settings().messages_queue_url,
                                   MessageBody=json.dumps({"import": job["job_id"]}))  # moved back from there
    drain()
    assert api.get(path)[1]["state"] == "failed" and count_in_area(api) == 0


def test_a_job_waiting_its_turn_in_the_queue_is_not_failed_however_long_it_waits(as_user):
    """Queued 31 minutes behind a big day's scan batches, with no failure: still queued, and then written."""
    from datetime import datetime, timedelta, timezone
    from chalicelib.store.import_jobs import ImportJobs
    api = as_user("uco.demo")
    job = start(api, upload(api, csv_of([row(n) for n in range(1, 4)])))[1]
    long_ago = (datetime.now(timezone.utc) - timedelta(minutes=31)).isoformat(timespec="seconds")
    ImportJobs().table.update_item(Key={"pk": f"IMPORT#{job['job_id']}", "sk": "IMPORT"},
                                   UpdateExpression="SET updated_at = :t",
                                   ExpressionAttributeValues={":t": long_ago})
    path = f"/api/societies/import/jobs/{job['job_id']}"
    assert api.get(path)[1]["state"] == "queued"
    drain()
    assert api.get(path)[1]["state"] == "done" and count_in_area(api) == 3


def test_a_job_at_work_is_not_failed_by_its_deadline(as_user):
    """A job that makes progress (updated_at recent) or finished is answered as it is."""
    api = as_user("uco.demo")
    job = start(api, upload(api, csv_of([row(n) for n in range(1, 4)])))[1]
    assert api.get(f"/api/societies/import/jobs/{job['job_id']}")[1]["state"] == "queued"
    drain()
    assert api.get(f"/api/societies/import/jobs/{job['job_id']}")[1]["state"] == "done"
