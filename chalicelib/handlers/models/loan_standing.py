"""The upazila loan committee's decisions about borrowers (handlers/loan_standing.py)."""
from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field

from ...domain.loan_standing_input import SanctionInput, SanctionLiftInput  # noqa: F401  (the routes' bodies)
from .common import AreaQuery, Out  # noqa: F401  (AreaQuery: the list's query)


class SanctionPath(BaseModel):
    sanction_id: Annotated[str, Field(pattern="^[0-9a-f]{17}$")] = Field(
        description="Decision id (17 lower-case hex digits); an id of no decision answers 404")


class Sanction(Out):
    id: str
    kind: str = Field(description='"blacklist" or "legal_referral"')
    upazila_code: str
    loan_id: str
    phone: str
    nid: str = ""
    borrower_name_bn: str
    reason: str
    decision_ref: str
    decided_on: date
    decided_by: str
    recorded_at: str
    lift_on: date | None = None
    lifted_on: date | None = None
    lifted_by: str = ""
    lift_reason: str = ""
    lift_decision_ref: str = ""
    version: int
    in_force: bool = Field(description="In force today: a new loan to this borrower is refused")


class Sanctions(Out):
    area_code: str
    items: list[Sanction]
