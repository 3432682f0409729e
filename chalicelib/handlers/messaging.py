"""Messaging centre: templates (HQ default, district override), preview and send."""
from datetime import datetime, timezone

from chalice import Blueprint

from ..services import messaging
from ..store.societies import Societies
from ..store.templates import Templates
from .auth import jwt_auth
from .common import BODY_TYPES, area_param, current_caller, dhaka_today, json_body, json_response, query_params, utc_now
from .errors import handles_errors

bp = Blueprint(__name__)
NO_STORE = {"Cache-Control": "no-store"}


def compose_stores() -> messaging.ComposeStores:
    return messaging.ComposeStores(societies=Societies(), templates=Templates())


@bp.route("/messages/templates", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def templates():
    area = area_param(query_params(bp.current_request), None)
    return json_response(messaging.templates_view(Templates(), current_caller(bp.current_request), area),
                         headers=NO_STORE)


@bp.route("/messages/templates/{kind}", methods=["PUT"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def save_template(kind):
    return json_response(messaging.save_template(Templates(), current_caller(bp.current_request), kind,
                                                 json_body(bp.current_request), utc_now()))


@bp.route("/messages/templates/{kind}", methods=["DELETE"], authorizer=jwt_auth)
@handles_errors
def reset_template(kind):
    return json_response(messaging.reset_template(Templates(), current_caller(bp.current_request), kind))


@bp.route("/messages/preview", methods=["POST"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def preview():
    return json_response(messaging.preview(compose_stores(), current_caller(bp.current_request),
                                           json_body(bp.current_request), dhaka_today()), headers=NO_STORE)


@bp.route("/messages/send", methods=["POST"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def send():
    from .message_jobs import job_stores
    return json_response(messaging.send(compose_stores(), job_stores(), current_caller(bp.current_request),
                                        json_body(bp.current_request), dhaka_today(),
                                        datetime.now(timezone.utc)), 202)
