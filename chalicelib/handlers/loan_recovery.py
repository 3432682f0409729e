"""Officer route of the monthly recovery report of Asrayon loans."""
from chalice import Blueprint

from .api import Routes
from .auth import jwt_auth
from .common import OnFirstUse, csv_file, current_caller, dhaka_today
from .stores import Loans

recovery = OnFirstUse("chalicelib.services.loan_recovery")
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
