"""Public site content: notices, photos, visitor counter (office about pages: handlers/offices.py)."""
import random
import secrets

from chalice import Blueprint

from ..config import settings
from ..services import site_content
from ..store.content import Content
from ..store.site import SiteFiles
from .auth import jwt_auth
from .common import (BODY_TYPES, PUBLIC_CACHE, area_param, current_caller, dhaka_today, int_param, json_body,
                     json_response, query_params, utc_now)
from .errors import handles_errors

bp = Blueprint(__name__)
NO_STORE = {"Cache-Control": "no-store"}
PUBLIC_SHORT = {"Cache-Control": "public, max-age=60"}  # a scheduled notice appears within a minute


def _content_and_pages() -> tuple[Content, SiteFiles]:
    content = Content()
    return content, SiteFiles(content)


# ---- notices (the caller's office) -----------------------------------------------------------

@bp.route("/notices", methods=["POST"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def create_notice():
    content, pages = _content_and_pages()
    return json_response(site_content.create_notice(content, pages, current_caller(bp.current_request),
                                                    json_body(bp.current_request), secrets.token_hex(8),
                                                    utc_now()), 201)


@bp.route("/notices", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def office_notices():
    params = query_params(bp.current_request)
    return json_response(site_content.office_notices(Content(), current_caller(bp.current_request),
                                                     params.get("cursor") or None,
                                                     int_param(params, "limit", 20, 1, 100), utc_now()))


@bp.route("/notices/{notice_id}", methods=["PATCH"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def update_notice(notice_id):
    content, pages = _content_and_pages()
    return json_response(site_content.update_notice(content, pages, current_caller(bp.current_request), notice_id,
                                                    json_body(bp.current_request), utc_now()))


@bp.route("/notices/{notice_id}", methods=["DELETE"], authorizer=jwt_auth)
@handles_errors
def withdraw_notice(notice_id):
    content, pages = _content_and_pages()
    return json_response(site_content.withdraw_notice(content, pages, current_caller(bp.current_request),
                                                      notice_id, utc_now()))


# ---- notices (public) ------------------------------------------------------------------------

@bp.route("/public/notices", methods=["GET"])
@handles_errors
def public_notices():
    params = query_params(bp.current_request)
    return json_response(site_content.public_notices(Content(), area_param(params, ""), params.get("cursor") or None,
                                                     int_param(params, "limit", 10, 1, 50), utc_now()),
                         headers=PUBLIC_SHORT)


@bp.route("/public/notices/{notice_id}", methods=["GET"])
@handles_errors
def public_notice(notice_id):
    return json_response(site_content.public_notice_page(Content(), notice_id,
                                                         area_param(query_params(bp.current_request), None),
                                                         utc_now()), headers=PUBLIC_SHORT)


# ---- photos ----------------------------------------------------------------------------------

@bp.route("/photos", methods=["POST"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def photo_upload():
    return json_response(site_content.photo_upload(Content(), SiteFiles(), current_caller(bp.current_request),
                                                   json_body(bp.current_request), secrets.token_hex(8), utc_now()),
                         201)


@bp.route("/photos", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def office_photos():
    return json_response(site_content.office_photos(Content(), SiteFiles(), current_caller(bp.current_request)))


@bp.route("/photos/{photo_id}/done", methods=["POST"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def photo_done(photo_id):
    return json_response(site_content.photo_done(Content(), SiteFiles(), current_caller(bp.current_request),
                                                 photo_id, utc_now()))


@bp.route("/photos/{photo_id}", methods=["DELETE"], authorizer=jwt_auth)
@handles_errors
def delete_photo(photo_id):
    return json_response(site_content.delete_photo(Content(), SiteFiles(), current_caller(bp.current_request),
                                                   photo_id, utc_now()))


@bp.route("/public/photos", methods=["GET"])
@handles_errors
def public_photos():
    return json_response(site_content.public_photos(Content(), SiteFiles(),
                                                    area_param(query_params(bp.current_request), "")),
                         headers=PUBLIC_CACHE)


# ---- the visitor counter ---------------------------------------------------------------------

@bp.route("/public/visits", methods=["POST"], content_types=BODY_TYPES)
@handles_errors
def count_visit():
    body = json_body(bp.current_request)
    return json_response(site_content.count_visit(Content(), area_param(body, ""), dhaka_today(),
                                                  settings().visit_sample_rate, random.random()), headers=NO_STORE)


@bp.route("/public/visits", methods=["GET"])
@handles_errors
def visits():
    return json_response(site_content.visits(Content(), area_param(query_params(bp.current_request), ""),
                                             dhaka_today(), settings().visit_sample_rate), headers=PUBLIC_CACHE)
