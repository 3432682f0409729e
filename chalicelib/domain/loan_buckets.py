"""A loan's arrears bucket over time, pure: when its bucket changes, the change is kept with the day it happened.

The daily scan sees a loan only on some days, so a change is dated by the state itself: a loan now D days past
due entered its bucket (whose first day is L days past due) D - L days ago. A loan that comes back to
"current" is dated the day it was seen so (the payment that cleared it is in its ledger). Entering the last
bucket ("90+" by default) opens a task for the upazila office.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from .loans import CURRENT, ArrearsRules, Loan, LoanState
from .tasks import LOAN_90_PLUS, Task


@dataclass(frozen=True)
class BucketChange:
    loan_id: str
    from_bucket: str
    to_bucket: str
    on: date                 # the day the loan entered to_bucket
    observed_on: date        # the day it was seen (the scan's, or a payment's)


def first_day(bucket: str, rules: ArrearsRules) -> int:
    """Days past due on a bucket's first day: "1-30" → 1, "31-60" → 31, "90+" → 91."""
    lows = (1,) + tuple(b + 1 for b in rules.bucket_bounds)
    return dict(zip(rules.buckets[1:], lows))[bucket]


def bucket_change(loan_id: str, previous: str, state: LoanState, rules: ArrearsRules) -> BucketChange | None:
    if state.bucket == previous:
        return None
    on = state.as_of if state.bucket == CURRENT else \
        state.as_of - timedelta(days=state.days_past_due - first_day(state.bucket, rules))
    return BucketChange(loan_id, previous, state.bucket, on, state.as_of)


def payment_bucket_change(loan_id: str, previous: str, state: LoanState, rules: ArrearsRules) -> BucketChange | None:
    """The change a payment made, seen as of the day it was paid (`state`): a loan the payment moved down to a lower
    bucket (or out of arrears) moved that day. A loan found in a higher bucket than recorded got there with time, not
    with the payment (the scan had not seen it yet): dated as the scan dates it."""
    change = bucket_change(loan_id, previous, state, rules)
    if change is None or previous not in rules.buckets:
        return change
    if rules.buckets.index(state.bucket) < rules.buckets.index(previous):
        return BucketChange(loan_id, previous, state.bucket, state.as_of, state.as_of)
    return change


def bucket_totals(states, rules: ArrearsRules) -> list[dict]:
    """Per arrears bucket (every one, "current" left out, in order): how many loans, what they have overdue and
    outstanding."""
    totals = {b: {"bucket": b, "count": 0, "overdue_paisa": 0, "outstanding_paisa": 0} for b in rules.buckets[1:]}
    for state in states:
        if state.bucket in totals:
            line = totals[state.bucket]
            line["count"] += 1
            line["overdue_paisa"] += state.overdue_paisa
            line["outstanding_paisa"] += state.outstanding_paisa
    return list(totals.values())


def next_bucket_on(state: LoanState, rules: ArrearsRules) -> date | None:
    """The day a loan in arrears enters its next bucket if nothing is paid (None: in the last, or not in arrears),
    so the scan reads it that day."""
    if not state.in_arrears or state.bucket == rules.buckets[-1]:
        return None
    return state.as_of + timedelta(days=rules.bucket_bounds[rules.buckets.index(state.bucket) - 1] + 1
                                   - state.days_past_due)


def entered_last_bucket(change: BucketChange, rules: ArrearsRules) -> bool:
    return change.to_bucket == rules.buckets[-1]


def loan_90_plus_task(loan: Loan, change: BucketChange, project_name_bn: str = "") -> Task:
    """The upazila office's task for a loan that entered the last bucket; its id names the loan and the day, so
    seeing it twice is one task, and a loan that clears and falls back in gets a new one."""
    name = f"{loan.borrower.name_bn} ({project_name_bn})" if project_name_bn else loan.borrower.name_bn
    return Task(id=f"{loan.id}-late-{change.on:%Y%m%d}", kind=LOAN_90_PLUS, society_id="", loan_id=loan.id,
                office_code=loan.upazila_code, due_on=change.on, society_name_bn=name, opened_on=change.observed_on)


def bucket_change_as_dict(change: BucketChange) -> dict:
    return {"loan_id": change.loan_id, "from_bucket": change.from_bucket, "to_bucket": change.to_bucket,
            "on": change.on.isoformat(), "observed_on": change.observed_on.isoformat()}


def bucket_change_from_dict(values: dict) -> BucketChange:
    return BucketChange(values["loan_id"], values["from_bucket"], values["to_bucket"],
                        date.fromisoformat(values["on"]), date.fromisoformat(values["observed_on"]))
