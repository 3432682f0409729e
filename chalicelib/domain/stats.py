"""Counts per colour that cost the same whatever the registry's size.

Each area keeps how many active societies' terms end on each day (kept in the same
transaction as every write). Colours follow from today's date: red is every end on or
before today, yellow the next 90 days, green the rest; so the counts need no daily refresh.
"""
from collections import Counter
from datetime import date, timedelta

from .terms import WARNING_DAYS


def counted_areas(upazila_code: str) -> list[str]:
    """The country ("") and each area above and including the upazila."""
    return [upazila_code[:n] for n in range(0, len(upazila_code) + 1, 2)]


def counter_changes(before, after) -> Counter:
    """(area code, term end) -> change in count, for one write of a society (None: absent)."""
    changes: Counter = Counter()
    for society, sign in ((before, -1), (after, 1)):
        if society is not None and not society.dissolved_on:
            for area in counted_areas(society.upazila_code):
                changes[(area, society.term_ends_on)] += sign
    return Counter({k: v for k, v in changes.items() if v})


def years_needed(today: date) -> list[int]:
    """The years whose day counts decide today's colours (the rest only need their totals)."""
    return sorted({today.year, (today + timedelta(days=WARNING_DAYS)).year})


def count_by_status(year_totals: dict[int, int], day_counts: dict[date, int], today: date) -> dict:
    """Totals per term-end year plus day counts for years_needed(today) -> counts per colour."""
    warn_until = today + timedelta(days=WARNING_DAYS)
    red = sum(n for year, n in year_totals.items() if year < today.year)
    red += sum(n for day, n in day_counts.items() if day.year == today.year and day <= today)
    yellow = sum(n for day, n in day_counts.items() if today < day <= warn_until)
    total = sum(year_totals.values())
    return {"total": total, "by_status": {"green": total - red - yellow, "yellow": yellow, "red": red}}
