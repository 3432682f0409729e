"""Loan reminders, pure: which SMS a borrower is owed on a day, and when the loan next owes one.

Each instalment has its stages: `loan_due_soon` N days before its due date (configurable), `loan_due_today`
on it, and `loan_overdue` on each configured day after it while it stays unpaid. On a day a loan owes, for
each instalment not paid that day, its latest stage that has come (a stage a missed scan skipped is not
sent late once a later one has come; arrears only beyond the tolerance); they go in one SMS. A payment
cancels what it covers: an instalment paid as the ledger stands that day owes nothing. Each stage of each instalment has its own key, claimed
in the SMS log before SNS is called, so it goes once whatever runs twice.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from .bangla import bn_digits
from .loans import LoanState, next_amount_due

DUE_SOON, DUE_TODAY, OVERDUE = "loan_due_soon", "loan_due_today", "loan_overdue"
KINDS = (DUE_SOON, DUE_TODAY, OVERDUE)
# The built-in texts (the messaging centre's templates of these kinds; HQ and districts may override them).
# The pay link is Latin: one unit a character, so the Bengali around it is kept short.
TEMPLATES_BN = {
    DUE_SOON: "{borrower}: আশ্রয়ণ ঋণের কিস্তি {amount}, শেষ দিন {due}। বিকাশে: {pay_link}",
    DUE_TODAY: "{borrower}: আশ্রয়ণ ঋণের কিস্তি {amount} আজ {due} শেষ দিন। বিকাশে: {pay_link}",
    OVERDUE: "{borrower}: আশ্রয়ণ ঋণের {amount} বকেয়া, {due} থেকে। বিকাশে দিন: {pay_link}",
}


@dataclass(frozen=True)
class LoanReminderRules:
    days_before: int = 3                        # the "due soon" SMS this many days before a due date
    overdue_days: tuple[int, ...] = (1, 7, 30)  # an arrears SMS this many days after it, while unpaid
    on_due_day: bool = True                     # the "due today" SMS on the due date

    def __post_init__(self):
        if self.days_before < 1 or any(d < 1 for d in self.overdue_days):
            raise ValueError("reminder days must be 1 or more")

    def send_days(self, kind: str) -> tuple[int, ...]:
        """The days, relative to a due date (before it negative), a kind of reminder goes out; () for never."""
        if kind == DUE_SOON:
            return (-self.days_before,)
        if kind == DUE_TODAY:
            return (0,) if self.on_due_day else ()
        return tuple(sorted(set(self.overdue_days))) if kind == OVERDUE else ()


def send_when(kind: str, rules: LoanReminderRules) -> tuple[str, str]:
    """When a kind of reminder goes out under these settings, in Bengali and English (the messaging centre)."""
    days = rules.send_days(kind)
    listed_bn, listed_en = ", ".join(bn_digits(d) for d in map(abs, days)), ", ".join(str(abs(d)) for d in days)
    if not days:
        return "পাঠানো হয় না (LOAN_REMINDER_ON_DUE_DAY)", "not sent (LOAN_REMINDER_ON_DUE_DAY)"
    if kind == DUE_SOON:
        return f"প্রতিটি কিস্তির {listed_bn} দিন আগে", f"{listed_en} days before each due date"
    if kind == DUE_TODAY:
        return "কিস্তির শেষ দিনে", "on the due date"
    return f"কিস্তির {listed_bn} দিন পরে, বকেয়া থাকলে", f"{listed_en} days after a due date, while unpaid"


@dataclass(frozen=True)
class Stage:
    key: str            # "<instalment no>:<kind>[:<days after>]", unique within the loan
    kind: str           # one of KINDS
    instalment_no: int
    due_on: date        # the instalment's due date
    send_on: date


def stages(no: int, due_on: date, rules: LoanReminderRules) -> list[Stage]:
    """An instalment's stages, earliest first."""
    found = [Stage(f"{no}:{DUE_SOON}", DUE_SOON, no, due_on, due_on - timedelta(days=rules.days_before))]
    if rules.on_due_day:
        found.append(Stage(f"{no}:{DUE_TODAY}", DUE_TODAY, no, due_on, due_on))
    found += [Stage(f"{no}:{OVERDUE}:{days}", OVERDUE, no, due_on, due_on + timedelta(days=days))
              for days in sorted(set(rules.overdue_days))]
    return found


@dataclass(frozen=True)
class Reminder:
    """What one borrower is told today: the stages it covers (their keys joined make its SMS log key)."""
    stages: tuple[Stage, ...]
    kind: str           # the kind of its text: overdue if any of its stages is
    due_on: date        # the due date it names: the oldest unpaid one it covers
    amount_paisa: int   # what to pay now: everything past due and the next instalment

    @property
    def key(self) -> str:
        return "+".join(s.key for s in self.stages)


def owed_today(state: LoanState, today: date, rules: LoanReminderRules) -> Reminder | None:
    """The SMS the loan owes today (as the ledger stands today), or None."""
    current = []
    for instalment in state.instalments:
        if instalment.status == "paid" or (instalment.due_on < today and not state.in_arrears):
            continue  # paid, or past due by a shortfall within the tolerance: not chased
        come = [s for s in stages(instalment.no, instalment.due_on, rules) if s.send_on <= today]
        if come:
            current.append(come[-1])
    if not current:
        return None
    kind = OVERDUE if any(s.kind == OVERDUE for s in current) else DUE_TODAY \
        if any(s.kind == DUE_TODAY for s in current) else DUE_SOON
    amount = next_amount_due(state)
    return Reminder(tuple(current), kind, min(s.due_on for s in current), amount) if amount > 0 else None


def next_reminder_on(state: LoanState, today: date, rules: LoanReminderRules) -> date | None:
    """The first day after `today` a stage of an instalment unpaid today comes (None: nothing more to say)."""
    later = [s.send_on for i in state.instalments if i.status != "paid"
             for s in stages(i.no, i.due_on, rules) if s.send_on > today]
    return min(later, default=None)
