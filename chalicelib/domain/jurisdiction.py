"""Who may read and write what: one place, tested as a matrix.

An office reads everything under its area. Only the upazila office that owns a society
writes it; a higher office asks for a correction instead of editing.
"""
from dataclasses import dataclass

from .errors import NotAllowed, OutsideJurisdiction

ROLES = ("hq", "division", "district", "upazila")
CODE_LENGTH = {"hq": 0, "division": 2, "district": 4, "upazila": 6}
# A society's own user (its president or secretary): their `office_code` is their society's id, which is
# no area's prefix, so they read and write no area; budget files check the society itself (domain/budget).
SOCIETY_ROLE = "society"


@dataclass(frozen=True)
class Caller:
    username: str
    role: str
    office_code: str

    def covers(self, area_code: str) -> bool:
        return area_code.startswith(self.office_code)


def check_read(caller: Caller, area_code: str) -> None:
    if not caller.covers(area_code):
        raise OutsideJurisdiction("outside_jurisdiction",
                        "This area is outside your office's jurisdiction.",
                        "এই এলাকা আপনার অফিসের এখতিয়ারের বাইরে।")


def may_write(caller: Caller, upazila_code: str) -> bool:
    """Whether check_write lets the caller write there (what a screen offers)."""
    return caller.role == "upazila" and caller.covers(upazila_code)


def check_write(caller: Caller, upazila_code: str) -> None:
    check_read(caller, upazila_code)
    if caller.role != "upazila":
        raise NotAllowed("correction_request_required",
                        "Only the upazila office that owns this society can change it. "
                        "Send a correction request to that office instead.",
                        "এই সমিতির তথ্য কেবল সংশ্লিষ্ট উপজেলা সমবায় অফিস পরিবর্তন করতে পারে। "
                        "অনুগ্রহ করে সেই অফিসে সংশোধনের অনুরোধ পাঠান।")
