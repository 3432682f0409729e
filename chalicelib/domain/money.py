"""Money is integer paisa (1 Taka = 100 paisa); bKash speaks decimal strings like "150.00"."""
import re
from decimal import Decimal, InvalidOperation

from .bangla import ascii_digits, bn_digits

AMOUNT = re.compile(r"^[0-9]+(\.[0-9]{1,2})?$")  # \d would also take Bengali digits


def amount_string(paisa: int) -> str:
    """150050 -> "1500.50", the form bKash's create and refund take."""
    if isinstance(paisa, bool) or not isinstance(paisa, int) or paisa < 0:
        raise ValueError(f"not an amount in paisa: {paisa!r}")
    return f"{paisa // 100}.{paisa % 100:02d}"


def paisa_of(amount) -> int:
    """"1500.5" / "1500.50" / "1500" -> 150050. Anything else (spaces, a sign, 3 decimals, text) is refused."""
    text = str(amount)
    if not AMOUNT.match(text):
        raise ValueError(f"not a bKash amount: {amount!r}")
    try:
        value = Decimal(text) * 100
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise ValueError(f"not a bKash amount: {amount!r}") from exc
    return int(value)


def paisa_of_taka(text: str) -> int:
    """Taka as a person writes them: "2,50,000", "২৫০০০০.৫০", "250000" -> paisa. ValueError for anything
    else (a sign, three decimals, words)."""
    return paisa_of(ascii_digits(str(text)).replace(",", "").strip())


def lakh_grouping(whole: int) -> str:
    """1234567 -> "12,34,567": the last three digits, then groups of two."""
    digits = str(whole)
    head, tail = digits[:-3], digits[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return ",".join(groups + [tail])


def taka_bn(paisa: int) -> str:
    """123456700 -> "১২,৩৪,৫৬৭.০০ টাকা"."""
    return bn_digits(f"{lakh_grouping(paisa // 100)}.{paisa % 100:02d}") + " টাকা"


def taka_en(paisa: int) -> str:
    return f"Tk {lakh_grouping(paisa // 100)}.{paisa % 100:02d}"
