"""A borrower's standing for a new loan, pure.

A borrower is the same person on any loan of the upazila with the same phone or the same NID. They cannot take
a new loan while
- another loan of theirs in the upazila is in arrears above the tolerance (automatic: paying clears it), or
- the upazila loan committee's blacklist or referral for legal action names them: a decision with its reason,
  reference, officer and date, in force from its date until its lift date or until a later decision lifts it.
Decisions are never changed in place: lifting one writes who lifted it, when and why beside it.
"""
from dataclasses import asdict, dataclass
from datetime import date

from .loans import ArrearsRules, Borrower, Loan, LoanState, state_as_of

SANCTION_KINDS = ("blacklist", "legal_referral")


@dataclass(frozen=True)
class Sanction:
    """The loan committee's decision about a borrower (named by a loan of theirs)."""
    id: str
    kind: str                    # one of SANCTION_KINDS
    upazila_code: str
    loan_id: str                 # the loan it was decided on; phone and NID are that loan's borrower's
    phone: str
    nid: str
    borrower_name_bn: str
    reason: str
    decision_ref: str            # the committee's resolution
    decided_on: date
    decided_by: str
    recorded_at: str
    lift_on: date | None = None  # the day it ends by itself, when the decision said so
    lifted_on: date | None = None
    lifted_by: str = ""
    lift_reason: str = ""
    lift_decision_ref: str = ""
    version: int = 1

    def in_force(self, day: date) -> bool:
        ends = [d for d in (self.lift_on, self.lifted_on) if d]
        return self.decided_on <= day and not any(day >= end for end in ends)


def same_borrower(borrower: Borrower, phone: str, nid: str) -> bool:
    return borrower.phone == phone or bool(nid and borrower.nid == nid)


@dataclass(frozen=True)
class Standing:
    """Why a borrower may not take a new loan on a day (nothing: they may)."""
    arrears: tuple[tuple[Loan, LoanState], ...]
    sanctions: tuple[Sanction, ...]

    @property
    def eligible(self) -> bool:
        return not self.arrears and not self.sanctions


def standing(phone: str, nid: str, loans, sanctions, day: date, rules: ArrearsRules = ArrearsRules()) -> Standing:
    """The borrower's arrears on the upazila's `loans` and the `sanctions` in force, as of the end of `day`."""
    theirs = [loan for loan in loans if same_borrower(loan.borrower, phone, nid)]
    arrears = tuple((loan, state) for loan in theirs if (state := state_as_of(loan, day, rules)).in_arrears)
    named = tuple(s for s in sanctions if (s.phone == phone or (nid and s.nid == nid)) and s.in_force(day))
    return Standing(arrears, named)


def sanction_as_dict(sanction: Sanction) -> dict:
    values = asdict(sanction)
    for name in ("decided_on", "lift_on", "lifted_on"):
        values[name] = values[name].isoformat() if values[name] else None
    return values


def sanction_from_dict(values: dict) -> Sanction:
    known = {k: v for k, v in values.items() if k in Sanction.__dataclass_fields__}
    for name in ("decided_on", "lift_on", "lifted_on"):
        known[name] = date.fromisoformat(known[name]) if known.get(name) else None
    known["version"] = int(known.get("version", 1))
    known.setdefault("nid", "")  # the store leaves empty text out
    return Sanction(**known)
