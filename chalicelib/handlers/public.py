"""Public routes: areas, statistics, society lists and pages, the election calendar.

Answers are built from an allow-list of fields (domain.society.PUBLIC_FIELDS), so no
phone number or other personal data can leave through them, and they may be cached.
"""
from chalice import Blueprint

from ..domain import geography
from ..domain.calendar import by_month
from ..domain.errors import DomainError, NotFound
from ..domain.society import PUBLIC_FIELDS, count_by_status, public_view
from ..store.societies import Societies
from .common import PUBLIC_CACHE, area_param, dhaka_today, handles_errors, json_response, list_filters, query_params

bp = Blueprint(__name__)
LIST_FIELDS = list(PUBLIC_FIELDS)


@bp.route("/health", methods=["GET"])
def health():
    return {"status": "ok"}


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
    rows = Societies().all_in_area(area_code, ["term_ends_on"])
    return json_response({"area": geography.area(area_code), "lineage": geography.lineage(area_code),
                          **count_by_status([r["term_ends_on"] for r in rows], dhaka_today())},
                         headers=PUBLIC_CACHE)


@bp.route("/public/societies", methods=["GET"])
@handles_errors
def list_public():
    today, params = dhaka_today(), query_params(bp.current_request)
    area_code = area_param(params, "")
    items, cursor = Societies().list_area(area_code, today, fields=LIST_FIELDS, **list_filters(params))
    return json_response({"items": [public_view(r, today) for r in items], "next_cursor": cursor,
                          "area": geography.area(area_code), "lineage": geography.lineage(area_code)},
                         headers=PUBLIC_CACHE)


@bp.route("/public/societies/{society_id}", methods=["GET"])
@handles_errors
def get_public(society_id):
    record = Societies().get(society_id)
    if record is None:
        raise NotFound("society_not_found", "No such society.", "এমন কোনো সমিতি নেই।")
    return json_response(public_view(record, dhaka_today()), headers=PUBLIC_CACHE)


@bp.route("/public/calendar", methods=["GET"])
@handles_errors
def calendar():
    """The digital election calendar of an upazila (or a district): terms ending by month."""
    today = dhaka_today()
    area_code = area_param(query_params(bp.current_request), "")
    if len(area_code) < 4:
        raise DomainError("area_too_large", "Choose a district or an upazila for the calendar.",
                          "ক্যালেন্ডারের জন্য একটি জেলা বা উপজেলা বেছে নিন।")
    rows = Societies().all_in_area(area_code, LIST_FIELDS)
    return json_response({"area": geography.area(area_code), "lineage": geography.lineage(area_code),
                          "today": today.isoformat(),
                          "months": by_month([public_view(r, today) for r in rows])},
                         headers=PUBLIC_CACHE)
