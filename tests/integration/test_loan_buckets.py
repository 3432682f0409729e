"""The daily scan keeps each loan's bucket history and opens the upazila office's task when a loan enters 90+."""
from datetime import date

from .loan_fixtures import make_loan
from .payment_fixtures import bkash_server, query_of, sim  # noqa: F401,F811 (fixtures)
from .test_loan_reminders import no_sms_yet, scan  # noqa: F401  (no_sms_yet: autouse fixture)


def test_the_scan_records_bucket_changes_once_and_opens_one_90_plus_task(client, as_user):
    from chalicelib.store.loans import Loans
    loan = make_loan(first_due_on=date(2027, 1, 10))
    scan(client, date(2027, 1, 11))                 # 1 day past due
    first = scan(client, date(2027, 4, 15))         # 95 days: 90+ since 11 Apr
    again = scan(client, date(2027, 4, 15))
    history = sorted(Loans().bucket_history(loan.id), key=lambda c: c.on)
    assert [(c.from_bucket, c.to_bucket, c.on, c.observed_on) for c in history] == [
        ("current", "1-30", date(2027, 1, 11), date(2027, 1, 11)),
        ("1-30", "90+", date(2027, 4, 11), date(2027, 4, 15))]
    assert Loans().get_loan(loan.id).bucket == "90+"
    assert (first["tasks_opened"], again["tasks_opened"]) == (1, 0)
    status, tasks = as_user("uco.demo").get("/api/tasks")
    assert status == 200, tasks
    [task] = [t for t in tasks["items"] if t["kind"] == "loan_90_plus"]
    assert (task["loan_id"], task["due_on"], task["society_id"]) == (loan.id, "2027-04-11", "")


def test_a_payment_records_the_day_it_moved_the_loan_out_of_its_bucket(client, sim):
    from datetime import timedelta

    from chalicelib.domain.loan_buckets import BucketChange
    from chalicelib.handlers.common import dhaka_today
    from chalicelib.store.loans import Loans

    from .test_loan_payments import Borrower
    today = dhaka_today()
    borrower = Borrower(client, sim, make_loan(first_due_on=today - timedelta(days=5)))
    assert Loans().record_bucket(BucketChange(borrower.loan.id, "current", "1-30", today - timedelta(days=4),
                                              today - timedelta(days=4)))
    status, started = borrower.pay(amount_paisa=100000)  # the overdue instalment
    assert status == 200, started
    borrower.callback(sim.complete(started["payment_id"], "success"))
    history = sorted(Loans().bucket_history(borrower.loan.id), key=lambda c: (c.on, c.to_bucket != "current"))
    assert [(c.from_bucket, c.to_bucket, c.on) for c in history] == [
        ("current", "1-30", today - timedelta(days=4)), ("1-30", "current", today)]
    assert Loans().get_loan(borrower.loan.id).bucket == "current"


def test_a_collection_records_the_bucket_change_of_each_loan_it_pays_the_day_it_was_paid(client, sim, as_user):
    from datetime import timedelta

    from chalicelib.domain.loan_buckets import BucketChange
    from chalicelib.handlers.common import dhaka_today
    from chalicelib.store.loans import Loans

    from .test_loan_payments import Borrower
    today = dhaka_today()
    loan = make_loan(first_due_on=today - timedelta(days=40))  # two instalments past due: 31-60 days late
    assert Loans().record_bucket(BucketChange(loan.id, "current", "31-60", today - timedelta(days=9), today))
    status, started = as_user("uco.demo").post(f"/api/asrayon/projects/{loan.project_id}/collections", {
        "payer_phone": "01911000419", "lines": [{"loan_id": loan.id, "amount_paisa": 200000}]})
    assert status == 201, started
    Borrower(client, sim, None).callback(sim.complete(started["payment_id"], "success"))
    history = Loans().bucket_history(loan.id)
    assert sorted((c.from_bucket, c.to_bucket, c.on) for c in history) == [
        ("31-60", "current", today), ("current", "31-60", today - timedelta(days=9))]
