"""Messaging centre: templates (HQ default, district override), preview and send."""
from datetime import datetime, timezone

from chalice import Blueprint

from ..bootstrap import job_stores
from .api import Reply, Routes
from .auth import jwt_auth
from .common import OnFirstUse, current_caller, dhaka_today, utc_now
from .stores import Societies, Templates

messaging = OnFirstUse("chalicelib.services.messaging")
bp = Blueprint(__name__)
routes = Routes(bp, models="messaging", authorizer=jwt_auth)
NO_STORE = {"Cache-Control": "no-store"}


def compose_stores():
    return messaging.ComposeStores(societies=Societies(), templates=Templates())


def _caller():
    return current_caller(bp.current_request)


@routes.get("/messages/templates", query="AreaQuery", answers={200: "MessageTemplates"}, errors=(400,),
            headers=NO_STORE)
def templates(query):
    """The message templates in force for an area: each kind's text, where it comes from and its variables

    The area (default: the caller's office) takes a district's override in it and its upazilas. 400 unknown_area.
    403 outside_jurisdiction.
    """
    return messaging.templates_view(Templates(), _caller(), query.area)


@routes.put("/messages/templates/{kind}", path_params="TemplatePath", body="TemplateText",
            answers={200: "MessageTemplate"}, errors=(400, 404, 409))
def save_template(kind, body):
    """Save a template: HQ's national default, or a district office's text for its district

    400 unknown_variable (error.details[0].variable names it), malformed_template (a brace not closed, or anything
    but a name inside one), empty_text, text_too_long (over 3 SMS parts even with a one-letter society name and
    every other variable at its longest). 403 templates_read_only: division and upazila offices read templates but
    do not edit them. 404 unknown_template_kind. 409 changed_meanwhile: the write collided with another; try again.
    """
    return messaging.save_template(Templates(), _caller(), kind, body, utc_now())


@routes.delete("/messages/templates/{kind}", path_params="TemplatePath", answers={200: "MessageTemplate"},
               errors=(404, 409))
def reset_template(kind):
    """Back to the default: a district's own text removed (or HQ's national one)

    404 template_not_found: nothing saved here; unknown_template_kind. 403 templates_read_only. 409
    changed_meanwhile: the write collided with another; try again.
    """
    return messaging.reset_template(Templates(), _caller(), kind)


@routes.post("/messages/preview", body="MessageRequest", answers={200: "MessagePreview"}, errors=(400, 404, 409),
             headers=NO_STORE)
def preview(body):
    """What a send would be: the rendered text, recipients, SMS parts and cost (nothing is sent)

    400 invalid_input (template_or_text: give exactly one), unknown_area, unknown_variable, malformed_template,
    empty_text, text_too_long. 403 outside_jurisdiction: the area or the society lies outside the caller's office.
    404 society_not_found. 409 society_dissolved.
    """
    return messaging.preview(compose_stores(), _caller(), body, dhaka_today())


@routes.post("/messages/size", body="SizeRequest", answers={200: "SmsSizeView"}, errors=(400,), headers=NO_STORE)
def size(body):
    """How many SMS parts a text takes, for the count shown while an officer types

    The text's variables are filled with the values every saved text is measured with (a one-letter
    society name); the preview gives the real count for the chosen societies. 400 invalid_input.
    """
    return messaging.size_of(body)


@routes.post("/messages/send", body="MessageRequest", answers={202: "MessageSendResult"}, errors=(400, 404, 409))
def send(body):
    """Send a message to a filter's societies (or one society): a bulk job, queued now or waiting for the send window

    Accepted: follow GET /api/messages/jobs/{job_id}. An area of more than 1,000 societies is composed by a worker:
    the answer is the job in state `composing` (recipients, parts and cost null until it is composed; a composition
    refused later stops the job with the reason). client_request_id: the same id from the same user again answers the
    job it started. 400 no_recipients (nobody matched), too_many_recipients,
    invalid_input (template_or_text: give exactly one), unknown_area, unknown_variable, malformed_template,
    empty_text, text_too_long. 403 outside_jurisdiction: the area or the society lies outside the caller's office.
    404 society_not_found. 409 society_dissolved; spend_cap_reached: the office's monthly SMS spend cap would be
    passed.
    """
    return Reply(messaging.send(compose_stores(), job_stores(), _caller(), body, dhaka_today(),
                                datetime.now(timezone.utc)), 202)
