from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.sms import TEMPLATES_BN, reminder_text, sms_size


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


def test_term_reminder_has_name_date_and_days_in_bengali_digits():
    text = reminder_text("term", "নবগঙ্গা মৎস্যজীবী সমবায় সমিতি লিঃ", date(2027, 1, 23), 60)
    assert "নবগঙ্গা মৎস্যজীবী সমবায় সমিতি লিঃ" in text
    assert "২৩/০১/২০২৭" in text and "৬০ দিন" in text
    assert sms_size(text).parts <= 2


@given(st.text(alphabet="কখগঘঙচছজঝটঠডঢণতথদধনপফবভমযরলশষসহড়ঢ়য়ৎংঃঁািীুূৃেৈোৌ্ abc", min_size=2, max_size=300),
       st.sampled_from(sorted(TEMPLATES_BN)), st.integers(min_value=-500, max_value=2000))
def test_any_name_fits_in_two_parts(name, template, days):
    assert sms_size(reminder_text(template, name, date(2027, 1, 1), days)).parts <= 2
