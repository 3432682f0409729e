"""A loan's arrears bucket kept over time: each change recorded once with its day, and a task for the upazila
office when a loan enters the last bucket ("90+"). Called for every loan the daily scan reads
(services/loan_reminders), which also reads a loan in arrears again on the day it would enter its next bucket,
and for every loan a payment is credited to (services/loan_purpose, loan_collections): the day a payment moved
the loan out of its bucket is recorded then, not when the scan next reads it."""
from datetime import date

from ..domain.loan_buckets import (BucketChange, bucket_change, entered_last_bucket, loan_90_plus_task,
                                   next_bucket_on, payment_bucket_change)
from ..domain.loans import ArrearsRules, Loan, LoanState


def follow_bucket(loans, tasks, loan: Loan, state: LoanState, rules: ArrearsRules,
                  by_payment: bool = False) -> tuple[BucketChange | None, bool]:
    """The loan's bucket change recorded, if any (None: unchanged, or recorded first by another run), and whether
    this call opened a task. The task is opened before the change is recorded: its id names the loan and the day,
    so a run that stops between the two and the run after it open one task. `by_payment`: `state` is the loan as of
    the day a payment credited just now was made (a move down is dated that day)."""
    change = (payment_bucket_change if by_payment else bucket_change)(loan.id, loan.bucket, state, rules)
    if change is None:
        return None, False
    opened = False
    if entered_last_bucket(change, rules) and tasks is not None:
        place = f"ব্যারাক {loan.borrower.barrack_no}, কক্ষ {loan.borrower.room_no}"
        opened = tasks.open(loan_90_plus_task(loan, change, place))
    return (change if loans.record_bucket(change) else None), opened


def read_again_on(reminder_on: date | None, state: LoanState, rules: ArrearsRules) -> date | None:
    """The loan's next day in the scan: its next reminder, or the day it enters its next bucket if sooner."""
    days = [d for d in (reminder_on, next_bucket_on(state, rules)) if d]
    return min(days, default=None)
