"""Officer routes of a project's borrower list: the template, the import (drafts), the approval, and correction
requests on an approved loan."""
from chalice import Blueprint

from ..bootstrap import sms_notices
from ..domain.spreadsheet import XLSX_TYPE
from .api import Reply, Routes
from .auth import jwt_auth
from .common import OnFirstUse, csv_file, current_caller, dhaka_today, utc_now
from .corrections import new_id as new_correction_id
from .stores import Corrections, Loans, Offices, new_id

loan_lists = OnFirstUse("chalicelib.services.loan_lists")
corrections = OnFirstUse("chalicelib.services.corrections")
view = OnFirstUse("chalicelib.domain.corrections", "view")
bp = Blueprint(__name__)
routes = Routes(bp, models="loan_lists", authorizer=jwt_auth)
CSV = "text/csv"
IMPORT_TYPES = (CSV, XLSX_TYPE, "application/octet-stream")


def _caller():
    return current_caller(bp.current_request)


@routes.get("/asrayon/loans/template.csv", answers={200: {CSV: None}})
def list_template():
    """The borrower list's import template

    A CSV file whose header row names the columns with their Bengali labels, and an example row to delete.
    """
    return csv_file(loan_lists.template_csv(), "samabay-borrowers-template.csv")


@routes.post("/asrayon/projects/{project_id}/loans/import", path_params="ProjectPath", query="ImportQuery",
             body_media=IMPORT_TYPES, content_types=list(IMPORT_TYPES), answers={200: "ImportResult"},
             errors=(400, 404))
def import_list(project_id, query):
    """Import a project's borrower list from a CSV or XLSX file, as draft loans (the project's upazila office)

    Every row is checked (dry_run=true, the default, writes nothing); row errors are listed in the 200 reply and
    then nothing is written. A loan is known by its barrack, room and loan date: the same file again adds
    nothing (unchanged counts those rows). Draft loans are on no approved list (no reminders, arrears or
    payments) until POST .../loans/approve. 400 invalid_file, too_many_rows. 404 project_not_found. 403
    outside_jurisdiction, upazila_office_only.
    """
    request = bp.current_request
    return loan_lists.import_list(Loans(), new_id, _caller(), project_id, request.raw_body or b"",
                                  request.headers.get("content-type"), query.dry_run == "true", dhaka_today(),
                                  utc_now())


@routes.post("/asrayon/projects/{project_id}/loans/approve", path_params="ProjectPath", body="ApproveListInput",
             answers={200: "ListApproved"}, errors=(400, 404, 409))
def approve_list(project_id, body):
    """Approve a project's imported borrower list (the project's upazila office): it is locked

    Every draft loan goes on the approved list, visible to the district, division and HQ; afterwards a
    borrower's details change only through a correction request (POST /api/loans/{loan_id}/corrections). 400
    invalid_input. 404 project_not_found. 409 no_draft_loans, draft_list_changed (not expected_loans drafts),
    borrower_ineligible (a draft's borrower has another loan of the upazila in arrears at its loan date, or a
    blacklist or legal referral in force; details name each draft_loan_id). 403 outside_jurisdiction,
    upazila_office_only.
    """
    return loan_lists.approve_list(Loans(), _caller(), project_id, body, utc_now())


@routes.post("/asrayon/projects/{project_id}/loans/discard", path_params="ProjectPath", body="ApproveListInput",
             answers={200: "DraftsDiscarded"}, errors=(400, 404, 409))
def discard_drafts(project_id, body):
    """Discard a project's imported draft loans (the project's upazila office), to import a corrected file

    Approved loans stay. 400 invalid_input. 404 project_not_found. 409 no_draft_loans, draft_list_changed (not
    expected_loans drafts). 403 outside_jurisdiction, upazila_office_only.
    """
    return loan_lists.discard_drafts(Loans(), _caller(), project_id, body)


@routes.post("/loans/{loan_id}/corrections", path_params="LoanPath", body="LoanCorrectionInput",
             answers={201: "Correction"}, errors=(400, 404, 409))
def file_loan_correction(loan_id, body):
    """File a correction request on an approved loan's borrower (an office above the project's upazila)

    The project's upazila office applies or rejects it (POST /api/corrections/{id}/apply, /reject). 400
    invalid_input, no_change, invalid_reason. 403 office_above_files (the upazila office), loan_not_approved,
    outside_jurisdiction. 404 loan_not_found. 409 correction_already_open.
    """
    request = corrections.file_loan_request(Corrections(), Loans(), Offices(), sms_notices, _caller(), loan_id, body,
                                            new_correction_id, utc_now("milliseconds"))
    return Reply(view(request), 201)
