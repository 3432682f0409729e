"""Officer routes of the society registry: parse, call one service, reply."""

from chalice import Blueprint, Response

from ..domain import geography
from ..domain.society import EDITABLE_FIELDS, view
from ..domain.errors import Invalid
from ..domain.spreadsheet import XLSX_TYPE, csv_text, template_csv
from ..services import registry, society_import
from ..store import audit
from ..store.corrections import Corrections
from ..store.site import SiteFiles
from ..store.sms import SmsLog
from ..store.societies import Societies, new_id
from ..store.tasks import Tasks
from .auth import jwt_auth
from .common import (BODY_TYPES, area_param, current_caller, dhaka_today, json_body, json_response, list_filters,
                     query_params, utc_now)
from .errors import handles_errors

bp = Blueprint(__name__)


@bp.route("/societies", methods=["POST"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def create_society():
    today = dhaka_today()
    society = registry.create_society(Societies(), new_id, current_caller(bp.current_request),
                                      json_body(bp.current_request), today, utc_now(), SiteFiles())
    return json_response(view(society, today, with_obligations=True), status=201)


@bp.route("/societies", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def list_societies():
    today, params = dhaka_today(), query_params(bp.current_request)
    area_code, items, cursor = registry.list_societies(
        Societies(), current_caller(bp.current_request), area_param(params, None), today, list_filters(params),
        include_dissolved=params.get("dissolved") == "1")
    return json_response({"items": [view(s, today) for s in items], "next_cursor": cursor,
                          "area": geography.area(area_code)})


@bp.route("/societies/summary", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def summary():
    area_code, counts = registry.officer_status_counts(
        Societies(), current_caller(bp.current_request), area_param(query_params(bp.current_request), None),
        dhaka_today())
    return json_response({"area": geography.area(area_code), **counts})


@bp.route("/societies/{society_id}", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def get_society(society_id):
    society, open_corrections = registry.officer_society(Societies(), Corrections(),
                                                         current_caller(bp.current_request), society_id)
    return json_response({**view(society, dhaka_today(), with_obligations=True), "open_corrections": open_corrections})


@bp.route("/societies/{society_id}/history", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def society_history(society_id):
    return json_response(registry.history(Societies(), audit.history, SmsLog(),
                                          current_caller(bp.current_request), society_id))


@bp.route("/societies/{society_id}", methods=["PATCH"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def update_society(society_id):
    today = dhaka_today()
    society = registry.update_society(Societies(), Tasks(), current_caller(bp.current_request), society_id,
                                      json_body(bp.current_request), today, utc_now(), pages=SiteFiles())
    return json_response(view(society, today, with_obligations=True))


@bp.route("/societies/{society_id}", methods=["DELETE"], authorizer=jwt_auth)
@handles_errors
def dissolve_society(society_id):
    today = dhaka_today()
    society = registry.dissolve_society(Societies(), current_caller(bp.current_request), society_id,
                                        today, utc_now(), SiteFiles())
    return json_response(view(society, today))


CSV_COLUMNS = ("registration_no", "registered_on", "name_bn", "name_en", "address", "upazila_code",
               "committee_kind", "committee_started_on", "term_ends_on", "days_left", "status",
               "last_agm_on", "last_audit_year", "last_audit_on", "last_accounts_year", "last_rectification_on",
               "paid_up_share_capital_paisa", "officer_phone", "president_phone", "secretary_phone", "facebook_url")


def csv_response(rows: list[dict], columns, filename: str) -> Response:
    body = csv_text(list(columns), ([row.get(name, "") for name in columns] for row in rows))
    return Response(body=body, status_code=200, headers={
        "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/reports/societies.csv", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def export_csv():
    today = dhaka_today()
    area_code, societies = registry.officer_area_societies(
        Societies(), current_caller(bp.current_request), area_param(query_params(bp.current_request), None),
        [*EDITABLE_FIELDS, "id"])
    return csv_response([view(s, today) for s in societies], CSV_COLUMNS,
                        f"societies-{area_code}-{today}.csv")


IMPORT_TYPES = ["text/csv", XLSX_TYPE, "application/octet-stream"]


@bp.route("/societies/import", methods=["POST"], authorizer=jwt_auth, content_types=IMPORT_TYPES)
@handles_errors
def import_societies():
    request = bp.current_request
    dry_run = query_params(request).get("dry_run", "true")
    if dry_run not in ("true", "false"):
        raise Invalid("invalid_parameter", "dry_run must be true or false.", "dry_run true বা false হতে হবে।")
    result = society_import.import_societies(
        Societies(), new_id, current_caller(request), request.raw_body or b"", request.headers.get("content-type"),
        dry_run == "true", dhaka_today(), utc_now(), pages=SiteFiles())
    return json_response(result)


@bp.route("/societies/import/template.csv", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def import_template():
    return Response(body=template_csv(), status_code=200, headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="samabay-societies-template.csv"'})
