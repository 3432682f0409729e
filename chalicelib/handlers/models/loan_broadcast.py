"""A message to every borrower of a project (handlers/loan_broadcast.py)."""
from pydantic import BaseModel, ConfigDict, Field

from ...domain.messaging import MAX_TEMPLATE_CHARS
from .common import Out
from .loans import ProjectPath  # noqa: F401  (the project's path)
from .message_jobs import MessageJob


class BroadcastPreviewInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(max_length=MAX_TEMPLATE_CHARS, description="The message; may use {borrower}, {amount}, "
                      "{due}, {pay_link}, {office_name}, {upazila}, {district}, filled in per borrower")


class BroadcastInput(BroadcastPreviewInput):
    expected_recipients: int | None = Field(None, ge=1, le=1_000_000, description="The count the preview showed: "
                                            "needed when there are more than 5 (409 confirmation_needed otherwise)")
    client_request_id: str | None = Field(None, min_length=8, max_length=64, pattern="^[A-Za-z0-9_-]+$",
                                          description="The caller's own id for this send: the same id again "
                                                      "answers the job it started")


class BroadcastSample(Out):
    loan_id: str
    borrower_name_bn: str
    phone: str = Field(description="Masked")
    text: str


class BroadcastPreview(Out):
    project_id: str
    recipients: int
    recipients_bn: str
    parts: int
    cost_paisa: int
    needs_confirmation: bool = Field(description="More than 5 borrowers: the send needs expected_recipients")
    samples: list[BroadcastSample]


class BroadcastJob(MessageJob):
    """The bulk job started (follow GET /api/messages/jobs/{job_id})."""
