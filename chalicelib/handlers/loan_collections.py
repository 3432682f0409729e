"""Officer route of a representative's collection: one bKash payment for several borrowers of a project."""
from chalice import Blueprint

from ..bootstrap import payment_parts
from ..config import settings
from .api import Reply, Routes
from .auth import jwt_auth
from .common import OnFirstUse, current_caller, utc_now
from .stores import Loans, new_id

collections = OnFirstUse("chalicelib.services.loan_collections")
bp = Blueprint(__name__)
routes = Routes(bp, models="loan_collections", authorizer=jwt_auth)


@routes.post("/asrayon/projects/{project_id}/collections", path_params="ProjectPath", body="CollectionInput",
             answers={201: "CollectionStart"}, errors=(400, 404, 409))
def start_collection(project_id, body):
    """Make a collection list for a project and its bKash pay link: the representative pays once for all its
    borrowers, and each loan is credited its own line (the project's upazila office)

    Without lines: every approved loan of the project with what it owes now. 400 invalid_phone, invalid_lines,
    unknown_loan, invalid_amount, too_many_lines. 404 project_not_found. 409 nothing_due, payment_unavailable,
    overdue_first (the project refuses paying ahead after a deadline: a line for more than its loan has overdue;
    error.details names the loan and overdue_paisa; without lines such a loan's line is its overdue amount). 403
    outside_jurisdiction, upazila_office_only.
    """
    callback = f"{settings().public_api_url}/api/payments/bkash/callback"
    started = collections.start_collection(Loans(), payment_parts(answer_in_time=True), new_id,
                                           current_caller(bp.current_request), project_id, body,
                                           utc_now("milliseconds"), callback, settings().arrears_rules())
    return Reply(started, 201)
