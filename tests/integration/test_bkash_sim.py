"""The local bKash simulator over real HTTP: tokens, checkout, execute rules, faults, refunds, page, IPN."""
import base64
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
import urllib3
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.x509.oid import NameOID

from local.bkash_sim import serve

APP = {"app_key": "samabay-sim-app-key", "app_secret": "samabay-sim-app-secret"}
LOGIN = {"username": "samabay-sim-user", "password": "samabay-sim-password"}
TOPIC = "arn:aws:sns:ap-southeast-1:000000000000:bpt_01700000000"
BKASH_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d:\d{3} GMT\+0600$")
CALLBACK = "http://127.0.0.1:8000/api/payments/bkash/callback"
TIMEOUT_SLEEP = 0.5  # the simulator's execute_timeout_after_commit sleep in these tests


@pytest.fixture(scope="module")
def server():
    server, sim = serve(port=0, seed=7)
    yield f"http://127.0.0.1:{server.server_address[1]}", sim
    server.shutdown()
    server.server_close()


@pytest.fixture
def bk(server):
    base, sim = server
    sim.reset()
    sim.configure(execute_timeout_seconds=TIMEOUT_SLEEP, ipn_url=None, callback_api_version=False)
    return Bkash(base, sim)


@pytest.fixture
def merchant():
    """A tiny IPN endpoint that records what it receives."""
    received = []

    class Capture(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers, body))  # case-insensitive lookups
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Capture)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api/payments/bkash/ipn", received
    server.shutdown()
    server.server_close()


class Bkash:
    """What a merchant backend (and a test acting as the customer) does against the simulator."""

    def __init__(self, base, sim):
        self.base, self.sim, self.token = base, sim, None
        self.http = urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(connect=2, read=5))

    def call(self, method, path, body=None, headers=None, **options):
        response = self.http.request(method, self.base + path, body=None if body is None else json.dumps(body),
                                     headers={"Content-Type": "application/json", **(headers or {})}, **options)
        return response.status, (response.json() if response.headers.get("Content-Type", "").find("json") >= 0
                                  else response.data)

    def grant(self, path="/tokenized/checkout/token/grant"):
        status, body = self.call("POST", path, APP, LOGIN)
        if status == 200 and body.get("statusCode") == "0000":
            self.token = body["id_token"]
        return status, body

    def api(self, operation, body, **options):
        if self.token is None:
            self.grant()
        headers = {"Authorization": self.token, "X-APP-Key": APP["app_key"]}
        return self.call("POST", "/tokenized/checkout/" + operation, body, headers, **options)

    def create(self, amount="100.00", invoice="INV-1", callback=CALLBACK, **extra):
        body = {"mode": "0011", "payerReference": "01770618575", "callbackURL": callback, "amount": amount,
                "currency": "BDT", "intent": "sale", "merchantInvoiceNumber": invoice, **extra}
        return self.api("create", body)[1]

    def complete(self, payment_id, outcome="success", **extra):
        return self.call("POST", "/_sim/complete", {"paymentID": payment_id, "outcome": outcome, **extra})

    def paid(self, amount="100.00", invoice="INV-1"):
        """A created, approved and executed payment."""
        payment_id = self.create(amount, invoice)["paymentID"]
        self.complete(payment_id)
        return self.api("execute", {"paymentID": payment_id})[1]

    def status(self, payment_id):
        return self.api("payment/status", {"paymentID": payment_id})[1]

    def faults(self, **faults):
        assert self.call("POST", "/_sim/faults", faults)[0] == 200

    def state(self):
        return self.call("GET", "/_sim/state")[1]


def verify_sns(envelope, pem):
    """What the app must do with an IPN: SHA1withRSA over the SNS string-to-sign, by the served certificate."""
    keys = ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
    text = "".join(f"{key}\n{envelope[key]}\n" for key in keys if key in envelope)
    certificate = x509.load_pem_x509_certificate(pem)
    certificate.public_key().verify(base64.b64decode(envelope["Signature"]), text.encode(), padding.PKCS1v15(),
                                    hashes.SHA1())
    return certificate


# ---- tokens and auth -----------------------------------------------------------------------------------------

def test_two_token_calls_an_hour_then_blocked_for_an_hour(bk):
    status, first = bk.grant()
    assert status == 200 and first["token_type"] == "Bearer" and first["expires_in"] == 3600
    status, refreshed = bk.call("POST", "/tokenized/checkout/token/refresh",
                                {**APP, "refresh_token": first["refresh_token"]}, LOGIN)
    assert status == 200 and refreshed["statusCode"] == "0000" and refreshed["id_token"] != first["id_token"]
    assert bk.grant() == (429, {"message": "Too many token requests; blocked for one hour"})
    bk.call("POST", "/_sim/clock", {"advance_seconds": 3599})
    assert bk.grant()[0] == 429
    bk.call("POST", "/_sim/clock", {"advance_seconds": 2})
    assert bk.grant()[1]["statusCode"] == "0000"
    assert bk.state()["counters"]["grants"] == 4 and bk.state()["counters"]["token_throttled"] == 2


def test_token_credentials_are_checked(bk):
    assert bk.call("POST", "/tokenized/checkout/token/grant", {**APP, "app_key": "x"}, LOGIN)[1]["statusCode"] == "2001"
    wrong = {**LOGIN, "password": "x"}
    assert bk.call("POST", "/tokenized/checkout/token/grant", APP, wrong)[1]["statusCode"] == "2043"


def test_calls_need_the_raw_token_and_the_app_key(bk):
    bk.grant()
    create = "/tokenized/checkout/create"
    assert bk.call("POST", create, {}, {"X-APP-Key": APP["app_key"]}) == (401, {"message": "Unauthorized"})
    bearer = {"Authorization": "Bearer " + bk.token, "X-APP-Key": APP["app_key"]}
    assert bk.call("POST", create, {}, bearer)[0] == 401
    wrong_key = {"Authorization": bk.token, "X-APP-Key": "other"}
    assert bk.call("POST", create, {}, wrong_key)[1]["statusCode"] == "2001"
    bk.sim.advance(3600)
    assert bk.api("payment/status", {"paymentID": "x"})[0] == 401


# ---- checkout ------------------------------------------------------------------------------------------------

def test_create_approve_execute_query_search(bk):
    created = bk.create(callback=CALLBACK + "?via=test")
    payment_id = created["paymentID"]
    assert created["statusCode"] == "0000" and created["transactionStatus"] == "Initiated"
    assert payment_id.startswith("TR0011") and BKASH_TIME.match(created["paymentCreateTime"])
    assert created["bkashURL"].startswith(bk.base + "/redirect/tokenized/?paymentID=" + payment_id)
    assert created["successCallbackURL"].startswith(f"{CALLBACK}?via=test&paymentID={payment_id}&status=success")
    assert bk.status(payment_id)["transactionStatus"] == "Initiated"

    status, answer = bk.complete(payment_id)
    assert status == 200 and answer["callback_url"] == created["successCallbackURL"]
    assert bk.status(payment_id)["transactionStatus"] == "Initiated"  # money moves only at execute

    executed = bk.api("execute", {"paymentID": payment_id})[1]
    assert executed["statusCode"] == "0000" and executed["transactionStatus"] == "Completed"
    assert re.match(r"^[A-Z0-9]{10}$", executed["trxID"]) and executed["amount"] == "100.00"
    assert executed["merchantInvoiceNumber"] == "INV-1" and executed["customerMsisdn"] == "01770618575"
    assert BKASH_TIME.match(executed["paymentExecuteTime"])

    status, queried = bk.call("POST", "/v1.2.0-beta/tokenized/checkout/payment/status", {"paymentID": payment_id},
                              {"Authorization": bk.token, "X-APP-Key": APP["app_key"]})
    assert queried["transactionStatus"] == "Completed" and queried["verificationStatus"] == "Complete"
    assert queried["merchantInvoice"] == "INV-1" and queried["trxID"] == executed["trxID"]
    searched = bk.api("general/searchTransaction", {"trxID": executed["trxID"]})[1]
    assert searched["transactionStatus"] == "Completed" and searched["maxRefundableAmount"] == "100.00"
    assert bk.api("general/searchTransaction", {"trxID": "NOPE"})[1]["statusCode"] == "2033"


@pytest.mark.parametrize("change, code", [
    ({"amount": "0.50"}, "2006"), ({"amount": "10.123"}, "2006"), ({"amount": 100}, "2006"),
    ({"currency": "USD"}, "2007"), ({"intent": "authorization"}, "2008"), ({"mode": "0001"}, "2063"),
    ({"callbackURL": "ftp://example.com/cb"}, "2049"), ({"callbackURL": "not a url"}, "2049"),
    ({"merchantInvoiceNumber": "INV<1>"}, "2031"), ({"merchantInvoiceNumber": "I" * 256}, "2031"),
    ({"payerReference": "a&b"}, "2048"), ({"amount": None}, "2065"),
])
def test_create_validates_the_request(bk, change, code):
    assert bk.create(**change)["statusCode"] == code


def test_a_reused_invoice_number_is_refused(bk):
    assert bk.create(invoice="INV-9")["statusCode"] == "0000"
    assert bk.create(invoice="INV-9")["statusCode"] == "2029"


@pytest.mark.parametrize("code", [None, "2117", "2056"])
def test_a_second_execute_answers_the_configured_code(bk, code):
    if code:
        bk.faults(duplicate_execute_code=code)
    executed = bk.paid()
    again = bk.api("execute", {"paymentID": executed["paymentID"]})[1]
    assert again["statusCode"] == (code or "2062") and "trxID" not in again
    assert bk.state()["counters"]["executes_committed"] == 1


def test_execute_refuses_payments_the_customer_did_not_approve(bk):
    forged = bk.create(invoice="INV-forged")["paymentID"]  # callback typed by hand: never approved
    assert bk.api("execute", {"paymentID": forged})[1]["statusCode"] == "2060"
    for outcome in ("cancel", "failure"):
        payment_id = bk.create(invoice=f"INV-{outcome}")["paymentID"]
        bk.complete(payment_id, outcome)
        assert bk.api("execute", {"paymentID": payment_id})[1]["statusCode"] == "2056"
    assert bk.status(payment_id)["transactionStatus"] == "Failed"
    assert bk.api("execute", {"paymentID": "TR0011unknown"})[1]["statusCode"] == "2002"


def test_payments_expire_after_a_day_on_the_simulator_clock(bk):
    payment_id = bk.create()["paymentID"]
    bk.complete(payment_id)
    bk.call("POST", "/_sim/clock", {"advance_seconds": 86400})
    bk.grant()  # the first token expired meanwhile
    assert bk.status(payment_id)["transactionStatus"] == "Expired"
    assert bk.api("execute", {"paymentID": payment_id})[1]["statusCode"] == "2056"


def test_insufficient_balance_fails_at_execute(bk):
    payment_id = bk.create()["paymentID"]
    bk.complete(payment_id, wallet="01823074817")
    assert bk.api("execute", {"paymentID": payment_id})[1]["statusCode"] == "2023"


# ---- fault switches ------------------------------------------------------------------------------------------

def test_execute_timeout_after_commit(bk):
    bk.faults(execute_timeout_after_commit=1)
    payment_id = bk.create()["paymentID"]
    bk.complete(payment_id)
    with pytest.raises(urllib3.exceptions.ReadTimeoutError):
        bk.api("execute", {"paymentID": payment_id}, timeout=urllib3.Timeout(connect=2, read=0.2))
    assert bk.status(payment_id)["transactionStatus"] == "Completed"  # the money moved anyway


def test_execute_lost_response(bk):
    bk.faults(execute_lost_response=1)
    payment_id = bk.create()["paymentID"]
    bk.complete(payment_id)
    with pytest.raises(urllib3.exceptions.ProtocolError):
        bk.api("execute", {"paymentID": payment_id})
    assert bk.status(payment_id)["transactionStatus"] == "Completed"
    assert bk.call("GET", "/_sim/calls")[1]["calls"][-2]["status"] is None


def test_execute_http_500_commits_nothing_and_fires_once(bk):
    bk.faults(execute_http_500=1)
    payment_id = bk.create()["paymentID"]
    bk.complete(payment_id)
    assert bk.api("execute", {"paymentID": payment_id}) == (500, {"message": "Internal server error"})
    assert bk.status(payment_id)["transactionStatus"] == "Initiated"
    assert bk.api("execute", {"paymentID": payment_id})[1]["transactionStatus"] == "Completed"


def test_token_expired(bk):
    bk.grant()
    bk.faults(token_expired=1)
    assert bk.api("payment/status", {"paymentID": "x"})[0] == 401
    assert bk.api("payment/status", {"paymentID": "x"})[0] == 401  # that token stays dead
    bk.grant()
    assert bk.api("payment/status", {"paymentID": "x"})[1]["statusCode"] == "2002"


def test_grant_throttled(bk):
    bk.faults(grant_throttled=1)
    assert bk.grant()[0] == 429
    assert bk.grant()[1]["statusCode"] == "0000"


@pytest.mark.parametrize("fault, field, query_field", [
    ("amount_mismatch", "amount", "amount"), ("payment_id_mismatch", "paymentID", "paymentID"),
    ("invoice_mismatch", "merchantInvoiceNumber", "merchantInvoice")])
def test_mismatch_faults_skew_execute_and_status(bk, fault, field, query_field):
    payment_id = bk.create()["paymentID"]
    truth = {"amount": "100.00", "paymentID": payment_id, "merchantInvoiceNumber": "INV-1"}[field]
    bk.complete(payment_id)
    bk.faults(**{fault: 1})
    executed = bk.api("execute", {"paymentID": payment_id})[1]
    assert executed[field] != truth and bk.status(payment_id)[query_field] == executed[field]
    if fault == "amount_mismatch":
        assert executed["amount"] == "101.00"
    other = bk.paid(invoice="INV-2")  # the fault fired once: the next payment is reported truthfully
    assert other["amount"] == "100.00" and other["merchantInvoiceNumber"] == "INV-2"


def test_ipn_before_callback_arrives_before_execute_answers(bk, merchant):
    url, received = merchant
    bk.call("POST", "/_sim/config", {"ipn_url": url})
    bk.faults(ipn_before_callback=1)
    executed = bk.paid()
    assert len(received) == 1 and json.loads(json.loads(received[0][1])["Message"])["trxID"] == executed["trxID"]
    assert bk.state()["counters"]["ipns_sent"] == 1


def test_ipn_repeat_delivers_the_same_message_again(bk, merchant):
    url, received = merchant
    bk.call("POST", "/_sim/config", {"ipn_url": url})
    bk.faults(ipn_repeat=2)
    payment_id = bk.paid()["paymentID"]
    status, answer = bk.call("POST", "/_sim/ipn", {"paymentID": payment_id})
    assert status == 200 and answer["deliveries"] == [200, 200, 200]
    assert {json.loads(body)["MessageId"] for _, body in received} == {answer["message_id"]}


def test_unknown_faults_and_bad_values_are_refused(bk):
    assert bk.call("POST", "/_sim/faults", {"execute_slowly": 1})[0] == 400
    assert bk.call("POST", "/_sim/faults", {"duplicate_execute_code": "9999"})[0] == 400
    assert bk.call("POST", "/_sim/faults", {"execute_http_500": "many"})[0] == 400


# ---- refunds -------------------------------------------------------------------------------------------------

def test_partial_refunds_up_to_the_amount(bk):
    executed = bk.paid()
    ids = {"paymentID": executed["paymentID"], "trxID": executed["trxID"]}
    assert bk.api("payment/refund", ids)[1]["statusCode"] == "2033"  # no refund yet
    first = bk.api("payment/refund", {**ids, "amount": "40.00", "sku": "p1", "reason": "damaged"})[1]
    assert first["statusCode"] == "0000" and first["originalTrxID"] == executed["trxID"]
    assert first["transactionStatus"] == "Completed" and re.match(r"^[A-Z0-9]{10}$", first["refundTrxID"])
    assert bk.api("payment/refund", {**ids, "amount": "60.01"})[1]["statusCode"] == "2026"
    assert bk.api("payment/refund", {**ids, "amount": "60.00"})[1]["statusCode"] == "0000"
    status = bk.api("payment/refund", ids)[1]
    assert status["amount"] == "60.00" and len(status["refundTransactions"]) == 2
    assert bk.api("payment/refund", {**ids, "amount": "1.00"})[1]["statusCode"] == "2034"
    assert bk.api("general/searchTransaction", {"trxID": executed["trxID"]})[1]["maxRefundableAmount"] == "0.00"
    assert bk.api("payment/refund", {**ids, "trxID": "WRONG"})[1]["statusCode"] == "2028"


def test_refund_window_is_fifteen_days(bk):
    executed = bk.paid()
    bk.sim.advance(16 * 86400)
    bk.grant()
    refund = {"paymentID": executed["paymentID"], "trxID": executed["trxID"], "amount": "1.00"}
    assert bk.api("payment/refund", refund)[1]["statusCode"] == "2071"


# ---- hosted payment page -------------------------------------------------------------------------------------

def page_post(bk, payment_id, step, **form):
    return bk.http.request("POST", f"{bk.base}/redirect/tokenized/{payment_id}/{step}", fields=form,
                           encode_multipart=False, redirect=False)


def test_payment_page_wallet_otp_pin_then_302_to_the_callback(bk):
    created = bk.create(callback=CALLBACK + "?order=INV-1")
    payment_id = created["paymentID"]
    page = bk.http.request("GET", created["bkashURL"]).data.decode()
    assert 'id="wallet"' in page and 'id="cancel"' in page and "INV-1" in page and "100.00" in page
    assert 'name="viewport"' in page and "<script" not in page
    assert 'id="otp"' in page_post(bk, payment_id, "wallet", wallet="01929918378").data.decode()
    assert 'id="error"' in page_post(bk, payment_id, "otp", otp="000000").data.decode()
    assert 'id="pin"' in page_post(bk, payment_id, "otp", otp="123456").data.decode()
    assert "2 attempt(s) left" in page_post(bk, payment_id, "pin", pin="11111").data.decode()
    response = page_post(bk, payment_id, "pin", pin="12121")
    assert response.status == 302
    location = urlsplit(response.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == CALLBACK
    query = parse_qs(location.query)
    assert query["order"] == ["INV-1"] and query["paymentID"] == [payment_id] and query["status"] == ["success"]
    assert re.match(r"^[A-Za-z0-9]{10}$", query["signature"][0])
    assert bk.api("execute", {"paymentID": payment_id})[1]["customerMsisdn"] == "01929918378"
    assert "completed" in bk.http.request("GET", created["bkashURL"]).data.decode()


def test_payment_page_cancel_and_three_wrong_pins(bk):
    cancelled = bk.create(invoice="INV-c")["paymentID"]
    response = page_post(bk, cancelled, "cancel")
    assert response.status == 302 and "status=cancel" in response.headers["Location"]
    failed = bk.create(invoice="INV-f")["paymentID"]
    page_post(bk, failed, "wallet", wallet="01770618575")
    page_post(bk, failed, "otp", otp="123456")
    responses = [page_post(bk, failed, "pin", pin="99999") for _ in range(3)]
    assert [r.status for r in responses] == [200, 200, 302]
    assert "status=failure" in responses[-1].headers["Location"]
    assert bk.status(failed)["transactionStatus"] == "Failed"


# ---- IPN -----------------------------------------------------------------------------------------------------

def test_ipn_signature_verifies_with_the_served_certificate_and_tamper_breaks_it(bk):
    executed = bk.paid()
    pem = bk.http.request("GET", bk.base + "/SimpleNotificationService-samabay-sim.pem").data
    assert pem == bk.sim.certificate_pem()
    envelope = bk.sim.ipn_envelope(executed["paymentID"])
    certificate = verify_sns(envelope, pem)
    assert certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "sns.amazonaws.com"
    assert certificate.issuer.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "Amazon"
    assert envelope["Type"] == "Notification" and envelope["TopicArn"] == TOPIC
    assert envelope["SignatureVersion"] == "1" and envelope["Timestamp"].endswith("Z")
    assert envelope["SigningCertURL"] == ("https://sns.ap-southeast-1.amazonaws.com/"
                                          "SimpleNotificationService-samabay-sim.pem")
    message = json.loads(envelope["Message"])
    assert message["trxID"] == executed["trxID"] and message["amount"] == "100.00"
    assert message["merchantInvoiceNumber"] == "INV-1" and message["paymentID"] == executed["paymentID"]
    assert message["transactionStatus"] == "Completed" and message["transactionType"] == "10002294"
    assert re.match(r"^\d{14}$", message["dateTime"]) and message["debitMSISDN"] == "8801770618575"
    tampered = bk.sim.ipn_envelope(executed["paymentID"], tamper=True)
    assert json.loads(tampered["Message"])["amount"] == "101.00"
    with pytest.raises(InvalidSignature):
        verify_sns(tampered, pem)


def test_sim_ipn_posts_an_sns_notification_to_the_merchant(bk, merchant):
    url, received = merchant
    executed = bk.paid()
    assert bk.call("POST", "/_sim/ipn", {"paymentID": executed["paymentID"]})[0] == 409  # no ipn_url yet
    bk.call("POST", "/_sim/config", {"ipn_url": url})
    status, answer = bk.call("POST", "/_sim/ipn", {"paymentID": executed["paymentID"],
                                                    "topic_arn": "arn:aws:sns:ap-southeast-1:1:other"})
    assert status == 200 and answer["delivered_status"] == 200
    headers, body = received[0]
    assert headers["Content-Type"] == "text/plain; charset=UTF-8"
    assert headers["x-amz-sns-message-type"] == "Notification"
    envelope = json.loads(body)
    assert envelope == answer["envelope"] and envelope["MessageId"] == answer["message_id"]
    assert envelope["TopicArn"] == "arn:aws:sns:ap-southeast-1:1:other"
    verify_sns(envelope, bk.sim.certificate_pem())  # signed over the overriding topic
    pending = bk.create(invoice="INV-2")["paymentID"]
    assert bk.call("POST", "/_sim/ipn", {"paymentID": pending})[0] == 409


# ---- control endpoints ---------------------------------------------------------------------------------------

def test_control_endpoints_answer_loopback_only(bk):
    assert bk.sim.handle("GET", "/_sim/state", {}, b"", client="10.1.2.3").status == 403
    assert bk.sim.handle("GET", "/_sim/state", {}, b"", client="127.0.0.1").status == 200


def test_calls_state_and_reset(bk):
    bk.paid()
    calls = bk.call("GET", "/_sim/calls")[1]["calls"]
    assert [c["path"].rsplit("/", 1)[-1] for c in calls] == ["grant", "create", "execute"]
    assert calls[1]["headers"]["authorization"] == bk.token and calls[1]["body"]["amount"] == "100.00"
    state = bk.state()
    assert state["counters"]["executes"] == 1 and len(state["payments"]) == 1
    assert bk.call("POST", "/_sim/reset", {})[0] == 200
    assert bk.state()["payments"] == {} and bk.call("GET", "/_sim/calls")[1]["calls"] == []
    assert bk.call("POST", "/_sim/complete", {"paymentID": "TR0011nope", "outcome": "success"})[0] == 404
