"""Correction requests (handlers/corrections.py)."""
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from ...domain.corrections import OFFICER_FIELDS, PUBLIC_FIELDS_CORRECTABLE, REASON_MAX, REASON_MIN, STATES
from .common import (AreaCode, Cursor, NoInput, Out, Query, SocietyId,  # noqa: F401  (NoInput, SocietyPath: routes)
                     SocietyPath)

Reason = Annotated[str, Field(min_length=REASON_MIN, max_length=REASON_MAX, pattern="(\\S\\s*){%d}" % REASON_MIN,
                              description=f"Why: at least {REASON_MIN} characters that are not spaces; runs of "
                                          "spaces are stored as one")]
ProposedValue = Annotated[Annotated[str, Field(max_length=300)] | int | None, Field(
    description="The new value as the registry's own field takes it (a date YYYY-MM-DD, text, paisa as an integer, "
                "a phone in any local spelling); null clears an optional field. Checked with the registry's rules "
                "against the society as it is (400 invalid_input naming the field).")]
Value = str | int | None


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class CorrectionInput(_Input):
    society_id: SocietyId
    field: Literal[OFFICER_FIELDS]
    proposed_value: ProposedValue
    reason: Reason


class PublicCorrectionInput(_Input):
    phone: str = Field(max_length=30, description="The society's president's or secretary's mobile number as the "
                                                  "office recorded it")
    field: Literal[PUBLIC_FIELDS_CORRECTABLE]
    proposed_value: ProposedValue
    reason: Reason


class RejectInput(BaseModel):
    model_config = ConfigDict(defer_build=True)
    reason: Reason


class CorrectionPath(BaseModel):
    correction_id: str = Field(pattern="^cr-[0-9a-f]{10}$", description="Request id (cr- and 10 hex digits); an id "
                                                                        "of no request answers 404")


class BoxQuery(Query):
    box: Literal["inbox", "outbox"] = Field("inbox", description="Default inbox")
    state: Literal[STATES] | None = Field(None, description="Only this state")
    office_code: AreaCode | None = Field(None, description="Another office inside the caller's area (default: the "
                                                           "caller's)")
    cursor: Cursor | None = None
    limit: int = Field(20, ge=1, le=100, description="Default 20")


class Step(Out):
    action: str
    actor: str
    office: str
    at: str
    note: str | None = None


class OfficeName(Out):
    name_bn: str
    name_en: str


class Correction(Out):
    id: str
    society_id: str
    society_name_bn: str
    owner_office: str = Field(description="The society's upazila: the office that decides")
    field: str
    current_value: Value
    proposed_value: Value
    reason: str
    requested_by: str = Field(description='Username, or "public"')
    requester_office: str = Field(description='Office code ("" HQ), or "public"')
    requester_role: str
    requester_phone: str | None = None
    created_at: str
    updated_at: str | None = None
    state: Literal[STATES]
    state_bn: str
    decided_by: str | None = None
    decided_at: str | None = None
    decision_reason: str | None = None
    version: int
    history: list[Step]
    owner_office_name: OfficeName | None = None
    requester_office_name: OfficeName | None = None
    subject_kind: Literal["society", "loan"] = Field("society", description="What the request corrects: a society, "
                                                                           "or a borrower's details on an approved loan")
    subject_id: str = Field("", description="The society's or the loan's id")
    subject_name_bn: str = Field("", description="A loan's borrower (society_name_bn is then the project's name)")


StateCounts = create_model("StateCounts", __base__=Out, **{state: (int, ...) for state in STATES})


class CorrectionBox(Out):
    box: Literal["inbox", "outbox"]
    office_code: str
    counts: StateCounts
    items: list[Correction]
    next_cursor: str | None


class CorrectionFiled(Out):
    id: str
    state: Literal["open"]
