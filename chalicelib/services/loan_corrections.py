"""Correction requests on an approved loan's borrower: filed by an office above, applied by the project's upazila.

Filing, listing, rejecting and withdrawing are the societies' own (services/corrections.py, one inbox and outbox);
applying writes the borrower's detail, checked with the loan form's rules, and closes the request in one
transaction, with the request's id in the loan's audit trail.
"""
from dataclasses import asdict

from ..domain.corrections import Correction, check_reason, check_unchanged, check_value, decided
from ..domain.errors import Conflict, Invalid
from ..domain.jurisdiction import Caller
from ..domain.loan_corrections import check_can_file, check_loan_field, corrected_borrower, new_loan_correction
from ..store.transactions import WriteRefused, together, transact
from .loans import NO_LOAN, NO_PROJECT


def _normalised(loan, field: str, value):
    """The value as the loan form stores it (400 naming proposed_value if the form refuses it)."""
    from ..domain.loan_input import BorrowerInput
    from ..domain.validation import validated
    try:
        valid = validated(BorrowerInput, {**asdict(loan.borrower), field: value if value is not None else ""})
    except Invalid as exc:
        raise Invalid(exc.code, exc.message_en, exc.message_bn,
                      [{**d, "field": "proposed_value"} for d in exc.details if d.get("field") == field]
                      or exc.details) from None
    return getattr(valid, field)


def file_request(corrections, loans, caller: Caller, loan_id: str, body: dict, new_id, now: str) -> Correction:
    loan = loans.get_loan(loan_id)
    if loan is None:
        raise NO_LOAN
    check_can_file(caller, loan)
    project = loans.get_project(loan.project_id)
    if project is None:
        raise NO_PROJECT
    field = check_loan_field(body.get("field"))
    proposed = _normalised(loan, field, check_value(body.get("proposed_value")))
    request = new_loan_correction(new_id(), loan, project, field, getattr(loan.borrower, field), proposed,
                                  check_reason(body.get("reason")), caller, now)
    corrections.file(request)
    return request


def apply(corrections, loans, caller: Caller, request: Correction, now: str) -> Correction:
    """The owner (already checked) writes the borrower's detail; the request closes as applied."""
    loan = loans.get_loan(request.subject_id, consistent=True)
    if loan is None:
        raise NO_LOAN
    check_unchanged(request, getattr(loan.borrower, request.field))
    try:
        value = _normalised(loan, request.field, request.proposed_value)
    except Invalid as exc:
        raise Conflict("correction_no_longer_valid", "With the loan as it is now, the proposed value is not valid; "
                                                     "reject the request.",
                       "ঋণের বর্তমান তথ্যের সাথে প্রস্তাবিত মানটি সঠিক নয়; অনুরোধটি প্রত্যাখ্যান করুন।",
                       exc.details) from None
    applied = decided(request, "applied", caller.username, caller.office_code, now)
    after = corrected_borrower(loan, request.field, value)
    try:
        transact(loans.client, together({}, loans.borrower_corrected(loan, after, caller.username, request.id),
                                         corrections.closed(request, applied)))
    except WriteRefused:  # the loan was credited, or the request decided, meanwhile
        raise Conflict("changed_meanwhile", "The loan or the request changed meanwhile; reload and try again.",
                       "এর মধ্যে ঋণ বা অনুরোধটি পরিবর্তিত হয়েছে; পুনরায় লোড করে আবার চেষ্টা করুন।") from None
    return applied
