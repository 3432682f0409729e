"""Approved changes to a loan's schedule, pure: a pause (disaster moratorium) and a reschedule. Neither rewrites
anything: the loan keeps its original terms and its ledger, and each change is one more record on it
(`Loan.changes`, plain values as stored) that the schedule is worked out from.

- A pause from `starts_on` to `ends_on` (inclusive) moves every instalment due on or after its first day later by
  its length, and the days it covers do not count as days past due for what was already overdue (Fineract's
  pause-delinquency). Two pauses of a loan may not overlap.
- A reschedule from `from_on` keeps the instalments due before that day and spreads what the rest asked for
  (charge and principal apart, as domain/loans.schedule does) over new instalments from `first_due_on`.
"""
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .loans import Instalment, schedule

KINDS = ("pause", "reschedule")


@dataclass(frozen=True)
class Pause:
    id: str
    starts_on: date
    ends_on: date
    reason: str
    decision_ref: str
    approved_by: str
    recorded_at: str

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def overlaps(self, other: "Pause") -> bool:
        return self.starts_on <= other.ends_on and other.starts_on <= self.ends_on


@dataclass(frozen=True)
class Reschedule:
    id: str
    from_on: date
    instalments: int
    frequency: str
    first_due_on: date
    reason: str
    decision_ref: str
    approved_by: str
    recorded_at: str


def change_as_dict(change: Pause | Reschedule) -> dict:
    values = {"kind": "pause" if isinstance(change, Pause) else "reschedule"}
    for name in change.__dataclass_fields__:
        value = getattr(change, name)
        values[name] = value.isoformat() if isinstance(value, date) else value
    return values


def change_from_dict(values: dict) -> Pause | Reschedule:
    cls = Pause if values["kind"] == "pause" else Reschedule
    known = {k: v for k, v in values.items() if k in cls.__dataclass_fields__}
    for name in ("starts_on", "ends_on", "from_on", "first_due_on"):
        if name in known:
            known[name] = date.fromisoformat(known[name])
    if "instalments" in known:
        known["instalments"] = int(known["instalments"])
    return cls(**known)


def pauses(loan) -> list[Pause]:
    return sorted((c for c in map(change_from_dict, loan.changes) if isinstance(c, Pause)), key=lambda p: p.starts_on)


def reschedules(loan) -> list[Reschedule]:
    return sorted((c for c in map(change_from_dict, loan.changes) if isinstance(c, Reschedule)),
                  key=lambda r: (r.recorded_at, r.id))


def rescheduled(kept_from: tuple[Instalment, ...], change: Reschedule, principal: int,
                charge: int) -> tuple[Instalment, ...]:
    """The instalments due before `change.from_on`, then the rest of principal and charge over the new ones."""
    kept = [i for i in kept_from if i.due_on < change.from_on]
    principal_left = principal - sum(i.principal_paisa for i in kept)
    charge_left = charge - sum(i.charge_paisa for i in kept)
    new = schedule(principal_left, charge_left, change.instalments, change.frequency, change.first_due_on)
    return tuple(kept) + tuple(replace(i, no=i.no + len(kept)) for i in new)


def shifted(due_on: date, found: list[Pause]) -> date:
    for pause in found:  # earliest first: a later pause moves what an earlier one moved into it
        if pause.starts_on <= due_on:
            due_on += timedelta(days=pause.days)
    return due_on


def effective_schedule(loan) -> tuple[Instalment, ...]:
    """The loan's schedule with its reschedules, then its pauses, applied."""
    instalments = schedule(loan.principal_paisa, loan.service_charge_paisa, loan.instalments, loan.frequency,
                           loan.first_due_on)
    if not loan.changes:
        return instalments
    for change in reschedules(loan):
        instalments = rescheduled(instalments, change, loan.principal_paisa, loan.service_charge_paisa)
    found = pauses(loan)
    return tuple(replace(i, due_on=shifted(i.due_on, found)) for i in instalments)


def paused_days(loan, since: date, until: date) -> int:
    """Days after `since` up to `until` that a pause covers (not counted as days past due)."""
    total = 0
    for pause in pauses(loan):
        first, last = max(pause.starts_on, since + timedelta(days=1)), min(pause.ends_on, until)
        total += max((last - first).days + 1, 0)
    return total
