"""bKash purchases: throughput and latency through the running local stack, and DynamoDB calls per purchase.

Over HTTP (moto server + `chalice local` + the bKash simulator, on free ports): N purchases, each
order -> pay -> simulator approves -> the buyer's browser GETs the callback (the 302 is not followed),
from a small thread pool (after a few made one at a time, for one buyer's latency alone). The
baseline is GET /api/health from the same pool on the same stack.
Afterwards every order is read back (status "paid") and its attempts in the payments table
(more than one credited attempt for an order would be a duplicate credit). A purchase whose step
answers anything but the contract's status is counted under `purchase_errors_<step>`, not raised:
moto's server is not thread-safe for TransactWriteItems (it deep-copies each table the transaction
touches while other requests write to it), so a few 500s under concurrency come from the stand-in.

In process (moto's mock_aws, chalice.test.Client, the simulator in a thread): M purchases with a
botocore hook counting DynamoDB calls; each item inside TransactWriteItems / BatchWriteItem /
TransactGetItems / BatchGetItem counts once. One purchase is made first and left out (it fetches
the bKash token); its figures are printed separately.
"""
import collections
import json
import os
import statistics
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from bench.stack_bench import percentile

PAYMENTS = int(os.environ.get("BENCH_PAYMENTS", "100"))
WORKERS = int(os.environ.get("BENCH_PAYMENT_WORKERS", "8"))
SEQUENTIAL = 10  # purchases one at a time first: the latency of one buyer alone
COUNTED = int(os.environ.get("BENCH_COUNTED_PAYMENTS", "20"))
REGION = "ap-southeast-1"
BUYER = {"buyer_name": "বেঞ্চ ক্রেতা", "buyer_phone": "01712345678", "delivery_address": "বাড়ি ১২, ঝিনাইদহ সদর"}
CREDITED = ("completed", "refunded")

WRITES = {"PutItem", "UpdateItem", "DeleteItem"}
READS = {"GetItem", "Query", "Scan"}


# ---- over HTTP ---------------------------------------------------------------------------------------------

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 302 surfaces as an HTTPError: we want the API's answer, not the site page


NO_REDIRECT = urllib.request.build_opener(_NoRedirect)


def call(method: str, url: str, body: dict | None = None) -> tuple[int, object]:
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json"} if body is not None else {})
    try:
        with NO_REDIRECT.open(request, timeout=60) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as err:
        status, raw = err.code, err.read()
    try:
        return status, json.loads(raw or b"null")
    except ValueError:
        return status, raw


def expect(status: int, body, wanted: int, step: str):
    if status != wanted:
        raise RuntimeError(f"{step}: HTTP {status} {body!r}")
    return body


def purchase(api: str, product_id: str) -> tuple[str | None, float, str | None]:
    """One whole purchase over HTTP: (invoice_no, milliseconds, the step that failed or None)."""
    started, invoice, step = time.perf_counter(), None, "order"
    try:
        order = expect(*call("POST", api + "/api/public/orders", {"product_id": product_id, "quantity": 1, **BUYER}),
                       201, step)
        invoice, step = order["invoice_no"], "pay"
        paying = expect(*call("POST", f"{api}/api/public/orders/{invoice}/pay",
                              {"buyer_phone": BUYER["buyer_phone"]}), 200, step)
        parts, step = urlsplit(paying["bkash_url"]), "sim_complete"
        done = expect(*call("POST", f"{parts.scheme}://{parts.netloc}/_sim/complete",
                            {"paymentID": paying["payment_id"], "outcome": "success"}), 200, step)
        step = "callback"
        expect(*call("GET", done["callback_url"]), 302, step)
    except (RuntimeError, OSError):  # counted, not raised: a benchmark reports, it does not fail
        return invoice, (time.perf_counter() - started) * 1000, step
    return invoice, (time.perf_counter() - started) * 1000, None


def product_slots(api: str, count: int) -> list[str]:
    """`count` product ids, one unit each, spread round-robin over the demo products within their stock."""
    products = expect(*call("GET", api + "/api/public/products"), 200, "products")["items"]
    left = {p["id"]: int(p["stock"]) for p in products}
    if sum(left.values()) < count:
        raise RuntimeError(f"the demo products hold {sum(left.values())} units; BENCH_PAYMENTS={count} is too many")
    slots = []
    while len(slots) < count:
        for product_id in left:
            if left[product_id] > 0 and len(slots) < count:
                slots.append(product_id)
                left[product_id] -= 1
    return slots


def timed_health(api: str) -> float:
    started = time.perf_counter()
    expect(*call("GET", api + "/api/health"), 200, "health")
    return (time.perf_counter() - started) * 1000


def over_http() -> dict:
    from chalicelib.store.payments import Payments
    from local.stack import use_environment
    from tests.e2e.conftest import isolated_stack

    with isolated_stack(Path(tempfile.mkdtemp())) as stack:
        api = stack.api_url
        slots = product_slots(api, PAYMENTS + 1 + SEQUENTIAL)
        with ThreadPoolExecutor(WORKERS) as pool:
            list(pool.map(lambda _: timed_health(api), range(WORKERS)))  # warm connections and the API process
            purchase(api, slots.pop())  # warm: the API fetches its bKash token on the first payment
            alone = [purchase(api, slots.pop()) for _ in range(SEQUENTIAL)]
            health = list(pool.map(lambda _: timed_health(api), range(PAYMENTS)))
            started = time.perf_counter()
            results = list(pool.map(lambda product_id: purchase(api, product_id), slots[:PAYMENTS]))
            wall = time.perf_counter() - started
        invoices = [r[0] for r in results if r[0]]
        took = [r[1] for r in results if r[2] is None] or [float("nan")]
        failed = collections.Counter(r[2] for r in results if r[2])
        statuses = [call("GET", f"{api}/api/public/orders/{i}?phone={BUYER['buyer_phone']}") for i in invoices]
        paid = sum(1 for status, body in statuses if status == 200 and body["status"] == "paid")
        use_environment(stack.env)
        payments = Payments()
        credits = [sum(1 for p in payments.for_purpose("order", i) if p.state in CREDITED) for i in invoices]
    p50 = percentile(took, 0.5)
    return {
        "payments_run": len(results),
        "payment_workers": WORKERS,
        "payments_completed_per_second": round(sum(1 for r in results if r[2] is None) / wall, 1),
        "purchase_errors": sum(failed.values()),
        **{f"purchase_errors_{step}": count for step, count in sorted(failed.items())},
        "payment_p50_ms": round(p50, 1),
        "payment_p95_ms": round(percentile(took, 0.95), 1),
        "payments_credited": paid,
        "duplicate_credits": sum(max(0, n - 1) for n in credits),
        "orders_without_credit": sum(1 for n in credits if n == 0),
        "payment_alone_p50_ms": round(percentile([r[1] for r in alone if r[2] is None] or [float("nan")], 0.5), 1),
        "health_p50_ms_same_pool": round(percentile(health, 0.5), 1),
        "payment_vs_health_latency_ratio": round(p50 / percentile(health, 0.5), 1),
    }


# ---- in process, counting DynamoDB calls --------------------------------------------------------------------

class Counter:
    """DynamoDB reads and writes seen by this process's botocore, items of batches counted one by one."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reads = self.writes = 0
        self.operations: dict[str, int] = {}

    def __call__(self, params, model, **_):
        name = model.name
        if name == "TransactWriteItems":
            writes, reads = len(params.get("TransactItems", [])), 0
        elif name == "BatchWriteItem":
            writes, reads = sum(len(v) for v in params.get("RequestItems", {}).values()), 0
        elif name == "TransactGetItems":
            writes, reads = 0, len(params.get("TransactItems", []))
        elif name == "BatchGetItem":
            writes, reads = 0, sum(len(v.get("Keys", [])) for v in params.get("RequestItems", {}).values())
        else:
            writes, reads = int(name in WRITES), int(name in READS)
        with self.lock:
            self.reads += reads
            self.writes += writes
            self.operations[name] = self.operations.get(name, 0) + 1

    def snapshot(self) -> tuple[int, int]:
        with self.lock:
            return self.reads, self.writes


@contextmanager
def saved_environment():
    saved = dict(os.environ)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
        from chalicelib import bkash
        from chalicelib.store import aws
        aws.reset()
        bkash.reset()


def in_process() -> dict:
    import boto3
    from chalice.test import Client
    from moto import mock_aws

    from chalicelib import bkash
    from chalicelib.handlers.common import dhaka_today, utc_now
    from chalicelib.store import aws
    from local import demo
    from local.bkash_sim import serve
    from local.provision import provision

    with saved_environment():
        for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
            os.environ.pop(name, None)
        os.environ.update({"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                           "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": REGION, "AWS_REGION": REGION})
        server, _ = serve(port=0)
        sim_url = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            aws.reset()
            with mock_aws():
                os.environ.update(provision(REGION))
                os.environ.update({"BKASH_BASE_URL": sim_url, "SNS_CERT_MIRROR": sim_url,
                                   "PUBLIC_API_URL": "http://127.0.0.1:9", "SITE_URL": "http://127.0.0.1:9/site"})
                aws.reset()
                bkash.reset()
                demo.create_offices()
                demo.create_societies(dhaka_today())
                demo.create_products(utc_now())
                counter = Counter()
                boto3.setup_default_session()  # a fresh session: every client below is made with the hook
                boto3.DEFAULT_SESSION.events.register("before-parameter-build.dynamodb", counter)
                aws.reset()
                bkash.reset()
                from app import app
                with Client(app) as client:
                    return count_purchases(client, counter)
        finally:
            server.shutdown()
            boto3.setup_default_session()
            aws.reset()


def _json(response) -> dict:
    return json.loads(response.body.decode("utf-8") if isinstance(response.body, bytes) else response.body)


def count_purchases(client, counter: Counter) -> dict:
    headers = {"Content-Type": "application/json"}
    products = _json(client.http.get("/api/public/products"))["items"]
    slots = [p["id"] for p in products for _ in range(int(p["stock"]))]
    steps = ("order", "pay", "callback")

    def one(product_id: str) -> dict:
        """{step: (reads, writes)} for one purchase."""
        seen, before = {}, counter.snapshot()
        response = client.http.post("/api/public/orders", headers=headers, body=json.dumps(
            {"product_id": product_id, "quantity": 1, **BUYER}))
        assert response.status_code == 201, response.body
        invoice = _json(response)["invoice_no"]
        seen["order"], before = _delta(before, counter.snapshot()), counter.snapshot()
        response = client.http.post(f"/api/public/orders/{invoice}/pay", headers=headers,
                                    body=json.dumps({"buyer_phone": BUYER["buyer_phone"]}))
        assert response.status_code == 200, response.body
        paying = _json(response)
        seen["pay"], before = _delta(before, counter.snapshot()), counter.snapshot()
        parts = urlsplit(paying["bkash_url"])
        status, done = call("POST", f"{parts.scheme}://{parts.netloc}/_sim/complete",
                            {"paymentID": paying["payment_id"], "outcome": "success"})
        assert status == 200, done
        callback = urlsplit(done["callback_url"])
        response = client.http.get(f"{callback.path}?{callback.query}")
        assert response.status_code == 302, response.body
        seen["callback"] = _delta(before, counter.snapshot())
        status = _json(client.http.get(f"/api/public/orders/{invoice}?phone={BUYER['buyer_phone']}"))["status"]
        assert status == "paid", status
        return seen

    first = one(slots[0])
    counted = [one(product_id) for product_id in slots[1:COUNTED + 1]]
    figures = {"dynamodb_counted_payments": len(counted)}
    for kind, index in (("reads", 0), ("writes", 1)):
        per = [sum(c[step][index] for step in steps) for c in counted]
        figures[f"dynamodb_{kind}_per_payment"] = round(statistics.mean(per), 2)
        if max(per) != min(per):
            figures[f"dynamodb_{kind}_per_payment_range"] = f"{min(per)}-{max(per)}"
        for step in steps:
            figures[f"dynamodb_{kind}_{step}"] = round(statistics.mean(c[step][index] for c in counted), 2)
        figures[f"dynamodb_{kind}_first_payment"] = sum(first[step][index] for step in steps)
    return figures


def _delta(before: tuple[int, int], after: tuple[int, int]) -> tuple[int, int]:
    return after[0] - before[0], after[1] - before[1]


def run() -> dict:
    # One bench buyer places every purchase; the per-phone limit of orders an hour (10) would stop it.
    os.environ["ORDERS_PER_PHONE_HOUR"] = str(10 ** 6)
    return {**over_http(), **in_process()}
