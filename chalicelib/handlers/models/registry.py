"""The society registry (handlers/registry.py): writes, the officers' lists, history, reports and imports."""
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from ...domain.society_input import SocietyInput  # noqa: F401  (routes: POST /api/societies)
from .common import Area, AreaQuery, DistrictOrUpazilaCode, Out, Query, SocietyPath  # noqa: F401  (routes)
from .societies import Counts, PublicSociety, SocietyQuery  # noqa: F401  (routes)


def _optional_everywhere(model: type[BaseModel]) -> dict:
    """The model's fields, none required: a field that is sent keeps its schema (no null where it had none)."""
    fields = {}
    for name, info in model.model_fields.items():
        optional = info._copy()
        if optional.is_required():
            optional.default_factory = lambda: None  # absent means unchanged; no "default" in the document
        fields[name] = (info.annotation, optional)
    return fields


SocietyPatch = create_model(
    "SocietyPatch", __config__=ConfigDict(extra="forbid", defer_build=True),
    __doc__="Any subset of the society fields, plus the version you read (409 when it is no longer the stored "
            "one). The result, merged with the stored record, must meet every rule of SocietyInput.",
    **_optional_everywhere(SocietyInput), version=(int, Field(default_factory=lambda: None, ge=1)))


class OpenCorrection(Out):
    id: str
    field: str
    requested_by_office: str


class Society(PublicSociety):
    """A society as its offices see it."""
    paid_up_share_capital_paisa: int | None = None
    officer_phone: str | None = None
    president_phone: str | None = None
    secretary_phone: str | None = None
    created_at: str | None = None
    created_by: str | None = None
    updated_at: str | None = None
    updated_by: str | None = None
    version: int | None = None
    next_reminder_on: date | None = None
    open_corrections: list[OpenCorrection] | None = Field(
        None, description="Open correction requests (one society's page only)")


class SocietyList(Out):
    items: list[Society]
    next_cursor: str | None
    area: Area | None = None


class AuditEntry(Out):
    at: str
    actor: str
    action: str
    before: dict | None = None
    after: dict | None = None
    correction_id: str | None = Field(None, description="The correction request this change applied")


class History(Out):
    items: list[AuditEntry]
    sms: list[dict]


class RowError(Out):
    row: int | None
    field: str | None
    message: str
    message_bn: str


class ImportResult(Out):
    rows: int
    valid: int
    errors: list[RowError]
    created: int
    unchanged: int
    dry_run: bool


class OfficerSocietyQuery(SocietyQuery):
    dissolved: Literal["0", "1"] | None = Field(None, description="1: include dissolved societies")


class ReportQuery(Query):
    # A district or upazila office may leave the area out (its own), a division or HQ office may not (400
    # area_too_large): which depends on the caller, so the document asks every caller for it.
    model_config = ConfigDict(json_schema_extra={"required": ["area_code"]})
    area_code: DistrictOrUpazilaCode | None = Field(
        None, description="District or upazila (a district or upazila office may leave it out: its own area; a "
                          "division or HQ office must choose one, 400 area_too_large otherwise)")
    upazila_code: DistrictOrUpazilaCode | None = Field(None, description="Same as area_code (taken first)")

    @property
    def area(self) -> str | None:
        return self.upazila_code if self.upazila_code is not None else self.area_code


class ImportQuery(Query):
    dry_run: Literal["true", "false"] = Field("true", description="true: check every row and write nothing")
