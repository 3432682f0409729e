"""Bengali numerals, date formats and text normalisation for names and search."""
import re
import unicodedata
from datetime import date

_BN_DIGITS = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")
_ASCII_DIGITS = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")
# Zero-width space, non-joiner, joiner, word joiner, byte-order mark.
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")


def bn_digits(value) -> str:
    return str(value).translate(_BN_DIGITS)


def ascii_digits(text: str) -> str:
    return text.translate(_ASCII_DIGITS)


def bn_date(day: date) -> str:
    """16/03/2027 in Bengali digits, the order Bangladeshi offices write dates."""
    return bn_digits(day.strftime("%d/%m/%Y"))


def normalise_bn(text: str) -> str:
    """One spelling for text that looks the same: NFC, no zero-width marks, single spaces.

    ড় ঢ় য় (U+09DC/U+09DD/U+09DF) are composition exclusions, so NFC gives
    the base letter + nukta (U+09BC) for both ways of typing them. Zero-width
    marks go first so that letters they separated can compose.
    """
    text = unicodedata.normalize("NFC", _ZERO_WIDTH.sub("", text))
    return _SPACES.sub(" ", text).strip()


def search_form(text: str) -> str:
    """Search key: normalised, Bengali digits as ASCII, case-folded."""
    return normalise_bn(ascii_digits(text).casefold())
