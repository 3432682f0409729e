"""Reading an upazila office's CSV or XLSX list (societies, or a project's borrowers) into rows of text
(no validation).

A `SheetLayout` says which columns a list has (SOCIETIES by default). The header row names API fields,
Bengali labels, or both ("registration_no | নিবন্ধন নম্বর", the form the template uses). Row numbers are the ones the user sees in Excel: the header is
row 1. A file or header error comes with no rows; a data row that cannot be read (a value
under no heading) is left out with an error naming its row.
"""
import csv
import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from .bangla import bn_digits

IMPORT_FIELDS = (
    "registration_no", "registered_on", "name_bn", "name_en", "address", "upazila_code",
    "committee_kind", "committee_started_on", "term_ends_on", "last_agm_on", "last_audit_year",
    "last_audit_on", "last_accounts_year", "last_rectification_on", "paid_up_share_capital_taka",
    "officer_phone", "president_phone", "secretary_phone", "facebook_url",
)
REQUIRED_FIELDS = ("registration_no", "registered_on", "name_bn", "address", "upazila_code",
                   "committee_kind", "committee_started_on")
FIELD_LABELS_BN = {
    "registration_no": "নিবন্ধন নম্বর",
    "registered_on": "নিবন্ধনের তারিখ",
    "name_bn": "সমিতির নাম (বাংলা)",
    "name_en": "সমিতির নাম (ইংরেজি)",
    "address": "ঠিকানা",
    "upazila_code": "উপজেলা কোড",
    "committee_kind": "কমিটির ধরন (elected/interim/new_registration)",
    "committee_started_on": "কমিটি গঠনের তারিখ",
    "term_ends_on": "মেয়াদ শেষের তারিখ",
    "last_agm_on": "সর্বশেষ বার্ষিক সাধারণ সভার তারিখ",
    "last_audit_year": "সর্বশেষ অডিটকৃত সমবায় বর্ষ",
    "last_audit_on": "সর্বশেষ অডিট সম্পন্নের তারিখ",
    "last_accounts_year": "সর্বশেষ হিসাব বিবরণী দাখিলের বর্ষ",
    "last_rectification_on": "অডিট সংশোধনী দাখিলের তারিখ",
    "paid_up_share_capital_taka": "পরিশোধিত শেয়ার মূলধন (টাকা)",
    "officer_phone": "দায়িত্বপ্রাপ্ত কর্মকর্তার মোবাইল",
    "president_phone": "সভাপতির মোবাইল",
    "secretary_phone": "সম্পাদকের মোবাইল",
    "facebook_url": "ফেসবুক পেজ",
}
# The template's example (Jhenaidah Sadar); a service may refuse a row equal to it.
EXAMPLE_ROW = {
    "registration_no": "123", "registered_on": "1998-06-14",
    "name_bn": "ঝিনাইদহ সদর কৃষক সমবায় সমিতি লিমিটেড",
    "name_en": "Jhenaidah Sadar Krishak Samabay Samity Ltd.",
    "address": "স্টেশন রোড, ঝিনাইদহ সদর, ঝিনাইদহ", "upazila_code": "404419",
    "committee_kind": "elected", "committee_started_on": "2024-02-10", "term_ends_on": "",
    "last_agm_on": "2025-11-20", "last_audit_year": "2024-2025", "last_audit_on": "2025-09-15",
    "last_accounts_year": "2024-2025", "last_rectification_on": "2025-10-30",
    "paid_up_share_capital_taka": "250000", "officer_phone": "01711000419",
    "president_phone": "01811000419", "secretary_phone": "01911000419",
    "facebook_url": "https://facebook.com/jhenaidahsadarkrishak",
}
MAX_ROWS = 10_000
MAX_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024  # a 10,000-row workbook unpacks to well under 20 MB
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class SheetLayout:
    """The columns of one kind of list: field names, their Bengali labels, the required ones, and what a row
    is called in messages."""
    fields: tuple[str, ...]
    labels_bn: dict[str, str]
    required: tuple[str, ...]
    rows_en: str
    rows_bn: str
    extra_headers: dict[str, str] = field(default_factory=dict)  # another accepted heading -> field

    def header(self, name: str) -> str:
        return f"{name} | {self.labels_bn[name]}"

    @property
    def headers(self) -> dict[str, str]:
        """Every accepted heading, normalised, -> its field."""
        return {_norm(alias): name for name, label in self.labels_bn.items()
                for alias in (name, label, self.header(name), f"{label} / {name}", f"{name} ({label})")
                } | {_norm(alias): name for alias, name in self.extra_headers.items()}

    def template_csv(self, example: dict[str, str]) -> str:
        return csv_text([self.header(name) for name in self.fields], [[example.get(name, "") for name in self.fields]])


@dataclass(frozen=True)
class ParsedSheet:
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)


def template_header(name: str) -> str:
    return f"{name} | {FIELD_LABELS_BN[name]}"


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\ufeff", "")).casefold()
    return re.sub(r"\s+", " ", re.sub(r"\s*([|/()])\s*", r"\1", text)).strip()


SOCIETIES = SheetLayout(IMPORT_FIELDS, FIELD_LABELS_BN, REQUIRED_FIELDS, "societies", "সমিতি",
                        # the API's own field, as the API takes it
                        extra_headers={"paid_up_share_capital_paisa": "paid_up_share_capital_paisa"})
_HEADER_FIELDS = SOCIETIES.headers

# Earlier templates took the capital in paisa under a Bengali heading: people wrote Taka there, which recorded
# a hundredth. Those headings are refused; the API's field name alone (paisa, for programs) is still read.
_PAISA_HEADERS = {_norm(alias) for alias in ("পরিশোধিত শেয়ার মূলধন (পয়সা)",
                                             "paid_up_share_capital_paisa | পরিশোধিত শেয়ার মূলধন (পয়সা)")}


def template_csv() -> str:
    return csv_text([template_header(name) for name in IMPORT_FIELDS], [[EXAMPLE_ROW[name] for name in IMPORT_FIELDS]])


def spreadsheet_safe(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_text(header: list[str], rows) -> str:
    """A CSV file as every export writes it: a byte-order mark (Excel then reads Bengali as UTF-8),
    the header, and the rows, with every cell a spreadsheet could run as a formula neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return "\ufeff" + out.getvalue()


def _error(row, name, en: str, bn: str) -> dict:
    return {"row": row, "field": name, "message": en, "message_bn": bn}


def _fail(en: str, bn: str) -> ParsedSheet:
    return ParsedSheet(errors=[_error(None, None, en, bn)])


def _column(index: int) -> str:
    """0 -> A, 26 -> AA: how Excel names columns."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(data: bytes, content_type: str | None, filename: str | None = None,
              layout: SheetLayout = SOCIETIES) -> ParsedSheet:
    if len(data) > MAX_BYTES:
        megabytes = MAX_BYTES // (1024 * 1024)
        return _fail(f"The file is larger than {megabytes} MB.", f"ফাইলটি {bn_digits(megabytes)} মেগাবাইটের বেশি বড়।")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return _fail("Old Excel (.xls) files cannot be read; save as .xlsx or \"CSV UTF-8\".",
                     "পুরনো Excel (.xls) ফাইল পড়া যায় না; .xlsx অথবা \"CSV UTF-8\" হিসেবে সংরক্ষণ করুন।")
    is_xlsx = (data.startswith(b"PK\x03\x04") or (content_type or "").split(";")[0].strip() == XLSX_TYPE
               or (filename or "").lower().endswith(".xlsx"))
    return _xlsx(data, layout) if is_xlsx else _csv(data, layout)


def _csv(data: bytes, layout: SheetLayout) -> ParsedSheet:
    try:
        text = data.decode("utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _fail("The file is not UTF-8 text. In Excel choose Save As > \"CSV UTF-8 (Comma delimited)\".",
                     "ফাইলটি UTF-8 নয়। Excel-এ Save As > \"CSV UTF-8 (Comma delimited)\" বেছে নিয়ে সংরক্ষণ করুন।")
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=first_line.count)
    try:
        return _table(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), layout)
    except csv.Error as exc:
        return _fail(f"The CSV file cannot be read ({exc}).", "CSV ফাইলটি পড়া যাচ্ছে না।")


def _xlsx(data: bytes, layout: SheetLayout) -> ParsedSheet:
    from openpyxl import load_workbook  # only imports on upload

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:  # sizes checked before unpacking anything
            if sum(part.file_size for part in archive.infolist()) > MAX_UNZIPPED_BYTES:
                return _fail("The workbook is too large once unpacked; copy the data to a new workbook.",
                             "ওয়ার্কবুকটি খোলার পর অনেক বড়; তথ্যগুলো নতুন ওয়ার্কবুকে কপি করে আবার চেষ্টা করুন।")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                if not book.worksheets:
                    return _fail("The workbook has no worksheet.", "ওয়ার্কবুকে কোনো ওয়ার্কশিট নেই।")
                sheet = book.worksheets[0]
                sheet.reset_dimensions()  # trust the rows, not the stored size
                return _table(([_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)), layout)
            finally:
                book.close()
    except Exception:  # noqa: BLE001 - a broken upload raises anything from zipfile, XML or openpyxl
        return _fail("The file is not a readable .xlsx workbook; open it in Excel and save it again.",
                     "ফাইলটি পড়ার মতো .xlsx ওয়ার্কবুক নয়; Excel-এ খুলে আবার সংরক্ষণ করুন।")


def _table(records, layout: SheetLayout) -> ParsedSheet:
    """Header and data rows from lists of cell text; blank rows skipped but counted."""
    header, columns, errors, rows = None, {}, [], []
    for number, cells in enumerate(records, start=1):
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        if header is None:
            header, errors = number, _header_errors(cells, number, columns, layout)
            if errors:
                return ParsedSheet(errors=errors)
            continue
        if len(rows) == MAX_ROWS:
            return _fail(f"The file has more than {MAX_ROWS:,} {layout.rows_en}; split it into smaller files.",
                         f"ফাইলে {bn_digits(f'{MAX_ROWS:,}')}টির বেশি {layout.rows_bn} আছে; ছোট ছোট ফাইলে ভাগ করুন।")
        stray = [i for i, cell in enumerate(cells) if cell and i not in columns]
        if stray:
            errors.append(_error(number, None, f"Column {_column(stray[0])} has a value but no heading.",
                                 f"{_column(stray[0])} কলামে তথ্য আছে কিন্তু শিরোনাম নেই।"))
            continue
        rows.append((number, {columns[i]: _phone_zero(columns[i], cell)
                              for i, cell in enumerate(cells) if cell}))
    if header is None:
        return _fail("The file is empty.", "ফাইলটি খালি।")
    return ParsedSheet(rows=rows, errors=errors)


def _header_errors(cells: list[str], number: int, columns: dict, layout: SheetLayout) -> list[dict]:
    """Fills columns (index -> field); returns what is wrong with the header row."""
    errors, known = [], _HEADER_FIELDS if layout is SOCIETIES else layout.headers
    for i, cell in enumerate(cells):
        if not cell:
            continue
        heading = _norm(cell)
        name = known.get(heading)
        if layout is SOCIETIES and heading in _PAISA_HEADERS:
            errors.append(_error(number, "paid_up_share_capital_taka",
                                 f"Column {_column(i)}: give the share capital in Taka, headed "
                                 f"\"{template_header('paid_up_share_capital_taka')}\" (the template's column).",
                                 f"{_column(i)} কলাম: শেয়ার মূলধন টাকায় লিখুন, শিরোনাম "
                                 f"\"{template_header('paid_up_share_capital_taka')}\" (টেমপ্লেটের কলাম)।"))
        elif name is None:
            errors.append(_error(number, None, f"Column {_column(i)} \"{cell}\" is not a known field.",
                                 f"{_column(i)} কলামের শিরোনাম \"{cell}\" চেনা যাচ্ছে না।"))
        elif name in columns.values():
            errors.append(_error(number, name, f"Column {_column(i)} repeats \"{name}\".",
                                 f"{_column(i)} কলামে \"{layout.labels_bn[name]}\" আবার এসেছে।"))
        else:
            columns[i] = name
    if {"paid_up_share_capital_taka", "paid_up_share_capital_paisa"} <= set(columns.values()):
        errors.append(_error(number, "paid_up_share_capital_taka", "Give the share capital once, in Taka.",
                             "শেয়ার মূলধন একবারই লিখুন, টাকায়।"))
    for name in layout.required:
        if name not in columns.values():
            errors.append(_error(number, name, f"The required column \"{name}\" is missing.",
                                 f"আবশ্যক কলাম \"{layout.labels_bn[name]}\" নেই।"))
    return errors


def _phone_zero(name: str, value: str) -> str:
    """Excel stores 01711000419 as the number 1711000419; put the 0 back."""
    if (name == "phone" or name.endswith("_phone")) and re.fullmatch(r"1[0-9]{9}", value):
        return "0" + value
    return value
