"""What an upazila officer enters for a society, validated (seed 000 fields)."""
import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from . import geography
from .bangla import ascii_digits, normalise_bn
from .phones import normalise_bd_mobile
from .terms import TermRules, term_end

FACEBOOK_URL = re.compile(r"^https://(www\.|m\.|web\.)?(facebook\.com|fb\.com)/[^\s<>\"']+$")
AUDIT_YEAR = re.compile(r"^(\d{4})-(\d{2}|\d{4})$")
YEAR_PATTERN = r"^[0-9০-৯]{4}-([0-9০-৯]{2}|[0-9০-৯]{4})$"  # and the second year must follow the first
NOT_IN_FUTURE = ("registered_on", "committee_started_on", "last_agm_on", "last_audit_on", "last_rectification_on")
MAX_SHARE_CAPITAL_PAISA = 10 ** 15
DATES = NOT_IN_FUTURE + ("term_ends_on",)
EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 31)


def bilingual_error(code: str, en: str, bn: str) -> PydanticCustomError:
    return PydanticCustomError(code, en, {"bn": bn})


class SocietyInput(BaseModel):
    """Fields an upazila officer enters (seed 000). Unknown fields are refused."""
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    registration_no: str = Field(min_length=1, max_length=40, description="Registration number, unique in the district")
    registered_on: date
    name_bn: str = Field(min_length=2, max_length=200, description="Name in Bengali")
    name_en: str = Field(default="", max_length=200, description="Name in English")
    address: str = Field(min_length=2, max_length=300)
    upazila_code: str = Field(description="BBS geocode of the upazila, 6 digits")
    committee_kind: Literal["elected", "interim", "new_registration"]
    committee_started_on: date = Field(description="Date of the last election, interim committee or registration")
    term_ends_on: date | None = Field(default=None, description="Derived from kind and start when not given")
    last_agm_on: date | None = None
    last_audit_year: str | None = Field(default=None, pattern=YEAR_PATTERN,
                                        description="Last cooperative year audited, e.g. 2024-2025")
    last_audit_on: date | None = Field(default=None, description="Date the last statutory audit was completed")
    last_accounts_year: str | None = Field(default=None, pattern=YEAR_PATTERN,
                                           description="Last cooperative year whose annual statement of "
                                                       "accounts was submitted, e.g. 2025-2026")
    last_rectification_on: date | None = Field(default=None,
                                               description="Date the last audit rectification report was submitted")
    paid_up_share_capital_paisa: int | None = Field(default=None, ge=0, le=MAX_SHARE_CAPITAL_PAISA,
                                                    description="Paid-up share capital in paisa (Tk 1 = 100)")
    officer_phone: str | None = Field(default=None, description="Officer in charge; the office's phone when empty")
    president_phone: str | None = None
    secretary_phone: str | None = None
    facebook_url: str | None = None

    @field_validator("name_bn", "name_en", "address", mode="before")
    @classmethod
    def _one_unicode_form(cls, value):
        """য়/ড়/ঢ় typed either way, and stray zero-width characters, are stored one way."""
        return normalise_bn(value) if isinstance(value, str) else value

    @field_validator("registration_no")
    @classmethod
    def _registration_no(cls, value: str) -> str:
        return ascii_digits(value).upper()

    @field_validator("upazila_code")
    @classmethod
    def _upazila(cls, value: str) -> str:
        if not geography.is_upazila(value):
            raise bilingual_error("unknown_upazila", "Unknown upazila code.", "উপজেলার কোড সঠিক নয়।")
        return value

    @field_validator("officer_phone", "president_phone", "secretary_phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        try:
            return normalise_bd_mobile(value)
        except ValueError:
            raise bilingual_error("invalid_phone",
                                  "Enter a Bangladeshi mobile number such as 01712345678.",
                                  "সঠিক মোবাইল নম্বর দিন, যেমন ০১৭১২৩৪৫৬৭৮।") from None

    @field_validator("facebook_url")
    @classmethod
    def _facebook(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not FACEBOOK_URL.match(value):
            raise bilingual_error("invalid_facebook_url",
                                  "Enter a Facebook page address starting with https://facebook.com/",
                                  "https://facebook.com/ দিয়ে শুরু হওয়া ফেসবুক পেজের ঠিকানা দিন।")
        return value

    @field_validator("last_audit_year", "last_accounts_year", mode="before")
    @classmethod
    def _audit_year(cls, value):
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            return value  # the type check then refuses it
            return None
        found = AUDIT_YEAR.match(ascii_digits(value))
        if not found or int(found.group(2)[-2:]) != (int(found.group(1)) + 1) % 100:
            raise bilingual_error("invalid_audit_year", "Write the cooperative year as 2024-2025.",
                                  "সমবায় বর্ষ ২০২৪-২০২৫ আকারে লিখুন।")
        first = int(found.group(1))
        return f"{first}-{first + 1}"

    @field_validator(*DATES)
    @classmethod
    def _plausible(cls, value: date | None) -> date | None:
        if value and not EARLIEST <= value <= LATEST:
            raise bilingual_error("date_out_of_range", "Enter a date between 1900 and 2199.",
                                  "১৯০০ থেকে ২১৯৯ সালের মধ্যের তারিখ দিন।")
        return value

    @field_validator(*NOT_IN_FUTURE)
    @classmethod
    def _not_in_future(cls, value: date | None, info: ValidationInfo) -> date | None:
        today = (info.context or {}).get("today")
        if value and today and value > today:
            raise bilingual_error("date_in_future", "This date cannot be in the future.",
                                  "এই তারিখ ভবিষ্যতের হতে পারে না।")
        return value

    @model_validator(mode="after")
    def _dates_in_order(self):
        if self.term_ends_on and self.term_ends_on <= self.committee_started_on:
            raise bilingual_error("term_end_before_start",
                                  "The term must end after the committee started.",
                                  "কমিটির মেয়াদ শেষের তারিখ শুরুর তারিখের পরে হতে হবে।")
        if self.committee_started_on < self.registered_on and self.committee_kind == "new_registration":
            raise bilingual_error("committee_before_registration",
                                  "A new registration's committee cannot start before registration.",
                                  "নতুন নিবন্ধনের কমিটি নিবন্ধনের আগে শুরু হতে পারে না।")
        return self

    def with_term_end(self, rules: TermRules) -> dict:
        """The record to store: term end filled in from kind and start when not entered."""
        record = self.model_dump(mode="json")
        record["term_end_entered"] = self.term_ends_on is not None
        if self.term_ends_on is None:
            record["term_ends_on"] = term_end(self.committee_kind, self.committee_started_on, rules).isoformat()
        return record
