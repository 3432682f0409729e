"""A society as the public and its offices read it: answers and list queries (models/public and
models/registry). Kept apart from the input rules (domain/society_input, with phone numbers), which a
reading first request does not need."""
from datetime import date
from typing import Annotated, Literal

from pydantic import Field, create_model

from ...config import settings
from ...domain.statutory import OBLIGATION_KINDS
from ...domain.society import SOCIETY_KINDS, SOCIETY_LEVELS
from ...domain.terms import COMMITTEE_KINDS, STATUSES
from .common import Area, AreaQuery, Cursor, Out

Status = Literal[STATUSES]
Id = Annotated[str, Field(pattern="^[0-9a-f]{17}$")]


class StatusLabel(Out):
    bn: str
    en: str


class Obligation(Out):
    kind: Literal[OBLIGATION_KINDS]
    due_on: date
    status: Status
    days_left: int | None = None
    subject: str | None = None
    projected: bool | None = None
    rule: str
    rule_bn: str | None = None


class PublicSociety(Out):
    """A society as the public sees it: never a phone number."""
    id: Id
    registration_no: str
    registered_on: date
    name_bn: str
    name_en: str | None = None
    address: str | None = None
    upazila_code: str
    committee_kind: Literal[COMMITTEE_KINDS]
    committee_started_on: date
    term_ends_on: date
    last_agm_on: date | None = None
    last_audit_year: str | None = None
    last_audit_on: date | None = None
    last_accounts_year: str | None = None
    last_rectification_on: date | None = None
    facebook_url: str | None = None
    dissolved_on: date | None = None
    level: Literal[SOCIETY_LEVELS] | None = None
    kind: Literal[SOCIETY_KINDS] | None = None
    days_left: int
    status: Status
    status_label: StatusLabel | None = None
    area: list[Area]
    obligations: list[Obligation] | None = None


ByStatus = create_model("ByStatus", __base__=Out, **{status: (int, ...) for status in STATUSES})


class Counts(Out):
    area: Area
    lineage: list[Area] | None = None
    total: int
    by_status: ByStatus


class SocietyQuery(AreaQuery):
    """A page of an area's societies, with filters."""
    status: Status | None = Field(None, description="Only societies of this colour")
    committee_kind: Literal[COMMITTEE_KINDS] | None = Field(None, description="Only this kind of committee")
    q: str | None = Field(None, description="Part of the name (Bengali or English) or registration number")
    cursor: Cursor | None = None
    limit: int | None = Field(None, ge=1, le=200, description="Items per page (default 50)")

    def filters(self) -> dict:
        return {"status": self.status, "committee_kind": self.committee_kind,
                "q": (self.q or "").strip() or None, "cursor": self.cursor or None,
                "limit": self.limit or settings().page_size}
