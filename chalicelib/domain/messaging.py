"""Message templates with named variables: the standard reminders, their overrides, free text.

A template is checked when it is saved: an unknown or malformed variable, an empty text or a
text that would be too long even for a society with a one-letter name is refused (400), so an
SMS never goes out with a blank or a brace in it. Rendering fills the variables with Bengali
dates and digits and cuts a long society name (sms.fit_name) to stay within the part limit.
"""
import string
import unicodedata
from datetime import date
from functools import lru_cache

from . import geography
from . import budget_notices
from .bangla import bn_date, bn_digits
from .errors import Invalid
from .loan_reminders import TEMPLATES_BN as LOAN_TEMPLATES_BN
from .sms import MAX_PARTS, SmsSize, fit_name, sms_size
from .sms import TEMPLATES_BN as SOCIETY_TEMPLATES_BN
from .statutory import obligations, parse_year
from .terms import days_left

FREE = "free"  # a free text: not a stored template
SOCIETY_KINDS = tuple(SOCIETY_TEMPLATES_BN)  # to societies' people
LOAN_KINDS = tuple(LOAN_TEMPLATES_BN)        # to borrowers, with the loan's variables
BUDGET_KINDS = budget_notices.KINDS            # budget files' notices, with the file's variables
TEMPLATES_BN = {**SOCIETY_TEMPLATES_BN, **LOAN_TEMPLATES_BN, **budget_notices.TEMPLATES_BN}  # every built-in text
KINDS = tuple(TEMPLATES_BN)
KIND_LABELS = {
    "committee_term": ("কমিটির মেয়াদ", "Committee term"),
    "committee_expired": ("কমিটির মেয়াদ শেষ (কর্মকর্তাকে)", "Committee term ended (to the officer)"),
    "agm": ("বার্ষিক সাধারণ সভা", "Annual general meeting"),
    "audit": ("অডিট", "Audit"),
    "audit_officer": ("অডিট (কর্মকর্তাকে)", "Audit (to the officer)"),
    "audit_rectification": ("অডিট সংশোধনী প্রতিবেদন", "Audit rectification report"),
    "accounts_statement": ("বার্ষিক হিসাব বিবরণী", "Annual statement of accounts"),
    "loan_due_soon": ("আশ্রয়ণ ঋণ: কিস্তির তারিখ আসছে", "Asrayon loan: instalment due soon"),
    "loan_due_today": ("আশ্রয়ণ ঋণ: কিস্তির শেষ দিন আজ", "Asrayon loan: instalment due today"),
    "loan_overdue": ("আশ্রয়ণ ঋণ: বকেয়া কিস্তি", "Asrayon loan: instalment overdue"),
    **budget_notices.KIND_LABELS,
    FREE: ("মুক্ত লেখা", "Free text"),
}
OBLIGATION_OF = {"committee_expired": "committee_term", "audit_officer": "audit"}  # the rest: same name
SOURCES = ("builtin", "national", "district")
MAX_TEMPLATE_PARTS = 3  # with a one-letter society name
MAX_TEMPLATE_CHARS = 1000
SHORT_NAME = "ক"

# name -> (label in Bengali, in English, a long sample value for the length check)
VARIABLES = {
    "society_name": ("সমিতির নাম", "Society's name", SHORT_NAME),
    "registration_no": ("নিবন্ধন নম্বর", "Registration number", "যশোর-১২৩৪৫/২০২৪"),
    "term_end": ("কমিটির মেয়াদ শেষের তারিখ", "Committee term ends on", "৩১/১২/২০২৬"),
    "days_left": ("মেয়াদ শেষ হতে বাকি দিন", "Days left in the term", "-১০৯৫"),
    "agm_due": ("বার্ষিক সাধারণ সভার শেষ তারিখ", "AGM due by", "৩১/১২/২০২৬"),
    "audit_due": ("অডিটের শেষ তারিখ", "Audit due by", "৩০/০৬/২০২৭"),
    "audit_year": ("অডিটের বর্ষ", "Year to be audited", "২০২৫-২০২৬"),
    "office_name": ("অফিসের নাম", "Office's name", None),
    "upazila": ("উপজেলা", "Upazila", None),
    "district": ("জেলা", "District", None),
    "due": ("এই বার্তার শেষ তারিখ", "This message's due date", "৩১/১২/২০২৬"),
    "year": ("এই বার্তার বর্ষ", "This message's cooperative year", "২০২৫-২০২৬"),
    # a loan's (LOAN_KINDS)
    "borrower": ("ঋণগ্রহীতার নাম", "Borrower's name", SHORT_NAME),
    "amount": ("পরিশোধের টাকা", "Amount to pay", "১,২৩,৪৫৬.৭৮ টাকা"),
    "pay_link": ("বিকাশে পরিশোধের লিংক", "bKash pay link", "https://samabay.gov.bd/loan.html?loan=" + "L" * 24),
    # a budget file's (BUDGET_KINDS; "year" is its financial year, "due" its step's deadline)
    "file_no": ("বাজেট নথির নম্বর", "Budget file number", budget_notices.SAMPLES["file_no"]),
    "step": ("নথির অবস্থা", "The file's state", budget_notices.SAMPLES["step"]),
    "link": ("নথির লিংক", "Link to the file", budget_notices.SAMPLES["link"]),
}
BUDGET_ONLY = ("file_no", "step", "link")
LOAN_VARIABLES = ("borrower", "amount", "due", "pay_link", "office_name", "upazila", "district")
YEAR_KINDS = ("agm", "audit", "audit_officer", "audit_rectification", "accounts_statement")


def allowed_variables(kind: str) -> tuple[str, ...]:
    """Free text has no reminder of its own, so no {due} or {year}; {year} only where it is a year."""
    if kind in LOAN_KINDS:
        return LOAN_VARIABLES
    if kind in BUDGET_KINDS:
        return budget_notices.VARIABLES
    common = tuple(v for v in VARIABLES if v not in ("due", "year", "borrower", "amount", "pay_link", *BUDGET_ONLY))
    if kind == FREE:
        return common
    return common + ("due",) + (("year",) if kind in YEAR_KINDS else ())


def variables_view(kind: str) -> list[dict]:
    return [{"name": name, "label_bn": VARIABLES[name][0], "label_en": VARIABLES[name][1]}
            for name in allowed_variables(kind)]


def _invalid_text(code: str, en: str, bn: str, **detail) -> Invalid:
    return Invalid(code, en, bn, [{"field": "text", "code": code, "message": en, "message_bn": bn, **detail}])


def variables_in(text: str) -> list[str]:
    """The variable names a text uses, in order; malformed braces are refused."""
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(text)
                  if name is not None]
    except ValueError:
        raise _invalid_text("malformed_template", "A brace is not closed or opened: write variables as {name}.",
                            "একটি বন্ধনী খোলা বা বন্ধ হয়নি: চলক {name} এভাবে লিখুন।") from None
    for name, spec, conversion in fields:
        if not name or spec or conversion:
            raise _invalid_text("malformed_template", "Write variables as {name}, without anything else inside "
                                "the braces.", "চলক {name} এভাবে লিখুন, বন্ধনীর ভেতরে আর কিছু নয়।")
    return [name for name, _, _ in fields]


@lru_cache(maxsize=None)
def _longest_name(level: str) -> str:
    areas = geography.children("")
    for _ in range(("division", "district", "upazila").index(level)):
        areas = [child for a in areas for child in geography.children(a["code"])]
    return max((a["name_bn"] for a in areas), key=len)


def office_name(code: str) -> str:
    """How an office is named in an SMS, from its code."""
    if not code:
        return "সমবায় অধিদপ্তর"
    found = geography.area(code) or {"name_bn": bn_digits(code)}
    level = {2: "বিভাগীয়", 4: "জেলা", 6: "উপজেলা"}.get(len(code), "")
    return f"{level} সমবায় কার্যালয়, {found['name_bn']}"


def sample_values() -> dict[str, str]:
    """Long values for every variable (a one-letter society name): what a saved text is measured with."""
    values = {name: sample for name, (_, _, sample) in VARIABLES.items() if sample is not None}
    values.update(office_name=f"বিভাগীয় সমবায় কার্যালয়, {_longest_name('upazila')}",
                  upazila=_longest_name("upazila"), district=_longest_name("district"))
    return values


class _AsTyped(dict):
    def __missing__(self, name):
        return "{" + name + "}"


def typical_size(text: str) -> SmsSize:
    """The size of a text being written, measured as checked_template measures a saved one (its
    variables filled with the long values, a one-letter society name); a variable it does not know
    stays as typed, and a text whose braces do not pair is counted as typed."""
    text = unicodedata.normalize("NFC", text.strip())
    try:
        filled = text.format_map(_AsTyped(sample_values()))
    except (ValueError, IndexError, AttributeError, KeyError, TypeError):
        filled = text
    return sms_size(filled)


def checked_template(text, kind: str) -> str:
    """The text to save, if every variable is known for this kind and it fits in three parts."""
    if not isinstance(text, str) or not text.strip():
        raise _invalid_text("empty_text", "Write the message.", "বার্তাটি লিখুন।")
    text = unicodedata.normalize("NFC", text.strip())
    if len(text) > MAX_TEMPLATE_CHARS:
        raise _invalid_text("text_too_long", f"At most {MAX_TEMPLATE_CHARS} characters.",
                            f"সর্বোচ্চ {bn_digits(MAX_TEMPLATE_CHARS)} অক্ষর।")
    allowed = allowed_variables(kind)
    for name in variables_in(text):
        if name not in allowed:
            raise _invalid_text(
                "unknown_variable", f"Unknown variable {{{name}}}. Use one of: "
                + ", ".join(f"{{{v}}}" for v in allowed) + ".",
                f"অজানা চলক {{{name}}}। এগুলোর একটি ব্যবহার করুন: " + ", ".join(f"{{{v}}}" for v in allowed) + "।",
                variable=name)
    parts = sms_size(text.format(**sample_values())).parts
    if parts > MAX_TEMPLATE_PARTS:
        raise _invalid_text("text_too_long", f"Too long: {parts} SMS parts even for a short society name "
                            f"(at most {MAX_TEMPLATE_PARTS}).",
                            f"খুব বড়: ছোট নামের সমিতির জন্যও {bn_digits(parts)} অংশ (সর্বোচ্চ "
                            f"{bn_digits(MAX_TEMPLATE_PARTS)})।", parts=parts)
    return text


def render(pattern: str, values: dict[str, str]) -> str:
    """The pattern filled in; a long society name is cut so the SMS has no more parts than the
    pattern needs for a one-letter name (and never fewer than the standard two)."""
    def with_name(name: str) -> str:
        return pattern.format(**{**values, "society_name": name})
    limit = max(MAX_PARTS, sms_size(with_name(SHORT_NAME)).parts)
    return fit_name(with_name, values.get("society_name", ""), limit)


def render_loan(pattern: str, values: dict[str, str]) -> str:
    """A loan's SMS: the pattern filled in, a long borrower's name cut as render cuts a society's."""
    def with_name(name: str) -> str:
        return pattern.format(**{**values, "borrower": name})
    limit = max(MAX_PARTS, sms_size(with_name(SHORT_NAME)).parts)
    return fit_name(with_name, values.get("borrower", ""), limit)


def society_values(society, today: date, sender_office: str, due: date | None = None, subject: str = "") -> dict:
    """Every variable's value for one society, in Bengali; `due`/`subject`: the reminder's."""
    owed = {o.kind: o for o in obligations(society, today)}
    upazila = geography.area(society.upazila_code) or {"name_bn": ""}
    district = geography.area(society.upazila_code[:4]) or {"name_bn": ""}
    return {
        "society_name": society.name_bn,
        "registration_no": bn_digits(society.registration_no),
        "term_end": bn_date(society.term_ends_on),
        "days_left": bn_digits(days_left(society.term_ends_on, today)),
        "agm_due": bn_date(owed["agm"].due_on),
        "audit_due": bn_date(owed["audit"].due_on),
        "audit_year": bn_digits(owed["audit"].subject),
        "office_name": sender_office,
        "upazila": upazila["name_bn"],
        "district": district["name_bn"],
        "due": bn_date(due) if due else "",
        "year": bn_digits(subject) if parse_year(subject) is not None else "",
    }


def obligation_of(kind: str, society, today: date):
    """The obligation a standard message is about (its due date and year)."""
    wanted = OBLIGATION_OF.get(kind, kind)
    return next(o for o in obligations(society, today) if o.kind == wanted)


def text_for(kind: str, pattern: str | None, society, today: date, sender_office: str,
             due: date | None = None, subject: str = "") -> str:
    """The SMS one society gets: `pattern` (or the built-in text of `kind`) filled in.
    A standard kind sent by hand takes its due date and year from the society's calendar."""
    if kind != FREE and due is None:
        owed = obligation_of(kind, society, today)
        due, subject = owed.due_on, owed.subject
    return render(pattern or TEMPLATES_BN[kind], society_values(society, today, sender_office, due, subject))


def effective(kind: str, national: dict, district: dict) -> tuple[str, str]:
    """(text, source) of a kind: the district's override, else the national default, else built in."""
    if kind in district:
        return district[kind]["text"], "district"
    if kind in national:
        return national[kind]["text"], "national"
    return TEMPLATES_BN[kind], "builtin"


def is_overdue(society, kind: str, today: date) -> bool:
    owed = obligation_of(kind, society, today)
    return not owed.projected and owed.due_on < today


def recipient_phones(society, roles) -> list[tuple[str, str]]:
    """(phone, role) for each role with a number; one number once per society."""
    seen: dict[str, str] = {}
    for role in roles:
        phone = society.phone(role)
        if phone and phone not in seen:
            seen[phone] = role
    return list(seen.items())


def mask_phone(phone: str) -> str:
    """+8801812000001 -> +880181****001: enough to recognise, not to dial."""
    return phone[:7] + "*" * max(len(phone) - 10, 0) + phone[-3:] if len(phone) > 10 else "*" * len(phone)
