"""Bulk SMS jobs, the delivery log, the suppression list and the monthly spend (handlers/message_jobs.py)."""
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema

from ...domain.outbox import JOB_STATES, MONTH_PATTERN, STATES, STOP_REASONS, checked_month
from .common import AreaCode, Cursor, OfficeCode, Out, Query

PAGE_SIZE = "Page size (default 50)"
PHONE_PATTERN = r"^(\+?880|0)1[3-9][0-9]{8}$"
PHONE_RULE = ("A Bangladeshi mobile number: 01XXXXXXXXX or +8801XXXXXXXXX (the API also takes Bengali digits and "
              "dashes; anything else is 400 invalid_phone)")
Month = Annotated[str, AfterValidator(checked_month), WithJsonSchema({"type": "string", "pattern": MONTH_PATTERN})]


class PageQuery(Query):
    cursor: Cursor | None = Field(None, description="The next_cursor of the previous page (400 invalid_cursor if "
                                                    "it is not one)")
    limit: int | None = Field(None, ge=1, le=200, description=PAGE_SIZE)


class OfficeMonthQuery(Query):
    office_code: AreaCode | None = Field(None, description="Office (default: the caller's); an office reads its "
                                                           "own and those below it")
    month: Month | None = Field(None, description="YYYY-MM (default: this month, Dhaka time)")


class LogQuery(PageQuery, OfficeMonthQuery):
    status: Literal[STATES] | None = Field(None, description="Only SMS in this state")
    format: Literal["json", "csv"] | None = Field(None, description="Default: json")


class JobPath(BaseModel):
    model_config = ConfigDict(defer_build=True)
    job_id: str = Field(max_length=64, description="Job id")


class LogPath(BaseModel):
    model_config = ConfigDict(defer_build=True)
    log_id: str = Field(max_length=400, description="The log entry's id")


class PhonePath(BaseModel):
    model_config = ConfigDict(defer_build=True)
    phone: str = Field(pattern=PHONE_PATTERN, description="The number. " + PHONE_RULE)


class CapPath(BaseModel):
    model_config = ConfigDict(defer_build=True)
    office_code: OfficeCode = Field(description="The office whose cap is set (BD: the headquarters' own, as in "
                                                "/api/offices/{code})")


class AnyInput(BaseModel):
    """Any JSON object (nothing in it is read)."""
    model_config = ConfigDict(extra="allow", defer_build=True)


class SuppressionInput(BaseModel):
    model_config = ConfigDict(defer_build=True)
    phone: str = Field(pattern=PHONE_PATTERN, description=PHONE_RULE)
    reason: str = Field(min_length=2, max_length=200, pattern=r"\S")


class SmsCap(BaseModel):
    model_config = ConfigDict(defer_build=True)
    cap_paisa: int = Field(ge=0, le=10 ** 11)


class MessageJob(Out):
    job_id: str
    state: Literal[JOB_STATES]
    kind: str
    description: str | None = None
    starts_at: str | None = Field(None, description="When it starts (waiting) or started: UTC ISO time")
    created_at: str | None = None
    created_by: str | None = None
    office_code: str | None = None
    stop_reason: Literal[STOP_REASONS] | None = None
    total: int
    queued: int
    sending: int | None = None
    sent: int
    failed: int
    unknown: int | None = None
    suppressed: int | None = None
    parts: int | None = None
    cost_paisa: int | None = None


class MessageJobList(Out):
    items: list[MessageJob]
    next_cursor: str | None


class DeliveryLogEntry(Out):
    id: str
    at: str | None = None
    phone: str
    role: str | None = None
    society_id: str | None = None
    text: str
    parts: int | None = None
    cost_paisa: int | None = None
    message_id: str | None = None
    status: Literal[STATES]
    job_id: str | None = None
    kind: str | None = None
    office_code: str | None = None
    error: str | None = None
    resent_as: str | None = None
    resend_of: str | None = None


class DeliveryLog(Out):
    office_code: str
    month: str
    items: list[DeliveryLogEntry]
    next_cursor: str | None


class Suppression(Out):
    phone: str
    reason: str
    added_on: str
    added_by: str
    office_code: str | None = None


class SuppressionList(Out):
    items: list[Suppression]
    next_cursor: str | None


class SuppressionRemoved(Out):
    phone: str
    removed: bool


class SmsSpend(Out):
    office_code: str
    month: str
    spent_paisa: int
    cap_paisa: int
    sms: int
    parts: int
