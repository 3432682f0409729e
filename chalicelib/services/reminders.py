"""The daily scan: send the reminders that are due, at most once each, and open tasks.

It reads only the societies whose next reminder date has come (a sparse index), so its
cost follows what is due, not the size of the registry. Each one is then read again,
consistently, so a change saved a moment ago (a new election) is what the plan sees.

What each SNS outcome means (services.sms_sender): a refused number is failed for good; a
surely-not-sent error releases the claim so the next run retries; an uncertain one (SNS may
have sent) stays unknown and is never resent automatically; a suppressed number is logged,
not sent. The monthly spend cap never holds back these legal reminders.
"""
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from typing import Callable

from ..config import settings
from ..domain.messaging import effective, office_name, text_for
from ..domain.reminders import INTERIM_TASK, Reminder, due_today, plan
from ..domain.sms import reminder_text, sms_size, template_for
from ..domain.society import Society, carry_reminders, with_reminder_state
from ..domain.statutory import obligations
from ..domain.tasks import acting_office, interim_committee_task
from ..observability import logger
from .sms_sender import send_claimed, settle_held

SAVE_ATTEMPTS = 3
SCAN_FIGURE = {"sent": "sms_sent", "failed": "errors", "unknown": "uncertain", "deferred": "errors",
               "suppressed": "suppressed"}


@dataclass
class ScanStores:
    societies: object
    sms_log: object
    tasks: object
    offices: object
    publish: Callable[[str, str], str]  # (phone, text) -> SNS message id, or one of the errors above
    templates: object = None  # store.templates.Templates: a district's text, else HQ's, else the built-in one
    clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)


def recipients(society: Society, reminder: Reminder, offices) -> dict[str, str]:
    """phone -> role for this reminder; each number once. The office's phone stands in for
    an officer with no number of his own."""
    phones: dict[str, str] = {}
    for role in reminder.recipients:
        if role == "acting_officer":
            office = acting_office(society.upazila_code, society.paid_up_share_capital_paisa)
            own = society.officer_phone if office == society.upazila_code else None
            phone = own or offices.phone(office)
        elif role == "officer":
            phone = society.officer_phone or offices.phone(society.upazila_code)
        else:
            phone = society.phone(role)
        if phone and phone not in phones:
            phones[phone] = role
    return phones


def reminder_sms(society: Society, reminder: Reminder, template: str, templates, today: date | None) -> str:
    """The text that applies to the society's district (override, national, built in), filled in."""
    if templates is None or today is None:
        return reminder_text(template, society.name_bn, reminder.due_on, reminder.subject)
    pattern = effective(template, *templates.saved(society.district_code))[0]
    return text_for(template, pattern, society, today, office_name(society.upazila_code), reminder.due_on,
                    reminder.subject)


def send_reminder(society: Society, reminder: Reminder, stores: ScanStores, figures: Counter,
                  today: date | None = None) -> bool:
    """Send one reminder to each of its numbers; False if it must be tried again."""
    complete = True
    for phone, role in recipients(society, reminder, stores.offices).items():
        template = template_for(reminder.template, role)
        text = reminder_sms(society, reminder, template, stores.templates, today)
        size = sms_size(text)
        entry = stores.sms_log.claim(society.id, reminder.key, role, phone, template, text, size,
                                     office_code=society.upazila_code, kind="reminder")
        if entry is None:  # claimed before: gone its way, being sent right now, or left by a run that died
            held = stores.sms_log.held(society.id, reminder.key, phone)
            settled = settle_held(stores.sms_log, held, stores.clock(), settings().stale_claim_seconds)
            figures["uncertain" if settled == "unknown" else "skipped"] += 1
            complete = complete and settled != "busy"  # a fresh claim is judged by the next run
            continue
        # the legal reminders ignore the spend cap; a surely-unsent SMS is given back for the next run
        outcome = send_claimed(stores.sms_log, stores.publish, entry, retry_later=True)
        figures[SCAN_FIGURE[outcome]] += 1
        if outcome == "deferred":
            complete = False
        elif outcome == "sent":
            figures["sms_parts"] += size.parts
            logger.info("sms sent", extra={"society": society.id, "reminder": reminder.key, "role": role,
                                           "template": template, "parts": size.parts})
    return complete


def process(society: Society, today: date, stores: ScanStores, figures: Counter) -> None:
    """Send what this society is owed today and record it; re-plan if it changed meanwhile."""
    rules = settings().reminder_rules()
    counted = False
    for _ in range(SAVE_ATTEMPTS):
        if society.dissolved_on:
            return  # dissolved meanwhile (the due index lags): it owes nothing
        done = set(society.reminders_done)
        due = due_today(plan(obligations(society, today), rules, society.id), done, today)
        if any(r.recipients for r in due) and not counted:
            figures["due"] += 1
            counted = True
        for reminder in due:
            if reminder.template == INTERIM_TASK:
                figures["tasks_opened"] += stores.tasks.open(interim_committee_task(society, today))
                done.add(reminder.key)
            elif send_reminder(society, reminder, stores, figures, today):
                done.add(reminder.key)
        state = with_reminder_state(replace(society, reminders_done=tuple(sorted(done))), rules,
                                    today + timedelta(days=1))
        if any(r.key not in done for r in due):
            state = replace(state, next_reminder_on=today)  # a deferred send stays due for the next run
        if stores.societies.save_reminder_state(state):
            return
        fresh = stores.societies.get(society.id, consistent=True)  # changed meanwhile: re-plan
        figures["items_read"] += 1
        if fresh is None:
            return
        # what was just sent stays sent, renamed if the change only corrected the start date
        sent = carry_reminders(society, replace(fresh, reminders_done=tuple(sorted(done))))
        society = replace(fresh, reminders_done=tuple(sorted(set(fresh.reminders_done) | set(sent))))
    figures["errors"] += 1


def run_scan(today: date, stores: ScanStores) -> dict:
    """scanned: societies the due index gave; due: those owed an SMS today; items_read: all reads."""
    figures = Counter({"scanned": 0, "due": 0, "sms_sent": 0, "sms_parts": 0, "skipped": 0,
                       "uncertain": 0, "errors": 0, "items_read": 0, "tasks_opened": 0})
    for society_id in stores.societies.due_ids(today):
        figures["scanned"] += 1
        try:
            society = stores.societies.get(society_id, consistent=True)
            figures["items_read"] += 2  # the index entry and the record
            if society:
                process(society, today, stores, figures)
        except Exception:  # one bad record must not hold back every society after it
            figures["errors"] += 1
            logger.exception("scan failed for a society", extra={"society": society_id})
    stores.tasks.record_scan(today)
    return {"today": today.isoformat(), **figures}
