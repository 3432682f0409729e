"""The payment core's promises under collisions, unclear refunds, cancel callbacks and a slow bKash.

Each test here failed before its fix (issue 16, section 3).
"""
import time
from datetime import datetime, timedelta, timezone

import pytest
from botocore.exceptions import ClientError

from .payment_fixtures import bkash_server, shop, sim  # noqa: F401,F811 (fixtures)


def credits(invoice_no) -> list:
    from chalicelib.store.payments import Payments
    return [p for p in Payments().for_purpose("order", invoice_no) if p.state in ("completed", "refunded")]


def attempts(invoice_no) -> list:
    from chalicelib.store.payments import Payments
    return Payments().for_purpose("order", invoice_no)


def reconcile(minutes_later=3):
    from chalicelib.handlers.payments import reconcile_once
    return reconcile_once(datetime.now(timezone.utc) + timedelta(minutes=minutes_later))


class Collisions(list):
    """The cancellation reasons DynamoDB gave, one list per refused transaction; `times` left to refuse."""
    times = 0


def collide_credits(monkeypatch, times: int) -> Collisions:
    """DynamoDB cancels the next `times` credit transactions (the one that marks an attempt completed) with
    TransactionConflict on the order, as when another transaction writes the same item at that moment."""
    from chalicelib.store import aws
    client = aws.dynamodb().meta.client
    real, refused = client.transact_write_items, Collisions()
    refused.times = times

    def transact_write_items(**request):
        steps = request["TransactItems"]
        items = [s.get("Put", {}).get("Item", {}) for s in steps]
        crediting = any(i.get("pk", "").startswith("ATTEMPT#") and i.get("state") == "completed" for i in items)
        if crediting and len(refused) < refused.times:
            reasons = [{"Code": "TransactionConflict" if i.get("pk", "").startswith("ORDER#") else "None"}
                       for i in items]
            refused.append(reasons)
            raise ClientError({"Error": {"Code": "TransactionCanceledException",
                                         "Message": "Transaction cancelled, please refer cancellation reasons"},
                               "CancellationReasons": reasons}, "TransactWriteItems")
        return real(**request)

    monkeypatch.setattr(client, "transact_write_items", transact_write_items)
    return refused


# --- a credit that only collided is retried, never flagged -----------------------------------------

def test_a_credit_that_collided_once_is_retried_and_the_order_is_paid(shop, monkeypatch):
    order = shop.order()
    started = shop.pay(order["invoice_no"])
    refused = collide_credits(monkeypatch, times=1)
    shop.callback(shop.approve(started["payment_id"]))
    assert len(refused) == 1
    status, seen = shop.status(order["invoice_no"])
    assert (seen["status"], seen["payment_status"]) == ("paid", "completed")
    assert len(credits(order["invoice_no"])) == 1
    assert [p.state for p in attempts(order["invoice_no"])] == ["completed"]


def test_a_credit_that_keeps_colliding_stays_open_for_the_reconciler_never_flagged(shop, monkeypatch, as_user):
    order = shop.order()
    started = shop.pay(order["invoice_no"])
    refused = collide_credits(monkeypatch, times=1000)
    shop.callback(shop.approve(started["payment_id"]))
    assert refused  # it was tried, and only collided
    [payment] = attempts(order["invoice_no"])
    assert payment.open and payment.state != "needs_review" and payment.problem is None
    assert shop.status(order["invoice_no"])[1]["payment_status"] == "pending"
    assert as_user("uco.demo").get("/api/payments/flagged")[1]["items"] == []
    refused.times = 0  # the collisions stop: the reconciler credits it
    assert reconcile()["completed"] == 1
    assert shop.status(order["invoice_no"])[1]["status"] == "paid"
    assert len(credits(order["invoice_no"])) == 1


# --- a refund whose answer was unclear: refund status first, never two refunds -------------------------

def paid_order(shop, quantity=2):
    order = shop.order(quantity)
    started = shop.pay(order["invoice_no"])
    shop.callback(shop.approve(started["payment_id"]))
    assert shop.status(order["invoice_no"])[1]["status"] == "paid"
    return order, started


def test_a_refund_answered_too_late_is_found_by_refund_status(shop, as_user):
    order, started = paid_order(shop)
    shop.sim.set_faults(refund_timeout_after_commit=1)
    status, refunded = as_user("uco.demo").post(f"/api/payments/{started['payment_id']}/refund",
                                                {"reason": "ক্রেতা বাতিল করেছেন / buyer cancelled"})
    assert status == 200, refunded
    assert refunded["state"] == "refunded" and refunded["refunded_paisa"] == 190000
    assert len(refunded["refund_trx_ids"]) == 1
    assert len(shop.sim.state()["refunds"]) == 1
    assert shop.sim.state()["counters"]["refund_queries"] >= 1


def test_an_officer_trying_again_after_an_unclear_refund_never_refunds_twice(shop, as_user):
    order, started = paid_order(shop)
    uco = as_user("uco.demo")
    path, body = f"/api/payments/{started['payment_id']}/refund", {"reason": "আংশিক ফেরত / part", "amount_paisa": 50000}
    shop.sim.set_faults(refund_timeout_after_commit=1, refund_status_http_500=1)
    status, unclear = uco.post(path, body)
    assert status == 409 and unclear["error"]["code"] == "refund_unclear"
    status, again = uco.post(path, body)  # the officer tries again: bKash is asked first, and it had refunded
    assert status == 200, again
    assert again["refunded_paisa"] == 50000 and len(again["refund_trx_ids"]) == 1
    assert len(shop.sim.state()["refunds"]) == 1
    status, third = uco.post(path, body)  # a real second refund is still possible, once asked for again
    assert status == 200 and third["refunded_paisa"] == 100000
    assert len(shop.sim.state()["refunds"]) == 2


def test_a_refund_bkash_never_made_can_be_made_after_asking(shop, as_user):
    order, started = paid_order(shop)
    shop.sim.set_faults(refund_status_http_500=1)
    from chalicelib.bootstrap import payment_parts
    from chalicelib.services import payments
    parts = payment_parts()
    payment = parts.payments.by_bkash_id(started["payment_id"])
    # a refund was started two minutes ago, and the process died before bKash answered: the intent is kept
    long_ago = (datetime.now(timezone.utc) - timedelta(minutes=2)).isoformat(timespec="milliseconds")
    marked = payments.refund_intent(parts, payment, 190000, "পরীক্ষা / test", "uco.demo", long_ago)
    assert marked.refund_pending_paisa == 190000
    status, body = as_user("uco.demo").post(f"/api/payments/{started['payment_id']}/refund", {"reason": "ফেরত / refund"})
    assert status == 409 and body["error"]["code"] == "refund_unclear"  # bKash could not say: no new refund
    assert shop.sim.state()["refunds"] == []
    status, body = as_user("uco.demo").post(f"/api/payments/{started['payment_id']}/refund", {"reason": "ফেরত / refund"})
    assert status == 200 and body["state"] == "refunded"  # bKash said there was none: refunded now, once
    assert len(shop.sim.state()["refunds"]) == 1


# --- cancel / failure callbacks: bKash is asked before the attempt is closed -----------------------------

def test_a_forged_cancel_callback_does_not_close_the_attempt(shop):
    order = shop.order()
    started = shop.pay(order["invoice_no"])
    forged = shop.client.http.get(f"/api/payments/bkash/callback?paymentID={started['payment_id']}&status=cancel")
    assert forged.status_code == 302
    [payment] = attempts(order["invoice_no"])
    assert payment.state == "pending"
    assert shop.sim.state()["counters"]["queries"] >= 1  # bKash was asked: still initiated
    shop.callback(shop.approve(started["payment_id"]))  # the buyer really approves and comes back
    status, seen = shop.status(order["invoice_no"])
    assert (seen["status"], seen["payment_status"]) == ("paid", "completed")


def test_a_cancel_callback_for_a_payment_bkash_completed_credits_it(shop):
    order = shop.order()
    started = shop.pay(order["invoice_no"])
    shop.approve(started["payment_id"])
    from chalicelib.bootstrap import payment_parts
    payment_parts().bkash.execute(started["payment_id"])  # bKash has the money (our execute's answer got lost)
    shop.client.http.get(f"/api/payments/bkash/callback?paymentID={started['payment_id']}&status=cancel")
    status, seen = shop.status(order["invoice_no"])
    assert (seen["status"], seen["payment_status"]) == ("paid", "completed")
    assert len(credits(order["invoice_no"])) == 1


# --- the callback answers within API Gateway's 29 s ----------------------------------------------------

@pytest.fixture
def slow_bkash(sim, monkeypatch):
    """Every bKash call may wait up to 2 s (BKASH_READ_TIMEOUT); the callback has 2.5 s in all."""
    monkeypatch.setenv("BKASH_ANSWER_WITHIN", "2.5")
    before = sim.configure()["execute_timeout_seconds"]
    sim.configure(execute_timeout_seconds=6)
    yield sim
    sim.configure(execute_timeout_seconds=before)


def test_the_callback_answers_within_its_budget_and_leaves_the_rest_to_the_reconciler(shop, slow_bkash):
    order = shop.order()
    started = shop.pay(order["invoice_no"])
    callback_url = shop.approve(started["payment_id"])
    shop.sim.set_faults(execute_timeout_after_commit=1, query_timeout=1)
    began = time.monotonic()
    response = shop.callback(callback_url)
    took = time.monotonic() - began
    assert response.status_code == 302
    assert took < 3.3, f"the callback took {took:.1f} s for a budget of 2.5 s"
    [payment] = attempts(order["invoice_no"])
    assert payment.state == "executing"  # unclear: the reconciler's
    shop.sim.set_faults(query_timeout=0)  # bKash answers in time again
    assert reconcile()["completed"] == 1
    assert shop.status(order["invoice_no"])[1]["status"] == "paid"
    assert len(credits(order["invoice_no"])) == 1


def test_the_reconciler_settles_a_refund_left_unclear(shop, as_user):
    order, started = paid_order(shop)
    shop.sim.set_faults(refund_timeout_after_commit=1, refund_status_http_500=1)
    status, unclear = as_user("uco.demo").post(f"/api/payments/{started['payment_id']}/refund",
                                               {"reason": "ক্রেতা বাতিল করেছেন / buyer cancelled"})
    assert status == 409 and unclear["error"]["code"] == "refund_unclear"
    assert reconcile(minutes_later=1)["refunds_settled"] == 0  # too early: a request may still be waiting for bKash
    assert reconcile(minutes_later=3)["refunds_settled"] == 1  # nobody asked again: bKash's refund status says
    [payment] = attempts(order["invoice_no"])
    assert payment.state == "refunded" and payment.refund_pending_paisa is None
    assert shop.status(order["invoice_no"])[1]["payment_status"] == "refunded"
    assert len(shop.sim.state()["refunds"]) == 1
