"""The daily scan at national scale: items read per due society, against a full-table Scan.

200,000 societies, 0.5 % of them due today, in moto's in-process DynamoDB (mock_aws).
"""
import os
import time
from datetime import date, timedelta

SOCIETIES = int(os.environ.get("BENCH_SOCIETIES", "200000"))
DUE_SHARE = 0.005
TODAY = date(2026, 11, 24)


def _society(n: int, due: bool):
    from chalicelib.domain.society import from_dict
    ends = TODAY + timedelta(days=60 if due else 200 + n % 800)
    return from_dict({
        "id": f"{n:017x}", "version": 1, "upazila_code": "404419", "registration_no": f"B-{n}",
        "registered_on": "2010-01-01", "name_bn": f"সমিতি {n}", "address": "ঝিনাইদহ", "committee_kind": "elected",
        "committee_started_on": (ends - timedelta(days=1095)).isoformat(), "term_ends_on": ends.isoformat(),
        "officer_phone": "+8801711000419", "president_phone": f"+88018{n:09d}"[:14],
        "secretary_phone": f"+88019{n:09d}"[:14], "last_accounts_year": "2025-2026",
        "last_audit_year": "2025-2026", "last_audit_on": "2026-09-01", "last_agm_on": "2026-10-01",
        "last_rectification_on": "2026-09-10", "next_reminder_on": (ends - timedelta(days=90)).isoformat()})


def load(table, societies) -> None:
    """Put the societies, their registration-number guards and colour counters, as the app's writes would."""
    from collections import Counter

    from chalicelib.domain.stats import counter_changes
    from chalicelib.store.societies import _item, _regno_key, counter_steps
    changes = Counter()
    with table.batch_writer() as batch:
        for society in societies:
            batch.put_item(Item=_item(society))
            batch.put_item(Item={**_regno_key(society), "society_id": society.id})
            changes.update(counter_changes(None, society))
    for step in counter_steps(table.name, changes):  # an expression stays under DynamoDB's 4 KB: 50 at a time
        update = step["Update"]
        names = list(update["ExpressionAttributeNames"].items())
        for start in range(0, len(names), 50):
            group = names[start:start + 50]
            table.update_item(Key=update["Key"], UpdateExpression="ADD " + ", ".join(f"{a} :{a[1:]}" for a, _ in group),
                              ExpressionAttributeNames=dict(group),
                              ExpressionAttributeValues={f":{a[1:]}": update["ExpressionAttributeValues"][f":{a[1:]}"]
                                                         for a, _ in group})


def stats_figures(table) -> dict:
    """One country-level stats request against reading every society in the country."""
    from chalicelib.domain.society import PUBLIC_FIELDS
    from chalicelib.store.societies import Societies, stats_keys
    societies = Societies()
    started = time.perf_counter()
    counts = societies.status_counts("", TODAY)
    ours_seconds = time.perf_counter() - started
    ours = len(societies.batch_get(stats_keys("", TODAY)))
    started = time.perf_counter()
    everything, cursor = 0, None
    while True:
        page, cursor = societies.list_area("", TODAY, cursor=cursor, limit=1000, fields=list(PUBLIC_FIELDS))
        everything += len(page)
        if not cursor:
            break
    full_seconds = time.perf_counter() - started
    assert counts["total"] == everything
    return {"stats_items_read_country": ours, "stats_full_items_read_country": everything,
            "stats_full_read_ratio": round(everything / ours, 1), "stats_country_ms": round(ours_seconds * 1000, 1),
            "stats_full_read_country_seconds": round(full_seconds, 2)}


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

        from chalicelib.handlers.jobs import scan_stores
        from chalicelib.services.reminders import run_scan
        from chalicelib.store.societies import Societies
        table = aws.table(os.environ["TABLE_SOCIETIES"])
        due_every = round(1 / DUE_SHARE)
        load(table, (_society(n, n % due_every == 0) for n in range(SOCIETIES)))
        stats = stats_figures(table)

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
        figures = run_scan(TODAY, scan_stores())
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
        **stats,
    }
