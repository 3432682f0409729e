"""The caller's office: its tasks and its own details (the office phone, the public about page)."""
from chalice import Blueprint

from .api import Routes
from .auth import jwt_auth
from .common import PUBLIC_CACHE, OnFirstUse, current_caller, utc_now
from .stores import Offices, SiteFiles, Tasks

offices = OnFirstUse("chalicelib.services.offices")
tasks = OnFirstUse("chalicelib.services.tasks")
bp = Blueprint(__name__)
routes = Routes(bp, models="offices", authorizer=jwt_auth)


def _caller():
    return current_caller(bp.current_request)


@routes.get("/tasks", query="TasksQuery", answers={200: "Tasks"}, errors=(400,))
def office_tasks(query):
    """The caller's office's tasks

    Soonest due first. The daily scan opens appoint_interim_committee for the office that must act when a
    committee has expired (the district's when the paid-up share capital is Tk 50,000 or more); recording the new
    committee closes it. Headquarters holds none. 400 invalid_parameter.
    """
    return tasks.office_tasks(Tasks(), _caller(), query.state)


@routes.get("/offices/{code}", path_params="OfficePath", answers={200: "Office"}, errors=(404,))
def get_office(code):
    """An office's details (offices at or above it)

    404 office_not_found. 403 outside_jurisdiction.
    """
    return offices.get_office(Offices(), _caller(), _code(code))


@routes.patch("/offices/{code}", path_params="OfficePath", body="OfficePatch", answers={200: "Office"},
              errors=(400, 404, 409))
def update_office(code, body):
    """Change the office's own details

    Absent fields stay; null or "" clears one. 400 invalid_input, invalid_phone. 403 own_office_only. 404
    office_not_found. 409 changed_meanwhile: the details and their audit entry are written in one transaction,
    which still collided after the store's retries.
    """
    return offices.update_office(Offices(), _caller(), _code(code), body, utc_now(), SiteFiles())


@routes.get("/public/offices/{code}", path_params="OfficePath", answers={200: "PublicOffice"}, errors=(404,),
            public=True, headers=PUBLIC_CACHE)
def public_office(code):
    """An office's about page: address, official contact, Facebook page, hours, officers' names and titles

    Published fields only: never the office's SMS phone or an officer's personal number. 404 office_not_found.
    """
    return offices.public_office(Offices(), _code(code))


def _code(code: str) -> str:
    """HQ's office code is empty; in a path it is written BD."""
    return "" if code == "BD" else code
