"""Officer routes of the upazila loan committee's decisions: blacklist a borrower or refer them for legal action,
lift a decision, list an area's decisions."""
from chalice import Blueprint

from .api import Reply, Routes
from .auth import jwt_auth
from .common import OnFirstUse, current_caller, dhaka_today, utc_now
from .stores import Loans, new_id

standing = OnFirstUse("chalicelib.services.loan_standing")
bp = Blueprint(__name__)
routes = Routes(bp, models="loan_standing", authorizer=jwt_auth)


def _caller():
    return current_caller(bp.current_request)


@routes.post("/asrayon/sanctions", body="SanctionInput", answers={201: "Sanction"}, errors=(400, 404))
def record_sanction(body):
    """Record the loan committee's blacklist or legal-action referral of a loan's borrower (the upazila office)

    The borrower (the loan's phone and NID) cannot take a new loan in the upazila from decided_on until lift_on or
    until the decision is lifted. 400 invalid_input. 404 loan_not_found. 403 outside_jurisdiction,
    upazila_office_only.
    """
    sanction = standing.record_sanction(Loans(), new_id, _caller(), body, dhaka_today(), utc_now())
    return Reply(standing.sanction_view(sanction, dhaka_today()), 201)


@routes.post("/asrayon/sanctions/{sanction_id}/lift", path_params="SanctionPath", body="SanctionLiftInput",
             answers={200: "Sanction"}, errors=(400, 404, 409))
def lift_sanction(sanction_id, body):
    """Lift a blacklist entry or a referral by a later committee decision (kept beside it, audited)

    400 invalid_input. 404 sanction_not_found. 409 sanction_lifted. 403 outside_jurisdiction, upazila_office_only.
    """
    lifted = standing.lift_sanction(Loans(), _caller(), sanction_id, body, dhaka_today())
    return standing.sanction_view(lifted, dhaka_today())


@routes.get("/asrayon/sanctions", query="AreaQuery", answers={200: "Sanctions"}, errors=(400,))
def list_sanctions(query):
    """The loan committees' decisions of an area (default: the caller's office's), the latest first

    400 unknown_area. 403 outside_jurisdiction.
    """
    return standing.area_sanctions(Loans(), _caller(), query.area, dhaka_today())
