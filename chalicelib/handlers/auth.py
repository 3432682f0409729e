"""Login through Cognito, and the authorizer that checks every protected call's JWT."""
from functools import lru_cache

from botocore.exceptions import ClientError
from chalice import AuthResponse, Blueprint

from ..config import settings
from ..domain import geography
from ..domain.jurisdiction import CODE_LENGTH, ROLES
from ..store import aws
from .common import BODY_TYPES, current_caller, error_response, handles_errors, json_body, json_response

bp = Blueprint(__name__)


@lru_cache(maxsize=1)
def _jwks():
    import jwt
    return jwt.PyJWKClient(settings().jwks_url, cache_keys=True, lifespan=3600)


def verify_token(token: str) -> dict:
    """Claims of a valid Cognito ID token for this app; raises jwt.PyJWTError otherwise."""
    import jwt  # PyJWT and cryptography load on first use, not on every cold start
    key = _jwks().get_signing_key_from_jwt(token)
    claims = jwt.decode(token, key.key, algorithms=["RS256"], audience=settings().user_pool_client_id,
                        issuer=settings().jwt_issuer, options={"require": ["exp", "iat", "aud", "iss"]})
    role, office = claims.get("custom:role"), claims.get("custom:office", "")
    # The role must also be a group, which only an administrator can set.
    if (claims.get("token_use") != "id" or role not in ROLES or len(office) != CODE_LENGTH[role]
            or role not in claims.get("cognito:groups", [])):
        raise jwt.InvalidTokenError("not an officer's ID token")
    return claims


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


@bp.route("/auth/login", methods=["POST"], content_types=BODY_TYPES)
@handles_errors
def login():
    body = json_body(bp.current_request)
    username, password = body.get("username"), body.get("password")
    if not isinstance(username, str) or not isinstance(password, str) or not username or not password:
        return error_response(400, "credentials_required", "Enter your username and password.",
                              "ইউজারনেম ও পাসওয়ার্ড দিন।")
    try:
        result = aws.client("cognito-idp").initiate_auth(
            ClientId=settings().user_pool_client_id, AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": password})
    except ClientError as exc:
        code = exc.response["Error"]["Code"]
        if code in ("NotAuthorizedException", "UserNotFoundException", "InvalidParameterException"):
            return error_response(401, "login_failed", "Wrong username or password.",
                                  "ইউজারনেম বা পাসওয়ার্ড ভুল।")
        if code in ("TooManyRequestsException", "LimitExceededException"):
            return error_response(429, "too_many_attempts", "Too many attempts. Wait a minute and try again.",
                                  "অনেকবার চেষ্টা হয়েছে। এক মিনিট পরে আবার চেষ্টা করুন।")
        if code in ("PasswordResetRequiredException", "UserNotConfirmedException"):
            return error_response(403, "account_not_ready", "This account must be reset by its office first.",
                                  "এই অ্যাকাউন্টটি আগে অফিস থেকে ঠিক করাতে হবে।")
        raise
    tokens = result.get("AuthenticationResult")
    if not tokens:
        return error_response(403, "password_change_required",
                              "This account must set a new password first.",
                              "এই অ্যাকাউন্টে আগে নতুন পাসওয়ার্ড দিতে হবে।")
    claims = verify_token(tokens["IdToken"])
    return json_response({"token": tokens["IdToken"], "expires_in": tokens["ExpiresIn"],
                          "user": me_body(claims["cognito:username"], claims["custom:role"],
                                          claims.get("custom:office", ""))})


@bp.route("/me", methods=["GET"], authorizer=jwt_auth)
def me():
    caller = current_caller(bp.current_request)
    return json_response(me_body(caller.username, caller.role, caller.office_code))
