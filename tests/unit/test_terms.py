from datetime import date

import pytest

from chalicelib.domain.terms import TermRules, add_years, days_left, term_end, term_status

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize("days,status", [(400, "green"), (91, "green"), (90, "yellow"), (89, "yellow"),
                                         (1, "yellow"), (0, "red"), (-1, "red"), (-500, "red")])
def test_countdown_colour_edges(days, status):
    assert term_status(days) == status


def test_days_left_counts_calendar_days_across_a_leap_day():
    assert days_left(date(2028, 3, 1), date(2028, 2, 28)) == 2
    assert days_left(date(2027, 3, 1), date(2027, 2, 28)) == 1


@pytest.mark.parametrize("start,years,end", [
    (date(2024, 2, 29), 3, date(2027, 2, 28)),   # leap day falls back to 28 Feb
    (date(2024, 2, 29), 4, date(2028, 2, 29)),
    (date(2023, 7, 1), 3, date(2026, 7, 1)),
])
def test_add_years(start, years, end):
    assert add_years(start, years) == end


def test_elected_and_new_registration_terms_are_three_years_and_interim_120_days():
    rules = TermRules()
    assert term_end("elected", date(2024, 1, 10), rules) == date(2027, 1, 10)
    assert term_end("new_registration", date(2024, 1, 10), rules) == date(2027, 1, 10)
    assert term_end("interim", date(2024, 1, 10), rules) == date(2024, 5, 9)


def test_term_lengths_are_configurable():
    rules = TermRules(elected_years=5, interim_days=180)
    assert term_end("elected", date(2024, 1, 10), rules) == date(2029, 1, 10)
    assert term_end("interim", date(2024, 1, 10), rules) == date(2024, 7, 8)
