"""What the upazila office enters for an approved pause or reschedule of a loan (pydantic, loaded on a write)."""
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .bangla import normalise_bn
from .loan_input import _text
from .loans import MAX_INSTALMENTS
from .society_input import bilingual_error, plausible_date, schema_only

MAX_PAUSE_DAYS = 366


def _day(description: str = "Between 1900 and 2199"):
    """A date's bounds in prose only: a pattern on top of format "date" leaves a body with more constraints than
    Schemathesis can meet (its health check fails), as for the loan's own dates (domain/loan_input.py)."""
    return Field(json_schema_extra=schema_only(description=description))


class _Decision(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = _text(3, 500, description="Why (e.g. the flood of August 2026)")
    decision_ref: str = _text(1, 120, description="The approval (committee resolution, number and date)")

    @field_validator("reason", "decision_ref", mode="before")
    @classmethod
    def _normalised(cls, value):
        return normalise_bn(value) if isinstance(value, str) else value


class PauseInput(_Decision):
    """A disaster moratorium: nothing falls due, and no day counts as past due, from starts_on to ends_on."""
    starts_on: date = _day()
    ends_on: date = _day(f"On or after starts_on, at most {MAX_PAUSE_DAYS} days after it")

    @field_validator("starts_on", "ends_on")
    @classmethod
    def _dates(cls, value: date) -> date:
        return plausible_date(value)

    @model_validator(mode="after")
    def _order(self):
        if not 0 <= (self.ends_on - self.starts_on).days < MAX_PAUSE_DAYS:
            raise bilingual_error("invalid_pause", f"The pause must end on or after its first day, within "
                                                   f"{MAX_PAUSE_DAYS} days.",
                                  "বিরতির শেষ দিন প্রথম দিনের পরে এবং ৩৬৬ দিনের মধ্যে হতে হবে।")
        return self


class RescheduleInput(_Decision):
    """A new schedule from from_on: what the instalments due from that day asked for, over new instalments."""
    from_on: date = _day("Instalments due before this day stay as they were")
    instalments: int = Field(ge=1, le=MAX_INSTALMENTS)
    frequency: Literal["monthly", "weekly"]
    first_due_on: date = _day("On or after from_on")

    @field_validator("from_on", "first_due_on")
    @classmethod
    def _dates(cls, value: date) -> date:
        return plausible_date(value)

    @model_validator(mode="after")
    def _order(self):
        if self.first_due_on < self.from_on:
            raise bilingual_error("first_due_before_reschedule", "The first new instalment cannot fall due before "
                                  "the day the new schedule starts.",
                                  "নতুন প্রথম কিস্তির তারিখ নতুন সূচি শুরুর তারিখের আগে হতে পারে না।")
        return self
