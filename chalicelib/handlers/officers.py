"""Office administration: officers one level below, own profile and password, officer-to-officer messages."""
from datetime import datetime, timezone

from chalice import Blueprint

from ..bootstrap import job_stores
from .api import Reply, Routes
from .auth import jwt_auth
from .common import OnFirstUse, current_caller, dhaka_today, utc_now
from .stores import LoginAttempts, OfficerMessages, Officers, Societies, Users, change_password

officer_messages = OnFirstUse("chalicelib.services.officer_messages")
officers = OnFirstUse("chalicelib.services.officers")
bp = Blueprint(__name__)
routes = Routes(bp, models="officers", authorizer=jwt_auth)
NO_STORE = {"Cache-Control": "no-store"}  # temporary passwords and personal details


def _caller():
    return current_caller(bp.current_request)


@routes.post("/officers", body="OfficerInput", answers={201: "Registered"}, errors=(400, 409), headers=NO_STORE)
def register_officer(body):
    """Register an officer for an office one level below the caller's

    Created: the temporary password is shown this once. An office manages the officers one level below it and
    inside its area: HQ the division offices, a division its districts, a district its upazilas. An upazila office
    has none (403 no_officers_below). The account must set its own password at first login (login answers 409
    new_password_required). 400 wrong_office_level, unknown_area, invalid_input. 403 outside_jurisdiction,
    no_officers_below. 409 username_taken.
    """
    return Reply(officers.register(Users(), Officers(), _caller(), body, utc_now()), 201)


@routes.get("/officers", answers={200: "OfficerList"}, headers=NO_STORE)
def list_officers():
    """The officers one level below the caller's office, and those offices' society counts

    An office manages the officers one level below it and inside its area: HQ the division offices, a division its
    districts, a district its upazilas. An upazila office has none (403 no_officers_below).
    """
    return officers.list_below(Officers(), Societies(), _caller(), dhaka_today())


@routes.post("/officers/{username}/deactivate", path_params="UsernamePath", body="AnyInput",
             answers={200: "Officer"}, errors=(400, 404, 409))
def deactivate_officer(username, body):
    """Deactivate an officer below: they can no longer log in

    404 officer_not_found. 403: not an officer of an office directly below. 409 changed_meanwhile.
    """
    return officers.set_active(Users(), Officers(), _caller(), username, False, utc_now())


@routes.post("/officers/{username}/reactivate", path_params="UsernamePath", body="AnyInput",
             answers={200: "Officer"}, errors=(400, 404, 409))
def reactivate_officer(username, body):
    """Reactivate an officer below

    404 officer_not_found. 403: not an officer of an office directly below. 409 changed_meanwhile.
    """
    return officers.set_active(Users(), Officers(), _caller(), username, True, utc_now())


@routes.post("/officers/{username}/reset-password", path_params="UsernamePath", body="AnyInput",
             answers={200: "PasswordReset"}, errors=(400, 404, 409), headers=NO_STORE)
def reset_officer_password(username, body):
    """Give an officer below a new temporary password (shown once)

    The officer sets their own password at the next login. 404 officer_not_found. 403: not an officer of an office
    directly below. 409 changed_meanwhile.
    """
    return officers.reset_password(Users(), Officers(), _caller(), username, utc_now())


@routes.post("/officers/{username}/transfer", path_params="UsernamePath", body="Transfer",
             answers={200: "Officer"}, errors=(400, 404, 409))
def transfer_officer(username, body):
    """Handover: move an officer below to another office at the same level

    Societies, tasks, SMS logs and every other record are keyed by office code, never by person: what an office
    holds stays with the office when its officer changes. The officer's next login carries the new office. 400
    same_office, wrong_office_level, unknown_area. 403 outside_jurisdiction. 404 officer_not_found. 409
    changed_meanwhile.
    """
    return officers.transfer(Users(), Officers(), _caller(), username, body, utc_now())


@routes.get("/profile", answers={200: "Officer"}, headers=NO_STORE)
def own_profile():
    """The caller's own directory entry"""
    return officers.profile(Officers(), _caller())


@routes.patch("/profile", body="ProfilePatch", answers={200: "Officer"}, errors=(400, 409), headers=NO_STORE)
def update_own_profile(body):
    """Change one's own phone or Bengali name

    null or absent fields stay as they are. 400 invalid_input (error.details names each field). 409
    changed_meanwhile.
    """
    return officers.update_profile(Users(), Officers(), _caller(), body, utc_now())


@routes.post("/profile/password", body="PasswordChange", answers={200: "PasswordChanged"}, errors=(400, 409, 429))
def change_own_password(body):
    """Change one's own password

    400 wrong_current_password, weak_password (the policy in Bengali and English), same_password. 429: after 10
    wrong current passwords in a row this route is locked for 15 minutes (the login is not).
    """
    officers.change_password(change_password, LoginAttempts(), _caller(), body)
    return {"changed": True}


@routes.post("/officer-messages", body="OfficerMessageInput", answers={201: "OfficerMessageSent"},
             errors=(400, 404, 409))
def send_officer_message(body):
    """Write to the officers one level below: all, or one; in-app and optionally by SMS

    A district writes to its upazila officers, a division to its district officers, HQ to the division officers.
    The message is saved in-app first; with sms, one SMS per recipient is then queued (the sending office's
    delivery log and monthly cap). If the SMS is refused (e.g. spend_cap_reached) the message stays in-app: 201
    with sms_job null and sms_error saying why no SMS went. 400 no_recipients, no_phones (nothing saved). 403
    no_officers_below. 404 officer_not_found (to names nobody active directly below). 409 changed_meanwhile: the
    write collided with another; try again.
    """
    return Reply(officer_messages.send(OfficerMessages(), Officers(), job_stores, _caller(), body,
                                       datetime.now(timezone.utc)), 201)


@routes.get("/officer-messages", query="MessageBoxQuery", answers={200: "OfficerMessageBox"}, errors=(400,),
            headers=NO_STORE)
def officer_message_box(query):
    """The caller's officer messages (newest first) and unread count

    400 invalid_parameter, invalid_cursor.
    """
    return officer_messages.box(OfficerMessages(), _caller(), query.box, query.cursor or None, query.limit)


@routes.post("/officer-messages/{message_id}/read", path_params="MessagePath", body="AnyInput",
             answers={200: "MessageRead"}, errors=(400, 404, 409))
def read_officer_message(message_id, body):
    """Mark a message of one's inbox read

    404 message_not_found. 409 changed_meanwhile: the write collided with another; try again.
    """
    return officer_messages.mark_read(OfficerMessages(), _caller(), message_id, utc_now())
