"""A project's borrower list as the upazila office keeps it in a spreadsheet: the template, and a row read into
the body `POST /api/loans` takes (pure; the service validates it with LoanInput).

A row names its borrower and the loan's terms in Taka as people write them. A loan is known on its project's
list by the borrower's barrack, room and the loan date (`list_key`): the same file imported again finds
every row already there.
"""
import re

from .bangla import ascii_digits, normalise_bn
from .money import paisa_of_taka
from .spreadsheet import SheetLayout

LABELS_BN = {
    "barrack_no": "ব্যারাক নম্বর",
    "room_no": "কক্ষ নম্বর",
    "name_bn": "ঋণগ্রহীতার নাম",
    "guardian_name_bn": "পিতা/স্বামীর নাম",
    "phone": "মোবাইল নম্বর",
    "nid": "জাতীয় পরিচয়পত্র নম্বর (ঐচ্ছিক)",
    "loan_date": "ঋণ প্রদানের তারিখ",
    "principal_taka": "ঋণের পরিমাণ (টাকা)",
    "service_charge_taka": "সার্ভিস চার্জ (টাকা)",
    "instalments": "কিস্তির সংখ্যা",
    "frequency": "কিস্তির ধরন (monthly/weekly)",
    "first_due_on": "প্রথম কিস্তির তারিখ",
}
FIELDS = tuple(LABELS_BN)
REQUIRED = tuple(f for f in FIELDS if f != "nid")
LOAN_SHEET = SheetLayout(FIELDS, LABELS_BN, REQUIRED, "borrowers", "ঋণগ্রহীতা")
EXAMPLE_ROW = {
    "barrack_no": "1", "room_no": "1", "name_bn": "উদাহরণ বেগম", "guardian_name_bn": "উদাহরণ মিয়া",
    "phone": "01700000000", "nid": "", "loan_date": "2026-01-10", "principal_taka": "10000",
    "service_charge_taka": "500", "instalments": "12", "frequency": "monthly", "first_due_on": "2026-02-10",
}
BORROWER_FIELDS = ("name_bn", "guardian_name_bn", "barrack_no", "room_no", "phone", "nid")
DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")  # how Excel re-saves dates here
FREQUENCY_WORDS = {"monthly": "monthly", "মাসিক": "monthly", "weekly": "weekly", "সাপ্তাহিক": "weekly"}
# LoanInput's field -> the template's column, so a row error names the column the office typed in
COLUMN_OF = {"principal_paisa": "principal_taka", "service_charge_paisa": "service_charge_taka",
             **{f"borrower.{name}": name for name in BORROWER_FIELDS}}


class BadAmount(ValueError):
    """A Taka column that holds no amount of Taka; `column` names it."""

    def __init__(self, column: str):
        super().__init__(column)
        self.column = column


def _iso(text: str) -> str:
    """16/03/2026 (day first, as Bangladeshi offices write) becomes 2026-03-16; anything else is left as it is."""
    found = DAY_FIRST.match(ascii_digits(text))
    if not found:
        return ascii_digits(text)
    day, month, year = (int(g) for g in found.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def _paisa(row: dict, column: str) -> int | str:
    text = row.get(column, "")
    if not text:
        return ""  # LoanInput names the missing amount
    try:
        return paisa_of_taka(text)
    except ValueError:
        raise BadAmount(column) from None


def _whole(text: str) -> int | str:
    digits = ascii_digits(text).strip()
    return int(digits) if digits.isdigit() else text


def loan_body(row: dict, project_id: str) -> dict:
    """The row as POST /api/loans' body for the project (BadAmount: a Taka column that is no amount)."""
    frequency = row.get("frequency", "")
    return {
        "project_id": project_id,
        "borrower": {name: row.get(name, "") for name in BORROWER_FIELDS},
        "loan_date": _iso(row.get("loan_date", "")), "first_due_on": _iso(row.get("first_due_on", "")),
        "principal_paisa": _paisa(row, "principal_taka"),
        "service_charge_paisa": _paisa(row, "service_charge_taka") if row.get("service_charge_taka") else 0,
        "instalments": _whole(row.get("instalments", "")),
        "frequency": FREQUENCY_WORDS.get(normalise_bn(frequency).casefold(), frequency),
    }


def column_of(field: str | None) -> str | None:
    """The template's column for a LoanInput field ("borrower.phone" -> "phone")."""
    return COLUMN_OF.get(field, field) if field else field


def list_key(loan) -> tuple[str, str, str]:
    """What names a loan on its project's list: one borrower per room, one loan of theirs per loan date."""
    return loan.borrower.barrack_no, loan.borrower.room_no, loan.loan_date.isoformat()


def same_terms(existing, new) -> bool:
    """The row says what the list already holds (the borrower and every term)."""
    return existing.borrower == new.borrower and all(
        getattr(existing, name) == getattr(new, name) for name in
        ("loan_date", "principal_paisa", "service_charge_paisa", "instalments", "frequency", "first_due_on"))
