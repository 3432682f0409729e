"""OpenAPI paths and schemas of handlers/message_jobs.py (merged by handlers/openapi.py)."""
from .openapi import AREA, CSV, INTEGER, JSON, STRING, json_body, nullable, obj, ok, op, param, ref

JOB_STATES = ["waiting", "queued", "sending", "done", "stopped"]
SMS_STATES = ["queued", "sending", "sent", "delivered", "failed", "unknown", "suppressed"]
CURSOR = param("cursor", STRING, "The next_cursor of the previous page (400 invalid_cursor if it is not one)")
LIMIT = param("limit", {"type": "integer", "minimum": 1, "maximum": 200}, "Page size (default 50)")
MONTH = {"type": "string", "pattern": "^(19|20|21)[0-9]{2}-(0[1-9]|1[0-2])$"}
PHONE = {"type": "string", "pattern": r"^(\+?880|0)1[3-9][0-9]{8}$",
         "description": "A Bangladeshi mobile number: 01XXXXXXXXX or +8801XXXXXXXXX (the API also takes "
                        "Bengali digits and dashes; anything else is 400 invalid_phone)"}
OFFICE_PARAMS = [param("office_code", AREA, "Office (default: the caller's); an office reads its own and those "
                                            "below it"),
                 param("month", MONTH, "YYYY-MM (default: this month, Dhaka time)")]


def _office_code_path() -> dict:
    from .openapi import _area_codes
    codes = [c for group in _area_codes() for c in group]
    return param("office_code", {"type": "string", "enum": ["BD", *codes]},
                 "The office whose cap is set (BD: the headquarters' own, as in /api/offices/{code})", "path")


def paths() -> dict:
    return {
        "/api/messages/jobs": {"get": op(
            "The caller's office's bulk SMS jobs, newest first", ok(ref("MessageJobList")), "400",
            params=[CURSOR, LIMIT], description="400 invalid_cursor, invalid_parameter.")},
        "/api/messages/jobs/{job_id}": {"get": op(
            "One job's progress: its state and how many SMS are queued, sent, failed...", ok(ref("MessageJob")),
            "404", params=[param("job_id", {"type": "string", "maxLength": 64}, "Job id", "path")],
            description="404 job_not_found. 403 outside_jurisdiction: the job belongs to an office the caller's "
                        "does not cover (offices above the sender see its jobs).")},
        "/api/messages/log": {"get": op(
            "The delivery log of one office and month: every SMS with its recipient, text, parts, cost, SNS "
            "message id and state",
            {"description": "OK: JSON, or with format=csv a CSV file (Content-Disposition: attachment; at most "
                            "5,000 rows, follow next_cursor in JSON for more)",
             "content": {JSON: {"schema": ref("DeliveryLog")},
                         CSV: {"schema": {"type": "string",
                                          "description": "UTF-8 CSV with a byte-order mark and a header row"}}}},
            "400", params=OFFICE_PARAMS + [
                param("status", {"type": "string", "enum": SMS_STATES}, "Only SMS in this state"),
                param("format", {"type": "string", "enum": ["json", "csv"]}, "Default: json"), CURSOR, LIMIT],
            description="400 unknown_area, invalid_month, invalid_status, invalid_format, invalid_cursor. "
                        "403 outside_jurisdiction.")},
        "/api/messages/log/{log_id}/resend": {"post": op(
            "Send an unknown or failed SMS again (a person of the office the SMS counts for decides; once per "
            "log entry; it counts in that office's monthly cap)",
            ok(ref("DeliveryLogEntry"), "Created: the new log entry, already sent (or failed, or suppressed)"),
            "404", "409", ok_status="201", body=json_body({"type": "object"}),
            params=[param("log_id", {"type": "string", "maxLength": 400}, "The log entry's id", "path")],
            description="404 sms_not_found. 409 not_resendable: only an unknown or failed SMS, once. "
                        "409 spend_cap_reached: the office's monthly SMS cap would be passed. "
                        "403 outside_jurisdiction; 403 own_office_only: an office above reads the SMS but only "
                        "the office it counts for resends it.")},
        "/api/messages/suppressions": {
            "get": op("Numbers that get no SMS: those the caller's office added (HQ: all)",
                      ok(ref("SuppressionList")), "400", params=[CURSOR, LIMIT],
                      description="400 invalid_cursor, invalid_parameter."),
            "post": op("Stop every SMS to a number (the scan's reminders, receipts, bulk and officer messages)",
                       ok(ref("Suppression"), "Created"), "400", "409", ok_status="201",
                       body=json_body(ref("SuppressionInput")),
                       description="400 invalid_phone, invalid_reason. 409 already_suppressed.")},
        "/api/messages/suppressions/{phone}": {"delete": op(
            "Let a number get SMS again (the office that added it, or one above it)",
            ok(obj(["phone", "removed"], phone=STRING, removed={"type": "boolean"})), "400", "404",
            params=[param("phone", PHONE, "The number", "path")],
            description="400 invalid_phone. 404 not_suppressed. 403 suppression_owned_elsewhere.")},
        "/api/messages/spend": {"get": op(
            "An office's SMS spend this month (or another) and its monthly cap", ok(ref("SmsSpend")), "400",
            params=OFFICE_PARAMS, description="400 unknown_area, invalid_month. 403 outside_jurisdiction.")},
        "/api/messages/spend/{office_code}": {"put": op(
            "Set an office's monthly SMS cap (an office above it; bulk sends stop at the cap, the daily "
            "reminders never do)", ok(ref("SmsSpend")), "400", params=[_office_code_path()],
            body=json_body(ref("SmsCap")),
            description="400 invalid_cap, unknown_area. 403 outside_jurisdiction, cap_set_by_office_above.")},
    }


def components() -> dict:
    counts = {name: INTEGER for name in ("total", "queued", "sending", "sent", "failed", "unknown", "suppressed",
                                         "parts", "cost_paisa")}
    job = obj(["job_id", "state", "kind", "total", "queued", "sent", "failed"], job_id=STRING,
              state={"type": "string", "enum": JOB_STATES}, kind=STRING, description=nullable(STRING),
              starts_at={"type": "string", "description": "When it starts (waiting) or started: UTC ISO time"},
              created_at=STRING, created_by=STRING, office_code=STRING,
              stop_reason={"type": "string", "enum": ["spend_cap_reached"]}, **counts)
    entry = obj(["id", "status", "phone", "text"], id=STRING, at=nullable(STRING), phone=STRING,
                role=nullable(STRING), society_id=nullable(STRING), text=STRING, parts=nullable(INTEGER),
                cost_paisa=nullable(INTEGER), message_id=nullable(STRING),
                status={"type": "string", "enum": SMS_STATES}, job_id=nullable(STRING), kind=nullable(STRING),
                office_code=nullable(STRING), error=nullable(STRING), resent_as=nullable(STRING),
                resend_of=nullable(STRING))
    suppression = obj(["phone", "reason", "added_on", "added_by"], phone=STRING, reason=STRING, added_on=STRING,
                      added_by=STRING, office_code=STRING)
    page = {"next_cursor": nullable(STRING)}
    return {
        "MessageJob": job,
        "MessageJobList": obj(["items", "next_cursor"], items={"type": "array", "items": ref("MessageJob")}, **page),
        "DeliveryLogEntry": entry,
        "DeliveryLog": obj(["office_code", "month", "items", "next_cursor"], office_code=STRING, month=STRING,
                           items={"type": "array", "items": ref("DeliveryLogEntry")}, **page),
        "Suppression": suppression,
        "SuppressionList": obj(["items", "next_cursor"], items={"type": "array", "items": ref("Suppression")},
                               **page),
        "SuppressionInput": obj(["phone", "reason"], phone=PHONE,
                                reason={"type": "string", "minLength": 2, "maxLength": 200, "pattern": r"\S"}),
        "SmsSpend": obj(["office_code", "month", "spent_paisa", "cap_paisa", "sms", "parts"], office_code=STRING,
                        month=STRING, spent_paisa=INTEGER, cap_paisa=INTEGER, sms=INTEGER, parts=INTEGER),
        "SmsCap": obj(["cap_paisa"], cap_paisa={"type": "integer", "minimum": 0, "maximum": 10 ** 11}),
    }
