"""Officer routes of the monthly recovery report of Asrayon loans, and of the project fund it reports."""
from chalice import Blueprint

from .api import Reply, Routes
from .auth import jwt_auth
from .common import OnFirstUse, csv_file, current_caller, dhaka_today, utc_now
from .stores import Loans

recovery = OnFirstUse("chalicelib.services.loan_recovery")
fund = OnFirstUse("chalicelib.services.loan_fund")
bp = Blueprint(__name__)
routes = Routes(bp, models="loan_recovery", authorizer=jwt_auth)


@routes.get("/loans/recovery", query="RecoveryQuery",
            answers={200: {"application/json": "Recovery", "text/csv": None}}, errors=(400,))
def recovery_report(query):
    """The monthly recovery report of an area (default: the caller's office's): per project and in total, what fell
    due in the month, what was recovered, the recovery rates, overdue by bucket and PAR30 at the month's end

    Every loan of the area is read, a page at a time (HQ and a division too). With format=csv, a file with Bengali
    and English headers and a total row. 400 invalid_month, unknown_area. 403 outside_jurisdiction.
    """
    month = query.month or dhaka_today().strftime("%Y-%m")
    report = recovery.area_recovery(Loans(), current_caller(bp.current_request), query.area, month)
    if query.format == "csv":
        return csv_file(recovery.recovery_csv(report), f'recovery-{report["area_code"] or "BD"}-{month}.csv')
    return report


@routes.post("/asrayon/projects/{project_id}/fund", path_params="ProjectPath", body="FundRecordInput",
             answers={201: "FundRecord", 200: "FundRecord"}, errors=(400, 404, 409))
def record_fund(project_id, body):
    """Record a deposit into the project's bank account, service charge remitted, or fund allocated to the project
    (the project's upazila office; audited, never edited)

    The same kind and reference sent again answers 200 with the record already there. 400 invalid_input. 404
    project_not_found. 409 reference_recorded (that reference with other figures). 403 outside_jurisdiction,
    upazila_office_only.
    """
    found, new = fund.record_fund(Loans(), current_caller(bp.current_request), project_id, body, dhaka_today(),
                                  utc_now())
    return Reply(found, 201 if new else 200)


@routes.get("/asrayon/projects/{project_id}/fund", path_params="ProjectPath", answers={200: "ProjectFund"},
            errors=(404,))
def project_fund(project_id):
    """A project's deposits, remittances and allocations, oldest first, and their totals

    404 project_not_found. 403 outside_jurisdiction.
    """
    return fund.project_fund(Loans(), current_caller(bp.current_request), project_id)
