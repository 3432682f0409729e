"""Public site content: notices, photos, visitor counter (office about pages: handlers/offices.py)."""
import secrets

from chalice import Blueprint

from ..bootstrap import content_and_pages
from ..config import settings
from .api import Reply, Routes
from .auth import jwt_auth, source_ip
from .common import PUBLIC_CACHE, OnFirstUse, area_param, current_caller, dhaka_today, utc_now
from .stores import Content, SiteFiles

site_content = OnFirstUse("chalicelib.services.site_content")
bp = Blueprint(__name__)
routes = Routes(bp, models="site_content", authorizer=jwt_auth)
NO_STORE = {"Cache-Control": "no-store"}
PUBLIC_SHORT = {"Cache-Control": "public, max-age=60"}  # a scheduled notice appears within a minute


def _caller():
    return current_caller(bp.current_request)


# ---- notices (the caller's office) -----------------------------------------------------------

@routes.post("/notices", body="NoticeInput", answers={201: "OfficerNotice"}, errors=(400,))
def create_notice(body):
    """Publish a notice for the caller's office's area

    It shows on the office's area page and every page below it from publish_at until expires_at. A static page
    n/<id>.html with Open Graph tags is published.
    """
    content, pages = content_and_pages()
    return Reply(site_content.create_notice(content, pages, _caller(), body, secrets.token_hex(8), utc_now()), 201)


@routes.get("/notices", query="OfficeNoticesQuery", answers={200: "OfficerNotices"}, errors=(400,))
def office_notices(query):
    """The caller's office's notices, every state (scheduled, published, expired, withdrawn)"""
    return site_content.office_notices(Content(), _caller(), query.cursor or None, query.limit, utc_now())


@routes.patch("/notices/{notice_id}", path_params="NoticePath", body="NoticePatch", answers={200: "OfficerNotice"},
              errors=(400, 404, 409))
def update_notice(notice_id, body):
    """Change a notice

    Only the office that published it changes it: an office above gets 403 own_office_only, any other 403
    outside_jurisdiction. 409: stale version or withdrawn.
    """
    content, pages = content_and_pages()
    return site_content.update_notice(content, pages, _caller(), notice_id, body, utc_now())


@routes.delete("/notices/{notice_id}", path_params="NoticePath", answers={200: "OfficerNotice"}, errors=(404, 409))
def withdraw_notice(notice_id):
    """Withdraw a notice (kept in the office's list and the audit trail)

    Only the office that published it changes it: an office above gets 403 own_office_only, any other 403
    outside_jurisdiction.
    """
    content, pages = content_and_pages()
    return site_content.withdraw_notice(content, pages, _caller(), notice_id, utc_now())


# ---- notices (public) ------------------------------------------------------------------------

@routes.get("/public/notices", query="PublicNoticesQuery", answers={200: "PublicNotices"}, errors=(400,),
            public=True, headers=PUBLIC_SHORT)
def public_notices(query):
    """Published, unexpired notices of an area and the offices above it, newest first"""
    return site_content.public_notices(Content(), _area(query, ""), query.cursor or None, query.limit, utc_now())


@routes.get("/public/notices/{notice_id}", path_params="NoticePath", query="NoticePageQuery",
            answers={200: "PublicNoticePage"}, errors=(400, 404), public=True, headers=PUBLIC_SHORT)
def public_notice(notice_id, query):
    """One published notice with the previous (newer) and next (older) notice of the area"""
    return site_content.public_notice_page(Content(), notice_id, _area(query, None), utc_now())


# ---- photos ----------------------------------------------------------------------------------

@routes.post("/photos", body="SitePhotoRequest", answers={201: "SitePhotoUpload"}, errors=(400,))
def photo_upload(body):
    """Start a photo upload: a presigned S3 POST (JPEG, PNG or WebP, at most 2 MB)

    POST the file to url with fields, then call /api/photos/{photo_id}/done. 400 photo_type, invalid_input.
    """
    return Reply(site_content.photo_upload(Content(), SiteFiles(), _caller(), body, secrets.token_hex(8),
                                           utc_now()), 201)


@routes.get("/photos", answers={200: "SitePhotos"})
def office_photos():
    """The caller's office's published photos"""
    return site_content.office_photos(Content(), SiteFiles(), _caller())


@routes.post("/photos/{photo_id}/done", path_params="PhotoPath", body="NoInput", answers={200: "SitePhoto"},
             errors=(400, 404))
def photo_done(photo_id, body):
    """Finish an upload: the file is checked to be the declared image, given a 400 px thumbnail (thumbs/<id>.jpg) \
and shown on the office's area page

    400 photo_not_uploaded when nothing (or over 2 MB) is there; 400 not_an_image when the file is not a JPEG, PNG
    or WebP of the declared type (the file is deleted). Only the office that published it changes it: an office
    above gets 403 own_office_only, any other 403 outside_jurisdiction.
    """
    return site_content.photo_done(Content(), SiteFiles(), _caller(), photo_id, utc_now())


@routes.delete("/photos/{photo_id}", path_params="PhotoPath", answers={200: "SitePhoto"}, errors=(404,))
def delete_photo(photo_id):
    """Remove a photo (files deleted; kept in the audit trail)

    Only the office that published it changes it: an office above gets 403 own_office_only, any other 403
    outside_jurisdiction.
    """
    return site_content.delete_photo(Content(), SiteFiles(), _caller(), photo_id, utc_now())


@routes.get("/public/photos", query="SiteAreaQuery", answers={200: "SitePhotos"}, errors=(400,), public=True,
            headers=PUBLIC_CACHE)
def public_photos(query):
    """Recent photos of an area's office and the offices above it"""
    return site_content.public_photos(Content(), SiteFiles(), _area(query, ""))


# ---- the visitor counter ---------------------------------------------------------------------

VISITS_WHY = """
    A page view must not cost an API request at scale, so the page samples: for 1 view in N (N =
    VISIT_SAMPLE_RATE, which the visits answer names; 1 locally, 20 by default in AWS) it sends a beacon, once
    per visit and area (sessionStorage: reloads draw nothing), and each beacon adds N to the area's counters and
    the whole site's (day, month and year at once, one atomic ADD each). The expected count is exact; its error is
    about sqrt(N x views), under 1% once views exceed 10,000 x N / 100. An address's beacons past 50 in a day add
    nothing (answered 200, counted 0), so a loop from one address adds at most 50 x N views a day.
"""


def _visits_doc(summary: str):
    """Both visit routes carry the same description (a summary line, then the description)."""
    def documented(view):
        view.__doc__ = summary + VISITS_WHY
        return view
    return documented


@routes.post("/public/visits", body="VisitInput", answers={200: "VisitCounted"}, errors=(400,), public=True,
             headers=NO_STORE)
@_visits_doc("Count a sampled visitor beacon")
def count_visit(body):
    return site_content.count_visit(Content(), area_param(body, ""), dhaka_today(), settings().visit_sample_rate,
                                    source_ip())


@routes.get("/public/visits", query="SiteAreaQuery", answers={200: "Visits"}, errors=(400,), public=True,
            headers=PUBLIC_CACHE)
@_visits_doc("Visits of an area: today, this month, all time")
def visits(query):
    return site_content.visits(Content(), _area(query, ""), dhaka_today(), settings().visit_sample_rate)


def _area(query, default: str | None) -> str | None:
    return query.area if query.area is not None else default
