"""The bKash id_token, shared by every Lambda through one DynamoDB item (research §1.7).

bKash blocks a merchant for an hour after more than two grant/refresh calls in an hour, so
cold starts must not each fetch a token. One item per app key holds the token:

    {pk: "BKASH_TOKEN#<app_key>", id_token, refresh_token, expires_at, refresh_token_expires_at,
     token_calls: [epoch seconds of grant/refresh calls in the last hour], blocked_until?,
     lock_until?, lock_owner?, renewed_at, renewed_by: "grant" | "refresh"}

A caller uses the stored token while it has more than five minutes left. Otherwise it takes a
lock with a conditional update, renews (refresh while the refresh token lasts, grant when there
is none or bKash rejects it), writes the new token and releases the lock in one update. A caller
that loses the race keeps using the old token if it is still valid, else polls a few seconds
for the winner's token; it never calls bKash itself. Calls stay within `calls_per_hour` (2): a
third is refused here rather than earning an hour's block from bKash.

The table is any boto3 Table resource whose key is the string attribute `pk` (the payments
table). Each process also keeps the token in memory so warm calls cost no DynamoDB read.
Tokens are never logged.
"""
import threading
import time
import uuid

from ..observability import logger
from ..store.aws import conditional, written
from ..store.items import plain
from .client import TokenGrant
from .errors import BkashRejected, BkashThrottled, BkashUnauthorized, BkashUnavailable

HOUR = 3600
MARGIN_SECONDS = 300  # renew when less than this is left
LOCK_SECONDS = 60  # a refresh and a grant, each connect 5 s + read 20 s, fit inside
WAIT_SECONDS = 3.0  # how long a caller that lost the lock waits for the winner's token
POLL_SECONDS = 0.1
CALLS_PER_HOUR = 2
# How long we trust a refresh token (bKash: "at most 28 days", UNVERIFIED; 7 days is cautious,
# and a grant when it lapses costs one call, the same as a refresh).
REFRESH_TOKEN_SECONDS = 7 * 86400


class TokenCache:
    def __init__(self, table, client_factory, app_key: str, now=time.time, sleep=time.sleep, *,
                 margin: float = MARGIN_SECONDS, lock_seconds: int = LOCK_SECONDS,
                 wait_seconds: float = WAIT_SECONDS, calls_per_hour: int = CALLS_PER_HOUR,
                 refresh_token_seconds: int = REFRESH_TOKEN_SECONDS):
        self.table = table
        self.client_factory = client_factory  # () -> object with grant() and refresh(refresh_token)
        self.key = {"pk": f"BKASH_TOKEN#{app_key}"}
        self.now = now
        self.sleep = sleep
        self.margin = margin
        self.lock_seconds = lock_seconds
        self.wait_seconds = wait_seconds
        self.calls_per_hour = calls_per_hour
        self.refresh_token_seconds = refresh_token_seconds
        self._memory: tuple[str, float] | None = None  # (id_token, expires_at) in this process
        self._lock = threading.Lock()

    def token(self, force_refresh: bool = False, rejected: str | None = None) -> str:
        """A valid id_token. force_refresh: the token last handed out (or `rejected`) was refused."""
        memory = self._memory
        if force_refresh and rejected is None and memory:
            rejected = memory[0]
        if self._fresh(memory, rejected):
            return memory[0]
        with self._lock:  # threads of one process renew one at a time
            if self._fresh(self._memory, rejected):
                return self._memory[0]
            return self._shared(force_refresh, rejected)

    # --- internals ----------------------------------------------------------------------

    def _fresh(self, memory, rejected) -> bool:
        return bool(memory) and memory[0] != rejected and memory[1] - self.now() > self.margin

    def _usable(self, item: dict, rejected: str | None, margin: float) -> bool:
        token = item.get("id_token")
        return bool(token) and token != rejected and item.get("expires_at", 0) - self.now() > margin

    def _remember(self, item: dict) -> str:
        self._memory = (item["id_token"], item["expires_at"])
        return item["id_token"]

    def _read(self) -> dict:
        return plain(self.table.get_item(Key=self.key, ConsistentRead=True).get("Item") or {})

    def _shared(self, force_refresh: bool, rejected: str | None) -> str:
        deadline = self.now() + self.wait_seconds
        while True:
            item = self._read()
            if force_refresh and rejected is None:
                rejected = item.get("id_token") or ""
            if self._usable(item, rejected, self.margin):
                return self._remember(item)
            if item.get("blocked_until", 0) > self.now():
                if self._usable(item, rejected, 0):
                    return self._remember(item)
                raise BkashThrottled("token_blocked", "the bKash token API is blocked for now")
            locked = self._try_lock()
            if locked is not None:
                return self._renew(*locked, rejected)
            # Someone else is renewing. The old token, while it lasts, is as good as theirs.
            if self._usable(item, rejected, 0):
                return self._remember(item)
            if self.now() >= deadline:
                raise BkashUnavailable("token_busy", "another process is renewing the bKash token")
            self.sleep(POLL_SECONDS)

    def _try_lock(self) -> tuple[str, dict] | None:
        owner, now = uuid.uuid4().hex, int(self.now())
        locked = conditional(
            self.table.update_item, Key=self.key, UpdateExpression="SET lock_until = :until, lock_owner = :owner",
            ConditionExpression="attribute_not_exists(lock_until) OR lock_until < :now",
            ExpressionAttributeValues={":until": now + self.lock_seconds, ":owner": owner, ":now": now},
            ReturnValues="ALL_NEW")
        return None if locked is None else (owner, plain(locked["Attributes"]))

    def _renew(self, owner: str, item: dict, rejected: str | None) -> str:
        started = self.now()
        if self._usable(item, rejected, self.margin):  # renewed between our read and our lock
            self._release(owner)
            return self._remember(item)
        calls = [t for t in item.get("token_calls") or [] if t > started - HOUR]
        refresh_token = item.get("refresh_token") or ""
        client = self.client_factory()
        dead_refresh_token = False  # bKash refused it: never try it again
        try:
            grant, kind = None, "refresh"
            if refresh_token and item.get("refresh_token_expires_at", 0) > started:
                self._spend(calls)
                try:
                    grant = client.refresh(refresh_token)
                except (BkashRejected, BkashUnauthorized) as exc:
                    dead_refresh_token = True
                    logger.warning("bkash token refresh rejected (%s); granting a new token", exc.code)
            if grant is None:
                self._spend(calls)
                grant, kind = client.grant(), "grant"
        except BkashThrottled as exc:
            blocked = None if exc.code == "token_budget" else int(self.now()) + HOUR
            self._release(owner, calls, blocked, dead_refresh_token)
            logger.warning("bkash token API throttled (%s)", exc.code)
            if self._usable(item, rejected, 0):
                return self._remember(item)
            raise
        except Exception:
            self._release(owner, calls, forget_refresh_token=dead_refresh_token)
            raise
        logger.info("bkash token renewed by %s", kind)
        if not grant.refresh_token and not dead_refresh_token:
            grant = TokenGrant(grant.id_token, refresh_token, grant.expires_in)  # keep the one we have
        new = {"id_token": grant.id_token, "expires_at": int(started) + int(grant.expires_in)}
        if kind == "grant":
            refresh_expires = int(started) + self.refresh_token_seconds
        else:  # a refreshed token lives no longer than the grant it came from
            refresh_expires = item.get("refresh_token_expires_at", 0)
        stored = written(
            self.table.update_item, Key=self.key,
            UpdateExpression="SET id_token = :t, refresh_token = :r, expires_at = :e, "
                             "refresh_token_expires_at = :re, token_calls = :c, renewed_at = :now, "
                             "renewed_by = :kind REMOVE lock_until, lock_owner, blocked_until",
            ConditionExpression="lock_owner = :owner",
            ExpressionAttributeValues={
                ":t": grant.id_token, ":r": grant.refresh_token or "", ":e": new["expires_at"],
                ":re": refresh_expires, ":c": calls, ":now": int(started), ":kind": kind, ":owner": owner})
        if not stored:  # our lock ran out and someone else holds it: our token is still good, use it
            logger.warning("bkash token lock expired before the new token was stored")
        return self._remember(new)

    def _spend(self, calls: list[int]) -> None:
        if len(calls) >= self.calls_per_hour:
            raise BkashThrottled("token_budget", "no grant/refresh calls left this hour")
        calls.append(int(self.now()))

    def _release(self, owner: str, calls: list[int] | None = None, blocked_until: int | None = None,
                 forget_refresh_token: bool = False) -> None:
        sets, values, removes = [], {":owner": owner}, ["lock_until", "lock_owner"]
        if forget_refresh_token:
            removes.append("refresh_token")
        if calls is not None:
            sets.append("token_calls = :c")
            values[":c"] = calls
        if blocked_until is not None:
            sets.append("blocked_until = :b")
            values[":b"] = blocked_until
        expression = ("SET " + ", ".join(sets) + " " if sets else "") + "REMOVE " + ", ".join(removes)
        written(self.table.update_item, Key=self.key, UpdateExpression=expression,
                ConditionExpression="lock_owner = :owner", ExpressionAttributeValues=values)
