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
GSM_7, UCS_2 = "GSM-7", "UCS-2"
ENCODINGS = (GSM_7, UCS_2)


class PermanentSmsError(Exception):
    """This number can never get the message (e.g. an invalid number)."""


class TransientSmsError(Exception):
    """The SMS service surely did not take the message; the next scan tries again."""


class UncertainSmsError(Exception):
    """The SMS service may have taken the message; it must not be sent again."""


@dataclass(frozen=True)
class SmsSize:
    encoding: str
    units: int
    parts: int


def sms_size(text: str) -> SmsSize:
    if all(c in GSM7 or c in GSM7_EXTENDED for c in text):
        units = sum(2 if c in GSM7_EXTENDED else 1 for c in text)
        single, multi, encoding = 160, 153, GSM_7
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi, encoding = 70, 67, UCS_2
    parts = 1 if units <= single else -(-units // multi)
    return SmsSize(encoding, units, parts)


# Terse on purpose: every unit of fixed text is paid on every SMS, so the society's name
# decides the part count. Each still says what the law needs: the society, what is due, the date
# ("শেষ" = the last day). The society's people get these; officers are told in the digest.
TEMPLATES_BN = {
    "committee_term": "{society_name}: কমিটির মেয়াদ শেষ {due}, নির্বাচন করুন।",
    "committee_expired": "{society_name}: কমিটির মেয়াদ শেষ {due}। অন্তর্বর্তী কমিটি নিয়োগ করুন।",
    "agm": "{society_name}: বার্ষিক সাধারণ সভা করুন, শেষ {due}।",
    "audit": "{society_name}: {year} অডিটের প্রস্তুতি নিন, শেষ {due}।",
    "audit_officer": "{society_name}: {year} বর্ষের অডিটের তারিখ ঠিক করুন, শেষ সময় {due}।",
    "audit_rectification": "{society_name}: অডিট সংশোধনী প্রতিবেদন দিন, শেষ {due}।",
    "accounts_statement": "{society_name}: {year} হিসাব বিবরণী দিন, শেষ {due}।",
}
MAX_PARTS = 2
ELLIPSIS = "…"
# Every registered name ends in one of these; the words before it name the society.
LEGAL_SUFFIXES = ("সমবায় সমিতি লিমিটেড", "সমবায় সমিতি লিঃ", "সমবায় সমিতি লি:", "সমবায় সমিতি")


def template_for(template: str, role: str) -> str:
    """The officer gets his own wording where there is one (the audit: schedule it)."""
    own = f"{template}_officer"
    return own if role in ("officer", "acting_officer") and own in TEMPLATES_BN else template


def shorter_name(name: str) -> str:
    """One word less, marked with an ellipsis; a single long word loses letters instead."""
    words = name.removesuffix(ELLIPSIS).split()
    if len(words) > 1:
        return " ".join(words[:-1]) + ELLIPSIS
    return name.removesuffix(ELLIPSIS)[:-2].rstrip() + ELLIPSIS


def distinctive_name(name: str) -> str:
    """The name without its legal suffix ("নবগঙ্গা মৎস্যজীবী সমবায় সমিতি লিঃ" -> "নবগঙ্গা মৎস্যজীবী")."""
    for suffix in LEGAL_SUFFIXES:
        if name.endswith(suffix) and name[:-len(suffix)].strip():
            return name[:-len(suffix)].strip()
    return name


def fit_name(render, society_name: str, max_parts: int = MAX_PARTS) -> str:
    """render(name) in one part if the full name, or its words before the legal suffix, allow (a
    second part doubles what every SMS costs); else the full name, cut at a word boundary until the
    text fits in max_parts."""
    name = " ".join(society_name.split())
    for candidate in (name, distinctive_name(name)):
        text = render(candidate)
        if sms_size(text).parts == 1:
            return text
    text = render(name)
    while sms_size(text).parts > max_parts and len(name) > 2:
        name = shorter_name(name)
        text = render(name)
    return text


def reminder_text(template: str, society_name: str, due: date, subject: str = "") -> str:
    """The standard text in one part where the name allows; else a long name is cut at a word
    boundary to stay within two parts."""
    pattern = TEMPLATES_BN[template]
    return fit_name(lambda name: pattern.format(society_name=name, due=bn_date(due), year=bn_digits(subject)),
                    society_name)
