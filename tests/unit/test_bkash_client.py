"""The bKash client against a tiny in-test HTTP server: paths, headers, amounts, and each failure
sorted into the error that tells the caller what to do next."""
import json
import socket
import threading
import time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.bkash import (DUPLICATE_EXECUTE, BkashClient, BkashConfig, BkashRejected, BkashThrottled,
                              BkashUnauthorized, BkashUnavailable, BkashUnclear, amount_to_paisa, bkash_config,
                              buyer_message, paisa_to_amount)

CALLBACK = "http://127.0.0.1:8000/api/payments/bkash/callback"


class Stub:
    """Answers queued per path: (status, body) where body is a dict (JSON), bytes, or an action."""

    def __init__(self):
        self.queued: dict[str, list] = {}
        self.calls: list[dict] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                stub.calls.append({"path": self.path, "headers": dict(self.headers), "raw": raw,
                                   "body": json.loads(raw)})
                answers = stub.queued.get(self.path) or [(200, {"statusCode": "0000"})]
                status, body = answers.pop(0) if len(answers) > 1 else answers[0]
                if body == "drop":  # read the request, then hang up without a word
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if isinstance(body, tuple) and body[0] == "sleep":
                    time.sleep(body[1])
                    body = {"statusCode": "0000"}
                payload = body if isinstance(body, bytes) else json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.handle_error = lambda request, address: None
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def answer(self, path: str, *answers):
        self.queued["/tokenized/checkout/" + path] = list(answers)

    def paths(self):
        return [c["path"].removeprefix("/tokenized/checkout/") for c in self.calls]


class FakeTokens:
    def __init__(self):
        self.calls = []
        self.current = "id-token-1"

    def token(self, force_refresh=False, rejected=None):
        self.calls.append((force_refresh, rejected))
        if force_refresh:
            self.current = "id-token-2"
        return self.current


def config(url: str, read_timeout: float = 2) -> BkashConfig:
    return BkashConfig(base_url=url, app_key="key-1", app_secret="secret-1", username="user-1",
                       password="pass-1", connect_timeout=1, read_timeout=read_timeout)


@pytest.fixture
def stub():
    server = Stub()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def tokens():
    return FakeTokens()


@pytest.fixture
def client(stub, tokens):
    return BkashClient(config(stub.url), tokens)


def executed(**overrides):
    body = {"statusCode": "0000", "statusMessage": "Successful", "paymentID": "TR0011abc",
            "payerReference": "01770618575", "customerMsisdn": "01770618575", "trxID": "AIB10DO2ON",
            "amount": "500.00", "transactionStatus": "Completed",
            "paymentExecuteTime": "2026-05-01T10:00:00:000 GMT+0600", "currency": "BDT", "intent": "sale",
            "merchantInvoiceNumber": "ORD-1-1"}
    body.update(overrides)
    return body


# --- requests as bKash expects them --------------------------------------------------------

def test_grant_sends_credentials_in_headers_and_body(stub):
    stub.answer("token/grant", (200, {"statusCode": "0000", "id_token": "idt", "refresh_token": "rt",
                                      "expires_in": "3600", "token_type": "Bearer"}))
    grant = BkashClient(config(stub.url)).grant()
    assert (grant.id_token, grant.refresh_token, grant.expires_in) == ("idt", "rt", 3600)
    assert "idt" not in repr(grant) and "rt'" not in repr(grant)
    call = stub.calls[0]
    assert call["path"] == "/tokenized/checkout/token/grant"
    assert call["headers"]["username"] == "user-1" and call["headers"]["password"] == "pass-1"
    assert call["headers"]["Content-Type"] == "application/json" and call["headers"]["Accept"] == "application/json"
    assert "Authorization" not in call["headers"]
    assert call["body"] == {"app_key": "key-1", "app_secret": "secret-1"}


def test_refresh_sends_the_refresh_token_and_keeps_it_when_none_comes_back(stub):
    stub.answer("token/refresh", (200, {"statusCode": "0000", "id_token": "idt2", "expires_in": 3600}))
    grant = BkashClient(config(stub.url)).refresh("rt-old")
    assert (grant.id_token, grant.refresh_token) == ("idt2", "rt-old")
    assert stub.calls[0]["body"] == {"app_key": "key-1", "app_secret": "secret-1", "refresh_token": "rt-old"}


def test_create_sends_exact_headers_and_a_string_amount(stub, client):
    stub.answer("create", (200, {"statusCode": "0000", "statusMessage": "Successful", "paymentID": "TR0011abc",
                                 "bkashURL": "https://sandbox.payment.bkash.com/redirect/tokenized/"
                                             "?paymentID=TR0011abc",
                                 "amount": "500.50", "merchantInvoiceNumber": "ORD-1-1",
                                 "transactionStatus": "Initiated"}))
    created = client.create(50050, "ORD-1-1", CALLBACK, "01770618575")
    assert (created.payment_id, created.amount_paisa, created.invoice, created.status) == (
        "TR0011abc", 50050, "ORD-1-1", "Initiated")
    assert created.bkash_url.startswith("https://")
    call = stub.calls[0]
    assert call["path"] == "/tokenized/checkout/create"
    headers = call["headers"]
    assert headers["Authorization"] == "id-token-1"  # raw, no "Bearer "
    assert headers["X-APP-Key"] == "key-1"
    assert headers["Content-Type"] == "application/json" and headers["Accept"] == "application/json"
    assert "username" not in headers and "password" not in headers
    assert call["body"] == {"mode": "0011", "payerReference": "01770618575", "callbackURL": CALLBACK,
                            "amount": "500.50", "currency": "BDT", "intent": "sale",
                            "merchantInvoiceNumber": "ORD-1-1"}
    assert b'"amount": "500.50"' in call["raw"]


@pytest.mark.parametrize("amount, invoice, payer", [
    (99, "ORD-1-1", "017"), (10.5, "ORD-1-1", "017"), (True, "ORD-1-1", "017"), (1000, "ORD<1>", "017"),
    (1000, "", "017"), (1000, "x" * 256, "017"), (1000, "ORD-1-1", "a&b")])
def test_create_refuses_what_bkash_would_refuse_without_calling(stub, client, amount, invoice, payer):
    with pytest.raises(ValueError):
        client.create(amount, invoice, CALLBACK, payer)
    assert stub.calls == []


def test_create_without_payment_id_is_unclear(stub, client):
    stub.answer("create", (200, {"statusCode": "0000"}))
    with pytest.raises(BkashUnclear):
        client.create(1000, "ORD-1-1", CALLBACK, "017")


def test_execute_normalises_the_answer(stub, client):
    stub.answer("execute", (200, executed()))
    result = client.execute("TR0011abc")
    assert stub.calls[0]["body"] == {"paymentID": "TR0011abc"}
    assert (result.payment_id, result.trx_id, result.amount_paisa, result.invoice, result.transaction_status,
            result.customer_msisdn) == ("TR0011abc", "AIB10DO2ON", 50000, "ORD-1-1", "Completed", "01770618575")
    assert result.completed and result.raw["paymentExecuteTime"].startswith("2026")
    assert result.executed_at == "2026-05-01T04:00:00.000+00:00"  # bKash's Dhaka time, as a UTC instant


@pytest.mark.parametrize("text, instant", [
    ("2026-11-24T17:53:37:268 GMT+0600", "2026-11-24T11:53:37.268+00:00"),
    ("2026-11-24T00:10:00 GMT+0600", "2026-11-23T18:10:00.000+00:00"),
    ("2026-11-24T17:53:37.5 GMT+0600", "2026-11-24T11:53:37.500+00:00"),
    ("2026-13-24T17:53:37:268 GMT+0600", None), ("24/11/2026", None), ("", None), (None, None),
])
def test_bkash_execution_time_is_read_as_a_utc_instant(text, instant):
    from chalicelib.bkash.client import bkash_instant
    assert bkash_instant(text) == instant


def test_query_reads_merchant_invoice_as_the_invoice(stub, client):
    answer = executed(merchantInvoice="ORD-1-1", verificationStatus="Complete", mode="0011")
    del answer["merchantInvoiceNumber"]
    stub.answer("payment/status", (200, answer))
    result = client.query("TR0011abc")
    assert stub.paths() == ["payment/status"] and stub.calls[0]["body"] == {"paymentID": "TR0011abc"}
    assert result.invoice == "ORD-1-1" and result.trx_id == "AIB10DO2ON" and result.completed


def test_query_of_an_unexecuted_payment_is_not_completed(stub, client):
    stub.answer("payment/status", (200, {"statusCode": "0000", "paymentID": "TR0011abc", "amount": "500",
                                         "merchantInvoice": "ORD-1-1", "transactionStatus": "Initiated"}))
    result = client.query("TR0011abc")
    assert not result.completed and result.trx_id is None and result.amount_paisa == 50000


@pytest.mark.parametrize("amount", ["500.001", "five hundred", "-500", "5e2", " 500", "৫০০", 500.125, None])
def test_an_unreadable_amount_becomes_none_so_it_matches_no_order(stub, client, amount):
    stub.answer("execute", (200, executed(amount=amount)))
    assert client.execute("TR0011abc").amount_paisa is None


def test_a_json_number_amount_is_read_exactly(stub, client):
    stub.answer("execute", (200, b'{"statusCode": "0000", "trxID": "T1", "amount": 500.10}'))
    assert client.execute("TR0011abc").amount_paisa == 50010


def test_search_and_refunds(stub, client):
    stub.answer("general/searchTransaction", (200, {"statusCode": "0000", "trxID": "AIB10DO2ON", "amount": "500.00",
                                                    "transactionStatus": "Completed"}))
    assert client.search("AIB10DO2ON")["transactionStatus"] == "Completed"
    refund = {"completedTime": "2026-05-02T10:00:00:000 GMT+0600", "transactionStatus": "Completed",
              "originalTrxID": "AIB10DO2ON", "refundTrxID": "RF10XYZ", "amount": "200.00", "currency": "BDT",
              "charge": "0.00"}
    stub.answer("payment/refund", (200, refund), (200, refund))
    result = client.refund("TR0011abc", "AIB10DO2ON", 20000, "damaged", "ORD-1")
    assert (result.refund_trx_id, result.original_trx_id, result.amount_paisa) == ("RF10XYZ", "AIB10DO2ON", 20000)
    assert client.refund_status("TR0011abc", "AIB10DO2ON").refund_trx_id == "RF10XYZ"
    assert [c["body"] for c in stub.calls[1:]] == [
        {"paymentID": "TR0011abc", "amount": "200.00", "trxID": "AIB10DO2ON", "sku": "ORD-1", "reason": "damaged"},
        {"paymentID": "TR0011abc", "trxID": "AIB10DO2ON"}]
    assert stub.paths() == ["general/searchTransaction", "payment/refund", "payment/refund"]


def test_a_refund_answer_without_refund_trx_id_is_unclear(stub, client):
    stub.answer("payment/refund", (200, {"transactionStatus": "Completed"}))
    with pytest.raises(BkashUnclear):
        client.refund("TR0011abc", "AIB10DO2ON", 100, "r", "s")


# --- failures -----------------------------------------------------------------------------

@pytest.mark.parametrize("code", ["2023", "2056", "2060", "2062", "2117"])
def test_business_errors_are_rejections_with_code_and_message(stub, client, code):
    stub.answer("execute", (200, {"statusCode": code, "statusMessage": "Nope"}))
    with pytest.raises(BkashRejected) as caught:
        client.execute("TR0011abc")
    assert (caught.value.code, caught.value.message) == (code, "Nope")
    assert caught.value.duplicate_execute == (code in DUPLICATE_EXECUTE)
    assert caught.value.message_bn and caught.value.message_en


def test_the_older_error_code_shape_is_a_rejection(stub, client):
    stub.answer("execute", (200, {"errorCode": "2002", "errorMessage": "Invalid Payment ID"}))
    with pytest.raises(BkashRejected) as caught:
        client.execute("TR0011abc")
    assert caught.value.code == "2002"


@pytest.mark.parametrize("status, body", [
    (500, {"statusCode": "0000"}), (502, b"<html>Bad gateway</html>"), (200, b"not json"), (200, b"[1, 2]"),
    (200, {"message": "Internal server error"}), (403, {"message": "Forbidden"}), (200, b"")])
def test_answers_that_leave_the_outcome_unknown_are_unclear(stub, client, status, body):
    stub.answer("execute", (status, body))
    with pytest.raises(BkashUnclear) as caught:
        client.execute("TR0011abc")
    assert caught.value.message_en.startswith("We are checking")
    assert stub.paths() == ["execute"]  # never re-sent


def test_a_read_timeout_is_unclear_and_not_retried(stub, tokens):
    stub.answer("execute", (200, ("sleep", 1.5)))
    client = BkashClient(config(stub.url, read_timeout=0.3), tokens)
    started = time.monotonic()
    with pytest.raises(BkashUnclear):
        client.execute("TR0011abc")
    assert time.monotonic() - started < 1.2
    assert stub.paths() == ["execute"]


def test_a_connection_dropped_after_sending_is_unclear(stub, client):
    stub.answer("execute", (200, "drop"))
    with pytest.raises(BkashUnclear):
        client.execute("TR0011abc")
    assert stub.paths() == ["execute"]


def test_a_refused_connection_is_unavailable(tokens):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = BkashClient(config(f"http://127.0.0.1:{port}"), tokens)
    with pytest.raises(BkashUnavailable):
        client.execute("TR0011abc")


@pytest.mark.parametrize("status, body", [(503, b"down"), (200, {"statusCode": "503",
                                                                 "statusMessage": "System is undergoing maintenance"})])
def test_maintenance_is_unavailable(stub, client, status, body):
    stub.answer("create", (status, body))
    with pytest.raises(BkashUnavailable) as caught:
        client.create(1000, "ORD-1-1", CALLBACK, "017")
    assert caught.value.code == "503" and "রক্ষণাবেক্ষণ" in caught.value.message_bn


def test_429_is_throttled(stub, client):
    stub.answer("token/grant", (429, {"message": "Too many requests"}))
    with pytest.raises(BkashThrottled):
        client.grant()


def test_401_renews_the_token_once_and_sends_again(stub, client, tokens):
    stub.answer("execute", (401, {"message": "Unauthorized"}), (200, executed()))
    assert client.execute("TR0011abc").trx_id == "AIB10DO2ON"
    assert tokens.calls == [(False, None), (True, "id-token-1")]
    assert [c["headers"]["Authorization"] for c in stub.calls] == ["id-token-1", "id-token-2"]


@pytest.mark.parametrize("method, args, path", [
    ("query", ("TR0011abc",), "payment/status"), ("search", ("AIB10DO2ON",), "general/searchTransaction"),
    ("create", (1000, "ORD-1-1", CALLBACK, "017"), "create")])
def test_a_second_401_is_raised_after_one_renewal(stub, client, tokens, method, args, path):
    stub.answer(path, (401, {"message": "Unauthorized"}))
    with pytest.raises(BkashUnauthorized):
        getattr(client, method)(*args)
    assert len(stub.calls) == 2 and tokens.calls[-1] == (True, "id-token-1")


def test_nothing_secret_in_repr_or_errors(stub, client):
    assert "secret-1" not in repr(client.config) and "pass-1" not in repr(client.config)
    assert "key-1" not in repr(client.config)
    stub.answer("token/grant", (200, b"id_token=leak"))
    with pytest.raises(BkashUnclear) as caught:
        client.grant()
    assert "leak" not in str(caught.value)


def test_buyer_messages_have_both_languages():
    for code in ("2023", "2056", "2060", "2062", "2117", "2029", "2006", "503"):
        bn, en = buyer_message(code)
        assert any("\u0980" <= ch <= "\u09ff" for ch in bn) and en.isascii()
    assert buyer_message("9999") == buyer_message(None)


# --- amounts ------------------------------------------------------------------------------

@given(st.integers(min_value=0, max_value=10**13))
def test_paisa_round_trips_through_bkash_strings(paisa):
    text = paisa_to_amount(paisa)
    assert text == "%.2f" % (Decimal(paisa) / 100)
    assert amount_to_paisa(text) == paisa


@given(st.integers(min_value=0, max_value=10**9))
def test_whole_taka_and_one_decimal_are_read_too(taka):
    assert amount_to_paisa(str(taka)) == taka * 100
    assert amount_to_paisa(f"{taka}.5") == taka * 100 + 50


@pytest.mark.parametrize("value", ["1.005", "", "1.", ".5", "+1", "-1", "1e2", "NaN", "Infinity", " 1", "১",
                                   1.5, True, None, Decimal("1.001"), Decimal("NaN"), -1])
def test_amounts_that_are_not_plain_two_place_decimals_are_refused(value):
    with pytest.raises(ValueError):
        amount_to_paisa(value)


@pytest.mark.parametrize("value", [-1, 1.0, True, "100"])
def test_only_whole_non_negative_paisa_go_to_bkash(value):
    with pytest.raises(ValueError):
        paisa_to_amount(value)


# --- configuration ------------------------------------------------------------------------

def test_config_defaults_point_at_the_simulator(monkeypatch):
    for name in ("BKASH_BASE_URL", "BKASH_APP_KEY", "BKASH_SECRET_ID", "SNS_CERT_MIRROR", "BKASH_IPN_TOPIC_ARN",
                 "BKASH_CONNECT_TIMEOUT", "BKASH_READ_TIMEOUT", "BKASH_ANSWER_WITHIN"):  # every one config reads
        monkeypatch.delenv(name, raising=False)
    bkash_config.cache_clear()
    try:
        cfg = bkash_config()
        assert cfg.base_url == "http://127.0.0.1:8100" and cfg.app_key == "samabay-sim-app-key"
        assert cfg.ipn_topic_arn == "arn:aws:sns:ap-southeast-1:000000000000:bpt_01700000000"
        assert (cfg.sns_cert_mirror, cfg.connect_timeout, cfg.read_timeout) == ("", 5, 20)
        assert "samabay-sim-password" not in repr(cfg) and "samabay-sim-app-secret" not in repr(cfg)
    finally:
        bkash_config.cache_clear()


def test_config_credentials_from_secrets_manager(monkeypatch):
    from moto import mock_aws

    from chalicelib.store import aws
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": "ap-southeast-1", "AWS_REGION": "ap-southeast-1",
                        "BKASH_SECRET_ID": "samabay/bkash", "BKASH_APP_KEY": "env-key",
                        "BKASH_BASE_URL": "https://tokenized.pay.bka.sh/v1.2.0-beta/"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    aws.reset()
    bkash_config.cache_clear()
    try:
        with mock_aws():
            aws.client("secretsmanager").create_secret(Name="samabay/bkash", SecretString=json.dumps(
                {"app_key": "live-key", "app_secret": "live-secret", "username": "live-user", "password": "live-pw"}))
            cfg = bkash_config()
        assert (cfg.app_key, cfg.app_secret, cfg.username, cfg.password) == (
            "live-key", "live-secret", "live-user", "live-pw")
        assert cfg.base_url == "https://tokenized.pay.bka.sh/v1.2.0-beta"
        assert "live-" not in repr(cfg)
    finally:
        bkash_config.cache_clear()
        aws.reset()
