"""Asrayon projects and loans (handlers/loans.py)."""
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, Field, field_validator

from ...domain.bangla import ascii_digits
from ...domain.loan_input import LatePolicyInput, LoanInput, ProjectInput  # noqa: F401  (the routes' bodies)
from ...domain.loans import ENTRY_KINDS, FREQUENCIES, INSTALMENT_STATUSES, LATE_POLICIES, LOAN_STATES
from ...domain.society_input import SCHEMA_DATE, bilingual_error
from .common import AreaQuery, Cursor, FormatQuery, Out, Query

RecordId = Annotated[str, Field(pattern="^[0-9a-f]{17}$")]
Bucket = Annotated[str, Field(description='"current", or the configured range of days past due: "1-30", "31-60", '
                                          '"61-90", "90+" by default')]


class ProjectPath(BaseModel):
    project_id: RecordId = Field(description="Project id (17 lower-case hex digits); an id of no project answers 404")


class LoanPath(BaseModel):
    loan_id: RecordId = Field(description="Loan id (17 lower-case hex digits); an id of no loan answers 404")


class AsOfQuery(Query):
    as_of: date | None = Field(None, description="The day (Asia/Dhaka) to see the loans as they stood at its end: "
                                                 "payments valued later are left out (default: today)",
                               json_schema_extra={"pattern": SCHEMA_DATE})

    @field_validator("as_of", mode="before")
    @classmethod
    def _day(cls, value):
        if value in (None, ""):
            return None
        try:
            day = date.fromisoformat(ascii_digits(value)) if isinstance(value, str) and len(value) == 10 else None
        except ValueError:
            day = None
        if day is None or not 1900 <= day.year <= 2199:
            raise bilingual_error("invalid_date", "Give the date as YYYY-MM-DD.", "তারিখ YYYY-MM-DD আকারে দিন।")
        return day


class DefaultersQuery(AreaQuery, AsOfQuery, FormatQuery):
    cursor: Cursor | None = None


class ProjectLoansQuery(AsOfQuery):
    q: str | None = Field(None, max_length=100, description="Search: part of the borrower's name (or father's or "
                                                            "husband's name), or 3 or more digits of the phone")
    cursor: Cursor | None = None
    limit: int = Field(200, ge=1, le=500, description="Loans per page")


# ---- answers ---------------------------------------------------------------------------------

class Project(Out):
    id: str
    name_bn: str
    name_en: str = ""
    upazila_code: str
    phase: str = ""
    society_id: str | None = None
    bkash_account: str = Field(description="The official bKash number payments go to")
    bkash_approval_ref: str = ""
    bkash_approved_on: date | None = None
    bank_account: str
    created_at: str
    created_by: str
    version: int
    late_policy: Literal[LATE_POLICIES] = Field("accept_and_flag", description="What happens when a borrower misses "
                                                "a deadline (PUT /api/asrayon/projects/{id}/late-policy)")
    late_charge_paisa: int = Field(0, description="accept_with_charge: levied once per instalment missed")
    late_policy_since: date | None = Field(None, description="The day the policy was set")


class Projects(Out):
    area_code: str
    items: list[Project]


class ScheduleLine(Out):
    no: int
    due_on: date
    amount_paisa: int
    charge_paisa: int = Field(description="The service charge part, paid before the principal")
    principal_paisa: int


class ScheduleLineAsOf(ScheduleLine):
    paid_paisa: int
    status: Literal[INSTALMENT_STATUSES]


class Borrower(Out):
    name_bn: str
    guardian_name_bn: str
    barrack_no: str
    room_no: str
    phone: str
    nid: str = ""


class LedgerLine(Out):
    id: str = Field(description="One per payment")
    kind: Literal[ENTRY_KINDS]
    amount_paisa: int
    value_at: str = Field(description="When bKash executed the payment")
    late_days: int = Field(0, description="A payment made this many days after a due date it covers (accepted and "
                                           "flagged); 0 when on time")
    instalment_no: int = Field(0, description="A late charge: the instalment it was levied for")
    flag: str = Field("", description="paid_ahead_in_arrears: money that arrived for more than was overdue while the "
                                      "project refuses paying ahead (recorded all the same)")


class LoanChange(Out):
    """An approved pause (starts_on, ends_on) or reschedule (from_on, instalments, frequency, first_due_on)."""
    kind: Literal["pause", "reschedule"]
    id: str
    starts_on: date | None = None
    ends_on: date | None = None
    from_on: date | None = None
    instalments: int | None = None
    frequency: Literal[FREQUENCIES] | None = None
    first_due_on: date | None = None
    reason: str
    decision_ref: str
    approved_by: str
    recorded_at: str


class Loan(Out):
    id: str
    project_id: str
    project_name_bn: str = Field("", description="The project's name")
    project_name_en: str = ""
    upazila_code: str
    borrower: Borrower
    loan_date: date
    principal_paisa: int
    service_charge_paisa: int
    total_paisa: int
    instalments: int
    frequency: Literal[FREQUENCIES]
    first_due_on: date
    state: Literal[LOAN_STATES] = Field(description="approved: on the project's approved list; draft: imported, "
                                                    "waiting for the upazila office's approval")
    approved_at: str | None = None
    approved_by: str | None = None
    created_at: str
    created_by: str
    version: int
    schedule: list[ScheduleLine]
    changes: list[LoanChange] = Field(default_factory=list, description="Approved pauses and reschedules, in the "
                                                                          "order recorded (the terms above stay)")


class LoanAsOf(Loan):
    """A loan as it stood at the end of as_of (the ledger replayed to that day)."""
    schedule: list[ScheduleLineAsOf]
    as_of: date
    paid_paisa: int = Field(description="Received up to as_of, net of refunds (an overpayment included)")
    outstanding_paisa: int
    overdue_paisa: int = Field(description="Past due and unpaid (0 when below the tolerance, Tk 10 by default)")
    days_past_due: int = Field(description="Days since the oldest unpaid due date (0 when not in arrears)")
    bucket: Bucket
    overpaid_paisa: int = Field(description="Received beyond the whole schedule: listed for refund")
    next_due_on: date | None = None
    next_due_paisa: int
    ledger: list[LedgerLine]
    late_charges_paisa: int = Field(0, description="Late charges levied up to as_of (accept_with_charge), owed "
                                                   "beside the schedule and in outstanding_paisa")
    late_charges_unpaid_paisa: int = 0


class LoanLine(Out):
    id: str
    borrower_name_bn: str
    guardian_name_bn: str
    barrack_no: str
    room_no: str
    phone: str
    state: Literal[LOAN_STATES]
    principal_paisa: int
    total_paisa: int
    paid_paisa: int
    outstanding_paisa: int
    overdue_paisa: int
    days_past_due: int
    bucket: Bucket


class ProjectLoans(Out):
    project: Project
    as_of: date
    items: list[LoanLine]
    total: int = Field(description="Loans matching q (all the project's without q)")
    next_cursor: str | None = Field(description="The next page (the same q); null on the last")


class BorrowerColumns(Out):
    """Who owes, and where: the columns a list of loans shares (defaulters, refunds)."""
    borrower_name_bn: str
    guardian_name_bn: str
    barrack_no: str
    room_no: str
    phone: str
    project_id: str
    project_name_bn: str
    upazila_code: str


class Defaulter(BorrowerColumns):
    loan_id: str
    overdue_paisa: int
    days_past_due: int
    bucket: Bucket
    oldest_due_on: date | None = None
    outstanding_paisa: int
    paid_paisa: int


class Par(Out):
    """Portfolio at risk (PAR30): outstanding principal of the area's loans more than 30 days past due, over all
    their outstanding principal."""
    at_risk_paisa: int
    outstanding_paisa: int
    ratio: float


class BucketTotal(Out):
    bucket: Bucket
    count: int = Field(description="Loans in this bucket")
    overdue_paisa: int
    outstanding_paisa: int


class Defaulters(Out):
    area_code: str
    as_of: date
    count: int
    items: list[Defaulter]
    total_overdue_paisa: int
    by_bucket: list[BucketTotal] = Field(description="Totals per arrears bucket, every bucket in order (1-30 first)")
    loans: int = Field(description="Loans of the area read for the list")
    par30: Par
    next_cursor: str | None = Field(None, description="The area's next page of loans (null on the last): an area of "
                                                      "more loans than one page is read a page at a time")
