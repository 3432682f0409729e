from datetime import date

import pytest
from pydantic import ValidationError

from chalicelib.domain.society import (EDITABLE_FIELDS, apply_patch, as_dict, carry_reminders, from_dict, public_view,
                                      view)
from chalicelib.domain.society_input import SocietyInput
from chalicelib.domain.terms import TermRules

TODAY = date(2026, 11, 24)
BASE = {"registration_no": "jhe-১০১", "registered_on": "2010-01-15", "name_bn": "নবগঙ্গা সমিতি",
        "address": "Jhenaidah", "upazila_code": "404419", "committee_kind": "elected",
        "committee_started_on": "2024-03-01", "officer_phone": "01711000419"}


def entered(**changes):
    return SocietyInput.model_validate({**BASE, **changes}, context={"today": TODAY})


def errors(**changes):
    with pytest.raises(ValidationError) as err:
        entered(**changes)
    return {(".".join(map(str, e["loc"])) or "_", e["type"]) for e in err.value.errors()}


def test_registration_number_normalised_and_term_derived():
    record = entered().with_term_end(TermRules())
    assert record["registration_no"] == "JHE-101"
    assert record["term_ends_on"] == "2027-03-01" and record["term_end_entered"] is False
    assert entered(term_ends_on="2027-06-30").with_term_end(TermRules())["term_end_entered"] is True


def test_refusals_name_the_field():
    assert ("registered_on", "date_in_future") in errors(registered_on="2026-12-01")
    assert ("upazila_code", "unknown_upazila") in errors(upazila_code="4044")
    assert ("officer_phone", "invalid_phone") in errors(officer_phone="01112345678")
    assert ("status", "extra_forbidden") in errors(status="green")
    assert ("_", "term_end_before_start") in errors(term_ends_on="2024-01-01")
    assert ("last_audit_year", "invalid_audit_year") in errors(last_audit_year="2024-2026")
    assert ("facebook_url", "invalid_facebook_url") in errors(facebook_url="http://evil.example/x")


def society(**changes):
    return from_dict({**entered(**changes).with_term_end(TermRules()), "id": "x"})


def test_new_committee_rederives_a_derived_term_end_but_keeps_an_entered_one_otherwise():
    merged = apply_patch(society(), {"committee_started_on": "2026-01-01"})
    assert SocietyInput.model_validate(merged).with_term_end(TermRules())["term_ends_on"] == "2029-01-01"
    fixed = society(term_ends_on="2027-06-30")
    assert apply_patch(fixed, {"address": "New"})["term_ends_on"] == "2027-06-30"
    assert "term_ends_on" not in apply_patch(fixed, {"committee_kind": "interim"})


def test_records_round_trip_with_real_dates():
    record = society(last_audit_year="2024-25", paid_up_share_capital_paisa=4_999_900)
    assert record.committee_started_on == date(2024, 3, 1) and record.last_audit_year == "2024-2025"
    assert from_dict(as_dict(record)) == record


def test_a_corrected_start_date_keeps_sent_reminders_but_a_new_committee_does_not():
    from dataclasses import replace
    sent = replace(society(), reminders_done=("committee_term:2024-03-01:90", "agm:2024-2025:30"))
    corrected = replace(sent, committee_started_on=date(2024, 3, 5))
    assert carry_reminders(sent, corrected) == ("committee_term:2024-03-05:90", "agm:2024-2025:30")
    new_term = replace(sent, committee_started_on=date(2027, 3, 1))
    assert carry_reminders(sent, new_term) == sent.reminders_done  # re-planning then drops the old term's key


def test_public_view_has_no_phone_and_officer_view_has_countdown_and_calendar():
    record = society(president_phone="01812000001")
    officer = view(record, TODAY, with_obligations=True)
    assert officer["president_phone"] == "+8801812000001"
    assert officer["days_left"] == 97 and officer["status"] == "green"
    assert sorted(o["kind"] for o in officer["obligations"]) == [
        "accounts_statement", "agm", "audit", "audit_rectification", "committee_term"]
    public = public_view(record, TODAY)
    assert not [k for k in public if "phone" in k] and public["days_left"] == 97


def test_the_most_urgent_obligation_comes_first_even_under_a_green_term():
    """Pages lead with the first: a green term (97 days left) must not hide the overdue accounts statement."""
    listed = view(society(), TODAY, with_obligations=True)["obligations"]
    assert listed[0]["kind"] == "accounts_statement" and listed[0]["status"] == "red" and listed[0]["days_left"] < 0
    assert [o["due_on"] for o in listed] == sorted(o["due_on"] for o in listed)


def test_editable_fields_are_exactly_the_input_model_fields():
    assert EDITABLE_FIELDS == tuple(SocietyInput.model_fields)
