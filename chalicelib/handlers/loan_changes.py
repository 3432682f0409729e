"""Officer routes of a loan's approved changes: a pause (disaster moratorium) and a reschedule."""
from chalice import Blueprint

from .api import Reply, Routes
from .auth import jwt_auth
from .common import OnFirstUse, current_caller, dhaka_today, utc_now
from .stores import Loans, new_id

changes = OnFirstUse("chalicelib.services.loan_changes")
loans = OnFirstUse("chalicelib.services.loans")
bp = Blueprint(__name__)
routes = Routes(bp, models="loan_changes", authorizer=jwt_auth)


def _answer(loan):
    return Reply(loans.named_loan_view(Loans(), loan, changes.state_today(loan, dhaka_today())), 201)


@routes.post("/loans/{loan_id}/pauses", path_params="LoanPath", body="PauseInput", answers={201: "LoanAsOf"},
             errors=(400, 404, 409))
def pause_loan(loan_id, body):
    """Record an approved pause (disaster moratorium): instalments due from its first day move later by its length,
    and its days are not days past due; the loan as of today

    400 invalid_input. 404 loan_not_found. 409 pause_overlaps (another pause of the loan covers some of its days),
    loan_not_approved, loan_changed. 403 outside_jurisdiction, upazila_office_only.
    """
    return _answer(changes.pause_loan(Loans(), new_id, current_caller(bp.current_request), loan_id, body, utc_now()))


@routes.post("/loans/{loan_id}/reschedules", path_params="LoanPath", body="RescheduleInput",
             answers={201: "LoanAsOf"}, errors=(400, 404, 409))
def reschedule_loan(loan_id, body):
    """Record an approved reschedule: instalments due before from_on stay; what the rest asked for is spread over
    the new instalments; the loan as of today

    400 invalid_input. 404 loan_not_found. 409 nothing_to_reschedule, loan_not_approved, loan_changed. 403
    outside_jurisdiction, upazila_office_only.
    """
    return _answer(changes.reschedule_loan(Loans(), new_id, current_caller(bp.current_request), loan_id, body,
                                           utc_now()))
