"""Overpayments and their refunds (domain/loan_refunds.py)."""
from datetime import date

import pytest

from chalicelib.domain.errors import Conflict, Invalid
from chalicelib.domain.loan_refunds import refund_entry, refund_id, refund_lines
from chalicelib.domain.loans import ArrearsRules, received_paisa, state_as_of, with_entry
from tests.unit.test_loans_arrears import loan

RULES = ArrearsRules()
NOW = "2027-03-01T10:00:00.000+00:00"


def states(a_loan, today, on):
    return state_as_of(a_loan, today, RULES), state_as_of(a_loan, on, RULES)


def test_a_refund_takes_out_what_the_loan_holds_beyond_what_it_owes_once_per_reference():
    overpaid = loan((date(2027, 1, 20), 1_330_000))  # Tk 100 beyond the Tk 13,200 it owes
    entry = refund_entry(overpaid, *states(overpaid, date(2027, 3, 1), date(2027, 2, 1)), "TRX 9A/1",
                         date(2027, 2, 1), None, NOW)
    assert (entry.id, entry.kind, entry.amount_paisa, entry.trx_id, entry.value_on) == (
        "refund-trx 9a/1", "refund", 10_000, "TRX 9A/1", date(2027, 2, 1))
    refunded = with_entry(overpaid, entry)
    assert received_paisa(refunded.ledger) == 1_320_000 and state_as_of(refunded, date(2027, 3, 1)).overpaid_paisa == 0
    assert state_as_of(refunded, date(2027, 1, 31)).overpaid_paisa == 10_000  # as it stood before the refund
    with pytest.raises(Conflict) as again:
        refund_entry(refunded, *states(overpaid, date(2027, 3, 1), date(2027, 2, 1)), "trx  9A/১", date(2027, 2, 1),
                     1, NOW)
    assert again.value.code == "refund_recorded" and refund_id("trx  9A/১") == entry.id
    assert refund_id("---") != refund_id("--")
    with pytest.raises(Conflict) as nothing:
        refund_entry(refunded, *states(refunded, date(2027, 3, 1), date(2027, 2, 1)), "B-2", date(2027, 2, 1), None,
                     NOW)
    assert nothing.value.code == "nothing_to_refund"


def test_a_refund_is_no_more_than_the_loan_held_today_and_on_the_day_it_was_sent():
    overpaid = loan((date(2027, 1, 20), 1_330_000))
    with pytest.raises(Invalid) as too_much:
        refund_entry(overpaid, *states(overpaid, date(2027, 3, 1), date(2027, 2, 1)), "B-1", date(2027, 2, 1),
                     10_001, NOW)
    assert too_much.value.details[0]["overpaid_paisa"] == 10_000
    with pytest.raises(Conflict):  # dated before the money arrived
        refund_entry(overpaid, *states(overpaid, date(2027, 3, 1), date(2027, 1, 10)), "B-1", date(2027, 1, 10),
                     None, NOW)


def test_the_refund_list_holds_only_overpaid_loans_the_most_first():
    small, large, none = loan((date(2027, 1, 20), 1_320_500), loan_id="s"), \
        loan((date(2027, 1, 20), 1_400_000), loan_id="l"), loan((date(2027, 1, 20), 100_000), loan_id="n")
    lines = refund_lines([(l, state_as_of(l, date(2027, 3, 1), RULES)) for l in (small, large, none)], {})
    assert [(line.loan.id, line.state.overpaid_paisa, line.refunded_paisa) for line in lines] == [
        ("l", 80_000, 0), ("s", 500, 0)]
