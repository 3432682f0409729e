"""Nationwide import: an upazila office loads its register from a CSV or XLSX file.

A dry run reports every row's errors and writes nothing. A real run writes nothing unless
every row is valid; then it writes the new societies in transactions of a few dozen,
paced so a 10,000-row file does not throttle the table. It is idempotent: a society whose
registration number is already in the district is "unchanged" when its details match, and
an error when they differ (it is then edited on its own page, with its audit trail).

A file of more than DIRECT_MAX_ROWS rows does not fit in one API request (29 s): it is imported
as a job (services.import_jobs), which checks it with the same checked_file.
"""
import re
import time
from dataclasses import replace
from datetime import date

from ..config import settings
from ..domain.errors import Conflict, DomainError, Invalid, NotAllowed
from ..domain.jurisdiction import Caller, check_write
from ..domain.bangla import bn_digits
from ..domain.money import paisa_of_taka
from ..domain.society import DUPLICATE_REGNO, EDITABLE_FIELDS, Society, as_dict
from ..domain.spreadsheet import EXAMPLE_ROW, SOCIETIES, read_rows
from .registry import entered, new_society
from .site_content import publish_societies

DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")  # how Excel re-saves dates here
DATE_COLUMNS = ("registered_on", "committee_started_on", "term_ends_on", "last_agm_on", "last_audit_on",
                "last_rectification_on")
MAX_TRANSACTION_ITEMS = 100
CAPITAL_TAKA, CAPITAL_PAISA = "paid_up_share_capital_taka", "paid_up_share_capital_paisa"
COMPARED = tuple(f for f in EDITABLE_FIELDS if f != "term_ends_on")
# What one request checks and writes within API Gateway's 29 s: a row costs about 2.5 ms of paced writes and
# one page put to S3 (some 20-30 ms), the check about 0.5 ms (bench: 10,000 rows in under 5 s on moto).
DIRECT_MAX_ROWS = 500  # larger files: a job
IMPORT_JOB_REQUIRED = "import_job_required"


def _iso_dates(row: dict) -> dict:
    """16/03/2027 (day first, as Bangladeshi offices write) becomes 2027-03-16."""
    out = dict(row)
    for name in DATE_COLUMNS:
        found = DAY_FIRST.match(out.get(name, ""))
        if found:
            day, month, year = (int(g) for g in found.groups())
            out[name] = f"{year:04d}-{month:02d}-{day:02d}"
    return out


def _in_paisa(row: dict) -> dict:
    """The template's share capital in Taka as the record keeps it, in paisa (ValueError: not an amount)."""
    out = dict(row)
    taka = out.pop(CAPITAL_TAKA, "")
    if taka:
        out[CAPITAL_PAISA] = paisa_of_taka(taka)
    return out


def _row_error(row: int, field: str | None, en: str, bn: str) -> dict:
    return {"row": row, "field": field, "message": en, "message_bn": bn}


def _same(existing: Society, new: Society) -> bool:
    old, fresh = as_dict(existing), as_dict(new)
    return all((old.get(f) or None) == (fresh.get(f) or None) for f in COMPARED)


def check_rows(societies, caller: Caller, parsed_rows, today: date, now: str):
    """(new societies, unchanged count, row errors) for the parsed rows of one file."""
    errors, candidates, seen = [], [], {}
    for number, row in parsed_rows:
        if row == EXAMPLE_ROW:
            errors.append(_row_error(number, None, "This is the template's example row; delete it.",
                                     "এটি টেমপ্লেটের উদাহরণ সারি; মুছে ফেলুন।"))
            continue
        try:
            typed = _in_paisa(_iso_dates(row))
        except ValueError:
            errors.append(_row_error(number, CAPITAL_TAKA, "Give the share capital in Taka, e.g. 250000 or 2,50,000.50.",
                                     "শেয়ার মূলধন টাকায় লিখুন, যেমন ২৫০০০০ অথবা ২,৫০,০০০.৫০।"))
            continue
        try:
            valid = entered(typed, today)
            check_write(caller, valid.upazila_code)
        except Invalid as exc:
            # a capital given in Taka is judged in paisa: name the column the row gave it in
            in_taka = CAPITAL_TAKA in row
            errors += [_row_error(number, CAPITAL_TAKA if in_taka and d["field"] == CAPITAL_PAISA else d["field"],
                                  d["message"], d["message_bn"]) for d in exc.details]
            continue
        except DomainError as exc:  # another office's upazila
            errors.append(_row_error(number, "upazila_code", exc.message_en, exc.message_bn))
            continue
        if valid.registration_no in seen:
            errors.append(_row_error(number, "registration_no",
                                     f"Same registration number as row {seen[valid.registration_no]}.",
                                     f"{seen[valid.registration_no]} নম্বর সারির সাথে একই রেজিস্ট্রেশন নম্বর।"))
            continue
        seen[valid.registration_no] = number
        candidates.append((number, new_society(valid, "0" * 17, caller.username, today, now)))
    existing = societies.by_registration(caller.office_code[:4], [s.registration_no for _, s in candidates])
    fresh, unchanged = [], 0
    for number, society in candidates:
        found = existing.get(society.registration_no)
        if found is None:
            fresh.append(society)
        elif _same(found, society):
            unchanged += 1
        else:
            errors.append(_row_error(number, "registration_no",
                                     "Already registered with other details; change it on the society's page.",
                                     "অন্য তথ্যসহ আগেই নিবন্ধিত; সমিতির পাতায় গিয়ে পরিবর্তন করুন।"))
    return fresh, unchanged, errors


def chunks(societies_to_write: list[Society], steps_per_society: int = 3) -> list[list[Society]]:
    """Groups small enough for one transaction (room left for the colour counters)."""
    size = (MAX_TRANSACTION_ITEMS - 40) // steps_per_society
    return [societies_to_write[i:i + size] for i in range(0, len(societies_to_write), size)]


def write_paced(societies, new_id, fresh: list[Society], actor: str, rows_per_second: int,
                sleep=time.sleep, after_chunk=None, more_time=None) -> tuple[list[Society], int]:
    """(created, how many were already there): each chunk all or nothing, at most rows_per_second.

    after_chunk(created, already) is told what each chunk did; when more_time() says no, it stops before the
    next chunk, having written one at least (the rows it did not reach are fresh[len(created) + already:])."""
    created: list[Society] = []
    already = 0
    for number, chunk in enumerate(chunks(fresh)):
        if number and more_time is not None and not more_time():
            break
        started = time.monotonic()
        chunk = [replace(s, id=new_id()) for s in chunk]
        try:
            societies.create_many(chunk, actor)
            written, there = chunk, 0
        except Conflict as exc:  # someone (or an earlier, cut-off run) wrote some of them meanwhile
            if exc is not DUPLICATE_REGNO:
                raise
            written, there = [], 0
            for society in chunk:
                try:
                    societies.create_many([society], actor)
                    written.append(society)
                except Conflict as one:
                    if one is not DUPLICATE_REGNO:
                        raise
                    there += 1
        created += written
        already += there
        if after_chunk is not None:
            after_chunk(written, there)
        sleep(max(0.0, len(chunk) / rows_per_second - (time.monotonic() - started)))
    return created, already


def check_importer(caller: Caller) -> None:
    if caller.role != "upazila":
        raise NotAllowed("upazila_office_only", "Only an upazila office imports its societies.",
                         "কেবল উপজেলা সমবায় অফিস তার সমিতিগুলো আমদানি করতে পারে।")


def parsed_file(data: bytes, content_type: str | None, max_rows: int | None = None, layout=SOCIETIES):
    """The file's rows (domain.spreadsheet; a project's borrower list too, with its layout); Invalid invalid_file
    when none can be read, import_job_required when there are more than max_rows."""
    parsed = read_rows(data, content_type, layout=layout)
    if parsed.errors and not parsed.rows:
        raise Invalid("invalid_file", parsed.errors[0]["message"], parsed.errors[0]["message_bn"], parsed.errors)
    if max_rows is not None and len(parsed.rows) > max_rows:
        raise Invalid(IMPORT_JOB_REQUIRED,
                      f"A file of more than {max_rows:,} rows is imported as a job: upload it "
                      "(POST /api/societies/import/uploads), then start the job (POST /api/societies/import/jobs).",
                      f"{bn_digits(f'{max_rows:,}')}টির বেশি সারির ফাইল আপলোড করে আমদানি-কাজ হিসেবে চালাতে হয়।")
    return parsed


def checked_file(societies, caller: Caller, data: bytes, content_type: str | None, today: date, now: str,
                 max_rows: int | None = None) -> tuple[dict, list[Society]]:
    """Every row of one file checked, writing nothing (the direct import and the job alike): the answer's
    figures (rows, valid, errors, unchanged) and the new societies a real run would write."""
    check_importer(caller)
    parsed = parsed_file(data, content_type, max_rows)
    fresh, unchanged, errors = check_rows(societies, caller, parsed.rows, today, now)
    errors = sorted(parsed.errors + errors, key=lambda e: (e["row"] or 0))
    return {"rows": len(parsed.rows), "valid": len(parsed.rows) - len({e["row"] for e in errors}),
            "errors": errors, "created": 0, "unchanged": unchanged}, fresh


def import_societies(societies, new_id, caller: Caller, data: bytes, content_type: str | None,
                     dry_run: bool, today: date, now: str, sleep=time.sleep, pages=None,
                     max_rows: int | None = None) -> dict:
    result, fresh = checked_file(societies, caller, data, content_type, today, now, max_rows)
    result["dry_run"] = dry_run
    if dry_run or result["errors"]:
        return result
    created, already = write_paced(societies, new_id, fresh, caller.username,
                                   settings().import_rows_per_second, sleep)
    publish_societies(societies, pages, created, today)
    return {**result, "created": len(created), "unchanged": result["unchanged"] + already}
