"""A loan's arrears bucket over time: each change dated the day it happened, the scan back on the next boundary,
a task when a loan enters 90+."""
from datetime import date

import pytest

from chalicelib.domain.loan_buckets import bucket_change, next_bucket_on
from chalicelib.domain.loans import ArrearsRules, Borrower, LedgerEntry, Loan, state_as_of
from chalicelib.services.loan_buckets import follow_bucket, read_again_on

RULES = ArrearsRules()


def loan(bucket="current", paid=0):
    """Tk 1,000 a month from 10 Jan 2027, three instalments."""
    ledger = (LedgerEntry("p", "payment", paid, "2027-01-10T10:00:00+06:00"),) if paid else ()
    return Loan("a" * 17, "b" * 17, "404419", Borrower("রহিমা", "করিম", "3", "12", "+8801712000111"),
                date(2026, 12, 1), 270_000, 30_000, 3, "monthly", date(2027, 1, 10), "", "uco.demo", ledger=ledger,
                bucket=bucket)


@pytest.mark.parametrize("previous, day, to, on", [
    ("current", date(2027, 1, 10), None, None),                        # due today: not late
    ("current", date(2027, 1, 11), "1-30", date(2027, 1, 11)),
    ("current", date(2027, 1, 25), "1-30", date(2027, 1, 11)),         # seen late: dated the day it happened
    ("1-30", date(2027, 2, 20), "31-60", date(2027, 2, 10)),
    ("1-30", date(2027, 4, 15), "90+", date(2027, 4, 11)),             # a bucket skipped unseen
    ("90+", date(2027, 5, 1), None, None),
])
def test_a_change_is_dated_the_day_the_loan_entered_its_bucket(previous, day, to, on):
    change = bucket_change("a" * 17, previous, state_as_of(loan(previous), day, RULES), RULES)
    assert (change.to_bucket, change.on, change.observed_on) == (to, on, day) if to else change is None


def test_a_loan_back_to_current_is_dated_the_day_it_was_seen_so():
    change = bucket_change("a" * 17, "1-30", state_as_of(loan("1-30", paid=100_000), date(2027, 1, 20), RULES), RULES)
    assert (change.from_bucket, change.to_bucket, change.on) == ("1-30", "current", date(2027, 1, 20))


@pytest.mark.parametrize("day, boundary", [
    (date(2027, 1, 10), None),                 # not in arrears
    (date(2027, 1, 11), date(2027, 2, 10)),    # 1 day past due: 31 days past due on 10 Feb
    (date(2027, 3, 1), date(2027, 3, 12)),     # 50 days: 61 on 12 Mar
    (date(2027, 4, 11), None),                 # in the last bucket
])
def test_the_scan_reads_a_loan_in_arrears_again_the_day_it_enters_its_next_bucket(day, boundary):
    state = state_as_of(loan(), day, RULES)
    assert next_bucket_on(state, RULES) == boundary
    assert read_again_on(date(2027, 2, 1), state, RULES) == min(d for d in (date(2027, 2, 1), boundary) if d)
    assert read_again_on(None, state, RULES) == boundary


class Recorder:
    def __init__(self, taken=False):
        self.changes, self.tasks, self.taken = [], {}, taken

    def record_bucket(self, change):
        self.changes.append(change)
        return not self.taken

    def open(self, task):
        if task.id in self.tasks:
            return False
        self.tasks[task.id] = task
        return True


def test_entering_90_plus_opens_one_task_for_the_upazila_office():
    store = Recorder()
    change, opened = follow_bucket(store, store, loan("1-30"), state_as_of(loan(), date(2027, 4, 15), RULES), RULES)
    assert change.to_bucket == "90+" and opened
    [task] = store.tasks.values()
    assert (task.kind, task.loan_id, task.office_code, task.due_on, task.society_id) == (
        "loan_90_plus", "a" * 17, "404419", date(2027, 4, 11), "")
    assert "রহিমা" in task.society_name_bn and "ব্যারাক 3" in task.society_name_bn
    # a second run that saw the same change (its record refused) opens nothing more
    again = Recorder(taken=True)
    again.tasks = store.tasks
    assert follow_bucket(again, again, loan("1-30"), state_as_of(loan(), date(2027, 4, 16), RULES), RULES) == (
        None, False)
    assert follow_bucket(store, store, loan("31-60"), state_as_of(loan(), date(2027, 3, 20), RULES), RULES)[1] is False


def test_a_payment_that_moves_a_loan_down_is_dated_the_day_it_was_paid():
    from chalicelib.domain.loan_buckets import payment_bucket_change
    paid_on = date(2027, 2, 20)  # 41 days past due before the payment, "31-60" recorded
    cleared = state_as_of(loan("31-60", paid=300_000), paid_on, RULES)
    change = payment_bucket_change("a" * 17, "31-60", cleared, RULES)
    assert (change.from_bucket, change.to_bucket, change.on, change.observed_on) == ("31-60", "current", paid_on,
                                                                                      paid_on)
    partly = state_as_of(loan("31-60", paid=100_000), paid_on, RULES)  # the first instalment only: 10 days late
    change = payment_bucket_change("a" * 17, "31-60", partly, RULES)
    assert (change.to_bucket, change.on) == ("1-30", paid_on)  # not 11 Feb, the day 1-30 would have begun
    # found higher than recorded (the scan had not seen it rise): dated as the scan dates it
    stale = state_as_of(loan("current", paid=100_000), paid_on, RULES)
    assert payment_bucket_change("a" * 17, "current", stale, RULES).on == date(2027, 2, 11)
    assert payment_bucket_change("a" * 17, "1-30", stale, RULES) is None
