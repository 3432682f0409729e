"""A cooperative society's registry record: what people see, and what reminders it is owed.

What officers may enter is society_input.SocietyInput; this module needs no pydantic, so
public routes start fast.
"""
from datetime import date

from . import geography
from .reminders import Reminder, ReminderRules, next_reminder_on, plan
from .terms import DUE_LABELS, STATUS_LABELS, days_left, due_status, term_status, yearly_due

EDITABLE_FIELDS = (
    "registration_no", "registered_on", "name_bn", "name_en", "address", "upazila_code", "committee_kind",
    "committee_started_on", "term_ends_on", "last_agm_on", "last_audit_year", "last_audit_on",
    "officer_phone", "president_phone", "secretary_phone", "facebook_url",
)  # the fields of society_input.SocietyInput (a unit test keeps them equal)
TERM_INPUTS = ("committee_kind", "committee_started_on")


def apply_patch(current: dict, patch: dict) -> dict:
    """The full input after a partial update; a new committee re-derives its term end."""
    merged = {k: current.get(k) for k in EDITABLE_FIELDS}
    if not current.get("term_end_entered"):
        merged["term_ends_on"] = None
    changes_committee = any(k in patch and patch[k] != current.get(k) for k in TERM_INPUTS)
    if changes_committee and "term_ends_on" not in patch:
        merged["term_ends_on"] = None
    merged.update(patch)
    return merged


PUBLIC_FIELDS = (
    "id", "registration_no", "registered_on", "name_bn", "name_en", "address", "upazila_code",
    "committee_kind", "committee_started_on", "term_ends_on", "last_agm_on", "last_audit_year",
    "last_audit_on", "facebook_url", "dissolved_on",
)
OFFICER_FIELDS = PUBLIC_FIELDS + (
    "officer_phone", "president_phone", "secretary_phone", "created_at", "created_by",
    "updated_at", "updated_by", "version", "next_reminder_on",
)


def _parse(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def view(record: dict, today: date, fields: tuple[str, ...] = OFFICER_FIELDS) -> dict:
    """A stored record with the countdown and due dates worked out for today."""
    out = {k: record.get(k) for k in fields}
    ends = _parse(record["term_ends_on"])
    left = days_left(ends, today)
    status = term_status(left)
    agm_due = yearly_due(_parse(record.get("last_agm_on")))
    audit_due = yearly_due(_parse(record.get("last_audit_on")))
    out.update(
        days_left=left, status=status, status_label=STATUS_LABELS[status],
        agm_due_on=agm_due.isoformat() if agm_due else None,
        agm_status=due_status(agm_due, today), audit_due_on=audit_due.isoformat() if audit_due else None,
        audit_status=due_status(audit_due, today),
        area=[{"code": a["code"], "level": a["level"], "name_bn": a["name_bn"], "name_en": a["name_en"]}
              for a in geography.lineage(record["upazila_code"])],
    )
    out["agm_status_label"] = DUE_LABELS[out["agm_status"]]
    out["audit_status_label"] = DUE_LABELS[out["audit_status"]]
    return out


def public_view(record: dict, today: date) -> dict:
    return view(record, today, PUBLIC_FIELDS)


def reminder_plan(record: dict, rules: ReminderRules) -> list[Reminder]:
    if record.get("dissolved_on"):
        return []
    return plan(_parse(record["term_ends_on"]), yearly_due(_parse(record.get("last_agm_on"))),
                yearly_due(_parse(record.get("last_audit_on"))), rules)


def with_reminder_state(record: dict, rules: ReminderRules, today: date) -> dict:
    """The record with its pending reminders re-planned from its current dates.

    Sent reminders whose due date no longer applies (a new election, a corrected date)
    are forgotten, and next_reminder_on points at the earliest one still owed.
    """
    reminders = reminder_plan(record, rules)
    keys = {r.key for r in reminders}
    done = [k for k in record.get("reminders_done") or [] if k in keys]
    upcoming = next_reminder_on(reminders, set(done), today)
    return {**record, "reminders_done": done,
            "next_reminder_on": upcoming.isoformat() if upcoming else None}


def count_by_status(term_ends: list[str], today: date) -> dict:
    """How many terms (ISO end dates) are green, yellow and red today."""
    counts = {"green": 0, "yellow": 0, "red": 0}
    for ends in term_ends:
        counts[term_status(days_left(date.fromisoformat(ends), today))] += 1
    return {"total": len(term_ends), "by_status": counts}
