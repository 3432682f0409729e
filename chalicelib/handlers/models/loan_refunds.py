"""Overpayments kept for refund, and a refund recorded (handlers/loan_refunds.py)."""
from ...domain.loan_refund_input import RefundInput  # noqa: F401  (the route's body)
from pydantic import Field

from .common import AreaQuery, Cursor, FormatQuery, Out
from .loans import LoanAsOf, LoanPath  # noqa: F401  (the loan's path and answer, as GET /api/loans/{id})


class RefundsQuery(AreaQuery, FormatQuery):
    cursor: Cursor | None = None


class RefundLine(Out):
    loan_id: str
    overpaid_paisa: int
    refunded_paisa: int
    paid_paisa: int
    borrower_name_bn: str
    guardian_name_bn: str
    barrack_no: str
    room_no: str
    phone: str
    project_id: str
    project_name_bn: str
    upazila_code: str


class Refunds(Out):
    area_code: str
    as_of: str
    count: int
    items: list[RefundLine]
    total_overpaid_paisa: int
    loans: int = Field(description="Loans of the area read for the list")
    next_cursor: str | None = Field(None, description="The area's next page of loans (null on the last): an area of "
                                                      "more loans than one page is read a page at a time")
