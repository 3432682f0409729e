"""OpenAPI paths and schemas of handlers/corrections.py (merged by handlers/openapi.py)."""
from .openapi import INTEGER, SOCIETY_ID, SOCIETY_ID_SCHEMA, STRING, json_body, nullable, obj, ok, op, param, ref

CORRECTION_ID = param("correction_id", {"type": "string", "pattern": "^cr-[0-9a-f]{10}$"},
                      "Request id (cr- and 10 hex digits); an id of no request answers 404", "path")
RULE = ("An office never edits a subordinate office's data: offices above the society's upazila office (district, "
        "division, HQ) inside their area file a request; the owning upazila office applies or rejects it.")
STATES = ["open", "applied", "rejected", "withdrawn"]


def _value() -> dict:
    return {"description": "The new value as the registry's own field takes it (a date YYYY-MM-DD, text, paisa as "
                           "an integer, a phone in any local spelling); null clears an optional field. Checked with "
                           "the registry's rules against the society as it is (400 invalid_input naming the field).",
            "anyOf": [{"type": "string", "maxLength": 300}, {"type": "integer"}, {"type": "null"}]}


def components() -> dict:
    from ..domain.corrections import OFFICER_FIELDS, PUBLIC_FIELDS_CORRECTABLE, REASON_MAX, REASON_MIN
    reason = {"type": "string", "minLength": REASON_MIN, "maxLength": REASON_MAX,
              "pattern": "(\\S\\s*){%d}" % REASON_MIN,
              "description": f"Why: at least {REASON_MIN} characters that are not spaces; runs of spaces are "
                             "stored as one"}
    step = obj(["action", "actor", "office", "at"], action=STRING, actor=STRING, office=STRING, at=STRING,
               note=STRING)
    counts = obj(STATES, **{s: INTEGER for s in STATES})
    names = obj(["name_bn", "name_en"], name_bn=STRING, name_en=STRING)
    return {
        "CorrectionInput": obj(["society_id", "field", "proposed_value", "reason"], additional=False,
                               society_id=SOCIETY_ID_SCHEMA,
                               field={"type": "string", "enum": list(OFFICER_FIELDS)},
                               proposed_value=_value(), reason=reason),
        "PublicCorrectionInput": obj(["phone", "field", "proposed_value", "reason"], additional=False,
                                     phone={"type": "string", "maxLength": 30,
                                            "description": "The society's president's or secretary's mobile number "
                                                           "as the office recorded it"},
                                     field={"type": "string", "enum": list(PUBLIC_FIELDS_CORRECTABLE)},
                                     proposed_value=_value(), reason=reason),
        "RejectInput": obj(["reason"], reason=reason),
        "Correction": obj(
            ["id", "society_id", "society_name_bn", "owner_office", "field", "current_value", "proposed_value",
             "reason", "requested_by", "requester_office", "requester_role", "created_at", "state", "state_bn",
             "history", "version"],
            id=STRING, society_id=STRING, society_name_bn=STRING,
            owner_office={**STRING, "description": "The society's upazila: the office that decides"},
            field=STRING, current_value=nullable({"anyOf": [STRING, INTEGER]}),
            proposed_value=nullable({"anyOf": [STRING, INTEGER]}), reason=STRING,
            requested_by={**STRING, "description": "Username, or \"public\""},
            requester_office={**STRING, "description": "Office code (\"\" HQ), or \"public\""},
            requester_role=STRING, requester_phone=nullable(STRING), created_at=STRING, updated_at=STRING,
            state={"type": "string", "enum": STATES}, state_bn=STRING, decided_by=nullable(STRING),
            decided_at=nullable(STRING), decision_reason=nullable(STRING), version=INTEGER,
            history={"type": "array", "items": step}, owner_office_name=names, requester_office_name=names),
        "CorrectionBox": obj(["box", "office_code", "counts", "items", "next_cursor"],
                             box={"type": "string", "enum": ["inbox", "outbox"]}, office_code=STRING, counts=counts,
                             items={"type": "array", "items": ref("Correction")}, next_cursor=nullable(STRING)),
        "CorrectionFiled": obj(["id", "state"], id=STRING, state={"type": "string", "enum": ["open"]}),
    }


def paths() -> dict:
    correction = ok(ref("Correction"))
    empty = json_body(obj())
    return {
        "/api/corrections": {
            "post": op("File a correction request against a society (an office above its upazila office)",
                       ok(ref("Correction"), "Created: state open"), "400", "404", "409",
                       body=json_body(ref("CorrectionInput")), ok_status="201",
                       description=RULE + " The current value is read when filing. 400 invalid_field (a field "
                                          "requests cannot change: upazila_code, ids, derived fields), "
                                          "invalid_input, no_change, invalid_reason. 403 owner_edits_directly (the "
                                          "upazila office owns it), outside_jurisdiction. 404 society_not_found. "
                                          "409 correction_already_open (one open request per field), "
                                          "society_dissolved. The owning office is told by SMS."),
            "get": op("An office's inbox (requests to it) or outbox (its requests), open first, with counts per "
                      "state", ok(ref("CorrectionBox")), "400", params=[
                          param("box", {"type": "string", "enum": ["inbox", "outbox"]}, "Default inbox"),
                          param("state", {"type": "string", "enum": STATES}, "Only this state"),
                          param("office_code", ref("AreaCode"), "Another office inside the caller's area "
                                                                "(default: the caller's)"),
                          param("cursor", STRING, "next_cursor of the previous page, as given (400 invalid_cursor "
                                                  "otherwise)"),
                          param("limit", {"type": "integer", "minimum": 1, "maximum": 100}, "Default 20")],
                      description="400 invalid_box, invalid_state, unknown_area, invalid_cursor. 403 "
                                  "outside_jurisdiction."),
        },
        "/api/corrections/{correction_id}": {"get": op(
            "One request and its history (both offices and the offices above them)", correction, "404",
            params=[CORRECTION_ID], description="404 correction_not_found. 403 outside_jurisdiction.")},
        "/api/corrections/{correction_id}/apply": {"post": op(
            "Apply a request: the society changes (audit action correction, with the request id) and the request "
            "closes, in one transaction", correction, "404", "409", params=[CORRECTION_ID], body=empty,
            description="Only the owning upazila office (403 owner_decides). 409 correction_closed, "
                        "correction_stale (the field changed since filing), correction_no_longer_valid, "
                        "stale_version, society_dissolved. The requester is told by SMS.")},
        "/api/corrections/{correction_id}/reject": {"post": op(
            "Reject a request, with a reason", correction, "400", "404", "409", params=[CORRECTION_ID],
            body=json_body(ref("RejectInput")),
            description="Only the owning upazila office (403 owner_decides). 400 invalid_reason. 409 "
                        "correction_closed. The requester is told by SMS.")},
        "/api/corrections/{correction_id}/withdraw": {"post": op(
            "Withdraw an open request (the office that filed it)", correction, "404", "409",
            params=[CORRECTION_ID], body=empty, description="403 requester_withdraws. 409 correction_closed.")},
        "/api/public/societies/{society_id}/corrections": {"post": op(
            "The society's president or secretary asks its office to correct its listing",
            ok(ref("CorrectionFiled"), "Created"), "400", "404", "409", "429", secured=False,
            params=[SOCIETY_ID], body=json_body(ref("PublicCorrectionInput")), ok_status="201",
            description="The body and the society's state are checked before the phone, so 400 and 409 "
                        "society_dissolved answer alike for any phone. 404 society_not_found for an unknown society "
                        "and for a phone that is not the president's or secretary's alike (numbers are never "
                        "revealed); 429 after 5 wrong numbers for a society, or 5 tries of one wrong number on any "
                        "societies, for an hour. 400 invalid_field, invalid_input, no_change, invalid_reason. 409 "
                        "correction_already_open, society_dissolved.")},
    }
