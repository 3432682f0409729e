"""bKash's callback and IPN, officers' deposits, flagged payments and refunds (handlers/payments.py)."""
from datetime import date as Date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from ...domain.market import SALES_BY
from ...domain.payments import IPN_RESULTS, PURPOSES, STATES
from ...domain.society_input import SCHEMA_DATE
from .common import AreaQuery, FormatQuery, Out, Query

# The period's days: checked by the service (400 invalid_date, invalid_period), documented here.
Day = Annotated[str, Field(json_schema_extra={"format": "date", "pattern": SCHEMA_DATE})]


class CallbackQuery(Query):
    paymentID: str | None = Field(None, description="bKash's payment id")
    status: str | None = Field(None, description="success, failure or cancel: a hint only; only bKash's execute or "
                                                 "query answer settles the payment (cancel and failure make us ask "
                                                 "bKash)")
    signature: str | None = Field(None, description="As bKash gives it (not used)")


class SnsMessage(BaseModel):
    """An SNS message (SNS posts its JSON as text/plain)."""
    model_config = ConfigDict(extra="allow", defer_build=True)


class PeriodQuery(AreaQuery):
    from_: Day | None = Field(None, alias="from", description="First day (Asia/Dhaka), included; not after `to` "
                                                              "(400 invalid_period)")
    to: Day | None = Field(None, description="Last day (Asia/Dhaka), included")

    @property
    def period(self) -> dict:
        return {"from": self.from_, "to": self.to}


class PurposeQuery(Query):
    purpose: Literal[PURPOSES] | None = Field(None, description="Only payments for this purpose (default: every "
                                                                "purpose)")


class SalesQuery(PeriodQuery, PurposeQuery):
    by: Literal[SALES_BY] = Field("society", description="Group by (default: society); product: what was paid for")


class FlaggedQuery(AreaQuery, PurposeQuery):
    pass


class DepositsQuery(PeriodQuery, PurposeQuery, FormatQuery):
    pass


class PaymentPath(BaseModel):
    payment_id: str = Field(description="bKash's payment id (payment_id of a deposit or flagged payment)")


def _absent_only(schema: dict) -> None:
    """Left out it has a default; sent, it must be a value (null is refused)."""
    schema.pop("default", None)


class RefundRequest(BaseModel):
    model_config = ConfigDict(defer_build=True)
    reason: str = Field(min_length=3, max_length=255, description="3 to 255 characters after trimming spaces")
    amount_paisa: Annotated[int, Field(ge=1)] | SkipJsonSchema[None] = Field(
        None, description="Default: all that is not refunded yet; at most that (400 refund_amount)",
        json_schema_extra=_absent_only)


class Payment(Out):
    """One bKash payment attempt (id: ours, sent to bKash as merchantInvoiceNumber)."""
    id: str
    purpose: Literal[PURPOSES]
    purpose_ref: str
    amount_paisa: int
    upazila_code: str
    society_id: str
    created_at: str
    state: Literal[STATES]
    bkash_payment_id: str | None
    trx_id: str | None
    completed_at: str | None
    executed_at: str | None = Field(None, description="When bKash moved the money (its paymentExecuteTime, UTC)")
    updated_at: str | None
    problem: str | None
    refunded_paisa: int
    received_paisa: int | None = Field(description="What bKash says it took, when that differs from amount_paisa (a "
                                                   "refund returns at most this)")
    refund_trx_ids: list[str]
    refund_pending_paisa: int | None = Field(description="A refund asked of bKash whose outcome is not recorded yet "
                                                         "(bKash's refund status settles it before any new refund)")
    refund_pending_since: str | None = Field(description="Set while a request waits for bKash's answer to that refund")
    item_id: str = Field(description="What is paid for (the product of an order)")
    item_bn: str
    item_en: str
    quantity: int
    payee_bn: str = Field(description="Who it is paid to (the society)")
    payee_en: str
    version: int


class Deposit(Payment):
    payment_id: str | None
    invoice_no: str
    net_paisa: int


class DayTotal(Out):
    date: Date
    count: int
    total_paisa: int


class Deposits(Out):
    area_code: str
    items: list[Deposit]
    count: int
    total_paisa: int
    by_day: list[DayTotal]


class FlaggedPayment(Payment):
    kind: Literal["payment"]
    payment_id: str | None
    refundable: bool = Field(description="Whether the caller's office may send this payment's money back now")


class UnmatchedIpn(Out):
    kind: Literal["unmatched_ipn"]
    id: str
    trx_id: str | None
    amount: Any = Field(description="As bKash's message gave it")
    received_at: str
    state: Literal["unmatched_ipn"]


class Flagged(Out):
    items: list[FlaggedPayment | UnmatchedIpn]
    count: int


class IpnResult(Out):
    result: Literal[IPN_RESULTS]


class SalesRow(Out):
    key: str
    label_bn: str
    label_en: str
    orders: int
    quantity: int
    amount_paisa: int


class Sales(Out):
    area_code: str
    by: Literal[SALES_BY]
    rows: list[SalesRow]
    total_paisa: int
    orders: int
