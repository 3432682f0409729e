"""The monthly recovery report (handlers/loan_recovery.py)."""
from pydantic import Field, field_validator

from ...domain.loan_fund_input import FundRecordInput  # noqa: F401  (the route's body)
from ...domain.loan_recovery import month_bounds
from ...domain.society_input import bilingual_error
from .common import AreaQuery, FormatQuery, Out
from .loans import Par, ProjectPath  # noqa: F401  (the routes' path)


class RecoveryQuery(AreaQuery, FormatQuery):
    month: str | None = Field(None, description="The calendar month, YYYY-MM (default: this month, Asia/Dhaka)",
                              json_schema_extra={"pattern": "^(19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])$"})

    @field_validator("month", mode="before")
    @classmethod
    def _month(cls, value):
        if value in (None, ""):
            return None
        try:
            if not (isinstance(value, str) and len(value) == 7 and 1900 <= month_bounds(value)[0].year <= 2199):
                raise ValueError
        except ValueError:
            raise bilingual_error("invalid_month", "Give the month as YYYY-MM.", "মাস YYYY-MM আকারে দিন।") from None
        return value


class BucketLine(Out):
    bucket: str
    loans: int
    paisa: int


class FundFigures(Out):
    bkash_collected_paisa: int = Field(description="Money collected by bKash (payments less refunds)")
    deposited_paisa: int = Field(description="Deposits recorded in the project's bank account")
    difference_paisa: int = Field(description="Collected by bKash less deposited (0: every taka is in the bank)")
    allocated_paisa: int
    disbursed_paisa: int = Field(description="Principal of the approved loans lent")
    principal_collected_paisa: int
    service_charge_collected_paisa: int
    service_charge_remitted_paisa: int


class Fund(Out):
    month: FundFigures
    to_date: FundFigures = Field(description="Everything up to the month's end")


class RecoveryFigures(Out):
    loans: int
    due_paisa: int = Field(description="What the instalments due in the month asked for")
    recovered_paisa: int = Field(description="Money valued in the month, net of refunds")
    recovery_rate: float | None = Field(description="recovered / due (null: nothing was due)")
    cumulative_due_paisa: int
    cumulative_paid_paisa: int
    cumulative_recovery_rate: float | None
    outstanding_paisa: int
    overdue_by_bucket: list[BucketLine]
    overdue_paisa: int
    par30: Par
    fund: Fund


class ProjectRecovery(RecoveryFigures):
    project_id: str
    project_name_bn: str
    upazila_code: str


class Recovery(Out):
    area_code: str
    month: str
    first_day: str
    last_day: str
    projects: list[ProjectRecovery]
    total: RecoveryFigures


class FundRecord(Out):
    project_id: str
    upazila_code: str
    kind: str = Field(description='"deposit", "remittance" or "allocation"')
    on: str
    amount_paisa: int
    reference: str
    recorded_at: str
    recorded_by: str
    note: str


class ProjectFund(Out):
    project_id: str
    items: list[FundRecord] = Field(description="Oldest first")
    allocated_paisa: int
    deposited_paisa: int
    service_charge_remitted_paisa: int
