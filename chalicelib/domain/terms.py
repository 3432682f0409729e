"""Committee terms and countdown colours."""
from dataclasses import dataclass
from datetime import date, timedelta

COMMITTEE_KINDS = ("elected", "interim", "new_registration")
WARNING_DAYS = 90

STATUS_LABELS = {
    "green": {"bn": "সবুজ: মেয়াদ আছে", "en": "Green: term running"},
    "yellow": {"bn": "হলুদ: মেয়াদ ৯০ দিনের মধ্যে শেষ", "en": "Yellow: ends within 90 days"},
    "red": {"bn": "লাল: মেয়াদ শেষ", "en": "Red: term expired"},
}
STATUSES = tuple(STATUS_LABELS)  # a term's countdown colour: green, yellow, red


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


def status_range(status: str, today: date) -> tuple[date | None, date | None]:
    """Inclusive term-end range (low, high) that gives the status on this day."""
    if status == "red":
        return None, today
    if status == "yellow":
        return today + timedelta(days=1), today + timedelta(days=WARNING_DAYS)
    return today + timedelta(days=WARNING_DAYS + 1), None
