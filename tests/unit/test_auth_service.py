"""services.auth.login on in-memory stores: repeated wrong passwords lock the username, from that source, a while."""
import pytest

from chalicelib.domain.errors import Invalid, NotAuthenticated, TooManyAttempts
from chalicelib.handlers.errors import status_of
from chalicelib.services import auth
from chalicelib.services.auth import FAILURES_BEFORE_LOCK, LOCK_SECONDS, login
from tests.unit.fakes import FakePasswordLogin, InMemoryLoginAttempts

RIGHT = {"username": "uco.demo", "password": "Right-Password-1"}
WRONG = {"username": "uco.demo", "password": "wrong"}
SOURCE = "203.0.113.9"  # the caller's IP address, as API Gateway gives it


@pytest.fixture
def clock(monkeypatch):
    """time.time() as the test sets it (the service and the attempts store both read it)."""
    now = [1_800_000_000.0]
    monkeypatch.setattr(auth.time, "time", lambda: now[0])
    return now


@pytest.fixture
def cognito():
    return FakePasswordLogin({"uco.demo": "Right-Password-1", "dco.demo": "Other-Password-2"})


@pytest.fixture
def attempts():
    return InMemoryLoginAttempts()


def fail(cognito, attempts, times: int, body=WRONG) -> None:
    for _ in range(times):
        with pytest.raises(NotAuthenticated):
            login(cognito, attempts, body, SOURCE)


def test_the_right_password_gives_tokens(cognito, attempts, clock):
    assert login(cognito, attempts, RIGHT, SOURCE) == {"id_token": "token-uco.demo", "expires_in": 3600}


def test_a_wrong_password_is_not_authenticated(cognito, attempts, clock):
    with pytest.raises(NotAuthenticated) as raised:
        login(cognito, attempts, WRONG, SOURCE)
    assert status_of(raised.value) == 401


def test_ten_wrong_passwords_in_a_row_lock_the_username_with_429(cognito, attempts, clock):
    fail(cognito, attempts, FAILURES_BEFORE_LOCK - 1)
    with pytest.raises(TooManyAttempts) as raised:
        login(cognito, attempts, WRONG, SOURCE)
    assert raised.value.code == "too_many_attempts" and status_of(raised.value) == 429


def test_while_locked_even_the_right_password_is_refused_without_asking_cognito(cognito, attempts, clock):
    fail(cognito, attempts, FAILURES_BEFORE_LOCK - 1)
    with pytest.raises(TooManyAttempts):
        login(cognito, attempts, WRONG, SOURCE)
    calls = cognito.calls
    clock[0] += LOCK_SECONDS - 1
    with pytest.raises(TooManyAttempts):
        login(cognito, attempts, RIGHT, SOURCE)
    assert cognito.calls == calls


def test_the_lock_ends_after_15_minutes(cognito, attempts, clock):
    fail(cognito, attempts, FAILURES_BEFORE_LOCK - 1)
    with pytest.raises(TooManyAttempts):
        login(cognito, attempts, WRONG, SOURCE)
    clock[0] += LOCK_SECONDS + 1
    assert login(cognito, attempts, RIGHT, SOURCE)["id_token"] == "token-uco.demo"


def test_a_success_resets_the_count(cognito, attempts, clock):
    fail(cognito, attempts, FAILURES_BEFORE_LOCK - 1)
    login(cognito, attempts, RIGHT, SOURCE)
    fail(cognito, attempts, FAILURES_BEFORE_LOCK - 1)  # nine more: still not locked
    assert login(cognito, attempts, RIGHT, SOURCE)


def test_the_lock_is_per_username(cognito, attempts, clock):
    fail(cognito, attempts, FAILURES_BEFORE_LOCK - 1)
    with pytest.raises(TooManyAttempts):
        login(cognito, attempts, WRONG, SOURCE)
    assert login(cognito, attempts, {"username": "dco.demo", "password": "Other-Password-2"}, SOURCE)


def test_a_stranger_cannot_lock_an_officer_out(cognito, attempts, clock):
    """Wrong passwords from one address lock that address out of the username, not the officer elsewhere."""
    fail(cognito, attempts, FAILURES_BEFORE_LOCK - 1)
    with pytest.raises(TooManyAttempts):
        login(cognito, attempts, WRONG, SOURCE)
    assert login(cognito, attempts, RIGHT, "198.51.100.7")["id_token"] == "token-uco.demo"
    with pytest.raises(TooManyAttempts):  # the stranger's address stays locked, even with the right password
        login(cognito, attempts, RIGHT, SOURCE)


@pytest.mark.parametrize("body, code", [
    ({}, "credentials_required"),
    ({"username": "uco.demo"}, "credentials_required"),
    ({"password": "x"}, "credentials_required"),
    ({"username": "", "password": "x"}, "credentials_required"),
    ({"username": "uco.demo", "password": ""}, "credentials_required"),
    ({"username": 7, "password": "x"}, "credentials_required"),
    ({"username": "uco.demo", "password": ["x"]}, "credentials_required"),
    ({"username": "u" * 129, "password": "x"}, "credentials_too_long"),
    ({"username": "uco.demo", "password": "p" * 257}, "credentials_too_long"),
])
def test_missing_or_too_long_credentials_are_invalid_and_not_counted(cognito, attempts, clock, body, code):
    with pytest.raises(Invalid) as raised:
        login(cognito, attempts, body, SOURCE)
    assert raised.value.code == code and status_of(raised.value) == 400
    assert cognito.calls == 0 and not attempts.failures


def test_the_longest_credentials_allowed_are_checked(cognito, attempts, clock):
    with pytest.raises(NotAuthenticated):
        login(cognito, attempts, {"username": "u" * 128, "password": "p" * 256}, SOURCE)
