"""Login, and the authorizer that checks every protected call's JWT."""
from chalice import AuthResponse, Blueprint

from ..domain import geography
from ..services import auth
from ..store.logins import LoginAttempts
from ..store.officers import Officers
from ..store.tokens import verify_token
from ..store.users import first_password, password_login
from .common import BODY_TYPES, current_caller, json_body, json_response
from .errors import handles_errors

bp = Blueprint(__name__)


@bp.authorizer()
def jwt_auth(auth_request):
    import jwt
    token = auth_request.token or ""
    scheme, _, value = token.partition(" ")
    try:
        if scheme.lower() != "bearer" or not value:
            raise jwt.InvalidTokenError("no bearer token")
        claims = verify_token(value)
    except (jwt.PyJWTError, KeyError):
        return AuthResponse(routes=[], principal_id="anonymous")
    # A token lives 8 hours; deactivation and transfer must take effect now (API Gateway caches
    # this answer for the authorizer's TTL, 5 minutes, so the read is not one per request).
    if not Officers().still_serves(claims["cognito:username"], claims.get("custom:office", "")):
        return AuthResponse(routes=[], principal_id="anonymous")
    return AuthResponse(routes=["*"], principal_id=claims["cognito:username"], context={
        "username": claims["cognito:username"], "role": claims["custom:role"],
        "office_code": claims.get("custom:office", ""),
    })


def me_body(username: str, role: str, office_code: str) -> dict:
    office = geography.area(office_code) or {}
    return {"username": username, "role": role, "office": {
        "code": office_code, "level": office.get("level"),
        "name_bn": office.get("name_bn"), "name_en": office.get("name_en"),
        "lineage": geography.lineage(office_code)}}


def session_body(tokens: dict):
    claims = verify_token(tokens["id_token"])
    return json_response({"token": tokens["id_token"], "expires_in": tokens["expires_in"],
                          "user": me_body(claims["cognito:username"], claims["custom:role"],
                                          claims.get("custom:office", ""))})


@bp.route("/auth/login", methods=["POST"], content_types=BODY_TYPES)
@handles_errors
def login():
    return session_body(auth.login(password_login, LoginAttempts(), json_body(bp.current_request)))


@bp.route("/auth/new-password", methods=["POST"], content_types=BODY_TYPES)
@handles_errors
def new_password():
    """First login: the temporary password becomes the officer's own; answers like login."""
    return session_body(auth.new_password(first_password, LoginAttempts(), json_body(bp.current_request)))


@bp.route("/me", methods=["GET"], authorizer=jwt_auth)
def me():
    caller = current_caller(bp.current_request)
    return json_response(me_body(caller.username, caller.role, caller.office_code))
