"""Officers' accounts in Cognito: password login. The only module that talks to the user pool."""
from botocore.exceptions import ClientError

from ..config import settings
from ..domain.errors import NotAllowed, NotAuthenticated, TooManyAttempts
from . import aws

LOGIN_FAILED = NotAuthenticated("login_failed", "Wrong username or password.", "ইউজারনেম বা পাসওয়ার্ড ভুল।")


def password_login(username: str, password: str) -> dict:
    """Cognito's tokens for a right username and password; a domain error otherwise."""
    try:
        result = aws.client("cognito-idp").initiate_auth(
            ClientId=settings().user_pool_client_id, AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": password})
    except ClientError as exc:
        code = exc.response["Error"]["Code"]
        if code in ("NotAuthorizedException", "UserNotFoundException", "InvalidParameterException"):
            raise LOGIN_FAILED from None
        if code in ("TooManyRequestsException", "LimitExceededException"):
            raise TooManyAttempts("too_many_attempts", "Too many attempts. Wait a few minutes and try again.",
                                  "অনেকবার চেষ্টা হয়েছে। কয়েক মিনিট পরে আবার চেষ্টা করুন।") from None
        if code in ("PasswordResetRequiredException", "UserNotConfirmedException"):
            raise NotAllowed("account_not_ready", "This account must be reset by its office first.",
                             "এই অ্যাকাউন্টটি আগে অফিস থেকে ঠিক করাতে হবে।") from None
        raise
    tokens = result.get("AuthenticationResult")
    if not tokens:
        raise NotAllowed("password_change_required", "This account must set a new password first.",
                         "এই অ্যাকাউন্টে আগে নতুন পাসওয়ার্ড দিতে হবে।")
    return {"id_token": tokens["IdToken"], "expires_in": tokens["ExpiresIn"]}
