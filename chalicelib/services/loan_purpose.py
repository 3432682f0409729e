"""A loan instalment as a payment purpose: the borrower pays from the SMS link, through the payment core.

- pay: the phone must be the borrower's (else the same 404 as for no loan: nothing is revealed); the
  amount is what is due now (everything past due and the next instalment) unless the borrower names one;
- credit: one ledger entry per payment (store/loans: a conditional put under the payment's id, in the
  payment's own transaction), valued at bKash's execution time; the ledger applies it oldest instalment
  first when the loan is read. Whatever arrives twice (callback, IPN, reconciler) credits once; two credits
  of one loan at the same moment only collide, and are tried again (store/transactions), never flagged;
- late policy (the project's, domain/loan_late.py): money that arrives is always recorded. A payment made
  after a due date it covers is credited, its ledger entry flagged with its days late (`late_days`), logged
  and counted (LoanPaymentsLate). Under "refuse_after_deadline" a borrower in arrears may pay what is overdue
  or less, never more (409 overdue_first, naming the overdue amount; with no amount given, the checkout asks
  for the overdue amount); money of an earlier checkout that arrives anyway is recorded and flagged
  (`flag` paid_ahead_in_arrears, counted LoanPaymentsPaidAheadInArrears);
- completed: a receipt SMS to the borrower (services/sms_sender, at most once per payment), and the loan's
  bucket change the payment made recorded with the day it was paid (services/loan_buckets).
"""
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote

from ..domain.calendar import DHAKA
from ..domain.errors import Conflict, Invalid, NotFound
from ..domain.loan_late import default_amount, flag_arrival, overdue_first, refuses_paying_ahead
from ..domain.loans import LedgerEntry, Loan, next_amount_due, state_as_of
from ..domain.money import taka_bn, taka_en
from ..domain.payments import Payment
from ..observability import count, logger
from . import payments as payment_core
from .loan_buckets import follow_bucket
from .notify import send_once

PURPOSE = "loan_instalment"
MIN_PAISA = 100  # bKash takes at least 1 Taka
NO_LOAN = NotFound("loan_not_found", "No loan with this number and phone.", "এই নম্বর ও মোবাইলে কোনো ঋণ নেই।")
SETTLED = Conflict("loan_settled", "Nothing is due on this loan.", "এই ঋণে পরিশোধের কিছু বাকি নেই।")
IN_PROGRESS = Conflict("payment_in_progress", "A payment of this loan is being completed; check again in a minute.",
                       "এই ঋণের একটি পেমেন্ট সম্পন্ন হচ্ছে; এক মিনিট পরে আবার দেখুন।")


def dhaka_day(instant: str) -> date:
    return datetime.fromisoformat(instant).astimezone(DHAKA).date()


def bucket_after_payment(loans, tasks, loan_id: str, payment: Payment, rules) -> None:
    """The loan's bucket change the payment made, recorded with the day it was paid (services/loan_buckets)."""
    try:
        loan = loans.get_loan(loan_id, consistent=True)
        if loan is not None:
            paid_on = dhaka_day(payment.executed_at or payment.completed_at)
            follow_bucket(loans, tasks, loan, state_as_of(loan, paid_on, rules), rules, by_payment=True)
    except Exception:  # noqa: BLE001 - the money is credited; the scan records the change if this did not
        logger.exception("loan bucket not recorded after payment", extra={"loan": loan_id, "attempt": payment.id})


def borrowers_loan(loans, loan_id: str, phone) -> Loan:
    """The loan, if `phone` is its borrower's; the same 404 whether the loan or the phone is wrong."""
    from ..domain.phones import normalise_bd_mobile
    loan = loans.get_loan(loan_id, consistent=True) if loan_id else None
    try:
        same = (loan is not None and loan.state == "approved"  # a draft (imported, not approved) takes no money
                and isinstance(phone, str) and normalise_bd_mobile(phone) == loan.borrower.phone)
    except ValueError:
        same = False
    if not same:
        raise NO_LOAN
    return loan


def loan_payment(loan: Loan, project, amount_paisa: int, attempt: int, now: str) -> Payment:
    """The payment attempt: its amount, the borrower as payer, the project's office, how deposits describe it."""
    payee = project.name_bn if project else ""
    return Payment(id=f"{loan.id}-{attempt}", purpose=PURPOSE, purpose_ref=loan.id, amount_paisa=amount_paisa,
                   payer_phone=loan.borrower.phone, upazila_code=loan.upazila_code,
                   society_id=(project.society_id if project else None) or "", created_at=now, item_id=loan.id,
                   item_bn="আশ্রয়ণ ঋণের কিস্তি", item_en="Asrayon loan instalment", payee_bn=payee,
                   payee_en=(project.name_en if project else "") or payee)


def pay(loans, parts, loan_id: str, body: dict, now: str, callback_url: str, rules) -> dict:
    """Start a bKash payment of a loan's instalment(s) by its borrower."""
    loan = borrowers_loan(loans, loan_id, body.get("phone"))
    state = state_as_of(loan, dhaka_day(now), rules)
    project = loans.get_project(loan.project_id)
    amount = body.get("amount_paisa")
    if amount is None:
        amount = default_amount(project, state, next_amount_due(state) or state.outstanding_paisa)
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise Invalid("invalid_amount", "amount_paisa must be a whole number of paisa.",
                      "টাকার পরিমাণ পয়সায় পূর্ণসংখ্যা দিন।")
    if state.outstanding_paisa <= 0:
        raise SETTLED
    if not MIN_PAISA <= amount <= state.outstanding_paisa:
        raise Invalid("invalid_amount", f"Pay from Tk 1 up to what is outstanding ({taka_en(state.outstanding_paisa)}).",
                      f"১ টাকা থেকে বাকি {taka_bn(state.outstanding_paisa)} পর্যন্ত পরিশোধ করা যায়।")
    if refuses_paying_ahead(project, state, amount):
        raise overdue_first(state)
    earlier = parts.payments.for_purpose(PURPOSE, loan.id)
    if any(p.state == "executing" for p in earlier):
        raise IN_PROGRESS
    payment = loan_payment(loan, project, amount, len(earlier) + 1, now)
    started, url = payment_core.start(parts, payment, callback_url, now)
    return {"payment_id": started.bkash_payment_id, "bkash_url": url, "amount_paisa": amount}


def borrower_view(loans, payments, loan_id: str, phone, today: date, rules) -> dict:
    """The loan as its borrower sees it (they proved the phone): what is due (what a checkout without an amount
    asks for), the schedule, their payments."""
    loan = borrowers_loan(loans, loan_id, phone)
    state = state_as_of(loan, today, rules)
    attempts = sorted(payments.for_purpose(PURPOSE, loan.id), key=lambda p: p.created_at, reverse=True)
    due_now = default_amount(loans.get_project(loan.project_id), state, next_amount_due(state))
    return {
        "loan_id": loan.id, "as_of": today.isoformat(), "amount_due_paisa": due_now,
        "late_charges_unpaid_paisa": state.late_charges_unpaid_paisa,
        "next_due_on": state.next_due_on.isoformat() if state.next_due_on else None,
        "paid_paisa": state.paid_paisa, "outstanding_paisa": state.outstanding_paisa,
        "overdue_paisa": state.overdue_paisa, "days_past_due": state.days_past_due,
        "schedule": [{"no": i.no, "due_on": i.due_on.isoformat(), "amount_paisa": i.amount_paisa,
                      "paid_paisa": i.paid_paisa, "status": i.status} for i in state.instalments],
        "payments": [{"payment_id": p.bkash_payment_id, "state": p.state, "amount_paisa": p.amount_paisa,
                      "trx_id": p.trx_id, "executed_at": p.executed_at, "created_at": p.created_at}
                     for p in attempts[:10]],
    }


@dataclass
class LoanPurpose:
    """A loan as something a payment pays for."""
    loans: object       # store.loans.Loans
    sms_log: object
    publish: object
    rules: object       # domain.loans.ArrearsRules
    tasks: object = None  # store.tasks.Tasks: a loan the payment finds entering 90+ (the scan had not seen it)

    def not_payable(self, loan_id: str) -> str | None:
        return None if self.loans.get_loan(loan_id) else "loan_not_found"  # arrears are never refused

    def credit(self, payment: Payment, now: str):
        """The ledger entry, valued when bKash moved the money; one paid after a due date it covers is
        flagged with its days late (late policy "accept and flag": money that arrives is always taken)."""
        value_at = payment.executed_at or now
        loan = self.loans.get_loan(payment.purpose_ref, consistent=True)
        state = state_as_of(loan, dhaka_day(value_at), self.rules) if loan else None
        entry = LedgerEntry(id=payment.id, kind="payment", amount_paisa=payment.amount_paisa, value_at=value_at,
                            recorded_at=now, payment_id=payment.bkash_payment_id or "", trx_id=payment.trx_id or "",
                            late_days=state.days_past_due if state else 0)
        if state is not None:
            entry = flag_arrival(entry, self.loans.get_project(loan.project_id), state)
        return self.loans.credited(payment.purpose_ref, entry)  # no such loan: its step fails, the money is kept

    def completed(self, payment: Payment) -> None:
        try:
            loan = self.loans.get_loan(payment.purpose_ref, consistent=True)
            paid_on = dhaka_day(payment.executed_at or payment.completed_at)
            entry = next((e for e in loan.ledger if e.id == payment.id), None)
            if entry and entry.flag:
                count("LoanPaymentsPaidAheadInArrears")
                logger.warning("loan payment for more than was overdue recorded and flagged",
                               extra={"loan": loan.id, "attempt": payment.id, "flag": entry.flag})
            if entry and entry.late_days:
                count("LoanPaymentsLate")
                logger.warning("late loan payment credited", extra={"loan": loan.id, "attempt": payment.id,
                                                                    "days_late": entry.late_days})
            left = state_as_of(loan, paid_on, self.rules).outstanding_paisa
            text = (f"আশ্রয়ণ ঋণ: {taka_bn(payment.amount_paisa)} পাওয়া গেছে, TrxID {payment.trx_id}। "
                    f"বাকি {taka_bn(left)}।")
            send_once(self.sms_log, self.publish, f"LOAN#{loan.id}", f"paid:{payment.id}", "borrower",
                      loan.borrower.phone, "loan_paid_borrower", text, office_code=loan.upazila_code)
        except Exception:  # noqa: BLE001 - the money is credited; a missing receipt must not undo that
            logger.exception("loan receipt not sent", extra={"attempt": payment.id})
        bucket_after_payment(self.loans, self.tasks, payment.purpose_ref, payment, self.rules)

    def settled_without_credit(self, payment: Payment) -> None:
        if payment.state == "needs_review":
            logger.error("loan payment needs review", extra={"attempt": payment.id, "problem": payment.problem})

    def refunded(self, payment: Payment, amount_paisa: int, now: str) -> None:
        """Money sent back (an overpayment): an entry that takes it out of the ledger, once per refund."""
        refund_trx = payment.refund_trx_ids[-1] if payment.refund_trx_ids else now
        entry = LedgerEntry(id=f"{payment.id}-refund-{refund_trx}", kind="refund", amount_paisa=amount_paisa,
                            value_at=now, recorded_at=now, payment_id=payment.bkash_payment_id or "",
                            trx_id=refund_trx)
        self.loans.credit(payment.purpose_ref, entry, payment_core.SYSTEM)

    def result_page(self, payment: Payment) -> str:
        return f"loan.html?loan={quote(payment.purpose_ref)}"
