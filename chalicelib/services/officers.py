"""Office administration: an office registers, lists, deactivates, resets and transfers the officers one
level below it; every officer reads and changes their own profile and password.

Cognito (`users`) holds the account, the directory (`directory`) the officer's entry; the account
changes first, so a failed directory write is retried without a half-registered officer being usable.
"""
from datetime import date

from ..domain import geography
from ..domain.errors import Invalid, NotAuthenticated
from ..domain.jurisdiction import Caller
from ..domain.officers import (check_manages, check_new_password, check_office_below, check_officer_below,
                               check_username, is_username, parent_of, role_of_office, temporary_password)
from ..domain.validation import validated
from . import registry
from .auth import guarded
from .site_content import office_view


def officer_view(officer: dict) -> dict:
    return {"username": officer["username"], "name_bn": officer.get("name_bn"), "phone": officer.get("phone"),
            "role": officer["role"], "status": officer.get("status") or "active",
            "office": office_view(officer["office_code"]), "created_at": officer.get("created_at"),
            "created_by": officer.get("created_by"), "updated_at": officer.get("updated_at"),
            "updated_by": officer.get("updated_by")}


def register(users, directory, caller: Caller, body: dict, now: str) -> dict:
    """A new officer for an office one level below the caller's: the account (with a temporary password
    shown once) and the directory entry."""
    from ..domain.officer_input import OfficerInput
    check_manages(caller)
    entered = validated(OfficerInput, body)
    check_username(entered.username)
    office = check_office_below(caller, geography.known_area(entered.office_code))
    role, password = role_of_office(office), temporary_password()
    users.create(entered.username, password, role, office, entered.phone, entered.name_bn)
    officer = {"username": entered.username, "name_bn": entered.name_bn, "phone": entered.phone, "role": role,
               "office_code": office, "status": "active", "parent_code": parent_of(office),
               "created_by": caller.username, "created_at": now, "updated_by": caller.username, "updated_at": now}
    try:
        directory.add(officer, caller.username)
    except Exception:
        users.delete(entered.username)  # an account only with its directory entry
        raise
    return {"username": entered.username, "temporary_password": password, "officer": officer_view(officer)}


def list_below(directory, societies, caller: Caller, today: date) -> dict:
    """The offices one level below the caller's, each with its societies' colour counts, and their officers."""
    check_manages(caller)
    officers = directory.below(caller.office_code)
    offices = []
    counts = {}
    for child in sorted(geography.children(caller.office_code), key=lambda a: a["code"]):
        counts[child["code"]] = registry.status_counts(societies, child["code"], today)
        offices.append({**office_view(child["code"]), "societies": counts[child["code"]],
                        "officers": [o["username"] for o in officers
                                     if o["office_code"] == child["code"] and o.get("status") == "active"]})
    items = [{**officer_view(o), "societies": counts.get(o["office_code"])} for o in officers]
    return {"office": office_view(caller.office_code), "items": items, "offices": offices}


def _officer(directory, username) -> dict | None:
    """The directory entry, or None (404) for a name that cannot be one: it never reaches DynamoDB."""
    return directory.get(username) if is_username(username) else None


def _change(directory, caller: Caller, username: str, action: str, now: str, **changes) -> dict:
    before = check_officer_below(caller, _officer(directory, username))
    after = {**before, **changes, "updated_by": caller.username, "updated_at": now}
    return directory.replace(before, after, caller.username, action)


def set_active(users, directory, caller: Caller, username: str, active: bool, now: str) -> dict:
    """Deactivate (the account can no longer log in, and its open sessions stop) or reactivate."""
    officer = check_officer_below(caller, _officer(directory, username))
    (users.enable if active else users.disable)(officer["username"])
    return officer_view(_change(directory, caller, username, "reactivate" if active else "deactivate", now,
                                status="active" if active else "inactive"))


def reset_password(users, directory, caller: Caller, username: str, now: str) -> dict:
    """A new temporary password, shown once to the office; the officer sets their own at the next login."""
    officer = check_officer_below(caller, _officer(directory, username))
    password = temporary_password()
    users.set_temporary_password(officer["username"], password)
    _change(directory, caller, username, "reset_password", now)
    return {"username": officer["username"], "temporary_password": password}


def transfer(users, directory, caller: Caller, username: str, body: dict, now: str) -> dict:
    """Move an officer to another office at the same level inside the caller's area. The records stay
    with their offices (they are keyed by office code): the officer now works on the new office's."""
    from ..domain.officer_input import Transfer
    officer = check_officer_below(caller, _officer(directory, username))
    office = check_office_below(caller, geography.known_area(validated(Transfer, body).office_code))
    if office == officer["office_code"]:
        raise Invalid("same_office", "The officer already works in this office.", "এই অফিসার এই অফিসেই কর্মরত।")
    users.update(officer["username"], office_code=office)
    return officer_view(_change(directory, caller, username, "transfer", now, office_code=office))


def _own_entry(directory, caller: Caller) -> dict:
    """The caller's directory entry, or one made from their token (officers created before the directory)."""
    return directory.get(caller.username) or {
        "username": caller.username, "name_bn": None, "phone": None, "role": caller.role,
        "office_code": caller.office_code, "status": "active",
        "parent_code": parent_of(caller.office_code) if caller.office_code else None,
        "created_by": None, "created_at": None, "updated_by": None, "updated_at": None, "version": None}


def profile(directory, caller: Caller) -> dict:
    return officer_view(_own_entry(directory, caller))


def update_profile(users, directory, caller: Caller, body: dict, now: str) -> dict:
    from ..domain.officer_input import ProfilePatch
    patch = validated(ProfilePatch, body).model_dump(exclude_none=True)
    before = _own_entry(directory, caller)
    if not patch:
        return officer_view(before)
    users.update(caller.username, **{("name" if k == "name_bn" else k): v for k, v in patch.items()})
    after = {**before, **patch, "updated_by": caller.username, "updated_at": now}
    if before["version"] is None:
        return officer_view(directory.add(after, caller.username))
    return officer_view(directory.replace(before, after, caller.username, "update_profile"))


WRONG_CURRENT = Invalid("wrong_current_password", "The current password is not right.",
                        "বর্তমান পাসওয়ার্ডটি সঠিক নয়।")


def change_password(change, attempts, caller: Caller, body: dict) -> None:
    """Change one's own password; the current one must be right. Wrong guesses lock this route (not the
    login) for a while, so a stolen session cannot try passwords without end."""
    from ..domain.officer_input import PasswordChange
    entered = validated(PasswordChange, body)
    check_new_password(entered.new_password, entered.current_password)
    try:
        guarded(attempts, f"password-change#{caller.username}",
                lambda: change(caller.username, entered.current_password, entered.new_password))
    except NotAuthenticated:
        raise WRONG_CURRENT from None
