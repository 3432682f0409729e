"""Officer routes of a message to every borrower of a project, through the messaging centre's bulk jobs."""
from datetime import datetime, timezone

from chalice import Blueprint

from ..bootstrap import job_stores
from .api import Reply, Routes
from .auth import jwt_auth
from .common import OnFirstUse, current_caller, dhaka_today
from .stores import Loans

broadcast = OnFirstUse("chalicelib.services.loan_broadcast")
bp = Blueprint(__name__)
routes = Routes(bp, models="loan_broadcast", authorizer=jwt_auth)


@routes.post("/asrayon/projects/{project_id}/broadcast/preview", path_params="ProjectPath",
             body="BroadcastPreviewInput", answers={200: "BroadcastPreview"}, errors=(400, 404))
def preview_broadcast(project_id, body):
    """How a message to every approved borrower of a project would go: how many, SMS parts, cost, a few texts

    The loan's variables are filled in per borrower (amount: everything past due and the next instalment; due: the
    oldest unpaid due date). 400 invalid_input, unknown_variable, malformed_template, empty_text, text_too_long.
    404 project_not_found. 403 outside_jurisdiction.
    """
    return broadcast.preview(Loans(), current_caller(bp.current_request), project_id, body, dhaka_today())


@routes.post("/asrayon/projects/{project_id}/broadcast", path_params="ProjectPath", body="BroadcastInput",
             answers={202: "BroadcastJob"}, errors=(400, 404, 409))
def send_broadcast(project_id, body):
    """Send a message to every approved borrower of a project: a bulk job of the messaging centre

    Queued now or waiting for the send window; each SMS once, in the SMS log (kind loan_broadcast); follow GET
    /api/messages/jobs/{job_id}. More than 5 borrowers: expected_recipients must be the preview's count (409
    confirmation_needed, the count in its details). 400 as the preview, no_recipients. 404 project_not_found. 409
    spend_cap_reached. 403 outside_jurisdiction.
    """
    return Reply(broadcast.send(Loans(), job_stores(), current_caller(bp.current_request), project_id, body,
                                dhaka_today(), datetime.now(timezone.utc)), 202)
