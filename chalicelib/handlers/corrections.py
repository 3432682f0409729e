"""Correction requests: a higher office (or the society's committee) asks, the owning office applies or rejects."""
import secrets

from chalice import Blueprint

from ..domain.corrections import view
from ..services import corrections
from ..store.corrections import Corrections
from ..store.logins import LoginAttempts
from ..store.offices import Offices
from ..store.site import SiteFiles
from ..store.societies import Societies
from ..store.tasks import Tasks
from .auth import jwt_auth
from .common import (BODY_TYPES, current_caller, dhaka_today, int_param, json_body, json_response, query_params,
                     utc_now)
from .errors import handles_errors

bp = Blueprint(__name__)
NO_STORE = {"Cache-Control": "no-store"}


def new_id() -> str:
    """A reference people can read out on the phone: cr- and 10 hex digits."""
    return f"cr-{secrets.token_hex(5)}"


def sms_sender(caller, kind, recipients, now, description=""):
    """Notifications go through the SMS pipeline's jobs (send window, suppression list, monthly cap)."""
    from ..services.message_jobs import start_job
    from .message_jobs import job_stores
    return start_job(job_stores(), caller, kind, recipients, now, description=description)


@bp.route("/corrections", methods=["POST"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def file_request():
    request = corrections.file_request(Corrections(), Societies(), Offices(), sms_sender,
                                       current_caller(bp.current_request), json_body(bp.current_request), new_id,
                                       dhaka_today(), utc_now("milliseconds"))
    return json_response(view(request), 201)


@bp.route("/corrections", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def list_requests():
    params = query_params(bp.current_request)
    return json_response(corrections.box(Corrections(), current_caller(bp.current_request),
                                         params.get("box") or "inbox", params.get("office_code"),
                                         params.get("state"), params.get("cursor"),
                                         int_param(params, "limit", 20, 1, 100)))


@bp.route("/corrections/{correction_id}", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def one_request(correction_id):
    return json_response(corrections.one(Corrections(), current_caller(bp.current_request), correction_id))


@bp.route("/corrections/{correction_id}/apply", methods=["POST"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def apply_request(correction_id):
    request = corrections.apply(Corrections(), Societies(), Tasks(), Offices(), sms_sender,
                                current_caller(bp.current_request), correction_id, dhaka_today(),
                                utc_now("milliseconds"), SiteFiles())
    return json_response(view(request))


@bp.route("/corrections/{correction_id}/reject", methods=["POST"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def reject_request(correction_id):
    request = corrections.reject(Corrections(), Offices(), sms_sender, current_caller(bp.current_request),
                                 correction_id, json_body(bp.current_request), utc_now("milliseconds"))
    return json_response(view(request))


@bp.route("/corrections/{correction_id}/withdraw", methods=["POST"], authorizer=jwt_auth,
          content_types=BODY_TYPES)
@handles_errors
def withdraw_request(correction_id):
    request = corrections.withdraw(Corrections(), current_caller(bp.current_request), correction_id,
                                   utc_now("milliseconds"))
    return json_response(view(request))


@bp.route("/public/societies/{society_id}/corrections", methods=["POST"], content_types=BODY_TYPES)
@handles_errors
def public_request(society_id):
    request = corrections.file_public(Corrections(), Societies(), Offices(), LoginAttempts(), sms_sender, society_id,
                                      json_body(bp.current_request), new_id, dhaka_today(), utc_now("milliseconds"))
    return json_response({"id": request.id, "state": request.state}, 201, NO_STORE)
