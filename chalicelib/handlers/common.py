"""What every route shares: the caller, today's date, JSON bodies and error replies."""
import json
from datetime import date, datetime, timedelta, timezone
from functools import wraps

from chalice import Response

from ..config import settings
from ..domain import geography
from ..domain.errors import DomainError
from ..domain.jurisdiction import Caller
from ..domain.terms import COMMITTEE_KINDS, STATUS_LABELS

DHAKA = timezone(timedelta(hours=6), "Asia/Dhaka")  # Bangladesh keeps no daylight saving
JSON_HEADERS = {"Content-Type": "application/json; charset=utf-8"}
# JSON is parsed from the raw body whatever the client called it (curl -d sends form type).
BODY_TYPES = ["application/json", "text/plain", "application/x-www-form-urlencoded"]
PUBLIC_CACHE = {"Cache-Control": "public, max-age=300"}


def dhaka_today() -> date:
    return datetime.now(DHAKA).date()


def error_response(status: int, code: str, message_en: str, message_bn: str, details=None) -> Response:
    body = {"error": {"code": code, "message": message_en, "message_bn": message_bn,
                      "details": details or []}}
    return Response(body=json.dumps(body, ensure_ascii=False), status_code=status, headers=JSON_HEADERS)


def json_response(body, status: int = 200, headers: dict | None = None) -> Response:
    return Response(body=json.dumps(body, ensure_ascii=False), status_code=status,
                    headers={**JSON_HEADERS, **(headers or {})})


FIELD_ERRORS_BN = {
    "missing": "এই তথ্য আবশ্যক।",
    "extra_forbidden": "এই ঘর গ্রহণযোগ্য নয়।",
    "string_too_short": "লেখাটি খুব ছোট।",
    "string_too_long": "লেখাটি খুব বড়।",
    "literal_error": "তালিকা থেকে একটি বেছে নিন।",
    "date_from_datetime_parsing": "তারিখ YYYY-MM-DD আকারে দিন।",
    "date_parsing": "তারিখ YYYY-MM-DD আকারে দিন।",
    "date_type": "তারিখ YYYY-MM-DD আকারে দিন।",
    "string_type": "লেখা দিন।",
}


def validation_details(exc) -> list[dict]:
    """Per-field messages from a pydantic ValidationError, in Bengali and English."""
    details = []
    for err in exc.errors(include_url=False):
        ctx = err.get("ctx") or {}
        details.append({
            "field": ".".join(str(p) for p in err["loc"]) or None,
            "code": err["type"],
            "message": err["msg"],
            "message_bn": ctx.get("bn") or FIELD_ERRORS_BN.get(err["type"], "তথ্যটি সঠিক নয়।"),
        })
    return details


def handles_errors(view):
    """Domain errors become clear 4xx replies; nothing else is caught."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except DomainError as exc:
            return error_response(exc.status, exc.code, exc.message_en, exc.message_bn, exc.details)
    return wrapper


def json_body(request) -> dict:
    try:
        body = json.loads(request.raw_body or b"null")
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        raise DomainError("invalid_json", "Send a JSON object.", "JSON অবজেক্ট পাঠান।")
    return body


def current_caller(request) -> Caller:
    ctx = request.context.get("authorizer") or {}
    return Caller(username=ctx["username"], role=ctx["role"], office_code=ctx.get("office_code") or "")


def query_params(request) -> dict:
    return request.query_params or {}


def int_param(params: dict, name: str, default: int, low: int, high: int) -> int:
    raw = params.get(name)
    if raw in (None, ""):
        return default
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        raise DomainError("invalid_parameter", f"{name} must be a number from {low} to {high}.",
                          f"{name} {low} থেকে {high} এর মধ্যে একটি সংখ্যা হতে হবে।")
    return int(raw)


def area_param(params: dict, default: str) -> str:
    """The area asked for (`area_code`, or `upazila_code`), which must be a known code."""
    code = params.get("upazila_code") or params.get("area_code")
    if code is None:
        return default
    if not geography.area(code):
        raise DomainError("unknown_area", "Unknown area code.", "এলাকার কোড সঠিক নয়।")
    return code


def list_filters(params: dict) -> dict:
    status, kind = params.get("status") or None, params.get("committee_kind") or None
    if status and status not in STATUS_LABELS:
        raise DomainError("invalid_status", "status must be green, yellow or red.",
                          "অবস্থা সবুজ (green), হলুদ (yellow) বা লাল (red) হতে হবে।")
    if kind and kind not in COMMITTEE_KINDS:
        raise DomainError("invalid_committee_kind", "Unknown committee kind.", "কমিটির ধরন সঠিক নয়।")
    return {"status": status, "committee_kind": kind, "q": (params.get("q") or "").strip() or None,
            "cursor": params.get("cursor") or None,
            "limit": int_param(params, "limit", settings().page_size, 1, 200)}
