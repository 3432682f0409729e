"""Officer routes of Asrayon loans: projects, loans on the approved list, a loan as of a day, defaulters."""
from chalice import Blueprint

from .api import Reply, Routes
from .auth import jwt_auth
from .common import OnFirstUse, csv_file, current_caller, dhaka_today, utc_now
from .stores import Loans, Societies, new_id

loans = OnFirstUse("chalicelib.services.loans")
bp = Blueprint(__name__)
routes = Routes(bp, models="loans", authorizer=jwt_auth)
CSV = "text/csv"


def _caller():
    return current_caller(bp.current_request)


@routes.post("/asrayon/projects", body="ProjectInput", answers={201: "Project"}, errors=(400,))
def create_project(body):
    """Add an Asrayon project (the upazila office of its upazila)

    400 invalid_input (error.details names each field: the bKash number, a society id of no society of this
    upazila, dates). 403 outside_jurisdiction, upazila_office_only (an office above files a correction request).
    """
    project = loans.create_project(Loans(), Societies(), new_id, _caller(), body, dhaka_today(), utc_now())
    return Reply(loans.project_view(project), 201)


@routes.get("/asrayon/projects", query="AreaQuery", answers={200: "Projects"}, errors=(400,))
def list_projects(query):
    """Asrayon projects of an area (default: the caller's office's)

    400 unknown_area. 403 outside_jurisdiction.
    """
    code, found = loans.area_projects(Loans(), _caller(), query.area)
    return {"area_code": code, "items": [loans.project_view(p) for p in found]}


@routes.get("/asrayon/projects/{project_id}", path_params="ProjectPath", answers={200: "Project"}, errors=(404,))
def get_project(project_id):
    """An Asrayon project

    404 project_not_found. 403 outside_jurisdiction.
    """
    return loans.project_view(loans.readable_project(Loans(), _caller(), project_id))


@routes.put("/asrayon/projects/{project_id}/late-policy", path_params="ProjectPath", body="LatePolicyInput",
            answers={200: "Project"}, errors=(400, 404, 409))
def set_late_policy(project_id, body):
    """Set what the project does when a borrower misses a deadline, from today (the project's upazila office)

    accept_and_flag (the default): a late payment is credited and flagged. accept_with_charge: late_charge_paisa is
    levied once per instalment missed beyond the tolerance (due from today on), as a ledger entry the daily scan
    appends. refuse_after_deadline: while a borrower is in arrears, paying more than what is overdue is refused (409
    overdue_first); paying the overdue amount or less never is, and money that arrives anyway is recorded and
    flagged. 400 invalid_input. 404 project_not_found. 409 project_changed. 403
    outside_jurisdiction, upazila_office_only.
    """
    return loans.project_view(loans.set_late_policy(Loans(), _caller(), project_id, body, dhaka_today()))


@routes.get("/asrayon/projects/{project_id}/loans", path_params="ProjectPath", query="ProjectLoansQuery",
            answers={200: "ProjectLoans"}, errors=(400, 404))
def project_loans(project_id, query):
    """A project's loans (its approved list), each as of a day, by barrack and room, a page at a time

    q searches the borrower's name (or father's/husband's) or phone; next_cursor (null on the last page) gives the
    next page with the same q. 400 invalid_parameter (as_of, limit), invalid_cursor. 404 project_not_found. 403
    outside_jurisdiction.
    """
    return loans.project_loans(Loans(), _caller(), project_id, query.as_of or dhaka_today(), query.q, query.cursor,
                               query.limit)


@routes.post("/loans", body="LoanInput", answers={201: "Loan"}, errors=(400, 404, 409))
def create_loan(body):
    """Lend to a borrower of a project (the project's upazila office); the loan is on its approved list at once

    The schedule: equal instalments to the paisa, the remainder on the last; monthly ones on the first due date's
    day of each month (the month's last day when it is shorter), weekly ones every 7 days. 400 invalid_input. 404
    project_not_found. 409 borrower_ineligible: the borrower (same phone or NID) has another loan of the upazila in
    arrears at the end of loan_date, or a blacklist or legal referral in force that day (error.details names each).
    403 outside_jurisdiction, upazila_office_only.
    """
    loan = loans.create_loan(Loans(), new_id, _caller(), body, dhaka_today(), utc_now())
    return Reply(loans.named_loan_view(Loans(), loan), 201)


@routes.get("/loans/defaulters", query="DefaultersQuery",
            answers={200: {"application/json": "Defaulters", CSV: None}}, errors=(400,))
def defaulters(query):
    """Defaulters of an area as of any day: loans in arrears, unpaid and part paid, the longest past due first

    The ledger is replayed to the end of as_of (default: today); payments valued later are left out. An area of
    more loans than one page (LOAN_AREA_PAGE_LOANS, 20,000) is read a page at a time: the figures are the page's,
    and next_cursor (null on the last page) gives the next, with the same area_code, as_of and format (a CSV
    page: its X-Next-Cursor header and a last row). With
    format=csv, a file with Bengali and English headers and a total row. 400 invalid_parameter, unknown_area,
    invalid_cursor. 403 outside_jurisdiction.
    """
    as_of = query.as_of or dhaka_today()
    found = loans.area_defaulters(Loans(), _caller(), query.area, as_of, query.cursor)
    if query.format == "csv":
        more = {"X-Next-Cursor": found["next_cursor"]} if found.get("next_cursor") else None
        return csv_file(loans.defaulters_csv(found), f'defaulters-{found["area_code"] or "BD"}-{as_of}.csv', more)
    return found


@routes.get("/loans/{loan_id}", path_params="LoanPath", query="AsOfQuery", answers={200: "LoanAsOf"},
            errors=(400, 404))
def get_loan(loan_id, query):
    """A loan as it stood at the end of a day: its schedule with what each instalment received, arrears, bucket

    400 invalid_parameter (as_of). 404 loan_not_found. 403 outside_jurisdiction.
    """
    store = Loans()
    loan, state = loans.loan_as_of(store, _caller(), loan_id, query.as_of or dhaka_today())
    return loans.named_loan_view(store, loan, state)
