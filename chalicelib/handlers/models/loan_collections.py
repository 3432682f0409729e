"""A representative's collection: one bKash payment for several borrowers (handlers/loan_collections.py)."""
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from ...domain.loan_collections import MAX_LINES
from ...domain.loan_input import PHONE
from .common import Out
from .loans import ProjectPath, RecordId  # noqa: F401  (the project's path)


class CollectionLineInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    loan_id: RecordId
    amount_paisa: Annotated[int, Field(ge=100, le=100_000_000, description="From Tk 1 up to what the loan has "
                                                                          "outstanding (400 otherwise)")]


class CollectionInput(BaseModel):
    """Who pays (the society's representative) and for whom: without lines, every loan of the project with what
    it owes now (everything past due and the next instalment)."""
    model_config = ConfigDict(extra="forbid")
    payer_phone: str = Field(description="The representative's bKash number", json_schema_extra={"pattern": PHONE})
    lines: list[CollectionLineInput] | None = Field(None, max_length=MAX_LINES,
                                                    description="Each loan of the project once")


class CollectionLine(Out):
    loan_id: str
    amount_paisa: int
    borrower_name_bn: str


class CollectionStart(Out):
    collection_id: str
    project_id: str
    payer_phone: str
    total_paisa: int
    payment_id: str | None
    bkash_url: str
    lines: list[CollectionLine]
