"""The society's representative pays for several borrowers at once: a collection list made by the project's
upazila office (the project's loans with what each owes now, or the lines it names), one bKash payment for the
total, and on credit one ledger entry per loan, in the payment's own transaction (idempotent per payment and
loan). Arrears are never refused; under the project's "refuse_after_deadline" a line for more than its loan has
overdue is (409 overdue_first, naming the loan and the amount; without lines, such a loan's line is what it has
overdue). Money that arrives is recorded whatever the loans' state (flagged when it paid ahead in arrears).
"""
from dataclasses import dataclass

from ..domain.errors import Conflict, Invalid
from ..domain.jurisdiction import Caller
from ..domain.loan_collections import MAX_LINES, MIN_LINE_PAISA, Collection, CollectionLine, entry_id
from ..domain.loan_late import default_amount, flag_arrival, overdue_first, refuses_paying_ahead
from ..domain.loans import LedgerEntry, next_amount_due, state_as_of
from ..domain.money import taka_bn
from ..domain.payments import Payment
from ..observability import logger
from . import payments as payment_core
from .loan_purpose import bucket_after_payment, dhaka_day
from .loans import NO_PROJECT, check_loan_write
from .notify import send_once

PURPOSE = "loan_collection"
NOTHING_DUE = Conflict("nothing_due", "No loan of this list has anything to pay.", "এই তালিকার কোনো ঋণে কিছু বাকি নেই।")


def _invalid(code: str, en: str, bn: str) -> Invalid:
    return Invalid(code, en, bn)


def collection_lines(loans, project, body: dict, today, rules) -> list[CollectionLine]:
    """The lines asked for (each a loan of the project, from Tk 1 to what it has outstanding), or every loan of
    the project with what it owes now."""
    found = {l.id: l for l in loans.project_loans(project) if l.state == "approved"}
    asked = body.get("lines")
    if not asked:
        states = [(l, state_as_of(l, today, rules)) for l in found.values()]
        lines = [(l, default_amount(project, state, next_amount_due(state))) for l, state in states]
        lines = [(l, amount) for l, amount in lines if amount > 0]
    else:
        if not isinstance(asked, list) or not all(isinstance(line, dict) and isinstance(line.get("loan_id"), str)
                                                  for line in asked) \
                or len({line["loan_id"] for line in asked}) != len(asked):
            raise _invalid("invalid_lines", "Name each loan once.", "প্রতিটি ঋণ একবার দিন।")
        lines = []
        for line in asked:
            loan, amount = found.get(line.get("loan_id")), line.get("amount_paisa")
            if loan is None:
                raise _invalid("unknown_loan", "A line names no loan of this project.",
                               "একটি লাইনের ঋণ এই প্রকল্পের নয়।")
            state = state_as_of(loan, today, rules)
            outstanding = state.outstanding_paisa
            if isinstance(amount, bool) or not isinstance(amount, int) or not MIN_LINE_PAISA <= amount <= outstanding:
                raise _invalid("invalid_amount", f"Loan {loan.id}: pay from Tk 1 up to what is outstanding.",
                               f"ঋণ {loan.id}: ১ টাকা থেকে বাকি {taka_bn(outstanding)} পর্যন্ত দেওয়া যায়।")
            if refuses_paying_ahead(project, state, amount):
                raise overdue_first(state, loan.id)
            lines.append((loan, amount))
    if not lines:
        raise NOTHING_DUE
    if len(lines) > MAX_LINES:
        raise _invalid("too_many_lines", f"At most {MAX_LINES} borrowers in one payment.",
                       f"এক পেমেন্টে সর্বোচ্চ {MAX_LINES} জন ঋণগ্রহীতা।")
    lines.sort(key=lambda pair: (pair[0].borrower.barrack_no, pair[0].borrower.room_no, pair[0].id))
    return [CollectionLine(l.id, amount, l.borrower.name_bn) for l, amount in lines]


def start_collection(loans, parts, new_id, caller: Caller, project_id: str, body: dict, now: str, callback_url: str,
                     rules) -> dict:
    from ..domain.phones import normalise_bd_mobile
    project = loans.get_project(project_id)
    if project is None:
        raise NO_PROJECT
    check_loan_write(caller, project.upazila_code)
    try:
        payer = normalise_bd_mobile(body.get("payer_phone") or "")
    except ValueError:
        raise _invalid("invalid_phone", "Give the representative's bKash number, such as 01712345678.",
                       "প্রতিনিধির বিকাশ নম্বর দিন, যেমন ০১৭১২৩৪৫৬৭৮।") from None
    lines = collection_lines(loans, project, body, dhaka_day(now), rules)
    collection = Collection(new_id(), project.id, project.upazila_code, payer, tuple(lines), caller.username, now)
    loans.add_collection(collection, caller.username)
    payment = Payment(id=f"{collection.id}-1", purpose=PURPOSE, purpose_ref=collection.id,
                      amount_paisa=collection.total_paisa, payer_phone=payer, upazila_code=project.upazila_code,
                      society_id=project.society_id or "", created_at=now, item_id=collection.id,
                      item_bn="আশ্রয়ণ ঋণের কিস্তি (প্রতিনিধির সংগ্রহ)", item_en="Asrayon loan instalments (collection)",
                      quantity=len(lines), payee_bn=project.name_bn, payee_en=project.name_en or project.name_bn)
    started, url = payment_core.start(parts, payment, callback_url, now)
    return {"collection_id": collection.id, "project_id": project.id, "payer_phone": payer,
            "total_paisa": collection.total_paisa, "payment_id": started.bkash_payment_id, "bkash_url": url,
            "lines": [{"loan_id": l.loan_id, "amount_paisa": l.amount_paisa, "borrower_name_bn": l.borrower_name_bn}
                      for l in lines]}


@dataclass
class CollectionPurpose:
    """A collection as something a payment pays for."""
    loans: object       # store.loans.Loans
    sms_log: object
    publish: object
    rules: object       # domain.loans.ArrearsRules
    tasks: object = None  # store.tasks.Tasks

    def not_payable(self, collection_id: str) -> str | None:
        return None if self.loans.get_collection(collection_id) else "collection_not_found"

    def credit(self, payment: Payment, now: str):
        """One ledger entry per line, valued when bKash moved the money, each flagged with its loan's days late."""
        collection = self.loans.get_collection(payment.purpose_ref)
        if collection is None:
            raise Conflict("collection_not_found", "No such collection.", "এমন কোনো সংগ্রহ নেই।")
        value_at = payment.executed_at or now
        project = self.loans.get_project(collection.project_id)
        entries = []
        for line in collection.lines:
            loan = self.loans.get_loan(line.loan_id, consistent=True)
            state = state_as_of(loan, dhaka_day(value_at), self.rules) if loan else None
            entry = LedgerEntry(
                id=entry_id(payment.id, line.loan_id), kind="payment", amount_paisa=line.amount_paisa,
                value_at=value_at, recorded_at=now, payment_id=payment.bkash_payment_id or "",
                trx_id=payment.trx_id or "", late_days=state.days_past_due if state else 0)
            entries.append((line.loan_id, flag_arrival(entry, project, state) if state else entry))
        return self.loans.credited_many(entries)

    def completed(self, payment: Payment) -> None:
        try:
            collection = self.loans.get_collection(payment.purpose_ref)
            text = (f"আশ্রয়ণ ঋণ: {len(collection.lines)} জনের কিস্তি {taka_bn(payment.amount_paisa)} পাওয়া গেছে, "
                    f"TrxID {payment.trx_id}।")
            send_once(self.sms_log, self.publish, f"COLLECTION#{collection.id}", f"paid:{payment.id}", "payer",
                      payment.payer_phone, "loan_paid_borrower", text, office_code=collection.upazila_code)
        except Exception:  # noqa: BLE001 - the money is credited; a missing receipt must not undo that
            logger.exception("collection receipt not sent", extra={"attempt": payment.id})
        collection = self.loans.get_collection(payment.purpose_ref)
        for line in collection.lines if collection else ():
            bucket_after_payment(self.loans, self.tasks, line.loan_id, payment, self.rules)

    def settled_without_credit(self, payment: Payment) -> None:
        if payment.state == "needs_review":
            logger.error("collection payment needs review", extra={"attempt": payment.id, "problem": payment.problem})

    def refunded(self, payment: Payment, amount_paisa: int, now: str) -> None:
        # which borrowers a partial refund of a collection takes from is the office's decision: kept for review, then
        # recorded per loan (POST /api/loans/{id}/refunds)
        logger.error("collection refunded: record it against its loans (POST /api/loans/{id}/refunds)",
                     extra={"attempt": payment.id, "refunded_paisa": amount_paisa})

    def result_page(self, payment: Payment) -> str:
        from urllib.parse import quote
        return f"loan.html?collection={quote(payment.purpose_ref)}"  # loan.js tells the representative what follows
