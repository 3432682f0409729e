"""The daily scan at national scale: items read per due society, against a full-table Scan.

200,000 societies, 0.5 % of them due today, in moto's in-process DynamoDB (mock_aws).
"""
import os
import time
from datetime import date, timedelta

SOCIETIES = int(os.environ.get("BENCH_SOCIETIES", "200000"))
DUE_SHARE = 0.005
TODAY = date(2026, 11, 24)


def _society(n: int, due: bool) -> dict:
    ends = TODAY + timedelta(days=60 if due else 200 + n % 800)
    upazila = "404419"
    return {"pk": f"SOCIETY#{n:017x}", "type": "society", "id": f"{n:017x}", "version": 1,
            "area_pk": "SOCIETY", "area_sk": f"{upazila}#{n:017x}", "upazila_code": upazila,
            "registration_no": f"B-{n}", "registered_on": "2010-01-01", "name_bn": f"সমিতি {n}",
            "address": "ঝিনাইদহ", "committee_kind": "elected", "committee_started_on": "2024-01-01",
            "term_ends_on": ends.isoformat(), "officer_phone": "+8801711000419",
            "president_phone": f"+88018{n:09d}"[:14], "secretary_phone": f"+88019{n:09d}"[:14],
            "reminders_done": [], "due_pk": "DUE",
            "next_reminder_on": (ends - timedelta(days=90)).isoformat()}


def run() -> dict:
    from moto import mock_aws

    from chalicelib.store import aws
    from local.provision import provision

    for name in ("AWS_ENDPOINT_URL",):
        os.environ.pop(name, None)
    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="ap-southeast-1")
    with mock_aws():
        os.environ.update(provision("ap-southeast-1"))
        aws.reset()
        from boto3.dynamodb.conditions import Attr

        from chalicelib.handlers.jobs import run_scan
        from chalicelib.store.societies import Societies
        table = aws.table(os.environ["TABLE_SOCIETIES"])
        due_every = round(1 / DUE_SHARE)
        with table.batch_writer() as batch:
            for n in range(SOCIETIES):
                batch.put_item(Item=_society(n, n % due_every == 0))

        # Selecting what is due: our sparse-index query against a filtered full-table Scan.
        started = time.perf_counter()
        selected = sum(1 for _ in Societies().due_ids(TODAY))
        query_seconds = time.perf_counter() - started
        started, scanned, request = time.perf_counter(), 0, {
            "FilterExpression": Attr("next_reminder_on").lte(TODAY.isoformat())}
        while True:
            page = table.scan(**request)
            scanned += page["ScannedCount"]
            if "LastEvaluatedKey" not in page:
                break
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        full_scan_seconds = time.perf_counter() - started

        started = time.perf_counter()
        figures = run_scan(TODAY)
        scan_seconds = time.perf_counter() - started
    read, due = figures["items_read"], figures["due"]
    assert selected == figures["scanned"]
    return {
        "scan_societies": SOCIETIES,
        "scan_societies_due": due,
        "scan_sms_sent": figures["sms_sent"],
        "scan_items_read": read,
        "scan_items_read_per_due": round(read / due, 3),
        "scan_full_table_items_read": scanned,
        "scan_full_table_read_ratio": round(scanned / read, 1),
        "scan_select_due_seconds": round(query_seconds, 3),
        "scan_full_table_select_seconds": round(full_scan_seconds, 2),
        "scan_full_table_time_ratio": round(full_scan_seconds / query_seconds, 1),
        "scan_total_seconds_incl_sms": round(scan_seconds, 2),
    }
