"""Budget files' notices: SMS through the messaging centre (its templates and log) and e-mail through SES.

A notice is sent after its step is saved and never undoes it: any failure here is logged and counted
(metric BudgetNoticeFailed), and the answer to the request is the step's. Each SMS and each e-mail is
claimed in its log under the step's key first, so a notice tried again goes out once.
"""
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable

from ..config import settings
from ..domain import budget_notices as bn
from ..domain import messaging as msg
from ..domain.budget import Budget
from ..domain.calendar import DHAKA
from ..observability import count, logger
from .sms_sender import send_once

SOCIETY_ROLES = ("president", "secretary")


def file_link(budget_id: str) -> str:
    return f"{settings().site_url}/officer.html#/budgets/{budget_id}"


@dataclass
class NoticeStores:
    sms_log: object                       # store.sms.SmsLog
    publish: Callable[[str, str], str]    # (phone, text) -> SNS message id
    email_log: object                     # store.email.EmailLog
    send_email: Callable[[str, str, str], str]  # (to, subject, body) -> SES message id
    offices: object                       # store.offices.Offices: an office's phone and e-mail
    officers: object                      # store.officers.Officers: an office's officers' phones
    societies: object                     # store.societies.Societies: the society's people's numbers
    templates: object = None              # store.templates.Templates: the text in force (None: built in)
    users: object = None                  # store.users.Users: the phones of the society's users who acted
    tasks: object = None                  # store.tasks.Tasks: a late step's task, closed when the file moves


def _acting_office(b: Budget) -> str:
    """The office a society's notice names: the one holding the file, else the one that acted last."""
    last = b.movements[-1] if b.movements else {}
    return b.holder_office_code or last.get("office_code") or b.upazila_code


def _text(stores: NoticeStores, b: Budget, kind: str, office_code: str) -> str:
    saved = stores.templates.saved(b.upazila_code[:4]) if stores.templates is not None else ({}, {})
    return msg.render(msg.effective(kind, *saved)[0], bn.values(b, msg.office_name(office_code), file_link(b.id)))


def _phones(stores: NoticeStores, b: Budget, notice: bn.Notice) -> list[tuple[str, str]]:
    """(phone, role): the office's active officers (else the office's own phone), or the society's people (its
    president's and secretary's numbers, and its users who acted on the file), each number once."""
    if notice.office_code is None:
        society = stores.societies.get(b.society_id)
        phones = dict(msg.recipient_phones(society, SOCIETY_ROLES) if society else [])
        if stores.users is not None:
            for username in bn.society_users(b):
                phone = stores.users.phone_of(username)
                if phone:
                    phones.setdefault(phone, "society_user")
        return list(phones.items())
    officers = [o["phone"] for o in stores.officers.of_office(notice.office_code)
                if o.get("phone") and o.get("status") != "inactive"]
    phones = officers or [p for p in [stores.offices.phone(notice.office_code)] if p]
    return [(p, "officer") for p in dict.fromkeys(phones)]


def _email(stores: NoticeStores, b: Budget, notice: bn.Notice) -> str | None:
    if notice.office_code is None:
        return b.society_email
    return stores.offices.get(notice.office_code).get("email")


def send(stores: NoticeStores, b: Budget, notice: bn.Notice) -> dict:
    """One notice: its SMS to each number and its e-mail, each once; what happened to each."""
    named = notice.office_code if notice.office_code is not None else _acting_office(b)
    if notice.kind in (bn.OVERDUE, bn.ESCALATED):
        named = b.holder_office_code
    text = _text(stores, b, notice.kind, named)
    key = f"{notice.key}:{notice.office_code if notice.office_code is not None else 'society'}"
    outcome = {"sms": [], "email": None}
    for phone, role in _phones(stores, b, notice):
        try:
            outcome["sms"].append(send_once(stores.sms_log, stores.publish, f"BUDGET#{b.id}", key, role, phone,
                                            notice.kind, text, office_code=notice.office_code or b.upazila_code,
                                            kind="budget"))
        except Exception:  # noqa: BLE001 - one number's failure stops neither the others nor the e-mail
            count("BudgetNoticeFailed")
            logger.exception("budget SMS failed", extra={"budget": b.id, "kind": notice.kind, "phone_tail": phone[-3:]})
            outcome["sms"].append("error")
    address = _email(stores, b, notice)
    if address:
        outcome["email"] = _send_email(stores, b, notice, key, address, text)
    return outcome


def _send_email(stores: NoticeStores, b: Budget, notice: bn.Notice, key: str, address: str, text: str) -> str:
    subject, body = bn.email_text(b, notice.kind, text, file_link(b.id))
    entry = stores.email_log.claim(b.id, key, address, subject)
    if entry is None:
        return "skipped"
    try:
        message_id = stores.send_email(address, subject, body)
    except Exception as exc:  # noqa: BLE001 - a failed e-mail is recorded, never raised into the step
        stores.email_log.mark(entry, "failed", error=str(exc)[:200])
        count("BudgetEmailFailed")
        logger.warning("budget e-mail not sent", extra={"budget": b.id, "kind": notice.kind, "error": str(exc)})
        return "failed"
    stores.email_log.mark(entry, "sent", message_id=message_id)
    return "sent"


def after_step(stores: NoticeStores | None, before: Budget, after: Budget) -> list[dict]:
    """The step's notices, once the step is saved; nothing raised (the step stands whatever happens here)."""
    if stores is None:
        return []
    outcomes = []
    if stores.tasks is not None and before.holder_office_code:
        try:
            moved_on = datetime.fromisoformat(after.updated_at).astimezone(DHAKA).date()
            stores.tasks.close(bn.overdue_task_id(before), moved_on)
        except Exception:  # noqa: BLE001 - an open task left behind never undoes the step
            logger.exception("budget task not closed", extra={"budget": after.id})
    for notice in bn.step_notices(before, after):
        try:
            outcomes.append(send(stores, after, notice))
        except Exception:  # noqa: BLE001 - e.g. SNS or DynamoDB unreachable: the step is saved already
            count("BudgetNoticeFailed")
            logger.exception("budget notice failed", extra={"budget": after.id, "kind": notice.kind,
                                                            "office": notice.office_code})
    return outcomes


def late_step(stores: NoticeStores, b: Budget, today: date, holidays, after_days: int) -> list[bn.Notice]:
    """What a late step owes today, sent (each notice once: a scan run again sends nothing twice)."""
    owed = bn.overdue_notices(b, today, holidays, after_days)
    for notice in owed:
        send(stores, b, notice)
    return owed


def scan_late_files(budgets, stores: NoticeStores, today: date, holidays, after_days: int) -> Counter:
    """The daily scan's part: every held file past its deadline gets what it owes today (the holder's reminder
    and task; later the office above and the JR), each once however often the scan runs; a file that owes
    nothing more leaves the deadline entries. One file's failure does not stop the others."""
    figures = Counter()
    for entry in budgets.late(today):
        try:
            b = budgets.get(entry["budget_id"])
            if b is None or f"{b.due_on}#{b.id}" != entry["sk"] or not b.holder_office_code:
                budgets.settle_late(entry)  # moved on meanwhile (its step's save wrote its own entry)
                continue
            owed = late_step(stores, b, today, holidays, after_days)
            figures["budget_late"] += 1
            figures["budget_notices"] += len(owed)
            if owed and stores.tasks is not None:
                figures["tasks_opened"] += bool(stores.tasks.open(bn.overdue_task(b, today)))
            if bn.settled_on(b, today, holidays, after_days):
                budgets.settle_late(entry)
        except Exception:  # noqa: BLE001
            figures["errors"] += 1
            logger.exception("late budget file not handled", extra={"budget": entry.get("budget_id")})
    return figures
