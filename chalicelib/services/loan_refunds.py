"""Overpayments (issue 19 §2): the refund list of an area, and the upazila office's record of a refund it made.

Plain functions taking the store they use (`loans`: store/loans.Loans). Every office whose area holds a loan's
upazila reads the list; only the project's upazila office records a refund (audited, appended, never edited).
"""
from dataclasses import replace
from datetime import date

from ..config import settings
from ..domain.errors import Conflict
from ..domain.jurisdiction import Caller
from ..domain.loan_refunds import REFUND_RECORDED, refund_entry, refund_lines
from ..domain.loans import Loan, LoanState, state_as_of, with_entry
from ..domain.spreadsheet import csv_text
from ..domain.validation import validated
from .loans import NO_LOAN, check_loan_write
from .registry import readable_area

CHANGED = Conflict("loan_changed", "The loan changed meanwhile; read it again and retry.",
                   "ঋণটি এর মধ্যে পরিবর্তিত হয়েছে; আবার দেখে চেষ্টা করুন।")


def area_refunds(loans, caller: Caller, area_code: str | None, today: date, cursor: str | None = None) -> dict:
    """The loans of an area holding money beyond what they owe today, the most first, among the next page of the
    area's loans (settings' loan_area_page_loans from `cursor`, as the defaulter list): next_cursor (None on the
    last page) reads on."""
    code = readable_area(caller, area_code)
    rules = settings().arrears_rules()
    projects = {p.id: p for p in loans.projects_in_area(code)}
    area_loans, next_cursor = loans.area_loan_page(code, cursor, settings().loan_area_page_loans)
    lines = refund_lines(((loan, state_as_of(loan, today, rules)) for loan in area_loans), projects)
    items = [{"loan_id": line.loan.id, "overpaid_paisa": line.state.overpaid_paisa,
              "refunded_paisa": line.refunded_paisa, "paid_paisa": line.state.paid_paisa,
              "borrower_name_bn": line.loan.borrower.name_bn, "guardian_name_bn": line.loan.borrower.guardian_name_bn,
              "barrack_no": line.loan.borrower.barrack_no, "room_no": line.loan.borrower.room_no,
              "phone": line.loan.borrower.phone, "project_id": line.loan.project_id,
              "project_name_bn": line.project.name_bn if line.project else "", "upazila_code": line.loan.upazila_code}
             for line in lines]
    return {"area_code": code, "as_of": today.isoformat(), "items": items, "count": len(items),
            "total_overpaid_paisa": sum(i["overpaid_paisa"] for i in items), "loans": len(area_loans),
            "next_cursor": next_cursor}


def record_refund(loans, caller: Caller, loan_id: str, body: dict, today: date, now: str) -> tuple[Loan, LoanState]:
    """A refund the project's upazila office made of a loan's overpayment, appended to its ledger; the loan as of
    today."""
    from ..domain.loan_refund_input import RefundInput
    loan = loans.get_loan(loan_id, consistent=True)
    if loan is None:
        raise NO_LOAN
    check_loan_write(caller, loan.upazila_code)
    valid = validated(RefundInput, body, {"today": today})  # after the checks: no loan is 404 whatever was sent
    rules = settings().arrears_rules()
    entry = refund_entry(loan, state_as_of(loan, today, rules), state_as_of(loan, valid.refunded_on, rules),
                         valid.reference, valid.refunded_on, valid.amount_paisa, now)
    loans.add_refund(loan, entry, caller.username, CHANGED, REFUND_RECORDED)
    after = replace(with_entry(loan, entry), version=loan.version + 1)
    return after, state_as_of(after, today, rules)


COLUMNS = (
    ("loan_id", "ঋণ / Loan"), ("borrower_name_bn", "ঋণগ্রহীতা / Borrower"),
    ("guardian_name_bn", "পিতা/স্বামীর নাম / Father's or husband's name"), ("barrack_no", "ব্যারাক / Barrack"),
    ("room_no", "কক্ষ / Room"), ("phone", "মোবাইল / Mobile"), ("project_name_bn", "প্রকল্প / Project"),
    ("upazila_code", "উপজেলা / Upazila"), ("paid_paisa", "পরিশোধিত (পয়সা) / Paid (paisa)"),
    ("refunded_paisa", "ফেরত দেওয়া (পয়সা) / Refunded (paisa)"),
    ("overpaid_paisa", "ফেরতযোগ্য (পয়সা) / To refund (paisa)"))


def refunds_csv(found: dict) -> str:
    rows = [[item.get(name, "") for name, _ in COLUMNS] for item in found["items"]]
    total = ["মোট / Total"] + [""] * (len(COLUMNS) - 2) + [found["total_overpaid_paisa"]]
    more = [["আরও আছে: পরের পাতা / More: the next page, cursor=", found["next_cursor"]]] \
        if found.get("next_cursor") else []  # a page of a large area's list, never taken for the whole
    return csv_text([label for _, label in COLUMNS], rows + [total] + more)
