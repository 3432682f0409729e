"""Correction requests: states, who may do what, which fields a request may change."""
from dataclasses import replace
from datetime import date

import pytest

from chalicelib.domain import corrections as c
from chalicelib.domain.errors import Conflict, Invalid, NotAllowed, OutsideJurisdiction
from chalicelib.domain.jurisdiction import Caller
from chalicelib.domain.society import EDITABLE_FIELDS, Society

SOCIETY = Society(id="0" * 17, registration_no="JHE-1", registered_on=date(2010, 1, 1), name_bn="নবগঙ্গা সমিতি",
                  address="ঝিনাইদহ", upazila_code="404419", committee_kind="elected",
                  committee_started_on=date(2024, 3, 1), term_ends_on=date(2027, 2, 28))
NOW = "2026-11-24T10:00:00.000+00:00"
DCO = Caller("dco.demo", "district", "4044")
UCO = Caller("uco.demo", "upazila", "404419")


def request(**overrides):
    values = dict(correction_id="cr-0000000001", society=SOCIETY, field_name="address", current_value="ঝিনাইদহ",
                  proposed_value="ঝিনাইদহ সদর", reason="ভুল ঠিকানা", requested_by="dco.demo",
                  requester_office="4044", requester_role="district", now=NOW)
    values.update(overrides)
    return c.new_correction(**values)


def test_a_request_starts_open_with_its_filing_in_the_history():
    r = request()
    assert r.state == "open" and r.owner_office == "404419" and r.is_open
    assert r.history == ({"action": "filed", "actor": "dco.demo", "office": "4044", "at": NOW, "note": "ভুল ঠিকানা"},)


@pytest.mark.parametrize("state", ["applied", "rejected", "withdrawn"])
def test_open_closes_once_and_only_once(state):
    closed = c.decided(request(), state, "uco.demo", "404419", "2026-11-25T10:00:00+00:00", "কারণ")
    assert closed.state == state and closed.version == 2 and not closed.is_open
    assert [h["action"] for h in closed.history] == ["filed", state]
    for again in ("applied", "rejected", "withdrawn"):
        with pytest.raises(Conflict) as err:
            c.decided(closed, again, "uco.demo", "404419", NOW)
        assert err.value.code == "correction_closed"


def test_no_change_is_not_a_request():
    with pytest.raises(Invalid) as err:
        request(proposed_value="ঝিনাইদহ")
    assert err.value.code == "no_change"


def test_fields_a_request_may_change():
    assert set(c.OFFICER_FIELDS) == set(EDITABLE_FIELDS) - {"upazila_code"}
    for name in ("upazila_code", "id", "version", "status", "days_left", "next_reminder_on", "created_by", None, 3):
        with pytest.raises(Invalid):
            c.check_field(name)
    assert c.check_field("paid_up_share_capital_paisa") == "paid_up_share_capital_paisa"
    # the public corrects what it sees, and its committee's phones; never the officer's phone or the capital
    assert "name_bn" in c.PUBLIC_FIELDS_CORRECTABLE and "president_phone" in c.PUBLIC_FIELDS_CORRECTABLE
    for name in ("officer_phone", "paid_up_share_capital_paisa"):
        with pytest.raises(Invalid):
            c.check_field(name, public=True)


@pytest.mark.parametrize("value,ok", [("text", True), (5, True), (None, True), (True, False), (1.5, False),
                                      ([], False), ({}, False)])
def test_proposed_values_are_text_numbers_or_null(value, ok):
    if ok:
        assert c.check_value(value) == value
    else:
        with pytest.raises(Invalid):
            c.check_value(value)


def test_reasons_are_collapsed_and_bounded():
    assert c.check_reason("  ভুল   ঠিকানা \n") == "ভুল ঠিকানা"
    for bad in ("abc", "", None, 7, "x" * 501):
        with pytest.raises(Invalid):
            c.check_reason(bad)


@pytest.mark.parametrize("caller,error", [
    (Caller("hq.demo", "hq", ""), None), (Caller("jr.demo", "division", "40"), None), (DCO, None),
    (UCO, NotAllowed), (Caller("uco2.demo", "upazila", "404433"), OutsideJurisdiction),
    (Caller("dco.other", "district", "3026"), OutsideJurisdiction)])
def test_offices_above_the_owner_file(caller, error):
    if error:
        with pytest.raises(error):
            c.check_can_file(caller, "404419")
    else:
        c.check_can_file(caller, "404419")


def test_only_the_owner_decides_and_only_the_filer_withdraws():
    r = request()
    c.check_owner(UCO, r)
    for caller in (DCO, Caller("hq.demo", "hq", ""), Caller("uco2.demo", "upazila", "404433")):
        with pytest.raises((NotAllowed, OutsideJurisdiction)):
            c.check_owner(caller, r)
    c.check_requester(DCO, r)
    for caller in (UCO, Caller("hq.demo", "hq", "")):
        with pytest.raises(NotAllowed):
            c.check_requester(caller, r)


def test_a_loan_request_refused_to_another_office_names_the_loan_and_project_not_a_society():
    with pytest.raises(NotAllowed) as refused:
        c.check_owner(DCO, replace(request(), subject_kind="loan", subject_id="0123456789abcdef0"))
    assert refused.value.code == "owner_decides"
    assert "loan" in refused.value.message_en and "project" in refused.value.message_en
    assert "society" not in refused.value.message_en and "সমিতি" not in refused.value.message_bn
    with pytest.raises(NotAllowed) as society:
        c.check_owner(DCO, request())
    assert "society" in society.value.message_en


def test_both_offices_and_those_above_read_a_request():
    r = request(requester_office="3026", requested_by="dco.dhaka")  # as if another district had asked
    for caller in (UCO, DCO, Caller("hq.demo", "hq", ""), Caller("dco.dhaka", "district", "3026"),
                   Caller("jr.dhaka", "division", "30")):
        c.check_can_read(caller, r)
    with pytest.raises(OutsideJurisdiction):
        c.check_can_read(Caller("uco2.demo", "upazila", "404433"), r)


def test_public_requests_have_no_outbox_office():
    r = request(requested_by="public", requester_office=c.PUBLIC_REQUESTER, requester_role="president",
                requester_phone="+8801812000001")
    assert r.from_public
    with pytest.raises(OutsideJurisdiction):
        c.check_can_read(Caller("x", "division", "30"), r)  # "public" is no office's area
    with pytest.raises(NotAllowed):
        c.check_requester(DCO, r)


def test_a_changed_field_is_stale():
    c.check_unchanged(request(), "ঝিনাইদহ")
    with pytest.raises(Conflict) as err:
        c.check_unchanged(request(), "অন্য ঠিকানা")
    assert err.value.code == "correction_stale"


def test_dict_round_trip():
    r = c.decided(request(proposed_value=None), "rejected", "uco.demo", "404419", NOW, "না")
    assert c.from_dict(c.as_dict(r)) == r
    assert c.view(r)["state_bn"] == "প্রত্যাখ্যাত" and "requester_phone" not in c.view(r)
