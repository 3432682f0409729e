"""Approved pauses (disaster moratoria) and reschedules of a loan, recorded by the project's upazila office.

Each is appended to the loan with its audit entry; the original terms and the ledger stay as they were.
"""
from dataclasses import replace
from datetime import date

from ..config import settings
from ..domain.errors import Conflict
from ..domain.jurisdiction import Caller
from ..domain.loan_changes import Pause, Reschedule, change_as_dict, pauses, rescheduled
from ..domain.loans import Loan, LoanState, state_as_of
from ..domain.validation import validated
from .loans import NO_LOAN, check_loan_write

OVERLAP = Conflict("pause_overlaps", "This loan already has a pause covering some of these days.",
                   "এই ঋণের এই সময়ের কিছু দিনে আগে থেকেই বিরতি আছে।")
CHANGED = Conflict("loan_changed", "The loan changed meanwhile; read it again and retry.",
                   "ঋণটি এর মধ্যে বদলেছে; আবার দেখে চেষ্টা করুন।")
NOT_APPROVED = Conflict("loan_not_approved", "Only a loan on the approved list can be paused or rescheduled.",
                        "কেবল অনুমোদিত তালিকার ঋণে বিরতি বা পুনঃতফসিল করা যায়।")
NOTHING_LEFT = Conflict("nothing_to_reschedule", "No instalment falls due on or after that day.",
                        "ওই দিন বা তার পরে কোনো কিস্তি নেই।")


def _writable(loans, caller: Caller, loan_id: str) -> Loan:
    loan = loans.get_loan(loan_id, consistent=True)
    if loan is None:
        raise NO_LOAN
    check_loan_write(caller, loan.upazila_code)
    if loan.state != "approved":
        raise NOT_APPROVED
    return loan


def _append(loans, loan: Loan, change, actor: str) -> Loan:
    stored = change_as_dict(change)
    loans.add_change(loan, stored, actor, CHANGED)
    return replace(loan, changes=loan.changes + (stored,), version=loan.version + 1)


def pause_loan(loans, new_id, caller: Caller, loan_id: str, body: dict, now: str) -> Loan:
    from ..domain.loan_changes_input import PauseInput
    valid = validated(PauseInput, body)
    loan = _writable(loans, caller, loan_id)
    pause = Pause(new_id(), valid.starts_on, valid.ends_on, valid.reason, valid.decision_ref, caller.username, now)
    if any(pause.overlaps(other) for other in pauses(loan)):
        raise OVERLAP
    return _append(loans, loan, pause, caller.username)


def reschedule_loan(loans, new_id, caller: Caller, loan_id: str, body: dict, now: str) -> Loan:
    from ..domain.loan_changes_input import RescheduleInput
    valid = validated(RescheduleInput, body)
    loan = _writable(loans, caller, loan_id)
    change = Reschedule(new_id(), valid.from_on, valid.instalments, valid.frequency, valid.first_due_on,
                        valid.reason, valid.decision_ref, caller.username, now)
    try:
        rescheduled(loan.schedule, change, loan.principal_paisa, loan.service_charge_paisa)
    except ValueError:  # nothing of the principal falls due from that day
        raise NOTHING_LEFT from None
    return _append(loans, loan, change, caller.username)


def state_today(loan: Loan, today: date) -> LoanState:
    return state_as_of(loan, today, settings().arrears_rules())
