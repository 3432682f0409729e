"""Bangladeshi mobile numbers: accept how people write them, store E.164."""
import re

import phonenumbers

from .bangla import ascii_digits

BD_MOBILE = re.compile(r"^\+8801[3-9]\d{8}$")


def normalise_bd_mobile(raw: str) -> str:
    """'01712-345678', '8801712345678', '০১৭১২৩৪৫৬৭৮' -> '+8801712345678'.

    phonenumbers parses every local spelling but still accepts retired ranges such as
    Citycell's 011, so the result must also match the stricter operator pattern.
    """
    text = ascii_digits(str(raw)).strip()
    if text.startswith("880") or text.startswith("00880"):
        text = "+" + text.removeprefix("00")
    try:
        number = phonenumbers.parse(text, "BD")
    except phonenumbers.NumberParseException as exc:
        raise ValueError("not a phone number") from exc
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if not phonenumbers.is_valid_number(number) or not BD_MOBILE.match(e164):
        raise ValueError("not a Bangladeshi mobile number")
    return e164
