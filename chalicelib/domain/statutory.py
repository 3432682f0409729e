"""A society's statutory calendar: what it owes by when, each rule citing its source.

The cooperative year is the financial year, 1 July – 30 June; year 2025 means 2025-26,
written "2025-2026" as offices do. Sources: shared/research/domain-anchors.md §7
(upazila cooperative office notices quoting the Act and the Rules).
"""
import re
from dataclasses import dataclass
from datetime import date, timedelta

from .terms import days_left, term_status

OBLIGATION_KINDS = ("committee_term", "agm", "audit", "audit_rectification", "accounts_statement")
# Deadlines every society shares (30 June, 31 July): their reminders are staggered (domain.reminders).
NATIONAL_KINDS = ("audit", "accounts_statement")
YEAR_LABEL = re.compile(r"^(\d{4})-(\d{4})$")


@dataclass(frozen=True)
class Rule:
    citation_en: str
    citation_bn: str


RULES = {
    "committee_term": Rule("Cooperative Societies Act 2001 (am. 2013) s.18: elected committee 3 years, "
                           "interim committee 120 days",
                           "সমবায় সমিতি আইন ২০০১ (সংশোধিত ২০১৩) ধারা ১৮: নির্বাচিত কমিটি ৩ বছর, "
                           "অন্তর্বর্তী কমিটি ১২০ দিন"),
    "agm": Rule("Cooperative Societies Rules 2004, rule 19(2): AGM within 60 days after the audit is completed",
                "সমবায় সমিতি বিধিমালা ২০০৪, বিধি ১৯(২): অডিট সম্পন্নের ৬০ দিনের মধ্যে বার্ষিক সাধারণ সভা"),
    "audit": Rule("Cooperative Societies Act 2001 s.43: statutory audit of each closed cooperative year "
                  "(office practice: by the end of the following year)",
                  "সমবায় সমিতি আইন ২০০১ ধারা ৪৩: প্রতিটি সমাপ্ত সমবায় বর্ষের বিধিবদ্ধ অডিট "
                  "(পরবর্তী বর্ষ শেষের আগে)"),
    "audit_rectification": Rule("Cooperative Societies Act 2001 (am. 2013) s.17(3),(4): audit rectification "
                                "report within 15 days after the audit is completed",
                                "সমবায় সমিতি আইন ২০০১ (সংশোধিত ২০১৩) ধারা ১৭(৩),(৪): অডিট সম্পন্নের ১৫ দিনের "
                                "মধ্যে অডিট সংশোধনী প্রতিবেদন"),
    "accounts_statement": Rule("Cooperative Societies Rules 2004, rule 57: annual statement of accounts within "
                               "30 days after the cooperative year ends (31 July)",
                               "সমবায় সমিতি বিধিমালা ২০০৪, বিধি ৫৭: সমবায় বর্ষ শেষের ৩০ দিনের মধ্যে "
                               "(৩১ জুলাই) বার্ষিক হিসাব বিবরণী"),
}


@dataclass(frozen=True)
class CalendarRules:
    """The configurable numbers behind RULES."""
    accounts_due_month: int = 7
    accounts_due_day: int = 31
    audit_due_years_after_close: int = 1  # audit of a year: by 30 June this many years after it closes
    rectification_days: int = 15
    agm_days_after_audit: int = 60


@dataclass(frozen=True)
class Obligation:
    kind: str
    due_on: date
    subject: str  # what it is for: the cooperative year, or the committee's start date
    rule: Rule
    projected: bool = False  # hangs off an audit not yet done: shown, but no reminder of its own

    def days_left(self, today: date) -> int:
        return days_left(self.due_on, today)

    def status(self, today: date) -> str:
        return term_status(self.days_left(today))


def coop_year_of(day: date) -> int:
    """The cooperative year a day falls in (2025 for any day from 1 July 2025 to 30 June 2026)."""
    return day.year if day.month >= 7 else day.year - 1


def year_label(year: int) -> str:
    return f"{year}-{year + 1}"


def parse_year(label: str | None) -> int | None:
    found = YEAR_LABEL.match(label or "")
    return int(found.group(1)) if found and int(found.group(2)) == int(found.group(1)) + 1 else None


def audited_year(last_audit_year: str | None, last_audit_on: date | None) -> int | None:
    """The last year audited: as entered, else the year before the audit was completed."""
    entered = parse_year(last_audit_year)
    if entered is not None:
        return entered
    return coop_year_of(last_audit_on) - 1 if last_audit_on else None


def obligations(society, today: date, rules: CalendarRules = CalendarRules()) -> list[Obligation]:
    """One obligation per kind, each with the date it falls due.

    `society` needs term_ends_on, committee_started_on, last_agm_on, last_audit_year,
    last_audit_on, last_rectification_on and last_accounts_year. Where nothing was
    recorded, the most recently closed cooperative year is taken to be owed.
    """
    last_closed = coop_year_of(today) - 1
    accounts_done = parse_year(society.last_accounts_year)
    accounts_year = accounts_done + 1 if accounts_done is not None else last_closed
    accounts_due = date(accounts_year + 1, rules.accounts_due_month, rules.accounts_due_day)

    done = audited_year(society.last_audit_year, society.last_audit_on)
    audit_year = done + 1 if done is not None else last_closed
    audit_due = date(audit_year + 1 + rules.audit_due_years_after_close, 6, 30)

    # After an audit the rectification report and the AGM fall due; once both are done the
    # next ones hang off the next audit's deadline.
    audit_on = society.last_audit_on
    open_after_audit = audit_on is not None and done is not None

    def after_audit(kind: str, last_done_on: date | None, days: int) -> Obligation:
        if open_after_audit and (last_done_on is None or last_done_on < audit_on):
            return Obligation(kind, audit_on + timedelta(days=days), year_label(done), RULES[kind])
        return Obligation(kind, audit_due + timedelta(days=days), year_label(audit_year), RULES[kind], True)

    return [
        Obligation("committee_term", society.term_ends_on, society.committee_started_on.isoformat(),
                   RULES["committee_term"]),
        after_audit("agm", society.last_agm_on, rules.agm_days_after_audit),
        Obligation("audit", audit_due, year_label(audit_year), RULES["audit"]),
        after_audit("audit_rectification", society.last_rectification_on, rules.rectification_days),
        Obligation("accounts_statement", accounts_due, year_label(accounts_year), RULES["accounts_statement"]),
    ]
