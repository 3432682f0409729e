"""A message to every borrower of a project, through the messaging centre (issue 19 §3).

The text may use the loan's variables ({borrower}, {amount}, {due}, {pay_link}, {office_name}, {upazila},
{district}), filled in per borrower as the day's reminder fills them: what to pay now (everything past due and the
next instalment) and its due date (the oldest unpaid one). A preview says how many borrowers, SMS parts and what it
costs, with a few texts; sending to more than CONFIRM_ABOVE borrowers needs the count the preview showed
(`expected_recipients`), so a list that changed meanwhile is not sent to blindly. The send is a bulk job
(services/message_jobs.start_job: send window, suppression list, monthly cap, each SMS once, in the log).
"""
from dataclasses import dataclass
from datetime import date, datetime

from ..config import settings
from ..domain import messaging as msg
from ..domain.bangla import bn_digits
from ..domain.errors import Conflict, Invalid
from ..domain.jurisdiction import Caller
from ..domain.loans import next_amount_due, state_as_of
from ..domain.outbox import Recipient
from ..domain.sms import sms_size
from .loan_reminders import loan_values
from .loans import NO_PROJECT, check_loan_write
from .messaging import CONFIRM_ABOVE, SAMPLES, once_key

KIND = "loan_broadcast"  # the job's and its SMS log entries' kind
LOAN_TEXT = msg.LOAN_KINDS[0]  # a loan template's variables are what a broadcast may use


@dataclass(frozen=True)
class Broadcast:
    project: object
    recipients: list[Recipient]
    samples: list[dict]
    parts: int


def compose(loans, caller: Caller, project_id: str, body: dict, today: date) -> Broadcast:
    """Each approved loan's borrower with the text filled in for that loan (one SMS per number and text).
    Only the project's upazila office messages its borrowers, as only it writes the project's loans."""
    project = loans.get_project(project_id)
    if project is None:
        raise NO_PROJECT
    check_loan_write(caller, project.upazila_code)
    text = msg.checked_template(body.get("text") if isinstance(body, dict) else None, LOAN_TEXT)
    rules, seen, recipients, samples, parts = settings().arrears_rules(), set(), [], [], 0
    for loan in sorted(loans.project_loans(project), key=lambda l: (l.borrower.barrack_no, l.borrower.room_no)):
        if loan.state != "approved":
            continue
        state = state_as_of(loan, today, rules)
        oldest = next((s.due_on for s in state.instalments if s.status in ("overdue", "due")), state.next_due_on)
        sms = msg.render_loan(text, loan_values(loan, next_amount_due(state), oldest))
        if (loan.borrower.phone, sms) in seen:
            continue
        seen.add((loan.borrower.phone, sms))
        recipients.append(Recipient(loan.borrower.phone, sms, caller.office_code, project.society_id or "",
                                    "borrower"))
        parts += sms_size(sms).parts
        if len(samples) < SAMPLES:
            samples.append({"loan_id": loan.id, "borrower_name_bn": loan.borrower.name_bn,
                            "phone": msg.mask_phone(loan.borrower.phone), "text": sms})
    return Broadcast(project, recipients, samples, parts)


def preview(loans, caller: Caller, project_id: str, body: dict, today: date) -> dict:
    found = compose(loans, caller, project_id, body, today)
    count = len(found.recipients)
    return {"project_id": found.project.id, "recipients": count, "recipients_bn": bn_digits(count),
            "parts": found.parts, "cost_paisa": found.parts * settings().sms_part_cost_paisa,
            "needs_confirmation": count > CONFIRM_ABOVE, "samples": found.samples}


def send(loans, job_stores, caller: Caller, project_id: str, body: dict, today: date, now: datetime) -> dict:
    """The bulk job of the broadcast; `expected_recipients` must match when there are more than CONFIRM_ABOVE."""
    from .message_jobs import start_job, start_job_once
    found = compose(loans, caller, project_id, body, today)
    count = len(found.recipients)
    if not count:
        raise Invalid("no_recipients", "The project has no approved borrower to send to.",
                      "প্রকল্পে পাঠানোর মতো কোনো অনুমোদিত ঋণগ্রহীতা নেই।")
    expected = body.get("expected_recipients")
    if count > CONFIRM_ABOVE and expected != count:
        raise Conflict("confirmation_needed", f"This goes to {count} borrowers: send again with expected_recipients "
                       f"{count} to confirm.", f"এটি {bn_digits(count)} জন ঋণগ্রহীতার কাছে যাবে: নিশ্চিত করতে "
                       f"expected_recipients {bn_digits(count)} দিয়ে আবার পাঠান।",
                       [{"field": "expected_recipients", "code": "confirmation_needed", "recipients": count,
                         "message": f"{count} recipients", "message_bn": f"{bn_digits(count)} জন প্রাপক"}])
    description = f"আশ্রয়ণ ঋণগ্রহীতাদের বার্তা — {found.project.name_bn}, {bn_digits(count)} জন"
    asked = body.get("client_request_id")
    if asked:
        job, _ = start_job_once(job_stores, caller, KIND, found.recipients, now, once_key(caller, asked),
                                description=description)
        return job
    return start_job(job_stores, caller, KIND, found.recipients, now, description=description)
