"""A borrower paying a loan instalment, and the public loan page (handlers/loan_payments.py)."""
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from ...domain.loans import INSTALMENT_STATUSES
from ...domain.payments import STATES
from .common import Out, Query
from .market import BuyerPhone

LoanId = Annotated[str, Field(pattern="^[0-9a-f]{17}$")]


def _absent_only(schema: dict) -> None:
    """Left out it has a default; sent, it must be a value (null is refused)."""
    schema.pop("default", None)


class LoanPath(BaseModel):
    loan_id: LoanId = Field(description="The loan's id (17 lower-case hex digits, as in the SMS link); an id of no "
                                        "loan answers 404")


class LoanPayRequest(BaseModel):
    model_config = ConfigDict(defer_build=True)
    phone: BuyerPhone = Field(description="The borrower's phone number; with another, 404 (as for no loan)")
    amount_paisa: Annotated[int, Field(ge=100)] | SkipJsonSchema[None] = Field(
        None, description="Default: what is due now (everything past due and the next instalment); at most what is "
                          "outstanding (400 invalid_amount)", json_schema_extra=_absent_only)


class BorrowerQuery(Query):
    phone: BuyerPhone = Field(description="The borrower's phone number; with another, 404")


class LoanPaymentStart(Out):
    payment_id: str
    bkash_url: str = Field(description="Send the borrower's browser here")
    amount_paisa: int


class BorrowerInstalment(Out):
    no: int
    due_on: str
    amount_paisa: int
    paid_paisa: int
    status: Literal[INSTALMENT_STATUSES]


class BorrowerPayment(Out):
    payment_id: str | None
    state: Literal[STATES]
    amount_paisa: int
    trx_id: str | None
    executed_at: str | None = Field(description="When bKash moved the money (what the ledger is valued at)")
    created_at: str


class BorrowerLoan(Out):
    """A loan as its borrower sees it (no name, no phone: the page proves the phone first)."""
    loan_id: str
    as_of: str
    amount_due_paisa: int = Field(description="What to pay now: everything past due and the next instalment (only "
                                              "what is overdue where the project refuses paying ahead in arrears)")
    late_charges_unpaid_paisa: int = Field(0, description="Late charges levied and not yet paid (in what is due)")
    next_due_on: str | None
    paid_paisa: int
    outstanding_paisa: int
    overdue_paisa: int
    days_past_due: int
    schedule: list[BorrowerInstalment]
    payments: list[BorrowerPayment] = Field(description="The latest bKash payments of this loan, newest first")
