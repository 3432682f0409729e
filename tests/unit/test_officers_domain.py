"""Office administration rules: usernames, which office registers whom, temporary passwords."""
import json
from pathlib import Path

import pytest

from chalicelib.domain.errors import Invalid, NotAllowed, NotFound, OutsideJurisdiction
from chalicelib.domain.jurisdiction import Caller
from chalicelib.domain.officers import (PASSWORD_MIN_LENGTH, check_new_password, check_office_below,
                                        check_officer_below, check_username, meets_policy, role_of_office,
                                        temporary_password)

HQ, JR, DCO, UCO = (Caller("hq.demo", "hq", ""), Caller("jr.demo", "division", "40"),
                    Caller("dco.demo", "district", "4044"), Caller("uco.demo", "upazila", "404419"))


def test_the_policy_is_the_user_pools():
    pool = json.loads((Path(__file__).parents[2] / "infra" / "resources.json").read_text())["Resources"]["UserPool"]
    policy = pool["Properties"]["Policies"]["PasswordPolicy"]
    assert policy == {"MinimumLength": PASSWORD_MIN_LENGTH, "RequireLowercase": True, "RequireUppercase": True,
                      "RequireNumbers": True, "RequireSymbols": False}


def test_temporary_passwords_meet_the_policy_and_differ():
    passwords = {temporary_password() for _ in range(500)}
    assert len(passwords) == 500 and all(meets_policy(p) and len(p) >= PASSWORD_MIN_LENGTH for p in passwords)
    assert not any(c in p for p in passwords for c in "0O1lI")  # nothing to misread when copied by hand


@pytest.mark.parametrize("password, ok", [("Samabay2026", True), ("samabay2026", False), ("SAMABAY2026", False),
                                          ("Samabay-one", False), ("Sam2026ab", False), ("Ａbcdefgh12", False)])
def test_policy(password, ok):
    assert meets_policy(password) is ok


def test_a_new_password_must_differ_and_be_strong():
    with pytest.raises(Invalid) as weak:
        check_new_password("weak", "Old2026pass")
    assert weak.value.code == "weak_password" and "১০" in weak.value.message_bn
    with pytest.raises(Invalid) as same:
        check_new_password("Same2026pass", "Same2026pass")
    assert same.value.code == "same_password"
    check_new_password("New2026pass", "Old2026pass")


@pytest.mark.parametrize("name, ok", [("abc", True), ("rahim.uddin", True), ("uco-404442", True), ("ab", False),
                                      ("Rahim", False), (".abc", False), ("abc-", False), ("a..b", False),
                                      ("a b c", False), ("a" * 64, True), ("a" * 65, False), ("রহিম", False),
                                      (None, False)])
def test_usernames(name, ok):
    if ok:
        assert check_username(name) == name
    else:
        with pytest.raises(Invalid):
            check_username(name)


@pytest.mark.parametrize("caller, code, expected", [
    (HQ, "40", None), (JR, "4044", None), (DCO, "404442", None),
    (HQ, "4044", Invalid), (JR, "404419", Invalid), (DCO, "4044", Invalid), (JR, "40", Invalid),
    (DCO, "302614", OutsideJurisdiction), (JR, "3026", OutsideJurisdiction), (UCO, "404419", NotAllowed),
])
def test_an_office_registers_one_level_below_inside_its_area(caller, code, expected):
    if expected is None:
        assert check_office_below(caller, code) == code
    else:
        with pytest.raises(expected):
            check_office_below(caller, code)


def test_roles_follow_the_office_level():
    assert [role_of_office(c) for c in ("", "40", "4044", "404419")] == ["hq", "division", "district", "upazila"]


def test_only_officers_directly_below():
    uco = {"username": "x", "parent_code": "4044"}
    assert check_officer_below(DCO, uco) == uco
    with pytest.raises(OutsideJurisdiction):
        check_officer_below(JR, uco)  # two levels below: the district manages them
    with pytest.raises(NotFound):
        check_officer_below(DCO, None)
    with pytest.raises(NotAllowed):
        check_officer_below(UCO, uco)
