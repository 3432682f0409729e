"""The payment core: pay for something with bKash, credit it exactly once, never lose money.

What a payment pays for is its *purpose* (an order now, a loan instalment later). A purpose
says whether it can still be paid, what crediting it changes (records, written by the stores),
and hears when a payment completed, failed or was refunded. Everything else is here and shared:

- start: the attempt is stored before bKash's create is called, under a fresh invoice number;
- callback (the buyer's browser, a hint only): success claims the attempt, executes, settles;
  cancel or failure asks bKash first, and closes the attempt only if bKash says it is over;
- settle: only from execute's or query's answer, checked against the stored attempt; the
  credit, the trxID guard and the purpose's change are one DynamoDB transaction, so racing
  callbacks, the IPN and the reconciler credit once; a credit that only collided with another
  transaction is tried again, and if it keeps colliding stays open for the reconciler;
- anything unclear (timeout, lost answer) is queried, and left to the reconciler if still unclear;
- money that cannot be credited (mismatch, order no longer payable) is kept as `needs_review`;
- refund: the intent is recorded before bKash is asked; an unclear answer, or an intent left
  from before, is settled by bKash's refund status before any new refund: never two refunds.
"""
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from ..bkash.errors import (DUPLICATE_EXECUTE, BkashError, BkashRejected, BkashThrottled, BkashUnauthorized,
                           BkashUnavailable)
from ..bkash.sns import SnsConfirmationError, SnsSignatureError, confirm_subscription, verify_sns
from ..domain.errors import Conflict, Invalid, NotAllowed, NotFound
from ..domain.jurisdiction import Caller, check_write
from ..domain.payments import (BkashAnswer, Payment, as_dict, judge, move, refund_allowed, refund_dropped,
                               refund_recorded, refund_requested, refund_unsettled)
from ..observability import count, logger
from ..store.payments import WriteRefused

SYSTEM = "system"
LATE_SECONDS = 30 * 60  # a payment still open this long is counted in PaymentsPendingOver30Min
NOT_AUTHORISED = "2060"  # execute before the customer approved (a forged or early callback)

NO_PAYMENT = NotFound("payment_not_found", "No such payment.", "এমন কোনো পেমেন্ট নেই।")
PAYMENT_UNAVAILABLE = Conflict("payment_unavailable", "bKash could not start the payment now; please try again.",
                               "এখন বিকাশ পেমেন্ট শুরু করা যায়নি; অনুগ্রহ করে আবার চেষ্টা করুন।")
REFUND_UNCLEAR = Conflict("refund_unclear", "bKash did not confirm the refund; check again in a few minutes.",
                          "বিকাশ ফেরত নিশ্চিত করেনি; কয়েক মিনিট পরে আবার দেখুন।")
REFUND_UNAVAILABLE = Conflict("refund_unavailable", "bKash cannot be reached just now; try the refund again shortly.",
                              "এখন বিকাশের সাথে যোগাযোগ করা যাচ্ছে না; কিছুক্ষণ পরে আবার ফেরতের চেষ্টা করুন।")
REFUND_IN_PROGRESS = Conflict("refund_in_progress", "A refund of this payment is being made; check again in a minute.",
                              "এই পেমেন্টের একটি ফেরত প্রক্রিয়াধীন; এক মিনিট পরে আবার দেখুন।")
# A refund intent younger than this may still be waiting for bKash's answer (connect 5 s + read 20 s).
REFUND_IN_FLIGHT_SECONDS = 60


class Purpose(Protocol):
    """What a payment pays for. Its service also makes its payments (order_purpose.order_payment): the
    amount, the payer, the office that owns it, and how deposits and sales describe it."""

    def not_payable(self, ref: str) -> str | None:
        """Why it cannot be paid now (already paid, expired, cancelled), or None."""

    def credit(self, payment: Payment, now: str):
        """What crediting `payment` changes in what it pays for, as its store makes it (a store Change,
        written in the payment's own transaction, only if what it pays for is still as read);
        Conflict if it cannot take a payment now."""

    def completed(self, payment: Payment) -> None:
        """After the credit: receipts, notices (must not raise)."""

    def settled_without_credit(self, payment: Payment) -> None:
        """The attempt failed, was cancelled or expired, or needs review."""

    def refunded(self, payment: Payment, amount_paisa: int, now: str) -> None: ...

    def result_page(self, payment: Payment) -> str:
        """The public page, relative to the site, that shows the payer this payment's result."""


@dataclass
class PaymentParts:
    payments: object        # store.payments.Payments
    bkash: object           # bkash.client.BkashClient
    purposes: dict          # purpose name -> Purpose


def _answer(result) -> BkashAnswer:
    return BkashAnswer(payment_id=result.payment_id, transaction_status=result.transaction_status,
                       amount_paisa=result.amount_paisa, invoice=result.invoice, trx_id=result.trx_id,
                       customer_msisdn=getattr(result, "customer_msisdn", None),
                       executed_at=getattr(result, "executed_at", None))


def start(parts: PaymentParts, payment: Payment, callback_url: str, now: str) -> tuple[Payment, str]:
    """Store the attempt, then ask bKash for a payment page; (payment, bkash_url)."""
    parts.payments.add(payment, SYSTEM)
    try:
        created = parts.bkash.create(payment.amount_paisa, payment.id, callback_url, _local_phone(payment.payer_phone))
    except BkashError as exc:
        # Unclear included: the buyer never saw a payment page, so no money can have moved.
        _save(parts, payment, move(payment, "failed", now, problem=f"create_{exc.code or type(exc).__name__}"),
              "create_failed")
        logger.warning("bkash create failed", extra={"attempt": payment.id, "code": exc.code})
        raise PAYMENT_UNAVAILABLE from None
    pending = move(payment, "pending", now, bkash_payment_id=created.payment_id)
    _save(parts, payment, pending, "created")
    return pending, created.bkash_url


def on_callback(parts: PaymentParts, bkash_payment_id: str, status: str, now: str) -> Payment | None:
    """bKash redirected the buyer back. The status is a hint: only execute's or query's answer settles."""
    payment = parts.payments.by_bkash_id(bkash_payment_id) if bkash_payment_id else None
    if payment is None or payment.state != "pending":
        return payment  # unknown, or already being handled: the order page shows where it stands
    if status != "success":
        # Anyone can type status=cancel: bKash says whether the attempt is over (or even completed).
        return query_and_settle(parts, payment, now)
    purpose = parts.purposes[payment.purpose]
    reason = purpose.not_payable(payment.purpose_ref)
    if reason:  # no execute, so no money moves for an order that cannot take it
        return _finish_without_credit(parts, payment, move(payment, "cancelled", now, problem=reason))
    claimed = _claim(parts, payment, now)
    if claimed is None:
        return parts.payments.get(payment.id)  # another request claimed it a moment ago
    return execute(parts, claimed, now)


def _claim(parts: PaymentParts, payment: Payment, now: str) -> Payment | None:
    executing = move(payment, "executing", now)
    try:
        parts.payments.save(payment, executing, SYSTEM, "execute")
    except WriteRefused:
        return None
    return executing


def execute(parts: PaymentParts, payment: Payment, now: str) -> Payment:
    """Execute a claimed payment; on anything unclear, query; still unclear: the reconciler's."""
    try:
        return settle(parts, payment, _answer(parts.bkash.execute(payment.bkash_payment_id)), now)
    except BkashRejected as exc:
        if exc.code == NOT_AUTHORISED:  # the buyer has not approved it: back to waiting
            return _save(parts, payment, move(payment, "pending", now, problem="not_authorised"), "not_authorised")
        if exc.code not in DUPLICATE_EXECUTE:
            return _finish_without_credit(parts, payment, move(payment, "failed", now, problem=f"bkash_{exc.code}"))
    except BkashError as exc:
        logger.warning("bkash execute unclear; querying", extra={"attempt": payment.id, "error": type(exc).__name__})
    return query_and_settle(parts, payment, now)


def query_and_settle(parts: PaymentParts, payment: Payment, now: str) -> Payment:
    try:
        answer = _answer(parts.bkash.query(payment.bkash_payment_id))
    except BkashError as exc:
        logger.warning("bkash query failed; the reconciler will retry", extra={"attempt": payment.id,
                                                                               "error": type(exc).__name__})
        return payment
    return settle(parts, payment, answer, now)


def settle(parts: PaymentParts, payment: Payment, answer: BkashAnswer, now: str) -> Payment:
    verdict = judge(payment, answer)
    if verdict.outcome == "unknown":
        return payment
    if verdict.outcome == "mismatch":
        flagged = move(payment, "needs_review", now, problem=verdict.problem, trx_id=answer.trx_id or None,
                       received_paisa=answer.amount_paisa)
        logger.error("bkash answer does not match the payment", extra={"attempt": payment.id,
                                                                        "problem": verdict.problem})
        return _finish_without_credit(parts, payment, flagged)
    if verdict.outcome != "completed":
        return _finish_without_credit(parts, payment, move(payment, verdict.outcome, now, problem=verdict.problem))
    return _credit(parts, payment, answer, now)


def _credit(parts: PaymentParts, payment: Payment, answer: BkashAnswer, now: str) -> Payment:
    purpose = parts.purposes[payment.purpose]
    completed = move(payment, "completed", now, trx_id=answer.trx_id, completed_at=now,
                     executed_at=answer.executed_at or now, customer_msisdn=answer.customer_msisdn, problem=None)
    try:
        parts.payments.save(payment, completed, SYSTEM, "credit", purpose.credit(completed, now))
    except WriteRefused as refused:
        if refused.collided:  # nothing was written; bKash has the money: the reconciler credits it
            logger.warning("credit kept colliding; left open for the reconciler", extra={"attempt": payment.id})
            return payment
        if refused.failed("payment"):
            return parts.payments.get(payment.id)  # settled meanwhile by a racing request: one credit
        problem = "trx_id_reused" if refused.failed("trx_id") else "not_payable"
        # bKash took the money but the purpose cannot take it (already paid, expired): keep it for refund.
        flagged = move(payment, "needs_review", now, trx_id=answer.trx_id if problem != "trx_id_reused" else None,
                       customer_msisdn=answer.customer_msisdn, problem=problem)
        logger.error("payment completed but not credited", extra={"attempt": payment.id, "problem": problem})
        return _finish_without_credit(parts, payment, flagged)
    except Conflict as exc:  # the purpose refused before any write (e.g. the order expired)
        flagged = move(payment, "needs_review", now, trx_id=answer.trx_id, customer_msisdn=answer.customer_msisdn,
                       problem=exc.code)
        return _finish_without_credit(parts, payment, flagged)
    purpose.completed(completed)
    count("PaymentsCompleted")
    return completed


def _finish_without_credit(parts: PaymentParts, before: Payment, after: Payment) -> Payment:
    try:
        parts.payments.save(before, after, SYSTEM, after.state)
    except WriteRefused:
        return parts.payments.get(before.id)
    parts.purposes[after.purpose].settled_without_credit(after)
    if after.state == "needs_review":
        count("PaymentsFlagged")
    return after


def _save(parts: PaymentParts, before: Payment, after: Payment, action: str, actor: str = SYSTEM) -> Payment:
    parts.payments.save(before, after, actor, action)
    return after


def on_ipn(parts: PaymentParts, message_id: str, message: dict, now: str) -> str:
    """A verified bKash IPN: kept always; it only makes us query bKash, never credits by itself."""
    payment = (_get(parts, message.get("merchantInvoiceNumber")) or
               (parts.payments.by_trx_id(message["trxID"]) if message.get("trxID") else None) or
               (parts.payments.by_bkash_id(message["paymentID"]) if message.get("paymentID") else None))
    if not parts.payments.record_ipn(message_id, message, payment.id if payment else None, now):
        return "duplicate"
    if payment is None:
        logger.error("IPN for no payment of ours; flagged for review", extra={"message_id": message_id})
        count("PaymentsFlagged")
        return "unmatched"
    if payment.open and payment.bkash_payment_id:
        query_and_settle(parts, payment, now)
    return "recorded"


def receive_ipn(parts: PaymentParts, envelope, topic_arn: str, cert_mirror: str, now: str) -> str:
    """What reached the IPN endpoint: a subscription to confirm, or a notification to verify and act on."""
    try:
        if isinstance(envelope, dict) and envelope.get("Type") == "SubscriptionConfirmation":
            confirm_subscription(envelope, topic_arn, mirror=cert_mirror)
            return "subscribed"
        verify_sns(envelope, topic_arn, mirror=cert_mirror)
    except (SnsSignatureError, SnsConfirmationError) as exc:
        raise NotAllowed("invalid_sns_message", f"Rejected: {exc}", "বার্তাটি যাচাই করা যায়নি।") from None
    if envelope["Type"] != "Notification":
        return "ignored"
    try:
        message = json.loads(envelope["Message"])
    except ValueError:
        message = None
    if not isinstance(message, dict):
        raise Invalid("invalid_ipn", "The notification carries no JSON message.", "বার্তাটি সঠিক নয়।")
    return on_ipn(parts, envelope["MessageId"], message, now)


def _get(parts: PaymentParts, attempt_id: str | None) -> Payment | None:
    return parts.payments.get(attempt_id) if attempt_id else None


def reconcile(parts: PaymentParts, stale_before: str, give_up_before: str, now: str) -> dict:
    """Resolve attempts whose outcome is still open: query bKash; expire the abandoned ones; settle
    refunds left unclear by asking bKash's refund status."""
    figures = {"open": 0, "completed": 0, "closed": 0, "still_open": 0, "still_open_over_30_min": 0}
    for payment in parts.payments.open_payments(stale_before):
        figures["open"] += 1
        if payment.state == "created" or not payment.bkash_payment_id:
            after = _finish_without_credit(parts, payment, move(payment, "failed", now, problem="create_unclear"))
        elif payment.state == "executing":
            # Our execute went unanswered or was never made: execute again. bKash refuses a second
            # execute of a completed payment (2062/2117), which sends us to query: safe either way.
            after = execute(parts, payment, now)
        else:
            after = query_and_settle(parts, payment, now)
            if after.open and after.state == "pending" and payment.created_at < give_up_before:
                after = _finish_without_credit(parts, after, move(after, "expired", now, problem="abandoned"))
        figures["completed" if after.state == "completed" else "still_open" if after.open else "closed"] += 1
        if after.open and _seconds_between(payment.created_at, now) > LATE_SECONDS:
            figures["still_open_over_30_min"] += 1
    figures["refunds_settled"] = 0
    for payment in parts.payments.pending_refunds(stale_before):  # a refund nobody came back to
        try:
            settle_refund(parts, payment, SYSTEM, now, in_flight=False)
        except Conflict:
            continue  # bKash still cannot say (or it changed meanwhile): the next run asks again
        figures["refunds_settled"] += 1
    return figures


def refund(parts: PaymentParts, caller: Caller, bkash_payment_id: str, body: dict, now: str) -> Payment:
    """The owning office returns money to the payer (a cancelled order, a flagged payment)."""
    payment = parts.payments.by_bkash_id(bkash_payment_id)
    if payment is None:
        raise NO_PAYMENT
    check_write(caller, payment.upazila_code)
    reason = body.get("reason")
    if not isinstance(reason, str) or not 3 <= len(reason.strip()) <= 255:
        raise Invalid("reason_required", "Give the reason for the refund (3 to 255 characters).",
                      "ফেরতের কারণ লিখুন (৩ থেকে ২৫৫ অক্ষর)।")
    amount = body.get("amount_paisa", payment.paid_paisa - payment.refunded_paisa)
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise Invalid("invalid_amount", "amount_paisa must be a whole number of paisa.", "টাকার পরিমাণ পয়সায় পূর্ণসংখ্যা দিন।")
    return refund_payment(parts, payment, amount, reason.strip(), caller.username, now)


def refund_payment(parts: PaymentParts, payment: Payment, amount: int, reason: str, actor: str, now: str) -> Payment:
    """Return `amount` of a payment to its payer, at most once per request, never twice at bKash."""
    if payment.refund_pending_paisa is not None:
        payment, found = settle_refund(parts, payment, actor, now)
        if found:
            return payment  # the refund asked for before was made: that is this request's answer
    problem = refund_allowed(payment, amount)
    if problem == "refund_amount":
        raise Invalid("refund_amount", "The refund must be more than 0 and at most what is left of the payment.",
                      "ফেরতের পরিমাণ শূন্যের বেশি এবং পরিশোধিত অবশিষ্ট টাকার বেশি হতে পারবে না।")
    if problem:
        raise Conflict("not_refundable", "Only a completed payment can be refunded.",
                       "কেবল সম্পন্ন পেমেন্ট ফেরত দেওয়া যায়।")
    claimed = refund_intent(parts, payment, amount, reason, actor, now)
    try:
        result = parts.bkash.refund(claimed.bkash_payment_id, claimed.trx_id, amount, reason, claimed.purpose_ref)
    except BkashRejected as exc:
        _save(parts, claimed, refund_dropped(claimed, now), "refund_refused", actor)
        raise Conflict("refund_refused", f"bKash refused the refund ({exc.code}: {exc.message}).",
                       f"বিকাশ ফেরত গ্রহণ করেনি ({exc.code})।") from None
    except (BkashUnavailable, BkashUnauthorized, BkashThrottled):  # nothing reached bKash
        _save(parts, claimed, refund_dropped(claimed, now), "refund_not_sent", actor)
        raise REFUND_UNAVAILABLE from None
    except BkashError:  # it may have been made: bKash's refund status says
        try:
            after, found = settle_refund(parts, claimed, actor, now, in_flight=False)
        except Conflict:
            _save(parts, claimed, refund_unsettled(claimed, now), "refund_unclear", actor)
            raise
        if not found:
            raise REFUND_UNCLEAR from None  # bKash says it made none: the officer may ask again
        return after
    return _record_refund(parts, claimed, amount, result.refund_trx_id, actor, now)


def refund_intent(parts: PaymentParts, payment: Payment, amount: int, reason: str, actor: str, now: str) -> Payment:
    """Record that a refund of `amount` is about to be asked of bKash (one at a time per payment)."""
    claimed = refund_requested(payment, amount, now)
    try:
        parts.payments.save(payment, claimed, actor, "refund_requested")
    except WriteRefused:
        raise REFUND_IN_PROGRESS from None
    logger.info("refund requested", extra={"attempt": payment.id, "amount_paisa": amount, "reason": reason[:60]})
    return claimed


def settle_refund(parts: PaymentParts, payment: Payment, actor: str, now: str,
                  in_flight: bool = True) -> tuple[Payment, bool]:
    """A refund intent whose outcome we do not know: (payment, whether bKash had made it), after
    asking bKash's refund status. An intent that may still be waiting for bKash's answer is left
    alone (REFUND_IN_PROGRESS); when bKash cannot say, it stays (REFUND_UNCLEAR)."""
    if in_flight and _seconds_between(payment.refund_pending_since, now) < REFUND_IN_FLIGHT_SECONDS:
        raise REFUND_IN_PROGRESS
    try:
        status = parts.bkash.refund_status(payment.bkash_payment_id, payment.trx_id)
    except BkashRejected:
        status = None  # bKash has no refund of this payment
    except BkashError:
        logger.warning("refund status unclear; the refund intent is kept", extra={"attempt": payment.id})
        raise REFUND_UNCLEAR from None
    if status is None or status.refund_trx_id in payment.refund_trx_ids:  # none, or only ones we have
        return _save(parts, payment, refund_dropped(payment, now), "refund_not_made", actor), False
    amount = status.amount_paisa or payment.refund_pending_paisa
    return _record_refund(parts, payment, amount, status.refund_trx_id, actor, now), True


def _record_refund(parts: PaymentParts, payment: Payment, amount: int, refund_trx_id: str, actor: str,
                   now: str) -> Payment:
    after = refund_recorded(payment, amount, refund_trx_id, now)
    try:
        parts.payments.save(payment, after, actor, "refund")
    except WriteRefused:
        current = parts.payments.get(payment.id)
        if refund_trx_id in current.refund_trx_ids:
            return current  # recorded meanwhile by a request that asked bKash's refund status
        logger.error("refund made at bKash but not recorded", extra={"attempt": payment.id,
                                                                      "refund_trx_id": refund_trx_id})
        raise Conflict("refund_unrecorded", "The refund was made but could not be recorded; tell the administrator.",
                       "ফেরত দেওয়া হয়েছে কিন্তু লিপিবদ্ধ করা যায়নি; প্রশাসককে জানান।") from None
    parts.purposes[after.purpose].refunded(after, amount, now)
    return after


def _seconds_between(start: str | None, end: str) -> float:
    if not start:
        return float("inf")
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def _local_phone(phone: str) -> str:
    """+8801712345678 -> 01712345678 (pre-fills the wallet on bKash's page)."""
    return "0" + phone.removeprefix("+880") if phone.startswith("+880") else phone


def view(payment: Payment) -> dict:
    values = as_dict(payment)
    values.pop("payer_phone", None)
    values.pop("customer_msisdn", None)
    return values
