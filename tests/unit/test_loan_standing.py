"""A borrower's standing for a new loan: arrears on another loan of the upazila, and the committee's decisions."""
from datetime import date

import pytest

from chalicelib.domain.loan_standing import Sanction, sanction_as_dict, sanction_from_dict, standing
from chalicelib.domain.loans import ArrearsRules, Borrower, LedgerEntry, Loan

PHONE, NID = "+8801712345678", "1234567890"


def loan(phone=PHONE, nid="", paid=()):
    """Tk 1,000 a month from 31 Jan 2026."""
    ledger = tuple(LedgerEntry(f"p{n}", "payment", paisa, f"{day}T10:00:00+06:00") for n, (paisa, day) in
                   enumerate(paid))
    return Loan("a" * 17, "b" * 17, "404419", Borrower("রহিমা", "করিম", "3", "12", phone, nid), date(2026, 1, 10),
                1_000_000, 200_000, 12, "monthly", date(2026, 1, 31), "2026-01-10T00:00:00Z", "uco.demo",
                ledger=ledger)


def sanction(**changes):
    values = dict(id="c" * 17, kind="blacklist", upazila_code="404419", loan_id="a" * 17, phone=PHONE, nid=NID,
                  borrower_name_bn="রহিমা", reason="কিস্তি দেননি", decision_ref="ঋণ কমিটি ৩/২০২৬",
                  decided_on=date(2026, 5, 1), decided_by="uco.demo", recorded_at="2026-05-02T00:00:00Z")
    return Sanction(**{**values, **changes})


@pytest.mark.parametrize("day, paid, eligible", [
    (date(2026, 1, 31), (), True),                              # due today: not yet late
    (date(2026, 2, 1), (), False),                              # a day late
    (date(2026, 2, 1), ((99_500, "2026-01-31"),), True),        # Tk 5 short: within the tolerance
    (date(2026, 2, 1), ((100_000, "2026-02-01"),), True),       # cleared by paying
    (date(2026, 3, 1), ((100_000, "2026-02-01"),), False),      # the next one missed
])
def test_a_borrower_in_arrears_above_the_tolerance_is_not_eligible(day, paid, eligible):
    found = standing(PHONE, "", [loan(paid=paid)], [], day, ArrearsRules(tolerance_paisa=1000))
    assert found.eligible is eligible and len(found.arrears) == (0 if eligible else 1)


def test_the_same_borrower_is_the_same_phone_or_the_same_nid():
    late = [loan(phone="+8801812345678", nid=NID)]
    assert not standing(PHONE, NID, late, [], date(2026, 3, 1)).eligible              # same NID, new phone
    assert standing(PHONE, "", late, [], date(2026, 3, 1)).eligible                    # neither
    assert not standing("+8801812345678", "", late, [], date(2026, 3, 1)).eligible     # same phone, no NID


@pytest.mark.parametrize("changes, day, in_force", [
    ({}, date(2026, 4, 30), False),
    ({}, date(2026, 5, 1), True),
    ({"lift_on": date(2026, 8, 1)}, date(2026, 7, 31), True),
    ({"lift_on": date(2026, 8, 1)}, date(2026, 8, 1), False),
    ({"lifted_on": date(2026, 6, 1), "lifted_by": "uco.demo"}, date(2026, 6, 1), False),
    ({"kind": "legal_referral"}, date(2026, 9, 1), True),
])
def test_a_decision_is_in_force_from_its_day_until_its_lift_date_or_its_lifting(changes, day, in_force):
    decided = sanction(**changes)
    assert decided.in_force(day) is in_force
    assert standing(PHONE, "", [], [decided], day).eligible is not in_force


def test_a_decision_about_someone_else_does_not_count_and_a_decision_survives_its_stored_form():
    other = sanction(phone="+8801912345678", nid="9999999999")
    assert standing(PHONE, NID, [], [other], date(2026, 6, 1)).eligible
    decided = sanction(lift_on=date(2026, 8, 1))
    assert sanction_from_dict(sanction_as_dict(decided)) == decided
