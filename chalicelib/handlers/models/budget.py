"""Budget files (handlers/budget.py)."""
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ...domain.budget import (DECISIONS, HEAD_CODES, HEADS, JUSTIFICATION_MAX, KINDS, MAX_AMOUNT_PAISA,
                               RESOLUTION_MAX_BYTES, RESOLUTION_TYPES, STATES)
from ...domain.society_user_input import POSITIONS, SocietyUserInput  # noqa: F401  (routes)
from .common import NoInput, Out, SocietyId, SocietyPath  # noqa: F401  (NoInput, SocietyPath: routes)


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class ItemInput(_Input):
    head: Literal[HEAD_CODES] = Field(description="A head of the fixed chart: "
                                                  + ", ".join(f"{h.code} ({h.name_en})" for h in HEADS))
    amount_paisa: int = Field(gt=0, le=MAX_AMOUNT_PAISA, description="The head's whole amount in paisa")
    justification: str = Field(min_length=3, max_length=JUSTIFICATION_MAX)


class BudgetInput(_Input):
    society_id: SocietyId
    financial_year: str = Field(pattern="^20[0-9]{2}-[0-9]{2}$", description='"2026-27"')
    kind: Literal[KINDS] = Field("budget", description="budget, or post_facto: sanction of money already spent")
    items: list[ItemInput] = Field(min_length=1, max_length=len(HEADS), description="Each head at most once")
    resolution_on: str | None = Field(None, pattern="^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                                      description="Date of the general meeting's resolution")
    email: str | None = Field(None, max_length=254, description="The society's e-mail for the file's notices")


class SubmitInput(_Input):
    items: list[ItemInput] | None = Field(None, min_length=1, max_length=len(HEADS),
                                          description="A returned file's edited items (a new round)")


class RecommendInput(_Input):
    note: str | None = Field(None, max_length=1000)
    round: int | None = Field(None, ge=1, description="The round the note was written on (409 if older)")
    memo_no: str | None = Field(None, max_length=80, description="The e-Nothi memo number of this movement")


class Change(_Input):
    head: Literal[HEAD_CODES]
    amount_paisa: int = Field(ge=0, le=MAX_AMOUNT_PAISA)


class DecideInput(_Input):
    decision: Literal[DECISIONS]
    reason: str | None = Field(None, max_length=1000, description="Required unless approved")
    changes: list[Change] | None = Field(None, description="approved_with_changes: reduced amounts")
    round: int | None = Field(None, ge=1, description="The round decided on (409 stale_version if older)")
    memo_no: str | None = Field(None, max_length=80, description="The e-Nothi memo number of this movement")


class BudgetPath(BaseModel):
    budget_id: str = Field(pattern="^bud-[0-9a-f]{10}$", description="bud- and 10 hex digits")


class Item(Out):
    head: str
    amount_paisa: int
    justification: str


class Movement(Out):
    at: str
    by: str
    office_code: str | None = Field(description="The acting office; null when the society acted")
    action: str
    round: int
    note: str | None = None
    memo_no: str | None = None
    to_office_code: str | None = None
    on_behalf: bool | None = Field(None, description="true: the upazila office acted for the society")


class ResolutionUploadRequest(_Input):
    content_type: Literal[tuple(RESOLUTION_TYPES)] = Field(description="The scan's type: PDF, JPEG or PNG")
    size: int = Field(ge=1, le=RESOLUTION_MAX_BYTES, description="The scan's size in bytes (at most 5 MB)")


class ResolutionUpload(Out):
    """An S3 presigned POST, valid expires_in seconds: POST the scan as multipart form data to url with fields
    (the file last), then attach it with POST /api/budgets/{budget_id}/resolution {upload_id}."""
    upload_id: str
    url: str
    fields: dict[str, str]
    expires_in: int
    max_bytes: int


class AttachResolution(_Input):
    upload_id: str = Field(pattern="^[0-9a-f]{16}$", description="upload_id of the upload form")


class ResolutionDownload(Out):
    """A presigned GET of the scan, valid expires_in seconds."""
    url: str
    expires_in: int
    content_type: str
    size: int


class ResolutionFile(Out):
    content_type: str
    size: int
    attached_at: str
    attached_by: str


class Budget(Out):
    id: str
    society_id: str
    society_name_bn: str
    upazila_code: str
    financial_year: str
    kind: Literal[KINDS]
    items: list[Item]
    total_paisa: int
    resolution_on: str | None = None
    resolution_attached: bool = Field(description="false: the resolution's scan is missing (it never blocks a step)")
    resolution_file: ResolutionFile | None = None
    society_email: str | None = None
    created_by: str
    created_at: str
    updated_at: str
    state: Literal[STATES]
    state_bn: str
    holder_office_code: str | None = Field(description="The office holding the file; null while with the society")
    copied_office_codes: list[str]
    round: int
    version: int
    submitted_by: str | None = None
    recommended_by: str | None = None
    decided_by: str | None = None
    decision_reason: str | None = None
    approved_items: list[Item]
    approved_total_paisa: int | None = None
    due_on: str | None = None
    movements: list[Movement]


class SocietyUser(Out):
    username: str
    society_id: str
    position: Literal[POSITIONS]
    name_bn: str
    phone: str
    created_by: str
    created_at: str
    temporary_password: str = Field(description="Shown once")
