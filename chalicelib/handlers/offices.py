"""The caller's office: its tasks and its own details (the office phone, the public about page)."""
from chalice import Blueprint

from ..services import offices, tasks
from ..store.offices import Offices
from ..store.site import SiteFiles
from ..store.tasks import Tasks
from .auth import jwt_auth
from .common import BODY_TYPES, PUBLIC_CACHE, current_caller, json_body, json_response, query_params, utc_now
from .errors import handles_errors

bp = Blueprint(__name__)


@bp.route("/tasks", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def office_tasks():
    items = tasks.office_tasks(Tasks(), current_caller(bp.current_request),
                               query_params(bp.current_request).get("state"))
    return json_response({"items": items})


@bp.route("/offices/{code}", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def get_office(code):
    return json_response(offices.get_office(Offices(), current_caller(bp.current_request), _code(code)))


@bp.route("/offices/{code}", methods=["PATCH"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def update_office(code):
    return json_response(offices.update_office(Offices(), current_caller(bp.current_request), _code(code),
                                               json_body(bp.current_request), utc_now(), SiteFiles()))


@bp.route("/public/offices/{code}", methods=["GET"])
@handles_errors
def public_office(code):
    """The office's about page: published fields only."""
    return json_response(offices.public_office(Offices(), _code(code)), headers=PUBLIC_CACHE)


def _code(code: str) -> str:
    """HQ's office code is empty; in a path it is written BD."""
    return "" if code == "BD" else code
