"""The borrower's side of an Asrayon loan: paying an instalment with bKash, and the loan's public page."""
from chalice import Blueprint

from ..bootstrap import payment_parts
from ..config import settings
from .api import Routes
from .auth import jwt_auth
from .common import OnFirstUse, dhaka_today, utc_now

loan_purpose = OnFirstUse("chalicelib.services.loan_purpose")
bp = Blueprint(__name__)
routes = Routes(bp, models="loan_payments", authorizer=jwt_auth)
NO_STORE = {"Cache-Control": "no-store"}


def _loans():
    from ..store.loans import Loans
    return Loans()


@routes.post("/public/loans/{loan_id}/pay", path_params="LoanPath", body="LoanPayRequest",
             answers={200: "LoanPaymentStart"}, errors=(400, 404, 409), public=True, headers=NO_STORE)
def pay_loan(loan_id, body):
    """Start paying a loan's instalment with bKash (the borrower, from the SMS link)

    400 invalid_amount: below Tk 1 or above what is outstanding. 404 loan_not_found: no such loan, or the phone is
    not the borrower's (the same answer). 409 loan_settled (nothing is due), payment_in_progress (a payment of it
    is being completed), payment_unavailable (bKash could not start a payment now), overdue_first (the project
    refuses paying ahead after a deadline and instalments are overdue: pay the overdue amount, named in the error,
    or less; with no amount given, the overdue amount is asked). bKash's callback then sends
    the browser to loan.html?loan=<loan_id>.
    """
    callback = f"{settings().public_api_url}/api/payments/bkash/callback"
    return loan_purpose.pay(_loans(), payment_parts(answer_in_time=True), loan_id, body, utc_now("milliseconds"),
                            callback, settings().arrears_rules())


@routes.get("/public/loans/{loan_id}", path_params="LoanPath", query="BorrowerQuery", answers={200: "BorrowerLoan"},
            errors=(400, 404), public=True, headers=NO_STORE)
def borrower_loan(loan_id, query):
    """A loan as its borrower sees it: what is due, the schedule, the latest payments

    400 invalid_parameter: no phone. 404 loan_not_found: the same answer whether the loan or the phone is wrong.
    """
    from ..store.payments import Payments
    return loan_purpose.borrower_view(_loans(), Payments(), loan_id, query.phone, dhaka_today(),
                                      settings().arrears_rules())
