"""Messages from an office to the officers one level below it (seed 000's admin menu): a DCO to its
upazila officers, a Joint Registrar to the DCOs, HQ to the division officers; to all of them or to one.
Each message lands in the recipients' inboxes and, when asked, goes by SMS through the messages queue
(services.message_jobs), counted in the sending office's delivery log and monthly spend.
"""
import secrets
from datetime import datetime

from ..domain.errors import DomainError, Invalid, NotFound
from ..domain.jurisdiction import Caller
from ..domain.officers import MESSAGE_BOXES, check_manages
from ..domain.validation import validated

MAX_RECIPIENTS = 500


def message_id(now: datetime) -> str:
    return now.strftime("%Y%m%d%H%M%S%f")[:17] + secrets.token_hex(4)


def recipients_of(directory, caller: Caller, to: str) -> list[dict]:
    """The active officers one level below the caller's office: all, or the one named."""
    check_manages(caller)
    below = [o for o in directory.below(caller.office_code) if o.get("status", "active") == "active"]
    if to != "all":
        below = [o for o in below if o["username"] == to]
        if not below:
            raise NotFound("officer_not_found", "No active officer of that name in an office directly below yours.",
                           "আপনার অফিসের সরাসরি অধীনে এই নামে কোনো সক্রিয় অফিসার নেই।")
    if not below:
        raise Invalid("no_recipients", "There are no active officers below your office yet.",
                      "আপনার অফিসের অধীনে এখনও কোনো সক্রিয় অফিসার নেই।")
    return below[:MAX_RECIPIENTS]


def send(store, directory, job_stores, caller: Caller, body: dict, now: datetime) -> dict:
    """Store the message in each recipient's inbox first; with sms, then queue one SMS each. A failed save
    sends nothing (a retry cannot send twice); an SMS the pipeline refuses (e.g. the office's monthly cap)
    leaves the message in-app and the reply says so in `sms_error` (`sms_job` null)."""
    from ..domain.officer_input import OfficerMessageInput
    check_manages(caller)
    entered = validated(OfficerMessageInput, body)
    officers = recipients_of(directory, caller, entered.to)
    sender = directory.get(caller.username) or {}
    recipients = _recipients(caller, sender, officers, entered.text) if entered.sms else []
    message = {"id": message_id(now), "from_username": caller.username, "from_office_code": caller.office_code,
               "from_name_bn": sender.get("name_bn"), "to": entered.to, "text": entered.text, "sms": entered.sms,
               "sent_at": now.isoformat(timespec="seconds")}
    store.save({k: v for k, v in message.items() if v is not None}, [o["username"] for o in officers],
               caller.username)
    job, error = None, None
    if recipients:
        from . import message_jobs
        try:
            job = message_jobs.start_job(job_stores(), caller, "officer_message", recipients, now,
                                         description=f"অফিসারদের বার্তা {message['id']} · to {len(recipients)} "
                                                     "officer(s)")
        except DomainError as exc:
            error = {"code": exc.code, "message": exc.message_en, "message_bn": exc.message_bn}
    return {**message, "job_id": job["job_id"] if job else None, "recipients": len(officers), "sms_job": job,
            "sms_error": error}


def _recipients(caller: Caller, sender: dict, officers: list[dict], text: str) -> list:
    from ..domain.outbox import Recipient
    signed = f"{text}\n- {sender.get('name_bn') or caller.username}"
    recipients = [Recipient(o["phone"], signed, office_code=caller.office_code, role="officer_user")
                  for o in officers if o.get("phone")]
    if not recipients:
        raise Invalid("no_phones", "None of these officers has a phone number recorded.",
                      "এই অফিসারদের কারও মোবাইল নম্বর সংরক্ষিত নেই।")
    return recipients


def box(store, caller: Caller, which: str, cursor: str | None, limit: int) -> dict:
    if which not in MESSAGE_BOXES:
        raise Invalid("invalid_box", "box must be inbox or sent.", "box হতে হবে inbox বা sent।")
    items, next_cursor = store.page(caller.username, which, cursor, limit)
    return {"box": which, "items": items, "next_cursor": next_cursor, "unread": store.unread(caller.username)}


def mark_read(store, caller: Caller, msg_id: str, now: str) -> dict:
    if not (len(msg_id) == 25 and msg_id.isascii() and msg_id.isalnum()):
        raise NotFound("message_not_found", "No such message in your inbox.", "আপনার ইনবক্সে এমন কোনো বার্তা নেই।")
    store.mark_read(caller.username, msg_id, now)
    return {"id": msg_id, "read": True, "unread": store.unread(caller.username)}
