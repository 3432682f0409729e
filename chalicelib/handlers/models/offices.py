"""The caller's office (handlers/offices.py): its tasks, its details, and its public about page."""
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ...domain.site_input import OfficeAbout
from ...domain.society_input import SCHEMA_PHONE, schema_only
from ...domain.tasks import TASK_KINDS, TASK_STATES
from .common import Area, OfficeCode, Out, Query


class Task(Out):
    id: str
    kind: Literal[TASK_KINDS]
    society_id: str
    office_code: str
    due_on: date
    state: Literal[TASK_STATES]
    society_name_bn: str | None = None
    opened_on: date | None = None
    closed_on: date | None = None
    loan_id: str | None = Field(None, description="A loan's task (loan_90_plus): the loan; society_id is empty")
    budget_id: str | None = Field(None, description="A budget file's late step (budget_overdue): the file")


class Tasks(Out):
    items: list[Task]
    scanned_on: date | None = Field(None, description="The day of the daily scan the tasks are as of; null: it has "
                                                       "not run yet")


class TasksQuery(Query):
    state: Literal[(*TASK_STATES, "all")] = Field("open", description="Default: open")


class OfficePath(BaseModel):
    model_config = ConfigDict(defer_build=True)
    code: OfficeCode


class OfficePatch(OfficeAbout):
    model_config = ConfigDict(defer_build=True, json_schema_extra={
        "description": "The office's own details; only the office itself changes them. Absent fields stay; the "
                       "about-page fields are what GET /api/public/offices/{code} shows."})
    phone: str | None = Field(None, description="The office's SMS fallback (never public): a Bangladeshi mobile "
                                                "number; empty or null clears it",
                              json_schema_extra=schema_only(pattern=SCHEMA_PHONE))


class PublishedOfficer(Out):
    name_bn: str
    name_en: str | None = None
    title_bn: str
    title_en: str | None = None


class Office(Out):
    code: str
    phone: str | None
    address_bn: str | None = None
    address_en: str | None = None
    contact_phone: str | None = None
    email: str | None = None
    facebook_url: str | None = None
    working_hours_bn: str | None = None
    working_hours_en: str | None = None
    officers: list[PublishedOfficer] | None = None
    updated_at: str | None = None
    updated_by: str | None = None
    area: Area


class PublicOffice(Out):
    """Published fields only: never the office's SMS phone, an officer's personal number, or who edited it."""
    code: str
    name_bn: str
    name_en: str
    address_bn: str | None = None
    address_en: str | None = None
    contact_phone: str | None = Field(None, description="The office's official published number")
    email: str | None = None
    facebook_url: str | None = None
    messenger_url: str | None = None
    working_hours_bn: str | None = None
    working_hours_en: str | None = None
    updated_at: str | None = None
    officers: list[PublishedOfficer]
    area: Area | None = None
    lineage: list[Area] | None = None
