"""Reminder plans: which SMS a society is owed on a given day.

Each due date (committee term end, AGM due, audit due) has thresholds such as 90/30/7
days before it. Threshold t owns the window from (due - t) up to the day before the next
threshold starts, so a society entered late, or a day the scan missed, gets the most
recent threshold it has passed, once, and never a stale earlier one. An optional notice
on the due date itself goes to the officer only.
"""
from dataclasses import dataclass
from datetime import date, timedelta

ALL_RECIPIENTS = ("president", "secretary", "officer")


@dataclass(frozen=True)
class ReminderRules:
    term_days: tuple[int, ...] = (90,)
    term_expiry_notice: bool = False
    agm_days: tuple[int, ...] = (30,)
    audit_days: tuple[int, ...] = (30,)


@dataclass(frozen=True)
class Reminder:
    kind: str  # term | agm | audit
    due_on: date
    threshold: int  # days before due; 0 = notice on the due date
    starts_on: date
    ends_on: date | None  # last day of the window; None = open
    template: str
    recipients: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.due_on.isoformat()}:{self.threshold}"

    def open_on(self, today: date) -> bool:
        return self.starts_on <= today and (self.ends_on is None or today <= self.ends_on)


def _track(kind: str, due_on: date | None, days: tuple[int, ...], notice: bool) -> list[Reminder]:
    if due_on is None:
        return []
    thresholds = sorted({d for d in days if d > 0}, reverse=True)
    starts = [due_on - timedelta(days=t) for t in thresholds]
    plan = []
    for i, threshold in enumerate(thresholds):
        next_start = starts[i + 1] if i + 1 < len(starts) else due_on
        plan.append(Reminder(kind, due_on, threshold, starts[i], next_start - timedelta(days=1),
                             kind, ALL_RECIPIENTS))
    if notice:
        plan.append(Reminder(kind, due_on, 0, due_on, None, f"{kind}_expired", ("officer",)))
    return plan


def plan(term_ends_on: date | None, agm_due_on: date | None, audit_due_on: date | None,
         rules: ReminderRules) -> list[Reminder]:
    return (_track("term", term_ends_on, rules.term_days, rules.term_expiry_notice)
            + _track("agm", agm_due_on, rules.agm_days, False)
            + _track("audit", audit_due_on, rules.audit_days, False))


def due_today(reminders: list[Reminder], done: set[str], today: date) -> list[Reminder]:
    return [r for r in reminders if r.open_on(today) and r.key not in done]


def next_reminder_on(reminders: list[Reminder], done: set[str], today: date) -> date | None:
    """Earliest day a not-yet-sent reminder can still go out (None: nothing pending)."""
    pending = [r.starts_on for r in reminders
               if r.key not in done and (r.ends_on is None or r.ends_on >= today)]
    return min(pending) if pending else None
