"""Local bKash sandbox simulator: Tokenized Checkout API, hosted payment page, signed SNS IPNs, faults.

    python -m local.bkash_sim --port 8100 [--ipn-url http://127.0.0.1:8000/api/payments/bkash/ipn]

Shapes follow ../shared/research/bkash-and-sms.md (§1 API, §2 IPN, §4 simulator); paths, control endpoints and
fault names are the contract in docs/payments-and-market.md. Behaviour marked UNVERIFIED is our guess at bKash.
Business errors are HTTP 200 with `statusCode`/`statusMessage`, as bKash does.
"""
import argparse
import base64
import html
import json
import random
import re
import string
import sys
import threading
import time
import traceback
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

DEFAULTS = {
    "app_key": "samabay-sim-app-key", "app_secret": "samabay-sim-app-secret",
    "username": "samabay-sim-user", "password": "samabay-sim-password",
    "merchant_wallet": "01700000000", "merchant_name": "Samabay - Department of Cooperatives",
    "topic_arn": "arn:aws:sns:ap-southeast-1:000000000000:bpt_01700000000",
    "ipn_url": None,                 # where /_sim/ipn POSTs; settable later via POST /_sim/config
    "public_url": None,              # base of bkashURL; None = the Host the create call came to
    "token_ttl": 3600, "refresh_token_ttl": 28 * 86400,  # refresh lifetime UNVERIFIED (28 days)
    "payment_ttl": 86400, "refund_window_days": 15,
    "execute_timeout_seconds": 25.0,  # sleep of the *_timeout faults (execute, query, refund)
    "callback_api_version": False,    # also append apiVersion=1.2.0-beta/ to callbacks, as some real ones do
}
API_VERSION = "/v1.2.0-beta"
CHECKOUT = "/tokenized/checkout/"
PAGE = "/redirect/tokenized/"
CERT_PATH = "/SimpleNotificationService-samabay-sim.pem"
CERT_URL = "https://sns.ap-southeast-1.amazonaws.com" + CERT_PATH
LOOPBACK = ("127.0.0.1", "::1", "localhost")

# The public sandbox's test values (bkash-pgw.vercel.app docs); any 01[3-9] wallet works here.
OTP, PIN, PIN_TRIES = "123456", "12121", 3
DEFAULT_WALLET = "01770618575"
INSUFFICIENT_WALLET = "01823074817"
WALLET = re.compile(r"^01[3-9]\d{8}$")
AMOUNT = re.compile(r"^\d+(\.\d{1,2})?$")

TOKEN_CALLS_PER_HOUR = 2
CALLS_KEPT = 2000  # request log length (a long foreground run should not grow without bound)
# UNVERIFIED: bKash documents the block, not its reply; we answer HTTP 429 with a gateway-style message.
THROTTLED = {"message": "Too many token requests; blocked for one hour"}
UNAUTHORIZED = {"message": "Unauthorized"}  # UNVERIFIED exact body (research §7.9)

MESSAGES = {
    "0000": "Successful", "2001": "Invalid App Key", "2002": "Invalid Payment ID", "2006": "Invalid amount",
    "2007": "Invalid currency", "2008": "Invalid intent", "2023": "Insufficient Balance",
    "2025": "Invalid request body",
    "2026": "The reversal amount cannot be greater than the original transaction amount",
    "2028": "Reverse failed because the transaction serial number does not exist",
    "2029": "Duplicate for all transactions", "2031": "Invalid merchant invoice number",
    "2033": "Transaction not found",
    "2034": "The transaction cannot be reversed because the original transaction has been reversed",
    "2043": "The security credential of the subscriber is incorrect.", "2048": "Invalid Payer Reference",
    "2049": "Invalid Merchant Callback URL", "2056": "Invalid Payment State",
    "2060": "Payment execution pre-requisite hasn't been met", "2062": "The payment has already been completed",
    "2063": "Mode is not valid as per request data", "2065": "Mendatory field missing",
    "2071": "Refund time exceeded",  # UNVERIFIED code (third-party enum only)
    "2117": "The payment execution has already been completed",
}
COUNT_FAULTS = ("execute_timeout_after_commit", "execute_lost_response", "execute_http_500", "token_expired",
                "grant_throttled", "amount_mismatch", "payment_id_mismatch", "invoice_mismatch",
                "ipn_before_callback", "query_timeout", "refund_timeout_after_commit", "refund_status_http_500")
VALUE_FAULTS = {"duplicate_execute_code": "2062", "ipn_repeat": 0}
COUNTERS = ("grants", "refreshes", "token_throttled", "unauthorized", "creates", "executes",
            "executes_committed", "queries", "searches", "refunds", "refund_queries", "ipns_sent")
# Internal state -> what payment/status reports (the customer's approval is invisible until execute).
REPORTED_STATUS = {"Authorised": "Initiated"}
OUTCOME_STATE = {"success": "Authorised", "failure": "Failed", "cancel": "Cancelled"}
DHAKA = timezone(timedelta(hours=6))
ALNUM = string.ascii_letters + string.digits
UPPER = string.ascii_uppercase + string.digits


class SimError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass
class Reply:
    status: int = 200
    body: object = None  # dict -> JSON, str -> HTML, bytes as they are
    headers: dict = field(default_factory=dict)
    after: list = field(default_factory=list)  # run outside the lock, before answering
    sleep: float = 0.0
    drop: bool = False  # close the socket without answering

    def encode(self) -> tuple[bytes, str]:
        if isinstance(self.body, bytes):
            return self.body, self.headers.get("Content-Type", "application/octet-stream")
        if isinstance(self.body, str):
            return self.body.encode(), "text/html; charset=utf-8"
        return json.dumps(self.body if self.body is not None else {}).encode(), "application/json;charset=UTF-8"


def bkash_time(ts: float) -> str:
    """bKash's timestamp format: 2026-11-24T17:53:37:268 GMT+0600."""
    moment = datetime.fromtimestamp(ts, DHAKA)
    return moment.strftime("%Y-%m-%dT%H:%M:%S:") + f"{moment.microsecond // 1000:03d} GMT+0600"


def sns_time(ts: float) -> str:
    return datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def sns_string_to_sign(envelope: dict) -> str:
    keys = ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
    return "".join(f"{key}\n{envelope[key]}\n" for key in keys if key in envelope)


def _ok(**fields) -> Reply:
    return Reply(200, {**fields, "statusCode": "0000", "statusMessage": MESSAGES["0000"]})


def _err(code: str) -> Reply:
    return Reply(200, {"statusCode": code, "statusMessage": MESSAGES[code]})


def _amount(value, minimum: Decimal) -> Decimal | None:
    """A bKash amount: a decimal *string* with at most 2 decimals, at least `minimum`."""
    if not isinstance(value, str) or not AMOUNT.match(value):
        return None
    amount = Decimal(value)
    return amount if amount >= minimum else None


def _json(body: bytes):
    try:
        data = json.loads(body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _signing_identity():
    """An RSA key and a self-signed certificate that looks like SNS's (issuer/subject Amazon)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Amazon"),
                      x509.NameAttribute(NameOID.COMMON_NAME, "sns.amazonaws.com")])
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=365))
            .sign(key, hashes.SHA256()))
    return key, cert


class Simulator:
    """All state in memory under one lock. `seed` makes IDs repeatable; `clock` returns epoch seconds."""

    def __init__(self, seed=None, clock=time.time, **config):
        unknown = set(config) - set(DEFAULTS)
        if unknown:
            raise TypeError(f"unknown simulator config: {', '.join(sorted(unknown))}")
        self.config = {**DEFAULTS, **config}
        self.seed, self._clock = seed, clock
        self._lock = threading.Lock()
        self._key, self._cert = _signing_identity()
        self.reset()

    # ---- in-process API (the /_sim/* endpoints call these) -------------------------------------------------

    def reset(self) -> None:
        """Forget payments, tokens, faults, counters, calls and clock moves; config and signing key stay."""
        with self._lock:
            self._rng = random.Random(self.seed)
            self._offset = 0.0
            self.payments, self.refunds, self.ipns, self.calls = {}, [], [], []
            self._tokens, self._refresh_tokens, self._token_calls, self._blocked_until = {}, {}, {}, {}
            self.faults = dict(VALUE_FAULTS)
            self.counters = dict.fromkeys(COUNTERS, 0)

    def now(self) -> float:
        return self._clock() + self._offset

    def advance(self, seconds: float) -> str:
        with self._lock:
            self._offset += float(seconds)
        return bkash_time(self.now())

    def configure(self, **changes) -> dict:
        unknown = set(changes) - set(DEFAULTS)
        if unknown:
            raise SimError(400, f"unknown config: {', '.join(sorted(unknown))}")
        with self._lock:
            self.config.update(changes)
            return dict(self.config)

    def set_faults(self, **faults) -> dict:
        """Counts (int, or true = every time until cleared with 0/false) or values for the named faults."""
        unknown = set(faults) - set(COUNT_FAULTS) - set(VALUE_FAULTS)
        if unknown:
            raise SimError(400, f"unknown fault: {', '.join(sorted(unknown))}")
        counts = {name: value for name, value in faults.items() if name != "duplicate_execute_code"}
        if any(not isinstance(value, int) or value < 0 for value in counts.values()):
            raise SimError(400, "fault counts are integers >= 0 or true/false")
        code = str(faults.get("duplicate_execute_code", "2062"))
        if code not in ("2062", "2117", "2056"):
            raise SimError(400, "duplicate_execute_code must be 2062, 2117 or 2056")
        with self._lock:
            self.faults.update(faults)
            if "duplicate_execute_code" in faults:
                self.faults["duplicate_execute_code"] = code
            return dict(self.faults)

    def complete(self, payment_id: str, outcome: str, wallet: str = DEFAULT_WALLET) -> str:
        """Act as the customer on the payment page; returns the callback URL the browser would be sent to."""
        if outcome not in OUTCOME_STATE:
            raise SimError(400, "outcome must be success, failure or cancel")
        with self._lock:
            payment = self._initiated(payment_id)
            return self._conclude(payment, outcome, wallet)

    def ipn_envelope(self, payment_id: str, tamper: bool = False, topic_arn: str | None = None) -> dict:
        """A signed SNS Notification for a completed payment; `tamper` changes the amount after signing."""
        with self._lock:
            payment = self.payments.get(payment_id)
            if payment is None or payment["state"] != "Completed":
                raise SimError(409, "an IPN needs a completed payment")
            view, now = self._view(payment), self.now()
            message = {"dateTime": datetime.fromtimestamp(payment["executed_at"], DHAKA).strftime("%Y%m%d%H%M%S"),
                       "debitMSISDN": "88" + payment["customerMsisdn"],
                       "creditOrganizationName": self.config["merchant_name"],
                       "creditShortCode": self.config["merchant_wallet"], "trxID": payment["trxID"],
                       "transactionStatus": "Completed", "transactionType": "10002294",
                       "amount": view["amount"], "currency": "BDT",
                       "merchantInvoiceNumber": view["merchantInvoiceNumber"], "paymentID": view["paymentID"]}
            message_id, subscription = self._uuid(), self._uuid()
            topic = topic_arn or self.config["topic_arn"]
        envelope = {"Type": "Notification", "MessageId": message_id, "TopicArn": topic,
                    "Message": json.dumps(message), "Timestamp": sns_time(now), "SignatureVersion": "1",
                    "Signature": "", "SigningCertURL": CERT_URL,
                    "UnsubscribeURL": "https://sns.ap-southeast-1.amazonaws.com/?Action=Unsubscribe"
                                      f"&SubscriptionArn={topic}:{subscription}"}
        signature = self._key.sign(sns_string_to_sign(envelope).encode(), padding.PKCS1v15(), hashes.SHA1())
        envelope["Signature"] = base64.b64encode(signature).decode()
        if tamper:
            envelope["Message"] = json.dumps({**message, "amount": f"{Decimal(message['amount']) + 1:.2f}"})
        return envelope

    def send_ipn(self, payment_id: str, tamper: bool = False, topic_arn: str | None = None) -> dict:
        """POST the IPN to ipn_url (1 + ipn_repeat times, same MessageId, as SNS retries do)."""
        envelope = self.ipn_envelope(payment_id, tamper, topic_arn)
        with self._lock:
            url, repeats = self.config["ipn_url"], int(self.faults["ipn_repeat"] or 0)
        if not url:
            raise SimError(409, "ipn_url is not configured (POST /_sim/config {\"ipn_url\": ...})")
        statuses = [self._post_ipn(url, envelope, payment_id) for _ in range(1 + repeats)]
        return {"delivered_status": statuses[0], "deliveries": statuses, "message_id": envelope["MessageId"],
                "envelope": envelope}

    def certificate_pem(self) -> bytes:
        return self._cert.public_bytes(serialization.Encoding.PEM)

    def state(self) -> dict:
        with self._lock:
            return json.loads(json.dumps({
                "now": bkash_time(self.now()), "clock_offset_seconds": self._offset,
                "payments": self.payments, "refunds": self.refunds, "ipns": self.ipns,
                "counters": self.counters, "faults": self.faults, "config": self.config,
                "tokens": {"active": len(self._tokens), "blocked_until": self._blocked_until}}, default=str))

    # ---- HTTP entry point --------------------------------------------------------------------------------

    def handle(self, method: str, path: str, headers: dict, body: bytes = b"", client: str = "127.0.0.1") -> Reply:
        """One request in, one Reply out; the server below only does the socket work."""
        url = urlsplit(path)
        route = url.path[len(API_VERSION):] if url.path.startswith(API_VERSION + "/") else url.path
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        headers = {key.lower(): value for key, value in headers.items()}
        if route.startswith("/_sim/"):
            return self._control(method, route, body, client)
        reply = self._dispatch(method, route, query, headers, body)
        with self._lock:
            parsed = _json(body) if not route.startswith(PAGE) else parse_qs(body.decode(errors="replace"))
            self.calls.append({"at": bkash_time(self.now()), "method": method, "path": path, "headers": headers,
                               "body": parsed if parsed is not None else body.decode(errors="replace"),
                               "status": None if reply.drop else reply.status})
            del self.calls[:-CALLS_KEPT]
        for action in reply.after:
            action()
        if reply.sleep:
            time.sleep(reply.sleep)
        return reply

    def _dispatch(self, method, route, query, headers, body) -> Reply:
        if method == "GET" and route == CERT_PATH:
            return Reply(200, self.certificate_pem(), {"Content-Type": "application/x-pem-file"})
        if route.startswith(PAGE):
            form = {key: values[0] for key, values in parse_qs(body.decode(errors="replace")).items()}
            return self._page(method, route, query, form)
        operation = MERCHANT.get(route[len(CHECKOUT):]) if route.startswith(CHECKOUT) else None
        if operation is None or method != "POST":
            return Reply(404, {"message": "Not Found"})
        data = _json(body)
        with self._lock:
            if data is None:
                return _err("2025")
            if operation not in (Simulator._grant, Simulator._refresh):
                denied = self._authorise(headers)
                if denied:
                    return denied
            return operation(self, data, headers)

    def _control(self, method, route, body, client) -> Reply:
        if client not in LOOPBACK:
            return Reply(403, {"error": "control endpoints answer loopback callers only"})
        data = _json(body)
        if data is None:
            return Reply(400, {"error": "body must be a JSON object"})
        try:
            return Reply(200, self._control_result(method + " " + route, data))
        except SimError as error:
            return Reply(error.status, {"error": str(error)})
        except (TypeError, ValueError) as error:  # e.g. {"advance_seconds": "soon"}
            return Reply(400, {"error": str(error)})

    def _control_result(self, call: str, data: dict):
        if call == "GET /_sim/state":
            return self.state()
        if call == "GET /_sim/calls":
            with self._lock:
                return {"calls": json.loads(json.dumps(self.calls, default=str))}
        if call == "POST /_sim/reset":
            self.reset()
            return {"reset": True}
        if call == "POST /_sim/config":
            return self.configure(**data)
        if call in ("POST /_sim/faults", "GET /_sim/faults"):
            return self.set_faults(**data)
        if call == "POST /_sim/clock":
            return {"now": self.advance(data.get("advance_seconds", 0))}
        if call == "POST /_sim/complete":
            wallet = data.get("wallet") or DEFAULT_WALLET
            return {"callback_url": self.complete(data.get("paymentID", ""), data.get("outcome", ""), wallet)}
        if call == "POST /_sim/ipn":
            return self.send_ipn(data.get("paymentID", ""), bool(data.get("tamper")), data.get("topic_arn"))
        raise SimError(404, f"no control endpoint {call}")

    # ---- tokens ------------------------------------------------------------------------------------------

    def _grant(self, data, headers) -> Reply:
        return self._issue(data, headers, None)

    def _refresh(self, data, headers) -> Reply:
        return self._issue(data, headers, str(data.get("refresh_token", "")))

    def _issue(self, data, headers, refresh_token) -> Reply:
        self.counters["grants" if refresh_token is None else "refreshes"] += 1
        if self._throttled(str(data.get("app_key", ""))):
            self.counters["token_throttled"] += 1
            return Reply(429, THROTTLED)
        if data.get("app_key") != self.config["app_key"]:
            return _err("2001")
        given = (headers.get("username"), headers.get("password"), data.get("app_secret"))
        if given != (self.config["username"], self.config["password"], self.config["app_secret"]):
            return _err("2043")  # UNVERIFIED code for bad credentials
        now = self.now()
        if refresh_token is None:
            refresh_token = self._id(48)
            self._refresh_tokens[refresh_token] = now + self.config["refresh_token_ttl"]
        elif self._refresh_tokens.get(refresh_token, 0) <= now:
            return _err("2043")  # UNVERIFIED: unknown/expired refresh_token; the client should grant anew
        id_token = self._id(64)
        self._tokens[id_token] = {"app_key": data["app_key"], "expires_at": now + self.config["token_ttl"]}
        return _ok(id_token=id_token, token_type="Bearer", expires_in=int(self.config["token_ttl"]),
                   refresh_token=refresh_token)

    def _throttled(self, app_key: str) -> bool:
        """Grant + refresh: at most TOKEN_CALLS_PER_HOUR in a rolling hour, else blocked for an hour."""
        if self._fire("grant_throttled"):
            return True
        now = self.now()
        if self._blocked_until.get(app_key, 0) > now:
            return True
        recent = [at for at in self._token_calls.get(app_key, []) if at > now - 3600]
        if len(recent) >= TOKEN_CALLS_PER_HOUR:
            self._blocked_until[app_key], self._token_calls[app_key] = now + 3600, []
            return True
        self._token_calls[app_key] = recent + [now]
        return False

    def _authorise(self, headers) -> Reply | None:
        token_id = headers.get("authorization", "")
        token = self._tokens.get(token_id)
        if token is not None and self._fire("token_expired"):
            del self._tokens[token_id]
            token = None
        if token is None or token["expires_at"] <= self.now():
            self.counters["unauthorized"] += 1
            return Reply(401, UNAUTHORIZED)
        if headers.get("x-app-key") != token["app_key"]:
            return _err("2001")
        return None

    # ---- payments ----------------------------------------------------------------------------------------

    def _create(self, data, headers) -> Reply:
        self.counters["creates"] += 1
        required = ("mode", "payerReference", "callbackURL", "amount", "currency", "intent", "merchantInvoiceNumber")
        # payerReference must be sent but may be blank (" " = no wallet pre-filled on the payment page)
        if any(data.get(key) is None or (data[key] == "" and key != "payerReference") for key in required):
            return _err("2065")
        invoice, payer, callback = data["merchantInvoiceNumber"], str(data["payerReference"]), data["callbackURL"]
        target = urlsplit(str(callback))
        checks = (("2063", data["mode"] == "0011"), ("2006", _amount(data["amount"], Decimal(1)) is not None),
                  ("2007", data["currency"] == "BDT"), ("2008", data["intent"] == "sale"),
                  ("2049", target.scheme in ("http", "https") and bool(target.netloc)),
                  ("2031", isinstance(invoice, str) and len(invoice) <= 255 and not set(invoice) & set("<>&")),
                  ("2048", len(payer) <= 255 and not set(payer) & set("<>&")),
                  ("2029", not any(p["merchantInvoiceNumber"] == invoice for p in self.payments.values())))
        for code, passed in checks:
            if not passed:
                return _err(code)
        now = self.now()
        payment_id = f"TR0011{self._id(7)}{int(now * 1000)}"
        payment = {"paymentID": payment_id, "state": "Initiated", "mode": "0011", "amount": data["amount"],
                   "currency": "BDT", "intent": "sale", "merchantInvoiceNumber": invoice, "payerReference": payer,
                   "callbackURL": callback, "signature": self._id(10), "created_at": now, "executed_at": None,
                   "trxID": None, "customerMsisdn": None, "skew": {},
                   "page": {"step": "wallet", "wallet": None, "pin_failures": 0}}
        self.payments[payment_id] = payment
        base = self.config["public_url"] or f"http://{headers.get('host', '127.0.0.1:8100')}"
        bkash_url = (f"{base.rstrip('/')}{PAGE}?paymentID={payment_id}&hash={self._id(32)}"
                     "&mode=0011&apiVersion=v1.2.0-beta")
        return _ok(paymentID=payment_id, bkashURL=bkash_url, callbackURL=callback,
                   successCallbackURL=self._callback_url(payment, "success"),
                   failureCallbackURL=self._callback_url(payment, "failure"),
                   cancelledCallbackURL=self._callback_url(payment, "cancel"),
                   amount=data["amount"], intent="sale", currency="BDT", paymentCreateTime=bkash_time(now),
                   transactionStatus="Initiated", merchantInvoiceNumber=invoice)

    def _execute(self, data, headers) -> Reply:
        self.counters["executes"] += 1
        if self._fire("execute_http_500"):
            return Reply(500, {"message": "Internal server error"})
        payment = self._payment(data)
        if payment is None:
            return _err("2002")
        state = payment["state"]
        if state == "Initiated":  # the customer never approved: a forged or early callback
            return _err("2060")
        if state == "Completed":
            return _err(str(self.faults["duplicate_execute_code"]))
        if state != "Authorised":
            return _err("2056")
        if payment["customerMsisdn"] == INSUFFICIENT_WALLET:
            payment["state"] = "Failed"
            return _err("2023")
        payment.update(state="Completed", trxID=self._id(10, UPPER), executed_at=self.now())
        self.counters["executes_committed"] += 1
        self._draw_skew(payment)
        view = self._view(payment)
        reply = _ok(paymentID=view["paymentID"], payerReference=payment["payerReference"],
                    customerMsisdn=payment["customerMsisdn"], trxID=payment["trxID"], amount=view["amount"],
                    transactionStatus="Completed", paymentExecuteTime=bkash_time(payment["executed_at"]),
                    currency="BDT", intent="sale", merchantInvoiceNumber=view["merchantInvoiceNumber"])
        if self._fire("ipn_before_callback"):
            reply.after.append(lambda: self._ipn_quietly(payment["paymentID"]))
        if self._fire("execute_lost_response"):
            reply.drop = True
        elif self._fire("execute_timeout_after_commit"):
            reply.sleep = float(self.config["execute_timeout_seconds"])
        return reply

    def _query(self, data, headers) -> Reply:
        self.counters["queries"] += 1
        payment = self._payment(data)
        if payment is None:
            return _err("2002")
        slow = self._fire("query_timeout")
        completed = payment["state"] == "Completed"
        if completed:
            self._draw_skew(payment)
        view = self._view(payment)
        body = {"paymentID": view["paymentID"], "mode": "0011",
                "paymentCreateTime": bkash_time(payment["created_at"]), "amount": view["amount"],
                "currency": "BDT", "intent": "sale", "merchantInvoice": view["merchantInvoiceNumber"],
                "transactionStatus": REPORTED_STATUS.get(payment["state"], payment["state"]),
                "verificationStatus": "Complete" if completed else "Incomplete",
                "payerReference": payment["payerReference"]}
        if completed:
            body.update(trxID=payment["trxID"], paymentExecuteTime=bkash_time(payment["executed_at"]),
                        customerMsisdn=payment["customerMsisdn"])
        reply = _ok(**body)
        if slow:  # bKash answers, but later than any caller waits
            reply.sleep = float(self.config["execute_timeout_seconds"])
        return reply

    def _search(self, data, headers) -> Reply:
        self.counters["searches"] += 1
        trx_id = data.get("trxID")
        payment = next((p for p in self.payments.values() if trx_id and p["trxID"] == trx_id), None)
        if payment is None:
            return _err("2033")
        view = self._view(payment)
        return _ok(trxID=trx_id, initiationTime=bkash_time(payment["created_at"]),
                   completedTime=bkash_time(payment["executed_at"]),
                   transactionType="bKash Tokenized Checkout via API", customerMsisdn=payment["customerMsisdn"],
                   transactionStatus="Completed", amount=view["amount"], currency="BDT",
                   organizationShortCode=self.config["merchant_wallet"],
                   maxRefundableAmount=f"{self._refundable(payment):.2f}")

    def _refund(self, data, headers) -> Reply:
        """Refund when the body has `amount`; refund status when it has only paymentID + trxID."""
        payment = self._payment(data)
        if payment is None:
            return _err("2002")
        if payment["state"] != "Completed":
            return _err("2056")
        if not data.get("trxID") or data["trxID"] != payment["trxID"]:
            return _err("2028")
        if "amount" not in data:
            if self._fire("refund_status_http_500"):
                return Reply(500, {"message": "Internal server error"})
            return self._refund_status(payment)
        self.counters["refunds"] += 1
        amount = _amount(data["amount"], Decimal("0.01"))
        if amount is None:
            return _err("2006")
        if self.now() > payment["executed_at"] + self.config["refund_window_days"] * 86400:
            return _err("2071")
        if self._refundable(payment) <= 0:
            return _err("2034")
        if amount > self._refundable(payment):
            return _err("2026")
        refund = {"paymentID": payment["paymentID"], "originalTrxID": payment["trxID"],
                  "refundTrxID": self._id(10, UPPER), "transactionStatus": "Completed", "amount": data["amount"],
                  "currency": "BDT", "charge": "0.00", "completedTime": bkash_time(self.now()),
                  "sku": data.get("sku"), "reason": data.get("reason")}
        self.refunds.append(refund)
        reply = _ok(**{key: value for key, value in refund.items() if key not in ("paymentID", "sku", "reason")})
        if self._fire("refund_timeout_after_commit"):  # refunded, but the answer comes too late
            reply.sleep = float(self.config["execute_timeout_seconds"])
        return reply

    def _refund_status(self, payment) -> Reply:
        self.counters["refund_queries"] += 1
        refunds = [r for r in self.refunds if r["paymentID"] == payment["paymentID"]]
        if not refunds:
            return _err("2033")
        latest = {key: value for key, value in refunds[-1].items() if key not in ("paymentID", "sku", "reason")}
        return _ok(**latest, refundTransactions=refunds)  # refundTransactions: a simulator extension

    # ---- payment helpers ---------------------------------------------------------------------------------

    def _payment(self, data) -> dict | None:
        payment = self.payments.get(str(data.get("paymentID", "")))
        if payment and payment["state"] in ("Initiated", "Authorised"):
            if self.now() >= payment["created_at"] + self.config["payment_ttl"]:
                payment["state"] = "Expired"
        return payment

    def _initiated(self, payment_id) -> dict:
        payment = self._payment({"paymentID": payment_id})
        if payment is None:
            raise SimError(404, f"unknown paymentID {payment_id}")
        if payment["state"] != "Initiated":
            raise SimError(409, f"payment is {payment['state']}")
        return payment

    def _draw_skew(self, payment) -> None:
        """Mismatch faults fire once per payment; from then on that payment reports the skewed value."""
        skew = payment["skew"]
        if "amount" not in skew and self._fire("amount_mismatch"):
            skew["amount"] = f"{Decimal(payment['amount']) + 1:.2f}"
        if "paymentID" not in skew and self._fire("payment_id_mismatch"):
            skew["paymentID"] = f"TR0011{self._id(7)}{int(payment['created_at'] * 1000)}"
        if "merchantInvoiceNumber" not in skew and self._fire("invoice_mismatch"):
            skew["merchantInvoiceNumber"] = payment["merchantInvoiceNumber"] + "-X"

    def _view(self, payment) -> dict:
        fields = ("paymentID", "amount", "merchantInvoiceNumber")
        return {key: payment["skew"].get(key, payment[key]) for key in fields}

    def _refundable(self, payment) -> Decimal:
        refunded = sum((Decimal(r["amount"]) for r in self.refunds if r["paymentID"] == payment["paymentID"]),
                       Decimal(0))
        return Decimal(payment["amount"]) - refunded

    def _conclude(self, payment, outcome, wallet=DEFAULT_WALLET) -> str:
        payment["state"] = OUTCOME_STATE[outcome]
        if outcome == "success":
            payment["customerMsisdn"] = wallet
        return self._callback_url(payment, outcome)

    def _callback_url(self, payment, status) -> str:
        params = {"paymentID": payment["paymentID"], "status": status, "signature": payment["signature"]}
        if self.config["callback_api_version"]:
            params["apiVersion"] = "1.2.0-beta/"
        callback = payment["callbackURL"]
        return callback + ("&" if "?" in callback else "?") + urlencode(params)

    def _fire(self, name) -> bool:
        """Count down a fault: an int fires that many times, true fires until cleared."""
        value = self.faults.get(name)
        if value is True:
            return True
        if isinstance(value, int) and value > 0:
            self.faults[name] = value - 1
            return True
        return False

    def _id(self, length, alphabet=ALNUM) -> str:
        return "".join(self._rng.choice(alphabet) for _ in range(length))

    def _uuid(self) -> str:
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    # ---- IPN delivery ------------------------------------------------------------------------------------

    def _post_ipn(self, url, envelope, payment_id):
        request = urllib.request.Request(url, data=json.dumps(envelope).encode(), method="POST", headers={
            "Content-Type": "text/plain; charset=UTF-8", "x-amz-sns-message-type": envelope["Type"],
            "x-amz-sns-message-id": envelope["MessageId"], "x-amz-sns-topic-arn": envelope["TopicArn"],
            "User-Agent": "Amazon Simple Notification Service Agent"})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via an http_proxy
        error = None
        try:
            with opener.open(request, timeout=15) as response:
                status = response.status
        except urllib.error.HTTPError as failure:
            status = failure.code
        except OSError as failure:
            status, error = None, str(failure)
        with self._lock:
            self.counters["ipns_sent"] += 1
            self.ipns.append({"paymentID": payment_id, "message_id": envelope["MessageId"], "url": url,
                              "status": status, "error": error, "at": bkash_time(self.now())})
        return status

    def _ipn_quietly(self, payment_id) -> None:
        try:
            self.send_ipn(payment_id)
        except SimError as error:
            with self._lock:
                self.ipns.append({"paymentID": payment_id, "status": None, "error": str(error)})

    # ---- hosted payment page -----------------------------------------------------------------------------

    def _page(self, method, route, query, form) -> Reply:
        if method == "GET" and route == PAGE:
            payment_id, step = query.get("paymentID", ""), None
        elif method == "POST":
            payment_id, _, step = route[len(PAGE):].partition("/")
        else:
            return Reply(404, "<p>Not found</p>")
        with self._lock:
            payment = self._payment({"paymentID": payment_id})
            if payment is None:
                return Reply(404, _page_html(None, "done", "This payment does not exist.", self.config))
            if payment["state"] != "Initiated":
                message = f"This payment is {payment['state'].lower()}."
                return Reply(200, _page_html(payment, "done", message, self.config))
            if step is None:
                return Reply(200, _page_html(payment, payment["page"]["step"], "", self.config))
            return self._page_step(payment, step, form, query)

    def _page_step(self, payment, step, form, query) -> Reply:
        page = payment["page"]
        if step == "cancel":
            return self._redirect(payment, "cancel")
        if step == "outcome":  # no-JS quick outcome for scripts: POST .../outcome?status=success
            status = query.get("status") or form.get("status")
            if status not in OUTCOME_STATE:
                return Reply(400, "<p>status must be success, failure or cancel</p>")
            return self._redirect(payment, status)
        error = ""
        if step == page["step"] == "wallet":
            wallet = form.get("wallet", "").strip()
            if WALLET.match(wallet):
                page.update(step="otp", wallet=wallet)
            else:
                error = "Enter your 11-digit bKash account number (01XXXXXXXXX)."
        elif step == page["step"] == "otp":
            if form.get("otp", "").strip() == OTP:
                page["step"] = "pin"
            else:
                error = "Wrong verification code."
        elif step == page["step"] == "pin":
            if form.get("pin", "").strip() == PIN:
                return self._redirect(payment, "success", page["wallet"])
            page["pin_failures"] += 1
            if page["pin_failures"] >= PIN_TRIES:
                return self._redirect(payment, "failure")
            error = f"Wrong PIN. {PIN_TRIES - page['pin_failures']} attempt(s) left."
        return Reply(200, _page_html(payment, page["step"], error, self.config))

    def _redirect(self, payment, outcome, wallet=DEFAULT_WALLET) -> Reply:
        return Reply(302, b"", {"Location": self._conclude(payment, outcome, wallet), "Content-Type": "text/plain"})


MERCHANT = {"token/grant": Simulator._grant, "token/refresh": Simulator._refresh, "create": Simulator._create,
            "execute": Simulator._execute, "payment/status": Simulator._query,
            "general/searchTransaction": Simulator._search, "payment/refund": Simulator._refund}

STEPS = {  # step: (label, input type, button id, button text)
    "wallet": ("Your bKash account number", "tel", "next", "Confirm"),
    "otp": ("Verification code sent to your phone (sandbox: 123456)", "text", "next", "Confirm"),
    "pin": ("Your bKash PIN (sandbox: 12121)", "password", "pay", "Pay"),
}
STYLE = ("*{box-sizing:border-box}body{margin:0;font:16px/1.4 sans-serif;background:#eee}"
         "main{max-width:420px;margin:0 auto;background:#fff;min-height:100vh;padding-bottom:16px}"
         "header{background:#e2136e;color:#fff;padding:12px 16px}h1{font-size:20px;margin:0}"
         "dl{margin:0;padding:12px 16px;display:grid;grid-template-columns:auto 1fr;gap:4px 12px}"
         "dt{color:#666}dd{margin:0;font-weight:bold;word-break:break-all}form,p{padding:0 16px}"
         "label{display:block;margin:8px 0 4px}input{width:100%;font-size:20px;padding:10px}"
         "button{width:48%;font-size:18px;padding:12px;margin-top:12px}#error{color:#c00}"
         "#pay,#next{background:#e2136e;color:#fff;border:0}")


def _page_html(payment, step, message, config) -> str:
    e = html.escape
    parts = [f'<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
             f'content="width=device-width, initial-scale=1"><title>bKash payment (sandbox)</title>'
             f'<style>{STYLE}</style></head><body><main><header><h1>bKash payment (sandbox simulator)</h1></header>']
    if payment is not None:
        amount = f"{Decimal(payment['amount']):.2f}"
        parts.append(f'<dl><dt>Merchant</dt><dd id="merchant">{e(config["merchant_name"])}</dd>'
                     f'<dt>Amount</dt><dd id="amount">৳ {amount}</dd>'
                     f'<dt>Invoice</dt><dd id="invoice">{e(payment["merchantInvoiceNumber"])}</dd>')
        if payment["page"]["wallet"]:
            parts.append(f'<dt>Account</dt><dd id="account">{e(payment["page"]["wallet"])}</dd>')
        parts.append("</dl>")
    if step == "done":
        parts.append(f'<p id="message">{e(message)}</p>')
    else:
        label, kind, button_id, button = STEPS[step]
        action = f"{PAGE}{quote(payment['paymentID'])}/"
        prefill = payment["payerReference"].strip() if step == "wallet" else ""
        error = f'<p id="error" role="alert">{e(message)}</p>' if message else ""
        parts.append(f'<form method="post" action="{action}{step}"><label for="{step}">{label}</label>'
                     f'<input id="{step}" name="{step}" type="{kind}" inputmode="numeric" autocomplete="off" '
                     f'required value="{e(prefill)}">{error}'
                     f'<button id="{button_id}" type="submit">{button}</button> '
                     f'<button id="cancel" type="submit" formaction="{action}cancel" formnovalidate>Cancel</button>'
                     "</form>")
    parts.append("</main></body></html>")
    return "".join(parts)


def _handler(sim: Simulator, log: bool):
    class Handler(BaseHTTPRequestHandler):
        server_version = "bKashSim/1.0"

        def _serve(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            try:
                reply = sim.handle(self.command, self.path, dict(self.headers), body, self.client_address[0])
            except Exception:  # a simulator bug: say so rather than hang up
                traceback.print_exc()
                reply = Reply(500, {"message": "simulator error"})
            if reply.drop:
                self.close_connection = True
                return
            payload, content_type = reply.encode()
            try:
                self.send_response(reply.status)
                for name, value in {**reply.headers, "Content-Type": content_type}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):  # the caller gave up (e.g. during a timeout fault)
                self.close_connection = True

        do_GET = do_POST = _serve

        def log_message(self, format, *args):
            if log:
                sys.stderr.write(f"bkash-sim {self.address_string()} {format % args}\n")

    return Handler


def serve(host: str = "127.0.0.1", port: int = 8100, log: bool = False, **config):
    """Start the simulator in a daemon thread; port 0 picks a free port (see server.server_address)."""
    sim = Simulator(**config)
    server = ThreadingHTTPServer((host, port), _handler(sim, log))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, name="bkash-sim",
                     daemon=True).start()
    return server, sim


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--ipn-url", default=None, help="merchant IPN endpoint (also POST /_sim/config)")
    parser.add_argument("--seed", type=int, default=None, help="repeatable IDs")
    args = parser.parse_args()
    server, _ = serve(args.host, args.port, log=True, ipn_url=args.ipn_url, seed=args.seed)
    print(f"bKash simulator on http://{args.host}:{server.server_address[1]} (Ctrl-C stops)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
