"""A borrower's standing: the automatic refusal of a new loan to a borrower in arrears, and the upazila loan
committee's blacklist and legal-action referrals (recorded and lifted by the project's upazila office, audited).

`loans`: store/loans.Loans. Only the upazila office of the loan's upazila records or lifts a decision; every
office whose area holds the upazila reads them.
"""
from dataclasses import replace
from datetime import date

from ..config import settings
from ..domain.errors import Conflict, NotFound
from ..domain.jurisdiction import Caller
from ..domain.loan_standing import Sanction, Standing, sanction_as_dict, standing
from ..domain.loans import Borrower
from ..domain.validation import validated
from .loans import NO_LOAN, check_loan_write
from .registry import readable_area

NO_SANCTION = NotFound("sanction_not_found", "No such decision.", "এমন কোনো সিদ্ধান্ত নেই।")
LIFTED = Conflict("sanction_lifted", "This decision has already been lifted.", "এই সিদ্ধান্ত আগেই প্রত্যাহার করা হয়েছে।")
KIND_BN = {"blacklist": "কালো তালিকাভুক্ত", "legal_referral": "আইনগত ব্যবস্থার জন্য প্রেরিত"}


def _their_loans(loans, upazila_code: str, borrowers) -> list:
    """The upazila's approved loans of any of these borrowers (same phone or NID), looked up by phone and NID
    (store/loans.borrower_loans): what it reads is the borrowers' own loans, whatever the upazila's size."""
    found = {}
    for phone, nid in {(b.phone, b.nid or "") for b in borrowers}:
        found.update((loan.id, loan) for loan in loans.borrower_loans(upazila_code, phone, nid))
    return list(found.values())


def borrower_standing(loans, upazila_code: str, borrower: Borrower, day: date) -> Standing:
    return standing(borrower.phone, borrower.nid, _their_loans(loans, upazila_code, [borrower]),
                    loans.sanctions_in_area(upazila_code), day, settings().arrears_rules())


def check_eligible(loans, upazila_code: str, borrower: Borrower, day: date) -> None:
    """409 borrower_ineligible when the borrower (same phone or NID) has a loan of the upazila in arrears at the
    end of `day`, or a blacklist or legal referral in force; details name each loan and decision."""
    found = borrower_standing(loans, upazila_code, borrower, day)
    if not found.eligible:
        raise _ineligible(found)


def check_list_eligible(loans, upazila_code: str, drafts) -> None:
    """The same for every draft of a list about to be approved (each as of its loan date): 409 borrower_ineligible,
    its details naming each draft (draft_loan_id) with what stands against its borrower."""
    approved = _their_loans(loans, upazila_code, [draft.borrower for draft in drafts])
    sanctions = loans.sanctions_in_area(upazila_code)
    rules = settings().arrears_rules()
    details = []
    for draft in drafts:
        found = standing(draft.borrower.phone, draft.borrower.nid, approved, sanctions, draft.loan_date, rules)
        if not found.eligible:
            details += [{**line, "draft_loan_id": draft.id} for line in _ineligible(found).details]
    if details:
        raise _ineligible(Standing((), ()), details)


def _ineligible(found: Standing, details: list | None = None) -> Conflict:
    if details is None:
        details = [{"loan_id": loan.id, "code": "loan_in_arrears", "overdue_paisa": state.overdue_paisa,
                    "days_past_due": state.days_past_due,
                    "message": f"Loan {loan.id} is {state.days_past_due} days past due.",
                    "message_bn": f"ঋণ {loan.id} {state.days_past_due} দিন মেয়াদোত্তীর্ণ।"}
                   for loan, state in found.arrears]
        details += [{"sanction_id": s.id, "code": s.kind, "decision_ref": s.decision_ref,
                     "message": f"{s.kind.replace('_', ' ').capitalize()} by decision {s.decision_ref} of "
                                f"{s.decided_on}.",
                     "message_bn": f"{KIND_BN[s.kind]} (সিদ্ধান্ত {s.decision_ref}, {s.decided_on})।"}
                    for s in found.sanctions]
    return Conflict("borrower_ineligible",
                    "This borrower cannot take a new loan: another loan of theirs in this upazila is in arrears, or "
                    "the loan committee has blacklisted them or referred them for legal action.",
                    "এই ঋণগ্রহীতা নতুন ঋণ পাবেন না: এই উপজেলায় তাঁর অন্য ঋণের কিস্তি বকেয়া, অথবা ঋণ কমিটি তাঁকে কালো "
                    "তালিকাভুক্ত করেছে বা আইনগত ব্যবস্থার জন্য পাঠিয়েছে।", details)


def record_sanction(loans, new_id, caller: Caller, body: dict, today: date, now: str) -> Sanction:
    from ..domain.loan_standing_input import SanctionInput
    valid = validated(SanctionInput, body, {"today": today})
    loan = loans.get_loan(valid.loan_id)
    if loan is None:
        raise NO_LOAN
    check_loan_write(caller, loan.upazila_code)
    sanction = Sanction(id=new_id(), kind=valid.kind, upazila_code=loan.upazila_code, loan_id=loan.id,
                        phone=loan.borrower.phone, nid=loan.borrower.nid, borrower_name_bn=loan.borrower.name_bn,
                        reason=valid.reason, decision_ref=valid.decision_ref, decided_on=valid.decided_on,
                        decided_by=caller.username, recorded_at=now, lift_on=valid.lift_on)
    loans.add_sanction(sanction, caller.username)
    return sanction


def lift_sanction(loans, caller: Caller, sanction_id: str, body: dict, today: date) -> Sanction:
    from ..domain.loan_standing_input import SanctionLiftInput
    valid = validated(SanctionLiftInput, body, {"today": today})
    before = loans.get_sanction(sanction_id)
    if before is None:
        raise NO_SANCTION
    check_loan_write(caller, before.upazila_code)
    if before.lifted_on:
        raise LIFTED
    after = replace(before, lifted_on=max(valid.lifted_on, before.decided_on), lifted_by=caller.username,
                    lift_reason=valid.reason, lift_decision_ref=valid.decision_ref, version=before.version + 1)
    loans.lift_sanction(before, after, caller.username, LIFTED)
    return after


def area_sanctions(loans, caller: Caller, area_code: str | None, today: date) -> dict:
    code = readable_area(caller, area_code)
    found = sorted(loans.sanctions_in_area(code), key=lambda s: (s.decided_on, s.id), reverse=True)
    return {"area_code": code, "items": [sanction_view(s, today) for s in found]}


def sanction_view(sanction: Sanction, today: date) -> dict:
    return {**sanction_as_dict(sanction), "in_force": sanction.in_force(today)}
