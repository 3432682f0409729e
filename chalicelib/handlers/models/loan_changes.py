"""Approved pauses and reschedules of a loan (handlers/loan_changes.py)."""
from ...domain.loan_changes_input import PauseInput, RescheduleInput  # noqa: F401  (the routes' bodies)
from .loans import LoanAsOf, LoanPath  # noqa: F401  (the loan's path and answer, as GET /api/loans/{id})
