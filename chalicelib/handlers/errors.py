"""The one place that decides which HTTP status each domain error gets."""
import json
from functools import wraps

from chalice import Response

from ..domain.errors import (Conflict, DomainError, Invalid, NotAllowed, NotAuthenticated, NotFound,
                             OutsideJurisdiction, TooManyAttempts, Unavailable)

JSON_HEADERS = {"Content-Type": "application/json; charset=utf-8"}
STATUS = {
    Invalid: 400,
    NotAuthenticated: 401,
    OutsideJurisdiction: 403,
    NotAllowed: 403,
    NotFound: 404,
    Conflict: 409,
    TooManyAttempts: 429,
    Unavailable: 503,
}


def status_of(error: DomainError) -> int:
    for kind in type(error).__mro__:
        if kind in STATUS:
            return STATUS[kind]
    return 400


def error_response(status: int, code: str, message_en: str, message_bn: str, details=None) -> Response:
    body = {"error": {"code": code, "message": message_en, "message_bn": message_bn,
                      "details": details or []}}
    return Response(body=json.dumps(body, ensure_ascii=False), status_code=status, headers=JSON_HEADERS)


def handles_errors(view):
    """Domain errors become clear 4xx replies; nothing else is caught."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except DomainError as exc:
            return error_response(status_of(exc), exc.code, exc.message_en, exc.message_bn, exc.details)
    return wrapper
