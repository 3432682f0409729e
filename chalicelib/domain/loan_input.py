"""What an upazila office enters for an Asrayon project and a loan, validated (pydantic).

Kept apart from domain/loans.py so that pydantic and phonenumbers load only when something is written.
Messages are in Bengali and English (domain/validation.py lays them out per field).
"""
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from . import geography
from .bangla import ascii_digits, normalise_bn
from .loan_late import MAX_LATE_CHARGE_PAISA
from .loans import FREQUENCIES, LATE_POLICIES, MAX_INSTALMENTS
from .phones import normalise_bd_mobile
from .society_input import (SCHEMA_DATE, SCHEMA_PHONE, SCHEMA_TWO_SEEN, TEXT_RULE, _upazila_codes,
                            bilingual_error, not_in_future, plausible_date, schema_only)

MAX_PRINCIPAL_PAISA = 100_000_000  # Tk 10 lakh: far above any Asrayon loan, below a typing slip of zeros
ID_PATTERN = "^[0-9a-f]{17}$"
PHONE = SCHEMA_PHONE.removeprefix("^$|")
NID_LENGTHS = (10, 13, 17)
PLACE_NO = "^[0-9A-Za-z\u0980-\u09ff][0-9A-Za-z\u0980-\u09ff /.-]{0,19}$"  # a barrack's or room's number


def _text(min_length: int, max_length: int, **extra):
    return Field(min_length=min_length, max_length=max_length,
                 json_schema_extra=schema_only(pattern=SCHEMA_TWO_SEEN, description=TEXT_RULE), **extra)


def _phone(value: str) -> str:
    try:
        return normalise_bd_mobile(value)
    except ValueError:
        raise bilingual_error("invalid_phone", "Enter a Bangladeshi mobile number such as 01712345678.",
                              "সঠিক মোবাইল নম্বর দিন, যেমন ০১৭১২৩৪৫৬৭৮।") from None


def not_a_truth_value(value, en: str = "Give the amount in paisa.", bn: str = "পরিমাণ পয়সায় দিন।"):
    """A paisa field's value before pydantic reads it (a mode="before" validator): a JSON number (400 or
    400.0, as JSON Schema's "integer" takes both), never true or false (lax pydantic takes true as 1)."""
    if isinstance(value, bool):
        raise bilingual_error("invalid_amount", en, bn)
    return value


class LatePolicyInput(BaseModel):
    """What the project does when a borrower misses a deadline (domain/loan_late.py)."""
    model_config = ConfigDict(extra="forbid")

    late_policy: Literal[LATE_POLICIES] = Field(
        "accept_and_flag", description="accept_and_flag (default): a late payment is credited and flagged; "
        "accept_with_charge: also late_charge_paisa once per instalment missed beyond the tolerance; "
        "refuse_after_deadline: while instalments are overdue, a checkout for more than what is overdue is refused "
        "(409 overdue_first) - the overdue amount or less is never refused")
    # No rule across the two fields (a charge of 0 levies nothing): the document states every rule of this body.
    late_charge_paisa: int = Field(0, ge=0, le=MAX_LATE_CHARGE_PAISA,
                                   description="The late charge in paisa, levied under accept_with_charge (0 levies "
                                               "nothing); kept as 0 under the other policies")

    @field_validator("late_charge_paisa", mode="before")
    @classmethod
    def _not_a_truth_value(cls, value):
        return not_a_truth_value(value, "Give the late charge in paisa.", "বিলম্ব মাশুল পয়সায় দিন।")


class ProjectInput(LatePolicyInput):
    """An Asrayon project (the upazila office of its upazila). Unknown fields are refused."""
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name_bn: str = _text(2, 200, description="The project's name in Bengali")
    upazila_code: str = Field(description="BBS geocode of the project's upazila (6 digits); the caller's office "
                                          "must be its upazila office (403 otherwise)",
                              json_schema_extra=_upazila_codes)
    bkash_account: str = Field(description="The official bKash number payments go to (the UCO's, approved by the "
                                           "Upazila Asrayon Task Force Committee)", json_schema_extra={"pattern": PHONE})
    bank_account: str = _text(3, 80, description="The project's bank account (bank, branch and number)")
    name_en: str = Field(default="", max_length=200)
    phase: str = Field(default="", max_length=60, description="আশ্রয়ণ, আশ্রয়ণ-২, ফেইজ-২ …")
    society_id: str | None = Field(default=None, description="The registered society the project is (a society "
                                                             "of the same upazila; 400 otherwise)",
                                   json_schema_extra={"pattern": ID_PATTERN})
    bkash_approval_ref: str = Field(default="", max_length=120,
                                    description="The task force committee's approval of the bKash number")
    bkash_approved_on: date | None = Field(default=None, json_schema_extra=schema_only(
        pattern=SCHEMA_DATE, description="Between 1900 and 2199 and not after today (Asia/Dhaka)."))

    @field_validator("name_bn", "name_en", "bank_account", "phase", "bkash_approval_ref", mode="before")
    @classmethod
    def _normalised(cls, value):
        return normalise_bn(value) if isinstance(value, str) else value

    @field_validator("upazila_code")
    @classmethod
    def _upazila(cls, value: str) -> str:
        if not geography.is_upazila(value):
            raise bilingual_error("unknown_upazila", "Unknown upazila code.", "উপজেলার কোড সঠিক নয়।")
        return value

    @field_validator("bkash_account")
    @classmethod
    def _bkash(cls, value: str) -> str:
        return _phone(value)

    @field_validator("society_id")
    @classmethod
    def _society_id(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not (len(value) == 17 and all(c in "0123456789abcdef" for c in value)):
            raise bilingual_error("unknown_society", "No such society.", "এমন কোনো সমিতি নেই।")
        return value

    @field_validator("bkash_approved_on")
    @classmethod
    def _approved_on(cls, value: date | None, info: ValidationInfo) -> date | None:
        return not_in_future(plausible_date(value), info)


class BorrowerInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name_bn: str = _text(2, 120, description="The borrower's name in Bengali")
    guardian_name_bn: str = _text(2, 120, description="Father's or husband's name")
    barrack_no: str = Field(min_length=1, max_length=20, pattern=PLACE_NO, description="Barrack number, e.g. 3 or ক-২")
    room_no: str = Field(min_length=1, max_length=20, pattern=PLACE_NO, description="Room number")
    phone: str = Field(description="The borrower's mobile number: reminders go to it, and paying from the SMS "
                                   "link needs it", json_schema_extra={"pattern": PHONE})
    nid: str = Field(default="", description="National ID number (10, 13 or 17 digits), optional",
                     json_schema_extra={"pattern": "^$|^[0-9০-৯]{10}$|^[0-9০-৯]{13}$|^[0-9০-৯]{17}$"})

    @field_validator("name_bn", "guardian_name_bn", mode="before")
    @classmethod
    def _normalised(cls, value):
        return normalise_bn(value) if isinstance(value, str) else value

    @field_validator("barrack_no", "room_no", mode="before")
    @classmethod
    def _number(cls, value):
        """Stored with ASCII digits (৩ and 3 are one barrack), so lists sort and match."""
        return normalise_bn(ascii_digits(value)) if isinstance(value, str) else value

    @field_validator("phone")
    @classmethod
    def _mobile(cls, value: str) -> str:
        return _phone(value)

    @field_validator("nid")
    @classmethod
    def _nid(cls, value: str) -> str:
        digits = ascii_digits(value)
        if digits and not (digits.isdigit() and len(digits) in NID_LENGTHS):
            raise bilingual_error("invalid_nid", "A national ID number has 10, 13 or 17 digits.",
                                  "জাতীয় পরিচয়পত্র নম্বর ১০, ১৩ বা ১৭ অঙ্কের হয়।")
        return digits


class LoanInput(BaseModel):
    """A loan to a borrower of a project (its upazila office); it is on the project's approved list at once."""
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    project_id: str = Field(description="The project's id (404 project_not_found for an id of no project)",
                            json_schema_extra={"pattern": ID_PATTERN})
    borrower: BorrowerInput
    # The dates' bounds are said in prose only: a pattern on top of format "date" leaves a loan's body with more
    # constraints than Schemathesis can meet (its health check fails).
    loan_date: date = Field(json_schema_extra=schema_only(
        description="Between 1900 and 2199 and not after today (Asia/Dhaka)."))
    principal_paisa: int = Field(ge=100, le=MAX_PRINCIPAL_PAISA, description="The loan in paisa (Tk 1 = 100)")
    service_charge_paisa: int = Field(ge=0, le=MAX_PRINCIPAL_PAISA,
                                      description="The service charge in paisa, spread over the instalments")
    instalments: int = Field(ge=1, le=MAX_INSTALMENTS, description="Number of instalments")
    frequency: Literal[FREQUENCIES]
    first_due_on: date = Field(json_schema_extra=schema_only(
        description="The first instalment's due date: after loan_date, before 2199. Monthly "
                                         "instalments fall on the same day of each month (the month's last day when "
                                         "it is shorter), weekly ones every 7 days."))

    @field_validator("project_id")
    @classmethod
    def _project(cls, value: str) -> str:
        if not (len(value) == 17 and all(c in "0123456789abcdef" for c in value)):
            raise bilingual_error("project_not_found", "No such project.", "এমন কোনো প্রকল্প নেই।")
        return value

    @field_validator("loan_date")
    @classmethod
    def _loan_date(cls, value: date, info: ValidationInfo) -> date:
        return not_in_future(plausible_date(value), info)

    @field_validator("first_due_on")
    @classmethod
    def _first_due(cls, value: date) -> date:
        return plausible_date(value)

    @model_validator(mode="after")
    def _in_order(self):
        if self.first_due_on <= self.loan_date:
            raise bilingual_error("first_due_before_loan", "The first instalment must fall due after the loan date.",
                                  "প্রথম কিস্তির তারিখ ঋণের তারিখের পরে হতে হবে।")
        if self.service_charge_paisa > self.principal_paisa:
            raise bilingual_error("service_charge_too_high", "The service charge cannot exceed the loan.",
                                  "সার্ভিস চার্জ ঋণের চেয়ে বেশি হতে পারে না।")
        return self
