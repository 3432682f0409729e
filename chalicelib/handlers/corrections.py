"""Correction requests: a higher office (or the society's committee) asks, the owning office applies or rejects."""
import secrets

from chalice import Blueprint

from ..bootstrap import sms_notices
from .api import Reply, Routes
from .auth import jwt_auth
from .common import OnFirstUse, current_caller, dhaka_today, utc_now
from .stores import Corrections, Loans, LoginAttempts, Offices, SiteFiles, Societies, Tasks

corrections = OnFirstUse("chalicelib.services.corrections")
view = OnFirstUse("chalicelib.domain.corrections", "view")
bp = Blueprint(__name__)
routes = Routes(bp, models="corrections", authorizer=jwt_auth)
NO_STORE = {"Cache-Control": "no-store"}


def new_id() -> str:
    """A reference people can read out on the phone: cr- and 10 hex digits."""
    return f"cr-{secrets.token_hex(5)}"


def _caller():
    return current_caller(bp.current_request)


@routes.post("/corrections", body="CorrectionInput", answers={201: "Correction"}, errors=(400, 404, 409))
def file_request(body):
    """File a correction request against a society (an office above its upazila office)

    An office never edits a subordinate office's data: offices above the society's upazila office (district,
    division, HQ) inside their area file a request; the owning upazila office applies or rejects it. The current
    value is read when filing. 400 invalid_field (a field requests cannot change: upazila_code, ids, derived
    fields), invalid_input, no_change, invalid_reason. 403 owner_edits_directly (the upazila office owns it),
    outside_jurisdiction. 404 society_not_found. 409 correction_already_open (one open request per field),
    society_dissolved. The owning office is told by SMS.
    """
    request = corrections.file_request(Corrections(), Societies(), Offices(), sms_notices, _caller(), body, new_id,
                                       dhaka_today(), utc_now("milliseconds"))
    return Reply(view(request), 201)


@routes.get("/corrections", query="BoxQuery", answers={200: "CorrectionBox"}, errors=(400,))
def list_requests(query):
    """An office's inbox (requests to it) or outbox (its requests), open first, with counts per state

    400 invalid_parameter, unknown_area, invalid_cursor. 403 outside_jurisdiction.
    """
    return corrections.box(Corrections(), _caller(), query.box, query.office_code, query.state, query.cursor,
                           query.limit)


@routes.get("/corrections/{correction_id}", path_params="CorrectionPath", answers={200: "Correction"},
            errors=(404,))
def one_request(correction_id):
    """One request and its history (both offices and the offices above them)

    404 correction_not_found. 403 outside_jurisdiction.
    """
    return corrections.one(Corrections(), _caller(), correction_id)


@routes.post("/corrections/{correction_id}/apply", path_params="CorrectionPath", body="NoInput",
             answers={200: "Correction"}, errors=(404, 409))
def apply_request(correction_id, body):
    """Apply a request: the society or the loan's borrower changes and the request closes, in one transaction

    The audit entry has action correction, with the request id. Only the owning upazila office (403
    owner_decides). 409 correction_closed, correction_stale (the field changed since filing),
    correction_no_longer_valid, stale_version, society_dissolved. The requester is told by SMS.
    """
    return view(corrections.apply(Corrections(), Societies(), Tasks(), Offices(), sms_notices, _caller(),
                                  correction_id, dhaka_today(), utc_now("milliseconds"), SiteFiles(), Loans()))


@routes.post("/corrections/{correction_id}/reject", path_params="CorrectionPath", body="RejectInput",
             answers={200: "Correction"}, errors=(400, 404, 409))
def reject_request(correction_id, body):
    """Reject a request, with a reason

    Only the owning upazila office (403 owner_decides). 400 invalid_reason. 409 correction_closed. The requester
    is told by SMS.
    """
    return view(corrections.reject(Corrections(), Offices(), sms_notices, _caller(), correction_id, body,
                                   utc_now("milliseconds")))


@routes.post("/corrections/{correction_id}/withdraw", path_params="CorrectionPath", body="NoInput",
             answers={200: "Correction"}, errors=(404, 409))
def withdraw_request(correction_id, body):
    """Withdraw an open request (the office that filed it)

    403 requester_withdraws. 409 correction_closed.
    """
    return view(corrections.withdraw(Corrections(), _caller(), correction_id, utc_now("milliseconds")))


@routes.post("/public/societies/{society_id}/corrections", path_params="SocietyPath", body="PublicCorrectionInput",
             answers={201: "CorrectionFiled"}, errors=(400, 404, 409, 429), public=True, headers=NO_STORE)
def public_request(society_id, body):
    """The society's president or secretary asks its office to correct its listing

    The body and the society's state are checked before the phone, so 400 and 409 society_dissolved answer alike
    for any phone. 404 society_not_found for an unknown society and for a phone that is not the president's or
    secretary's alike (numbers are never revealed); 429 after 5 wrong numbers for a society, or 5 tries of one
    wrong number on any societies, for an hour. 400 invalid_field, invalid_input, no_change, invalid_reason. 409
    correction_already_open, society_dissolved.
    """
    request = corrections.file_public(Corrections(), Societies(), Offices(), LoginAttempts(), sms_notices,
                                      society_id, body, new_id, dhaka_today(), utc_now("milliseconds"))
    return Reply({"id": request.id, "state": request.state}, 201)
