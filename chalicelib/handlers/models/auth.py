"""Login, first password and the caller (handlers/auth.py)."""
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ...domain.geography import LEVELS
from ...domain.jurisdiction import ROLES, SOCIETY_ROLE
from ...domain.officer_input import NewPassword  # noqa: F401  (routes: POST /api/auth/new-password)
from .common import Area, Out


class Login(BaseModel):
    """400 credentials_required when either is missing or empty, credentials_too_long when either is longer."""
    model_config = ConfigDict(defer_build=True)
    username: str = Field(min_length=1, max_length=128)
    password: str = Field(min_length=1, max_length=256)


class MeOffice(Out):
    code: str = Field(description='BBS geocode of the office\'s area ("" for headquarters)')
    level: Literal[LEVELS] | None = None
    name_bn: str | None = None
    name_en: str | None = None
    lineage: list[Area] | None = None


class Me(Out):
    username: str
    role: Literal[ROLES + (SOCIETY_ROLE,)]
    office: MeOffice = Field(description="The caller's office (a society's user: the society's upazila office)")
    society_id: str | None = Field(None, description='A society\'s user (role "society"): their society')


class LoginResult(Out):
    token: str
    expires_in: int
    user: Me
