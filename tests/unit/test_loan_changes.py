"""Pauses and reschedules move what is due without rewriting the loan's terms or ledger."""
from dataclasses import replace
from datetime import date

from hypothesis import given, strategies as st

from chalicelib.domain.loan_changes import Pause, Reschedule, change_as_dict, change_from_dict
from chalicelib.domain.loans import Borrower, Loan, LedgerEntry, state_as_of

LOAN = Loan("a" * 17, "b" * 17, "404419", Borrower("রহিমা", "করিম", "3", "12", "+8801712000111"), date(2026, 1, 1),
            1_200_000, 120_000, 12, "monthly", date(2026, 1, 31), "", "uco.demo")


def pause(starts_on, ends_on, id="p1"):
    return change_as_dict(Pause(id, starts_on, ends_on, "বন্যা", "টাস্কফোর্স ৫", "uco.demo", "2026-09-01T00:00:00Z"))


def reschedule(from_on, instalments, first_due_on, frequency="monthly"):
    return change_as_dict(Reschedule("r1", from_on, instalments, frequency, first_due_on, "বন্যা", "কমিটি ৬",
                                     "uco.demo", "2026-09-01T00:00:00Z"))


def test_a_pause_moves_every_instalment_due_from_its_first_day_by_its_length():
    paused = replace(LOAN, changes=(pause(date(2026, 8, 15), date(2026, 9, 13)),))  # 30 days
    before, after = LOAN.schedule, paused.schedule
    assert [i.due_on for i in after[:7]] == [i.due_on for i in before[:7]]             # up to 31 Jul
    assert after[7].due_on == date(2026, 9, 30) and after[8].due_on == date(2026, 10, 30)  # 31 Aug + 30, 30 Sep + 30
    assert sum(i.amount_paisa for i in after) == LOAN.total_paisa and LOAN.schedule == before


def test_days_a_pause_covers_are_not_days_past_due():
    paid_to_july = replace(LOAN, ledger=(LedgerEntry("x", "payment", 110_000 * 6, "2026-06-30T10:00:00+06:00"),))
    late = state_as_of(paid_to_july, date(2026, 8, 31))                 # July's instalment 31 days late
    assert (late.days_past_due, late.bucket) == (31, "31-60")
    paused = replace(paid_to_july, changes=(pause(date(2026, 8, 15), date(2026, 9, 13)),))
    state = state_as_of(paused, date(2026, 8, 31))
    assert (state.days_past_due, state.bucket, state.overdue_paisa) == (14, "1-30", 110_000)
    assert state_as_of(paused, date(2026, 9, 20)).days_past_due == 51 - 30


def test_a_reschedule_keeps_what_fell_due_before_and_spreads_the_rest():
    changed = replace(LOAN, changes=(reschedule(date(2026, 7, 1), 10, date(2026, 7, 15), "weekly"),))
    new = changed.schedule
    assert new[:6] == LOAN.schedule[:6]                                  # Jan to Jun kept
    assert len(new) == 16 and [i.no for i in new] == list(range(1, 17))
    assert new[6].due_on == date(2026, 7, 15) and new[7].due_on == date(2026, 7, 22)
    assert sum(i.amount_paisa for i in new) == LOAN.total_paisa
    assert sum(i.principal_paisa for i in new) == LOAN.principal_paisa


def test_a_change_survives_its_stored_form():
    for stored in (pause(date(2026, 8, 15), date(2026, 9, 13)), reschedule(date(2026, 7, 1), 10, date(2026, 7, 15))):
        assert change_as_dict(change_from_dict(stored)) == stored


@given(st.integers(1, 500), st.integers(0, 400), st.integers(1, 24), st.integers(1, 12))
def test_changed_schedules_still_add_up_to_the_loan(offset, length, instalments, from_month):
    start = date(2026, 1, 1).fromordinal(date(2026, 1, 1).toordinal() + offset)
    end = start.fromordinal(start.toordinal() + length)
    loan = replace(LOAN, changes=(reschedule(date(2026, from_month, 1), instalments, date(2026, from_month, 28)),
                                  pause(start, end)))
    found = loan.schedule
    assert sum(i.amount_paisa for i in found) == LOAN.total_paisa
    assert all(a.due_on <= b.due_on for a, b in zip(found, found[1:]))
    after = end.fromordinal(end.toordinal() + 1)
    assert not Pause("a", start, end, "", "", "", "").overlaps(Pause("b", after, after, "", "", "", ""))
    assert Pause("a", start, end, "", "", "", "").overlaps(Pause("b", end, after, "", "", "", ""))
