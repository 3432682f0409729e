"""OpenAPI paths and schemas of handlers/messaging.py (merged by handlers/openapi.py)."""
from .openapi import (AREA, BOOLEAN, INTEGER, SOCIETY_ID_SCHEMA, STRING, json_body, nullable, obj, ok, op, param,
                      ref)

TEMPLATE_ERRORS = ("400 unknown_variable (error.details[0].variable names it), malformed_template (a brace not "
                   "closed, or anything but a name inside one), empty_text, text_too_long (over 3 SMS parts even "
                   "with a one-letter society name and every other variable at its longest).")
COMPOSE_ERRORS = ("400 invalid_input (template_or_text: give exactly one), unknown_area, unknown_variable, "
                  "malformed_template, empty_text, text_too_long. 403 outside_jurisdiction: the area or the "
                  "society lies outside the caller's office. 404 society_not_found. 409 society_dissolved.")


def _kind_param() -> dict:
    from ..domain.messaging import KINDS
    return param("kind", {"type": "string", "enum": list(KINDS)},
                 "The standard message (404 unknown_template_kind for any other)", "path")


def paths() -> dict:
    template = ok(ref("MessageTemplate"))
    request = json_body(ref("MessageRequest"))
    return {
        "/api/messages/templates": {"get": op(
            "The message templates in force for an area: each kind's text, where it comes from and its variables",
            ok(ref("MessageTemplates")), "400",
            params=[param("area_code", AREA, "Area (default: the caller's office); a district's override applies "
                                             "in it and its upazilas")],
            description="400 unknown_area. 403 outside_jurisdiction.")},
        "/api/messages/templates/{kind}": {
            "put": op("Save a template: HQ's national default, or a district office's text for its district",
                      template, "400", "404", params=[_kind_param()], body=json_body(ref("TemplateText")),
                      description=TEMPLATE_ERRORS + " 403 templates_read_only: division and upazila offices read "
                                  "templates but do not edit them."),
            "delete": op("Back to the default: a district's own text removed (or HQ's national one)", template,
                         "404", params=[_kind_param()],
                         description="404 template_not_found: nothing saved here. 403 templates_read_only.")},
        "/api/messages/preview": {"post": op(
            "What a send would be: the rendered text, recipients, SMS parts and cost (nothing is sent)",
            ok(ref("MessagePreview")), "400", "404", "409", body=request, description=COMPOSE_ERRORS)},
        "/api/messages/send": {"post": op(
            "Send a message to a filter's societies (or one society): a bulk job, queued now or waiting for the "
            "send window", ok(ref("MessageSendResult"), "Accepted: follow GET /api/messages/jobs/{job_id}"),
            "400", "404", "409", body=request, ok_status="202",
            description=COMPOSE_ERRORS.replace("400 invalid_input", "400 no_recipients (nobody matched), too_many_recipients, "
                                               "invalid_input") + " 409 spend_cap_reached: the office's monthly "
                                                                  "SMS spend cap would be passed.")},
    }


def components() -> dict:
    from ..domain.messaging_input import MessageRequest
    schema = MessageRequest.model_json_schema(ref_template="#/components/schemas/{model}")
    definitions = schema.pop("$defs", {})
    definitions["MessageFilter"]["properties"]["area_code"] = {**AREA, "description": "Default: the caller's "
                                                                                      "office's area"}
    definitions["MessageFilter"]["properties"]["society_id"] = nullable(SOCIETY_ID_SCHEMA)
    variable = obj(["name", "label_bn", "label_en"], name=STRING, label_bn=STRING, label_en=STRING)
    source = {"type": "string", "enum": ["builtin", "national", "district"]}
    sample = obj(["society_id", "society_name", "role", "phone", "text"], society_id=STRING, society_name=STRING,
                 role=STRING, text=STRING, phone={"type": "string", "description": "Masked: +880181****001"})
    return {
        **definitions,
        "MessageRequest": schema,
        "TemplateText": obj(["text"], text={"type": "string", "minLength": 1, "maxLength": 1000,
                                            "description": "Variables as {name}: see GET /api/messages/templates"}),
        "MessageTemplate": obj(
            ["kind", "text", "source", "variables", "parts"], kind=STRING, label_bn=STRING, label_en=STRING,
            text=STRING, source=source, builtin_text=STRING, national_text=nullable(STRING),
            updated_at=nullable(STRING), updated_by=nullable(STRING), encoding=STRING,
            parts={**INTEGER, "description": "SMS parts with a one-letter name and the other variables at their "
                                             "longest"},
            variables={"type": "array", "items": variable}),
        "MessageTemplates": obj(
            ["area_code", "items", "can_edit"], area_code=STRING, district_code=STRING, can_edit=BOOLEAN,
            edits=nullable({"type": "string", "enum": ["national", "district"]}), max_parts=INTEGER,
            free_text_variables={"type": "array", "items": variable},
            items={"type": "array", "items": ref("MessageTemplate")}),
        "MessagePreview": obj(
            ["recipients", "parts", "cost_paisa", "text"], recipients=INTEGER, parts=INTEGER, cost_paisa=INTEGER,
            text={"type": "string", "description": "The first recipient's SMS (each society's differs)"},
            cost_taka_bn=STRING, cost_taka_en=STRING, recipients_bn=STRING, parts_bn=STRING,
            encoding={"type": "string", "enum": ["GSM-7", "UCS-2"]}, parts_per_sms=INTEGER, societies=INTEGER,
            kind=STRING, area_code=STRING, needs_confirmation=BOOLEAN, samples={"type": "array", "items": sample}),
        "MessageSendResult": obj(["job_id"], job_id=STRING, state=STRING, recipients=INTEGER, parts=INTEGER,
                                 cost_paisa=INTEGER),
    }
