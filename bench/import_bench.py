"""A 10,000-row import by one upazila office: dry run, real run, and the same file again.

moto in-process (mock_aws). moto's TransactWriteItems deep-copies the whole table for every
item of every transaction, so writing 10,000 rows through it is quadratic in memory (1,000
rows already take 6 GB). The real, transactional run is therefore timed on the first
WRITE_ROWS rows; the rest are loaded directly, as the app's writes would leave them, so the
dry run and the re-run still face the whole 10,000-row file and registry.

The job path (a file too big for one request: uploaded to S3, then a job the messages queue's worker
runs, services.import_jobs): WRITE_ROWS new rows imported by a job while the table is still small (as
above), and the whole file checked by a dry-run job at the end; each job's queue messages are handed to
the worker function (handlers.message_jobs.message_worker) one by one with a Lambda context of the
worker's timeout, as the event source would, until none is left.
"""
import os
import time
from datetime import date

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
WRITE_ROWS = int(os.environ.get("BENCH_IMPORT_WRITE_ROWS", "300"))
TODAY = date(2026, 11, 24)
WORKER_TIMEOUT_MS = 60_000  # the message worker's Lambda timeout (infra: MessageWorker)


def csv_file(rows: range) -> bytes:
    header = "registration_no,registered_on,name_bn,address,upazila_code,committee_kind,committee_started_on,officer_phone"
    lines = [header] + [f"IMP-{n},2010-01-15,আমদানি সমবায় সমিতি {n},ঝিনাইদহ,404419,elected,"
                        f"{2023 + n % 3}-{1 + n % 12:02d}-15,01711000419" for n in rows]
    return "\n".join(lines).encode("utf-8")


def job(name: str, caller, data: bytes, dry_run: bool) -> dict:
    """The file uploaded (to the key the upload form names), its job started as the API does, and the queue
    worked until empty: the job's figures `import_<name>_...`."""
    from chalice.local import LambdaContext

    from chalicelib.bootstrap import import_stores
    from chalicelib.config import settings
    from chalicelib.services.import_jobs import start_job, upload_key
    from chalicelib.store import aws
    from local.worker import take_one
    upload_id = os.urandom(8).hex()
    aws.client("s3").put_object(Bucket=settings().uploads_bucket, Key=upload_key(caller.office_code, upload_id),
                                Body=data, ContentType="text/csv")
    sqs, url = aws.client("sqs"), settings().messages_queue_url
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    started, invocations = time.perf_counter(), 0
    job_id = start_job(import_stores(), caller, upload_id, dry_run, "2026-11-24T09:00:00+00:00")["job_id"]
    while take_one(sqs, url, arn, visibility=0, wait=0, context=LambdaContext("message_worker", 1024,
                                                                                 WORKER_TIMEOUT_MS)):
        invocations += 1
    seconds, done = time.perf_counter() - started, import_stores().jobs.get(job_id)
    return {f"import_{name}_rows": done["rows"], f"import_{name}_state": done["state"],
            f"import_{name}_rows_done": done["rows_done"], f"import_{name}_valid": done["valid"],
            f"import_{name}_created": done["created"], f"import_{name}_invocations": invocations,
            f"import_{name}_seconds": round(seconds, 2)}


def run() -> dict:
    from dataclasses import replace

    from moto import mock_aws

    from chalicelib.domain.jurisdiction import Caller
    from chalicelib.domain.spreadsheet import read_rows
    from chalicelib.store import aws
    from local.provision import provision

    os.environ.pop("AWS_ENDPOINT_URL", None)
    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="ap-southeast-1")
    with mock_aws():
        os.environ.update(provision("ap-southeast-1"))
        aws.reset()
        from bench.scan_bench import load
        from chalicelib.services.society_import import check_rows, import_societies
        from chalicelib.store.societies import Societies, new_id

        class Counted(Societies):
            transactions = 0

            def create_many(self, societies, actor):
                Counted.transactions += 1
                super().create_many(societies, actor)

        caller, whole, figures = Caller("bench", "upazila", "404419"), csv_file(range(ROWS)), {}

        def timed(name: str, data: bytes, dry_run: bool) -> dict:
            started = time.perf_counter()
            result = import_societies(Counted(), new_id, caller, data, "text/csv", dry_run, TODAY, "bench")
            figures[f"import_{name}_seconds"] = round(time.perf_counter() - started, 2)
            assert not result["errors"], result["errors"][:3]
            return result

        dry = timed("dry_run", whole, True)
        written = timed("write", csv_file(range(WRITE_ROWS)), False)
        figures.update(job("job_write", caller, csv_file(range(WRITE_ROWS, 2 * WRITE_ROWS)), False))
        rest, _, _ = check_rows(Societies(), caller,
                                read_rows(csv_file(range(2 * WRITE_ROWS, ROWS)), "text/csv").rows, TODAY, "bench")
        load(aws.table(os.environ["TABLE_SOCIETIES"]), [replace(s, id=new_id()) for s in rest])
        again = timed("rerun", whole, False)
        total = Societies().status_counts("404419", TODAY)["total"]
        figures.update(job("job_dry_run", caller, whole, True))
    return {"import_rows": ROWS, "import_dry_run_valid": dry["valid"], "import_dry_run_created": dry["created"],
            "import_dry_run_seconds": figures["import_dry_run_seconds"],
            "import_write_rows": WRITE_ROWS, "import_write_created": written["created"],
            "import_write_seconds_moto": figures["import_write_seconds"],
            "import_rows_per_transaction": round(WRITE_ROWS / Counted.transactions, 1),
            "import_transactions_for_rows": -(-ROWS // round(WRITE_ROWS / Counted.transactions)),
            "import_rerun_created": again["created"], "import_rerun_unchanged": again["unchanged"],
            "import_rerun_seconds": figures["import_rerun_seconds"], "import_societies_after_rerun": total,
            **{name: value for name, value in figures.items() if name.startswith("import_job_")}}
