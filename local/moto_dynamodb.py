"""DynamoDB's ClientRequestToken on moto, which ignores it (moto 5).

DynamoDB answers a TransactWriteItems whose token it committed in the last 10 minutes with success
and writes nothing again (IdempotentParameterMismatchException if the items differ), and one whose
token is still being worked on with TransactionInProgressException. moto runs every request anew,
so the SDK's retry of a transaction that committed but answered late (a read timeout on a busy
machine: moto's transactions copy whole tables and slow down as they grow) failed on its own writes,
e.g. "Another society in this district already has this registration number".

moto's transactions also restore those whole-table copies when one fails, which would undo another
transaction written meanwhile: here they run one at a time.

The local stack's moto server (local/moto_server.py) and the tests that need it install this.
"""
import hashlib
import json
import threading
import time

from moto.core.responses import ActionResult
from moto.dynamodb.exceptions import DynamodbException
from moto.dynamodb.responses import DynamoHandler

WINDOW_SECONDS = 600
ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#"


class _Refused(DynamodbException):
    def __init__(self, code: str, message: str):
        super().__init__(ERROR_PREFIX + code, message)


class Tokens:
    """Tokens of committed transactions (with what they wrote) and of those under way."""

    def __init__(self):
        self.committed: dict[str, tuple[str, float]] = {}
        self.running: set[str] = set()
        self.lock = threading.Lock()
        self.one_at_a_time = threading.Lock()

    def start(self, token: str, fingerprint: str) -> bool:
        """True if the transaction is to run; False if it committed already (answer success)."""
        with self.lock:
            now = time.monotonic()
            self.committed = {t: c for t, c in self.committed.items() if now - c[1] < WINDOW_SECONDS}
            if token in self.committed:
                if self.committed[token][0] != fingerprint:
                    raise _Refused("IdempotentParameterMismatchException",
                                   "The request uses the same client token as a previous, but non-identical request.")
                return False
            if token in self.running:
                raise _Refused("TransactionInProgressException",
                               "The transaction with the given request token is already in progress.")
            self.running.add(token)
            return True

    def end(self, token: str, fingerprint: str | None) -> None:
        with self.lock:
            self.running.discard(token)
            if fingerprint is not None:
                self.committed[token] = (fingerprint, time.monotonic())


TOKENS = Tokens()
_moto_transact = DynamoHandler.transact_write_items


def _transact_write_items(handler: DynamoHandler):
    token = handler.body.get("ClientRequestToken")
    if not token:
        with TOKENS.one_at_a_time:
            return _moto_transact(handler)
    fingerprint = hashlib.sha256(json.dumps(handler.body["TransactItems"], sort_keys=True).encode()).hexdigest()
    if not TOKENS.start(token, fingerprint):
        return ActionResult({"ConsumedCapacity": [], "ItemCollectionMetrics": {}})
    committed = None
    try:
        with TOKENS.one_at_a_time:
            result = _moto_transact(handler)
        committed = fingerprint
    finally:
        TOKENS.end(token, committed)
    return result


def honour_client_request_tokens() -> None:
    DynamoHandler.transact_write_items = _transact_write_items


def ignore_client_request_tokens() -> None:
    """moto as it is (for tests that show what the tokens change)."""
    DynamoHandler.transact_write_items = _moto_transact
