"""What the upazila loan committee's decisions carry, validated (pydantic; loads only when one is written)."""
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from .bangla import normalise_bn
from .loan_input import ID_PATTERN, _text
from .society_input import bilingual_error, not_in_future, plausible_date, schema_only

DAY_RULE = "Between 1900 and 2199 and not after today (Asia/Dhaka)."


class SanctionInput(BaseModel):
    """A blacklist entry or a referral for legal action, decided on a loan's borrower. Unknown fields are refused."""
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    loan_id: str = Field(description="A loan of the borrower (the phone and NID on it name them); 404 when there "
                                     "is no such loan", json_schema_extra={"pattern": ID_PATTERN})
    kind: Literal["blacklist", "legal_referral"]
    reason: str = _text(3, 500, description="Why the committee decided so")
    decision_ref: str = _text(1, 120, description="The loan committee's resolution (number and date)")
    # dates' bounds in prose only (a pattern on top of format "date" fails Schemathesis's health check)
    decided_on: date = Field(json_schema_extra=schema_only(description=DAY_RULE))
    lift_on: date | None = Field(default=None, description="The day the decision ends by itself, when it says so "
                                                           "(after decided_on)",
                                 json_schema_extra=schema_only(description="Between 1900 and 2199"))

    @field_validator("reason", "decision_ref", mode="before")
    @classmethod
    def _normalised(cls, value):
        return normalise_bn(value) if isinstance(value, str) else value

    @field_validator("decided_on")
    @classmethod
    def _decided(cls, value: date, info: ValidationInfo) -> date:
        return not_in_future(plausible_date(value), info)

    @field_validator("lift_on")
    @classmethod
    def _lift(cls, value: date | None) -> date | None:
        return plausible_date(value)

    @model_validator(mode="after")
    def _order(self):
        if self.lift_on and self.lift_on <= self.decided_on:
            raise bilingual_error("lift_before_decision", "The lift date must come after the decision date.",
                                  "প্রত্যাহারের তারিখ সিদ্ধান্তের তারিখের পরে হতে হবে।")
        return self


class SanctionLiftInput(BaseModel):
    """The committee's later decision that lifts a blacklist entry or a referral."""
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = _text(3, 500, description="Why it is lifted")
    decision_ref: str = _text(1, 120, description="The loan committee's resolution that lifts it")
    lifted_on: date = Field(json_schema_extra=schema_only(description=DAY_RULE))

    @field_validator("reason", "decision_ref", mode="before")
    @classmethod
    def _normalised(cls, value):
        return normalise_bn(value) if isinstance(value, str) else value

    @field_validator("lifted_on")
    @classmethod
    def _lifted(cls, value: date, info: ValidationInfo) -> date:
        return not_in_future(plausible_date(value), info)
