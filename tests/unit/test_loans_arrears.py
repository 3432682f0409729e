"""Payments applied to a loan, and its state as of any day (domain/loans.py)."""
from datetime import date

import pytest
from hypothesis import given, strategies as st

from chalicelib.domain.loans import (ArrearsRules, Borrower, LedgerEntry, Loan, allocate, defaulters, defaulters_and_par,
                                     loan_as_dict, loan_from_dict, next_amount_due, par, parse_bucket_bounds,
                                     schedule, state_as_of, with_entry)

# Tk 12,000 + Tk 1,200 charge in 12 monthly instalments of Tk 1,100 (Tk 100 charge, Tk 1,000 principal).
FIRST_DUE = date(2027, 1, 31)


def loan(*payments, principal=1_200_000, charge=120_000, count=12, frequency="monthly", first=FIRST_DUE,
         loan_id="l1", project_id="p1") -> Loan:
    """payments: (day, paisa) or (day, paisa, kind)."""
    entries = tuple(LedgerEntry(f"pay{n}", p[2] if len(p) > 2 else "payment", p[1], f"{p[0]}T10:00:00+06:00")
                    for n, p in enumerate(payments))
    return Loan(loan_id, project_id, "404419", Borrower("রহিমা খাতুন", "করিম মিয়া", "3", "12", "+8801712345678"),
                date(2026, 12, 1), principal, charge, count, frequency, first, "2026-12-01T00:00:00+00:00", "uco.demo",
                ledger=entries)


def test_payments_go_to_the_oldest_instalment_first_charge_before_principal():
    instalments = schedule(300_000, 30_000, 3, "monthly", FIRST_DUE)  # 110,000 each: 10,000 charge
    applied, left = allocate(instalments, 125_000)
    assert [(a.charge_paisa, a.principal_paisa) for a in applied] == [(10_000, 100_000), (10_000, 5_000), (0, 0)]
    assert left == 0


def test_money_beyond_the_schedule_is_kept_as_an_overpayment():
    applied, left = allocate(schedule(300_000, 30_000, 3, "monthly", FIRST_DUE), 400_000)
    assert sum(a.paisa for a in applied) == 330_000 and left == 70_000
    state = state_as_of(loan((date(2027, 1, 20), 1_400_000)), date(2027, 2, 1))
    assert (state.outstanding_paisa, state.overpaid_paisa, state.paid_paisa) == (0, 80_000, 1_400_000)


@given(st.lists(st.integers(1, 500_000), max_size=20))
def test_allocation_never_loses_or_makes_money(amounts):
    instalments = schedule(1_200_000, 120_000, 12, "monthly", FIRST_DUE)
    applied, left = allocate(instalments, sum(amounts))
    assert sum(a.paisa for a in applied) + left == sum(amounts)
    assert all(a.paisa <= i.amount_paisa and a.charge_paisa <= i.charge_paisa for a, i in zip(applied, instalments))
    # oldest first: an instalment gets money only once every older one is paid in full
    for older, newer, instalment in zip(applied, applied[1:], instalments):
        assert newer.paisa == 0 or older.paisa == instalment.amount_paisa


# days past due, bucket, statuses: (payments, as_of) -> expected
@pytest.mark.parametrize("payments,as_of,overdue,days,bucket,statuses", [
    ((), date(2027, 1, 30), 0, 0, "current", ["upcoming", "upcoming"]),
    ((), date(2027, 1, 31), 0, 0, "current", ["due", "upcoming"]),            # on the due date: still on time
    ((), date(2027, 2, 1), 110_000, 1, "1-30", ["overdue", "upcoming"]),
    ((), date(2027, 3, 2), 220_000, 30, "1-30", ["overdue", "overdue"]),      # 28 Feb is due too
    ((), date(2027, 3, 3), 220_000, 31, "31-60", ["overdue", "overdue"]),
    ((), date(2027, 5, 1), 440_000, 90, "61-90", ["overdue", "overdue"]),
    ((), date(2027, 5, 2), 440_000, 91, "90+", ["overdue", "overdue"]),
    (((date(2027, 1, 31), 110_000),), date(2027, 2, 1), 0, 0, "current", ["paid", "upcoming"]),
    (((date(2027, 1, 10), 50_000),), date(2027, 1, 20), 0, 0, "current", ["partly_paid", "upcoming"]),
    (((date(2027, 1, 10), 50_000),), date(2027, 2, 10), 60_000, 10, "1-30", ["overdue", "upcoming"]),
    # a second payment for the same instalment prepays the next
    (((date(2027, 1, 5), 110_000), (date(2027, 1, 6), 110_000)), date(2027, 3, 1), 0, 0, "current",
     ["paid", "paid"]),
    # a shortfall below the tolerance (Tk 10) is not arrears
    (((date(2027, 1, 30), 109_100),), date(2027, 2, 5), 0, 0, "current", ["partly_paid", "upcoming"]),
    (((date(2027, 1, 30), 109_000),), date(2027, 2, 5), 1_000, 5, "1-30", ["overdue", "upcoming"]),
])
def test_state_as_of_a_day(payments, as_of, overdue, days, bucket, statuses):
    state = state_as_of(loan(*payments), as_of)
    assert (state.overdue_paisa, state.days_past_due, state.bucket) == (overdue, days, bucket)
    assert [s.status for s in state.instalments[:2]] == statuses


def test_the_ledger_is_replayed_to_the_day_later_payments_ignored():
    late = loan((date(2027, 3, 15), 220_000))
    before = state_as_of(late, date(2027, 3, 14))
    after = state_as_of(late, date(2027, 3, 15))
    assert (before.paid_paisa, before.overdue_paisa, before.days_past_due) == (0, 220_000, 42)
    assert (after.paid_paisa, after.overdue_paisa, after.bucket) == (220_000, 0, "current")


def test_a_payment_is_valued_on_the_dhaka_day_bkash_executed_it():
    # 20:30 UTC on 31 January is 02:30 on 1 February in Dhaka: one day late
    entry = LedgerEntry("p", "payment", 110_000, "2027-01-31T20:30:00+00:00")
    late = state_as_of(with_entry(loan(), entry), date(2027, 1, 31))
    assert late.paid_paisa == 0 and entry.value_on == date(2027, 2, 1)


def test_a_refund_takes_money_out_of_the_overpayment():
    refunded = loan((date(2027, 1, 20), 1_400_000), (date(2027, 2, 3), 80_000, "refund"))
    assert state_as_of(refunded, date(2027, 2, 2)).overpaid_paisa == 80_000
    after = state_as_of(refunded, date(2027, 2, 3))
    assert (after.overpaid_paisa, after.paid_paisa, after.outstanding_paisa) == (0, 1_320_000, 0)


def test_paid_outstanding_and_principal_outstanding_add_up():
    state = state_as_of(loan((date(2027, 1, 31), 150_000)), date(2027, 2, 1))
    assert state.paid_paisa + state.outstanding_paisa == 1_320_000
    assert state.principal_outstanding_paisa == 1_200_000 - 100_000 - 30_000  # second: Tk 100 charge first
    assert (state.next_due_on, state.next_due_paisa) == (date(2027, 2, 28), 70_000)
    assert next_amount_due(state) == 70_000


def test_the_next_amount_due_includes_every_past_due_shortfall():
    state = state_as_of(loan((date(2027, 1, 30), 109_500)), date(2027, 2, 5))  # Tk 5 short: not arrears
    assert state.overdue_paisa == 0 and next_amount_due(state) == 500 + 110_000


def test_a_credit_that_arrives_twice_is_one_entry():
    entry = LedgerEntry("pay-1", "payment", 110_000, "2027-01-20T10:00:00+06:00")
    once = with_entry(loan(), entry)
    assert with_entry(once, entry) is once and len(once.ledger) == 1


def test_buckets_and_tolerance_are_configuration():
    rules = ArrearsRules(bucket_bounds=parse_bucket_bounds("7, 30"), tolerance_paisa=0)
    assert rules.buckets == ("current", "1-7", "8-30", "30+")
    assert [rules.bucket(d) for d in (0, 7, 8, 30, 31)] == ["current", "1-7", "8-30", "8-30", "30+"]
    state = state_as_of(loan((date(2027, 1, 30), 109_900)), date(2027, 2, 9), rules)
    assert (state.overdue_paisa, state.bucket) == (100, "8-30")
    assert ArrearsRules().buckets == ("current", "1-30", "31-60", "61-90", "90+")


@pytest.mark.parametrize("bounds", [(), (0, 30), (30, 30), (60, 30)])
def test_bucket_bounds_must_rise(bounds):
    with pytest.raises(ValueError):
        ArrearsRules(bucket_bounds=bounds)


def test_par30_counts_the_principal_of_loans_more_than_30_days_past_due():
    as_of = date(2027, 3, 3)
    states = [state_as_of(loan(), as_of),                                     # 31 days: at risk
              state_as_of(loan((date(2027, 1, 31), 220_000)), as_of),       # current
              state_as_of(loan((date(2027, 2, 1), 110_000)), date(2027, 3, 2))]  # 2 days
    result = par(states)
    assert result.at_risk_paisa == 1_200_000
    assert result.outstanding_paisa == 1_200_000 + 1_000_000 + 1_100_000
    assert result.ratio == pytest.approx(1_200_000 / 3_300_000)
    assert par([]).ratio == 0.0


def test_defaulters_as_of_a_day_longest_past_due_first():
    loans = [loan(loan_id="paid", *[(date(2027, 1, 31), 110_000)]), loan(loan_id="late"),
             loan((date(2027, 2, 10), 50_000), loan_id="part", first=date(2027, 2, 5))]
    found = defaulters(loans, {}, date(2027, 2, 20))
    assert [(d.loan.id, d.state.overdue_paisa, d.state.days_past_due) for d in found] == [
        ("late", 110_000, 20), ("part", 60_000, 15)]
    listed, at_risk = defaulters_and_par(loans, {}, date(2027, 3, 3))  # "late": 31 days past due
    assert [(d.loan.id, d.state.days_past_due) for d in listed] == [("late", 31), ("part", 26), ("paid", 3)]
    assert (at_risk.at_risk_paisa, at_risk.outstanding_paisa) == (1_200_000, 1_100_000 + 1_200_000 + 1_160_000)


def test_a_loan_survives_its_plain_form():
    original = loan((date(2027, 1, 31), 110_000))
    assert loan_from_dict(loan_as_dict(original)) == original
