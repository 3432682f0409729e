from datetime import date

from hypothesis import given
from hypothesis import strategies as st

import pytest

from chalicelib.domain.sms import TEMPLATES_BN, distinctive_name, reminder_text, sms_size, template_for


def test_gsm7_limits():
    assert sms_size("a" * 160) == sms_size("a" * 160).__class__("GSM-7", 160, 1)
    assert sms_size("a" * 161).parts == 2
    assert sms_size("a" * 306).parts == 2 and sms_size("a" * 307).parts == 3
    assert sms_size("{" * 80).units == 160  # extension characters take two septets


def test_bengali_is_ucs2_70_then_67_per_part():
    assert sms_size("ক" * 70) == sms_size("ক" * 70).__class__("UCS-2", 70, 1)
    assert sms_size("ক" * 71).parts == 2
    assert sms_size("ক" * 134).parts == 2 and sms_size("ক" * 135).parts == 3
    assert sms_size("a" * 69 + "ক").encoding == "UCS-2"  # one Bengali letter makes it all UCS-2



@pytest.mark.parametrize("text,encoding,parts", [
    ("a" * 160, "GSM-7", 1), ("a" * 161, "GSM-7", 2), ("a" * 306, "GSM-7", 2), ("a" * 307, "GSM-7", 3),
    ("{" * 80, "GSM-7", 1), ("{" * 81, "GSM-7", 2),            # extension characters count twice
    ("অ" * 70, "UCS-2", 1), ("অ" * 71, "UCS-2", 2), ("অ" * 134, "UCS-2", 2), ("অ" * 135, "UCS-2", 3),
    ("a" * 69 + "অ", "UCS-2", 1), ("a" * 70 + "অ", "UCS-2", 2),  # one Bengali letter makes it all UCS-2
])
def test_encoding_and_parts(text, encoding, parts):
    size = sms_size(text)
    assert (size.encoding, size.parts) == (encoding, parts)


@given(st.text(min_size=1, max_size=500))
def test_parts_are_the_fewest_that_hold_the_text(text):
    """A single part holds 160 GSM-7 septets or 70 UCS-2 units; a split one 153 or 67 per part."""
    size = sms_size(text)
    single, per_part = (70, 67) if size.encoding == "UCS-2" else (160, 153)

    def holds(parts: int) -> int:
        return single if parts == 1 else parts * per_part

    assert len(text) <= size.units <= holds(size.parts)
    assert size.parts == 1 or size.units > holds(size.parts - 1)

def test_term_reminder_says_when_the_term_will_end():
    text = reminder_text("committee_term", "নবগঙ্গা মৎস্যজীবী সমবায় সমিতি লিঃ", date(2027, 1, 23))
    assert text == "নবগঙ্গা মৎস্যজীবী: কমিটির মেয়াদ শেষ ২৩/০১/২০২৭, নির্বাচন করুন।"
    assert sms_size(text).parts == 1


def test_a_name_that_fits_one_part_is_sent_whole():
    text = reminder_text("committee_term", "আদর্শ সমবায় সমিতি লিঃ", date(2027, 1, 23))
    assert text.startswith("আদর্শ সমবায় সমিতি লিঃ:") and sms_size(text).parts == 1


def test_a_name_too_long_for_one_part_even_without_its_legal_suffix_is_sent_whole_in_two():
    name = "ঝিনাইদহ সদর উপজেলা কেন্দ্রীয় দুগ্ধ উৎপাদনকারী সমবায় সমিতি লিঃ"
    text = reminder_text("committee_term", name, date(2027, 1, 23))
    assert text.startswith(name + ":") and sms_size(text).parts == 2


@pytest.mark.parametrize("name, distinctive", [
    ("নবগঙ্গা মৎস্যজীবী সমবায় সমিতি লিঃ", "নবগঙ্গা মৎস্যজীবী"),
    ("কালীগঞ্জ তাঁতি সমবায় সমিতি লিমিটেড", "কালীগঞ্জ তাঁতি"),
    ("আদর্শ সমিতি", "আদর্শ সমিতি"),
    ("সমবায় সমিতি লিঃ", "সমবায় সমিতি লিঃ"),  # nothing before the suffix: the name as it is
])
def test_the_distinctive_name_is_the_words_before_the_legal_suffix(name, distinctive):
    assert distinctive_name(name) == distinctive


def test_audit_asks_the_society_to_be_ready_and_the_officer_to_schedule():
    society = reminder_text(template_for("audit", "president"), "আদর্শ সমিতি", date(2027, 6, 30), "2025-2026")
    officer = reminder_text(template_for("audit", "officer"), "আদর্শ সমিতি", date(2027, 6, 30), "2025-2026")
    assert "অডিটের প্রস্তুতি নিন" in society and "২০২৫-২০২৬" in society
    assert "তারিখ ঠিক করুন" in officer


@pytest.mark.parametrize("template", sorted(TEMPLATES_BN))
def test_a_short_name_fits_every_text_in_one_part_or_two_at_most(template):
    """The fixed wording is terse, so the name decides the part count."""
    text = reminder_text(template, "আদর্শ সমিতি", date(2027, 1, 1), "2025-2026")
    fixed = sms_size(TEMPLATES_BN[template].format(society_name="", due="০১/০১/২০২৭", year="২০২৫-২০২৬")).units
    assert fixed <= 67 and sms_size(text).parts <= 2


def test_a_long_name_is_cut_at_a_word_boundary():
    name = " ".join(["মহাসমবায়"] * 20)
    text = reminder_text("committee_term", name, date(2027, 1, 1))
    cut = text.split(":")[0]
    assert cut.endswith("…") and cut.removesuffix("…").split() == ["মহাসমবায়"] * len(cut.removesuffix("…").split())
    assert sms_size(text).parts == 2


@given(st.text(alphabet="কখগঘঙচছজঝটঠডঢণতথদধনপফবভমযরলশষসহড়ঢ়য়ৎংঃঁািীুূৃেৈোৌ্ abc", min_size=2, max_size=300),
       st.sampled_from(sorted(TEMPLATES_BN)))
def test_any_name_fits_in_two_parts(name, template):
    assert sms_size(reminder_text(template, name, date(2027, 1, 1), "2025-2026")).parts <= 2
