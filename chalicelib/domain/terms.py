"""Committee terms, countdown colours, and AGM / audit due dates."""
from dataclasses import dataclass
from datetime import date, timedelta

COMMITTEE_KINDS = ("elected", "interim", "new_registration")
WARNING_DAYS = 90
AGM_AUDIT_WARNING_DAYS = 30

STATUS_LABELS = {
    "green": {"bn": "সবুজ: মেয়াদ আছে", "en": "Green: term running"},
    "yellow": {"bn": "হলুদ: মেয়াদ ৯০ দিনের মধ্যে শেষ", "en": "Yellow: ends within 90 days"},
    "red": {"bn": "লাল: মেয়াদ শেষ", "en": "Red: term expired"},
}
DUE_LABELS = {
    "ok": {"bn": "সময় আছে", "en": "On time"},
    "due_soon": {"bn": "শীঘ্রই করতে হবে", "en": "Due soon"},
    "overdue": {"bn": "সময় পেরিয়ে গেছে", "en": "Overdue"},
    "unknown": {"bn": "তথ্য নেই", "en": "No record"},
}


@dataclass(frozen=True)
class TermRules:
    elected_years: int = 3
    interim_days: int = 120


def add_years(day: date, years: int) -> date:
    """Same day N years later; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def term_end(kind: str, started_on: date, rules: TermRules) -> date:
    if kind == "interim":
        return started_on + timedelta(days=rules.interim_days)
    return add_years(started_on, rules.elected_years)


def days_left(ends_on: date, today: date) -> int:
    return (ends_on - today).days


def term_status(days: int) -> str:
    if days <= 0:
        return "red"
    if days <= WARNING_DAYS:
        return "yellow"
    return "green"


def yearly_due(last_on: date | None) -> date | None:
    """AGM and audit are yearly: due one year after the last one."""
    return add_years(last_on, 1) if last_on else None


def due_status(due_on: date | None, today: date) -> str:
    if due_on is None:
        return "unknown"
    days = days_left(due_on, today)
    if days < 0:
        return "overdue"
    if days <= AGM_AUDIT_WARNING_DAYS:
        return "due_soon"
    return "ok"


def status_range(status: str, today: date) -> tuple[date | None, date | None]:
    """Inclusive term-end range (low, high) that gives the status on this day."""
    if status == "red":
        return None, today
    if status == "yellow":
        return today + timedelta(days=1), today + timedelta(days=WARNING_DAYS)
    return today + timedelta(days=WARNING_DAYS + 1), None
