"""Officer routes of the society registry: parse, call one service, reply."""

from chalice import Blueprint, Response

from ..bootstrap import import_stores
from ..domain import geography
from ..domain.society import EDITABLE_FIELDS, view
from ..domain.spreadsheet import XLSX_TYPE, csv_text, template_csv
from .api import Reply, Routes
from .auth import jwt_auth
from .common import OnFirstUse, csv_file, current_caller, dhaka_today, utc_now
from .stores import Corrections, ImportJobs, SiteFiles, SmsLog, Societies, Tasks, Uploads, audit, new_id

registry = OnFirstUse("chalicelib.services.registry")
society_import = OnFirstUse("chalicelib.services.society_import")
import_jobs = OnFirstUse("chalicelib.services.import_jobs")
bp = Blueprint(__name__)
routes = Routes(bp, models="registry", authorizer=jwt_auth)
CSV = "text/csv"
IMPORT_TYPES = (CSV, XLSX_TYPE, "application/octet-stream")


def _caller():
    return current_caller(bp.current_request)


@routes.post("/societies", body="SocietyInput", answers={201: "Society"}, errors=(400, 409))
def create_society(body):
    """Register a society (the owning upazila office)

    The term end is derived from the committee's kind and start when not given. 400 invalid_input (error.details
    names each field: dates not in the future and in order, phones, the cooperative years). 403
    outside_jurisdiction, correction_request_required (not the upazila's office). 409 duplicate_registration_no
    (another society of the district has this registration number).
    """
    today = dhaka_today()
    society = registry.create_society(Societies(), new_id, _caller(), body, today, utc_now(), SiteFiles())
    return Reply(view(society, today, with_obligations=True), 201)


@routes.get("/societies", query="OfficerSocietyQuery", answers={200: "SocietyList"}, errors=(400,))
def list_societies(query):
    """Societies in the caller's area

    400 invalid_parameter, unknown_area, invalid_cursor. 403 outside_jurisdiction: the area lies outside the
    caller's office.
    """
    today = dhaka_today()
    area_code, items, cursor = registry.list_societies(Societies(), _caller(), query.area, today, query.filters(),
                                                       include_dissolved=query.dissolved == "1")
    return {"items": [view(s, today) for s in items], "next_cursor": cursor, "area": geography.area(area_code)}


@routes.get("/societies/summary", query="AreaQuery", answers={200: "Counts"}, errors=(400,))
def summary(query):
    """Counts per status

    400 unknown_area. 403 outside_jurisdiction: the area lies outside the caller's office.
    """
    area_code, counts = registry.officer_status_counts(Societies(), _caller(), query.area, dhaka_today())
    return {"area": geography.area(area_code), **counts}


@routes.get("/societies/{society_id}", path_params="SocietyPath", answers={200: "Society"}, errors=(404,))
def get_society(society_id):
    """One society, with its obligations

    The obligations are one per kind (committee_term, agm, audit, audit_rectification, accounts_statement), each
    citing its rule; open_corrections lists the correction requests still open. 404 society_not_found. 403
    outside_jurisdiction.
    """
    society, open_corrections = registry.officer_society(Societies(), Corrections(), _caller(), society_id)
    return {**view(society, dhaka_today(), with_obligations=True), "open_corrections": open_corrections}


@routes.get("/societies/{society_id}/history", path_params="SocietyPath", answers={200: "History"},
            errors=(404,))
def society_history(society_id):
    """Audit trail and SMS sent

    404 society_not_found. 403 outside_jurisdiction.
    """
    return registry.history(Societies(), audit.history, SmsLog(), _caller(), society_id)


@routes.patch("/societies/{society_id}", path_params="SocietyPath", body="SocietyPatch", answers={200: "Society"},
              errors=(400, 404, 409))
def update_society(society_id, body):
    """Change a society (the owning upazila office)

    A new committee (another kind, or a start moved by more than a month) re-derives the term end unless one is
    sent, and closes the old committee's interim-committee task. 400 invalid_input. 403 outside_jurisdiction,
    correction_request_required (an office above files a correction request instead). 404 society_not_found. 409
    stale_version, duplicate_registration_no, society_dissolved.
    """
    today = dhaka_today()
    society = registry.update_society(Societies(), Tasks(), _caller(), society_id, body, today, utc_now(),
                                      pages=SiteFiles())
    return view(society, today, with_obligations=True)


@routes.delete("/societies/{society_id}", path_params="SocietyPath", answers={200: "Society"}, errors=(404, 409))
def dissolve_society(society_id):
    """Dissolve a society (kept in history)

    A dissolved society leaves the lists, counts and reminders. 403 outside_jurisdiction,
    correction_request_required. 404 society_not_found. 409 society_dissolved.
    """
    today = dhaka_today()
    society = registry.dissolve_society(Societies(), _caller(), society_id, today, utc_now(), SiteFiles())
    return view(society, today)


CSV_COLUMNS = ("registration_no", "registered_on", "name_bn", "name_en", "address", "upazila_code",
               "committee_kind", "committee_started_on", "term_ends_on", "days_left", "status",
               "last_agm_on", "last_audit_year", "last_audit_on", "last_accounts_year", "last_rectification_on",
               "paid_up_share_capital_paisa", "officer_phone", "president_phone", "secretary_phone", "facebook_url")


def csv_response(rows: list[dict], columns, filename: str) -> Response:
    return csv_file(csv_text(list(columns), ([row.get(name, "") for name in columns] for row in rows)), filename)


@routes.get("/reports/societies.csv", query="ReportQuery", answers={200: {CSV: None}}, errors=(400,))
def export_csv(query):
    """CSV export of a district or upazila

    A file (Content-Disposition: attachment); cells a spreadsheet would run as formulas start with an apostrophe.
    400 unknown_area, area_too_large (a division or the country: choose a district or an upazila). 403
    outside_jurisdiction.
    """
    today = dhaka_today()
    area_code, societies = registry.officer_area_societies(Societies(), _caller(), query.area,
                                                           [*EDITABLE_FIELDS, "id"])
    return csv_response([view(s, today) for s in societies], CSV_COLUMNS, f"societies-{area_code}-{today}.csv")


@routes.post("/societies/import", query="ImportQuery", body_media=IMPORT_TYPES, content_types=list(IMPORT_TYPES),
             answers={200: "ImportResult"}, errors=(400, 409))
def import_societies(query):
    """Import societies from a CSV or XLSX file (upazila office)

    The header row names the API fields (the template may add Bengali labels). A file whose header or format
    cannot be read answers 400 invalid_file; row errors are listed in the 200 reply and then nothing is written.
    The same file again creates nothing (unchanged counts the rows already there). JSON Schema cannot describe a
    file's rows, so a file the schema allows may still be refused. 400 import_job_required: a file of more than
    500 rows is imported as a job (POST /api/societies/import/uploads). 403 upazila_office_only.
    """
    request = bp.current_request
    return society_import.import_societies(
        Societies(), new_id, _caller(), request.raw_body or b"", request.headers.get("content-type"),
        query.dry_run == "true", dhaka_today(), utc_now(), pages=SiteFiles(),
        max_rows=society_import.DIRECT_MAX_ROWS)


@routes.post("/societies/import/uploads", body="ImportUploadRequest", answers={201: "ImportUpload"}, errors=(400,))
def import_upload(body):
    """Upload a large import file: a presigned S3 POST (CSV or XLSX, at most 5 MB)

    The file goes straight to S3 (a private bucket), then POST /api/societies/import/jobs starts its job. 400
    invalid_input, invalid_file_type, file_too_large. 403 upazila_office_only.
    """
    from ..domain.validation import validated
    from .models.registry import ImportUploadRequest
    request = validated(ImportUploadRequest, body)
    return Reply(import_jobs.upload_form(Uploads(), _caller(), request.content_type, request.size), 201)


@routes.post("/societies/import/jobs", body="ImportJobRequest", answers={202: "ImportJob"}, errors=(400,))
def start_import_job(body):
    """Check or import an uploaded file as a job (for files too large for one request)

    Every row is checked first, as POST /api/societies/import does; with no row error (and dry_run false) the new
    societies are written in chunks; GET the job for its progress and result. The same upload started again
    answers the same job. 400 file_not_uploaded, invalid_file (the file cannot be read). 403 upazila_office_only.
    """
    from ..domain.validation import validated
    from .models.registry import ImportJobRequest
    request = validated(ImportJobRequest, body)
    return Reply(import_jobs.start_job(import_stores(), _caller(), request.upload_id, request.dry_run, utc_now()),
                 202)


@routes.get("/societies/import/jobs/{job_id}", path_params="ImportJobPath", answers={200: "ImportJob"},
            errors=(404,))
def import_job(job_id):
    """An import job: its state, progress and result

    A job whose worker failed on every receive of its queue message (then in the dead-letter queue) is failed,
    failure.code import_stalled; one waiting its turn in the queue stays queued. 404 import_job_not_found. 403
    outside_jurisdiction: another office's job.
    """
    return import_jobs.get_job(ImportJobs(), _caller(), job_id)


@routes.get("/societies/import/template.csv", answers={200: {CSV: None}})
def import_template():
    """The import template

    A CSV file whose header row names the API fields, with Bengali labels and an example row to delete.
    """
    return csv_file(template_csv(), "samabay-societies-template.csv")
