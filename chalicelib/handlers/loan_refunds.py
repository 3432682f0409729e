"""Officer routes of overpayments: the refund list of an area, and a refund recorded."""
from chalice import Blueprint

from .api import Reply, Routes
from .auth import jwt_auth
from .common import OnFirstUse, csv_file, current_caller, dhaka_today, utc_now
from .stores import Loans

refunds = OnFirstUse("chalicelib.services.loan_refunds")
loans = OnFirstUse("chalicelib.services.loans")
bp = Blueprint(__name__)
routes = Routes(bp, models="loan_refunds", authorizer=jwt_auth)


@routes.get("/loans/refunds", query="RefundsQuery", answers={200: {"application/json": "Refunds", "text/csv": None}},
            errors=(400,))
def refund_list(query):
    """Loans of an area holding money beyond all they owe today (kept, never lost), to be refunded; the most first

    An area of more loans than one page (LOAN_AREA_PAGE_LOANS, 20,000) is read a page at a time, as the defaulter
    list: the figures are the page's, and next_cursor (null on the last page) gives the next, with the same
    area_code and format (a CSV page: its X-Next-Cursor header and a last row). With format=csv, a file with
    Bengali and English headers and a total row. 400 invalid_parameter, unknown_area, invalid_cursor. 403
    outside_jurisdiction.
    """
    found = refunds.area_refunds(Loans(), current_caller(bp.current_request), query.area, dhaka_today(),
                                 query.cursor)
    if query.format == "csv":
        more = {"X-Next-Cursor": found["next_cursor"]} if found.get("next_cursor") else None
        return csv_file(refunds.refunds_csv(found), f'refunds-{found["area_code"] or "BD"}-{found["as_of"]}.csv',
                        more)
    return found


@routes.post("/loans/{loan_id}/refunds", path_params="LoanPath", body="RefundInput", answers={201: "LoanAsOf"},
             errors=(400, 404, 409))
def record_refund(loan_id, body):
    """Record that the project's upazila office refunded a loan's overpayment (bKash, bank or cash): a ledger entry
    appended under the refund's reference, valued the day it was sent, audited; the loan as of today

    400 invalid_input, invalid_amount (more than the loan holds beyond what it owes, today or on refunded_on). 404
    loan_not_found. 409 nothing_to_refund, refund_recorded (this reference already), loan_changed. 403
    outside_jurisdiction, upazila_office_only.
    """
    store = Loans()
    loan, state = refunds.record_refund(store, current_caller(bp.current_request), loan_id, body, dhaka_today(),
                                        utc_now())
    return Reply(loans.named_loan_view(store, loan, state), 201)
