"""Office administration: officers one level below, own profile and password, officer-to-officer messages."""
from datetime import datetime, timezone

from chalice import Blueprint

from ..services import officer_messages, officers
from ..store.logins import LoginAttempts
from ..store.officer_messages import OfficerMessages
from ..store.officers import Officers
from ..store.societies import Societies
from ..store.users import Users, change_password
from .auth import jwt_auth
from .common import (BODY_TYPES, current_caller, dhaka_today, int_param, json_body, json_response, query_params,
                     utc_now)
from .errors import handles_errors

bp = Blueprint(__name__)
NO_STORE = {"Cache-Control": "no-store"}  # temporary passwords and personal details


def _job_stores():
    from .message_jobs import job_stores
    return job_stores()


@bp.route("/officers", methods=["POST"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def register_officer():
    return json_response(officers.register(Users(), Officers(), current_caller(bp.current_request),
                                           json_body(bp.current_request), utc_now()), 201, NO_STORE)


@bp.route("/officers", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def list_officers():
    return json_response(officers.list_below(Officers(), Societies(), current_caller(bp.current_request),
                                             dhaka_today()), headers=NO_STORE)


@bp.route("/officers/{username}/deactivate", methods=["POST"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def deactivate_officer(username):
    return json_response(officers.set_active(Users(), Officers(), current_caller(bp.current_request), username,
                                             False, utc_now()))


@bp.route("/officers/{username}/reactivate", methods=["POST"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def reactivate_officer(username):
    return json_response(officers.set_active(Users(), Officers(), current_caller(bp.current_request), username,
                                             True, utc_now()))


@bp.route("/officers/{username}/reset-password", methods=["POST"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def reset_officer_password(username):
    return json_response(officers.reset_password(Users(), Officers(), current_caller(bp.current_request),
                                                 username, utc_now()), headers=NO_STORE)


@bp.route("/officers/{username}/transfer", methods=["POST"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def transfer_officer(username):
    return json_response(officers.transfer(Users(), Officers(), current_caller(bp.current_request), username,
                                           json_body(bp.current_request), utc_now()))


@bp.route("/profile", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def own_profile():
    return json_response(officers.profile(Officers(), current_caller(bp.current_request)), headers=NO_STORE)


@bp.route("/profile", methods=["PATCH"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def update_own_profile():
    return json_response(officers.update_profile(Users(), Officers(), current_caller(bp.current_request),
                                                 json_body(bp.current_request), utc_now()), headers=NO_STORE)


@bp.route("/profile/password", methods=["POST"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def change_own_password():
    officers.change_password(change_password, LoginAttempts(), current_caller(bp.current_request),
                             json_body(bp.current_request))
    return json_response({"changed": True})


@bp.route("/officer-messages", methods=["POST"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def send_officer_message():
    return json_response(officer_messages.send(OfficerMessages(), Officers(), _job_stores,
                                               current_caller(bp.current_request), json_body(bp.current_request),
                                               datetime.now(timezone.utc)), 201)


@bp.route("/officer-messages", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def officer_message_box():
    params = query_params(bp.current_request)
    return json_response(officer_messages.box(OfficerMessages(), current_caller(bp.current_request),
                                              params.get("box") or "inbox", params.get("cursor") or None,
                                              int_param(params, "limit", 30, 1, 100)), headers=NO_STORE)


@bp.route("/officer-messages/{message_id}/read", methods=["POST"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def read_officer_message(message_id):
    return json_response(officer_messages.mark_read(OfficerMessages(), current_caller(bp.current_request),
                                                    message_id, utc_now()))
