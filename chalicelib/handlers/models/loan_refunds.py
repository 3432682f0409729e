"""Overpayments kept for refund, and a refund recorded (handlers/loan_refunds.py)."""
from ...domain.loan_refund_input import RefundInput  # noqa: F401  (the route's body)
from pydantic import Field

from .common import AreaQuery, Cursor, FormatQuery, Out
from .loans import BorrowerColumns, LoanAsOf, LoanPath  # noqa: F401  (as GET /api/loans/{id})


class RefundsQuery(AreaQuery, FormatQuery):
    cursor: Cursor | None = None


class RefundLine(BorrowerColumns):
    loan_id: str
    overpaid_paisa: int
    refunded_paisa: int
    paid_paisa: int


class Refunds(Out):
    area_code: str
    as_of: str
    count: int
    items: list[RefundLine]
    total_overpaid_paisa: int
    loans: int = Field(description="Loans of the area read for the list")
    next_cursor: str | None = Field(None, description="The area's next page of loans (null on the last): an area of "
                                                      "more loans than one page is read a page at a time")
