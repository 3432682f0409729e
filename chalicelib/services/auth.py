"""Login: Cognito checks the password; repeated failures lock the username for a while, from their source.

The lock counts per username AND source address: a stranger's wrong passwords lock the stranger out of
that username, never the officer at another address (it took ten anonymous tries to lock an officer
out before). Guessing from many addresses is slowed by the per-address limits of the WAF and by
Cognito's own lockout of repeated failures.
"""
import time

from ..domain.errors import Invalid, NotAuthenticated, TooManyAttempts

FAILURES_BEFORE_LOCK = 10
LOCK_SECONDS = 15 * 60
LOCKED = TooManyAttempts("too_many_attempts", "Too many wrong passwords. Wait 15 minutes and try again.",
                         "অনেকবার ভুল পাসওয়ার্ড দেওয়া হয়েছে। ১৫ মিনিট পরে আবার চেষ্টা করুন।")


def lock_key(username: str, source: str) -> str:
    return f"{username}#from#{source or 'unknown'}"


def login(password_login, attempts, body: dict, source: str) -> dict:
    """Tokens for a right username and password, unless the username is locked from `source` (an IP address)."""
    username, password = body.get("username"), body.get("password")
    if not isinstance(username, str) or not isinstance(password, str) or not username or not password:
        raise Invalid("credentials_required", "Enter your username and password.", "ইউজারনেম ও পাসওয়ার্ড দিন।")
    if len(username) > 128 or len(password) > 256:
        raise Invalid("credentials_too_long", "Username or password is too long.", "ইউজারনেম বা পাসওয়ার্ড খুব বড়।")
    return guarded(attempts, lock_key(username, source), lambda: password_login(username, password))


def guarded(attempts, key: str, attempt):
    """Run `attempt` unless `key` is locked; wrong passwords count towards the lock."""
    if attempts.locked_until(key) > time.time():
        raise LOCKED
    try:
        result = attempt()
    except NotAuthenticated:
        if attempts.failed(key, FAILURES_BEFORE_LOCK, LOCK_SECONDS) >= FAILURES_BEFORE_LOCK:
            raise LOCKED from None
        raise
    attempts.succeeded(key)
    return result


def new_password(first_password, attempts, body: dict, source: str) -> dict:
    """First login: the temporary password and a new one -> the new session's tokens (like login)."""
    from ..domain.officer_input import NewPassword
    from ..domain.officers import check_new_password
    from ..domain.validation import validated
    entered = validated(NewPassword, body)
    check_new_password(entered.new_password, entered.temporary_password)
    return guarded(attempts, lock_key(entered.username, source), lambda: first_password(
        entered.username, entered.temporary_password, entered.new_password))
