"""A filtered bulk send to 500 societies on the running stack, with the worker killed mid-way.

Its own stack (moto server, chalice local, the queue worker as a process), with the send
window open all day so the test does not depend on the clock. The worker is killed with
SIGKILL while it sends and started again: its batch comes back after the visibility
timeout and the new worker goes on. Every recipient gets at most one SMS; the one SMS the
killed worker may have been sending is `unknown` in the log (never resent), so everyone
else gets exactly one.
"""
import json
import os
import signal
import time
import urllib.request
from collections import Counter
from datetime import datetime
from urllib.parse import quote

import pytest

from chalicelib.domain.outbox import DHAKA
from local import stack as local_stack

from .conftest import api_call, isolated_stack

UPAZILA = "404442"  # Kotchandpur (Jhenaidah): no demo societies there
SOCIETIES = 500
VISIBILITY = 32  # seconds before the killed worker's batch comes back (more than the 30 s stale-claim age)


def moto_sms(moto_url: str) -> list[dict]:
    with urllib.request.urlopen(moto_url + "/moto-api/data.json", timeout=90) as response:
        return json.loads(response.read()).get("sns", {}).get("SMS", [])


def create_societies(count: int) -> set[str]:
    """The store's own items for each new society, batch-written: moto copies whole tables on every
    transaction (and keeps each copy), so 500 transactions would take minutes and gigabytes. The
    status counters are left out (this stack's summary counts are not what this test reads)."""
    from chalicelib.handlers.common import dhaka_today
    from chalicelib.services.registry import new_society
    from chalicelib.store import aws
    from chalicelib.store.societies import Societies
    from local.demo import demo_society

    today, store, phones, puts = dhaka_today(), Societies(), set(), []
    for index in range(count):
        entered = demo_society(1000 + index, f"পরীক্ষা সমবায় সমিতি {index}", f"Test Cooperative {index}", UPAZILA,
                               "elected", 400, today)
        entered = entered.model_copy(update={"president_phone": f"+88016{index:08d}"})
        society = new_society(entered, f"{0xb0000 + index:017x}", "e2e", today, "e2e")
        puts += [step["Put"] for step in store.create_steps(society, "e2e").values()]
        phones.add(f"+88016{index:08d}")
    dynamodb = aws.dynamodb()  # the region the app uses, whatever the environment names
    for table in {p["TableName"] for p in puts}:
        with dynamodb.Table(table).batch_writer() as batch:
            for put in puts:
                if put["TableName"] == table:
                    batch.put_item(Item=put["Item"])
    return phones


def login(stack, username: str) -> str:
    from local.demo import DEMO_PASSWORD
    status, body = api_call(stack, "POST", "/api/auth/login", {"username": username, "password": DEMO_PASSWORD})
    assert status == 200, body
    return body["token"]


@pytest.fixture(scope="module")
def bulk_stack(tmp_path_factory):
    saved = {k: os.environ.get(k) for k in ("SMS_WINDOW_START", "SMS_WINDOW_END", "SMS_RATE_PER_SECOND",
                                              "SAMABAY_WORKER_VISIBILITY")}
    os.environ.update(SMS_WINDOW_START="00:00", SMS_WINDOW_END="24:00", SMS_RATE_PER_SECOND="200",
                      SAMABAY_WORKER_VISIBILITY=str(VISIBILITY))
    try:
        with isolated_stack(tmp_path_factory.mktemp("bulk")) as started:
            yield started
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def test_a_filtered_bulk_send_reaches_each_recipient_once_across_a_worker_kill(bulk_stack):
    started_at = time.monotonic()
    phones = create_societies(SOCIETIES)
    token = login(bulk_stack, "dco.demo")
    status, job = api_call(bulk_stack, "POST", "/api/messages/send", {
        "text": "বার্ষিক সাধারণ সভার প্রস্তুতি নিন।", "filter": {"area_code": UPAZILA},
        "roles": ["president"], "confirm": True}, token)
    assert status == 202, job
    job_id = job["job_id"]
    assert job["total"] == SOCIETIES and job["state"] == "queued"

    while job["sent"] < 120:  # kill the worker in the middle of the send
        assert time.monotonic() - started_at < 70, job
        time.sleep(0.2)
        job = api_call(bulk_stack, "GET", f"/api/messages/jobs/{job_id}", token=token)[1]
    os.kill(local_stack.WORKER["process"].pid, signal.SIGKILL)
    local_stack.WORKER["process"].wait()
    assert api_call(bulk_stack, "GET", f"/api/messages/jobs/{job_id}", token=token)[1]["state"] == "sending"
    local_stack.start_worker(bulk_stack.env, bulk_stack.state.with_name("worker2.log"))

    while True:
        status, progress = api_call(bulk_stack, "GET", f"/api/messages/jobs/{job_id}", token=token)
        assert status == 200, progress
        if progress["state"] == "done":
            break
        assert time.monotonic() - started_at < 110, progress
        time.sleep(1)

    sent = Counter(m["phone_number"] for m in moto_sms(bulk_stack.moto_url) if m["phone_number"] in phones)
    assert max(sent.values()) == 1, [p for p, n in sent.items() if n > 1]  # nobody twice
    assert progress["total"] == SOCIETIES and progress["queued"] == progress["sending"] == 0
    assert progress["sent"] + progress["unknown"] + progress["failed"] + progress["suppressed"] == SOCIETIES
    assert progress["failed"] == progress["suppressed"] == 0 and progress["unknown"] <= 1
    # the one the killed worker had claimed may or may not have reached SNS; everyone else got one
    assert progress["sent"] <= len(sent) <= progress["sent"] + progress["unknown"]
    assert len(phones - set(sent)) <= progress["unknown"]

    month = datetime.now(DHAKA).strftime("%Y-%m")
    logged, cursor = [], None
    while True:
        query = f"/api/messages/log?office_code=4044&month={month}&limit=200" + (f"&cursor={quote(cursor)}" if cursor else "")
        status, page = api_call(bulk_stack, "GET", query, token=token)
        assert status == 200, page
        logged += [e for e in page["items"] if e["job_id"] == job_id]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(logged) == SOCIETIES and {e["phone"] for e in logged} == phones
    assert Counter(e["status"] for e in logged)["sent"] == progress["sent"]
    unknown = [e for e in logged if e["status"] == "unknown"]
    assert all(e["phone"] not in sent or sent[e["phone"]] == 1 for e in unknown)
    print(f"bulk send of {SOCIETIES} with a worker kill: {time.monotonic() - started_at:.0f} s")
