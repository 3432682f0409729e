"""A payment is one bKash attempt to pay for something (an order now, a loan instalment later).

    created ──create ok──► pending ──callback: success──► executing ──execute/query: Completed──► completed
       │                     │  └─callback: failure / cancel─► failed / cancelled                 │
       └─create refused─► failed     └─never finished, window over─► expired            refund ──► refunded

A payment settles only from what bKash's execute or query answer says, after checking that
the answer is about this payment: same paymentID, same invoice, same amount, a trxID. Money
that reached us but cannot be credited (a mismatch, or an order no longer payable) puts the
payment in `needs_review`: recorded, flagged, refunded by an officer, never dropped.

A refund is not idempotent at bKash (partial refunds add up), so it is asked for in two steps:
the intent is recorded on the payment first (`refund_pending_paisa`), then bKash is called.
While an intent is there, no new refund is asked for: bKash's refund status settles it first.
"""
from dataclasses import asdict, dataclass, replace

STATES = ("created", "pending", "executing", "completed", "failed", "cancelled", "expired", "refunded",
          "needs_review")
OPEN_STATES = ("created", "pending", "executing")  # the outcome is not known yet: the reconciler looks
REFUNDABLE = ("completed", "needs_review")
# What the IPN endpoint did with a message: confirmed the subscription, ignored another kind of message,
# recorded a notification (and asked bKash), saw it again, or found no payment of ours for it (flagged).
IPN_RESULTS = ("subscribed", "ignored", "recorded", "duplicate", "unmatched")
TRANSITIONS = {
    "created": {"pending", "failed"},
    # a query or an IPN may find a pending payment completed before our execute call claimed it
    "pending": {"executing", "completed", "needs_review", "failed", "cancelled", "expired"},
    "executing": {"completed", "failed", "needs_review", "pending", "cancelled", "expired"},
    "completed": {"refunded"},
    "needs_review": {"refunded"},
}
FAILED_STATUSES = {"Cancelled": "cancelled", "Expired": "expired", "Declined": "failed", "Failed": "failed"}
PURPOSES = ("order", "loan_instalment", "loan_collection")  # what a payment can pay for


class IllegalTransition(ValueError):
    pass


@dataclass(frozen=True)
class Payment:
    id: str                      # our attempt id, sent to bKash as merchantInvoiceNumber
    purpose: str                 # one of PURPOSES: "order" or "loan_instalment"
    purpose_ref: str             # which one: the order's invoice number, the loan's id
    amount_paisa: int
    payer_phone: str
    upazila_code: str            # the office that owns what is paid for
    society_id: str
    created_at: str
    state: str = "created"
    bkash_payment_id: str | None = None
    trx_id: str | None = None
    customer_msisdn: str | None = None
    completed_at: str | None = None   # when we credited it
    executed_at: str | None = None    # when bKash moved the money (its paymentExecuteTime): what a ledger is valued at
    updated_at: str | None = None
    problem: str | None = None   # why it needs review, or why it failed
    refunded_paisa: int = 0
    refund_trx_ids: tuple = ()
    received_paisa: int | None = None  # what bKash says it took, when that differs from amount_paisa
    refund_pending_paisa: int | None = None  # a refund asked of bKash whose outcome is not recorded yet
    refund_pending_since: str | None = None  # set while a request waits for bKash's answer to it
    # How its purpose describes it, for deposits and sales (no report joins back to what was paid for):
    item_id: str = ""            # what is paid for: the product (a loan, later)
    item_bn: str = ""
    item_en: str = ""
    quantity: int = 1
    payee_bn: str = ""           # who it is paid to: the society
    payee_en: str = ""
    version: int = 1

    @property
    def paid_paisa(self) -> int:
        """What the payer actually paid: the most a refund can return."""
        return self.amount_paisa if self.received_paisa is None else self.received_paisa

    @property
    def open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def credited(self) -> bool:
        return self.state in ("completed", "refunded") and self.trx_id is not None


def move(payment: Payment, state: str, now: str, **changes) -> Payment:
    if state not in TRANSITIONS.get(payment.state, ()):
        raise IllegalTransition(f"{payment.state} -> {state}")
    return replace(payment, state=state, updated_at=now, version=payment.version + 1, **changes)


@dataclass(frozen=True)
class BkashAnswer:
    """What execute or query said about a payment (amounts already in paisa; None if unreadable)."""
    payment_id: str | None
    transaction_status: str | None
    amount_paisa: int | None
    invoice: str | None
    trx_id: str | None
    customer_msisdn: str | None = None
    executed_at: str | None = None  # bKash's execution time (UTC ISO), when it said


@dataclass(frozen=True)
class Verdict:
    outcome: str          # "completed" | "mismatch" | "failed" | "cancelled" | "expired" | "unknown"
    problem: str | None = None


def judge(payment: Payment, answer: BkashAnswer) -> Verdict:
    """What bKash's answer means for this payment. Only a matching Completed answer credits."""
    status = answer.transaction_status
    if status == "Completed":
        if answer.payment_id != payment.bkash_payment_id:
            return Verdict("mismatch", "payment_id_mismatch")
        if answer.invoice != payment.id:
            return Verdict("mismatch", "invoice_mismatch")
        if answer.amount_paisa != payment.amount_paisa:
            return Verdict("mismatch", "amount_mismatch")
        if not answer.trx_id:
            return Verdict("unknown", "no_trx_id")
        return Verdict("completed")
    if status in FAILED_STATUSES:
        return Verdict(FAILED_STATUSES[status], f"bkash_{status.lower()}")
    return Verdict("unknown")  # Initiated, Authorized, missing: not settled yet


def refundable(state: str, trx_id: str | None) -> bool:
    """Whether money of a payment in this state can be sent back at all."""
    return state in REFUNDABLE and bool(trx_id)


def refund_allowed(payment: Payment, amount_paisa: int) -> str | None:
    """Why this refund cannot be made, or None."""
    if not refundable(payment.state, payment.trx_id):
        return "not_refundable"
    if amount_paisa <= 0 or amount_paisa > payment.paid_paisa - payment.refunded_paisa:
        return "refund_amount"
    return None


def refund_requested(payment: Payment, amount_paisa: int, now: str) -> Payment:
    """The payment with a refund intent recorded (before bKash is asked to refund)."""
    return replace(payment, refund_pending_paisa=amount_paisa, refund_pending_since=now, updated_at=now,
                   version=payment.version + 1)


def refund_recorded(payment: Payment, amount_paisa: int, refund_trx_id: str, now: str) -> Payment:
    """The payment with a refund bKash made: counted once per refundTrxID, its intent cleared;
    `refunded` once nothing is left."""
    if refund_trx_id in payment.refund_trx_ids:
        return replace(payment, refund_pending_paisa=None, refund_pending_since=None, updated_at=now,
                       version=payment.version + 1)
    refunded = payment.refunded_paisa + amount_paisa
    changes = dict(refunded_paisa=refunded, refund_trx_ids=payment.refund_trx_ids + (refund_trx_id,),
                   refund_pending_paisa=None, refund_pending_since=None)
    if refunded >= payment.paid_paisa and payment.state != "refunded":
        return replace(move(payment, "refunded", now), **changes)
    return replace(payment, **changes, updated_at=now, version=payment.version + 1)


def refund_unsettled(payment: Payment, now: str) -> Payment:
    """The request that asked for the refund gave up without knowing: the intent stays, for bKash's
    refund status to settle, and nobody is waiting for it any more."""
    return replace(payment, refund_pending_since=None, updated_at=now, version=payment.version + 1)


def refund_dropped(payment: Payment, now: str) -> Payment:
    """The intent cleared: bKash made no such refund."""
    return replace(payment, refund_pending_paisa=None, refund_pending_since=None, updated_at=now,
                   version=payment.version + 1)


def as_dict(payment: Payment) -> dict:
    values = asdict(payment)
    values["refund_trx_ids"] = list(payment.refund_trx_ids)
    return values


def from_dict(values: dict) -> Payment:
    known = {k: v for k, v in values.items() if k in Payment.__dataclass_fields__}
    for name in ("amount_paisa", "refunded_paisa", "received_paisa", "refund_pending_paisa", "quantity", "version"):
        if known.get(name) is not None:
            known[name] = int(known[name])
    known["refund_trx_ids"] = tuple(known.get("refund_trx_ids") or ())
    return Payment(**known)
