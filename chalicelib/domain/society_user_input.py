"""What a UCO sends to give a society's president or secretary an account (pydantic; issue 20)."""
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .officer_input import NAME, SCHEMA_MOBILE, _mobile, _text
from .officers import USERNAME_PATTERN

POSITIONS = ("president", "secretary")


class SocietyUserInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    username: str = Field(pattern=USERNAME_PATTERN, description="3-64 lowercase letters, digits, dots or dashes")
    name_bn: str = Field(**NAME)
    phone: str = Field(json_schema_extra={"pattern": SCHEMA_MOBILE}, description="Bangladeshi mobile number")
    position: Literal[POSITIONS] = Field(description="The person's post in the society's committee")
    _phone = field_validator("phone")(_mobile)
    _name = field_validator("name_bn", mode="before")(_text)
