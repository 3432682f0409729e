"""Correction requests on an approved loan: an office above the project's upazila asks, the upazila applies.

An approved borrower list is locked (services/loan_lists.py): a borrower's details change only this way, with
the request's id in the loan's audit trail. The loan's terms are not corrected by request (a reschedule is its
own approved action).
"""
from dataclasses import replace

from .corrections import Correction, check_changed, step
from .errors import Invalid, NotAllowed, OutsideJurisdiction
from .jurisdiction import Caller

SUBJECT = "loan"
LOAN_FIELDS = ("name_bn", "guardian_name_bn", "barrack_no", "room_no", "phone", "nid")


def check_loan_field(name) -> str:
    if not isinstance(name, str) or name not in LOAN_FIELDS:
        raise Invalid("invalid_field", "A loan's request corrects one of: " + ", ".join(LOAN_FIELDS),
                      "এই তথ্য সংশোধন অনুরোধে পরিবর্তন করা যায় না।",
                      [{"field": "field", "code": "invalid_field", "message": "Choose one of: " + ", ".join(LOAN_FIELDS),
                        "message_bn": "তালিকা থেকে একটি বেছে নিন।"}])
    return name


def check_can_file(caller: Caller, loan) -> None:
    """Offices above the project's upazila, inside their area, file; the upazila itself does not (its approved
    list is locked: a change needs another office's request)."""
    if not caller.covers(loan.upazila_code):
        raise OutsideJurisdiction("outside_jurisdiction", "This area is outside your office's jurisdiction.",
                                  "এই এলাকা আপনার অফিসের এখতিয়ারের বাইরে।")
    if caller.role == "upazila":
        raise NotAllowed("office_above_files", "An approved loan is locked: an office above files the correction "
                                               "request and your office applies it.",
                         "অনুমোদিত ঋণ তালিকা পরিবর্তন করা যায় না: ঊর্ধ্বতন অফিস সংশোধনের অনুরোধ পাঠায় এবং "
                         "আপনার অফিস তা প্রয়োগ করে।")
    if loan.state != "approved":
        raise NotAllowed("loan_not_approved", "This loan is not on an approved list yet; its upazila office imports "
                                              "the list again.",
                         "এই ঋণ এখনো অনুমোদিত তালিকায় নেই; উপজেলা অফিস তালিকাটি আবার আমদানি করবে।")


def new_loan_correction(correction_id: str, loan, project, field_name: str, current_value, proposed_value,
                        reason: str, caller: Caller, now: str) -> Correction:
    check_changed(current_value, proposed_value)
    return Correction(
        id=correction_id, society_id=project.society_id or "", society_name_bn=project.name_bn,
        owner_office=loan.upazila_code, field=field_name, current_value=current_value, proposed_value=proposed_value,
        reason=reason, requested_by=caller.username, requester_office=caller.office_code,
        requester_role=caller.role, created_at=now, updated_at=now, subject_kind=SUBJECT, subject_id=loan.id,
        subject_name_bn=loan.borrower.name_bn, history=(step("filed", caller.username, caller.office_code, now, reason),))


def corrected_borrower(loan, field_name: str, value):
    """The loan with one borrower detail replaced (the value already normalised)."""
    return replace(loan, borrower=replace(loan.borrower, **{field_name: value}), version=loan.version + 1)
