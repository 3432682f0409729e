"""What the upazila office enters when it has refunded a loan's overpayment (pydantic, loaded on a write)."""
from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic.json_schema import SkipJsonSchema

from .bangla import normalise_bn
from .loan_input import not_a_truth_value
from .society_input import SEEN, not_in_future, plausible_date, schema_only


def _absent_only(schema: dict) -> None:
    """Left out it has a default; sent, it must be a value (null is refused)."""
    schema.pop("default", None)


class RefundInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reference: str = Field(min_length=1, max_length=80, pattern=f"^{SEEN}([\\s\\S]*{SEEN})?$",
                           description="The refund's reference: bKash TrxID, bank voucher or cash receipt number (the "
                                       "same reference twice is 409 refund_recorded)")
    refunded_on: date = Field(json_schema_extra=schema_only(
        description="The day the money was sent back: between 1900 and 2199 and not after today (Asia/Dhaka)"))
    amount_paisa: Annotated[int, Field(ge=1)] | SkipJsonSchema[None] = Field(
        None, description="Default: all the loan holds beyond what it owes (at most that: 400 invalid_amount)",
        json_schema_extra=_absent_only)

    @field_validator("reference", mode="before")
    @classmethod
    def _normalised(cls, value):
        return normalise_bn(value) if isinstance(value, str) else value

    @field_validator("amount_paisa", mode="before")
    @classmethod
    def _not_a_truth_value(cls, value):
        return not_a_truth_value(value)

    @field_validator("refunded_on")
    @classmethod
    def _day(cls, value: date, info: ValidationInfo) -> date:
        return not_in_future(plausible_date(value), info)
