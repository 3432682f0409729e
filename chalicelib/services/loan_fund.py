"""A project's fund and bank account: deposits, service charge remitted and allocations the project's upazila office
records (audited, appended, never edited), read by every office whose area holds the project."""
from datetime import date

from ..domain.errors import Conflict
from ..domain.jurisdiction import Caller
from ..domain.loan_fund import FundRecord, fund_record_as_dict, fund_totals
from ..domain.validation import validated
from .loans import NO_PROJECT, check_loan_write, readable_project

REFERENCE_RECORDED = Conflict(
    "reference_recorded", "A record of this kind with this reference is already there, with other figures.",
    "এই ধরনের এই রেফারেন্সের একটি রেকর্ড আগেই আছে, ভিন্ন অঙ্কে।")


def record_fund(loans, caller: Caller, project_id: str, body: dict, today: date, now: str) -> tuple[dict, bool]:
    """The record, and whether it is new: the same kind and reference sent again is the record already there (the
    same figures) or 409 reference_recorded."""
    from ..domain.loan_fund_input import FundRecordInput  # pydantic loads only when something is written
    project = loans.get_project(project_id)
    if project is None:
        raise NO_PROJECT
    check_loan_write(caller, project.upazila_code)
    valid = validated(FundRecordInput, body, {"today": today})
    record = FundRecord(project.id, project.upazila_code, valid.kind, valid.on, valid.amount_paisa, valid.reference,
                        now, caller.username, valid.note)
    if loans.add_fund_record(record, caller.username):
        return fund_record_as_dict(record), True
    there = loans.get_fund_record(project.id, record.kind, record.reference)
    if there is None or not there.same_as(record):
        raise REFERENCE_RECORDED
    return fund_record_as_dict(there), False


def project_fund(loans, caller: Caller, project_id: str) -> dict:
    project = readable_project(loans, caller, project_id)
    records = sorted(loans.project_fund_records(project.id), key=lambda r: (r.on, r.recorded_at, r.reference))
    return {"project_id": project.id, "items": [fund_record_as_dict(r) for r in records],
            **fund_totals(records)}
