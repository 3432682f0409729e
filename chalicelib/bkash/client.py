"""A thin, synchronous bKash Tokenized Checkout client (research §1, §3: no PyPI library).

One POST per method, bKash's own paths, headers and JSON; amounts are integer paisa on our
side and "%.2f" strings on bKash's. Every failure is one of the errors in errors.py, chosen by
what the caller must do next. Nothing here retries a request blindly: the only retry is after
an HTTP 401, which means bKash refused the token without processing anything, and it happens
once, with a token the token cache has just renewed.

Nothing logs headers or bodies (they carry tokens and credentials): only path, status, time.

A client can be bounded in time (`within(seconds)`): every call then waits at most what is left,
and one with too little left is not sent (BkashUnavailable: nothing reached bKash). Execute then
query must fit in API Gateway's 29 s together; what does not fit is left to the reconciler.
"""
import copy
import json
import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Protocol

import urllib3
from urllib3.exceptions import ConnectTimeoutError, HTTPError, MaxRetryError

from ..domain.money import amount_string, paisa_of
from ..observability import logger
from .config import BkashConfig
from .errors import (MAINTENANCE, BkashRejected, BkashThrottled, BkashUnauthorized, BkashUnavailable,
                     BkashUnclear)

GRANT = "/tokenized/checkout/token/grant"
REFRESH = "/tokenized/checkout/token/refresh"
CREATE = "/tokenized/checkout/create"
EXECUTE = "/tokenized/checkout/execute"
QUERY = "/tokenized/checkout/payment/status"
SEARCH = "/tokenized/checkout/general/searchTransaction"
REFUND = "/tokenized/checkout/payment/refund"  # v1: refund and refund status share the path

SUCCESS = "0000"
COMPLETED = "Completed"
MIN_CALL_SECONDS = 0.5  # less than this left: the call is not worth sending
# Reused by every client in the process, so a warm Lambda keeps its TLS connection to bKash.
_POOL = urllib3.PoolManager(num_pools=4, maxsize=4, retries=False)


# --- amounts ------------------------------------------------------------------------------

def paisa_to_amount(paisa: int) -> str:
    """12345 → "123.45": what bKash gets (a string, always two decimals)."""
    return amount_string(paisa)


def amount_to_paisa(amount) -> int:
    """bKash's "123.45" / "100" (or a JSON integer) → paisa. ValueError for anything else (a float,
    a sign, an exponent, Bengali digits, three decimals): the caller treats it as not matching."""
    if isinstance(amount, (bool, float)):
        raise ValueError("not an amount")
    return paisa_of(amount)


def _paisa_or_none(amount) -> int | None:
    try:
        return amount_to_paisa(amount)
    except (ValueError, InvalidOperation):
        return None


# --- results ------------------------------------------------------------------------------

@dataclass(frozen=True)
class TokenGrant:
    id_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_in: int = 3600


@dataclass(frozen=True)
class CreateResult:
    payment_id: str
    bkash_url: str
    amount_paisa: int | None  # None: bKash echoed an amount we cannot read (treat as mismatch)
    invoice: str | None
    status: str | None  # transactionStatus, "Initiated"
    raw: dict = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True)
class PaymentResult:
    """execute and query (payment/status) normalised: query's merchantInvoice is `invoice` too."""
    payment_id: str | None
    trx_id: str | None
    amount_paisa: int | None  # None: missing or unreadable (treat as mismatch)
    invoice: str | None
    transaction_status: str | None  # "Completed", "Initiated", "Cancelled", "Expired", ...
    customer_msisdn: str | None
    raw: dict = field(default_factory=dict, repr=False, compare=False)
    executed_at: str | None = None  # paymentExecuteTime as a UTC ISO instant; None if absent or unreadable

    @property
    def completed(self) -> bool:
        return self.transaction_status == COMPLETED and bool(self.trx_id)


@dataclass(frozen=True)
class RefundResult:
    original_trx_id: str | None
    refund_trx_id: str
    amount_paisa: int | None
    transaction_status: str | None
    completed_time: str | None
    raw: dict = field(default_factory=dict, repr=False, compare=False)


class Tokens(Protocol):
    def token(self, force_refresh: bool = False, rejected: str | None = None) -> str: ...


def _text(data: dict, *keys: str) -> str | None:
    for key in keys:
        value = data.get(key)
        if value not in (None, ""):
            return str(value)
    return None


def _payment(data: dict) -> PaymentResult:
    return PaymentResult(
        payment_id=_text(data, "paymentID"), trx_id=_text(data, "trxID"),
        amount_paisa=_paisa_or_none(data.get("amount")),
        invoice=_text(data, "merchantInvoiceNumber", "merchantInvoice"),
        transaction_status=_text(data, "transactionStatus"), customer_msisdn=_text(data, "customerMsisdn"),
        raw=data, executed_at=bkash_instant(_text(data, "paymentExecuteTime")))


_BKASH_TIME = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:[:.](\d{1,3}))? GMT([+-]\d\d)(\d\d)$")


def bkash_instant(text: str | None) -> str | None:
    """bKash's "2026-11-24T17:53:37:268 GMT+0600" -> "2026-11-24T11:53:37.268+00:00" (None if unreadable)."""
    found = _BKASH_TIME.match(text or "")
    if not found:
        return None
    clock, millis, hours, minutes = found.groups()
    offset = timedelta(hours=int(hours), minutes=int(minutes) * (1 if hours[0] == "+" else -1))
    try:
        moment = datetime.fromisoformat(clock).replace(microsecond=int((millis or "0").ljust(3, "0")) * 1000,
                                                       tzinfo=timezone(offset))
    except ValueError:
        return None
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds")


def _refund(data: dict) -> RefundResult:
    refund_trx_id = _text(data, "refundTrxID")
    if not refund_trx_id:
        raise BkashUnclear("no_refund_trx_id", "refund answer without refundTrxID")
    return RefundResult(original_trx_id=_text(data, "originalTrxID"), refund_trx_id=refund_trx_id,
                        amount_paisa=_paisa_or_none(data.get("amount")),
                        transaction_status=_text(data, "transactionStatus"),
                        completed_time=_text(data, "completedTime"), raw=data)


_UNSAFE = re.compile(r"[<>&]")


def _reference(name: str, value: str) -> str:
    if not isinstance(value, str) or not value or len(value) > 255 or _UNSAFE.search(value):
        raise ValueError(f"{name} must be 1-255 characters without < > &")
    return value


# --- the client ---------------------------------------------------------------------------

class BkashClient:
    def __init__(self, config: BkashConfig, tokens: Tokens | None = None, http=None):
        self.config = config
        self.tokens = tokens
        self.http = http or _POOL
        self.timeout = urllib3.Timeout(connect=config.connect_timeout, read=config.read_timeout)
        self.deadline: float | None = None  # time.monotonic() by which every call must have answered

    def within(self, seconds: float) -> "BkashClient":
        """This client, bounded: all its calls from now on answer within `seconds` together."""
        bounded = copy.copy(self)
        bounded.deadline = time.monotonic() + seconds
        return bounded

    # token API (used by the token cache, never by payment code directly)

    def grant(self) -> TokenGrant:
        headers = {"Content-Type": "application/json", "Accept": "application/json",
                   "username": self.config.username, "password": self.config.password}
        body = {"app_key": self.config.app_key, "app_secret": self.config.app_secret}
        return self._token_grant(self._send(GRANT, body, headers))

    def refresh(self, refresh_token: str) -> TokenGrant:
        headers = {"Content-Type": "application/json", "Accept": "application/json",
                   "username": self.config.username, "password": self.config.password}
        body = {"app_key": self.config.app_key, "app_secret": self.config.app_secret,
                "refresh_token": refresh_token}
        return self._token_grant(self._send(REFRESH, body, headers), refresh_token)

    @staticmethod
    def _token_grant(data: dict, old_refresh_token: str = "") -> TokenGrant:
        id_token = _text(data, "id_token")
        if not id_token:
            raise BkashUnclear("no_id_token", "token answer without id_token")
        try:
            expires_in = int(str(data.get("expires_in") or 3600))
        except ValueError:
            expires_in = 3600
        return TokenGrant(id_token=id_token, refresh_token=_text(data, "refresh_token") or old_refresh_token,
                          expires_in=expires_in)

    # payments

    def create(self, amount_paisa: int, invoice: str, callback_url: str, payer_reference: str) -> CreateResult:
        """A checkout (mode 0011) for one attempt; `invoice` must be new for every attempt."""
        if isinstance(amount_paisa, bool) or not isinstance(amount_paisa, int) or amount_paisa < 100:
            raise ValueError("bKash takes at least 1 Taka (100 paisa)")
        body = {"mode": "0011", "payerReference": _reference("payer_reference", payer_reference),
                "callbackURL": callback_url, "amount": paisa_to_amount(amount_paisa), "currency": "BDT",
                "intent": "sale", "merchantInvoiceNumber": _reference("invoice", invoice)}
        data = self._call(CREATE, body)
        payment_id, bkash_url = _text(data, "paymentID"), _text(data, "bkashURL")
        if not payment_id or not bkash_url:
            raise BkashUnclear("no_payment_id", "create answer without paymentID or bkashURL")
        return CreateResult(payment_id=payment_id, bkash_url=bkash_url,
                            amount_paisa=_paisa_or_none(data.get("amount")),
                            invoice=_text(data, "merchantInvoiceNumber", "merchantInvoice"),
                            status=_text(data, "transactionStatus"), raw=data)

    def execute(self, payment_id: str) -> PaymentResult:
        """Moves the money. Duplicate-execute codes raise BkashRejected (.duplicate_execute): query."""
        return _payment(self._call(EXECUTE, {"paymentID": payment_id}))

    def query(self, payment_id: str) -> PaymentResult:
        return _payment(self._call(QUERY, {"paymentID": payment_id}))

    def search(self, trx_id: str) -> dict:
        return self._call(SEARCH, {"trxID": trx_id})

    def refund(self, payment_id: str, trx_id: str, amount_paisa: int, reason: str, sku: str) -> RefundResult:
        """Not idempotent (partial refunds add up): after BkashUnclear, ask refund_status first."""
        if isinstance(amount_paisa, bool) or not isinstance(amount_paisa, int) or amount_paisa <= 0:
            raise ValueError("refund amount must be a positive number of paisa")
        body = {"paymentID": payment_id, "amount": paisa_to_amount(amount_paisa), "trxID": trx_id,
                "sku": sku, "reason": reason}
        return _refund(self._call(REFUND, body))

    def refund_status(self, payment_id: str, trx_id: str) -> RefundResult:
        """The refund made on this payment; BkashRejected if there is none."""
        return _refund(self._call(REFUND, {"paymentID": payment_id, "trxID": trx_id}))

    # plumbing

    def _call(self, path: str, body: dict) -> dict:
        if self.tokens is None:
            raise BkashUnauthorized("no_token", "this client has no token cache")
        token = self.tokens.token()
        try:
            return self._send(path, body, self._headers(token))
        except BkashUnauthorized:
            # bKash refused the token without processing the request: renew once, send once more.
            token = self.tokens.token(force_refresh=True, rejected=token)
            return self._send(path, body, self._headers(token))

    def _headers(self, token: str) -> dict:
        return {"Content-Type": "application/json", "Accept": "application/json",
                "Authorization": token, "X-APP-Key": self.config.app_key}

    def _timeout(self, path: str) -> urllib3.Timeout:
        if self.deadline is None:
            return self.timeout
        left = self.deadline - time.monotonic()
        if left < MIN_CALL_SECONDS:
            logger.warning("bkash POST %s not sent: %.1f s left of the time allowed", path, left)
            raise BkashUnavailable("deadline", "no time left to call bKash")
        return urllib3.Timeout(connect=min(self.config.connect_timeout, left), read=min(self.config.read_timeout, left),
                               total=left)

    def _send(self, path: str, body: dict, headers: dict) -> dict:
        timeout = self._timeout(path)
        started = time.monotonic()
        try:
            response = self.http.request("POST", self.config.base_url + path, body=json.dumps(body).encode(),
                                         headers=headers, timeout=timeout, retries=False, redirect=False)
        except (HTTPError, OSError) as exc:
            reason = exc.reason if isinstance(exc, MaxRetryError) else exc
            elapsed = int((time.monotonic() - started) * 1000)
            logger.warning("bkash POST %s failed after %d ms: %s", path, elapsed, type(reason).__name__)
            if isinstance(reason, (ConnectTimeoutError, ConnectionRefusedError)):
                raise BkashUnavailable("connect", "could not connect to bKash") from None
            raise BkashUnclear("no_answer", f"no complete answer from bKash ({type(reason).__name__})") from None
        logger.info("bkash POST %s -> %s in %d ms", path, response.status, (time.monotonic() - started) * 1000)
        return _interpret(response.status, response.data)


def _interpret(status: int, payload: bytes) -> dict:
    if status == 401:
        raise BkashUnauthorized("401", "bKash refused the token")
    if status == 429:
        raise BkashThrottled("429", "bKash is limiting our calls (or blocked the token API for an hour)")
    if status == 503:
        raise BkashUnavailable(MAINTENANCE, "bKash is unavailable (HTTP 503)")
    if status >= 500:
        raise BkashUnclear(f"http_{status}", f"bKash answered HTTP {status}")
    try:
        data = json.loads(payload.decode("utf-8"), parse_float=Decimal)
    except (UnicodeDecodeError, ValueError):
        data = None
    if not isinstance(data, dict):
        raise BkashUnclear("not_json", f"bKash answered HTTP {status} without a JSON object")
    code = data.get("statusCode", data.get("errorCode"))
    if code is not None:
        code = str(code)
        if code == SUCCESS and status == 200:
            return data
        message = str(data.get("statusMessage") or data.get("errorMessage") or "")[:200]
        if code == MAINTENANCE:
            raise BkashUnavailable(code, message or "bKash is undergoing maintenance")
        if code == SUCCESS:
            raise BkashUnclear(f"http_{status}", f"bKash answered HTTP {status} with statusCode 0000")
        raise BkashRejected(code, message)
    if "message" in data or status != 200:
        # An API Gateway answer in front of bKash: the request may or may not have been processed.
        raise BkashUnclear("gateway", f"bKash gateway answered HTTP {status}")
    return data  # answers without statusCode (some refund and token answers)
