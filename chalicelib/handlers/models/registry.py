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


# --- imports too large for one request: an upload, then a job ----------------------------------------------

class ImportUploadRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    content_type: Literal["text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] = Field(
        description="The file's type: CSV or XLSX")
    size: int = Field(ge=1, le=5 * 1024 * 1024, description="The file's size in bytes (at most 5 MB)")


class ImportUpload(Out):
    """An S3 presigned POST, valid expires_in seconds: POST the file as multipart form data to url with fields
    (the file last), then start the job with upload_id."""
    upload_id: str
    url: str
    fields: dict[str, str]
    expires_in: int
    max_bytes: int


UploadId = Field(pattern="^[0-9a-f]{16}$", description="upload_id of POST /api/societies/import/uploads")


class ImportJobRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    upload_id: str = UploadId
    dry_run: bool = Field(False, description="true: check every row and write nothing")


class ImportJobPath(BaseModel):
    job_id: str = Field(pattern="^[0-9a-f]{16}-(check|import)$", description="The job's id")


class ImportFailure(Out):
    code: str
    message: str
    message_bn: str


class ImportJob(Out):
    """An import job: its state (queued, checking, writing, done, failed), progress (rows_done of rows) and, when
    done, the result as a direct import answers it (errors: at most 500 of error_count)."""
    job_id: str
    state: Literal["queued", "checking", "writing", "done", "failed"]
    dry_run: bool
    rows: int = Field(description="Rows in the file")
    rows_done: int = Field(description="Rows checked and written (or found already there) so far")
    valid: int
    errors: list[RowError]
    error_count: int
    created: int
    unchanged: int
    created_at: str
    updated_at: str
    failure: ImportFailure | None = Field(None, description="Why a failed job stopped")
