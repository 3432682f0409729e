"""POST /api/societies/import on moto: dry run, all-or-none, idempotent re-runs, XLSX."""
import csv
import io
import json

from chalicelib.domain.spreadsheet import XLSX_TYPE
from tests.integration.conftest import society_body

HEADER = ["registration_no", "registered_on", "name_bn", "address", "upazila_code", "committee_kind",
          "committee_started_on", "officer_phone", "paid_up_share_capital_taka"]


def csv_of(rows, header=HEADER) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([header] + [[str(r.get(h, "")) for h in header] for r in rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def row(n: int, **changes) -> dict:
    body = society_body(registration_no=f"IMP-{n}", name_bn=f"আমদানি সমবায় সমিতি {n}", committee_started_on="16/03/2025",
                        registered_on="2010-01-15")
    body.pop("paid_up_share_capital_paisa", None)
    return {**body, "paid_up_share_capital_taka": "1000", **changes}


def upload(client, token, data: bytes, dry_run: bool, content_type="text/csv"):
    response = client.http.post(f"/api/societies/import?dry_run={'true' if dry_run else 'false'}", body=data,
                                headers={"Content-Type": content_type, "Authorization": f"Bearer {token}"})
    return response.status_code, json.loads(response.body)


def count_in_area(api) -> int:
    return api.get("/api/societies/summary")[1]["total"]


def test_dry_run_reports_every_bad_row_and_writes_nothing(client, as_user):
    api = as_user("uco.demo")
    rows = [row(1), row(2, officer_phone="0111"), row(3, committee_kind="elected-ish"), row(4, registration_no="IMP-1")]
    status, body = upload(client, api.token, csv_of(rows), dry_run=True)
    assert status == 200, body
    assert body["rows"] == 4 and body["valid"] == 1 and body["created"] == 0
    assert {(e["row"], e["field"]) for e in body["errors"]} == {
        (3, "officer_phone"), (4, "committee_kind"), (5, "registration_no")}
    assert all(e["message_bn"] for e in body["errors"])
    # the real run with the same errors writes nothing either
    status, body = upload(client, api.token, csv_of(rows), dry_run=False)
    assert status == 200 and body["created"] == 0
    assert count_in_area(api) == 0


def test_a_clean_file_is_written_once_and_again_creates_nothing(client, as_user):
    api = as_user("uco.demo")
    data = csv_of([row(n) for n in range(1, 76)])  # more than one transaction chunk
    status, dry = upload(client, api.token, data, dry_run=True)
    assert status == 200 and dry["valid"] == 75 and dry["errors"] == [] and count_in_area(api) == 0
    status, first = upload(client, api.token, data, dry_run=False)
    assert status == 200 and first["created"] == 75 and first["unchanged"] == 0
    status, again = upload(client, api.token, data, dry_run=False)
    assert status == 200 and again["created"] == 0 and again["unchanged"] == 75
    assert count_in_area(api) == 75
    listed = api.get("/api/societies?q=IMP-7")[1]["items"]
    assert {s["committee_started_on"] for s in listed} == {"2025-03-16"}  # day-first dates read as Bangladesh writes


def test_a_changed_row_for_an_existing_society_is_an_error_not_an_overwrite(client, as_user):
    api = as_user("uco.demo")
    upload(client, api.token, csv_of([row(1)]), dry_run=False)
    status, body = upload(client, api.token, csv_of([row(1, address="Somewhere else")]), dry_run=False)
    assert status == 200 and body["created"] == 0
    assert [(e["row"], e["field"]) for e in body["errors"]] == [(2, "registration_no")]


def test_only_the_upazila_office_imports_and_only_its_own_upazila(client, as_user):
    status, body = upload(client, as_user("dco.demo").token, csv_of([row(1)]), dry_run=True)
    assert status == 403 and body["error"]["code"] == "upazila_office_only"
    status, body = upload(client, as_user("uco.demo").token, csv_of([row(1, upazila_code="404433")]), dry_run=True)
    assert status == 200 and [(e["row"], e["field"]) for e in body["errors"]] == [(2, "upazila_code")]


def test_xlsx_is_read_with_real_dates_and_numeric_phones(client, as_user):
    from datetime import date

    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["X-1", date(2010, 1, 15), "এক্সেল সমবায় সমিতি", "Jhenaidah", "404419", "elected",
                  date(2025, 3, 16), 1711000419, 100000])
    out = io.BytesIO()
    book.save(out)
    status, body = upload(client, as_user("uco.demo").token, out.getvalue(), dry_run=False, content_type=XLSX_TYPE)
    assert status == 200 and body["created"] == 1, body


def test_share_capital_is_imported_in_taka_as_the_form_takes_it(client, as_user):
    """A sheet in Taka once recorded a hundredth of the capital, which decides who appoints the interim committee."""
    api = as_user("uco.demo")
    rows = [row(1, paid_up_share_capital_taka="2,50,000"), row(2, paid_up_share_capital_taka="৫০০০০.৫০"),
            row(3, paid_up_share_capital_taka="")]
    status, body = upload(client, api.token, csv_of(rows), dry_run=False)
    assert status == 200 and body["created"] == 3, body
    capital = {s["registration_no"]: s.get("paid_up_share_capital_paisa")
               for s in (api.get(f"/api/societies/{item['id']}")[1] for item in api.get("/api/societies?q=IMP-")[1]["items"])}
    assert capital == {"IMP-1": 25_000_000, "IMP-2": 5_000_050, "IMP-3": None}


def test_a_share_capital_that_is_no_amount_of_taka_is_a_row_error(client, as_user):
    api = as_user("uco.demo")
    rows = [row(1, paid_up_share_capital_taka="1000.505"), row(2, paid_up_share_capital_taka="এক লাখ"),
            row(3, paid_up_share_capital_taka="-5"), row(4)]
    status, body = upload(client, api.token, csv_of(rows), dry_run=True)
    assert status == 200 and body["valid"] == 1, body
    assert [(e["row"], e["field"]) for e in body["errors"]] == [(n, "paid_up_share_capital_taka") for n in (2, 3, 4)]
    assert all("টাকায়" in e["message_bn"] for e in body["errors"])


def test_a_sheet_headed_in_paisa_in_bengali_is_refused_with_the_taka_column_named(client, as_user):
    """The earlier template's heading; the API's own field name (paisa) is still read as the API takes it."""
    api = as_user("uco.demo")
    old_heading = "paid_up_share_capital_paisa | পরিশোধিত শেয়ার মূলধন (পয়সা)"
    data = csv_of([{**row(1), old_heading: "250000"}], [*HEADER[:-1], old_heading])
    status, body = upload(client, api.token, data, dry_run=False)
    assert status == 400 and body["error"]["code"] == "invalid_file" and count_in_area(api) == 0
    assert "paid_up_share_capital_taka" in body["error"]["message"] and "টাকায়" in body["error"]["message_bn"]
    api_fields = [*HEADER[:-1], "paid_up_share_capital_paisa"]
    status, body = upload(client, api.token, csv_of([{**row(2), "paid_up_share_capital_paisa": "250000"}], api_fields),
                          dry_run=False)
    assert status == 200 and body["created"] == 1, body
    society_id = api.get("/api/societies?q=IMP-2")[1]["items"][0]["id"]
    assert api.get(f"/api/societies/{society_id}")[1]["paid_up_share_capital_paisa"] == 250000


def test_a_bad_capital_in_the_apis_paisa_column_is_named_as_that_column(client, as_user):
    api_fields = [*HEADER[:-1], "paid_up_share_capital_paisa"]
    data = csv_of([{**row(1), "paid_up_share_capital_paisa": "-5"}], api_fields)
    status, body = upload(client, as_user("uco.demo").token, data, dry_run=True)
    assert status == 200 and [(e["row"], e["field"]) for e in body["errors"]] == [(2, "paid_up_share_capital_paisa")]


def test_an_unreadable_file_is_a_400(client, as_user):
    status, body = upload(client, as_user("uco.demo").token, b"\xff\xfe\x00garbage\x00", dry_run=True)
    assert status == 400 and body["error"]["code"] == "invalid_file"


def test_the_template_downloads_as_csv(client, as_user):
    response = client.http.get("/api/societies/import/template.csv",
                               headers={"Authorization": f"Bearer {as_user('uco.demo').token}"})
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    assert "registration_no" in response.body.decode("utf-8")


def test_imported_societies_get_their_static_pages_and_the_district_sitemap(client, as_user):
    """Link previews work for imported societies too: one page each, the sitemap written once."""
    from chalicelib.config import settings
    from chalicelib.store import aws
    api = as_user("uco.demo")
    status, result = upload(client, api.token, csv_of([row(n) for n in range(1, 4)]), dry_run=False)
    assert status == 200 and result["created"] == 3
    s3, bucket = aws.client("s3"), settings().site_bucket
    ids = [s["id"] for s in api.get("/api/societies?q=IMP-")[1]["items"]]
    assert len(ids) == 3
    for society_id in ids:
        page = s3.get_object(Bucket=bucket, Key=f"s/{society_id}.html")["Body"].read().decode("utf-8")
        assert 'property="og:title"' in page
    sitemap = s3.get_object(Bucket=bucket, Key="s/sitemap-4044.xml")["Body"].read().decode("utf-8")
    assert all(society_id in sitemap for society_id in ids)
