"""A cooperative society's registry record, and what people see of it.

What officers may enter is society_input.SocietyInput; this module needs no pydantic, so
public routes start fast. Records carry real dates; `as_dict`/`from_dict` are the one
conversion to and from JSON-shaped data (stores, the audit trail and replies use them).
"""
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date

from . import geography
from .errors import Conflict
from .reminders import ReminderRules, next_reminder_on, plan
from .statutory import CalendarRules, obligations
from .terms import STATUS_LABELS, days_left, term_status

EDITABLE_FIELDS = (
    "registration_no", "registered_on", "name_bn", "name_en", "address", "upazila_code", "committee_kind",
    "committee_started_on", "term_ends_on", "last_agm_on", "last_audit_year", "last_audit_on",
    "last_accounts_year", "last_rectification_on", "paid_up_share_capital_paisa",
    "officer_phone", "president_phone", "secretary_phone", "facebook_url", "level", "kind",
)  # the fields of society_input.SocietyInput (a unit test keeps them equal)
SOCIETY_LEVELS = ("primary", "central", "national")  # budget files are for central societies (issue 20)
SOCIETY_KINDS = ("general", "brdb")  # brdb: a society under the Bangladesh Rural Development Board
TERM_INPUTS = ("committee_kind", "committee_started_on")
SAME_TERM_DAYS = 31  # a start date moved by at most this much is a correction, not a new committee
DUPLICATE_REGNO = Conflict("duplicate_registration_no",
                           "Another society in this district already has this registration number.",
                           "এই জেলায় এই রেজিস্ট্রেশন নম্বরে আরেকটি সমিতি আছে।")
STALE_VERSION = Conflict("stale_version",
                         "Someone changed this society while you were editing. Reload and try again.",
                         "আপনি সম্পাদনার সময় অন্য কেউ এই সমিতির তথ্য বদলেছেন। আবার লোড করে চেষ্টা করুন।")


@dataclass(frozen=True)
class Society:
    id: str
    registration_no: str
    registered_on: date
    name_bn: str
    address: str
    upazila_code: str
    committee_kind: str
    committee_started_on: date
    term_ends_on: date
    name_en: str = ""
    term_end_entered: bool = False
    last_agm_on: date | None = None
    last_audit_year: str | None = None
    last_audit_on: date | None = None
    last_accounts_year: str | None = None
    last_rectification_on: date | None = None
    paid_up_share_capital_paisa: int | None = None
    officer_phone: str | None = None
    president_phone: str | None = None
    secretary_phone: str | None = None
    facebook_url: str | None = None
    level: str | None = None   # SOCIETY_LEVELS; None where not yet recorded
    kind: str | None = None    # SOCIETY_KINDS
    dissolved_on: date | None = None
    version: int = 1
    created_at: str = ""
    created_by: str = ""
    updated_at: str = ""
    updated_by: str = ""
    reminders_done: tuple[str, ...] = field(default=())
    next_reminder_on: date | None = None

    @property
    def district_code(self) -> str:
        return self.upazila_code[:4]

    def phone(self, role: str) -> str | None:
        return getattr(self, f"{role}_phone")


FIELD_NAMES = tuple(f.name for f in fields(Society))
DATE_FIELDS = tuple(f.name for f in fields(Society) if "date" in str(f.type))


def as_dict(society: Society) -> dict:
    """JSON-shaped: ISO dates, lists; None for what is not recorded."""
    out = asdict(society)
    for name in DATE_FIELDS:
        out[name] = out[name].isoformat() if out[name] else None
    out["reminders_done"] = list(society.reminders_done)
    return out


def from_dict(data: dict) -> Society:
    """The inverse of as_dict; unknown keys are ignored, missing optional ones take defaults."""
    values = {k: v for k, v in data.items() if k in FIELD_NAMES and v is not None}
    for name in DATE_FIELDS:
        if isinstance(values.get(name), str):
            values[name] = date.fromisoformat(values[name])
    values["reminders_done"] = tuple(values.get("reminders_done") or ())
    for name in ("version", "paid_up_share_capital_paisa"):
        if name in values:
            values[name] = int(values[name])
    return Society(**values)


def apply_patch(current: Society, patch: dict) -> dict:
    """The full input (JSON-shaped) after a partial update; a new committee re-derives its term end."""
    current_fields = as_dict(current)
    merged = {k: current_fields.get(k) for k in EDITABLE_FIELDS}
    if not current.term_end_entered:
        merged["term_ends_on"] = None
    changes_committee = any(k in patch and patch[k] != current_fields.get(k) for k in TERM_INPUTS)
    if changes_committee and "term_ends_on" not in patch:
        merged["term_ends_on"] = None
    merged.update(patch)
    return {k: v for k, v in merged.items() if v is not None}


def same_term(before: Society, after: Society) -> bool:
    """Is `after` the same committee (perhaps with a corrected date) as `before`?"""
    return (before.committee_kind == after.committee_kind
            and abs((after.committee_started_on - before.committee_started_on).days) <= SAME_TERM_DAYS)


def carry_reminders(before: Society, after: Society) -> tuple[str, ...]:
    """Reminders already sent stay sent when a date is only corrected.

    Keys name the committee by its start date; a correction of a few days keeps the same
    committee, so its sent keys are renamed to the new start date instead of forgotten.
    """
    if before.committee_started_on == after.committee_started_on or not same_term(before, after):
        return after.reminders_done
    old, new = f"committee_term:{before.committee_started_on}:", f"committee_term:{after.committee_started_on}:"
    return tuple(k.replace(old, new, 1) if k.startswith(old) else k for k in after.reminders_done)


def with_reminder_state(society: Society, rules: ReminderRules, today: date,
                        calendar: CalendarRules = CalendarRules()) -> Society:
    """The society with its pending reminders re-planned from its current dates.

    Sent reminders that no longer apply (a new committee, a new year) are forgotten, and
    next_reminder_on points at the earliest one still owed.
    """
    if society.dissolved_on:
        return replace(society, reminders_done=(), next_reminder_on=None)
    reminders = plan(obligations(society, today, calendar), rules, society.id)
    keys = {r.key for r in reminders}
    done = tuple(k for k in society.reminders_done if k in keys)
    return replace(society, reminders_done=done, next_reminder_on=next_reminder_on(reminders, set(done), today))


PUBLIC_FIELDS = (
    "id", "registration_no", "registered_on", "name_bn", "name_en", "address", "upazila_code",
    "committee_kind", "committee_started_on", "term_ends_on", "last_agm_on", "last_audit_year",
    "last_audit_on", "last_accounts_year", "last_rectification_on", "facebook_url", "dissolved_on", "level", "kind",
)
OFFICER_FIELDS = PUBLIC_FIELDS + (
    "paid_up_share_capital_paisa", "officer_phone", "president_phone", "secretary_phone", "created_at",
    "created_by", "updated_at", "updated_by", "version", "next_reminder_on",
)


def obligation_views(society: Society, today: date, calendar: CalendarRules = CalendarRules()) -> list[dict]:
    """The society's obligations, the most urgent first (the soonest due; overdue ones before all others):
    pages lead with the first, so a green term never hides an overdue audit."""
    ordered = sorted(obligations(society, today, calendar), key=lambda o: o.due_on)
    return [{"kind": o.kind, "due_on": o.due_on.isoformat(), "status": o.status(today),
             "days_left": o.days_left(today), "subject": o.subject, "projected": o.projected,
             "rule": o.rule.citation_en, "rule_bn": o.rule.citation_bn}
            for o in ordered]


def view(society: Society, today: date, fields_shown: tuple[str, ...] = OFFICER_FIELDS,
         with_obligations: bool = False) -> dict:
    """A record with the countdown worked out for today (and, for one society, its calendar)."""
    data = as_dict(society)
    out = {k: data.get(k) for k in fields_shown}
    left = days_left(society.term_ends_on, today)
    status = term_status(left)
    out.update(days_left=left, status=status, status_label=STATUS_LABELS[status],
               area=[{"code": a["code"], "level": a["level"], "name_bn": a["name_bn"], "name_en": a["name_en"]}
                     for a in geography.lineage(society.upazila_code)])
    if with_obligations:
        out["obligations"] = obligation_views(society, today)
    return out


def public_view(society: Society, today: date, with_obligations: bool = False) -> dict:
    return view(society, today, PUBLIC_FIELDS, with_obligations)
