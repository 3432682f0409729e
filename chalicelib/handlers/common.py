"""What every route shares: the caller, today's date, JSON bodies and error replies."""
import json
from datetime import date, datetime, timezone
from importlib import import_module

from chalice import Response

from ..domain import geography
from ..domain.bangla import bn_digits
from ..domain.errors import Invalid
from ..domain.jurisdiction import Caller
from .errors import JSON_HEADERS

from ..domain.calendar import DHAKA  # noqa: F401  (the one definition; handlers import it from here)
# JSON is parsed from the raw body whatever the client called it (curl -d sends form type).
BODY_TYPES = ["application/json", "text/plain", "application/x-www-form-urlencoded"]
# a phone keeps a public read 5 minutes, the edge cache (infra: PublicApiDistribution) an hour
PUBLIC_CACHE = {"Cache-Control": "public, max-age=300, s-maxage=3600"}


class OnFirstUse:
    """A module, or a name in it, imported when a route first uses it, not when app.py declares the routes:
    a cold start imports and compiles what its own request needs (bKash, powertools, other routes' stores).
    import_module holds the import lock, so `chalice local`'s threads share one import."""

    def __init__(self, module: str, name: str | None = None):
        self._module, self._name = module, name

    def _target(self):
        module = import_module(self._module)
        return getattr(module, self._name) if self._name else module

    def __getattr__(self, attribute: str):
        return getattr(self._target(), attribute)

    def __call__(self, *args, **kwargs):
        return self._target()(*args, **kwargs)


def dhaka_today() -> date:
    return datetime.now(DHAKA).date()


def utc_now(timespec: str = "seconds") -> str:
    return datetime.now(timezone.utc).isoformat(timespec=timespec)


def json_response(body, status: int = 200, headers: dict | None = None) -> Response:
    return Response(body=json.dumps(body, ensure_ascii=False), status_code=status,
                    headers={**JSON_HEADERS, **(headers or {})})


def csv_file(body: str, filename: str, headers: dict | None = None) -> Response:
    """A CSV download: the browser saves it under `filename`."""
    return Response(body=body, status_code=200, headers={
        "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": f'attachment; filename="{filename}"',
        **(headers or {})})


def json_body(request) -> dict:
    try:
        body = json.loads(request.raw_body or b"null")
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        raise Invalid("invalid_json", "Send a JSON object.", "JSON অবজেক্ট পাঠান।")
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
        raise Invalid("invalid_parameter", f"{name} must be a number from {low} to {high}.",
                          f"{name} {bn_digits(low)} থেকে {bn_digits(high)} এর মধ্যে একটি সংখ্যা হতে হবে।")
    return int(raw)


def area_param(params: dict, default: str | None) -> str | None:
    """The area asked for (`area_code`, or `upazila_code`), which must be a known code."""
    code = params.get("upazila_code") or params.get("area_code")
    if code is None:
        return default
    return geography.known_area(code)

