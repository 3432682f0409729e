"""SMS part counting and the standard reminder texts.

Any character outside GSM-7 (all of Bengali) makes the whole message UCS-2:
70 UTF-16 units in one part, 67 per part once it is split (the rest is the header).
"""
from dataclasses import dataclass
from datetime import date

from .bangla import bn_date, bn_digits

GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€")


@dataclass(frozen=True)
class SmsSize:
    encoding: str
    units: int
    parts: int


def sms_size(text: str) -> SmsSize:
    if all(c in GSM7 or c in GSM7_EXTENDED for c in text):
        units = sum(2 if c in GSM7_EXTENDED else 1 for c in text)
        single, multi, encoding = 160, 153, "GSM-7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi, encoding = 70, 67, "UCS-2"
    parts = 1 if units <= single else -(-units // multi)
    return SmsSize(encoding, units, parts)


TEMPLATES_BN = {
    "term": "{name}: কমিটির মেয়াদ শেষ {due}, বাকি {days} দিন। সময়মতো নির্বাচন করুন। -সমবায় অফিস",
    "term_expired": "{name}: কমিটির মেয়াদ শেষ হয়েছে {due}। অন্তর্বর্তী কমিটি গঠন করুন। -সমবায় অফিস",
    "agm": "{name}: বার্ষিক সাধারণ সভা করুন {due} এর মধ্যে, বাকি {days} দিন। -সমবায় অফিস",
    "audit": "{name}: অডিট সম্পন্ন করুন {due} এর মধ্যে, বাকি {days} দিন। -সমবায় অফিস",
}
MAX_PARTS = 2
ELLIPSIS = "…"


def reminder_text(template: str, society_name: str, due: date, days_left: int) -> str:
    """The standard text, shortening the society's name until it fits in two parts."""
    pattern = TEMPLATES_BN[template]

    def render(name: str) -> str:
        return pattern.format(name=name, due=bn_date(due), days=bn_digits(max(days_left, 0)))

    name = society_name.strip()
    text = render(name)
    while sms_size(text).parts > MAX_PARTS and len(name) > 1:
        name = name[:-2].rstrip() + ELLIPSIS
        text = render(name)
    return text
