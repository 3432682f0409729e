"""The decision letter of a budget file (issue 20 §4): what the deciding office writes to the society once
it has approved, approved with changes or rejected the file, with a reference number.

The reference number is made of what never changes once the file is decided — the deciding office, the
financial year and the file's own id — so every reading gives the same number and no two files share one.
"""
from datetime import date, datetime, timedelta

from . import geography
from .bangla import bn_digits
from .budget import HEADS, Budget, total_paisa
from .errors import Conflict
from .money import taka_bn

FINAL = ("approved", "approved_with_changes", "rejected")
HEAD_BN = {h.code: h.name_bn for h in HEADS}
HEAD_EN = {h.code: h.name_en for h in HEADS}
DHAKA = timedelta(hours=6)
NOT_DECIDED = Conflict("letter_not_ready", "The decision letter is written once the file is approved, approved "
                       "with changes or rejected.", "নথিটি অনুমোদন, সংশোধনসহ অনুমোদন বা নামঞ্জুর হলে তবেই "
                       "সিদ্ধান্তপত্র তৈরি হয়।")
DECISION_BN = {"approved": "অনুমোদন করা হলো", "approved_with_changes": "নিম্নোক্ত সংশোধনসহ অনুমোদন করা হলো",
               "rejected": "নামঞ্জুর করা হলো"}


def dhaka_date(at: str) -> date:
    """The Asia/Dhaka calendar date of a movement's UTC timestamp."""
    return (datetime.fromisoformat(at.replace("Z", "+00:00")) + DHAKA).date()


def office_name(code: str) -> tuple[str, str]:
    """The office an area code stands for, in Bengali and English."""
    found = geography.area(code) or {"name_bn": code, "name_en": code}
    if len(code) == 2:
        return (f"বিভাগীয় সমবায় দপ্তর, {found['name_bn']}", f"Divisional Cooperative Office, {found['name_en']}")
    if len(code) == 4:
        return (f"জেলা সমবায় কার্যালয়, {found['name_bn']}", f"District Cooperative Office, {found['name_en']}")
    return (f"উপজেলা সমবায় কার্যালয়, {found['name_bn']}", f"Upazila Cooperative Office, {found['name_en']}")


def reference_no(b: Budget, office_code: str) -> tuple[str, str]:
    """The letter's reference number, and the same with the office and year in Bengali digits (the file's id,
    hex, stays as it is: Bengali digits among Latin letters would read as neither)."""
    file_no = b.id.removeprefix("bud-").upper()
    return (f"SMB-BUD-{office_code}-{b.financial_year}-{file_no}",
            f"SMB-BUD-{bn_digits(office_code)}-{bn_digits(b.financial_year)}-{file_no}")


def decision_movement(b: Budget) -> dict:
    return next(m for m in reversed(b.movements) if m["action"] == b.state)


def letter(b: Budget) -> dict:
    """The letter's content; 409 letter_not_ready before a final decision."""
    if b.state not in FINAL:
        raise NOT_DECIDED
    decision = decision_movement(b)
    office = decision["office_code"]
    ref, ref_bn = reference_no(b, office)
    approved = {i.head: i.amount_paisa for i in b.approved_items} if b.state == "approved_with_changes" else None
    rows = []
    for i in b.items:
        allowed = 0 if b.state == "rejected" else approved.get(i.head, i.amount_paisa) if approved else i.amount_paisa
        rows.append({"head": i.head, "head_bn": HEAD_BN[i.head], "head_en": HEAD_EN[i.head],
                     "asked_paisa": i.amount_paisa, "approved_paisa": allowed, "justification": i.justification})
    approved_total = sum(r["approved_paisa"] for r in rows)
    office_bn, office_en = office_name(office)
    copies = [b.upazila_code, *b.copied_office_codes]
    kind_bn = "ব্যয়ভোর মঞ্জুরী" if b.kind == "post_facto" else "বাজেট ব্যয় বিবরণী"
    year_bn = bn_digits(b.financial_year)
    body_bn = (f"{b.society_name_bn}-এর {year_bn} অর্থবছরের {kind_bn} (মোট {taka_bn(total_paisa(b.items))}) "
               f"যথাযথ বিবেচনায় {DECISION_BN[b.state]}।")
    if b.state != "rejected":
        body_bn += f" অনুমোদিত মোট ব্যয়: {taka_bn(approved_total)}।"
    return {
        "budget_id": b.id, "reference_no": ref, "reference_no_bn": ref_bn, "memo_no": decision.get("memo_no"),
        "issued_on": dhaka_date(decision["at"]).isoformat(), "decision": b.state,
        "office_code": office, "office_name_bn": office_bn, "office_name_en": office_en,
        "society_id": b.society_id, "society_name_bn": b.society_name_bn, "financial_year": b.financial_year,
        "kind": b.kind, "subject_bn": f"{b.society_name_bn}-এর {year_bn} অর্থবছরের {kind_bn} প্রসঙ্গে।",
        "body_bn": body_bn, "reason": b.decision_reason, "items": rows,
        "asked_total_paisa": total_paisa(b.items), "approved_total_paisa": approved_total,
        "resolution_on": b.resolution_on, "decided_by": decision["by"],
        "copies": [{"office_code": c, "name_bn": office_name(c)[0], "name_en": office_name(c)[1]} for c in copies],
    }
