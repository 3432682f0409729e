"""Several writes as one: a DynamoDB transaction, all or nothing, the one way every store sends one.

Steps are named (`{"society": put, "regno": put, "audit": put}`), so a refusal says which step
failed. A transaction cancelled only because it collided (another transaction on a shared item,
throttling) is tried again after a growing random pause; one whose condition failed is not.

Every try of one logical write carries the same ClientRequestToken: the SDK's own retries (after
a timeout or a 5xx, when the first try may have committed) and ours. DynamoDB answers a token it
has already committed, for 10 minutes, with success and writes nothing again; without it, a
retry of a committed write fails on its own conditions ("already has this registration number").
"""
import random
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from botocore.exceptions import ClientError

from ..domain.errors import Conflict, DomainError

ATTEMPTS = 5
PAUSE_SECONDS = 0.05  # the first pause is at most this; each next one at most twice the last
COLLISIONS = {"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded"}
# Whole-call refusals worth another try: throttling the SDK's own retries did not outlast, and
# an earlier try with this token still in progress (it is answered once that one is done).
BUSY = {"ThrottlingException", "ProvisionedThroughputExceededException", "RequestLimitExceeded",
        "TransactionInProgressException"}
FAILED = "ConditionalCheckFailed"
NO_REASON = "None"


class WriteRefused(Conflict):
    """DynamoDB cancelled the transaction; `by_step` maps each step's name to its reason code
    ("None" for a step that was not the cause)."""

    def __init__(self, by_step: dict[str, str]):
        super().__init__("changed_meanwhile", "Someone changed this meanwhile; reload and try again.",
                         "এর মধ্যে অন্য কেউ পরিবর্তন করেছেন; পুনরায় লোড করে আবার চেষ্টা করুন।")
        self.by_step = by_step

    @property
    def reasons(self) -> list[str]:
        """The reason codes in the order the steps were sent."""
        return list(self.by_step.values())

    @property
    def failed_steps(self) -> list[str]:
        """Names of the steps whose condition did not hold."""
        return [name for name, code in self.by_step.items() if code == FAILED]

    def failed(self, name: str) -> bool:
        return self.by_step.get(name) == FAILED

    @property
    def collided(self) -> bool:
        """Cancelled only by a collision: the same transaction may go through when tried again."""
        codes = set(self.by_step.values())
        return bool(codes & COLLISIONS) and codes <= COLLISIONS | {NO_REASON}


@dataclass(frozen=True)
class Change:
    """Named steps one store built for a change of its records, written inside another store's
    transaction (the order paid, with its payment): its caller never handles DynamoDB's items."""
    steps: dict[str, dict] = field(default_factory=dict)


def together(steps: dict[str, dict], *changes: Change) -> dict[str, dict]:
    """One transaction's steps from several stores' changes."""
    joined = dict(steps)
    for change in changes:
        reused = joined.keys() & change.steps.keys()
        if reused:
            raise ValueError(f"two steps named {sorted(reused)}")
        joined.update(change.steps)
    return joined


def named(steps: Mapping[str, dict] | Sequence[dict]) -> dict[str, dict]:
    """Steps by name; a plain list is named by position ("0", "1" …)."""
    if isinstance(steps, Mapping):
        return dict(steps)
    return {str(index): step for index, step in enumerate(steps)}


def transact(client, steps: Mapping[str, dict] | Sequence[dict], attempts: int = ATTEMPTS,
             failures: Mapping[str, DomainError] | None = None) -> None:
    """Write the steps in one transaction. When a step's condition fails: the error `failures`
    names for that step, else WriteRefused (also when it still collided after `attempts` tries);
    any other error as the SDK raised it."""
    steps = named(steps)
    request = {"TransactItems": list(steps.values()), "ClientRequestToken": str(uuid.uuid4())}
    for attempt in range(attempts):
        last = attempt == attempts - 1
        try:
            client.transact_write_items(**request)
            return
        except ClientError as exc:
            code = exc.response["Error"]["Code"]
            if code == "TransactionCanceledException":
                reasons = [r.get("Code") or NO_REASON for r in exc.response.get("CancellationReasons", [])]
                refused = WriteRefused(dict(zip(steps, reasons)))
                for name, error in (failures or {}).items():
                    if refused.failed(name):
                        raise error from None
                if last or not refused.collided:
                    raise refused from None
            elif last or code not in BUSY:
                raise
        time.sleep(random.uniform(0, PAUSE_SECONDS * 2 ** attempt))
