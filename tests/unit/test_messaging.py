"""domain.messaging: template checks and rendering in Bengali."""
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain import messaging as msg
from chalicelib.domain.errors import Invalid
from chalicelib.domain.sms import MAX_PARTS, TEMPLATES_BN, reminder_text, sms_size
from chalicelib.domain.society import Society

TODAY = date(2026, 1, 15)


def society(**fields) -> Society:
    values = dict(id="0" * 17, registration_no="JHE-101", registered_on=date(2010, 1, 15),
                  name_bn="নবগঙ্গা মৎস্যজীবী সমবায় সমিতি লিঃ", address="Jhenaidah", upazila_code="404419",
                  committee_kind="elected", committee_started_on=date(2024, 3, 1), term_ends_on=date(2027, 2, 28),
                  last_audit_year="2024-2025", last_audit_on=date(2025, 11, 1), president_phone="+8801812000001",
                  secretary_phone="+8801913000001", officer_phone="+8801711000419")
    values.update(fields)
    return Society(**values)


# --- checking a template when it is saved ----------------------------------------------------

@pytest.mark.parametrize("kind", msg.KINDS)
def test_every_built_in_text_passes_its_own_check(kind):
    assert msg.checked_template(msg.TEMPLATES_BN[kind], kind) == msg.TEMPLATES_BN[kind]


@pytest.mark.parametrize("text,kind,code,variable", [
    ("{society_name} {colour}", "agm", "unknown_variable", "colour"),
    ("{society_name} {due}", msg.FREE, "unknown_variable", "due"),      # free text has no reminder date
    ("{society_name} {year}", "committee_term", "unknown_variable", "year"),  # its subject is no year
    ("{society_name.upper}", "agm", "unknown_variable", "society_name.upper"),
    ("{society_name", "agm", "malformed_template", None),
    ("society_name}", "agm", "malformed_template", None),
    ("{}", "agm", "malformed_template", None),
    ("{due!r}", "agm", "malformed_template", None),
    ("", "agm", "empty_text", None),
    (None, "agm", "empty_text", None),
    (" \n ", "agm", "empty_text", None),
    ("অ" * 202, "agm", "text_too_long", None),   # 3 parts hold 201 UCS-2 units
    ("a" * 1001, msg.FREE, "text_too_long", None),
])
def test_bad_texts_are_refused_naming_what_is_wrong(text, kind, code, variable):
    with pytest.raises(Invalid) as caught:
        msg.checked_template(text, kind)
    assert caught.value.code == code
    detail = caught.value.details[0]
    assert detail["field"] == "text" and detail["message_bn"]
    if variable:
        assert detail["variable"] == variable and f"{{{variable}}}" in caught.value.message_en


@pytest.mark.parametrize("text,kind", [
    ("অ" * 201, "agm"),
    ("a" * 459, msg.FREE),                              # 3 GSM-7 parts of 153
    ("{society_name}: {{না}} {office_name}, {upazila}, {district}", msg.FREE),  # doubled braces are literal
    ("{society_name}: বাকি {days_left} দিন, {term_end}; {agm_due}/{audit_due} {audit_year} {registration_no}", "agm"),
    ("{society_name} {year} {due}", "accounts_statement"),
])
def test_good_texts_are_kept(text, kind):
    assert msg.checked_template(text, kind) == text


def test_the_length_check_counts_variables_at_their_longest():
    long_office = "{office_name} " * 5
    with pytest.raises(Invalid) as caught:
        msg.checked_template(long_office, msg.FREE)
    assert caught.value.code == "text_too_long"
    assert sms_size(long_office.replace("{office_name}", "x")).parts == 1  # without values it would pass


# --- rendering -------------------------------------------------------------------------------

def test_values_are_bengali_dates_and_digits():
    values = msg.society_values(society(), TODAY, msg.office_name("4044"), date(2026, 12, 31), "2025-2026")
    assert values["term_end"] == "২৮/০২/২০২৭" and values["days_left"] == "৪০৯"
    assert values["registration_no"] == "JHE-১০১" and values["audit_year"] == "২০২৫-২০২৬"
    assert values["audit_due"] == "৩০/০৬/২০২৭" and values["agm_due"] == "৩১/১২/২০২৫"
    assert values["due"] == "৩১/১২/২০২৬" and values["year"] == "২০২৫-২০২৬"
    assert values["office_name"] == "জেলা সমবায় কার্যালয়, ঝিনাইদহ"
    assert (values["upazila"], values["district"]) == ("ঝিনাইদহ সদর", "ঝিনাইদহ")


@pytest.mark.parametrize("code,name", [("", "সমবায় অধিদপ্তর"), ("40", "বিভাগীয় সমবায় কার্যালয়, খুলনা"),
                                       ("404419", "উপজেলা সমবায় কার্যালয়, ঝিনাইদহ সদর")])
def test_office_names(code, name):
    assert msg.office_name(code) == name


@pytest.mark.parametrize("kind", sorted(TEMPLATES_BN))
@pytest.mark.parametrize("name", ["আদর্শ সমিতি", "নবগঙ্গা মৎস্যজীবী সমবায় সমিতি লিঃ " * 4])
def test_the_built_in_texts_render_as_the_scan_always_sent_them(kind, name):
    s = society(name_bn=name)
    expected = reminder_text(kind, name, date(2027, 1, 1), "2025-2026")
    assert msg.text_for(kind, None, s, TODAY, "", date(2027, 1, 1), "2025-2026") == expected


def test_a_standard_message_sent_by_hand_takes_its_date_from_the_calendar():
    text = msg.text_for("agm", None, society(), TODAY, "")
    assert text == "নবগঙ্গা মৎস্যজীবী: বার্ষিক সাধারণ সভা করুন, শেষ ৩১/১২/২০২৫।"


@given(st.text(alphabet="অআকখগঘঙচছজ ", min_size=3, max_size=300).filter(str.strip),
       st.sampled_from(["{society_name}: সভা {agm_due}। {office_name}",
                        "{society_name} " + "অ" * 120, "{society_name}: hello {term_end}", "শুভেচ্ছা"]))
def test_a_long_name_is_cut_to_the_parts_the_text_needs_for_a_short_one(name, pattern):
    values = {**msg.society_values(society(), TODAY, msg.office_name("404419")), "society_name": name}
    text = msg.render(pattern, values)
    limit = max(MAX_PARTS, sms_size(pattern.format(**{**values, "society_name": msg.SHORT_NAME})).parts)
    assert sms_size(text).parts <= limit
    assert "{" not in text


def test_a_name_that_fits_is_not_cut():
    values = msg.society_values(society(name_bn="আদর্শ সমিতি"), TODAY, "")
    assert msg.render("{society_name}!", values) == "আদর্শ সমিতি!"


# --- which text applies ----------------------------------------------------------------------

def test_district_over_national_over_built_in():
    national, district = {"agm": {"text": "N"}}, {"agm": {"text": "D"}, "audit": {"text": "DA"}}
    assert msg.effective("agm", national, district) == ("D", "district")
    assert msg.effective("agm", national, {}) == ("N", "national")
    assert msg.effective("audit", national, district) == ("DA", "district")
    assert msg.effective("accounts_statement", national, district) == (TEMPLATES_BN["accounts_statement"], "builtin")


# --- recipients, masks, parts and cost -------------------------------------------------------

def test_each_number_once_per_society_in_role_order():
    s = society(secretary_phone="+8801812000001")
    assert msg.recipient_phones(s, ["president", "secretary", "officer"]) == [
        ("+8801812000001", "president"), ("+8801711000419", "officer")]
    assert msg.recipient_phones(society(president_phone=None), ["president"]) == []


def test_overdue():
    assert msg.is_overdue(society(last_audit_year="2015-2016", last_audit_on=date(2016, 9, 1)), "audit", TODAY)
    assert not msg.is_overdue(society(), "audit", TODAY)
    assert msg.is_overdue(society(last_agm_on=date(2025, 1, 1), last_audit_on=date(2025, 9, 1)), "agm", TODAY)
    assert not msg.is_overdue(society(last_agm_on=date(2025, 12, 1)), "agm", TODAY)  # held: next hangs off an audit


def test_masked_phones_cannot_be_dialled():
    assert msg.mask_phone("+8801812000001") == "+880181****001"
    assert msg.mask_phone("123") == "***"
