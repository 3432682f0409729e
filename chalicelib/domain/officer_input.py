"""What offices send to register officers, change profiles and write to officers (pydantic).

Kept apart from domain/officers.py so that pydantic and phonenumbers load only when used.
"""
from pydantic import BaseModel, ConfigDict, Field, field_validator

from .bangla import normalise_bn
from .officers import PASSWORD_MIN_LENGTH, USERNAME_PATTERN
from .phones import normalise_bd_mobile
from .society_input import SCHEMA_TWO_SEEN, TEXT_RULE, bilingual_error

SCHEMA_MOBILE = r"^(\+880|00880|880|0)?1[3-9][0-9]{8}$|^(\+৮৮০|০০৮৮০|৮৮০|০)?১[৩-৯][০-৯]{8}$"
OFFICE_CODE = r"^([0-9]{2}){1,3}$"


def _mobile(value):
    if not isinstance(value, str):
        return value
    try:
        return normalise_bd_mobile(value)
    except ValueError:
        raise bilingual_error("invalid_phone", "Enter a Bangladeshi mobile number such as 01712345678.",
                              "সঠিক মোবাইল নম্বর দিন, যেমন ০১৭১২৩৪৫৬৭৮।") from None


def _text(value):
    return normalise_bn(value) if isinstance(value, str) else value


NAME = {"min_length": 2, "max_length": 120,
        "json_schema_extra": {"pattern": SCHEMA_TWO_SEEN, "description": "Name in Bengali. " + TEXT_RULE}}


class OfficerInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    username: str = Field(pattern=USERNAME_PATTERN, description="3-64 lowercase letters, digits, dots or dashes")
    name_bn: str = Field(**NAME)
    phone: str = Field(json_schema_extra={"pattern": SCHEMA_MOBILE}, description="Bangladeshi mobile number")
    office_code: str = Field(pattern=OFFICE_CODE, description="BBS code of an office one level below the "
                                                              "caller's, inside its area")
    _phone = field_validator("phone")(_mobile)
    _name = field_validator("name_bn", mode="before")(_text)


class ProfilePatch(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    phone: str | None = Field(default=None, json_schema_extra={"pattern": SCHEMA_MOBILE},
                              description="Bangladeshi mobile number (null leaves it)")
    name_bn: str | None = Field(default=None, **NAME)
    _phone = field_validator("phone")(_mobile)
    _name = field_validator("name_bn", mode="before")(_text)


PASSWORD = {"min_length": 1, "max_length": 256}


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    current_password: str = Field(**PASSWORD)
    new_password: str = Field(min_length=PASSWORD_MIN_LENGTH, max_length=256,
                              description="At least 10 characters with A-Z, a-z and 0-9")


class NewPassword(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=128)
    temporary_password: str = Field(**PASSWORD)
    new_password: str = Field(min_length=PASSWORD_MIN_LENGTH, max_length=256,
                              description="At least 10 characters with A-Z, a-z and 0-9")


class Transfer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    office_code: str = Field(pattern=OFFICE_CODE, description="Another office at the officer's level, inside "
                                                              "the caller's area")


class OfficerMessageInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    to: str = Field(min_length=1, max_length=64, description='"all", or the username of one officer below')
    text: str = Field(min_length=2, max_length=1000,
                      json_schema_extra={"pattern": SCHEMA_TWO_SEEN, "description": TEXT_RULE})
    sms: bool = Field(default=False, description="Also send it by SMS to each recipient's phone")
    _normal = field_validator("text", mode="before")(_text)
