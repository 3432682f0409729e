"""A project's late policy, pure: what happens when a borrower misses a deadline.

- "accept_and_flag" (the default): a payment made after a due date it covers is credited and flagged with its days
  late (the ledger entry's `late_days`).
- "accept_with_charge": as above, and the project's late charge is levied once for each instalment missed beyond
  the tolerance, as an appended ledger entry (kind "late_charge", valued the day it is levied, so replaying the
  ledger to an earlier day shows the loan as it stood then). An instalment is missed when, at the end of its due
  date, what it still lacked was at least the tolerance; only instalments due on or after the day the policy was
  set are charged. A charge is owed from the day it is levied and paid in turn with the instalments, oldest
  first, while it stands (standing_charges): one for a deadline that a moratorium approved later moved is owed
  by no one.
- "refuse_after_deadline": while a borrower is in arrears, a checkout for MORE than what is overdue (paying
  ahead) is refused; a checkout for the overdue amount or less is never refused, so arrears can always be paid.
  Money that arrives anyway (the callback or IPN of a checkout started earlier) is recorded and flagged
  (PAID_AHEAD_IN_ARREARS).
"""
from bisect import bisect_right
from dataclasses import replace
from datetime import date
from itertools import accumulate

from .errors import Conflict
from .loans import ArrearsRules, LedgerEntry, Loan, LoanState, Project, entries_until
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
    return [no for no, due_on, unpaid in unpaid_at_deadlines(loan, today)
            if no not in levied and unpaid >= max(rules.tolerance_paisa, 1) and since <= due_on]


def unpaid_at_deadlines(loan: Loan, today: date) -> list[tuple[int, date, int]]:
    """(instalment no, its due date, what it still lacked at the end of that day) for each instalment due
    before today, without replaying the ledger once per instalment (the daily scan asks this of every loan it
    reads): as of a due date, money goes oldest first to the instalments before it and the late charges levied
    before that day that stand (standing_charges; domain/loans.owed_in_order), so what reaches this instalment
    is what is left of the money received by then."""
    return _deadlines(loan, today)[0]


def standing_charges(loan: Loan) -> set[str]:
    """The ids of the late charges that count: each one's instalment, on the schedule as it is now (pauses,
    reschedules), fell due before the day the charge was levied and still lacked something at the end of that
    day. A charge levied for a deadline that a moratorium approved later moved past it stays in the ledger
    (nothing written is changed) but is owed by no one; so is one for an instalment that a payment valued by
    its due date had covered. A charge naming no instalment (0) counts."""
    return _deadlines(loan, date.max)[1]


def _deadlines(loan: Loan, today: date) -> tuple[list[tuple[int, date, int]], set[str]]:
    """unpaid_at_deadlines and standing_charges in one pass, oldest due date first: whether a charge stands
    depends only on instalments due before it was levied, so it is settled before any instalment due after it
    is looked at."""
    entries = entries_until(loan.ledger, None)
    money = sorted((e.value_on, e.signed_paisa) for e in entries if e.kind != "late_charge")
    charges = sorted((e.value_on, e.instalment_no, e.amount_paisa, e.id) for e in entries
                     if e.kind == "late_charge")
    money_days, money_sums = [d for d, _ in money], list(accumulate(p for _, p in money))
    found, standing, missed_on, schedule_before, charged, settled = [], set(), {}, 0, 0, 0

    def settle(until: date) -> int:  # the standing charges levied before `until`: owed before it
        nonlocal settled
        added = 0
        while settled < len(charges) and charges[settled][0] < until:
            levied_on, no, paisa, entry_id = charges[settled]
            if not no or (no in missed_on and missed_on[no] < levied_on):
                standing.add(entry_id)
                added += paisa
            settled += 1
        return added

    for instalment in loan.schedule:
        if instalment.due_on < today:
            charged += settle(instalment.due_on)  # levied before the due date: owed before it
            got = bisect_right(money_days, instalment.due_on)
            received = money_sums[got - 1] if got else 0
            applied = min(max(received - schedule_before - charged, 0), instalment.amount_paisa)
            found.append((instalment.no, instalment.due_on, instalment.amount_paisa - applied))
            if applied < instalment.amount_paisa:
                missed_on[instalment.no] = instalment.due_on
        schedule_before += instalment.amount_paisa
    settle(date.max)
    return found, standing


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
