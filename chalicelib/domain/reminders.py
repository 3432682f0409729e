"""Reminder plans: which SMS a society is owed on a given day.

Each obligation (domain.statutory) has thresholds such as 90/30/7 days before it falls
due. Threshold t owns the window from (due - t) up to the day before the next threshold
starts, so a society entered late, or a day the scan missed, gets the most recent
threshold it has passed, once, and never a stale earlier one. When a committee's term
ends, the officer who must appoint the interim committee is told on the day.

A reminder's key names the obligation by what it is for (the committee's start date, the
cooperative year), not by its due date, so correcting a date never sends it again.

The national deadlines (audit 30 June, accounts statement 31 July) fall on the same day for
every society in the country, so their reminders would all open on one day: each society's
opens instead on a day of the first half of its window chosen by a stable hash of its id
(stagger_day), so the country is spread evenly and every reminder still leaves at least half
the window before the deadline.
"""
import hashlib
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .statutory import NATIONAL_KINDS, Obligation

SOCIETY_RECIPIENTS = ("president", "secretary", "officer")
EXPIRY_RECIPIENTS = ("acting_officer",)
EXPIRY_SMS_DAYS = 7  # the expiry SMS catches up a missed scan, not a record entered long after
INTERIM_TASK = "open_interim_task"  # not an SMS: the scan opens the office's task


@dataclass(frozen=True)
class ReminderRules:
    committee_term: tuple[int, ...] = (90,)
    agm: tuple[int, ...] = (30,)
    audit: tuple[int, ...] = (30,)
    audit_rectification: tuple[int, ...] = (7,)
    accounts_statement: tuple[int, ...] = (30,)
    term_expiry_notice: bool = True

    def days(self, kind: str) -> tuple[int, ...]:
        return getattr(self, kind)


@dataclass(frozen=True)
class Reminder:
    kind: str
    subject: str
    due_on: date
    threshold: int  # days before due; 0 = the notice on the day the term ends
    starts_on: date
    ends_on: date | None  # last day of the window; None = open
    template: str
    recipients: tuple[str, ...]
    tag: str = ""  # names a step that is not a threshold (the interim task)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.subject}:{self.tag or self.threshold}"

    def open_on(self, today: date) -> bool:
        return self.starts_on <= today and (self.ends_on is None or today <= self.ends_on)


def _track(obligation: Obligation, days: tuple[int, ...]) -> list[Reminder]:
    thresholds = sorted({d for d in days if d > 0}, reverse=True)
    due = obligation.due_on
    starts = [due - timedelta(days=t) for t in thresholds]
    plan = []
    for i, threshold in enumerate(thresholds):
        next_start = starts[i + 1] if i + 1 < len(starts) else due
        plan.append(Reminder(obligation.kind, obligation.subject, due, threshold, starts[i],
                             next_start - timedelta(days=1), obligation.kind, SOCIETY_RECIPIENTS))
    return plan


STAGGER_SHARE = 0.5  # national reminders open within the first half of their window


def stagger_day(society_id: str, starts_on: date, ends_on: date) -> date:
    """The day a society's reminder of a national deadline opens: a stable hash of its id picks one
    of the first half of the window [starts_on, ends_on] (the same society, the same day every year;
    never after ends_on, which is before the deadline)."""
    days = max(1, int(((ends_on - starts_on).days + 1) * STAGGER_SHARE))
    digest = hashlib.sha256(society_id.encode()).digest()
    return starts_on + timedelta(days=int.from_bytes(digest[:8], "big") % days)


def _staggered(reminder: Reminder, society_id: str) -> Reminder:
    if not society_id or reminder.kind not in NATIONAL_KINDS or reminder.ends_on is None:
        return reminder
    return replace(reminder, starts_on=stagger_day(society_id, reminder.starts_on, reminder.ends_on))


def plan(obligations: list[Obligation], rules: ReminderRules, society_id: str = "") -> list[Reminder]:
    """Every reminder of these obligations; with the society's id, national ones staggered."""
    reminders = []
    for obligation in obligations:
        if obligation.projected:
            continue
        reminders += [_staggered(r, society_id) for r in _track(obligation, rules.days(obligation.kind))]
        if obligation.kind == "committee_term":
            due = obligation.due_on
            if rules.term_expiry_notice:
                reminders.append(Reminder(obligation.kind, obligation.subject, due, 0, due,
                                          due + timedelta(days=EXPIRY_SMS_DAYS - 1), "committee_expired",
                                          EXPIRY_RECIPIENTS))
            reminders.append(Reminder(obligation.kind, obligation.subject, due, 0, due, None, INTERIM_TASK, (),
                                      tag="task"))
    return reminders


def due_today(reminders: list[Reminder], done: set[str], today: date) -> list[Reminder]:
    return [r for r in reminders if r.open_on(today) and r.key not in done]


def next_reminder_on(reminders: list[Reminder], done: set[str], today: date) -> date | None:
    """Earliest day a not-yet-sent reminder can still go out (None: nothing pending)."""
    pending = [r.starts_on for r in reminders
               if r.key not in done and (r.ends_on is None or r.ends_on >= today)]
    return min(pending) if pending else None
