"""Registry use cases: register, read, change, dissolve, list and count societies."""
from dataclasses import replace
from datetime import date

from ..config import settings
from ..domain.errors import Conflict, Invalid, NotFound
from ..domain.jurisdiction import Caller, check_read, check_write
from ..domain.society import STALE_VERSION, Society, apply_patch, carry_reminders, from_dict, same_term, with_reminder_state
from ..domain.tasks import interim_committee_task
from ..domain.validation import validated

NO_SOCIETY = NotFound("society_not_found", "No such society.", "এমন কোনো সমিতি নেই।")
DISSOLVED = Conflict("society_dissolved", "A dissolved society cannot be changed.",
                     "বিলুপ্ত সমিতির তথ্য পরিবর্তন করা যায় না।")


def _publish(*args, **kwargs):
    """Pages for a written society; imported here, as only writes publish (a public read's cold start)."""
    from .site_content import publish_society
    publish_society(*args, **kwargs)


def public_rules() -> dict:
    """The configured term lengths and colour thresholds, with the rules they come from."""
    from ..domain.market import MAX_PHOTO_BYTES, PHOTO_TYPES
    from ..domain.statutory import RULES
    from ..domain.terms import WARNING_DAYS
    term = settings().term_rules()
    return {"elected_term_years": term.elected_years, "interim_term_days": term.interim_days,
            "yellow_within_days": WARNING_DAYS, "photo_types": list(PHOTO_TYPES), "max_photo_bytes": MAX_PHOTO_BYTES,
            "obligations": {kind: {"rule": r.citation_en, "rule_bn": r.citation_bn} for kind, r in RULES.items()}}


def entered(body: dict, today: date):
    """The body as a valid SocietyInput, or Invalid naming every field that is wrong."""
    from ..domain.society_input import SocietyInput  # pydantic loads only when a society is written
    return validated(SocietyInput, body, {"today": today})


def new_society(valid_input, society_id: str, actor: str, today: date, now: str) -> Society:
    """A first version of a society, its term end and reminders worked out."""
    record = {**valid_input.with_term_end(settings().term_rules()), "id": society_id, "version": 1,
              "created_at": now, "created_by": actor, "updated_at": now, "updated_by": actor}
    return with_reminder_state(from_dict(record), settings().reminder_rules(), today)


def _next_version(before: Society, actor: str, now: str, **changes) -> Society:
    return replace(before, **changes, version=before.version + 1, updated_at=now, updated_by=actor)


def create_society(societies, new_id, caller: Caller, body: dict, today: date, now: str, pages=None) -> Society:
    valid = entered(body, today)
    check_write(caller, valid.upazila_code)
    society = new_society(valid, new_id(), caller.username, today, now)
    societies.create(society, caller.username)
    _publish(societies, pages, society, today)
    return society


def public_society(societies, society_id: str) -> Society:
    """The society, whoever asks (public views show only public fields)."""
    society = societies.get(society_id)
    if society is None:
        raise NO_SOCIETY
    return society


def readable(societies, caller: Caller, society_id: str) -> Society:
    society = public_society(societies, society_id)
    check_read(caller, society.upazila_code)
    return society


def officer_society(societies, corrections, caller: Caller, society_id: str) -> tuple[Society, list[dict]]:
    """A society as its officers see it, with its open correction requests."""
    society = readable(societies, caller, society_id)
    return society, corrections.open_for_society(society_id)


def writable(societies, caller: Caller, society_id: str) -> Society:
    society = public_society(societies, society_id)
    check_write(caller, society.upazila_code)
    if society.dissolved_on:
        raise DISSOLVED
    return society


def update_society(societies, tasks, caller: Caller, society_id: str, patch: dict, today: date,
                   now: str, *, correction_id: str | None = None, also=None, pages=None) -> Society:
    """A partial change; a new committee closes the old one's interim-committee task.

    A correction request applied is written as action "correction" with its id in the audit
    entry, and `also` (the request closed: corrections.closed) in the same transaction."""
    before = writable(societies, caller, society_id)
    expected = patch.pop("version", None)
    if expected is not None and expected != before.version:
        raise STALE_VERSION
    valid = entered(apply_patch(before, patch), today)
    check_write(caller, valid.upazila_code)
    changed = from_dict({**valid.with_term_end(settings().term_rules()), "id": before.id})
    after = _next_version(before, caller.username, now, **{
        name: getattr(changed, name) for name in changed.__dataclass_fields__
        if name not in ("id", "version", "created_at", "created_by", "updated_at", "updated_by",
                        "reminders_done", "next_reminder_on", "dissolved_on")})
    after = replace(after, reminders_done=carry_reminders(before, after))
    after = with_reminder_state(after, settings().reminder_rules(), today)
    if correction_id:
        societies.replace(before, after, caller.username, "correction", correction_id=correction_id, also=also)
    else:
        societies.replace(before, after, caller.username, "update")
    if not same_term(before, after):
        tasks.close(interim_committee_task(before, today).id, today)
    _publish(societies, pages, after, today, listing_changed=False)
    return after


def dissolve_society(societies, caller: Caller, society_id: str, today: date, now: str, pages=None) -> Society:
    """Soft delete: a dissolved society leaves the lists, counts and reminders but stays in history."""
    before = writable(societies, caller, society_id)
    after = _next_version(before, caller.username, now, dissolved_on=today)
    after = with_reminder_state(after, settings().reminder_rules(), today)
    societies.replace(before, after, caller.username, "dissolve")
    _publish(societies, pages, after, today)
    return after


def readable_area(caller: Caller, area_code: str | None) -> str:
    """The area asked for (default: the caller's office's), if the caller may read it."""
    code = caller.office_code if area_code is None else area_code
    check_read(caller, code)
    return code


def list_societies(societies, caller: Caller, area_code: str | None, today: date, filters: dict,
                   include_dissolved: bool = False) -> tuple[str, list[Society], str | None]:
    code = readable_area(caller, area_code)
    items, cursor = societies.list_area(code, today, include_dissolved=include_dissolved, **filters)
    return code, items, cursor


def public_societies(societies, area_code: str, today: date, filters: dict, fields: list[str]):
    """A page of an area's current societies for the public (the fields asked for only)."""
    return societies.list_area(area_code, today, fields=fields, **filters)


def status_counts(societies, area_code: str, today: date) -> dict:
    """Counts per colour in an area, read from counters (cost independent of the registry's size)."""
    return societies.status_counts(area_code, today)


def officer_status_counts(societies, caller: Caller, area_code: str | None, today: date) -> tuple[str, dict]:
    code = readable_area(caller, area_code)
    return code, status_counts(societies, code, today)


def area_societies(societies, area_code: str, fields: list[str]) -> list[Society]:
    """Every current society of a district or upazila, by term end (calendar, CSV)."""
    if len(area_code) < 4:
        raise Invalid("area_too_large", "Choose a district or an upazila.", "একটি জেলা বা উপজেলা বেছে নিন।")
    return sorted(societies.all_in_area(area_code, fields), key=lambda s: (s.term_ends_on, s.name_bn))


def officer_area_societies(societies, caller: Caller, area_code: str | None,
                           fields: list[str]) -> tuple[str, list[Society]]:
    code = readable_area(caller, area_code)
    return code, area_societies(societies, code, fields)


def history(societies, audit_trail, sms_log, caller: Caller, society_id: str) -> dict:
    readable(societies, caller, society_id)
    return {"items": audit_trail("society", society_id), "sms": sms_log.for_society(society_id)}
