"""What the upazila office enters for a project's fund: a deposit, a remittance, an allocation (pydantic, loaded on a
write)."""
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from .bangla import normalise_bn
from .loan_input import not_a_truth_value
from .society_input import SEEN, not_in_future, plausible_date, schema_only

MAX_FUND_PAISA = 10**14  # Tk 1 lakh crore: beyond it is a typing slip


class FundRecordInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: Literal["deposit", "remittance", "allocation"] = Field(
        description="deposit: money put into the project's bank account; remittance: service charge sent on; "
                    "allocation: fund allocated to the project")
    on: date = Field(json_schema_extra=schema_only(
        description="The day on the voucher or letter: between 1900 and 2199 and not after today (Asia/Dhaka)"))
    amount_paisa: int = Field(ge=1, le=MAX_FUND_PAISA)
    reference: str = Field(min_length=1, max_length=80, pattern=f"^{SEEN}([\\s\\S]*{SEEN})?$",
                           description="Bank voucher, deposit slip or allocation letter number: the same kind and "
                                       "reference again is the same record (200 with it; other figures: 409 "
                                       "reference_recorded)")
    note: str = Field("", max_length=200)

    @field_validator("reference", "note", mode="before")
    @classmethod
    def _normalised(cls, value):
        return normalise_bn(value) if isinstance(value, str) else value

    @field_validator("amount_paisa", mode="before")
    @classmethod
    def _not_a_truth_value(cls, value):
        return not_a_truth_value(value)

    @field_validator("on")
    @classmethod
    def _day(cls, value: date, info: ValidationInfo) -> date:
        return not_in_future(plausible_date(value), info)
