import unicodedata

import pytest
from hypothesis import given, strategies as st

from chalicelib.domain.bangla import ascii_digits, bn_digits, normalise_bn, search_form

YA_ONE = "\u09df"          # য় as one code point
YA_TWO = "\u09af\u09bc"    # য + nukta
RRA_ONE, RRA_TWO = "\u09dc", "\u09a1\u09bc"    # ড়
RHA_ONE, RHA_TWO = "\u09dd", "\u09a2\u09bc"    # ঢ়


@pytest.mark.parametrize("one, two", [
    (YA_ONE, YA_TWO), (RRA_ONE, RRA_TWO), (RHA_ONE, RHA_TWO),
    (f"শা{YA_ONE}েস্তাগঞ্জ", f"শা{YA_TWO}েস্তাগঞ্জ"),
    (f"ব{RRA_ONE}ুয়া", f"ব{RRA_TWO}ুয়া"),
    ("কো\u09cb", "কো\u09c7\u09be"),                  # ো precomposed vs  ে + া
])
def test_both_spellings_normalise_to_the_same_text(one, two):
    assert one != two
    assert normalise_bn(one) == normalise_bn(two)


@pytest.mark.parametrize("raw, expected", [
    ("  ঝিনাইদহ   সদর \n", "ঝিনাইদহ সদর"),
    ("ঝিনাইদহ\u00a0\tসদর", "ঝিনাইদহ সদর"),
    ("ক্\u200cষ", "ক্ষ"),                               # ZWNJ
    ("র\u200d্যাব", "র্যাব"),                           # ZWJ
    ("\ufeffসমবায়\u200b সমিতি\u2060", "সমবায় সমিতি"),
    ("", ""),
    ("   ", ""),
])
def test_normalise_bn(raw, expected):
    assert normalise_bn(raw) == unicodedata.normalize("NFC", expected)


def test_zero_width_mark_between_vowel_signs_does_not_block_composition():
    assert normalise_bn("ক\u09c7\u200d\u09be") == "ক\u09cb"


@pytest.mark.parametrize("raw, expected", [
    ("সমিতি নং ১২৩", "সমিতি নং 123"),
    ("  Dhaka  SADAR ", "dhaka sadar"),
    (f"কৃষক সমবা{YA_ONE} ০৭", f"কৃষক সমবা{YA_TWO} 07"),
    ("Straße ৪২", "strasse 42"),
])
def test_search_form(raw, expected):
    assert search_form(raw) == expected


def test_existing_digit_helpers_unchanged():
    assert bn_digits(2027) == "২০২৭" and ascii_digits("২০২৭") == "2027"


@pytest.mark.parametrize("text", ["শায়েস্তাগঞ্জ", " a\u200d\u00a0b ", "ড়ঢ়য়", "কো"])
def test_idempotent_on_examples(text):
    once = normalise_bn(text)
    assert normalise_bn(once) == once
    assert search_form(search_form(text)) == search_form(text)


bengali_ish = st.text(st.one_of(
    st.characters(min_codepoint=0x0980, max_codepoint=0x09FF),
    st.sampled_from(" \t\n\u00a0\u200b\u200c\u200d\u2060\ufeff"),
    st.characters(),
))


@given(bengali_ish)
def test_normalise_bn_is_idempotent(text):
    once = normalise_bn(text)
    assert normalise_bn(once) == once
