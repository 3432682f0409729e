"""Login, and the authorizer that checks every protected call's JWT."""
from chalice import AuthResponse, Blueprint
from chalice.app import ChaliceAuthorizer

from ..domain import geography
from ..domain.jurisdiction import SOCIETY_ROLE
from .api import Routes
from .common import OnFirstUse, current_caller
from .stores import LoginAttempts, Officers, Societies, first_password, password_login, verify_token

auth = OnFirstUse("chalicelib.services.auth")
observability = OnFirstUse("chalicelib.observability")

bp = Blueprint(__name__)
SOCIETY_ROUTES = ["/api/me", "/api/budgets", "/api/budgets/*"]  # what a society's user may call (API Gateway checks)


@bp.authorizer()
def jwt_auth(auth_request):
    import jwt
    token = auth_request.token or ""
    scheme, _, value = token.partition(" ")
    try:
        if scheme.lower() != "bearer" or not value:
            raise jwt.InvalidTokenError("no bearer token")
        claims = verify_token(value)
    except (jwt.PyJWTError, KeyError) as refused:  # the reason, never the token (the formatter masks one anyway)
        observability.logger.info("token refused", extra={"reason": f"{type(refused).__name__}: {refused}"})
        return AuthResponse(routes=[], principal_id="anonymous")
    # A token lives 8 hours; deactivation and transfer must take effect now (API Gateway caches
    # this answer for the authorizer's TTL, 5 minutes, so the read is not one per request).
    if not Officers().still_serves(claims["cognito:username"], claims.get("custom:office", "")):
        observability.logger.info("token refused", extra={"reason": "no longer serves this office",
                                                          "username": claims["cognito:username"]})
        return AuthResponse(routes=[], principal_id="anonymous")
    observability.logger.info("token accepted", extra={"username": claims["cognito:username"],
                                                       "role": claims["custom:role"]})
    # A society's user reaches only its own routes: the officer routes read an office's area from the caller.
    allowed = SOCIETY_ROUTES if claims["custom:role"] == SOCIETY_ROLE else ["*"]
    return AuthResponse(routes=allowed, principal_id=claims["cognito:username"], context={
        "username": claims["cognito:username"], "role": claims["custom:role"],
        "office_code": claims.get("custom:office", ""),
    })


class ObservedAuthorizer(ChaliceAuthorizer):
    """Chalice's built-in authorizer, each invocation begun as the middleware begins every other function's
    (Chalice's middleware does not reach authorizers): its log lines carry its own correlation_id."""

    def __call__(self, event, context):
        observability.begin_authorizer(context)
        return super().__call__(event, context)


jwt_auth.__class__ = ObservedAuthorizer  # the object Chalice registered (and local mode calls) stays the same


routes = Routes(bp, models="auth", authorizer=jwt_auth)


def me_body(username: str, role: str, office_code: str) -> dict:
    if role == SOCIETY_ROLE:  # office_code is the society's id; its office is the society's upazila office
        society = Societies().get(office_code)
        body = me_body(username, "upazila", society.upazila_code if society else "")
        return {**body, "role": role, "society_id": office_code}
    office = geography.area(office_code) or {}
    return {"username": username, "role": role, "office": {
        "code": office_code, "level": office.get("level"),
        "name_bn": office.get("name_bn"), "name_en": office.get("name_en"),
        "lineage": geography.lineage(office_code)}}


def source_ip() -> str:
    """The caller's address as API Gateway saw it (the wrong-password lock counts per address)."""
    return ((bp.current_request.context or {}).get("identity") or {}).get("sourceIp") or ""


def session_body(tokens: dict) -> dict:
    claims = verify_token(tokens["id_token"])
    return {"token": tokens["id_token"], "expires_in": tokens["expires_in"],
            "user": me_body(claims["cognito:username"], claims["custom:role"], claims.get("custom:office", ""))}


@routes.post("/auth/login", body="Login", answers={200: "LoginResult"}, errors=(400, 401, 403, 409, 429),
             public=True)
def login(body):
    """Log in; returns a JWT

    400 credentials_required, credentials_too_long. 401 login_failed: wrong username or password, or the account
    is deactivated. 403: the account must be reset by its office first. 409 new_password_required: the password
    is temporary; set a new one with POST /api/auth/new-password. 429 too_many_attempts: after 10 wrong passwords
    in a row from one address, the username is locked from that address for 15 minutes.
    """
    return session_body(auth.login(password_login, LoginAttempts(), body, source_ip()))


@routes.post("/auth/new-password", body="NewPassword", answers={200: "LoginResult"}, errors=(400, 401, 409, 429),
             public=True)
def new_password(body):
    """First login: replace the temporary password; returns a JWT like login

    400 weak_password (the pool's policy, in Bengali and English), same_password, invalid_input. 401 login_failed:
    wrong username or temporary password. 409 new_password_not_required: the account already has its own password.
    429 too_many_attempts: after 10 wrong passwords in a row from one address the username is locked from that
    address for 15 minutes.
    """
    return session_body(auth.new_password(first_password, LoginAttempts(), body, source_ip()))


@routes.get("/me", answers={200: "Me"})
def me():
    """The caller and their office"""
    caller = current_caller(bp.current_request)
    return me_body(caller.username, caller.role, caller.office_code)
