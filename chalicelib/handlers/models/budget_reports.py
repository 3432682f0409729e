"""Budget lists, the decision letter and the report (handlers/budget_reports.py)."""
from typing import Literal

from pydantic import Field

from ...domain.budget import DECISIONS, KINDS, STATES
from .budget import Budget, BudgetPath  # noqa: F401  (BudgetPath: routes)
from .common import AreaCode, Cursor, FormatQuery, Out, Query, SocietyId

# Every financial year 2000-01 to 2099-00 by name: a pattern would allow "2026-99", which is no year (400).
FinancialYear = Literal[tuple(f"{y}-{(y + 1) % 100:02d}" for y in range(2000, 2100))]


class BudgetListQuery(Query):
    box: Literal["holding", "sent", "all"] = Field(
        "holding", description="holding: the files the office holds now (earliest deadline first); sent: files it "
                               "acted on and sent on; all: every file of its area. A society's user always gets its "
                               "society's files")
    society_id: SocietyId | None = Field(None, description="One society's files (an office over its upazila)")
    financial_year: FinancialYear | None = Field(None, description='Only this financial year, e.g. "2026-27"')
    cursor: Cursor | None = None
    limit: int = Field(20, ge=1, le=100, description="Default 20")


class BudgetPage(Out):
    box: Literal["holding", "sent", "all", "society"]
    items: list[Budget]
    next_cursor: str | None = None


class LetterItem(Out):
    head: str
    head_bn: str
    head_en: str
    asked_paisa: int
    approved_paisa: int
    justification: str


class Copy(Out):
    office_code: str
    name_bn: str
    name_en: str


class BudgetLetter(Out):
    budget_id: str
    reference_no: str = Field(description="Stable and unique: the deciding office, the year and the file's id")
    reference_no_bn: str
    memo_no: str | None = Field(None, description="The e-Nothi memo number the decider gave, if any")
    issued_on: str = Field(description="The decision's date (Asia/Dhaka)")
    decision: Literal[DECISIONS]
    office_code: str
    office_name_bn: str
    office_name_en: str
    society_id: str
    society_name_bn: str
    financial_year: str
    kind: Literal[KINDS]
    subject_bn: str
    body_bn: str
    reason: str | None = None
    items: list[LetterItem]
    asked_total_paisa: int
    approved_total_paisa: int
    resolution_on: str | None = None
    decided_by: str
    copies: list[Copy]


class BudgetReportQuery(FormatQuery):
    financial_year: FinancialYear | None = Field(
        None, description='e.g. "2026-27" (default: this financial year, July to June)')
    office_code: AreaCode | None = Field(None, description="An office inside the caller's area (default: the caller's)")


class StepFigure(Out):
    step: Literal["recommend", "decide"]
    taken: int
    median_working_days: float | None = None
    max_working_days: int | None = None


class Span(Out):
    median: float | None = None
    min: int | None = None
    max: int | None = None


class Now(Out):
    decided_files: int
    steps: Span
    days: Span
    visits: Span


class SeedFigures(Out):
    steps: list[int]
    days: list[int]
    visits: list[int]


class Comparison(Out):
    before: SeedFigures
    promised: SeedFigures
    now: Now


class ReportRow(Out):
    budget_id: str
    society_id: str
    society_name_bn: str
    financial_year: str
    state: Literal[STATES]
    decider_office_code: str | None = None
    submitted_on: str | None = None
    decided_on: str | None = None
    recommend_days: int | None = None
    decide_days: int | None = None
    rounds: int
    steps: int | None = None
    days: int | None = None
    visits: int | None = None


class BudgetReport(Out):
    financial_year: str
    office_code: str
    files: int = Field(description="Files on the office's path (its area)")
    files_received: int = Field(description="Files that came to this office")
    files_decided: int = Field(description="Files this office approved, approved with changes or rejected")
    by_state: dict[str, int]
    steps: list[StepFigure]
    comparison: Comparison
    rows: list[ReportRow]
