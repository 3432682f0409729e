"""Tasks an office must act on, opened by the daily scan (first: appoint an interim committee).

Act s.18(5),(7): when a committee's term ends without an election, the UCO appoints the
120-day interim committee if paid-up share capital is below Tk 50,000, else the DCO.
"""
from dataclasses import dataclass
from datetime import date

INTERIM_APPOINTER_LIMIT_PAISA = 50_000 * 100
TASK_STATES = ("open", "done")
APPOINT_INTERIM_COMMITTEE = "appoint_interim_committee"
LOAN_90_PLUS = "loan_90_plus"  # an Asrayon loan entered the last arrears bucket (domain/loan_buckets.py)
BUDGET_OVERDUE = "budget_overdue"  # a budget file's step passed its deadline (domain/budget_notices.py)
TASK_KINDS = (APPOINT_INTERIM_COMMITTEE, LOAN_90_PLUS, BUDGET_OVERDUE)


@dataclass(frozen=True)
class Task:
    id: str
    kind: str
    society_id: str
    office_code: str
    due_on: date
    state: str = "open"
    society_name_bn: str = ""
    opened_on: date | None = None
    closed_on: date | None = None
    loan_id: str | None = None  # a loan's task: society_id is empty
    budget_id: str | None = None  # a budget file's late step: the file


def acting_office(upazila_code: str, paid_up_share_capital_paisa: int | None) -> str:
    """Who appoints the interim committee. Unknown capital: the upazila office, which owns the
    record and can fill it in (and so hand the task up)."""
    if paid_up_share_capital_paisa is not None and paid_up_share_capital_paisa >= INTERIM_APPOINTER_LIMIT_PAISA:
        return upazila_code[:4]
    return upazila_code


def interim_committee_task(society, today: date) -> Task:
    """The task for this committee's expiry; its id names the committee, so opening it twice is one task."""
    return Task(id=f"{society.id}-{society.committee_started_on:%Y%m%d}", kind=APPOINT_INTERIM_COMMITTEE,
                society_id=society.id,
                office_code=acting_office(society.upazila_code, society.paid_up_share_capital_paisa),
                due_on=society.term_ends_on, society_name_bn=society.name_bn, opened_on=today)
