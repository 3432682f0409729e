"""A project's late policy (domain/loan_late.py) and late charges in a loan's state (domain/loans.py)."""
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings, strategies as st

from chalicelib.domain import loan_late as late
from chalicelib.domain.loans import (ArrearsRules, LedgerEntry, Project, defaulters, loan_as_dict, loan_from_dict,
                                     next_amount_due, project_as_dict, project_from_dict, state_as_of, with_entry)
from tests.unit.test_loans_arrears import loan

RULES = ArrearsRules()
PROJECT = Project("p1", "আশ্রয়ণ-২ প্রকল্প", "404419", "+8801712345678", "সোনালী ব্যাংক", "2026-12-01", "uco.demo")
CHARGING = late.with_policy(PROJECT, late.ACCEPT_WITH_CHARGE, 5_000, date(2027, 1, 1))
REFUSING = late.with_policy(PROJECT, late.REFUSE_AFTER_DEADLINE, 5_000, date(2027, 1, 1))


def levied(a_loan, project, today):
    for entry in late.late_charges_due(a_loan, project, today, RULES, f"{today}T09:00:00+06:00"):
        a_loan = with_entry(a_loan, entry)
    return a_loan


def test_the_default_policy_levies_nothing():
    assert late.missed_instalments(loan(), PROJECT, date(2027, 3, 1), RULES) == []
    free = late.with_policy(PROJECT, late.ACCEPT_WITH_CHARGE, 0, date(2027, 1, 1))
    assert late.missed_instalments(loan(), free, date(2027, 3, 1), RULES) == []  # a charge of 0 levies nothing
    assert CHARGING.late_charge_paisa == 5_000 and REFUSING.late_charge_paisa == 0


def test_a_charge_is_levied_once_per_instalment_missed_beyond_the_tolerance():
    # instalment 1 (31 Jan, Tk 1,100) paid short by Tk 5 (within the tolerance); instalment 2 (28 Feb) unpaid
    a_loan = loan((date(2027, 1, 31), 109_500))
    assert late.missed_instalments(a_loan, CHARGING, date(2027, 2, 28), RULES) == []  # 28 Feb not yet past
    charged = levied(a_loan, CHARGING, date(2027, 3, 1))
    assert [(e.id, e.kind, e.instalment_no, e.amount_paisa) for e in charged.ledger[1:]] == [
        ("late-charge-2", "late_charge", 2, 5_000)]
    assert levied(charged, CHARGING, date(2027, 3, 5)) == charged  # once
    # an instalment paid a day late was still missed at its deadline
    late_payer = loan((date(2027, 2, 1), 110_000))
    assert late.missed_instalments(late_payer, CHARGING, date(2027, 2, 2), RULES) == [1]


def test_instalments_due_before_the_policy_was_set_are_not_charged():
    since_march = replace(CHARGING, late_policy_since=date(2027, 3, 1))
    assert late.missed_instalments(loan(), since_march, date(2027, 4, 1), RULES) == [3]


def test_a_charge_is_owed_from_the_day_it_is_levied_and_replay_before_it_ignores_it():
    charged = levied(loan(), CHARGING, date(2027, 2, 1))
    before, on, after = (state_as_of(charged, day, RULES) for day in (date(2027, 1, 31), date(2027, 2, 1),
                                                                      date(2027, 2, 2)))
    assert (before.late_charges_paisa, before.outstanding_paisa) == (0, 1_320_000)
    assert (on.late_charges_paisa, on.outstanding_paisa, on.overdue_paisa) == (5_000, 1_325_000, 110_000)
    assert after.overdue_paisa == 115_000 and next_amount_due(after) == 115_000 + 110_000
    # paying the instalment and the charge clears the arrears; the schedule's instalments are untouched
    paid = with_entry(charged, LedgerEntry("pay", "payment", 115_000, "2027-02-03T10:00:00+06:00"))
    state = state_as_of(paid, date(2027, 2, 4), RULES)
    assert (state.overdue_paisa, state.late_charges_unpaid_paisa, state.paid_paisa) == (0, 0, 115_000)
    assert [s.paid_paisa for s in state.instalments[:2]] == [110_000, 0]
    assert state_as_of(paid, date(2027, 2, 2), RULES).overdue_paisa == 115_000  # as it stood that day
    assert [d.loan.id for d in defaulters([paid], {}, date(2027, 2, 2), RULES)] == ["l1"]
    assert defaulters([paid], {}, date(2027, 2, 4), RULES) == []


def test_a_charge_takes_no_money_received_before_it():
    # paid the whole loan ahead, plus Tk 100 more: nothing is missed, nothing is charged, the Tk 100 stays overpaid
    ahead = loan((date(2027, 1, 10), 1_330_000))
    assert late.missed_instalments(ahead, CHARGING, date(2028, 1, 1), RULES) == []
    assert state_as_of(ahead, date(2028, 1, 1), RULES).overpaid_paisa == 10_000


def test_late_charges_and_flags_survive_the_store_round_trip():
    charged = levied(loan(), CHARGING, date(2027, 2, 1))
    flagged = with_entry(charged, replace(LedgerEntry("pay", "payment", 500, "2027-02-03T10:00:00+06:00"),
                                          flag=late.PAID_AHEAD_IN_ARREARS))
    assert loan_from_dict(loan_as_dict(flagged)) == flagged
    assert project_from_dict(project_as_dict(CHARGING)) == CHARGING


def test_refusing_projects_refuse_only_paying_ahead_while_in_arrears():
    in_arrears = state_as_of(loan(), date(2027, 2, 5), RULES)  # Tk 1,100 overdue
    on_time = state_as_of(loan(), date(2027, 1, 20), RULES)
    assert late.refuses_paying_ahead(REFUSING, in_arrears, 110_001)
    assert not late.refuses_paying_ahead(REFUSING, in_arrears, 110_000)
    assert not late.refuses_paying_ahead(REFUSING, in_arrears, 100)
    assert not late.refuses_paying_ahead(REFUSING, on_time, 1_320_000)
    assert not late.refuses_paying_ahead(CHARGING, in_arrears, 1_320_000)
    assert late.default_amount(REFUSING, in_arrears, 220_000) == 110_000
    assert late.default_amount(PROJECT, in_arrears, 220_000) == 220_000
    refusal = late.overdue_first(in_arrears, "l1")
    assert refusal.code == "overdue_first" and "1,100" in refusal.message_en and "১,১০০" in refusal.message_bn
    assert refusal.details[0]["overdue_paisa"] == 110_000


def test_money_that_arrives_anyway_is_flagged_not_refused():
    in_arrears = state_as_of(loan(), date(2027, 2, 5), RULES)
    entry = LedgerEntry("pay", "payment", 220_000, "2027-02-05T10:00:00+06:00")
    assert late.flag_arrival(entry, REFUSING, in_arrears).flag == late.PAID_AHEAD_IN_ARREARS
    assert late.flag_arrival(entry, PROJECT, in_arrears).flag == ""


NEAR_A_DUE_DATE = st.tuples(st.integers(0, 12), st.integers(-1, 1))  # (instalment index, days from its due date)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(NEAR_A_DUE_DATE, st.integers(-50_000, 400_000)), max_size=8),
       st.lists(st.tuples(NEAR_A_DUE_DATE, st.integers(1, 20_000)), max_size=4), NEAR_A_DUE_DATE)
def test_what_an_instalment_lacked_at_its_deadline_is_what_the_ledger_replayed_to_that_day_says(payments, charges,
                                                                                                today_near):
    dues = [i.due_on for i in loan().schedule] + [date(2028, 1, 31)]

    def day(near):
        return dues[near[0]] + timedelta(days=near[1])
    entries = [LedgerEntry(f"p{n}", "refund" if paisa < 0 else "payment", abs(paisa) or 1,
                           f"{day(near)}T10:00:00+06:00") for n, (near, paisa) in enumerate(payments)]
    entries += [LedgerEntry(f"c{n}", "late_charge", paisa, f"{day(near)}T00:00:00+06:00", instalment_no=n + 1)
                for n, (near, paisa) in enumerate(charges)]
    a_loan = replace(loan(), ledger=tuple(entries))
    today = day(today_near)

    def lacked(instalment):  # the ledger replayed to the instalment's due date
        state = state_as_of(a_loan, instalment.due_on, RULES)
        return instalment.amount_paisa - next(s.paid_paisa for s in state.instalments if s.no == instalment.no)
    reference = [(i.no, i.due_on, lacked(i)) for i in a_loan.schedule if i.due_on < today]
    assert late.unpaid_at_deadlines(a_loan, today) == reference


def test_the_policy_body_takes_a_json_number_for_the_charge_but_not_true():
    import pytest

    from chalicelib.domain.errors import Invalid
    from chalicelib.domain.loan_input import LatePolicyInput
    from chalicelib.domain.validation import validated
    assert validated(LatePolicyInput, {"late_policy": "accept_with_charge", "late_charge_paisa": 400.0}) \
        .late_charge_paisa == 400  # JSON Schema's "integer" takes 400.0 (Schemathesis sends it)
    for bad in (True, 400.5, -1, 1_000_001):
        with pytest.raises(Invalid):
            validated(LatePolicyInput, {"late_charge_paisa": bad})


def test_a_worker_reads_a_project_once_in_its_cache_time_and_only_for_a_loan_that_missed_a_deadline():
    from chalicelib.services.loan_late import ProjectCache, levy_late_charges

    class Store:
        reads, credited = 0, []

        def get_project(self, project_id):
            Store.reads += 1
            return CHARGING

        def credit(self, loan_id, entry, actor):
            Store.credited.append(entry.id)
            return True
    now = [0.0]
    cache, figures = ProjectCache(seconds=300, clock=lambda: now[0]), {"items_read": 0}
    on_time = loan((date(2027, 1, 31), 110_000))
    assert levy_late_charges(Store(), cache, on_time, date(2027, 2, 5), RULES, figures) == on_time
    assert Store.reads == 0  # paid by its deadline: its project is not needed
    charged = levy_late_charges(Store(), cache, loan(), date(2027, 2, 5), RULES, figures)
    levy_late_charges(Store(), cache, loan(loan_id="l2"), date(2027, 2, 5), RULES, figures)
    assert (Store.reads, figures["items_read"], Store.credited) == (1, 1, ["late-charge-1", "late-charge-1"])
    assert [e.kind for e in charged.ledger] == ["late_charge"]
    now[0] = 301.0
    levy_late_charges(Store(), cache, loan(loan_id="l3"), date(2027, 2, 5), RULES, figures)
    assert Store.reads == 2  # read again once its time is up


def test_a_charge_for_a_deadline_a_later_moratorium_moved_is_in_the_ledger_but_owed_by_no_one():
    """Instalment 2 (28 Feb) missed, its charge levied on 1 Mar; a flood moratorium 20 Feb - 20 Mar approved
    on 5 Mar moves it to 29 Mar: on 10 Mar the borrower is not in arrears (not refused a loan, not a
    defaulter)."""
    from chalicelib.domain.loan_changes import Pause, change_as_dict
    charged = levied(loan((date(2027, 1, 31), 110_000)), CHARGING, date(2027, 3, 1))
    charges = [(e.id, e.amount_paisa) for e in charged.ledger if e.kind == "late_charge"]
    assert charges == [("late-charge-2", 5_000)]
    assert state_as_of(charged, date(2027, 3, 10), RULES).overdue_paisa == 110_000 + 5_000
    pause = Pause("p" * 17, date(2027, 2, 20), date(2027, 3, 20), "flood", "res 1", "uco.demo",
                  "2027-03-05T00:00:00Z")
    paused = replace(charged, changes=(change_as_dict(pause),))
    assert paused.schedule[1].due_on == date(2027, 3, 29) and paused.ledger == charged.ledger
    state = state_as_of(paused, date(2027, 3, 10), RULES)
    assert (state.overdue_paisa, state.in_arrears) == (0, False)
    assert (state.late_charges_paisa, state.late_charges_unpaid_paisa) == (0, 0)
    assert defaulters([paused], {CHARGING.id: CHARGING}, date(2027, 3, 10), RULES) == []
    assert late.standing_charges(paused) == set() and late.standing_charges(charged) == {"late-charge-2"}
    # missed again on 29 Mar: overdue, the one charge of instalment 2 still void
    assert state_as_of(paused, date(2027, 3, 31), RULES).overdue_paisa == 110_000
