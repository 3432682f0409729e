"""The messaging centre: templates, preview and send (handlers/messaging.py)."""
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ...domain import messaging_input
from ...domain.messaging import KINDS, MAX_TEMPLATE_CHARS, SOURCES
from ...domain.sms import ENCODINGS
from .common import AreaCode, AreaQuery, Out  # noqa: F401  (AreaQuery: routes)
from .message_jobs import MessageJob


class MessageFilter(messaging_input.MessageFilter):
    """The domain's filter (domain/messaging_input.py), its area a known area code."""
    area_code: AreaCode | None = Field(default=None, description="Default: the caller's office's area; must lie "
                                                                 "in it")


class MessageRequest(messaging_input.MessageRequest):
    """What the service validates (domain/messaging_input.py): exactly one of template and text."""
    filter: MessageFilter = Field(default_factory=MessageFilter)


class TemplatePath(BaseModel):
    model_config = ConfigDict(defer_build=True)
    kind: Literal[KINDS] = Field(description="The standard message (404 unknown_template_kind for any other)")


class TemplateText(BaseModel):
    model_config = ConfigDict(defer_build=True)
    text: str = Field(min_length=1, max_length=MAX_TEMPLATE_CHARS,
                      description="Variables as {name}: see GET /api/messages/templates")


class SizeRequest(messaging_input.SizeRequest):
    """What the service validates (domain/messaging_input.py)."""


class SmsSizeView(Out):
    encoding: Literal[ENCODINGS]
    units: int = Field(description="Characters as the SMS counts them (GSM-7 units or UTF-16 code units)")
    parts: int = Field(description="SMS parts each recipient gets (a one-letter society name)")


class Variable(Out):
    name: str
    label_bn: str
    label_en: str


class MessageTemplate(Out):
    kind: Literal[KINDS]
    label_bn: str | None = None
    label_en: str | None = None
    text: str
    source: Literal[SOURCES]
    builtin_text: str | None = None
    national_text: str | None = None
    updated_at: str | None = None
    updated_by: str | None = None
    encoding: Literal[ENCODINGS] | None = None
    parts: int = Field(description="SMS parts with a one-letter name and the other variables at their longest")
    variables: list[Variable]
    send_days: list[int] | None = Field(None, description="A loan reminder: the days it goes out, relative to each "
                                                          "due date (before it negative; empty: not sent), as "
                                                          "configured (LOAN_REMINDER_DAYS_BEFORE, "
                                                          "LOAN_REMINDER_ON_DUE_DAY, LOAN_OVERDUE_REMINDER_DAYS)")
    send_when_bn: str | None = None
    send_when_en: str | None = None


class MessageTemplates(Out):
    area_code: str
    district_code: str | None = None
    can_edit: bool
    edits: Literal[SOURCES[1:]] | None = Field(None, description="Which text the caller's office edits: HQ the "
                                                                 "national one, a district office its own")
    max_parts: int | None = None
    free_text_variables: list[Variable] | None = None
    items: list[MessageTemplate]


class Sample(Out):
    society_id: str
    society_name: str
    role: str
    phone: str = Field(description="Masked: +880181****001")
    text: str


class MessagePreview(Out):
    recipients: int
    parts: int
    cost_paisa: int
    text: str = Field(description="The first recipient's SMS (each society's differs)")
    cost_taka_bn: str | None = None
    cost_taka_en: str | None = None
    recipients_bn: str | None = None
    parts_bn: str | None = None
    encoding: Literal[ENCODINGS] | None = None
    parts_per_sms: int | None = None
    societies: int | None = None
    kind: str | None = None
    area_code: str | None = None
    needs_confirmation: bool | None = None
    samples: list[Sample] | None = None


class MessageSendResult(MessageJob):
    """The job started (follow GET /api/messages/jobs/{job_id}), with what the send costs; a send to an
    area too big to compose within the request answers state `composing`, these three null, and a worker
    composes it (the job's total, parts and cost then say)."""
    recipients: int | None
    parts: int | None
    cost_paisa: int | None
