import csv
import io
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from chalicelib.domain import spreadsheet
from chalicelib.domain.spreadsheet import (EXAMPLE_ROW, FIELD_LABELS_BN, IMPORT_FIELDS, REQUIRED_FIELDS, XLSX_TYPE,
                                           read_rows, template_csv, template_header)

ROW = {"registration_no": "77", "registered_on": "2001-01-15", "name_bn": "বিষয়খালী সমবায় সমিতি",
       "address": "বিষয়খালী, ঝিনাইদহ সদর", "upazila_code": "404419", "committee_kind": "interim",
       "committee_started_on": "2025-01-01", "officer_phone": "01711000419"}


def csv_bytes(header, *rows, delimiter=",", bom=False) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows([header, *rows])
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


def messages(sheet) -> str:
    return " ".join(e["message"] for e in sheet.errors)


HEADERS = {
    "english": list(ROW),
    "bengali": [FIELD_LABELS_BN[name] for name in ROW],
    "combined": [template_header(name) for name in ROW],
    "label / field": [f"{FIELD_LABELS_BN[name]} / {name}" for name in ROW],
    "field (label)": [f"{name} ({FIELD_LABELS_BN[name]})" for name in ROW],
    "case and spacing": ["  Registration_NO ", "registered_on", "name_bn  |   সমিতির নাম (বাংলা)", "ADDRESS",
                         "upazila_code|উপজেলা কোড", "কমিটির ধরন ( elected / interim / new_registration )",
                         "committee_started_on", "officer_phone"],
}


@pytest.mark.parametrize("style", HEADERS)
@pytest.mark.parametrize("bom", [True, False])
def test_header_styles_with_and_without_bom(style, bom):
    sheet = read_rows(csv_bytes(HEADERS[style], list(ROW.values()), bom=bom), "text/csv", "societies.csv")
    assert sheet.errors == []
    assert sheet.rows == [(2, ROW)]


def test_bengali_header_matches_whatever_the_unicode_composition():
    # "মেয়াদ" typed with the precomposed য় (U+09DF) or য + nukta: both are the same label after NFC.
    composed, decomposed = "মে\u09dfাদ শেষের তারিখ", "মে\u09af\u09bcাদ শেষের তারিখ"
    for label in (composed, decomposed):
        sheet = read_rows(csv_bytes(list(ROW) + [label], list(ROW.values()) + ["2028-01-01"]), None)
        assert sheet.errors == [] and sheet.rows[0][1]["term_ends_on"] == "2028-01-01"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiter_is_sniffed_from_the_header(delimiter):
    values = {**ROW, "address": "বিষয়খালী; ঝিনাইদহ, সদর"}
    sheet = read_rows(csv_bytes(list(values), list(values.values()), delimiter=delimiter), "text/csv")
    assert sheet.errors == [] and sheet.rows == [(2, values)]


def test_quoted_commas_and_newlines_stay_in_one_cell_and_one_row():
    data = csv_bytes(list(ROW), ["77", "2001-01-15", "নাম", "লাইন ১, গ্রাম\nলাইন ২", "404419",
                                 "interim", "2025-01-01", "01711000419"], ["78"] + list(ROW.values())[1:])
    sheet = read_rows(data, "text/csv")
    assert sheet.errors == []
    assert [n for n, _ in sheet.rows] == [2, 3]
    assert sheet.rows[0][1]["address"] == "লাইন ১, গ্রাম\nলাইন ২"


def test_blank_rows_are_skipped_but_row_numbers_are_what_excel_shows():
    values = list(ROW.values())
    data = csv_bytes(list(ROW), values, [""] * len(ROW), [], ["78"] + values[1:], [" "] * len(ROW))
    assert data.count(b"\r\n") == 6
    sheet = read_rows(b"\r\n" + data, "text/csv")  # a blank first line too: header is row 2
    assert sheet.errors == []
    assert [(n, r["registration_no"]) for n, r in sheet.rows] == [(3, "77"), (6, "78")]


def test_values_are_stripped_and_empty_cells_omitted():
    header = list(ROW) + ["name_en", "facebook_url", "president_phone"]
    sheet = read_rows(csv_bytes(header, [f"  {v} " for v in ROW.values()] + ["", "  ", "1811000419"]), None)
    assert sheet.rows == [(2, {**ROW, "president_phone": "01811000419"})]


def test_formula_looking_text_is_kept_as_text():
    sheet = read_rows(csv_bytes(list(ROW) + ["name_en"], list(ROW.values()) + ["=HYPERLINK(\"x\")"]), None)
    assert sheet.rows[0][1]["name_en"] == '=HYPERLINK("x")'


@pytest.mark.parametrize("header,expected", [
    (list(ROW) + ["district"], ['Column I "district" is not a known field.']),
    (list(ROW) + ["ঠিকানা"], ['Column I repeats "address".']),
    (list(ROW) + ["address | ঠিকানা"], ['Column I repeats "address".']),
    ([h for h in ROW if h not in ("address", "committee_kind")],
     ['The required column "address" is missing.', 'The required column "committee_kind" is missing.']),
])
def test_header_problems_are_file_errors_and_no_rows(header, expected):
    sheet = read_rows(csv_bytes(header, ["x"] * len(header)), "text/csv")
    assert sheet.rows == []
    assert [e["message"] for e in sheet.errors] == expected
    assert all(e["row"] == 1 and e["message_bn"] for e in sheet.errors)


def test_every_required_column_is_reported_on_a_wrong_file():
    sheet = read_rows(csv_bytes(["নাম", "ফোন"], ["a", "b"]), None)
    assert [e["field"] for e in sheet.errors] == [None, None, *REQUIRED_FIELDS]


def test_a_value_under_no_heading_leaves_that_row_out():
    values = list(ROW.values())
    sheet = read_rows(csv_bytes(list(ROW) + [""], values + [""], values + ["stray"], values + [""]), None)
    assert [n for n, _ in sheet.rows] == [2, 4]
    assert sheet.errors == [{"row": 3, "field": None, "message": "Column I has a value but no heading.",
                             "message_bn": "I কলামে তথ্য আছে কিন্তু শিরোনাম নেই।"}]


def test_utf16_unicode_text_from_excel_is_read():
    data = "\t".join(HEADERS["bengali"]) + "\r\n" + "\t".join(ROW.values()) + "\r\n"
    sheet = read_rows(data.encode("utf-16"), "text/plain", "societies.txt")  # Excel "Unicode Text"
    assert sheet.errors == [] and sheet.rows == [(2, ROW)]


def test_non_utf8_bytes_ask_for_csv_utf8():
    data = "registration_no,name_bn\r\n1,Café\r\n".encode("cp1252")
    sheet = read_rows(data, "text/csv", "societies.csv")
    assert sheet.rows == []
    assert sheet.errors[0]["row"] is None and "CSV UTF-8" in sheet.errors[0]["message"]
    assert "CSV UTF-8" in sheet.errors[0]["message_bn"]


@pytest.mark.parametrize("data", [b"", b"\r\n  \r\n,,,\r\n", "\ufeff".encode()])
def test_empty_file(data):
    assert messages(read_rows(data, "text/csv")) == "The file is empty."


def test_too_many_rows_gives_an_error_and_no_rows():
    values = list(ROW.values())
    assert len(read_rows(csv_bytes(list(ROW), *[values] * 10_000), None).rows) == spreadsheet.MAX_ROWS
    sheet = read_rows(csv_bytes(list(ROW), *[values] * 10_001), None)
    assert sheet.rows == [] and "more than 10,000" in messages(sheet) and "১০,০০০" in sheet.errors[0]["message_bn"]


def test_too_many_bytes_gives_an_error_and_no_rows():
    data = csv_bytes(list(ROW), list(ROW.values())) + b" " * spreadsheet.MAX_BYTES
    sheet = read_rows(data, "text/csv")
    assert sheet.rows == [] and "larger than 5 MB" in messages(sheet) and "৫" in sheet.errors[0]["message_bn"]


def test_csv_errors_are_reported_not_raised():
    data = csv_bytes(list(ROW), ["x" * 200_000])  # over the csv module's field limit
    assert "cannot be read" in messages(read_rows(data, None))


def xlsx_bytes(rows, title="Societies") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.create_sheet("Notes").append(["not read"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_with_date_cells_and_phones_stored_as_numbers():
    header = [template_header(name) for name in ROW] + ["last_agm_on", "paid_up_share_capital_taka",
                                                        "president_phone", "secretary_phone", "name_en"]
    row = ["77", date(2001, 1, 15), "বিষয়খালী সমবায় সমিতি", "বিষয়খালী, ঝিনাইদহ সদর", 404419, "interim",
           datetime(2025, 1, 1, 0, 0), 1711000419, datetime(2025, 6, 30, 14, 5), 250000.0, "01811000419",
           8801911000419, 12.5]
    data = xlsx_bytes([header, [None] * len(header), row, [], ["  ", None]])
    for content_type, filename in [(XLSX_TYPE, None), ("application/octet-stream", "upload.bin"), (None, None)]:
        sheet = read_rows(data, content_type, filename)
        assert sheet.errors == []
        assert sheet.rows == [(3, {**ROW, "last_agm_on": "2025-06-30", "paid_up_share_capital_taka": "250000",
                                   "president_phone": "01811000419", "secretary_phone": "8801911000419",
                                   "name_en": "12.5"})]


def test_xlsx_formulas_are_not_evaluated():
    # openpyxl writes no cached result, so a formula cell reads as empty, never as a computed value.
    data = xlsx_bytes([list(ROW) + ["name_en"], list(ROW.values()) + ["=1+1"]])
    assert read_rows(data, XLSX_TYPE).rows == [(2, ROW)]


def test_xlsx_header_errors_and_row_limit():
    assert "not a known field" in messages(read_rows(xlsx_bytes([["district"] + list(ROW)]), XLSX_TYPE))
    values = list(ROW.values())
    sheet = read_rows(xlsx_bytes([list(ROW)] + [values] * (spreadsheet.MAX_ROWS + 1)), XLSX_TYPE)
    assert sheet.rows == [] and "more than 10,000" in messages(sheet) and "১০,০০০" in sheet.errors[0]["message_bn"]


def test_xlsx_that_unpacks_too_large_is_refused_before_reading(monkeypatch):
    data = xlsx_bytes([list(ROW), list(ROW.values())])
    monkeypatch.setattr(spreadsheet, "MAX_UNZIPPED_BYTES", 1000)
    sheet = read_rows(data, XLSX_TYPE)
    assert sheet.rows == [] and "too large once unpacked" in messages(sheet)


def zip_of(files: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


@pytest.mark.parametrize("data,content_type", [
    (b"PK\x03\x04" + b"\x00" * 100, None),                                 # zip magic, garbage after
    (xlsx_bytes([list(ROW)])[:2000], XLSX_TYPE),                            # truncated upload
    (zip_of({"hello.txt": "not a workbook"}), None),                        # a zip, not a workbook
    (zip_of({"[Content_Types].xml": "<Types", "xl/workbook.xml": "<"}), None),  # broken XML
    (b"registration_no,name_bn\r\n", XLSX_TYPE),                           # CSV sent as xlsx
])
def test_corrupt_xlsx_is_an_error_not_an_exception(data, content_type):
    sheet = read_rows(data, content_type, "societies.xlsx")
    assert sheet.rows == []
    assert sheet.errors[0]["row"] is None and ".xlsx" in sheet.errors[0]["message"]


def test_old_xls_is_refused_with_advice():
    sheet = read_rows(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "application/vnd.ms-excel", "a.xls")
    assert sheet.rows == [] and ".xls" in messages(sheet)


def test_template_round_trips_with_the_example_row():
    text = template_csv()
    assert text.startswith("\ufeff")
    header = text.splitlines()[0].lstrip("\ufeff").split(",")
    assert header == [template_header(name) for name in IMPORT_FIELDS]
    sheet = read_rows(text.encode("utf-8"), "text/csv", "template.csv")
    assert sheet.errors == []
    assert sheet.rows == [(2, {k: v for k, v in EXAMPLE_ROW.items() if v})]
    assert sheet.rows[0][1]["upazila_code"] == "404419" and sheet.rows[0][1]["officer_phone"] == "01711000419"


def test_fields_and_labels_agree():
    assert set(FIELD_LABELS_BN) == set(IMPORT_FIELDS) == set(EXAMPLE_ROW)
    assert set(REQUIRED_FIELDS) <= set(IMPORT_FIELDS)
    assert len(spreadsheet._HEADER_FIELDS) == 5 * len(IMPORT_FIELDS) + 1  # no alias shared by two fields; + the API's paisa field


# --- every CSV export neutralises spreadsheet formulas (issue 16 §4: the SMS log and deposits did not) ------

FORMULA = '=HYPERLINK("http://evil.example","click")'


def _cells(text: str) -> list[list[str]]:
    import csv
    import io
    assert text.startswith("\ufeff")  # Excel reads Bengali as UTF-8 only with the byte-order mark
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_deposits_file_neutralises_formulas():
    from chalicelib.services.payment_reports import deposits_csv
    rows = _cells(deposits_csv({"items": [{"invoice_no": FORMULA, "trx_id": "@SUM(A1)", "amount_paisa": 5000,
                                           "net_paisa": 5000}], "total_paisa": 5000}))
    assert rows[1][1] == "'" + FORMULA and rows[1][3] == "'@SUM(A1)" and rows[1][6] == "5000"


def test_the_sms_log_file_neutralises_formulas():
    from chalicelib.services.sms_office import delivery_log_csv
    rows = _cells(delivery_log_csv({"items": [{"text": FORMULA, "phone": "+8801712345678", "parts": 1,
                                               "role": "-1+1"}]}))
    assert rows[1][4] == "'" + FORMULA and rows[1][2] == "'-1+1" and rows[1][5] == "1"
