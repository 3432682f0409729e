"""The shared bKash token on DynamoDB (moto): one grant for many cold starts, one refresh per expiry,
one renewal after a 401, and never more grant/refresh calls than bKash allows in an hour."""
import threading
import time

import boto3
import pytest
from moto import mock_aws

from chalicelib.bkash import (BkashClient, BkashConfig, BkashRejected, BkashThrottled, BkashUnavailable,
                              BkashUnclear, TokenCache, TokenGrant)

REGION = "ap-southeast-1"
APP_KEY = "samabay-sim-app-key"
PK = {"pk": f"BKASH_TOKEN#{APP_KEY}"}
T0 = 1_800_000_000.0


class SerialTable:
    """The table with one request at a time: moto evaluates a condition and writes in two steps
    that threads can interleave, while DynamoDB applies each conditional write atomically."""

    def __init__(self, table):
        self.table, self.lock, self.reads = table, threading.Lock(), 0

    @property
    def name(self):
        return self.table.name

    def get_item(self, **kw):
        with self.lock:
            self.reads += 1
            return self.table.get_item(**kw)

    def update_item(self, **kw):
        with self.lock:
            return self.table.update_item(**kw)


class FakeBkash:
    """Stands in for BkashClient.grant/refresh and counts the calls bKash would see."""

    def __init__(self, delay: float = 0.0):
        self.delay, self.lock = delay, threading.Lock()
        self.grants, self.refreshes, self.issued = 0, [], 0
        self.refresh_error = self.grant_error = None
        self.give_refresh_tokens = True

    def _issue(self) -> TokenGrant:
        with self.lock:
            self.issued += 1
            n = self.issued
        time.sleep(self.delay)
        return TokenGrant(id_token=f"id-{n}", refresh_token=f"rt-{n}" if self.give_refresh_tokens else "",
                          expires_in=3600)

    def grant(self):
        with self.lock:
            self.grants += 1
        if self.grant_error:
            raise self.grant_error
        return self._issue()

    def refresh(self, refresh_token):
        with self.lock:
            self.refreshes.append(refresh_token)
        if self.refresh_error:
            raise self.refresh_error
        return self._issue()


class Clock:
    def __init__(self, t=T0):
        self.t = t

    def __call__(self):
        return self.t

    def sleep(self, seconds):
        self.t += seconds


@pytest.fixture
def table(monkeypatch):
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": REGION}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    with mock_aws():
        dynamodb = boto3.resource("dynamodb", region_name=REGION)
        raw = dynamodb.create_table(TableName="samabay-payments", BillingMode="PAY_PER_REQUEST",
                                    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                                    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
        yield SerialTable(raw)


@pytest.fixture
def bkash():
    return FakeBkash()


@pytest.fixture
def clock():
    return Clock()


def cache(table, bkash, clock=None, **kw):
    clock = clock or Clock()
    return TokenCache(table, lambda: bkash, APP_KEY, now=clock, sleep=clock.sleep, **kw)


def stored(table) -> dict:
    return table.table.get_item(Key=PK, ConsistentRead=True).get("Item") or {}


def test_the_first_call_grants_and_every_later_one_reuses(table, bkash, clock):
    first = cache(table, bkash, clock)
    assert first.token() == "id-1"
    item = stored(table)
    assert (item["id_token"], item["refresh_token"], int(item["expires_at"])) == ("id-1", "rt-1", int(T0) + 3600)
    assert item["renewed_by"] == "grant" and "lock_until" not in item and "lock_owner" not in item
    reads = table.reads
    clock.t += 1000
    assert first.token() == "id-1" and table.reads == reads  # warm: from memory, no DynamoDB read
    second = cache(table, bkash, clock)  # another Lambda's cold start
    assert second.token() == "id-1"
    assert bkash.grants == 1 and bkash.refreshes == []


def test_near_expiry_one_refresh_and_everyone_takes_the_new_token(table, bkash, clock):
    a, b = cache(table, bkash, clock), cache(table, bkash, clock)
    assert a.token() == b.token() == "id-1"
    clock.t += 3600 - 299  # under five minutes left
    assert a.token() == "id-2"
    assert b.token() == "id-2"
    assert bkash.refreshes == ["rt-1"] and bkash.grants == 1
    item = stored(table)
    assert item["renewed_by"] == "refresh" and int(item["expires_at"]) == int(clock.t) + 3600
    assert item["refresh_token"] == "rt-2" and len(item["token_calls"]) == 2


def test_twenty_cold_starts_at_once_make_one_grant(table):
    bkash = FakeBkash(delay=0.3)
    caches = [TokenCache(table, lambda: bkash, APP_KEY) for _ in range(20)]
    barrier, results, errors = threading.Barrier(20), [], []

    def cold_start(c):
        barrier.wait()
        try:
            results.append(c.token())
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=cold_start, args=(c,)) for c in caches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert results == ["id-1"] * 20
    assert bkash.grants == 1 and bkash.refreshes == []


def test_twenty_at_once_on_an_expiring_token_make_one_refresh(table):
    bkash = FakeBkash(delay=0.3)
    TokenCache(table, lambda: bkash, APP_KEY).token()
    table.table.update_item(Key=PK, UpdateExpression="SET expires_at = :e",
                            ExpressionAttributeValues={":e": int(time.time()) + 100})
    results = []
    threads = [threading.Thread(target=lambda: results.append(TokenCache(table, lambda: bkash, APP_KEY).token()))
               for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Losers keep using id-1 (still valid for 100 s) rather than wait: both are fine tokens.
    assert len(results) == 20 and set(results) <= {"id-1", "id-2"}
    assert bkash.refreshes == ["rt-1"] and bkash.grants == 1


def test_one_process_many_threads_renew_once(table):
    bkash = FakeBkash(delay=0.2)
    shared = TokenCache(table, lambda: bkash, APP_KEY)
    results = []
    threads = [threading.Thread(target=lambda: results.append(shared.token())) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["id-1"] * 10 and bkash.grants == 1


def test_force_refresh_after_a_401_renews_once_for_everyone(table, bkash, clock):
    a, b = cache(table, bkash, clock), cache(table, bkash, clock)
    assert a.token() == b.token() == "id-1"
    assert a.token(force_refresh=True) == "id-2"  # a's last token was refused
    # b was refused the same id-1 meanwhile: it finds a's new token and bKash hears nothing.
    assert b.token(force_refresh=True, rejected="id-1") == "id-2"
    assert b.token() == "id-2"
    assert bkash.refreshes == ["rt-1"] and bkash.grants == 1


def test_a_401_in_the_client_goes_through_the_cache(table, bkash, clock):
    class Response:
        def __init__(self, status, data):
            self.status, self.data = status, data

    class Http:
        def __init__(self):
            self.tokens = []
            self.answers = [Response(401, b'{"message":"Unauthorized"}'),
                            Response(200, b'{"statusCode":"0000","paymentID":"TR1","trxID":"T1",'
                                          b'"amount":"10.00","transactionStatus":"Completed"}')]

        def request(self, method, url, body, headers, **kw):
            self.tokens.append(headers["Authorization"])
            return self.answers.pop(0)

    http = Http()
    config = BkashConfig(base_url="http://bkash.invalid", app_key=APP_KEY, app_secret="s", username="u",
                         password="p")
    client = BkashClient(config, cache(table, bkash, clock), http=http)
    assert client.query("TR1").trx_id == "T1"
    assert http.tokens == ["id-1", "id-2"]
    assert bkash.grants == 1 and bkash.refreshes == ["rt-1"]


def test_a_rejected_refresh_falls_back_to_a_grant(table, bkash, clock):
    c = cache(table, bkash, clock)
    c.token()
    clock.t += 7200  # a quiet night: the token has long expired
    bkash.refresh_error = BkashRejected("2079", "Invalid refresh token")
    assert c.token() == "id-2"
    assert bkash.refreshes == ["rt-1"] and bkash.grants == 2


def test_a_refused_refresh_token_is_never_stored_again(table, bkash, clock):
    c = cache(table, bkash, clock)
    c.token()
    clock.t += 7200
    bkash.refresh_error = BkashRejected("2079", "Invalid refresh token")
    bkash.give_refresh_tokens = False
    assert c.token() == "id-2"
    assert stored(table)["refresh_token"] == ""
    clock.t += 7200
    assert c.token() == "id-3"
    assert bkash.refreshes == ["rt-1"] and bkash.grants == 3  # straight to a grant, rt-1 not tried again


def test_a_fallback_grant_that_would_be_a_third_call_waits_for_the_hour(table, bkash, clock):
    c = cache(table, bkash, clock)
    c.token()  # grant at T0
    clock.t += 3500
    bkash.refresh_error = BkashRejected("2079", "Invalid refresh token")
    assert c.token() == "id-1"  # refresh refused; a grant now would be the third call: keep id-1 (100 s left)
    assert c.token() == "id-1" and bkash.grants == 1 and bkash.refreshes == ["rt-1"]
    clock.t = T0 + 3600  # id-1 expires as the first call leaves the window
    assert c.token() == "id-2"
    assert bkash.grants == 2 and bkash.refreshes == ["rt-1"]


def test_a_lapsed_refresh_token_means_a_grant_without_trying_it(table, bkash, clock):
    c = cache(table, bkash, clock, refresh_token_seconds=1800)
    c.token()
    clock.t += 3500
    assert c.token() == "id-2"
    assert bkash.refreshes == [] and bkash.grants == 2


def test_never_more_than_two_token_calls_an_hour(table, bkash, clock):
    c = cache(table, bkash, clock)
    assert c.token() == "id-1"
    assert c.token(force_refresh=True) == "id-2"
    with pytest.raises(BkashThrottled):
        c.token(force_refresh=True)  # a third call would earn an hour's block from bKash
    assert bkash.grants == 1 and len(bkash.refreshes) == 1
    assert "lock_until" not in stored(table)
    assert c.token() == "id-2"  # the refused-again token is still the best there is for others
    clock.t += 3601  # the first call has left the window; id-2 expired
    assert c.token() == "id-3"


def test_a_blocked_token_api_is_remembered_by_every_process(table, bkash, clock):
    a = cache(table, bkash, clock)
    bkash.grant_error = BkashThrottled("429", "blocked")
    with pytest.raises(BkashThrottled):
        a.token()
    assert int(stored(table)["blocked_until"]) == int(T0) + 3600
    with pytest.raises(BkashThrottled):
        cache(table, bkash, clock).token()
    assert bkash.grants == 1  # the second process did not call bKash
    clock.t += 3601
    bkash.grant_error = None
    assert cache(table, bkash, clock).token() == "id-1"
    assert "blocked_until" not in stored(table)


def test_a_failed_renewal_releases_the_lock(table, bkash, clock):
    bkash.grant_error = BkashUnclear("no_answer", "timeout")
    with pytest.raises(BkashUnclear):
        cache(table, bkash, clock).token()
    assert "lock_until" not in stored(table)
    bkash.grant_error = None
    assert cache(table, bkash, clock).token() == "id-1"


def test_a_loser_waits_a_few_seconds_then_gives_up_without_calling_bkash(table, bkash, clock):
    table.table.put_item(Item={**PK, "lock_until": int(T0) + 60, "lock_owner": "a-lambda-that-died"})
    started = clock.t
    with pytest.raises(BkashUnavailable):
        cache(table, bkash, clock).token()
    assert 3 <= clock.t - started < 4 and bkash.grants == 0
    clock.t = T0 + 61  # the dead holder's lock has run out
    assert cache(table, bkash, clock).token() == "id-1" and bkash.grants == 1


def test_a_loser_takes_the_winners_token_when_it_arrives(table, bkash, clock):
    table.table.put_item(Item={**PK, "lock_until": int(T0) + 60, "lock_owner": "winner"})
    c = cache(table, bkash, clock)
    real_sleep = c.sleep

    def sleep(seconds):  # the winner finishes while we wait
        real_sleep(seconds)
        table.table.update_item(Key=PK, UpdateExpression="SET id_token = :t, expires_at = :e REMOVE lock_until",
                                ExpressionAttributeValues={":t": "winner-token", ":e": int(clock.t) + 3600})
    c.sleep = sleep
    assert c.token() == "winner-token" and bkash.grants == 0
