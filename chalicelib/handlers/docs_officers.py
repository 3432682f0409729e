"""OpenAPI paths and schemas of handlers/officers.py and POST /api/auth/new-password (merged by
handlers/openapi.py)."""
from .openapi import BOOLEAN, INTEGER, STRING, json_body, nullable, obj, ok, op, param, ref

USERNAME_PARAM = param("username", {"type": "string", "pattern": "^[a-z0-9][a-z0-9.-]{1,62}[a-z0-9]$"},
                       "The officer's username", "path")
HANDOVER = ("Societies, tasks, SMS logs and every other record are keyed by office code, never by person: "
            "what an office holds stays with the office when its officer changes.")
BELOW = ("An office manages the officers one level below it and inside its area: HQ the division offices, a "
         "division its districts, a district its upazilas. An upazila office has none (403 no_officers_below).")


def paths() -> dict:
    officer = ok(ref("Officer"))
    empty = json_body(obj())
    return {
        "/api/auth/new-password": {"post": op(
            "First login: replace the temporary password; returns a JWT like login", ok(ref("LoginResult")),
            "400", "401", "409", "429", body=json_body(ref("NewPassword")), secured=False,
            description="400 weak_password (the pool's policy, in Bengali and English), same_password, "
                        "invalid_input. 401 login_failed: wrong username or temporary password. 409 "
                        "new_password_not_required: the account already has its own password. 429: after 10 "
                        "wrong passwords in a row the username is locked for 15 minutes.")},
        "/api/officers": {
            "get": op("The officers one level below the caller's office, and those offices' society counts",
                      ok(ref("OfficerList")), description=BELOW + " 403 no_officers_below."),
            "post": op("Register an officer for an office one level below the caller's", ok(ref("Registered"),
                       "Created: the temporary password is shown this once"), "400", "409",
                       body=json_body(ref("OfficerInput")), ok_status="201",
                       description=BELOW + " The account must set its own password at first login (login answers "
                                           "409 new_password_required). 400 wrong_office_level, unknown_area, "
                                           "invalid_input. 403 outside_jurisdiction, no_officers_below. 409 "
                                           "username_taken."),
        },
        "/api/officers/{username}/deactivate": {"post": op(
            "Deactivate an officer below: they can no longer log in", officer, "404", "409", params=[USERNAME_PARAM],
            body=empty, description="404 officer_not_found. 403: not an officer of an office directly below. "
                                    "409 changed_meanwhile.")},
        "/api/officers/{username}/reactivate": {"post": op(
            "Reactivate an officer below", officer, "404", "409", params=[USERNAME_PARAM], body=empty,
            description="404 officer_not_found. 403: not an officer of an office directly below.")},
        "/api/officers/{username}/reset-password": {"post": op(
            "Give an officer below a new temporary password (shown once)", ok(ref("PasswordReset")), "404", "409",
            params=[USERNAME_PARAM], body=empty,
            description="The officer sets their own password at the next login. 404 officer_not_found.")},
        "/api/officers/{username}/transfer": {"post": op(
            "Handover: move an officer below to another office at the same level", officer, "400", "404", "409",
            params=[USERNAME_PARAM], body=json_body(ref("Transfer")),
            description=HANDOVER + " The officer's next login carries the new office. 400 same_office, "
                                   "wrong_office_level, unknown_area. 403 outside_jurisdiction. 404 "
                                   "officer_not_found.")},
        "/api/profile": {
            "get": op("The caller's own directory entry", ok(ref("Officer"))),
            "patch": op("Change one's own phone or Bengali name", ok(ref("Officer")), "400", "409",
                        body=json_body(ref("ProfilePatch")), description="null or absent fields stay as they are."),
        },
        "/api/profile/password": {"post": op(
            "Change one's own password", ok(obj(["changed"], changed=BOOLEAN)), "400", "409", "429",
            body=json_body(ref("PasswordChange")),
            description="400 wrong_current_password, weak_password (the policy in Bengali and English), "
                        "same_password. 429: after 10 wrong current passwords in a row this route is locked "
                        "for 15 minutes (the login is not).")},
        "/api/officer-messages": {
            "get": op("The caller's officer messages (newest first) and unread count", ok(ref("OfficerMessageBox")),
                      "400", params=[
                          param("box", {"type": "string", "enum": ["inbox", "sent"]}, "inbox (default) or sent"),
                          param("cursor", STRING, "next_cursor of the previous page"),
                          param("limit", {"type": "integer", "minimum": 1, "maximum": 100}, "Page size (30)")]),
            "post": op("Write to the officers one level below: all, or one; in-app and optionally by SMS",
                       ok(ref("OfficerMessageSent"), "Created"), "400", "404",
                       body=json_body(ref("OfficerMessageInput")), ok_status="201",
                       description="A district writes to its upazila officers, a division to its district "
                                   "officers, HQ to the division officers. The message is saved in-app first; "
                                   "with sms, one SMS per recipient is then queued (the sending office's "
                                   "delivery log and monthly cap). If the SMS is refused (e.g. "
                                   "spend_cap_reached) the message stays in-app: 201 with sms_job null and "
                                   "sms_error saying why no SMS went. 400 no_recipients, no_phones (nothing "
                                   "saved). 403 no_officers_below. "
                                   "404 officer_not_found (to names nobody active directly below)."),
        },
        "/api/officer-messages/{message_id}/read": {"post": op(
            "Mark a message of one's inbox read", ok(obj(["id", "read", "unread"], id=STRING, read=BOOLEAN,
                                                        unread=INTEGER)), "404",
            params=[param("message_id", {"type": "string", "pattern": "^[0-9]{17}[0-9a-f]{8}$"}, "The message id",
                          "path")], body=empty, description="404 message_not_found.")},
    }


def components() -> dict:
    from ..domain.officer_input import (NewPassword, OfficerInput, OfficerMessageInput, PasswordChange,
                                        ProfilePatch, Transfer)
    template = "#/components/schemas/{model}"
    models = {m.__name__: m.model_json_schema(ref_template=template)
              for m in (NewPassword, OfficerInput, OfficerMessageInput, PasswordChange, ProfilePatch, Transfer)}
    models["OfficerMessageInput"]["properties"]["to"]["description"] = '"all", or the username of one officer below'
    office = obj(["code"], code=STRING, name_bn=nullable(STRING), name_en=nullable(STRING), level=nullable(STRING))
    counts = obj(["total", "by_status"], total=INTEGER,
                 by_status=obj(["green", "yellow", "red"], green=INTEGER, yellow=INTEGER, red=INTEGER))
    officer = obj(["username", "role", "status", "office"], username=STRING, name_bn=nullable(STRING),
                  phone=nullable(STRING), role={"type": "string", "enum": ["hq", "division", "district", "upazila"]},
                  status={"type": "string", "enum": ["active", "inactive"]}, office=office,
                  created_at=nullable(STRING), created_by=nullable(STRING), updated_at=nullable(STRING),
                  updated_by=nullable(STRING))
    message = obj(["id", "from_username", "text", "sent_at"], id=STRING, from_username=STRING,
                  from_office_code=STRING, from_name_bn=nullable(STRING), to=STRING, text=STRING, sms=BOOLEAN,
                  sent_at=STRING, read_at=nullable(STRING), job_id=nullable(STRING))
    return {
        **models,
        "Officer": officer,
        "OfficerList": obj(["office", "items", "offices"], office=office, items={"type": "array", "items": {
            "allOf": [officer, obj(societies=nullable(counts))]}}, offices={"type": "array", "items": {
                "allOf": [office, obj(["societies", "officers"], societies=counts,
                                      officers={"type": "array", "items": STRING})]}}),
        "Registered": obj(["username", "temporary_password"], username=STRING, temporary_password=STRING,
                          officer=officer),
        "PasswordReset": obj(["username", "temporary_password"], username=STRING, temporary_password=STRING),
        "OfficerMessage": {"allOf": [message, obj(recipients={"type": "array", "items": STRING,
                                                              "description": "Usernames (the sent box only)"})]},
        "OfficerMessageBox": obj(["box", "items", "unread"], box=STRING,
                                 items={"type": "array", "items": ref("OfficerMessage")},
                                 next_cursor=nullable(STRING), unread=INTEGER),
        "OfficerMessageSent": {"allOf": [message, obj(["recipients"], recipients=INTEGER,
                                                      sms_job=nullable(obj()),
                                                      sms_error=nullable(obj(["code", "message", "message_bn"],
                                                                             code=STRING, message=STRING,
                                                                             message_bn=STRING)))]},
    }
