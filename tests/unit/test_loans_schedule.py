"""Loan schedules (domain/loans.py): amounts to the paisa, due dates that keep month ends."""
from datetime import date

import pytest
from hypothesis import given, strategies as st

from chalicelib.domain.loans import MAX_INSTALMENTS, add_months, due_dates, schedule


@pytest.mark.parametrize("first,count,expected", [
    (date(2027, 1, 31), 4, [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30)]),
    (date(2028, 1, 31), 3, [date(2028, 1, 31), date(2028, 2, 29), date(2028, 3, 31)]),  # leap year
    (date(2027, 1, 30), 3, [date(2027, 1, 30), date(2027, 2, 28), date(2027, 3, 30)]),
    (date(2026, 11, 15), 3, [date(2026, 11, 15), date(2026, 12, 15), date(2027, 1, 15)]),  # across a year
    (date(2026, 8, 31), 7, [date(2026, 8, 31), date(2026, 9, 30), date(2026, 10, 31), date(2026, 11, 30),
                            date(2026, 12, 31), date(2027, 1, 31), date(2027, 2, 28)]),
])
def test_monthly_due_dates_come_from_the_first_one_clamped_to_the_month_end(first, count, expected):
    assert due_dates(first, count, "monthly") == expected


def test_weekly_due_dates_are_seven_days_apart():
    assert due_dates(date(2027, 2, 25), 3, "weekly") == [date(2027, 2, 25), date(2027, 3, 4), date(2027, 3, 11)]


def test_add_months_clamps_and_keeps_the_day_when_it_can():
    assert add_months(date(2027, 3, 31), -1) == date(2027, 2, 28)
    assert add_months(date(2027, 12, 31), 14) == date(2029, 2, 28)
    assert add_months(date(2027, 5, 10), 0) == date(2027, 5, 10)


@pytest.mark.parametrize("principal,charge,count,amounts,charges", [
    (1_000_000, 100_000, 10, [110_000] * 10, [10_000] * 10),            # Tk 10,000 + Tk 1,000 in 10
    (1_000_000, 0, 3, [333_333, 333_333, 333_334], [0, 0, 0]),          # the remainder on the last
    (100, 5, 3, [34, 34, 37], [1, 1, 3]),                               # charge spread the same way
    (1, 2, 3, [0, 0, 3], [0, 0, 2]),                                    # tiny amounts: nothing negative
    (5_000_000, 250_000, 1, [5_250_000], [250_000]),
])
def test_equal_instalments_to_the_paisa_with_the_remainder_on_the_last(principal, charge, count, amounts, charges):
    instalments = schedule(principal, charge, count, "monthly", date(2027, 1, 31))
    assert [i.amount_paisa for i in instalments] == amounts
    assert [i.charge_paisa for i in instalments] == charges
    assert [i.no for i in instalments] == list(range(1, count + 1))


@pytest.mark.parametrize("principal,charge,count", [(0, 0, 1), (-5, 0, 1), (100, -1, 1), (100, 0, 0),
                                                    (100, 0, MAX_INSTALMENTS + 1)])
def test_impossible_loans_are_refused(principal, charge, count):
    with pytest.raises(ValueError):
        schedule(principal, charge, count, "monthly", date(2027, 1, 31))


def test_an_unknown_frequency_is_refused():
    with pytest.raises(ValueError):
        schedule(100, 0, 2, "daily", date(2027, 1, 31))


@given(principal=st.integers(1, 10 ** 10), charge=st.integers(0, 10 ** 9), count=st.integers(1, MAX_INSTALMENTS),
       frequency=st.sampled_from(["monthly", "weekly"]),
       first=st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 12, 31)))
def test_a_schedule_sums_exactly_to_principal_plus_charge(principal, charge, count, frequency, first):
    instalments = schedule(principal, charge, count, frequency, first)
    assert len(instalments) == count
    assert sum(i.amount_paisa for i in instalments) == principal + charge
    assert sum(i.charge_paisa for i in instalments) == charge
    assert sum(i.principal_paisa for i in instalments) == principal
    assert all(i.charge_paisa >= 0 and i.principal_paisa >= 0 for i in instalments)
    # equal but the last, which carries the remainder (less than one paisa per instalment)
    assert len({i.amount_paisa for i in instalments[:-1]}) <= 1
    assert 0 <= instalments[-1].amount_paisa - instalments[0].amount_paisa < 2 * count
    assert all(a.due_on < b.due_on for a, b in zip(instalments, instalments[1:]))
    assert instalments[0].due_on == first
