"""What one request and one due society cost in AWS calls: measured in process on moto (mock_aws).

The app (chalice.test.Client, the real handlers, stores and authorizer) answers a stated mix of officer
and public requests over the demo data plus an upazila of SOCIETIES_HERE societies; then the daily
scan (the scheduled function, as `make scan` invokes it) runs over DUE societies and the messages
queue is worked by the worker function until the sends are done. A botocore hook on every AWS call
counts, per request kind:
- DynamoDB read and write units, as DynamoDB bills them on demand: a read 1 unit per 4 KB (half when
  eventually consistent; a Query's items summed, then rounded up), a write 1 per KB for the item and
  again for each global index that holds it, transactions twice. Sizes are the items' DynamoDB sizes
  (an update's item as stored after it, from moto); a read's are the answered items', so a
  projection makes it a lower bound.
- SNS publishes, SQS requests, S3 GETs and PUTs.
- Lambda ms: wall time of the handler call in this process (moto answers in process, where AWS is a
  network hop away), and the log bytes each call writes (JSON log lines and EMF lines).
- the answer's size gzipped (API Gateway compresses answers over 1 KB).
"""
import contextlib
import gzip
import io
import json
import math
import os
import statistics
import threading
import time
from collections import Counter
from datetime import date, datetime, timezone

from bench.cost_assumptions import AWS_CALL_MS

REGION = "ap-southeast-1"
REPEATS = int(os.environ.get("COST_REPEATS", "15"))
SOCIETIES_HERE = int(os.environ.get("COST_SOCIETIES", "120"))  # one upazila's list, paged as the app pages it
DUE = int(os.environ.get("COST_DUE", "60"))
UPAZILA, DUE_UPAZILA = "404419", "404433"
READ_KB, WRITE_KB = 4096, 1024


def value_size(value) -> int:
    """DynamoDB's size of one typed attribute value (names are counted by the caller)."""
    kind, data = next(iter(value.items()))
    if kind == "S":
        return len(data.encode())
    if kind == "N":
        digits = data.lstrip("-").replace(".", "").lstrip("0") or "0"
        return math.ceil(len(digits) / 2) + 1
    if kind == "B":
        return len(data) * 3 // 4
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "M":
        return 3 + item_size(data)
    if kind == "L":
        return 3 + sum(1 + value_size(v) for v in data)
    return sum(value_size({kind[0]: v}) for v in data)


def item_size(item: dict) -> int:
    return sum(len(name.encode()) + value_size(value) for name, value in item.items())


class Meter:
    """Counts what the app asks of AWS while `kind` is set (botocore before-call / after-call)."""

    def __init__(self):
        self.kind, self.counts, self.lock = None, Counter(), threading.Lock()
        self.indexes: dict[str, list[str]] = {}  # table -> the key attribute of each global index

    def add(self, **amounts) -> None:
        if self.kind:
            with self.lock:
                for name, amount in amounts.items():
                    self.counts[(self.kind, name)] += amount

    def index_count(self, table: str, item: dict) -> int:
        if table not in self.indexes:
            from moto.core import DEFAULT_ACCOUNT_ID
            from moto.dynamodb.models import dynamodb_backends
            stored = dynamodb_backends[DEFAULT_ACCOUNT_ID][REGION].get_table(table)
            self.indexes[table] = [index.schema[0]["AttributeName"] for index in stored.global_indexes]
        return sum(1 for key in self.indexes[table] if key in item)

    def stored_item(self, table: str, key: dict) -> dict:
        from moto.core import DEFAULT_ACCOUNT_ID
        from moto.dynamodb.models import dynamodb_backends
        from moto.dynamodb.models.dynamo_type import DynamoType
        stored = dynamodb_backends[DEFAULT_ACCOUNT_ID][REGION].get_table(table)
        hash_value = DynamoType(key[stored.hash_key_attr])
        range_value = DynamoType(key[stored.range_key_attr]) if stored.range_key_attr else None
        found = stored.get_item(hash_value, range_value)
        return found.to_json()["Attributes"] if found else {}

    def write_units(self, table: str, item: dict, factor: int = 1) -> float:
        return factor * math.ceil(max(1, item_size(item)) / WRITE_KB) * (1 + self.index_count(table, item))

    def before(self, model, params, context, **_):
        if not self.kind:
            return
        context["s26_started"] = time.perf_counter()
        service = model.service_model.service_name
        if service == "sqs":
            self.add(sqs_requests=1)
        elif service == "sns" and model.name == "Publish":
            self.add(sns_publish=1)
        elif service == "s3":
            self.add(**{"s3_get" if model.name in ("GetObject", "HeadObject") else "s3_put": 1})
        elif service == "secretsmanager":
            self.add(secret_calls=1)

    def after(self, model, http_response, parsed, **kwargs):
        if not self.kind:
            return
        service = model.service_model.service_name
        if "s26_started" in kwargs["context"]:  # moto answering in process, in place of AWS's round trip
            self.add(aws_ms=(time.perf_counter() - kwargs["context"]["s26_started"]) * 1000,
                     aws_call_ms=AWS_CALL_MS.get(service, AWS_CALL_MS["other"]))
        if service != "dynamodb":
            return
        request = json.loads(kwargs["context"].get("s26_body") or "{}")
        name, units = model.name, Counter()
        consistent = 1 if request.get("ConsistentRead") else 0.5
        if name == "GetItem":
            item = parsed_raw(http_response).get("Item", {})
            units["read"] += consistent * math.ceil(max(1, item_size(item)) / READ_KB)
        elif name in ("Query", "Scan"):
            raw = parsed_raw(http_response)
            sizes = [item_size(i) for i in raw.get("Items", [])]
            scanned = raw.get("ScannedCount", len(sizes))
            total = (sum(sizes) * scanned / len(sizes)) if sizes else 0
            units["read"] += consistent * math.ceil(max(1, total) / READ_KB)
        elif name == "BatchGetItem":
            for items in parsed_raw(http_response).get("Responses", {}).values():
                units["read"] += sum(0.5 * math.ceil(max(1, item_size(i)) / READ_KB) for i in items)
        elif name == "TransactGetItems":
            units["read"] += sum(2 * math.ceil(max(1, item_size(r.get("Item", {}))) / READ_KB)
                                 for r in parsed_raw(http_response).get("Responses", []))
        elif name == "PutItem":
            units["write"] += self.write_units(request["TableName"], request["Item"])
        elif name in ("UpdateItem", "DeleteItem"):
            item = self.stored_item(request["TableName"], request["Key"]) or request["Key"]
            units["write"] += self.write_units(request["TableName"], item)
        elif name == "BatchWriteItem":
            for table, writes in request.get("RequestItems", {}).items():
                for write in writes:
                    item = write.get("PutRequest", {}).get("Item") or write.get("DeleteRequest", {}).get("Key", {})
                    units["write"] += self.write_units(table, item)
        elif name == "TransactWriteItems":
            for step in request.get("TransactItems", []):
                (kind, body), = step.items()
                if kind == "ConditionCheck":
                    units["read"] += 2
                    continue
                item = body.get("Item") or self.stored_item(body["TableName"], body["Key"]) or body["Key"]
                units["write"] += self.write_units(body["TableName"], item, factor=2)
        self.add(dynamodb_read_units=units["read"], dynamodb_write_units=units["write"])

    def remember_body(self, model, params, context, **_):
        if model.service_model.service_name == "dynamodb":
            body = params.get("body", b"")
            context["s26_body"] = body.decode() if isinstance(body, bytes) else body


def lambda_ms(wall_ms: float, meter: Meter, kind: str, calls_of: int) -> float:
    """A call's ms in Lambda: the wall time here, with moto's in-process answers replaced by AWS's
    round trips (cost_assumptions.AWS_CALL_MS a call); `calls_of` calls were counted under `kind`."""
    moto = meter.counts[(kind, "aws_ms")] / calls_of
    return max(1.0, wall_ms - moto + meter.counts[(kind, "aws_call_ms")] / calls_of)


def parsed_raw(http_response) -> dict:
    """The answer as DynamoDB sent it (typed values), whatever the resource layer makes of it."""
    return json.loads(http_response.content or b"{}")




@contextlib.contextmanager
def captured_output():
    """Everything the functions write (log lines to stderr, EMF lines to stdout), to count its bytes."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        yield lambda: len(out.getvalue().encode()) + len(err.getvalue().encode())


def seed(today: date) -> dict:
    """The demo data, an upazila of SOCIETIES_HERE societies, and DUE societies owed a reminder today."""
    from chalicelib.services.registry import new_society
    from chalicelib.store.societies import Societies, new_id
    from local.demo import create_products, create_site_content, create_societies, demo_society
    now = datetime.now(timezone.utc).isoformat()
    create_societies(today)
    create_products(now)
    create_site_content(now)
    societies = Societies()
    for n in range(SOCIETIES_HERE):
        entered = demo_society(100 + n, f"নমুনা কৃষক সমবায় সমিতি {n}", f"Sample Society {n}", UPAZILA, "elected",
                               200 + (n * 7) % 900, today)
        societies.create(new_society(entered, new_id(), "cost", today, "cost"), "cost")
    for n in range(DUE):  # their terms end in 60 days: the 90-day reminder is owed today
        entered = demo_society(1000 + n, f"তাঁতি সমবায় সমিতি {n}", f"Weavers {n}", DUE_UPAZILA, "elected", 60, today)
        societies.create(new_society(entered, new_id(), "cost", today, "cost"), "cost")
    one = societies.list_area(UPAZILA, today, limit=1)[0][0]
    return {"society_id": one.id}


def requests_of(ids: dict) -> dict:
    """kind -> (who, method, path, body): the request mix's kinds, as the pages make them."""
    society = ids["society_id"]
    return {
        "officer_list": ("uco.demo", "get", f"/api/societies?upazila_code={UPAZILA}", None),
        "officer_detail": ("uco.demo", "get", f"/api/societies/{society}", None),
        "officer_dashboard": ("dco.demo", "get", "/api/dashboard", None),
        "officer_summary": ("uco.demo", "get", f"/api/societies/summary?area_code={UPAZILA}", None),
        "officer_tasks": ("uco.demo", "get", "/api/tasks", None),
        "officer_write": ("uco.demo", "patch", f"/api/societies/{society}", {"address": "ঝিনাইদহ সদর"}),
        "public_areas": (None, "get", "/api/public/areas?parent=4044", None),
        "public_rules": (None, "get", "/api/public/rules", None),
        "public_stats": (None, "get", f"/api/public/stats?area_code={UPAZILA}", None),
        "public_list": (None, "get", f"/api/public/societies?area_code={UPAZILA}&limit=20", None),
        "public_society": (None, "get", f"/api/public/societies/{society}", None),
        "public_notices": (None, "get", f"/api/public/notices?area_code={UPAZILA}&limit=5", None),
        "public_photos": (None, "get", f"/api/public/photos?area_code={UPAZILA}", None),
        "public_visits": (None, "get", f"/api/public/visits?area_code={UPAZILA}", None),
        "public_visit_post": (None, "post", "/api/public/visits", {"area_code": UPAZILA}),
        "public_products": (None, "get", f"/api/public/products?area_code={UPAZILA}", None),
    }


def measure_requests(client, meter: Meter, tokens: dict, ids: dict) -> dict:
    figures = {}
    for kind, (who, method, path, body) in requests_of(ids).items():
        headers = {"Content-Type": "application/json"}
        if who:
            headers["Authorization"] = f"Bearer {tokens[who]}"
        call = getattr(client.http, method)
        payload = json.dumps(body) if body is not None else None
        reply = call(path, headers=headers, body=payload)  # warm: the first call of a kind loads its code
        assert reply.status_code < 400, (kind, reply.status_code, reply.body[:300])
        millis, logged, repeats = [], [], REPEATS
        meter.kind = kind
        for _ in range(repeats):
            if kind == "officer_write":  # each save names the version it read (that read not counted here)
                meter.kind = None
                current = json.loads(client.http.get(path, headers=headers).body)
                payload = json.dumps({**body, "version": current["version"]})
                meter.kind = kind
            with captured_output() as written:
                started = time.perf_counter()
                reply = call(path, headers=headers, body=payload)
                millis.append((time.perf_counter() - started) * 1000)
                logged.append(written())
            assert reply.status_code < 400, (kind, reply.status_code)
        meter.kind = None
        if kind == "public_visit_post":  # past its daily cap an address's beacon writes nothing
            assert json.loads(reply.body)["counted"] > 0, "the beacons' cap was reached: lower COST_REPEATS"
        counts = {name: meter.counts[(kind, name)] / repeats for name in
                  ("dynamodb_read_units", "dynamodb_write_units", "s3_get", "s3_put", "sqs_requests", "sns_publish")}
        wall = statistics.mean(millis)  # as the AWS calls' time is: a mean over the same calls
        figures[kind] = {**{k: round(v, 3) for k, v in counts.items()}, "wall_ms": round(wall, 1),
                         "lambda_ms": round(lambda_ms(wall, meter, kind, repeats), 1),
                         "log_bytes": round(statistics.mean(logged)), "answer_bytes": len(gzip.compress(reply.body))}
    return figures


@contextlib.contextmanager
def unpaced_sms():
    """The workers' SMS rate set very high for the run (it counts calls; it does not sleep), then put back."""
    from chalicelib.config import settings
    before = os.environ.get("SMS_RATE_PER_SECOND")
    os.environ["SMS_RATE_PER_SECOND"] = "1000000"
    settings.cache_clear()
    try:
        yield
    finally:
        os.environ.pop("SMS_RATE_PER_SECOND", None)
        if before is not None:
            os.environ["SMS_RATE_PER_SECOND"] = before
        settings.cache_clear()


def measure_scan(meter: Meter, today: date) -> dict:
    """The scheduled scan over the DUE societies and the queue worked until the sends are done."""
    from chalicelib.handlers import jobs
    from local.worker import until_sent
    event = {"version": "0", "id": "cost", "detail-type": "Scheduled Event", "source": "aws.events",
             "account": "123456789012", "time": "1970-01-01T00:00:00Z", "region": REGION, "resources": [],
             "detail": {"today": today.isoformat()}}
    meter.kind = "scan"
    with unpaced_sms(), captured_output() as written:
        started = time.perf_counter()
        planned = jobs.daily_scan(event, None)
        figures = until_sent(planned["run"], wait=0)
        millis = (time.perf_counter() - started) * 1000
        logged = written()
    meter.kind = None
    due = figures["due"]
    assert due >= DUE, figures
    millis = lambda_ms(millis, meter, "scan", 1)
    per_due = {name: round(meter.counts[("scan", name)] / due, 3) for name in
               ("dynamodb_read_units", "dynamodb_write_units", "sqs_requests", "sns_publish", "s3_get", "s3_put")}
    messages = meter.counts[("scan", "sqs_requests")]  # receive, delete and send: each queue message about 3
    return {**per_due, "lambda_ms": round(millis / due, 2), "log_bytes": round(logged / due),
            "invocations": round((1 + messages / 3) / due, 3), "due": due, "sms_sent": figures["sms_sent"],
            "sms_parts": figures.get("sms_parts", 0)}


def measure_scheduled(meter: Meter) -> dict:
    """The functions that run on a schedule whatever happens (every 5 and 15 minutes): ms and units a run."""
    from chalicelib.handlers.message_jobs import release_message_jobs
    from chalicelib.handlers.payments import reconcile_payments
    event = {"version": "0", "id": "cost", "detail-type": "Scheduled Event", "source": "aws.events",
             "account": "123456789012", "time": "1970-01-01T00:00:00Z", "region": REGION, "resources": [], "detail": {}}
    figures = {}
    for name, function in (("reconcile_payments", reconcile_payments), ("release_message_jobs", release_message_jobs)):
        function(event, None)  # warm
        meter.kind = name
        with captured_output() as written:
            started = time.perf_counter()
            function(event, None)
            millis = (time.perf_counter() - started) * 1000
            logged = written()
        meter.kind = None
        figures[name] = {"lambda_ms": round(lambda_ms(millis, meter, name, 1), 1), "log_bytes": logged,
                         "dynamodb_read_units": meter.counts[(name, "dynamodb_read_units")],
                         "dynamodb_write_units": meter.counts[(name, "dynamodb_write_units")]}
    return figures


def run() -> dict:
    """Every measured figure, as {"requests": {kind: {...}}, "scan": {...}, "scheduled": {...}}."""
    import boto3
    from moto import mock_aws

    from chalicelib.store import aws
    from local.demo import DEMO_PASSWORD, create_offices, create_users
    from local.jwks import jwks_server
    from local.provision import provision

    saved = dict(os.environ)
    jwks_url, server = jwks_server()
    try:
        for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
            os.environ.pop(name, None)
        os.environ.update({"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                           "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": REGION, "AWS_REGION": REGION,
                           "POWERTOOLS_METRICS_DISABLED": "false", "JWKS_URL": jwks_url})
        aws.reset()
        with mock_aws():
            stack = provision(REGION)
            os.environ.update({**stack, "VISIT_SAMPLE_RATE": "20"})  # the template's default (VisitSampleRate)
            meter = Meter()
            boto3.setup_default_session()
            boto3.DEFAULT_SESSION.events.register("before-call", meter.before)
            boto3.DEFAULT_SESSION.events.register("before-call", meter.remember_body)
            boto3.DEFAULT_SESSION.events.register("after-call", meter.after)
            aws.reset()
            create_users(stack["USER_POOL_ID"], REGION)
            create_offices()
            from chalicelib.store import tokens as token_store
            token_store.signing_keys.cache_clear()
            from chalicelib.config import settings
            settings.cache_clear()
            from chalicelib.handlers.common import dhaka_today
            today = dhaka_today()
            ids = seed(today)
            from chalice.test import Client

            from app import app
            with Client(app) as client:
                tokens = {}
                for who in ("uco.demo", "dco.demo"):
                    reply = client.http.post("/api/auth/login", headers={"Content-Type": "application/json"},
                                             body=json.dumps({"username": who, "password": DEMO_PASSWORD}))
                    tokens[who] = json.loads(reply.body)["token"]
                requests = measure_requests(client, meter, tokens, ids)
                scheduled = measure_scheduled(meter)
            scan = measure_scan(meter, today)
            return {"requests": requests, "scan": scan, "scheduled": scheduled}
    finally:
        server.shutdown()
        os.environ.clear()
        os.environ.update(saved)
        boto3.setup_default_session()
        aws.reset()


if __name__ == "__main__":
    print(json.dumps(run(), indent=1))
