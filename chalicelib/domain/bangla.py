"""Bengali numerals and date formats for text people read (SMS, pages, print)."""
from datetime import date

_BN_DIGITS = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")
_ASCII_DIGITS = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")


def bn_digits(value) -> str:
    return str(value).translate(_BN_DIGITS)


def ascii_digits(text: str) -> str:
    return text.translate(_ASCII_DIGITS)


def bn_date(day: date) -> str:
    """16/03/2027 in Bengali digits, the order Bangladeshi offices write dates."""
    return bn_digits(day.strftime("%d/%m/%Y"))
