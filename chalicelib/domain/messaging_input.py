"""What an office sends to preview or send a message, validated (pydantic; loaded only when used)."""
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .messaging import MAX_TEMPLATE_CHARS, SOCIETY_KINDS
from .society_input import bilingual_error
from .terms import COMMITTEE_KINDS, STATUS_LABELS

ROLES = ("president", "secretary", "officer")
DEFAULT_ROLES = ["president", "secretary"]


class SizeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(max_length=MAX_TEMPLATE_CHARS, description="A template ({variables}) or a free text")


class MessageFilter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    area_code: str | None = Field(default=None, description="Default: the caller's office's area; must lie in it")
    status: Literal[tuple(STATUS_LABELS)] | None = None
    committee_kind: Literal[COMMITTEE_KINDS] | None = None
    society_id: str | None = Field(default=None, pattern="^[0-9a-f]{17}$",
                                   description="This one society only (the other filters do not apply)")
    agm_overdue: bool = Field(default=False, description="Only societies whose AGM is overdue")
    audit_overdue: bool = Field(default=False, description="Only societies whose audit is overdue")


class MessageRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    template: Literal[SOCIETY_KINDS] | None = Field(default=None, description="A standard message (the text "
                                                    "that applies to each society's district); or give text")
    text: str | None = Field(default=None, max_length=1000, description="Free text; may use the variables")
    filter: MessageFilter = Field(default_factory=MessageFilter)
    roles: list[Literal[ROLES]] = Field(default_factory=lambda: list(DEFAULT_ROLES), min_length=1, max_length=3,
                                        description="Whom in each society (default: president and secretary)")
    confirm: bool = Field(default=False, description="Ignored by the API; the page asks before a large send")
    client_request_id: str | None = Field(
        default=None, min_length=8, max_length=64, pattern="^[A-Za-z0-9_-]+$",
        description="Send only: the caller's own id for this send (e.g. a UUID made when Send was pressed). The "
                    "same id from the same user again answers the job it started, so a retried request sends nothing "
                    "twice")

    @model_validator(mode="after")
    def _one_of(self):
        if (self.template is None) == (self.text is None):
            raise bilingual_error("template_or_text", "Give either a template or a text.",
                                  "একটি নমুনা বার্তা অথবা নিজের লেখা দিন, যেকোনো একটি।")
        return self
