"""What every area's models share: the answer base, errors, areas and ids."""
import os
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema, field_validator

from ...domain import geography
from ...domain.errors import Invalid

# The tests refuse an answer carrying a field its model does not declare; in service it is left out.
STRICT = os.environ.get("SAMABAY_STRICT_RESPONSES") == "1"


class Out(BaseModel):
    """An answer: exactly the declared fields reach the client."""
    model_config = ConfigDict(extra="forbid" if STRICT else "ignore", defer_build=True)


class Query(BaseModel):
    """Query parameters: every value arrives as text; parameters not declared are ignored."""
    model_config = ConfigDict(extra="ignore", defer_build=True, populate_by_name=True)


class ErrorBody(Out):
    code: str
    message: str
    message_bn: str | None = None
    details: list[dict] | None = None


class Error(Out):
    error: ErrorBody


class GatewayError(BaseModel):
    """A refusal by API Gateway or Chalice before the app runs (in AWS, gateway responses give these the
    Error shape too)."""
    model_config = ConfigDict(json_schema_extra={"minProperties": 1})
    message: str | None = None
    Message: str | None = None
    Code: str | None = None


@lru_cache(maxsize=1)
def _codes() -> tuple[list[str], list[str], list[str]]:
    """Division, district and upazila (and metropolitan thana) codes, from the geography data."""
    divisions = [a["code"] for a in geography.children("")]
    districts = [a["code"] for d in divisions for a in geography.children(d)]
    upazilas = [a["code"] for z in districts for a in geography.children(z)]
    return sorted(divisions), sorted(districts), sorted(upazilas)


def _every() -> list[str]:
    divisions, districts, upazilas = _codes()
    return sorted(divisions + districts + upazilas)


AreaCode = Annotated[str, AfterValidator(geography.known_area), WithJsonSchema({
    "type": "string", "enum": ["", *_every()],
    "description": "BBS geocode: 2 digits a division, 4 a district, 6 an upazila or metropolitan thana; "
                   "empty for the whole country"})]
DistrictOrUpazilaCode = Annotated[str, AfterValidator(geography.known_area), WithJsonSchema({
    "type": "string", "enum": sorted(_codes()[1] + _codes()[2]),
    "description": "BBS geocode of a district (4 digits) or upazila (6)"})]
OfficeCode = Annotated[str, WithJsonSchema({
    "type": "string", "enum": ["BD", *_every()],
    "description": "BBS geocode of the office's area; BD for headquarters"})]

SocietyId = Annotated[str, Field(pattern="^[0-9a-f]{17}$",
                                 description="Society id (17 lower-case hex digits); an id of no society answers 404")]
Cursor = Annotated[str, Field(description="next_cursor of the previous page, as given (any other value answers 400 "
                                          "invalid_cursor: it is an opaque page link)")]


class Area(Out):
    code: str
    level: Literal[geography.LEVELS]
    name_en: str
    name_bn: str
    kind: str | None = None


class AreaQuery(Query):
    area_code: AreaCode | None = Field(None, description="Area (default: the caller's office; public routes: "
                                                         "the whole country)")
    upazila_code: AreaCode | None = Field(None, description="Same as area_code (taken first when both are given)")

    @property
    def area(self) -> str | None:
        return self.upazila_code if self.upazila_code is not None else self.area_code


class FormatQuery(Query):
    format: Literal["json", "csv"] | None = Field(None, description="Default: json; csv: the same as a file")

    @field_validator("format", mode="before")
    @classmethod
    def _known_format(cls, value):
        if value in (None, ""):
            return None
        if value not in ("json", "csv"):
            raise Invalid("invalid_format", "format must be json or csv.", "format হতে হবে json বা csv।")
        return value


class SocietyPath(BaseModel):
    society_id: SocietyId


class NoInput(BaseModel):
    """A POST that takes no fields: any JSON object."""
    model_config = ConfigDict(defer_build=True)
