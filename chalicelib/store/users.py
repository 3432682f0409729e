"""Officers' accounts in Cognito: login, first-login password, administration. The only module that
talks to the user pool.

An account's role is both the `custom:role` attribute and a group (the authorizer requires both,
and only an administrator can set a group); its office is `custom:office`.
"""
from botocore.exceptions import ClientError

from ..config import settings
from ..domain.errors import Conflict, NotAllowed, NotAuthenticated, NotFound, TooManyAttempts
from ..domain.officers import USERNAME_TAKEN, WEAK_PASSWORD
from . import aws

LOGIN_FAILED = NotAuthenticated("login_failed", "Wrong username or password.", "ইউজারনেম বা পাসওয়ার্ড ভুল।")
NEW_PASSWORD_REQUIRED = Conflict("new_password_required",
                                 "This account must set a new password first (the password given is temporary).",
                                 "এটি একটি অস্থায়ী পাসওয়ার্ড। আগে একটি নতুন পাসওয়ার্ড দিন।")
NO_SUCH_ACCOUNT = NotFound("officer_not_found", "No such officer.", "এমন কোনো অফিসার নেই।")
LOGIN_CODES = ("NotAuthorizedException", "UserNotFoundException", "InvalidParameterException")


def _code(exc: ClientError) -> str:
    return exc.response["Error"]["Code"]


def _refused(exc: ClientError):
    """The domain error for a refused sign-in, or None for an unexpected failure."""
    code = _code(exc)
    if code in LOGIN_CODES:
        return LOGIN_FAILED
    if code in ("TooManyRequestsException", "LimitExceededException"):
        return TooManyAttempts("too_many_attempts", "Too many attempts. Wait a few minutes and try again.",
                               "অনেকবার চেষ্টা হয়েছে। কয়েক মিনিট পরে আবার চেষ্টা করুন।")
    if code in ("PasswordResetRequiredException", "UserNotConfirmedException"):
        return NotAllowed("account_not_ready", "This account must be reset by its office first.",
                          "এই অ্যাকাউন্টটি আগে অফিস থেকে ঠিক করাতে হবে।")
    if code == "InvalidPasswordException":
        return WEAK_PASSWORD
    return None


def _tokens(result: dict) -> dict:
    tokens = result["AuthenticationResult"]
    return {"id_token": tokens["IdToken"], "access_token": tokens["AccessToken"], "expires_in": tokens["ExpiresIn"]}


def _initiate(username: str, password: str) -> dict:
    try:
        return aws.client("cognito-idp").initiate_auth(
            ClientId=settings().user_pool_client_id, AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": password})
    except ClientError as exc:
        raise (_refused(exc) or exc) from None


def password_login(username: str, password: str) -> dict:
    """Cognito's tokens for a right username and password; a domain error otherwise
    (409 new_password_required for a temporary password)."""
    result = _initiate(username, password)
    if result.get("ChallengeName") == "NEW_PASSWORD_REQUIRED":
        raise NEW_PASSWORD_REQUIRED
    if not result.get("AuthenticationResult"):
        raise NotAllowed("account_not_ready", "This account must be reset by its office first.",
                         "এই অ্যাকাউন্টটি আগে অফিস থেকে ঠিক করাতে হবে।")
    return _tokens(result)


def first_password(username: str, temporary_password: str, new_password: str) -> dict:
    """Answer the new-password challenge a temporary password opens; the tokens of the new session."""
    result = _initiate(username, temporary_password)
    if result.get("ChallengeName") != "NEW_PASSWORD_REQUIRED":
        raise Conflict("new_password_not_required", "This account already has its own password: log in with it.",
                       "এই অ্যাকাউন্টের নিজস্ব পাসওয়ার্ড আছে: সেটি দিয়ে লগইন করুন।")
    try:
        answer = aws.client("cognito-idp").respond_to_auth_challenge(
            ClientId=settings().user_pool_client_id, ChallengeName="NEW_PASSWORD_REQUIRED",
            Session=result["Session"], ChallengeResponses={"USERNAME": username, "NEW_PASSWORD": new_password})
    except ClientError as exc:
        raise (_refused(exc) or exc) from None
    return _tokens(answer)


def change_password(username: str, current_password: str, new_password: str) -> None:
    """Change one's own password: the current one must be right (401 login_failed otherwise)."""
    tokens = password_login(username, current_password)
    try:
        aws.client("cognito-idp").change_password(PreviousPassword=current_password, ProposedPassword=new_password,
                                                  AccessToken=tokens["access_token"])
    except ClientError as exc:
        raise (_refused(exc) or exc) from None


class Users:
    """Administration of accounts (the API's role holds the pool's admin permissions)."""

    def __init__(self):
        self.cognito = aws.client("cognito-idp")
        self.pool = settings().user_pool_id

    def _admin(self, action: str, **params) -> dict:
        try:
            return getattr(self.cognito, action)(UserPoolId=self.pool, **params)
        except ClientError as exc:
            if _code(exc) == "UserNotFoundException":
                raise NO_SUCH_ACCOUNT from None
            if _code(exc) == "InvalidPasswordException":
                raise WEAK_PASSWORD from None
            raise

    def phone_of(self, username: str) -> str | None:
        """The account's phone number (a society's user: its file's notices); None if it has none or is gone."""
        try:
            user = self._admin("admin_get_user", Username=username)
        except NotFound:
            return None
        return next((a["Value"] for a in user.get("UserAttributes", []) if a["Name"] == "phone_number"), None)

    def create(self, username: str, temporary_password: str, role: str, office_code: str, phone: str,
               name: str) -> None:
        """A new account that must set its own password at first login (no invitation is sent)."""
        try:
            self.cognito.admin_create_user(
                UserPoolId=self.pool, Username=username, TemporaryPassword=temporary_password,
                MessageAction="SUPPRESS",
                UserAttributes=[{"Name": "custom:role", "Value": role}, {"Name": "custom:office", "Value": office_code},
                                {"Name": "phone_number", "Value": phone}, {"Name": "name", "Value": name}])
        except ClientError as exc:
            if _code(exc) == "UsernameExistsException":
                raise USERNAME_TAKEN from None
            if _code(exc) == "InvalidPasswordException":
                raise WEAK_PASSWORD from None
            raise
        try:
            self._admin("admin_add_user_to_group", Username=username, GroupName=role)
        except Exception:
            self.delete(username)  # no account without its group
            raise

    def delete(self, username: str) -> None:
        self._admin("admin_delete_user", Username=username)

    def disable(self, username: str) -> None:
        self._admin("admin_disable_user", Username=username)

    def enable(self, username: str) -> None:
        self._admin("admin_enable_user", Username=username)

    def set_temporary_password(self, username: str, password: str) -> None:
        """The account must set a new password at its next login."""
        self._admin("admin_set_user_password", Username=username, Password=password, Permanent=False)

    def update(self, username: str, **attributes: str) -> None:
        """Set attributes: office_code, phone, name."""
        names = {"office_code": "custom:office", "phone": "phone_number", "name": "name"}
        self._admin("admin_update_user_attributes", Username=username,
                    UserAttributes=[{"Name": names[k], "Value": v} for k, v in attributes.items()])
