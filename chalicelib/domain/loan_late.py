"""A project's late policy, pure: what happens when a borrower misses a deadline.

- "accept_and_flag" (the default): a payment made after a due date it covers is credited and flagged with its days
  late (the ledger entry's `late_days`).
- "accept_with_charge": as above, and the project's late charge is levied once for each instalment missed beyond
  the tolerance, as an appended ledger entry (kind "late_charge", valued the day it is levied, so replaying the
  ledger to an earlier day shows the loan as it stood then). An instalment is missed when, at the end of its due
  date, what it still lacked was at least the tolerance; only instalments due on or after the day the policy was
  set are charged. A charge is owed from the day it is levied and paid in turn with the instalments, oldest first.
- "refuse_after_deadline": while a borrower is in arrears, a checkout for MORE than what is overdue (paying
  ahead) is refused; a checkout for the overdue amount or less is never refused, so arrears can always be paid.
  Money that arrives anyway (the callback or IPN of a checkout started earlier) is recorded and flagged
  (PAID_AHEAD_IN_ARREARS).
"""
from dataclasses import replace
from datetime import date

from .errors import Conflict
from .loans import ArrearsRules, LedgerEntry, Loan, LoanState, Project, state_as_of
from .money import taka_bn, taka_en

ACCEPT_AND_FLAG, ACCEPT_WITH_CHARGE, REFUSE_AFTER_DEADLINE = "accept_and_flag", "accept_with_charge", \
    "refuse_after_deadline"
PAID_AHEAD_IN_ARREARS = "paid_ahead_in_arrears"
MAX_LATE_CHARGE_PAISA = 1_000_000  # Tk 10,000: far above any late charge, below a typing slip of zeros


def charge_id(instalment_no: int) -> str:
    """One late charge per instalment: the id is its entry's, written only if absent."""
    return f"late-charge-{instalment_no}"


def missed_instalments(loan: Loan, project: Project, today: date, rules: ArrearsRules) -> list[int]:
    """The numbers of the instalments a late charge is owed for today and not yet levied."""
    if project.late_policy != ACCEPT_WITH_CHARGE or project.late_charge_paisa <= 0 or loan.state != "approved":
        return []
    levied = {e.instalment_no for e in loan.ledger if e.kind == "late_charge"}
    since = project.late_policy_since or date.min
    missed = []
    for instalment in loan.schedule:
        if instalment.no in levied or not since <= instalment.due_on < today:
            continue
        at_deadline = next(s for s in state_as_of(loan, instalment.due_on, rules).instalments
                           if s.no == instalment.no)
        if at_deadline.amount_paisa - at_deadline.paid_paisa >= max(rules.tolerance_paisa, 1):
            missed.append(instalment.no)
    return missed


def late_charges_due(loan: Loan, project: Project, today: date, rules: ArrearsRules, now: str) -> list[LedgerEntry]:
    """The late charge entries to append today (valued now, the moment they are levied)."""
    return [LedgerEntry(id=charge_id(no), kind="late_charge", amount_paisa=project.late_charge_paisa, value_at=now,
                        recorded_at=now, instalment_no=no)
            for no in missed_instalments(loan, project, today, rules)]


def refuses_paying_ahead(project: Project | None, state: LoanState, amount_paisa: int) -> bool:
    """Whether a checkout of `amount_paisa` is refused: only under "refuse_after_deadline", in arrears, and for more
    than what is overdue."""
    return (project is not None and project.late_policy == REFUSE_AFTER_DEADLINE and state.in_arrears
            and amount_paisa > state.overdue_paisa)


def overdue_first(state: LoanState, loan_id: str | None = None) -> Conflict:
    """409 naming what is overdue (and, in a collection, the loan)."""
    en_loan, bn_loan = (f"Loan {loan_id}: ", f"ঋণ {loan_id}: ") if loan_id else ("", "")
    return Conflict(
        "overdue_first",
        f"{en_loan}instalments are overdue and this project takes no payment ahead until they are paid: pay the "
        f"overdue {taka_en(state.overdue_paisa)} or less.",
        f"{bn_loan}কিস্তি বকেয়া আছে; বকেয়া পরিশোধ না হওয়া পর্যন্ত এই প্রকল্পে অগ্রিম পরিশোধ নেওয়া হয় না: বকেয়া "
        f"{taka_bn(state.overdue_paisa)} বা তার কম পরিশোধ করুন।",
        [{"field": "amount_paisa", "code": "overdue_first", "overdue_paisa": state.overdue_paisa,
          **({"loan_id": loan_id} if loan_id else {})}])


def default_amount(project: Project | None, state: LoanState, due_now: int) -> int:
    """What a checkout asks for when no amount is given: what is due now, or only what is overdue when paying
    ahead would be refused."""
    return state.overdue_paisa if refuses_paying_ahead(project, state, due_now) else due_now


def flag_arrival(entry: LedgerEntry, project: Project | None, state: LoanState) -> LedgerEntry:
    """A payment that arrived although it would be refused now (started earlier): recorded, and flagged."""
    return replace(entry, flag=PAID_AHEAD_IN_ARREARS) if refuses_paying_ahead(project, state, entry.amount_paisa) \
        else entry


def with_policy(project: Project, policy: str, charge_paisa: int, today: date) -> Project:
    """The project under a new late policy from today (the charge kept only for "accept_with_charge")."""
    return replace(project, late_policy=policy, late_charge_paisa=charge_paisa if policy == ACCEPT_WITH_CHARGE else 0,
                   late_policy_since=today, version=project.version + 1)
