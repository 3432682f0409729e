"""Reading budget files in bulk: an office's lists (the files it holds, has sent on, or has on its path),
a society's own files, the decision letter and an office's report (issue 20 §4–5)."""
from ..config import budget_rules
from ..domain import budget as bd
from ..domain import budget_letter, budget_report
from ..domain.errors import NotAllowed
from ..domain.jurisdiction import Caller, check_read
from . import budget as budget_files
from . import registry

FOR_THE_SOCIETY = ("drafted_on_behalf", "submitted_on_behalf", "withdrawn_on_behalf")  # not the office's own step
OFFICES_ONLY = NotAllowed("offices_only", "The budget report is for the offices.",
                          "বাজেট প্রতিবেদন কেবল দপ্তরগুলোর জন্য।")


def _area(caller: Caller) -> str:
    return caller.office_code or "BD"


def acted_and_sent_on(office: str):
    """A file this office acted on (recommended, returned, decided) and no longer holds."""
    return lambda b: b.holder_office_code != office and any(
        m.get("office_code") == office and m["action"] not in FOR_THE_SOCIETY for m in b.movements)


def box(lists, societies, caller: Caller, box_name: str, society_id: str | None, year: str | None,
        cursor: str | None, limit: int) -> dict:
    """A society's user gets its society's files whatever it asks; an office its box, or one society's files."""
    if year:
        bd.check_financial_year(year)
    if bd.is_society_user(caller):
        society_id, box_name = caller.office_code, "society"
    elif society_id:
        check_read(caller, registry.public_society(societies, society_id).upazila_code)
        box_name = "society"
    if box_name == "society":
        items, next_cursor = lists.of_society(society_id, year, cursor, limit)
    elif box_name == "holding":
        items, next_cursor = lists.holding(_area(caller), year, cursor, limit)
    else:
        keep = acted_and_sent_on(caller.office_code) if box_name == "sent" else None
        items, next_cursor = lists.on_path(_area(caller), year, cursor, limit, keep)
    return {"box": box_name, "items": items, "next_cursor": next_cursor}


def letter(budgets, caller: Caller, budget_id: str) -> dict:
    """The decision letter of a decided file (the society and every office on its path)."""
    return budget_letter.letter(budget_files.one(budgets, caller, budget_id))


def report(lists, caller: Caller, office_code: str | None, year: str | None, today) -> dict:
    """The report of the caller's office, or of an office inside its area; for this financial year by default."""
    if bd.is_society_user(caller):
        raise OFFICES_ONLY
    year = bd.check_financial_year(year) if year else budget_report.financial_year_of(today)
    office = caller.office_code if office_code is None else office_code
    check_read(caller, office)
    _, deadlines = budget_rules()
    files = lists.all_on_path(office or "BD", year)
    return {"financial_year": year, **budget_report.report(office or "BD", files, deadlines.holidays)}


def report_csv(rep: dict) -> str:
    from ..domain.spreadsheet import csv_text
    return csv_text(budget_report.CSV_HEADER, budget_report.csv_rows(rep))
