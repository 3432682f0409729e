"""Public routes: areas, statistics, society lists and pages, the election calendar.

Answers are built from an allow-list of fields (domain.society.PUBLIC_FIELDS), so no
phone number or other personal data can leave through them, and they may be cached.
"""
from chalice import Blueprint

from ..domain import geography
from ..domain.calendar import by_month
from ..domain.society import PUBLIC_FIELDS, public_view
from ..services import registry
from ..services.registry import public_rules
from ..store.societies import Societies
from .common import PUBLIC_CACHE, area_param, dhaka_today, json_response, list_filters, query_params
from .errors import handles_errors

bp = Blueprint(__name__)
LIST_FIELDS = list(PUBLIC_FIELDS)


def _area(code: str) -> dict:
    return {"area": geography.area(code), "lineage": geography.lineage(code)}


@bp.route("/health", methods=["GET"])
def health():
    return {"status": "ok"}


@bp.route("/public/rules", methods=["GET"])
def rules():
    """The term lengths and colour thresholds in force (pages take them from here, not from code)."""
    return json_response(public_rules(), headers=PUBLIC_CACHE)


@bp.route("/public/areas", methods=["GET"])
@handles_errors
def areas():
    """The areas one level below `parent` (none: the divisions)."""
    parent = area_param({"area_code": query_params(bp.current_request).get("parent", "")}, "")
    return json_response({"parent": geography.area(parent), "lineage": geography.lineage(parent),
                          "items": geography.children(parent)}, headers=PUBLIC_CACHE)


@bp.route("/public/stats", methods=["GET"])
@handles_errors
def stats():
    area_code = area_param(query_params(bp.current_request), "")
    return json_response({**_area(area_code), **registry.status_counts(Societies(), area_code, dhaka_today())},
                         headers=PUBLIC_CACHE)


@bp.route("/public/societies", methods=["GET"])
@handles_errors
def list_public():
    today, params = dhaka_today(), query_params(bp.current_request)
    area_code = area_param(params, "")
    items, cursor = registry.public_societies(Societies(), area_code, today, list_filters(params), LIST_FIELDS)
    return json_response({"items": [public_view(s, today) for s in items], "next_cursor": cursor,
                          **_area(area_code)}, headers=PUBLIC_CACHE)


@bp.route("/public/societies/{society_id}", methods=["GET"])
@handles_errors
def get_public(society_id):
    society = registry.public_society(Societies(), society_id)
    return json_response(public_view(society, dhaka_today(), with_obligations=True), headers=PUBLIC_CACHE)


@bp.route("/public/calendar", methods=["GET"])
@handles_errors
def calendar():
    """The digital election calendar of an upazila (or a district): terms ending by month."""
    today = dhaka_today()
    area_code = area_param(query_params(bp.current_request), "")
    societies = registry.area_societies(Societies(), area_code, LIST_FIELDS)
    return json_response({**_area(area_code), "today": today.isoformat(),
                          "months": by_month([public_view(s, today) for s in societies])},
                         headers=PUBLIC_CACHE)
