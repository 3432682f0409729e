"""The daily scan at national scale: items read per due society, against a full-table Scan.

200,000 societies, 0.5 % of them due today, in moto's in-process DynamoDB (mock_aws).

The two baselines (reading every society of the country for the stats, and a full-table Scan
to select what is due) are not read to the end: in moto every page of a query or Scan sorts the
whole table again, so reading 200,000 societies took 45 minutes, for figures whose item counts
follow from the requests' sizes. Their seconds are timed on a sample and extrapolated (a
`..._note` line says how); every other figure, and every figure of our own reads, is measured.
- The full Scan reads every item of the table: its item count is the table's ItemCount (checked
  against the items loaded); its seconds come from SAMPLES pages, one in the middle of each of
  SAMPLES equal slices of the table in Scan order, each slice taking its page's seconds per item.
- The country read queries every district's part of the area index: the other districts' (empty)
  queries and our district's pages are timed on SAMPLES of each, spread evenly (each page checked
  to hold the societies it should), and each kind is counted at its sample's mean.
"""
import os
import statistics
import time
from datetime import date, timedelta

SOCIETIES = int(os.environ.get("BENCH_SOCIETIES", "200000"))
SAMPLES = int(os.environ.get("BENCH_BASELINE_SAMPLES", "8"))
PAGE = 1000  # societies per request of the country read, as Societies.all_in_area reads
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


def load(table, societies) -> list[str]:
    """Put the societies, their registration-number guards and colour counters, as the app's writes would
    leave them; the keys (pk) of every item written.

    Setup, not a figure. The societies and guards go straight into moto's table model (this runs under
    mock_aws): through the DynamoDB API (BatchWriteItem) the same items cost three times the CPU, four to
    five minutes for 200,000 societies. The counters are added through the API (UpdateItem ADD), on top of
    what the app may have counted already."""
    from collections import Counter

    from boto3.dynamodb.types import TypeSerializer
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    from chalicelib.domain.stats import counter_changes
    from chalicelib.store.societies import _item, _regno_key, counter_steps
    changes, keys = Counter(), []
    stored = dynamodb_backends[DEFAULT_ACCOUNT_ID][table.meta.client.meta.region_name].get_table(table.name)
    typed = TypeSerializer().serialize
    for society in societies:
        for item in (_item(society), {**_regno_key(society), "society_id": society.id}):
            stored.put_item({name: typed(value) for name, value in item.items()})
            keys.append(item["pk"])
        changes.update(counter_changes(None, society))
    steps = counter_steps(table.name, changes)
    keys += [step["Update"]["Key"]["pk"] for step in steps]
    for step in steps:  # an expression stays under DynamoDB's 4 KB: 50 at a time
        update = step["Update"]
        names = list(update["ExpressionAttributeNames"].items())
        for start in range(0, len(names), 50):
            group = names[start:start + 50]
            table.update_item(Key=update["Key"], UpdateExpression="ADD " + ", ".join(f"{a} :{a[1:]}" for a, _ in group),
                              ExpressionAttributeNames=dict(group),
                              ExpressionAttributeValues={f":{a[1:]}": update["ExpressionAttributeValues"][f":{a[1:]}"]
                                                         for a, _ in group})
    return keys


def spread(count: int, samples: int) -> list[int]:
    """`samples` indexes into range(count), one in the middle of each of `samples` equal slices (all if fewer)."""
    if count <= samples:
        return list(range(count))
    return [(2 * j + 1) * count // (2 * samples) for j in range(samples)]


def cursor_at(n: int) -> str:
    """The page link a country read holds when it has read the bench's first n societies."""
    from chalicelib.store.pages import encode_cursor
    from chalicelib.store.societies import CURSOR_KEY, _item
    item = _item(_society(n - 1, False))
    return encode_cursor({k: item[k] for k in CURSOR_KEY})


def full_read(total: int) -> tuple[float, int, str]:
    """Reading every society of the country, PAGE a request: (seconds, societies, how it was timed).

    The country read (Societies.list_area over "") queries every district's partition of the by_area
    index in turn: one query finds a district without societies empty, and the bench's district is
    read a page of PAGE at a time. Each of those queries is timed here on its own, through list_area
    with the same key condition, filter and projection: SAMPLES of the empty districts and SAMPLES
    of the pages (plus the last page), spread evenly, each kind counted at the mean of its sample."""
    from chalicelib.domain import geography
    from chalicelib.domain.society import PUBLIC_FIELDS
    from chalicelib.store.societies import Societies
    societies, fields = Societies(), list(PUBLIC_FIELDS)

    def request(area: str, cursor: str | None):
        started = time.perf_counter()
        page, after = societies.list_area(area, TODAY, cursor=cursor, limit=PAGE, fields=fields)
        return time.perf_counter() - started, page, after

    ours = _society(0, False).district_code
    others = [d for d in geography.districts_under("") if d != ours]
    empty = []
    for district in (others[j] for j in spread(len(others), SAMPLES)):
        took, page, after = request(district, None)
        assert page == [] and after is None, district
        empty.append(took)
    pages = -(-total // PAGE)
    timed = []
    for i in spread(pages - 1, SAMPLES):  # the full pages
        took, page, after = request(ours, cursor_at(i * PAGE) if i else None)
        assert len(page) == PAGE and after and page[0].id == _society(i * PAGE, False).id, (i, len(page))
        timed.append(took)
    last, page, after = request(ours, cursor_at((pages - 1) * PAGE) if pages > 1 else None)  # timed on its own
    assert page and page[0].id == _society((pages - 1) * PAGE, False).id
    last_items, trailing = len(page), 0
    while after:  # a full last page leaves a link to a query that finds nothing more
        more, page, after = request(ours, after)
        assert page == []
        last, trailing = last + more, trailing + 1
    seconds = statistics.mean(empty) * len(others) + (statistics.mean(timed) * (pages - 1) if timed else 0) + last
    queries = len(others) + pages + trailing
    how = (f"extrapolated: of its {queries} queries, {len(empty)} of the {len(others)} (empty) other districts "
           f"and {len(timed)} of the {pages - 1} full pages of ours, evenly spread, and the last page were timed; "
           f"each kind counted at its sample's mean; societies = {PAGE} a full page, the last page's counted")
    return seconds, PAGE * (pages - 1) + last_items, how


def full_scan(table, keys: list[str]) -> tuple[float, int, str]:
    """A Scan of the whole table filtered to what is due: (seconds, items read, how it was timed)."""
    from boto3.dynamodb.conditions import Attr
    items = table.meta.client.describe_table(TableName=table.name)["Table"]["ItemCount"]
    assert items == len(set(keys)), (items, len(set(keys)))  # a full Scan reads every item
    order = sorted(set(keys))  # moto scans a table of hash keys in key order
    samples = []
    for rank in spread(items, SAMPLES):
        request = {"FilterExpression": Attr("next_reminder_on").lte(TODAY.isoformat())}
        if rank:
            request["ExclusiveStartKey"] = {"pk": order[rank - 1]}
        started = time.perf_counter()
        page = table.scan(**request)
        samples.append((time.perf_counter() - started, page["ScannedCount"]))
    seconds = sum(items / len(samples) * took / scanned for took, scanned in samples)
    scanned = sum(n for _, n in samples)
    return seconds, items, (f"extrapolated: {len(samples)} Scan pages timed ({scanned} items read in all), one "
                            f"starting in the middle of each of {len(samples)} equal slices of the table's {items} "
                            f"items, each slice at its page's seconds per item; items read = the table's ItemCount")


def stats_figures() -> dict:
    """One country-level stats request against reading every society in the country."""
    from chalicelib.store.societies import Societies, stats_keys
    societies = Societies()
    started = time.perf_counter()
    counts = societies.status_counts("", TODAY)
    ours_seconds = time.perf_counter() - started
    ours = len(societies.batch_get(stats_keys("", TODAY)))
    full_seconds, everything, how = full_read(SOCIETIES)
    assert counts["total"] == everything
    return {"stats_items_read_country": ours, "stats_full_items_read_country": everything,
            "stats_full_read_ratio": round(everything / ours, 1), "stats_country_ms": round(ours_seconds * 1000, 1),
            "stats_full_read_country_seconds": round(full_seconds, 2), "stats_full_read_country_seconds_note": how}


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

        import app  # noqa: F401  (the functions with their middleware, as Lambda has them)
        from bench.cost_measure import unpaced_sms
        from chalicelib.handlers.jobs import scan_stores
        from chalicelib.services.daily_scan import run_scan
        from local.worker import until_sent
        from chalicelib.store.societies import Societies
        table = aws.table(os.environ["TABLE_SOCIETIES"])
        due_every = round(1 / DUE_SHARE)
        keys = load(table, (_society(n, n % due_every == 0) for n in range(SOCIETIES)))
        stats = stats_figures()

        # Selecting what is due: our sparse-index query against a filtered full-table Scan.
        started = time.perf_counter()
        selected = sum(1 for _ in Societies().due_ids(TODAY))
        query_seconds = time.perf_counter() - started
        full_scan_seconds, scanned, how = full_scan(table, keys)

        started = time.perf_counter()
        with unpaced_sms():  # the plan, then the queue worked as the workers do (the rate not slept)
            figures = until_sent(run_scan(TODAY, scan_stores())["run"], wait=0)
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
        "scan_full_table_select_seconds_note": how,
        "scan_full_table_time_ratio": round(full_scan_seconds / query_seconds, 1),
        "scan_total_seconds_incl_sms": round(scan_seconds, 2),
        **stats,
    }
