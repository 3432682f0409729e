"""The daily scan: send the reminders that are due, at most once each.

It reads only the societies whose next reminder date has come (a sparse index), so its
cost follows what is due, not the size of the registry. Each one is then read again,
consistently, so a change saved a moment ago (a new election) is what the plan sees.
"""
import logging
import sys
from collections import Counter
from datetime import date, timedelta

from aws_lambda_powertools import Logger
from chalice import Blueprint, Cron

from ..config import settings
from ..domain.reminders import Reminder, due_today
from ..domain.sms import reminder_text, sms_size
from ..domain.society import reminder_plan, with_reminder_state
from ..domain.terms import days_left
from ..store.sms import PermanentSmsError, SmsLog, TransientSmsError, UncertainSmsError, publish_sms
from ..store.societies import Societies
from .common import dhaka_today

bp = Blueprint(__name__)
logger = Logger(service="samabay-scan", logger_handler=logging.StreamHandler(sys.stderr))
SAVE_ATTEMPTS = 3


def send_reminder(record: dict, reminder: Reminder, today: date, log: SmsLog, figures: Counter) -> bool:
    """Send one reminder to each of its numbers; False if it must be tried again."""
    text = reminder_text(reminder.template, record["name_bn"], reminder.due_on,
                         days_left(reminder.due_on, today))
    size = sms_size(text)
    phones = {}
    for role in reminder.recipients:
        phone = record.get(f"{role}_phone")
        if phone and phone not in phones:
            phones[phone] = role
    complete = True
    for phone, role in phones.items():
        entry = log.claim(record["id"], reminder.key, role, phone, reminder.template, text, size)
        if entry is None:
            figures["skipped"] += 1
            continue
        try:
            message_id = publish_sms(phone, text)
        except PermanentSmsError as exc:
            log.mark_failed(entry, str(exc))
            figures["errors"] += 1
            logger.warning("sms refused", extra={"society": record["id"], "reminder": reminder.key,
                                                 "role": role, "error": str(exc)})
            continue
        except UncertainSmsError as exc:
            log.mark_failed(entry, str(exc), status="UNKNOWN")
            figures["uncertain"] += 1
            logger.warning("sms may or may not have gone; not resending", extra={
                "society": record["id"], "reminder": reminder.key, "role": role, "error": str(exc)})
            continue
        except TransientSmsError as exc:
            log.release(entry)
            figures["errors"] += 1
            complete = False
            logger.warning("sms deferred", extra={"society": record["id"], "reminder": reminder.key,
                                                  "role": role, "error": str(exc)})
            continue
        log.mark_sent(entry, message_id)
        figures["sms_sent"] += 1
        figures["sms_parts"] += size.parts
        logger.info("sms sent", extra={"society": record["id"], "reminder": reminder.key, "role": role,
                                       "phone": phone, "template": reminder.template, "text": text,
                                       "parts": size.parts, "message_id": message_id})
    return complete


def process(record: dict, today: date, societies: Societies, log: SmsLog, figures: Counter) -> None:
    """Send what this society is owed today and record it; re-plan if it changed meanwhile."""
    rules = settings().reminder_rules()
    counted = False
    for _ in range(SAVE_ATTEMPTS):
        done = set(record.get("reminders_done") or [])
        due = due_today(reminder_plan(record, rules), done, today)
        if due and not counted:
            figures["due"] += 1
            counted = True
        for reminder in due:
            if send_reminder(record, reminder, today, log, figures):
                done.add(reminder.key)
        state = with_reminder_state({**record, "reminders_done": sorted(done)}, rules,
                                    today + timedelta(days=1))
        next_on = date.fromisoformat(state["next_reminder_on"]) if state["next_reminder_on"] else None
        if any(r.key not in done for r in due):
            next_on = today  # a deferred send stays due for the next run
        if societies.save_reminder_state(record, state["reminders_done"], next_on):
            return
        record = societies.get(record["id"], consistent=True)  # changed meanwhile: re-plan
        figures["items_read"] += 1
        if record is None:
            return
    figures["errors"] += 1


def run_scan(today: date) -> dict:
    """scanned: societies the due index gave; due: those owed an SMS today; items_read: all reads."""
    societies, log = Societies(), SmsLog()
    figures = Counter({"scanned": 0, "due": 0, "sms_sent": 0, "sms_parts": 0, "skipped": 0,
                       "uncertain": 0, "errors": 0, "items_read": 0})
    for society_id in societies.due_ids(today):
        figures["scanned"] += 1
        try:
            record = societies.get(society_id, consistent=True)
            figures["items_read"] += 2  # the index entry and the record
            if record:
                process(record, today, societies, log, figures)
        except Exception:  # one bad record must not hold back every society after it
            figures["errors"] += 1
            logger.exception("scan failed for a society", extra={"society": society_id})
    return {"today": today.isoformat(), **figures}


@bp.schedule(Cron(0, 3, "*", "*", "?", "*"), name="daily_scan")  # 09:00 in Dhaka
def daily_scan(event):
    """`today` may be given in the event (make scan TODAY=...); else it is the Dhaka date."""
    given = (event.to_dict().get("detail") or {}).get("today")
    figures = run_scan(date.fromisoformat(given) if given else dhaka_today())
    logger.info("scan finished", extra=figures)
    return figures
