import pytest

from chalicelib.domain.phones import normalise_bd_mobile


@pytest.mark.parametrize("raw", ["01712345678", "8801712345678", "+8801712345678", "+880 1712-345678",
                                 "০১৭১২৩৪৫৬৭৮", "+৮৮০১৭১২৩৪৫৬৭৮", "008801712345678", " 01712 345 678 "])
def test_local_spellings_normalise_to_e164(raw):
    assert normalise_bd_mobile(raw) == "+8801712345678"


@pytest.mark.parametrize("prefix", ["013", "014", "015", "016", "017", "018", "019"])
def test_every_operator_prefix_is_accepted(prefix):
    assert normalise_bd_mobile(prefix + "12345678") == "+880" + prefix[1:] + "12345678"


@pytest.mark.parametrize("raw", ["01112345678", "01212345678", "0171234567", "017123456789", "021234567",
                                 "+441234567890", "abc", "", "+880"])
def test_retired_landline_foreign_and_malformed_numbers_are_refused(raw):
    with pytest.raises(ValueError):
        normalise_bd_mobile(raw)
