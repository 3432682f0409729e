"""Correction requests: file (offices above the owner, or the society's own committee), list, apply, reject.

Applying writes the society through the registry's own update (same validation, same audit
trail, action "correction" with the request id) and closes the request in the same DynamoDB
transaction: a crash leaves either both changed or neither, and the request can be applied again.
Notifications go out after the write, by SMS through the message jobs (`sms`), and show in the
requester's outbox. An SMS that cannot be sent never undoes a decision.
"""
from datetime import datetime

from ..domain import geography
from ..domain.corrections import (CORRECTION_ID, NO_REQUEST, PUBLIC_REQUESTER, STATES, Correction, check_can_file,
                                  check_can_read, check_changed, check_field, check_owner, check_reason,
                                  check_requester, check_unchanged, check_value, closed_conflict, decided,
                                  new_correction, office_names, view)
from ..domain.errors import Conflict, DomainError, Invalid, TooManyAttempts
from ..domain.jurisdiction import Caller, check_read
from ..domain.outbox import Recipient
from ..domain.society import apply_patch, as_dict
from ..observability import logger
from ..store.payments import WriteRefused
from . import registry

PUBLIC_GUESSES = 5              # wrong phone numbers for one society before it is locked for a while
PUBLIC_LOCK_SECONDS = 3600
FIELD_BN = {
    "registration_no": "নিবন্ধন নম্বর", "registered_on": "নিবন্ধনের তারিখ", "name_bn": "নাম (বাংলা)",
    "name_en": "নাম (ইংরেজি)", "address": "ঠিকানা", "committee_kind": "কমিটির ধরন",
    "committee_started_on": "কমিটি শুরুর তারিখ", "term_ends_on": "মেয়াদ শেষের তারিখ",
    "last_agm_on": "সর্বশেষ এজিএম", "last_audit_year": "সর্বশেষ অডিট বর্ষ", "last_audit_on": "সর্বশেষ অডিটের তারিখ",
    "last_accounts_year": "হিসাব বিবরণীর বর্ষ", "last_rectification_on": "অডিট সংশোধনীর তারিখ",
    "paid_up_share_capital_paisa": "শেয়ার মূলধন", "officer_phone": "কর্মকর্তার মোবাইল",
    "president_phone": "সভাপতির মোবাইল", "secretary_phone": "সম্পাদকের মোবাইল", "facebook_url": "ফেসবুক পেজ",
}


def _normalised(society, field: str, value, today):
    """The value as the registry would store it, checked with the registry's own rules (400 if not)."""
    valid = registry.entered(apply_patch(society, {field: value}), today)
    return valid.model_dump(mode="json")[field]


FAILED = object()


def _body(society, body: dict, public: bool, today):
    """The field, the proposed value as the registry would store it, and the reason; or Invalid naming
    everything that is wrong at once (the value's problems under `proposed_value`). One problem keeps
    its own code; several are `invalid_input`."""
    failures = []

    def attempt(check, *args, as_field=None):
        try:
            return check(*args)
        except Invalid as exc:
            details = exc.details or [{"field": None, "code": exc.code, "message": exc.message_en,
                                       "message_bn": exc.message_bn}]
            failures.append(Invalid(exc.code, exc.message_en, exc.message_bn,
                                    [{**d, "field": as_field or d.get("field")} for d in details]))
            return FAILED

    field = attempt(check_field, body.get("field"), public)
    value = attempt(check_value, body.get("proposed_value"))
    reason = attempt(check_reason, body.get("reason"))
    proposed = FAILED
    if field is not FAILED and value is not FAILED:
        proposed = attempt(_normalised, society, field, value, today, as_field="proposed_value")
    if len(failures) == 1:
        raise failures[0]
    if failures:
        raise Invalid("invalid_input", "Some fields are not valid.", "কিছু তথ্য সঠিক নয়।",
                      [d for exc in failures for d in exc.details])
    return field, proposed, reason


def _open_society(societies, society_id):
    society = registry.public_society(societies, society_id)
    if society.dissolved_on:
        raise registry.DISSOLVED
    return society


def file_request(corrections, societies, offices, sms, caller: Caller, body: dict, new_id, today,
                 now: str) -> Correction:
    """A higher office asks the owning upazila office to correct one field."""
    society_id = body.get("society_id")
    if not isinstance(society_id, str):
        raise Invalid("invalid_society_id", "society_id is required.", "society_id দিন।")
    society = _open_society(societies, society_id)
    check_can_file(caller, society.upazila_code)
    field, proposed, reason = _body(society, body, False, today)
    request = new_correction(new_id(), society, field, as_dict(society)[field], proposed, reason, caller.username,
                             caller.office_code, caller.role, now)
    corrections.file(request)
    _tell_owner(offices, sms, caller, request, now)
    return request


def file_public(corrections, societies, offices, attempts, sms, society_id: str, body: dict, new_id, today,
                now: str) -> Correction:
    """The society's president or secretary (proved by their phone number) asks for a correction.

    The body, the society's state and the proposed value are checked before the phone, so every answer
    that depends on the phone is the same 404 as for an unknown society. Wrong numbers are counted per
    society and per number: either locks the public form for a while, so the form never confirms whose
    number is whose, on one society or across many."""
    society = registry.public_society(societies, society_id)
    number = _number(body.get("phone"))
    guards = [f"public-correction#{society.id}"] + ([f"public-correction-phone#{number}"] if number else [])
    moment = datetime.fromisoformat(now).timestamp()
    if any(attempts.locked_until(guard) > moment for guard in guards):
        raise TooManyAttempts("too_many_attempts", "Too many wrong numbers; try again in an hour.",
                              "অনেকবার ভুল নম্বর দেওয়া হয়েছে; এক ঘণ্টা পরে আবার চেষ্টা করুন।")
    if society.dissolved_on:
        raise registry.DISSOLVED
    field, proposed, reason = _body(society, body, True, today)
    check_changed(as_dict(society)[field], proposed)
    role = _committee_role(society, number)
    if role is None:
        for guard in guards:
            attempts.failed(guard, PUBLIC_GUESSES, PUBLIC_LOCK_SECONDS)
        raise registry.NO_SOCIETY
    request = new_correction(new_id(), society, field, as_dict(society)[field], proposed, reason, PUBLIC_REQUESTER,
                             PUBLIC_REQUESTER, role, now, requester_phone=society.phone(role))
    corrections.file(request)
    _tell_owner(offices, sms, Caller(PUBLIC_REQUESTER, PUBLIC_REQUESTER, society.upazila_code), request, now)
    return request


def _number(phone) -> str | None:
    """The phone as a normalised Bangladeshi mobile number, or None if it is not one."""
    from ..domain.phones import normalise_bd_mobile  # phonenumbers loads only when a number is checked
    try:
        return normalise_bd_mobile(phone) if isinstance(phone, str) and len(phone) <= 40 else None
    except ValueError:
        return None


def _committee_role(society, number: str | None) -> str | None:
    for role in ("president", "secretary"):
        if number and society.phone(role) == number:
            return role
    return None


def readable(corrections, caller: Caller, correction_id: str) -> Correction:
    well_formed = isinstance(correction_id, str) and CORRECTION_ID.fullmatch(correction_id)
    request = corrections.get(correction_id) if well_formed else None  # a malformed id never reaches DynamoDB
    if request is None:
        raise NO_REQUEST
    check_can_read(caller, request)
    return request


def one(corrections, caller: Caller, correction_id: str) -> dict:
    return view(readable(corrections, caller, correction_id))


def box(corrections, caller: Caller, which: str, office_code: str | None, state: str | None, cursor: str | None,
        limit: int) -> dict:
    """An office's inbox (requests to it) or outbox (its requests): a page, and counts per state."""
    if which not in ("inbox", "outbox"):
        raise Invalid("invalid_box", "box must be inbox or outbox.", "box হবে inbox অথবা outbox।")
    if state and state not in STATES:
        raise Invalid("invalid_state", "state must be one of " + ", ".join(STATES) + ".", "অবস্থা সঠিক নয়।")
    office = caller.office_code if office_code is None else geography.known_area(office_code)
    check_read(caller, office)
    items, cursor = corrections.box(which, office, state or None, cursor or None, limit)
    return {"box": which, "office_code": office, "counts": corrections.counts(which, office),
            "items": [view(c) for c in items], "next_cursor": cursor}


def file_loan_request(corrections, loans, offices, sms, caller: Caller, loan_id: str, body: dict, new_id,
                      now: str) -> Correction:
    """A request on an approved loan's borrower (services/loan_corrections); the owning office is told."""
    from . import loan_corrections
    request = loan_corrections.file_request(corrections, loans, caller, loan_id, body, new_id, now)
    _tell_owner(offices, sms, caller, request, now)
    return request


def apply(corrections, societies, tasks, offices, sms, caller: Caller, correction_id: str, today,
          now: str, pages=None, loans=None) -> Correction:
    """The owner writes the proposed value and the request closes as applied, in one transaction."""
    request = readable(corrections, caller, correction_id)
    check_owner(caller, request)
    if not request.is_open:
        raise closed_conflict(request)
    if request.subject_kind == "loan":
        from . import loan_corrections
        applied = loan_corrections.apply(corrections, loans, caller, request, now)
        _tell_requester(offices, sms, caller, applied, now)
        return applied
    society = registry.writable(societies, caller, request.society_id)
    check_unchanged(request, as_dict(society)[request.field])
    try:
        _normalised(society, request.field, request.proposed_value, today)
    except Invalid as exc:
        raise Conflict("correction_no_longer_valid",
                       "With the record as it is now, the proposed value is not valid; reject the request.",
                       "সমিতির বর্তমান তথ্যের সাথে প্রস্তাবিত মানটি সঠিক নয়; অনুরোধটি প্রত্যাখ্যান করুন।",
                       exc.details) from None
    applied = decided(request, "applied", caller.username, caller.office_code, now)
    try:
        registry.update_society(societies, tasks, caller, request.society_id,
                                {request.field: request.proposed_value, "version": society.version}, today, now,
                                correction_id=request.id, also=corrections.closed(request, applied),
                                pages=pages)
    except Conflict as exc:
        fresh = corrections.get(request.id)
        if exc.code == "stale_version" and fresh is not None and not fresh.is_open:
            raise closed_conflict(fresh) from None
        raise
    _tell_requester(offices, sms, caller, applied, now)
    return applied


def reject(corrections, offices, sms, caller: Caller, correction_id: str, body: dict, now: str) -> Correction:
    request = readable(corrections, caller, correction_id)
    check_owner(caller, request)
    rejected = decided(request, "rejected", caller.username, caller.office_code, now, check_reason(body.get("reason")))
    _close(corrections, request, rejected)
    _tell_requester(offices, sms, caller, rejected, now)
    return rejected


def withdraw(corrections, caller: Caller, correction_id: str, now: str) -> Correction:
    request = readable(corrections, caller, correction_id)
    check_requester(caller, request)
    withdrawn = decided(request, "withdrawn", caller.username, caller.office_code, now)
    _close(corrections, request, withdrawn)
    return withdrawn


def _close(corrections, before: Correction, after: Correction) -> None:
    try:
        corrections.close(before, after)
    except WriteRefused:  # decided by someone else meanwhile
        fresh = corrections.get(before.id) or before
        raise closed_conflict(fresh if not fresh.is_open else after) from None


# ---- notifications -------------------------------------------------------------------------

def _send(sms, caller: Caller, phone: str | None, text: str, office_code: str, request: Correction,
          now: str) -> None:
    if not phone:
        return
    try:
        sms(caller, "correction", [Recipient(phone, text, office_code, request.society_id, "office")],
            datetime.fromisoformat(now), description=f"Correction request {request.id}")
    except DomainError as exc:  # e.g. the office's monthly cap: the request itself stands
        logger.warning("correction sms not queued", extra={"correction_id": request.id, "code": exc.code})


def _tell_owner(offices, sms, caller: Caller, request: Correction, now: str) -> None:
    by = office_names(request.requester_office)["name_bn"]
    text = (f"সংশোধন অনুরোধ {request.id}: {request.society_name_bn}, {FIELD_BN.get(request.field, request.field)}। "
            f"অনুরোধকারী: {by}। Samabay-তে দেখুন।")
    payer = request.owner_office if request.from_public else request.requester_office
    _send(sms, caller, offices.phone(request.owner_office), text, payer, request, now)


def _tell_requester(offices, sms, caller: Caller, request: Correction, now: str) -> None:
    outcome = {"applied": "প্রয়োগ করা হয়েছে", "rejected": "প্রত্যাখ্যাত"}[request.state]
    text = f"সংশোধন অনুরোধ {request.id} ({request.society_name_bn}) {outcome}।"
    if request.state == "rejected":
        text += f" কারণ: {request.decision_reason}"
    phone = request.requester_phone if request.from_public else offices.phone(request.requester_office)
    _send(sms, caller, phone, text, request.owner_office, request, now)
