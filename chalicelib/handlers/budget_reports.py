"""Budget files in bulk: an office's lists, a society's own files, the decision letter, the report (issue 20)."""
from chalice import Blueprint

from .api import Routes
from .auth import jwt_auth
from .common import OnFirstUse, csv_file, current_caller, dhaka_today
from .stores import Budgets, Societies

reports = OnFirstUse("chalicelib.services.budget_reports")
view = OnFirstUse("chalicelib.domain.budget", "view")
BudgetLists = OnFirstUse("chalicelib.store.budgets", "BudgetLists")
bp = Blueprint(__name__)
routes = Routes(bp, models="budget_reports", authorizer=jwt_auth)


def _caller():
    return current_caller(bp.current_request)


@routes.get("/budgets", query="BudgetListQuery", answers={200: "BudgetPage"}, errors=(400, 404))
def list_budgets(query):
    """An office's budget files (holding, sent on, or all of its area), or one society's; a society's user gets
    its own society's files

    400 invalid_parameter, invalid_financial_year, invalid_cursor. 403 outside_jurisdiction (a society outside
    the office's area). 404 society_not_found.
    """
    page = reports.box(BudgetLists(), Societies(), _caller(), query.box, query.society_id, query.financial_year,
                       query.cursor, query.limit)
    return {**page, "items": [view(b) for b in page["items"]]}


@routes.get("/budgets/{budget_id}/letter", path_params="BudgetPath", answers={200: "BudgetLetter"},
            errors=(404, 409))
def budget_letter(budget_id):
    """The decision letter (Bengali) of an approved, approved-with-changes or rejected file, with its reference
    number

    The society and every office on the file's path read it. 403 outside_jurisdiction. 404 budget_not_found.
    409 letter_not_ready (not decided yet).
    """
    return reports.letter(Budgets(), _caller(), budget_id)


@routes.get("/budget-report", query="BudgetReportQuery",
            answers={200: {"application/json": "BudgetReport", "text/csv": None}}, errors=(400,))
def budget_report(query):
    """An office's budget report: files received and decided, median working days per step, and steps, days and
    visits against seed 003's table (before: 7 steps, 15-18 days, 4-5 visits; promised: 3, 4-5, 1-2)

    Computed from the movement logs of the files on the office's path. With format=csv, one line per file and
    the comparison lines. 400 invalid_financial_year, unknown_area, invalid_format. 403 outside_jurisdiction,
    offices_only.
    """
    rep = reports.report(BudgetLists(), _caller(), query.office_code, query.financial_year, dhaka_today())
    if query.format == "csv":
        return csv_file(reports.report_csv(rep), f"budget-report-{rep['office_code']}-{rep['financial_year']}.csv")
    return rep
