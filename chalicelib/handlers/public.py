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
from .api import Routes
from .common import PUBLIC_CACHE, dhaka_today

bp = Blueprint(__name__)
routes = Routes(bp, models="public")
LIST_FIELDS = list(PUBLIC_FIELDS)


def _area(code: str) -> dict:
    return {"area": geography.area(code), "lineage": geography.lineage(code)}


@routes.get("/health", answers={200: "Health"}, public=True)
def health():
    """Health check"""
    return {"status": "ok"}


@routes.get("/public/rules", answers={200: "Rules"}, public=True, headers=PUBLIC_CACHE)
def rules():
    """Term lengths and colour thresholds in force

    Pages take them from here, not from code; each obligation cites its rule.
    """
    return public_rules()


@routes.get("/public/areas", query="AreasQuery", answers={200: "Areas"}, errors=(400,), public=True,
            headers=PUBLIC_CACHE)
def areas(query):
    """Areas below a parent code

    None: the divisions. 400 unknown_area.
    """
    return {"parent": geography.area(query.parent), "lineage": geography.lineage(query.parent),
            "items": geography.children(query.parent)}


@routes.get("/public/stats", query="AreaQuery", answers={200: "Counts"}, errors=(400,), public=True,
            headers=PUBLIC_CACHE)
def stats(query):
    """Counts per status in an area

    Default: the whole country. 400 unknown_area.
    """
    area_code = query.area or ""
    return {**_area(area_code), **registry.status_counts(Societies(), area_code, dhaka_today())}


@routes.get("/public/societies", query="SocietyQuery", answers={200: "PublicSocietyList"}, errors=(400,),
            public=True, headers=PUBLIC_CACHE)
def list_public(query):
    """Public society list

    Default: the whole country. 400 invalid_parameter, unknown_area, invalid_cursor.
    """
    today, area_code = dhaka_today(), query.area or ""
    items, cursor = registry.public_societies(Societies(), area_code, today, query.filters(), LIST_FIELDS)
    return {"items": [public_view(s, today) for s in items], "next_cursor": cursor, **_area(area_code)}


@routes.get("/public/societies/{society_id}", path_params="SocietyPath", answers={200: "PublicSociety"},
            errors=(404,), public=True, headers=PUBLIC_CACHE)
def get_public(society_id):
    """Public society page

    With its obligations. 404 society_not_found.
    """
    society = registry.public_society(Societies(), society_id)
    return public_view(society, dhaka_today(), with_obligations=True)


@routes.get("/public/calendar", query="CalendarQuery", answers={200: "Calendar"}, errors=(400,), public=True,
            headers=PUBLIC_CACHE)
def calendar(query):
    """Election calendar of a district or upazila

    The digital election calendar: committee terms ending, by month. 400 unknown_area, area_too_large.
    """
    today = dhaka_today()
    societies = registry.area_societies(Societies(), query.area, LIST_FIELDS)
    return {**_area(query.area), "today": today.isoformat(),
            "months": by_month([public_view(s, today) for s in societies])}
