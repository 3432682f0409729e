"""Overpayments kept for refund, and a refund recorded (handlers/loan_refunds.py)."""
from ...domain.loan_refund_input import RefundInput  # noqa: F401  (the route's body)
from .common import AreaQuery, FormatQuery, Out
from .loans import LoanAsOf, LoanPath  # noqa: F401  (the loan's path and answer, as GET /api/loans/{id})


class RefundsQuery(AreaQuery, FormatQuery):
    pass


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
