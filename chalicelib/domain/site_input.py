"""What an office enters for its notices, photos and about page, validated (pydantic).

Kept apart from domain/notices.py so that pydantic loads only when something is written.
"""
import re
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .bangla import ascii_digits, normalise_bn
from .facebook import FACEBOOK_URL
from .market import MAX_PHOTO_BYTES, PHOTO_TYPES
from .society_input import SCHEMA_FACEBOOK, SCHEMA_TWO_SEEN, bilingual_error

MAX_OFFICERS = 30
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
# An office's published number: a land line (02-9966515) or a mobile, with +, spaces and dashes.
CONTACT_PHONE = re.compile(r"^\+?[0-9][0-9 -]{4,18}[0-9]$")
SCHEMA_CONTACT_PHONE = r"^$|^\+?[0-9০-৯][0-9০-৯ -]{4,18}[0-9০-৯]$"


def _text(value):
    """One line: NFC, no zero-width marks, single spaces."""
    return normalise_bn(value) if isinstance(value, str) else value


def _paragraphs(value):
    """Several lines (a notice's body): each line normalised, at most one blank line between paragraphs."""
    if not isinstance(value, str):
        return value
    lines = [normalise_bn(line) for line in value.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class NoticeInput(BaseModel):
    """A notice of the caller's office. Times without a zone are Dhaka time; publish_at defaults to now."""
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title_bn: str = Field(min_length=2, max_length=200, json_schema_extra={"pattern": SCHEMA_TWO_SEEN})
    title_en: str = Field(default="", max_length=200)
    body_bn: str = Field(default="", max_length=5000)
    body_en: str = Field(default="", max_length=5000)
    publish_at: datetime | None = Field(default=None, description="When it appears (default: now)")
    expires_at: datetime | None = Field(default=None, description="When it disappears (default: never); "
                                        "must be after publish_at")
    breaking: bool = Field(default=False, description="Shown in the breaking-news strip")

    _one_line = field_validator("title_bn", "title_en", mode="before")(classmethod(lambda cls, v: _text(v)))
    _many_lines = field_validator("body_bn", "body_en", mode="before")(classmethod(lambda cls, v: _paragraphs(v)))

    @field_validator("publish_at", "expires_at")
    @classmethod
    def _this_century(cls, value):
        if value is not None and not 2000 <= value.year <= 2199:
            raise bilingual_error("invalid_time", "Give a time between the years 2000 and 2199.",
                                  "২০০০ থেকে ২১৯৯ সালের মধ্যে সময় দিন।")
        return value

    @model_validator(mode="after")
    def _expires_after_publishing(self):
        from .notices import utc_iso
        if self.expires_at and self.publish_at and utc_iso(self.expires_at) <= utc_iso(self.publish_at):
            raise bilingual_error("expires_before_publish", "expires_at must be after publish_at.",
                                  "মেয়াদ শেষের সময় প্রকাশের সময়ের পরে হতে হবে।")
        return self


class NoticePatch(NoticeInput):
    """Any subset of a notice's fields, plus the version the officer read; null clears expires_at."""
    title_bn: str | None = Field(default=None, min_length=2, max_length=200,
                                 json_schema_extra={"pattern": SCHEMA_TWO_SEEN})
    title_en: str | None = Field(default=None, max_length=200)
    body_bn: str | None = Field(default=None, max_length=5000)
    body_en: str | None = Field(default=None, max_length=5000)
    breaking: bool | None = None
    version: int | None = Field(default=None, ge=1, description="The version read (409 when stale)")


class PhotoRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    content_type: str = Field(json_schema_extra={"enum": list(PHOTO_TYPES)})
    size: int = Field(ge=1, le=MAX_PHOTO_BYTES, description="Bytes; at most 2 MB")
    caption_bn: str = Field(default="", max_length=200)

    _caption = field_validator("caption_bn", mode="before")(classmethod(lambda cls, v: _text(v)))

    @field_validator("content_type")
    @classmethod
    def _image(cls, value):
        if value not in PHOTO_TYPES:
            raise bilingual_error("photo_type", "Upload a JPEG, PNG or WebP photo.", "JPEG, PNG বা WebP ছবি দিন।")
        return value


class OfficerEntry(BaseModel):
    """An officer as the office publishes them: name and title only (no personal number)."""
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name_bn: str = Field(min_length=2, max_length=120, json_schema_extra={"pattern": SCHEMA_TWO_SEEN})
    name_en: str = Field(default="", max_length=120)
    title_bn: str = Field(min_length=2, max_length=120, json_schema_extra={"pattern": SCHEMA_TWO_SEEN})
    title_en: str = Field(default="", max_length=120)

    _texts = field_validator("name_bn", "name_en", "title_bn", "title_en", mode="before")(
        classmethod(lambda cls, v: _text(v)))


class OfficeAbout(BaseModel):
    """The public about page of an office. null or "" clears a field; an absent field stays."""
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    address_bn: str | None = Field(default=None, max_length=300)
    address_en: str | None = Field(default=None, max_length=300)
    contact_phone: str | None = Field(default=None, max_length=24, description=(
        "The office's official published number (land line or mobile); shown on the public page"),
        json_schema_extra={"pattern": SCHEMA_CONTACT_PHONE})
    email: str | None = Field(default=None, max_length=120, json_schema_extra={"pattern": "^$|" + EMAIL.pattern})
    facebook_url: str | None = Field(default=None, max_length=300, json_schema_extra={"pattern": SCHEMA_FACEBOOK})
    working_hours_bn: str | None = Field(default=None, max_length=200)
    working_hours_en: str | None = Field(default=None, max_length=200)
    officers: list[OfficerEntry] | None = Field(default=None, max_length=MAX_OFFICERS)

    _texts = field_validator("address_bn", "address_en", "working_hours_bn", "working_hours_en",
                             mode="before")(classmethod(lambda cls, v: _text(v)))

    @field_validator("contact_phone")
    @classmethod
    def _contact_phone(cls, value):
        if value in (None, ""):
            return value
        value = ascii_digits(value)
        if not CONTACT_PHONE.match(value):
            raise bilingual_error("invalid_contact_phone", "Enter the office's phone, such as 02-9966515.",
                                  "অফিসের ফোন নম্বর দিন, যেমন ০২-৯৯৬৬৫১৫।")
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value):
        if value in (None, ""):
            return value
        if not EMAIL.match(value):
            raise bilingual_error("invalid_email", "Enter an e-mail address such as dco.netrokona@coop.gov.bd.",
                                  "সঠিক ই-মেইল দিন, যেমন dco.netrokona@coop.gov.bd।")
        return value.lower()

    @field_validator("facebook_url")
    @classmethod
    def _facebook(cls, value):
        if value in (None, ""):
            return value
        if not FACEBOOK_URL.match(value):
            raise bilingual_error("invalid_facebook_url", "Enter the page's address, such as "
                                  "https://facebook.com/dco.netrokona.",
                                  "ফেসবুক পেজের ঠিকানা দিন, যেমন https://facebook.com/dco.netrokona")
        return value
