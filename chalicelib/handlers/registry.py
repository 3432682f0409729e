"""Officer routes of the society registry: create, read, update, dissolve, list, export."""
import csv
import io
from datetime import datetime, timezone

from chalice import Blueprint, Response

from ..config import settings
from ..domain import geography
from ..domain.errors import Conflict, DomainError, NotFound
from ..domain.jurisdiction import check_read, check_write
from ..domain.society import EDITABLE_FIELDS, apply_patch, count_by_status, view, with_reminder_state
from ..store import audit
from ..store.sms import SmsLog
from ..store.societies import STALE_VERSION, Societies, new_id
from .auth import jwt_auth
from .common import (BODY_TYPES, area_param, current_caller, dhaka_today, handles_errors, json_body,
                     json_response, list_filters, query_params, validation_details)

bp = Blueprint(__name__)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def readable_area(caller, params: dict) -> str:
    """The area the caller asked for (default: their office's), if they may read it."""
    area_code = area_param(params, caller.office_code)
    check_read(caller, area_code)
    return area_code


def _owned(society_id: str, caller, write: bool) -> dict:
    record = Societies().get(society_id)
    if record is None:
        raise NotFound("society_not_found", "No such society.", "এমন কোনো সমিতি নেই।")
    (check_write if write else check_read)(caller, record["upazila_code"])
    return record


def entered_society(body: dict, today):
    """The body as a valid SocietyInput, or a 400 naming every field that is wrong."""
    # pydantic loads only when a society is written, so read-only cold starts skip it.
    from pydantic import ValidationError

    from ..domain.society_input import SocietyInput
    try:
        return SocietyInput.model_validate(body, context={"today": today})
    except ValidationError as exc:
        raise DomainError("invalid_input", "Some fields are not valid.", "কিছু তথ্য সঠিক নয়।",
                          validation_details(exc)) from None


def new_record(entered, username: str, today) -> dict:
    """A first version of a society record, its term end and reminders worked out."""
    now = _now()
    record = {**entered.with_term_end(settings().term_rules()), "id": new_id(), "version": 1,
              "created_at": now, "created_by": username, "updated_at": now, "updated_by": username}
    return with_reminder_state(record, settings().reminder_rules(), today)


@bp.route("/societies", methods=["POST"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def create_society():
    caller, today = current_caller(bp.current_request), dhaka_today()
    body = json_body(bp.current_request)
    entered = entered_society(body, today)
    check_write(caller, entered.upazila_code)
    record = new_record(entered, caller.username, today)
    Societies().create(record, caller.username)
    return json_response(view(record, today), status=201)


@bp.route("/societies", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def list_societies():
    caller, today = current_caller(bp.current_request), dhaka_today()
    params = query_params(bp.current_request)
    area_code = readable_area(caller, params)
    items, cursor = Societies().list_area(area_code, today, include_dissolved=params.get("dissolved") == "1",
                                          **list_filters(params))
    return json_response({"items": [view(r, today) for r in items], "next_cursor": cursor,
                          "area": geography.area(area_code)})


@bp.route("/societies/summary", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def summary():
    caller, today = current_caller(bp.current_request), dhaka_today()
    area_code = readable_area(caller, query_params(bp.current_request))
    rows = Societies().all_in_area(area_code, ["term_ends_on"])
    return json_response({"area": geography.area(area_code),
                          **count_by_status([r["term_ends_on"] for r in rows], today)})


@bp.route("/societies/{society_id}", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def get_society(society_id):
    record = _owned(society_id, current_caller(bp.current_request), write=False)
    return json_response(view(record, dhaka_today()))


@bp.route("/societies/{society_id}/history", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def society_history(society_id):
    _owned(society_id, current_caller(bp.current_request), write=False)
    return json_response({"items": audit.history("society", society_id),
                          "sms": SmsLog().for_society(society_id)})


@bp.route("/societies/{society_id}", methods=["PATCH"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def update_society(society_id):
    caller, today = current_caller(bp.current_request), dhaka_today()
    patch = json_body(bp.current_request)
    before = _owned(society_id, caller, write=True)
    if before.get("dissolved_on"):
        raise Conflict("society_dissolved", "A dissolved society cannot be changed.",
                       "বিলুপ্ত সমিতির তথ্য পরিবর্তন করা যায় না।")
    expected = patch.pop("version", None)
    if expected is not None and expected != before["version"]:
        raise STALE_VERSION
    entered = entered_society(apply_patch(before, patch), today)
    check_write(caller, entered.upazila_code)
    after = {**before, **entered.with_term_end(settings().term_rules()), "version": before["version"] + 1,
             "updated_at": _now(), "updated_by": caller.username}
    after = with_reminder_state(after, settings().reminder_rules(), today)
    Societies().replace(before, after, caller.username, "update")
    return json_response(view(after, today))


@bp.route("/societies/{society_id}", methods=["DELETE"], authorizer=jwt_auth)
@handles_errors
def dissolve_society(society_id):
    """Soft delete: a dissolved society leaves the lists and reminders but stays in history."""
    caller, today = current_caller(bp.current_request), dhaka_today()
    before = _owned(society_id, caller, write=True)
    if before.get("dissolved_on"):
        raise Conflict("society_dissolved", "This society is already dissolved.",
                       "এই সমিতি ইতিমধ্যে বিলুপ্ত।")
    after = {**before, "dissolved_on": today.isoformat(), "version": before["version"] + 1,
             "updated_at": _now(), "updated_by": caller.username}
    after = with_reminder_state(after, settings().reminder_rules(), today)
    Societies().replace(before, after, caller.username, "dissolve")
    return json_response(view(after, today))


def spreadsheet_safe(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


CSV_COLUMNS = ("registration_no", "registered_on", "name_bn", "name_en", "address", "upazila_code",
               "committee_kind", "committee_started_on", "term_ends_on", "days_left", "status",
               "last_agm_on", "agm_due_on", "last_audit_year", "last_audit_on", "audit_due_on",
               "officer_phone", "president_phone", "secretary_phone", "facebook_url")


@bp.route("/reports/societies.csv", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def export_csv():
    caller, today = current_caller(bp.current_request), dhaka_today()
    area_code = readable_area(caller, query_params(bp.current_request))
    rows = Societies().all_in_area(area_code, [*EDITABLE_FIELDS, "id"])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for record in sorted(rows, key=lambda r: r["term_ends_on"]):
        writer.writerow({k: spreadsheet_safe(v) for k, v in view(record, today).items()})
    # The byte-order mark lets Excel open Bengali text as UTF-8.
    return Response(body="\ufeff" + out.getvalue(), status_code=200, headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="societies-{area_code or "bd"}-{today}.csv"'})
