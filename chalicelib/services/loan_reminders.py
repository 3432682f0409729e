"""Loan reminders in the daily scan: the borrowers owed an SMS today, through the scan's fan-out.

The plan (services.daily_scan) asks `loan_batches` for the loans whose reminder day has come (the sparse
`loan_due` index of store/loans: its cost follows what is due, not how many loans there are) and queues
them, LOANS_PER_BATCH to a message. A worker calls `send_loan_reminders` for a message: each loan is read
again, consistently (a payment credited a moment ago cancels what it covers), its SMS of the day
(domain.loan_reminders) is claimed in the SMS log under LOAN#<id> and the stages' keys before SNS is
called, so a message delivered twice, two scans or a re-run send nothing twice; then the loan's next
reminder day goes back in the index. The text is the messaging centre's template of its kind (a
district's override, HQ's national text, else the built-in one).
"""
from collections import Counter
from dataclasses import dataclass
from datetime import date

from ..config import settings
from ..domain import geography
from ..domain.bangla import bn_date
from ..domain.loan_reminders import LoanReminderRules, Reminder, next_reminder_on, owed_today
from ..domain.loans import Loan, state_as_of
from ..domain.messaging import effective, office_name, render_loan
from ..domain.money import taka_bn
from ..domain.outbox import batches
from ..domain.sms import sms_size
from ..observability import logger
from .loan_buckets import follow_bucket, read_again_on
from .loan_late import PROJECTS, levy_late_charges
from .reminders import SCAN_FIGURE
from .sms_sender import send_claimed, settle_held

LOANS_PER_BATCH = 25


def pay_link(loan_id: str) -> str:
    return f"{settings().site_url}/loan.html?loan={loan_id}"


def loan_batches(loans, today: date) -> tuple[list[dict], int]:
    """The queue messages of today's loan reminders ({"loans": [ids]}), and how many loans are due."""
    ids = list(loans.due_loan_ids(today))
    return [{"loans": group} for group in batches(ids, LOANS_PER_BATCH)], len(ids)


def loan_values(loan: Loan, amount_paisa: int, due_on: date | None) -> dict:
    """A loan template's variables for this loan (a reminder's, or a broadcast's: services/loan_broadcast)."""
    upazila, district = geography.area(loan.upazila_code), geography.area(loan.upazila_code[:4])
    return {"borrower": loan.borrower.name_bn, "amount": taka_bn(amount_paisa),
            "due": bn_date(due_on) if due_on else "", "pay_link": pay_link(loan.id),
            "office_name": office_name(loan.upazila_code), "upazila": (upazila or {}).get("name_bn", ""),
            "district": (district or {}).get("name_bn", "")}


def reminder_text(loan: Loan, reminder: Reminder, templates) -> str:
    """The template of the reminder's kind that applies to the loan's district, filled in."""
    saved = templates.saved(loan.upazila_code[:4]) if templates is not None else ({}, {})
    return render_loan(effective(reminder.kind, *saved)[0], loan_values(loan, reminder.amount_paisa, reminder.due_on))


@dataclass(frozen=True)
class Rules:
    arrears: object                 # domain.loans.ArrearsRules
    reminders: LoanReminderRules


def rules() -> Rules:
    config = settings()
    return Rules(config.arrears_rules(), config.loan_reminder_rules())


def send_loan_reminders(stores, loan_ids, today: date, figures: Counter) -> None:
    """The SMS each of these loans owes today, once; then each loan's next reminder day."""
    chosen = rules()
    for loan_id in loan_ids:
        try:
            loan = stores.loans.get_loan(loan_id, consistent=True)
            figures["items_read"] += 1
            if loan is None:
                continue
            loan = levy_late_charges(stores.loans, PROJECTS, loan, today, chosen.arrears, figures)
            state = state_as_of(loan, today, chosen.arrears)
            reminder = owed_today(state, today, chosen.reminders)
            if reminder is None or send(stores, loan, reminder, today, figures):
                stores.loans.save_next_reminder(loan.id, read_again_on(next_reminder_on(state, today, chosen.reminders),
                                                                       state, chosen.arrears))
            # else: not sent for a reason that may pass (SNS surely did not take it): due again tomorrow
            figures["tasks_opened"] += follow_bucket(stores.loans, stores.tasks, loan, state, chosen.arrears)[1]
        except Exception:  # one bad record must not hold back every loan after it
            figures["errors"] += 1
            logger.exception("loan reminder failed", extra={"loan": loan_id})


def send(stores, loan: Loan, reminder: Reminder, today: date, figures: Counter) -> bool:
    """One SMS to the borrower; False if it must be tried again on a later run."""
    text = reminder_text(loan, reminder, stores.templates)
    size = sms_size(text)
    phone = loan.borrower.phone
    stores.pace()
    entry = stores.sms_log.claim(loan.id, reminder.key, "borrower", phone, reminder.kind, text, size,
                                 office_code=loan.upazila_code, kind="loan_reminder", subject="LOAN")
    if entry is None:  # claimed before: sent, being sent, or left by a worker that died
        held = stores.sms_log.held(loan.id, reminder.key, phone, subject="LOAN")
        settled = settle_held(stores.sms_log, held, stores.clock(), settings().stale_claim_seconds)
        figures["uncertain" if settled == "unknown" else "skipped"] += 1
        return settled != "busy"
    outcome = send_claimed(stores.sms_log, stores.publish, entry, retry_later=True)
    figures["loan_sms_sent" if outcome == "sent" else SCAN_FIGURE[outcome]] += 1
    if outcome == "sent":
        figures["sms_parts"] += size.parts
        logger.info("loan sms sent", extra={"loan": loan.id, "reminder": reminder.key, "parts": size.parts})
    return outcome != "deferred"
