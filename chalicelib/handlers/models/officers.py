"""Office administration: officers below, own profile and password, officer messages (handlers/officers.py)."""
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ...domain.jurisdiction import ROLES
from ...domain.officer_input import (OfficerInput, OfficerMessageInput, PasswordChange,  # noqa: F401  (routes)
                                     ProfilePatch, Transfer)
from ...domain.officers import MESSAGE_BOXES, STATUSES, USERNAME_PATTERN
from .common import Cursor, Out, Query
from .message_jobs import AnyInput, MessageJob  # noqa: F401  (AnyInput: routes)


class UsernamePath(BaseModel):
    model_config = ConfigDict(defer_build=True)
    username: str = Field(pattern=USERNAME_PATTERN, description="The officer's username")


class MessagePath(BaseModel):
    model_config = ConfigDict(defer_build=True)
    message_id: str = Field(pattern="^[0-9]{17}[0-9a-f]{8}$", description="The message id")


class MessageBoxQuery(Query):
    box: Literal[MESSAGE_BOXES] = Field("inbox", description="inbox (default) or sent")
    cursor: Cursor | None = Field(None, description="next_cursor of the previous page")
    limit: int = Field(30, ge=1, le=100, description="Page size (30)")


class OfficeRef(Out):
    code: str
    name_bn: str | None = None
    name_en: str | None = None
    level: str | None = None


class Officer(Out):
    username: str
    name_bn: str | None = None
    phone: str | None = None
    role: Literal[ROLES]
    status: Literal[STATUSES]
    office: OfficeRef
    created_at: str | None = None
    created_by: str | None = None
    updated_at: str | None = None
    updated_by: str | None = None


class ByStatus(Out):
    green: int
    yellow: int
    red: int


class SocietyCounts(Out):
    total: int
    by_status: ByStatus


class OfficerBelow(Officer):
    societies: SocietyCounts | None = None


class OfficeBelow(OfficeRef):
    societies: SocietyCounts
    officers: list[str] = Field(description="Usernames of the office's active officers")


class OfficerList(Out):
    office: OfficeRef
    items: list[OfficerBelow]
    offices: list[OfficeBelow]


class Registered(Out):
    username: str
    temporary_password: str
    officer: Officer | None = None


class PasswordReset(Out):
    username: str
    temporary_password: str


class PasswordChanged(Out):
    changed: bool


class _Message(Out):
    id: str
    from_username: str
    from_office_code: str | None = None
    from_name_bn: str | None = None
    to: str | None = None
    text: str
    sms: bool | None = None
    sent_at: str
    read_at: str | None = None
    job_id: str | None = None


class OfficerMessage(_Message):
    recipients: list[str] | None = Field(None, description="Usernames (the sent box only)")


class OfficerMessageBox(Out):
    box: Literal[MESSAGE_BOXES]
    items: list[OfficerMessage]
    next_cursor: str | None = None
    unread: int


class SmsError(Out):
    code: str
    message: str
    message_bn: str


class OfficerMessageSent(_Message):
    recipients: int
    sms_job: MessageJob | None = None
    sms_error: SmsError | None = Field(None, description="Why no SMS went (the message is saved in-app)")


class MessageRead(Out):
    id: str
    read: bool
    unread: int
