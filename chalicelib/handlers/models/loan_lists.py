"""A project's borrower list: import, approval, and correction requests on an approved loan (handlers/loan_lists.py)."""
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ...domain.loan_corrections import LOAN_FIELDS
from .common import Out
from .corrections import Correction, ProposedValue, Reason  # noqa: F401  (Correction: the filed request)
from .loans import LoanPath, ProjectPath  # noqa: F401  (the routes' path parameters)
from .registry import ImportQuery, ImportResult  # noqa: F401  (the import's query and answer, as the societies')


class ApproveListInput(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    expected_loans: int = Field(ge=1, le=100_000, description="How many draft loans the office reviewed: the list is "
                                                                "approved only if it still has exactly these (409 "
                                                                "draft_list_changed otherwise)")


class ListApproved(Out):
    project_id: str
    approved: int = Field(description="Loans put on the approved list")
    approved_at: str
    approved_by: str


class DraftsDiscarded(Out):
    project_id: str
    discarded: int = Field(description="Draft loans removed")


class LoanCorrectionInput(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    field: Literal[LOAN_FIELDS] = Field(description="The borrower's detail to correct")
    proposed_value: ProposedValue
    reason: Reason
