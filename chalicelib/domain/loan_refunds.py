"""Overpayments, pure: money a loan received beyond all it owes (kept, never lost) and its refund.

The refund list of an area names each loan holding such money today. When the upazila office has sent it back
(bKash, bank or cash), it records the refund: an appended ledger entry of kind "refund" under the refund's
reference (its id, so the same reference twice is one entry), valued the day it was sent; nothing is edited.
A refund takes at most what the loan holds beyond what it owes, both today and on the day it was sent (a refund
dated before the overpayment arrived would have refunded money not yet there).
"""
from dataclasses import dataclass
from datetime import date

from .bangla import search_form
from .errors import Conflict, Invalid
from .loans import LedgerEntry, Loan, LoanState, Project
from .money import taka_bn, taka_en

NOTHING_TO_REFUND = Conflict("nothing_to_refund", "This loan holds no money beyond what it owes.",
                             "এই ঋণে পাওনার অতিরিক্ত কোনো টাকা নেই।")
REFUND_RECORDED = Conflict("refund_recorded", "A refund with this reference is already recorded for this loan.",
                           "এই রেফারেন্সের ফেরত এই ঋণে আগেই লেখা হয়েছে।")


def refund_id(reference: str) -> str:
    """The entry's id: the reference as searched (normalised, Bengali digits as ASCII, case folded), so the same
    reference typed again is the same refund."""
    return "refund-" + search_form(reference)


def refund_entry(loan: Loan, today_state: LoanState, that_day_state: LoanState, reference: str, refunded_on: date,
                 amount_paisa: int | None, now: str) -> LedgerEntry:
    """The refund to append; Conflict when there is nothing to refund or the reference is used, Invalid when the
    amount is more than the loan holds."""
    holds = min(today_state.overpaid_paisa, that_day_state.overpaid_paisa)
    if holds <= 0:
        raise NOTHING_TO_REFUND
    entry_id = refund_id(reference)
    if any(e.id == entry_id for e in loan.ledger):
        raise REFUND_RECORDED
    amount = holds if amount_paisa is None else amount_paisa
    if not 1 <= amount <= holds:
        raise Invalid("invalid_amount", f"Refund at most the {taka_en(holds)} this loan holds beyond what it owes.",
                      f"এই ঋণে পাওনার অতিরিক্ত {taka_bn(holds)} পর্যন্ত ফেরত দেওয়া যায়।",
                      [{"field": "amount_paisa", "code": "invalid_amount", "message": "At most what the loan holds.",
                        "message_bn": "ঋণে যা অতিরিক্ত আছে তার বেশি নয়।", "overpaid_paisa": holds}])
    return LedgerEntry(id=entry_id, kind="refund", amount_paisa=amount, recorded_at=now, trx_id=reference,
                       value_at=f"{refunded_on.isoformat()}T12:00:00+06:00")  # valued the day it was sent


@dataclass(frozen=True)
class RefundLine:
    loan: Loan
    state: LoanState
    project: Project | None

    @property
    def refunded_paisa(self) -> int:
        return sum(e.amount_paisa for e in self.loan.ledger if e.kind == "refund")


def refund_lines(states, projects: dict) -> list[RefundLine]:
    """The loans holding money beyond what they owe, the most first."""
    found = [RefundLine(loan, state, projects.get(loan.project_id)) for loan, state in states
             if state.overpaid_paisa > 0]
    return sorted(found, key=lambda line: (-line.state.overpaid_paisa, line.loan.id))
