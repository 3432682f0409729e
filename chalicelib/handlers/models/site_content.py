"""The public site's notices, photos and visitor counter (handlers/site_content.py)."""
from datetime import date as Date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ...domain.notices import STATES
from ...domain.site_input import NoticeInput, NoticePatch, PhotoRequest  # noqa: F401  (the routes' bodies)
from .common import Area, AreaCode, AreaQuery, Cursor, NoInput, Out, Query  # noqa: F401  (NoInput: routes)

ItemId = Annotated[str, Field(pattern="^[0-9a-f]{16}$")]


class SitePhotoRequest(PhotoRequest):
    """A photo for the office's area page (the products' photos are PhotoRequest)."""


class VisitInput(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    area_code: AreaCode | None = Field(None, description="The area page viewed (default: the whole country)")


class NoticePath(BaseModel):
    notice_id: ItemId = Field(description="The notice's id (16 hex digits)")


class PhotoPath(BaseModel):
    photo_id: ItemId = Field(description="The photo's id (16 hex digits)")


class OfficeNoticesQuery(Query):
    cursor: Cursor | None = None
    limit: int = Field(20, ge=1, le=100, description="Page size (default 20)")


class SiteAreaQuery(AreaQuery):
    area_code: AreaCode | None = Field(None, description="The area page (default: the whole country)")


class PublicNoticesQuery(SiteAreaQuery):
    cursor: Cursor | None = None
    limit: int = Field(10, ge=1, le=50, description="Page size (default 10)")


class NoticePageQuery(AreaQuery):
    area_code: AreaCode | None = Field(None, description="The area page it is read in (default: its office's "
                                                         "area)")


class SiteOffice(Out):
    code: str
    name_bn: str
    name_en: str
    level: str


class PublicNotice(Out):
    id: str
    office_code: str
    title_bn: str
    title_en: str | None = None
    body_bn: str | None = None
    body_en: str | None = None
    publish_at: str
    expires_at: str | None = None
    date: Date = Field(description="The day it was published (Asia/Dhaka)")
    breaking: bool
    office: SiteOffice | None = None


class PublicNoticePage(PublicNotice):
    area_code: str | None = None
    previous: str | None = Field(None, description="The next newer notice of the area")
    next: str | None = Field(None, description="The next older notice of the area")


class PublicNotices(Out):
    items: list[PublicNotice]
    next_cursor: str | None
    area: Area | None = None
    lineage: list[Area] | None = None


class OfficerNotice(PublicNotice):
    state: Literal[STATES] | None = None
    created_at: str | None = None
    created_by: str | None = None
    updated_at: str | None = None
    updated_by: str | None = None
    version: int | None = None


class OfficerNotices(Out):
    items: list[OfficerNotice]
    next_cursor: str | None
    office: SiteOffice | None = None


class SitePhotoUpload(Out):
    """An S3 presigned POST, valid 10 minutes: POST the file as multipart form data to url, with fields, then call
    /api/photos/{photo_id}/done."""
    url: str
    fields: dict[str, str]
    id: str
    key: str
    photo_url: str | None = None


class SitePhoto(Out):
    id: str
    office_code: str
    caption_bn: str | None = None
    state: str | None = None
    published_at: str | None = None
    width: int | None = None
    height: int | None = None
    url: str
    thumb_url: str | None = None
    office: SiteOffice


class SitePhotos(Out):
    items: list[SitePhoto]
    area: Area | None = None


class VisitCounted(Out):
    counted: int
    sample_rate: int


class Visits(Out):
    today: int
    month: int
    total: int
    area_code: str | None = None
    sample_rate: int
