"""Public routes (handlers/public.py): the rules in force, areas, counts, society lists and pages, the calendar."""
from datetime import date
from typing import Literal

from pydantic import ConfigDict, Field

from ...domain.statutory import OBLIGATION_KINDS
from .common import Area, AreaCode, AreaQuery, DistrictOrUpazilaCode, Out, Query, SocietyPath  # noqa: F401
from .societies import Counts, PublicSociety, SocietyQuery  # noqa: F401  (routes)


class Health(Out):
    status: Literal["ok"]


class Citation(Out):
    rule: str
    rule_bn: str


class Rules(Out):
    elected_term_years: int
    interim_term_days: int
    yellow_within_days: int
    photo_types: list[str] = Field(description="The picture types a photo upload takes (Content-Type)")
    max_photo_bytes: int = Field(description="The largest photo an upload takes")
    obligations: dict[Literal[OBLIGATION_KINDS], Citation]


class Areas(Out):
    parent: Area
    lineage: list[Area]
    items: list[Area]


class PublicSocietyList(Out):
    items: list[PublicSociety]
    next_cursor: str | None
    area: Area
    lineage: list[Area]


class Month(Out):
    month: str = Field(pattern="^[0-9]{4}-[0-9]{2}$")
    label_bn: str
    label_en: str
    societies: list[PublicSociety]


class Calendar(Out):
    area: Area
    lineage: list[Area]
    today: date
    months: list[Month]


class AreasQuery(Query):
    parent: AreaCode = Field("", description="Parent code (default: the country)")


class CalendarQuery(Query):
    # upazila_code alone is taken too, as on every area route; the document names area_code, which a request
    # needs (without either the whole country is asked for: 400 area_too_large)
    model_config = ConfigDict(json_schema_extra={"required": ["area_code"]})
    area_code: DistrictOrUpazilaCode | None = Field(None, description="District or upazila")
    upazila_code: DistrictOrUpazilaCode | None = Field(None, description="Same as area_code (taken first)")

    @property
    def area(self) -> str:
        return next((code for code in (self.upazila_code, self.area_code) if code is not None), "")
