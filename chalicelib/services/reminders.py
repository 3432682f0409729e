"""One society in the daily scan: send what it is owed today, at most once each, and open tasks.

services.daily_scan finds the due societies (a sparse index, so its cost follows what is due,
not the size of the registry) and hands them to the messages queue's workers, which call
`process` for each: the society is read again, consistently, so a change saved a moment ago
(a new election) is what the plan sees. Its president and secretary get one SMS each, however
many of its reminders fall on the day; its officer is told in the office's daily digest
(domain.digests), which the scan plans.

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
from ..domain.digests import OFFICER_ROLES, SAME_DAY, same_day_text
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
    pace: Callable[[], None] = lambda: None  # waits for the next SMS's turn under the configured rate
    queue: object = None  # store.message_jobs.JobQueue: where the scan hands its batches to the workers
    runs: object = None   # store.scan_runs.ScanRuns: what each run planned and each batch did
    loans: object = None  # store.loans.Loans: the borrowers the scan reminds (services.loan_reminders); None: none
    budgets: object = None  # store.budgets.Budgets: files past a step's deadline (services.budget_notices); None: none
    budget_notices: object = None  # services.budget_notices.NoticeStores: what their notices go through


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


def office_of(society: Society, role: str) -> str:
    """The office an officer's SMS speaks for: the society's upazila, or for the interim committee
    the office that must appoint it."""
    if role == "acting_officer":
        return acting_office(society.upazila_code, society.paid_up_share_capital_paisa)
    return society.upazila_code


def society_messages(society: Society, due: list[Reminder], offices) -> dict[str, tuple[str, list[Reminder]]]:
    """phone -> (role, the reminders it is owed today) for the society's own people; officers
    are left to the digest."""
    messages: dict[str, tuple[str, list[Reminder]]] = {}
    for reminder in due:
        for phone, role in recipients(society, reminder, offices).items():
            if role not in OFFICER_ROLES:
                messages.setdefault(phone, (role, []))[1].append(reminder)
    return messages


def officer_notes(society: Society, due: list[Reminder], offices) -> list[tuple[str, str, str]]:
    """(office, phone, template) for each reminder an officer is owed today (for the digest)."""
    return [(office_of(society, role), phone, reminder.template)
            for reminder in due for phone, role in recipients(society, reminder, offices).items()
            if role in OFFICER_ROLES]


def send_one(society: Society, role: str, phone: str, reminders: list[Reminder], stores: ScanStores,
             figures: Counter, today: date | None) -> bool:
    """One SMS for these reminders to one number; False if it must be tried again."""
    if len(reminders) == 1:
        template = template_for(reminders[0].template, role)
        text = reminder_sms(society, reminders[0], template, stores.templates, today)
    else:  # several fall on the same day: one SMS names them all
        template = SAME_DAY
        text = same_day_text(society.name_bn, [(r.kind, r.due_on, r.subject) for r in reminders])
    key = "+".join(r.key for r in reminders)
    size = sms_size(text)
    stores.pace()  # before the claim: a sender stopped while it waits leaves nothing half done
    entry = stores.sms_log.claim(society.id, key, role, phone, template, text, size,
                                 office_code=society.upazila_code, kind="reminder")
    if entry is None:  # claimed before: gone its way, being sent right now, or left by a run that died
        held = stores.sms_log.held(society.id, key, phone)
        settled = settle_held(stores.sms_log, held, stores.clock(), settings().stale_claim_seconds)
        figures["uncertain" if settled == "unknown" else "skipped"] += 1
        return settled != "busy"  # a fresh claim is judged by the next run
    # the legal reminders ignore the spend cap; a surely-unsent SMS is given back for the next run
    outcome = send_claimed(stores.sms_log, stores.publish, entry, retry_later=True)
    figures[SCAN_FIGURE[outcome]] += 1
    if outcome == "sent":
        figures["sms_parts"] += size.parts
        logger.info("sms sent", extra={"society": society.id, "reminder": key, "role": role,
                                       "template": template, "parts": size.parts})
    return outcome != "deferred"


def send_reminders(society: Society, due: list[Reminder], stores: ScanStores, figures: Counter,
                   today: date | None = None) -> set[str]:
    """Send the society's people what they are owed today; the keys of the reminders now done."""
    pending: set[str] = set()
    for phone, (role, reminders) in society_messages(society, due, stores.offices).items():
        if not send_one(society, role, phone, reminders, stores, figures, today):
            pending |= {r.key for r in reminders}
    return {r.key for r in due} - pending


def due_now(society: Society, today: date, rules) -> list[Reminder]:
    """What the society is owed today and has not had yet."""
    return due_today(plan(obligations(society, today), rules, society.id), set(society.reminders_done), today)


def process(society: Society, today: date, stores: ScanStores, figures: Counter) -> None:
    """Send what this society is owed today and record it; re-plan if it changed meanwhile."""
    rules = settings().reminder_rules()
    counted = False
    for _ in range(SAVE_ATTEMPTS):
        if society.dissolved_on:
            return  # dissolved meanwhile (the due index lags): it owes nothing
        done = set(society.reminders_done)
        due = due_now(society, today, rules)
        if any(r.recipients for r in due) and not counted:
            figures["due"] += 1
            counted = True
        for reminder in due:
            if reminder.template == INTERIM_TASK:
                figures["tasks_opened"] += stores.tasks.open(interim_committee_task(society, today))
                done.add(reminder.key)
        done |= send_reminders(society, [r for r in due if r.template != INTERIM_TASK], stores, figures, today)
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
