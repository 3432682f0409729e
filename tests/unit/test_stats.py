"""domain.stats: colour counts from per-year totals and per-day counts, and what each write changes."""
from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain.society import Society
from chalicelib.domain.stats import count_by_status, counted_areas, counter_changes, years_needed
from chalicelib.domain.terms import days_left, term_status

TODAY = date(2026, 1, 15)


def society(ends: date, upazila: str = "404419", dissolved_on: date | None = None, n: int = 1) -> Society:
    return Society(id=f"{n:017x}", registration_no=f"S-{n}", registered_on=date(2010, 1, 1), name_bn="সমিতি",
                   address="ঠিকানা", upazila_code=upazila, committee_kind="elected",
                   committee_started_on=ends - timedelta(days=1096), term_ends_on=ends, dissolved_on=dissolved_on)


def counters(societies) -> Counter:
    """What the store's counters hold after creating these societies."""
    total: Counter = Counter()
    for s in societies:
        total.update(counter_changes(None, s))
    return total


def counts_from(changes: Counter, area: str, today: date) -> dict:
    """What Societies.status_counts reads: the area's year totals and day counts of years_needed(today)."""
    year_totals: Counter = Counter()
    day_counts: Counter = Counter()
    for (counted, ends), n in changes.items():
        if counted == area:
            year_totals[ends.year] += n
            if ends.year in years_needed(today):
                day_counts[ends] += n
    return count_by_status(year_totals, day_counts, today)


def direct(ends_list, today: date) -> dict:
    colours = Counter(term_status(days_left(ends, today)) for ends in ends_list)
    return {"total": len(ends_list), "by_status": {c: colours[c] for c in ("green", "yellow", "red")}}


# --- count_by_status -------------------------------------------------------------------------

@pytest.mark.parametrize("ends, colour", [
    (date(2020, 5, 1), "red"),  # an earlier year: from its year total alone
    (date(2025, 12, 31), "red"),
    (date(2026, 1, 1), "red"),
    (TODAY, "red"),  # ends today: expired
    (TODAY + timedelta(days=1), "yellow"),
    (TODAY + timedelta(days=90), "yellow"),
    (TODAY + timedelta(days=91), "green"),
    (date(2030, 1, 1), "green"),
])
def test_each_term_end_counts_in_its_colour(ends, colour):
    found = counts_from(counters([society(ends)]), "", TODAY)
    assert found["total"] == 1 and found["by_status"][colour] == 1


@pytest.mark.parametrize("today", [date(2026, 10, 10), date(2026, 12, 31), date(2027, 1, 1)])
def test_the_yellow_window_may_reach_into_next_year(today):
    ends = [today + timedelta(days=d) for d in (-400, -1, 0, 1, 45, 89, 90, 91, 500)]
    assert counts_from(counters([society(e, n=i) for i, e in enumerate(ends)]), "", today) == direct(ends, today)


def test_years_needed_are_this_year_and_the_year_the_warning_window_ends():
    assert years_needed(date(2026, 1, 15)) == [2026]
    assert years_needed(date(2026, 10, 10)) == [2026, 2027]


def test_no_societies_count_zero():
    assert count_by_status({}, {}, TODAY) == {"total": 0, "by_status": {"green": 0, "yellow": 0, "red": 0}}


# --- counter_changes -------------------------------------------------------------------------

def test_a_new_society_counts_once_in_the_country_division_district_and_upazila():
    ends = date(2027, 3, 1)
    assert counted_areas("404419") == ["", "40", "4044", "404419"]
    assert counter_changes(None, society(ends)) == Counter({(a, ends): 1 for a in ["", "40", "4044", "404419"]})


def test_a_change_that_keeps_the_term_end_and_area_changes_no_counter():
    before = society(date(2027, 3, 1))
    assert counter_changes(before, before) == Counter()


def test_a_new_term_end_moves_one_count_from_the_old_day_to_the_new():
    old, new = date(2026, 3, 1), date(2029, 1, 10)
    changes = counter_changes(society(old), society(new))
    assert changes == Counter({**{(a, old): -1 for a in counted_areas("404419")},
                               **{(a, new): 1 for a in counted_areas("404419")}})


def test_moving_to_another_upazila_changes_only_the_areas_that_differ():
    ends = date(2027, 3, 1)
    assert counter_changes(society(ends, "404419"), society(ends, "404433")) == Counter(
        {("404419", ends): -1, ("404433", ends): 1})


def test_dissolving_removes_the_count_and_a_dissolved_society_is_never_counted():
    ends = date(2027, 3, 1)
    alive, gone = society(ends), society(ends, dissolved_on=TODAY)
    assert counter_changes(alive, gone) == Counter({(a, ends): -1 for a in counted_areas("404419")})
    assert counter_changes(None, gone) == Counter()
    assert counter_changes(gone, gone) == Counter()


# --- the property ------------------------------------------------------------------------------

DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
UPAZILAS = st.sampled_from(["404419", "404433", "302602"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(DAYS, UPAZILAS, st.booleans()), max_size=40), DAYS,
       st.sampled_from(["", "40", "4044", "404419", "30"]))
def test_counts_from_counters_equal_each_societys_own_colour(entries, today, area):
    """Year totals plus day counts of years_needed(today), built by counter_changes over creates
    and dissolutions, give the same colours as term_status for each active society in the area."""
    changes: Counter = Counter()
    active = []
    for n, (ends, upazila, dissolved) in enumerate(entries):
        created = society(ends, upazila, n=n)
        changes.update(counter_changes(None, created))
        if dissolved:
            changes.update(counter_changes(created, society(ends, upazila, dissolved_on=today, n=n)))
        elif upazila.startswith(area):
            active.append(ends)
    assert counts_from(changes, area, today) == direct(active, today)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(DAYS, st.integers(min_value=0, max_value=5), max_size=40), DAYS)
def test_count_by_status_partitions_the_total(day_totals, today):
    year_totals: Counter = Counter()
    for day, n in day_totals.items():
        year_totals[day.year] += n
    needed = {d: n for d, n in day_totals.items() if d.year in years_needed(today)}
    found = count_by_status(year_totals, needed, today)
    assert sum(found["by_status"].values()) == found["total"] == sum(day_totals.values())
    assert min(found["by_status"].values()) >= 0
