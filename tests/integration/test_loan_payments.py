"""A borrower pays a loan instalment with bKash (issue 19 §3): one credit per bKash payment whatever arrives twice,
valued at bKash's execution time; the phone must be the borrower's; a receipt SMS; the callback goes to loan.html."""
import json
from datetime import datetime, timedelta, timezone

import pytest

from .loan_fixtures import make_loan
from .payment_fixtures import bkash_server, query_of, sim  # noqa: F401,F811 (fixtures)

BORROWER_PHONE = "01712000111"


def sms_to(phone: str) -> list[str]:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sns.models import sns_backends
    return [text for _, (to, text) in sns_backends[DEFAULT_ACCOUNT_ID]["ap-southeast-1"].sms_messages.items()
            if to == phone]


def ledger(loan_id):
    from chalicelib.store.loans import Loans
    return Loans().entries(loan_id)


class Borrower:
    def __init__(self, client, sim, loan):
        self.client, self.sim, self.loan = client, sim, loan

    def call(self, method, path, body=None):
        response = self.client.http.request(method, path, headers={"Content-Type": "application/json"},
                                            body=json.dumps(body) if body is not None else b"")
        return response.status_code, json.loads(response.body or b"{}")

    def pay(self, phone=BORROWER_PHONE, **body):
        return self.call("POST", f"/api/public/loans/{self.loan.id}/pay", {"phone": phone, **body})

    def callback(self, url):
        parts = query_of(url)
        return self.client.http.get(f"/api/payments/bkash/callback?paymentID={parts['paymentID']}"
                                    f"&status={parts['status']}")

    def ipn(self, payment_id):
        envelope = self.sim.ipn_envelope(payment_id)
        response = self.client.http.post("/api/payments/bkash/ipn",
                                         headers={"Content-Type": "text/plain; charset=UTF-8"},
                                         body=json.dumps(envelope))
        return response.status_code, json.loads(response.body)

    def view(self, phone=BORROWER_PHONE):
        return self.call("GET", f"/api/public/loans/{self.loan.id}?phone={phone}")


@pytest.fixture
def borrower(client, sim):
    return Borrower(client, sim, make_loan())


def test_pay_the_amount_due_callback_twice_and_ipn_credit_once(borrower):
    status, started = borrower.pay()
    assert status == 200, started
    assert started["amount_paisa"] == 100000  # the first instalment: nothing is past due yet
    borrower.sim.advance(600)  # bKash's clock: the money moves ten minutes after our "now"
    callback_url = borrower.sim.complete(started["payment_id"], "success")
    first = borrower.callback(callback_url)
    assert first.status_code == 302
    assert first.headers["Location"].endswith(f"/loan.html?loan={borrower.loan.id}")
    assert borrower.callback(callback_url).status_code == 302  # the browser comes back again
    assert borrower.ipn(started["payment_id"]) == (200, {"result": "recorded"})
    [entry] = ledger(borrower.loan.id)
    assert (entry.kind, entry.amount_paisa, entry.late_days) == ("payment", 100000, 0)  # paid before it was due
    executed = float(borrower.sim.payments[started["payment_id"]]["executed_at"])
    assert entry.value_at == datetime.fromtimestamp(executed, timezone.utc).isoformat(timespec="milliseconds")
    later = (datetime.now(timezone.utc) + timedelta(minutes=5)).isoformat()
    assert entry.value_at > later  # bKash's execution time, not our credit time
    assert entry.trx_id
    status, seen = borrower.view()
    assert status == 200
    assert seen["paid_paisa"] == 100000 and seen["schedule"][0]["status"] == "paid"
    assert [p["state"] for p in seen["payments"]] == ["completed"]
    assert "+8801712000111" not in json.dumps(seen) and "রহিমা" not in json.dumps(seen)
    [receipt] = [t for t in sms_to("+8801712000111") if "TrxID" in t]
    assert entry.trx_id in receipt


def test_a_repeated_ipn_and_the_reconciler_after_the_callback_credit_once(borrower):
    status, started = borrower.pay(amount_paisa=150000)  # more than one instalment: the next one is prepaid
    assert status == 200 and started["amount_paisa"] == 150000
    borrower.callback(borrower.sim.complete(started["payment_id"], "success"))
    assert borrower.ipn(started["payment_id"])[0] == 200
    assert borrower.ipn(started["payment_id"])[0] == 200  # SNS delivers at least once
    from chalicelib.handlers.payments import reconcile_once
    reconcile_once(datetime.now(timezone.utc) + timedelta(minutes=3))
    assert [e.amount_paisa for e in ledger(borrower.loan.id)] == [150000]
    status, seen = borrower.view()
    assert [s["paid_paisa"] for s in seen["schedule"]] == [100000, 50000, 0]  # oldest instalment first


def test_the_wrong_phone_learns_nothing(borrower):
    for phone in ("01812999999", "not a phone"):
        status, error = borrower.pay(phone=phone)
        assert status in (400, 404) and "রহিমা" not in json.dumps(error)
        assert status == 400 or error["error"]["code"] == "loan_not_found"
    status, error = borrower.view(phone="01812999999")
    assert (status, error["error"]["code"]) == (404, "loan_not_found")
    status, error = borrower.call("POST", "/api/public/loans/0123456789abcdef0/pay", {"phone": BORROWER_PHONE})
    assert (status, error["error"]["code"]) == (404, "loan_not_found")  # the same answer as a wrong phone
    from chalicelib.store.payments import Payments
    assert Payments().for_purpose("loan_instalment", borrower.loan.id) == []  # no payment was started


def test_an_amount_beyond_what_is_outstanding_is_refused(borrower):
    status, error = borrower.pay(amount_paisa=300001)
    assert (status, error["error"]["code"]) == (400, "invalid_amount")
    status, error = borrower.pay(amount_paisa=50)
    assert status == 400


def test_two_credits_of_one_loan_that_collide_are_retried_never_flagged(borrower, monkeypatch):
    from botocore.exceptions import ClientError

    from chalicelib.store import aws
    from chalicelib.store.payments import Payments
    status, started = borrower.pay()
    client = aws.dynamodb().meta.client
    real, refused = client.transact_write_items, []

    def transact_write_items(**request):
        items = [s.get("Put", s.get("Update", {})) for s in request["TransactItems"]]
        crediting = any(i.get("Key", {}).get("pk", "").startswith("LOAN#") for i in items)
        if crediting and not refused:  # another credit of the same loan wrote its ledger at that moment
            reasons = [{"Code": "TransactionConflict" if i.get("Key", {}).get("pk", "").startswith("LOAN#")
                        else "None"} for i in items]
            refused.append(reasons)
            raise ClientError({"Error": {"Code": "TransactionCanceledException", "Message": "cancelled"},
                               "CancellationReasons": reasons}, "TransactWriteItems")
        return real(**request)

    monkeypatch.setattr(client, "transact_write_items", transact_write_items)
    borrower.callback(borrower.sim.complete(started["payment_id"], "success"))
    assert refused
    [payment] = Payments().for_purpose("loan_instalment", borrower.loan.id)
    assert payment.state == "completed" and payment.problem is None
    assert [e.amount_paisa for e in ledger(borrower.loan.id)] == [100000]


def test_a_refund_by_the_upazila_office_takes_the_money_out_of_the_ledger_once(borrower, as_user):
    status, started = borrower.pay()
    borrower.callback(borrower.sim.complete(started["payment_id"], "success"))
    office = as_user("uco.demo")
    status, refunded = office.post(f"/api/payments/{started['payment_id']}/refund",
                                   {"reason": "ভুল করে পরিশোধ", "amount_paisa": 40000})
    assert status == 200, refunded
    entries = sorted(ledger(borrower.loan.id), key=lambda e: e.kind)
    assert [(e.kind, e.amount_paisa) for e in entries] == [("payment", 100000), ("refund", 40000)]
    status, seen = borrower.view()
    assert seen["paid_paisa"] == 60000 and seen["schedule"][0]["status"] != "paid"


def test_a_late_payment_is_credited_and_flagged_with_its_days_late(client, sim, as_user):
    from chalicelib.handlers.common import dhaka_today
    late = Borrower(client, sim, make_loan(first_due_on=dhaka_today() - timedelta(days=5)))
    status, started = late.pay()
    assert status == 200 and started["amount_paisa"] == 200000  # the instalment 5 days overdue and the next
    late.callback(late.sim.complete(started["payment_id"], "success"))
    [entry] = ledger(late.loan.id)
    assert (entry.amount_paisa, entry.late_days) == (200000, 5)
    status, seen = as_user("uco.demo").get(f"/api/loans/{late.loan.id}")
    assert status == 200 and [line["late_days"] for line in seen["ledger"]] == [5]  # the office sees the flag
