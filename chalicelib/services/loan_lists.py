"""A project's borrower list: imported by its upazila office as drafts, then approved (locked).

Like the societies' import (services/society_import.py): a dry run checks every row and writes nothing; a real
run writes nothing unless every row is valid; the same file again adds nothing (a loan is known on its list by
the borrower's barrack, room and loan date: the same details are "unchanged", other details a row error).
Approval puts every draft of the project on its approved list at once: reminders, arrears, the defaulter list
and payments see only approved loans, and an approved loan changes only through a correction request.
"""
from dataclasses import replace
from datetime import date

from ..domain.bangla import bn_digits
from ..domain.errors import Conflict, Invalid
from ..domain.jurisdiction import Caller
from ..domain.loan_import import LOAN_SHEET, EXAMPLE_ROW, BadAmount, column_of, list_key, loan_body, same_terms
from ..domain.loans import Borrower, Loan
from ..domain.validation import validated
from .loans import NO_PROJECT, check_loan_write
from .society_import import parsed_file

MAX_ROWS = 1000  # far above a project's barracks; checked and written well within one request's 29 s
NO_DRAFTS = Conflict("no_draft_loans", "This project has no imported loans waiting for approval.",
                     "এই প্রকল্পে অনুমোদনের অপেক্ষায় কোনো আমদানি করা ঋণ নেই।")


def template_csv() -> str:
    return LOAN_SHEET.template_csv(EXAMPLE_ROW)


def _row_error(row: int, field: str | None, en: str, bn: str) -> dict:
    return {"row": row, "field": field, "message": en, "message_bn": bn}


def _writable_project(loans, caller: Caller, project_id: str):
    project = loans.get_project(project_id)
    if project is None:
        raise NO_PROJECT
    check_loan_write(caller, project.upazila_code)
    return project


def _draft(body: dict, caller: Caller, project, today: date, now: str) -> Loan:
    from ..domain.loan_input import LoanInput  # pydantic loads only when something is written
    valid = validated(LoanInput, body, {"today": today})
    return Loan(id="", upazila_code=project.upazila_code, borrower=Borrower(**valid.borrower.model_dump()),
                created_at=now, created_by=caller.username, state="draft",
                **valid.model_dump(exclude={"borrower"}))


def check_rows(rows, existing: list[Loan], caller: Caller, project, today: date, now: str):
    """(new draft loans, unchanged count, row errors) for one file's parsed rows against the project's list."""
    on_list = {list_key(loan): loan for loan in existing}
    errors, fresh, seen, unchanged = [], [], {}, 0
    for number, row in rows:
        if row == {k: v for k, v in EXAMPLE_ROW.items() if v}:
            errors.append(_row_error(number, None, "This is the template's example row; delete it.",
                                     "এটি টেমপ্লেটের উদাহরণ সারি; মুছে ফেলুন।"))
            continue
        try:
            loan = _draft(loan_body(row, project.id), caller, project, today, now)
        except BadAmount as bad:
            errors.append(_row_error(number, bad.column, "Give the amount in Taka, e.g. 15000 or 15,000.50.",
                                     "টাকার পরিমাণ লিখুন, যেমন ১৫০০০ অথবা ১৫,০০০.৫০।"))
            continue
        except Invalid as exc:
            errors += [_row_error(number, column_of(d.get("field")), d["message"], d["message_bn"])
                       for d in exc.details or [{"field": None, "message": exc.message_en,
                                                 "message_bn": exc.message_bn}]]
            continue
        key = list_key(loan)
        if key in seen:
            errors.append(_row_error(number, "room_no", f"Same barrack, room and loan date as row {seen[key]}.",
                                     f"{bn_digits(seen[key])} নম্বর সারির সাথে একই ব্যারাক, কক্ষ ও ঋণের তারিখ।"))
            continue
        seen[key] = number
        found = on_list.get(key)
        if found is None:
            fresh.append(loan)
        elif same_terms(found, loan):
            unchanged += 1
        else:
            errors.append(_row_error(number, "room_no", "This room already has a loan of this date with other "
                                                        "details; an approved loan is changed by a correction request.",
                                     "এই কক্ষে এই তারিখের ঋণ অন্য তথ্যসহ আগেই আছে; অনুমোদিত ঋণ সংশোধন অনুরোধে "
                                     "পরিবর্তন করা হয়।"))
    return fresh, unchanged, errors


def import_list(loans, new_id, caller: Caller, project_id: str, data: bytes, content_type: str | None,
                dry_run: bool, today: date, now: str) -> dict:
    """Check every row; unless it is a dry run or a row is wrong, add the new rows as draft loans."""
    project = _writable_project(loans, caller, project_id)
    parsed = parsed_file(data, content_type, layout=LOAN_SHEET)
    if len(parsed.rows) > MAX_ROWS:
        raise Invalid("too_many_rows", f"A list of more than {MAX_ROWS:,} borrowers: split it into smaller files.",
                      f"{bn_digits(f'{MAX_ROWS:,}')} জনের বেশি ঋণগ্রহীতার তালিকা ছোট ফাইলে ভাগ করুন।")
    fresh, unchanged, errors = check_rows(parsed.rows, loans.project_loans(project), caller, project, today, now)
    errors = sorted(parsed.errors + errors, key=lambda e: e["row"] or 0)
    result = {"rows": len(parsed.rows), "valid": len(parsed.rows) - len({e["row"] for e in errors}),
              "errors": errors, "created": 0, "unchanged": unchanged, "dry_run": dry_run}
    if dry_run or errors:
        return result
    written = loans.add_drafts([replace(loan, id=new_id()) for loan in fresh], caller.username)
    return {**result, "created": written, "unchanged": unchanged + len(fresh) - written}


def _expected_loans(body: dict) -> int:
    value = body.get("expected_loans") if isinstance(body, dict) else None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        en, bn = "Give how many draft loans you reviewed (a whole number from 1).", "কয়টি খসড়া ঋণ দেখেছেন তা লিখুন।"
        raise Invalid("invalid_input", en, bn, [{"field": "expected_loans", "code": "invalid_expected_loans",
                                                 "message": en, "message_bn": bn}])
    return value


def _reviewed_drafts(loans, caller: Caller, project_id: str, body: dict):
    """The project and its draft loans, if they are as many as body's expected_loans (how many the office
    reviewed; 409 when the list changed since)."""
    expected = _expected_loans(body)
    project = _writable_project(loans, caller, project_id)
    drafts = sorted((loan for loan in loans.project_loans(project) if loan.state == "draft"), key=lambda l: l.id)
    if not drafts:
        raise NO_DRAFTS
    if len(drafts) != expected:
        raise Conflict("draft_list_changed",
                       f"The list has {len(drafts)} loans waiting for approval, not {expected}; read it again.",
                       f"অনুমোদনের অপেক্ষায় {bn_digits(len(drafts))}টি ঋণ আছে, {bn_digits(expected)}টি নয়; "
                       "তালিকাটি আবার দেখুন।")
    return project, drafts


def discard_drafts(loans, caller: Caller, project_id: str, body: dict) -> dict:
    """Every draft loan of the project removed (audited), so a corrected file can be imported in its place."""
    project, drafts = _reviewed_drafts(loans, caller, project_id, body)
    loans.discard(drafts, caller.username)
    return {"project_id": project.id, "discarded": len(drafts)}


def approve_list(loans, caller: Caller, project_id: str, body: dict, now: str) -> dict:
    """Every draft loan of the project approved, as many as the office reviewed."""
    project, drafts = _reviewed_drafts(loans, caller, project_id, body)
    from .loan_standing import check_list_eligible
    check_list_eligible(loans, project.upazila_code, drafts)  # 409 borrower_ineligible, as POST /api/loans
    approved = [replace(loan, state="approved", approved_at=now, approved_by=caller.username,
                        version=loan.version + 1) for loan in drafts]
    loans.approve(drafts, approved, caller.username)
    return {"project_id": project.id, "approved": len(approved), "approved_at": now, "approved_by": caller.username}
