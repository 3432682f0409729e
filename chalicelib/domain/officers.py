"""Office administration rules: who registers whom, usernames, passwords (pure; no I/O).

An office manages the officers exactly one level below it and inside its area: HQ the
division offices (Joint Registrars), a division its districts (DCOs), a district its upazilas
(UCOs). An officer's role follows from the office code's length.
"""
import re
import secrets

from .errors import Conflict, Invalid, NotAllowed, NotFound, OutsideJurisdiction
from .jurisdiction import CODE_LENGTH, Caller

ROLE_BY_LENGTH = {length: role for role, length in CODE_LENGTH.items()}
ROLE_BELOW = {"hq": "division", "division": "district", "district": "upazila"}
USERNAME_PATTERN = r"^[a-z0-9](?:[a-z0-9.-]{1,62})[a-z0-9]$"
USERNAME = re.compile(USERNAME_PATTERN)
STATUSES = ("active", "inactive")
MESSAGE_BOXES = ("inbox", "sent")  # an officer's messages: received, or written by them

# The user pool's password policy (infra/resources.json, UserPool Policies; a unit test keeps them equal).
PASSWORD_MIN_LENGTH = 10
PASSWORD_RULE_EN = ("At least 10 characters, with an uppercase letter (A-Z), a lowercase letter (a-z) "
                    "and a digit (0-9).")
PASSWORD_RULE_BN = ("কমপক্ষে ১০ অক্ষর, যার মধ্যে একটি বড় হাতের ইংরেজি অক্ষর (A-Z), একটি ছোট হাতের "
                    "ইংরেজি অক্ষর (a-z) ও একটি সংখ্যা (0-9) থাকতে হবে।")
WEAK_PASSWORD = Invalid("weak_password", PASSWORD_RULE_EN, PASSWORD_RULE_BN)
USERNAME_TAKEN = Conflict("username_taken", "This username is already taken; choose another.",
                          "এই ইউজারনেম আগেই নেওয়া হয়েছে; অন্য একটি দিন।")
# Letters and digits that cannot be mistaken for one another when read out or copied by hand.
UPPER, LOWER, DIGITS = "ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz", "23456789"
NO_OFFICERS_BELOW = NotAllowed("no_officers_below", "An upazila office has no officers below it to manage.",
                               "উপজেলা অফিসের অধীনে পরিচালনার মতো কোনো অফিসার নেই।")


def meets_policy(password: str) -> bool:
    return (isinstance(password, str) and len(password) >= PASSWORD_MIN_LENGTH
            and any(c.isascii() and c.isupper() for c in password)
            and any(c.isascii() and c.islower() for c in password)
            and any(c.isascii() and c.isdigit() for c in password))


def check_new_password(new_password: str, old_password: str) -> None:
    if not meets_policy(new_password):
        raise WEAK_PASSWORD
    if new_password == old_password:
        raise Invalid("same_password", "The new password must differ from the old one.",
                      "নতুন পাসওয়ার্ড আগেরটি থেকে আলাদা হতে হবে।")


def temporary_password(length: int = 12) -> str:
    """A random password that meets the pool's policy, shown once to the office that set it."""
    chars = [secrets.choice(UPPER), secrets.choice(LOWER), secrets.choice(DIGITS)]
    chars += [secrets.choice(UPPER + LOWER + DIGITS) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def is_username(value) -> bool:
    return isinstance(value, str) and bool(USERNAME.match(value)) and ".." not in value


def check_username(username) -> str:
    if not is_username(username):
        raise Invalid("invalid_username",
                      "Username: 3 to 64 lowercase English letters, digits, dots or dashes, "
                      "starting and ending with a letter or digit.",
                      "ইউজারনেম: ৩ থেকে ৬৪টি ছোট হাতের ইংরেজি অক্ষর, সংখ্যা, ডট বা ড্যাশ; "
                      "শুরু ও শেষে অক্ষর বা সংখ্যা।")
    return username


def role_of_office(office_code: str) -> str:
    return ROLE_BY_LENGTH[len(office_code)]


def parent_of(office_code: str) -> str:
    return office_code[:-2]


def check_manages(caller: Caller) -> None:
    """The caller's office has officers below it."""
    if caller.role not in ROLE_BELOW:
        raise NO_OFFICERS_BELOW


def check_office_below(caller: Caller, office_code: str) -> str:
    """`office_code` (a known area) is one level below the caller's office and inside its area."""
    check_manages(caller)
    if not office_code.startswith(caller.office_code):
        raise OutsideJurisdiction("outside_jurisdiction",
                                  "This office is outside your office's jurisdiction.",
                                  "এই অফিস আপনার অফিসের এখতিয়ারের বাইরে।")
    if len(office_code) != len(caller.office_code) + 2:
        names = {"division": ("একটি বিভাগ", "a division"), "district": ("একটি জেলা", "a district"),
                 "upazila": ("একটি উপজেলা", "an upazila")}[ROLE_BELOW[caller.role]]
        raise Invalid("wrong_office_level",
                      f"Your office registers officers one level below it: choose {names[1]} in your area.",
                      f"আপনার অফিস কেবল এক ধাপ নিচের অফিসের অফিসার নিবন্ধন করে: আপনার এলাকার "
                      f"{names[0]} বেছে নিন।")
    return office_code


def check_officer_below(caller: Caller, officer: dict | None) -> dict:
    """The officer, if they work in an office directly below the caller's."""
    check_manages(caller)
    if officer is None:
        raise NotFound("officer_not_found", "No such officer.", "এমন কোনো অফিসার নেই।")
    if officer.get("parent_code") != caller.office_code:
        raise OutsideJurisdiction("outside_jurisdiction",
                                  "This officer is not in an office directly below yours.",
                                  "এই অফিসার আপনার অফিসের সরাসরি অধীনের কোনো অফিসে নেই।")
    return officer
