"""GET /api/openapi.json: the API described from the same pydantic models the routes use.

Every status a route can answer is listed, and every parameter and body carries the
constraints its validation applies (enums, patterns, lengths, formats), so that a request
the document allows is refused only for a reason the document states. Rules JSON Schema
cannot express (dates not in the future, dates in order, unique registration numbers,
the contents of an import file) are stated in the descriptions.
"""
from functools import lru_cache

from chalice import Blueprint

from .api import Routes

bp = Blueprint(__name__)

BEARER = [{"bearer": []}]
JSON = "application/json"
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def obj(required=(), additional: bool = True, **properties) -> dict:
    schema = {"type": "object", "required": list(required), "properties": properties}
    if not additional:
        schema["additionalProperties"] = False
    return schema


STRING, INTEGER, BOOLEAN = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
STATUS = {"type": "string", "enum": ["green", "yellow", "red"]}
SOCIETY_ID_SCHEMA = {"type": "string", "pattern": "^[0-9a-f]{17}$"}
COMMITTEE_KIND = {"type": "string", "enum": ["elected", "interim", "new_registration"]}

# Statuses the routes answer, and why. 401 and 403 on protected routes may come from API Gateway's
# authorizer before the app runs; under `chalice local` those bodies are its own {"message": ...}.
WHY = {
    "400": "Invalid input: a parameter, the body or the file (error.details names each field)",
    "401": "No bearer token, or wrong credentials",
    "403": "The token is not valid, or the area or record lies outside the caller's office, or the caller's "
           "office may not do this",
    "404": "No such record",
    "409": "The record's state forbids this now: changed meanwhile, duplicate, or dissolved",
    "415": "The body's Content-Type is not one this route takes",
    "429": "Too many wrong passwords for this username; wait 15 minutes",
}
GATEWAY_STATUSES = ("401", "403", "415")  # may be answered before the app runs, in the gateway's own shape


def error(status: str) -> dict:
    schema = {"anyOf": [ref("Error"), ref("GatewayError")]} if status in GATEWAY_STATUSES else ref("Error")
    return {"description": WHY[status], "content": {JSON: {"schema": schema}}}


def ok(schema: dict, description: str = "OK", media: str = JSON) -> dict:
    return {"description": description, "content": {media: {"schema": schema}}}


CSV_FILE = ok({"type": "string", "description": "UTF-8 CSV with a byte-order mark and a header row"},
              "CSV file (Content-Disposition: attachment)", CSV)


def param(name: str, schema: dict, description: str, where: str = "query", required: bool = False) -> dict:
    return {"name": name, "in": where, "required": required or where == "path", "description": description,
            "schema": schema}


def op(summary: str, response: dict, *errors: str, params=(), body: dict | None = None,
       secured: bool = True, ok_status: str = "200", description: str | None = None) -> dict:
    operation = {"summary": summary, "parameters": list(params), "responses": {ok_status: response}}
    if description:
        operation["description"] = description
    statuses = set(errors) | ({"401", "403"} if secured else set()) | ({"415"} if body else set())
    for status in sorted(statuses):
        operation["responses"][status] = error(status)
    if secured:
        operation["security"] = BEARER
    if body:
        operation["requestBody"] = {"required": True, "content": body}
    return operation


def json_body(schema: dict) -> dict:
    return {JSON: {"schema": schema}}


def _area_codes() -> tuple[list[str], list[str], list[str], list[str]]:
    """Division, district and upazila (and metropolitan thana) codes, from the geography data."""
    from ..domain import geography
    divisions = [a["code"] for a in geography.children("")]
    districts = [a["code"] for d in divisions for a in geography.children(d)]
    upazilas = [a["code"] for z in districts for a in geography.children(z)]
    return sorted(divisions), sorted(districts), sorted(upazilas), sorted(divisions + districts + upazilas)


def _components() -> dict:
    from ..domain.society_input import SCHEMA_PHONE, SocietyInput
    divisions, districts, upazilas, every = _area_codes()
    society = SocietyInput.model_json_schema(ref_template="#/components/schemas/{model}")
    patch = {**society, "title": "SocietyPatch", "required": [],
             "description": "Any subset of the society fields, plus the version you read (409 when it is no "
                            "longer the stored one). The result, merged with the stored record, must meet "
                            "every rule of SocietyInput."}
    patch["properties"] = {**society["properties"], "version": {"type": "integer", "minimum": 1}}
    area = obj(["code", "level", "name_en", "name_bn"], code=STRING,
               level={"type": "string", "enum": ["country", "division", "district", "upazila"]},
               name_en=STRING, name_bn=STRING, kind=STRING)
    society_fields = {
        "id": {"type": "string", "pattern": "^[0-9a-f]{17}$"}, "registration_no": STRING, "registered_on": DATE,
        "name_bn": STRING, "name_en": nullable(STRING), "address": STRING, "upazila_code": STRING,
        "committee_kind": COMMITTEE_KIND, "committee_started_on": DATE, "term_ends_on": DATE,
        "last_agm_on": nullable(DATE), "last_audit_year": nullable(STRING), "last_audit_on": nullable(DATE),
        "last_accounts_year": nullable(STRING), "last_rectification_on": nullable(DATE),
        "facebook_url": nullable(STRING), "dissolved_on": nullable(DATE),
        "days_left": INTEGER, "status": STATUS,
        "status_label": obj(["bn", "en"], bn=STRING, en=STRING),
        "area": {"type": "array", "items": ref("Area")},
        "obligations": {"type": "array", "items": ref("Obligation")},
    }
    officer_fields = {
        "paid_up_share_capital_paisa": nullable(INTEGER), "officer_phone": nullable(STRING),
        "president_phone": nullable(STRING), "secretary_phone": nullable(STRING),
        "created_at": STRING, "created_by": STRING, "updated_at": STRING, "updated_by": STRING,
        "version": INTEGER, "next_reminder_on": nullable(DATE),
    }
    required = ["id", "registration_no", "registered_on", "name_bn", "upazila_code", "committee_kind",
                "committee_started_on", "term_ends_on", "days_left", "status", "area"]
    public_society = obj(required, **society_fields)
    public_society["description"] = "A society as the public sees it: never a phone number."
    public_society["not"] = {"anyOf": [{"required": [name]} for name in
                                       ("officer_phone", "president_phone", "secretary_phone")]}
    counts = obj(["area", "total", "by_status"], area=ref("Area"), lineage={"type": "array", "items": ref("Area")},
                 total=INTEGER,
                 by_status=obj(["green", "yellow", "red"], green=INTEGER, yellow=INTEGER, red=INTEGER))
    me = obj(["username", "role", "office"], username=STRING,
             role={"type": "string", "enum": ["hq", "division", "district", "upazila"]},
             office=obj(["code", "level"], code=STRING, level=nullable(STRING), name_bn=nullable(STRING),
                        name_en=nullable(STRING), lineage={"type": "array", "items": ref("Area")}))
    return {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        "schemas": {
            "SocietyInput": society, "SocietyPatch": patch,
            "Login": obj(["username", "password"],
                         username={"type": "string", "minLength": 1, "maxLength": 128},
                         password={"type": "string", "minLength": 1, "maxLength": 256}),
            "OfficePatch": {**obj(additional=False, phone=nullable(
                {"type": "string", "pattern": SCHEMA_PHONE,
                 "description": "The office's SMS fallback (never public): a Bangladeshi mobile number; empty or "
                                "null clears it"}), **_office_about()["properties"]),
                "description": "The office's own details; only the office itself changes them. Absent fields stay; "
                               "the about-page fields are what GET /api/public/offices/{code} shows."},
            "Error": obj(["error"], error=obj(
                ["code", "message"], code=STRING, message=STRING, message_bn=STRING,
                details={"type": "array", "items": {"type": "object"}})),
            "GatewayError": {**obj(message=nullable(STRING), Message=STRING, Code=STRING), "minProperties": 1,
                             "description": "A refusal by API Gateway or Chalice before the app runs (in AWS, "
                                            "gateway responses give these the Error shape too)"},
            "AreaCode": {"type": "string", "enum": ["", *every],
                         "description": "BBS geocode: 2 digits a division, 4 a district, 6 an upazila or "
                                        "metropolitan thana; empty for the whole country"},
            "DistrictOrUpazilaCode": {"type": "string", "enum": sorted(districts + upazilas),
                                      "description": "BBS geocode of a district (4 digits) or upazila (6)"},
            "OfficeCode": {"type": "string", "enum": ["BD", *every],
                           "description": "BBS geocode of the office's area; BD for headquarters"},
            "Area": area,
            "Obligation": obj(["kind", "due_on", "status", "rule"],
                              kind={"type": "string", "enum": ["committee_term", "agm", "audit",
                                                               "audit_rectification", "accounts_statement"]},
                              due_on=DATE, status=STATUS, days_left=INTEGER, subject=STRING, projected=BOOLEAN,
                              rule=STRING, rule_bn=STRING),
            "PublicSociety": public_society,
            "Society": obj(required, **society_fields, **officer_fields, open_corrections={
                "type": "array", "description": "Open correction requests (one society's page only)",
                "items": obj(["id", "field", "requested_by_office"], id=STRING, field=STRING,
                             requested_by_office=STRING)}),
            "SocietyList": obj(["items", "next_cursor"], items={"type": "array", "items": ref("Society")},
                               next_cursor=nullable(STRING), area=nullable(ref("Area"))),
            "PublicSocietyList": obj(["items", "next_cursor", "area", "lineage"],
                                     items={"type": "array", "items": ref("PublicSociety")},
                                     next_cursor=nullable(STRING), area=ref("Area"),
                                     lineage={"type": "array", "items": ref("Area")}),
            "Counts": counts,
            "Me": me,
            "LoginResult": obj(["token", "expires_in", "user"], token=STRING, expires_in=INTEGER, user=me),
            "History": obj(["items", "sms"], items={"type": "array", "items": obj(
                ["at", "actor", "action"], at=STRING, actor=STRING, action=STRING,
                before=nullable({"type": "object"}), after=nullable({"type": "object"}))},
                sms={"type": "array", "items": {"type": "object"}}),
            "Tasks": obj(["items"], items={"type": "array", "items": obj(
                ["id", "kind", "society_id", "office_code", "due_on", "state"], id=STRING,
                kind={"type": "string", "enum": ["appoint_interim_committee"]}, society_id=STRING,
                office_code=STRING, due_on=DATE, state={"type": "string", "enum": ["open", "done"]},
                society_name_bn=STRING, opened_on=nullable(DATE), closed_on=nullable(DATE))}),
            "Office": obj(["code", "phone", "area"], code=STRING, phone=nullable(STRING),
                          **{k: nullable(STRING) for k in ("address_bn", "address_en", "contact_phone", "email",
                                                           "facebook_url", "working_hours_bn", "working_hours_en")},
                          officers={"type": "array", "items": {"type": "object"}},
                          updated_at=nullable(STRING), updated_by=nullable(STRING), area=ref("Area")),
            "PublicOffice": obj(
                ["code", "name_bn", "name_en", "officers"], code=STRING, name_bn=STRING, name_en=STRING,
                address_bn=nullable(STRING), address_en=nullable(STRING),
                contact_phone={**nullable(STRING), "description": "The office's official published number"},
                email=nullable(STRING), facebook_url=nullable(STRING), messenger_url=nullable(STRING),
                working_hours_bn=nullable(STRING), working_hours_en=nullable(STRING), updated_at=nullable(STRING),
                officers={"type": "array", "items": obj(["name_bn", "title_bn"], name_bn=STRING, name_en=STRING,
                                                        title_bn=STRING, title_en=STRING)},
                area=nullable(ref("Area")), lineage={"type": "array", "items": ref("Area")}),
            "Rules": obj(["elected_term_years", "interim_term_days", "yellow_within_days", "obligations"],
                         elected_term_years=INTEGER, interim_term_days=INTEGER, yellow_within_days=INTEGER,
                         obligations={"type": "object", "additionalProperties": obj(
                             ["rule", "rule_bn"], rule=STRING, rule_bn=STRING)}),
            "Areas": obj(["parent", "lineage", "items"], parent=ref("Area"),
                         lineage={"type": "array", "items": ref("Area")},
                         items={"type": "array", "items": ref("Area")}),
            "Calendar": obj(["area", "lineage", "today", "months"], area=ref("Area"),
                            lineage={"type": "array", "items": ref("Area")}, today=DATE,
                            months={"type": "array", "items": obj(
                                ["month", "label_bn", "label_en", "societies"],
                                month={"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"},
                                label_bn=STRING, label_en=STRING,
                                societies={"type": "array", "items": ref("PublicSociety")})}),
            **_area_docs("components"),
            "ImportResult": obj(["rows", "valid", "errors", "created", "unchanged", "dry_run"],
                                rows=INTEGER, valid=INTEGER, created=INTEGER, unchanged=INTEGER, dry_run=BOOLEAN,
                                errors={"type": "array", "items": obj(
                                    ["row", "field", "message", "message_bn"], row=nullable(INTEGER),
                                    field=nullable(STRING), message=STRING, message_bn=STRING)}),
        },
    }


AREA = ref("AreaCode")
SOCIETY_ID = param("society_id", SOCIETY_ID_SCHEMA,
                   "Society id (17 lower-case hex digits); an id of no society answers 404", "path")
AREA_PARAMS = [param("area_code", AREA, "Area (default: the caller's office; public routes: the whole country)"),
               param("upazila_code", AREA, "Same as area_code (taken first when both are given)")]
LIST_PARAMS = AREA_PARAMS + [
    param("status", STATUS, "Only societies of this colour"),
    param("committee_kind", COMMITTEE_KIND, "Only this kind of committee"),
    param("q", STRING, "Part of the name (Bengali or English) or registration number"),
    param("cursor", STRING, "next_cursor of the previous page, as given (any other value answers 400: "
                            "it is an opaque page link)"),
    param("limit", {"type": "integer", "minimum": 1, "maximum": 200}, "Items per page (default 50)"),
]
CALENDAR_PARAMS = [param("area_code", ref("DistrictOrUpazilaCode"), "District or upazila", required=True),
                   param("upazila_code", ref("DistrictOrUpazilaCode"), "Same as area_code (taken first)")]
CSV_PARAMS = [param("area_code", ref("DistrictOrUpazilaCode"),
                    "District or upazila (default: the caller's office; a division or HQ office must choose "
                    "one, 400 otherwise)"),
              param("upazila_code", ref("DistrictOrUpazilaCode"), "Same as area_code (taken first)")]


AREA_DOCS = ("messaging", "message_jobs", "officers", "corrections", "site_content")


def _office_about() -> dict:
    """The about-page fields of PATCH /api/offices/{code} (domain/site_input.py), inlined."""
    from ..domain.site_input import OfficeAbout
    about = OfficeAbout.model_json_schema(ref_template="#/$defs/{model}")
    entry = about.pop("$defs")["OfficerEntry"]
    officers = about["properties"]["officers"]
    for branch in officers.get("anyOf", [officers]):
        if branch.get("type") == "array":
            branch["items"] = entry
    return about


def _area_docs(part: str) -> dict:
    """Paths or schemas each later area documents in its own handlers/docs_<area>.py."""
    from importlib import import_module
    merged: dict = {}
    for area in AREA_DOCS:
        try:
            module = import_module(f"{__package__}.docs_{area}")
        except ModuleNotFoundError:  # the area's routes declare their models now
            continue
        merged.update(getattr(module, part)())
    return merged


@lru_cache(maxsize=1)
def document() -> dict:
    society, public_society = ok(ref("Society")), ok(ref("PublicSociety"))
    return {
        "openapi": "3.1.0",
        "info": {"title": "Samabay API", "version": "1.0.0",
                 "description": "Department of Cooperatives, Bangladesh: society registry and reminders, "
                                "the Cooperative Product Sales Centre and its bKash payments. Money is in "
                                "integer paisa (Tk 1 = 100 paisa). "
                                "Errors are {\"error\": {code, message, message_bn, details}}."},
        "components": _components(),
        "paths": {
            "/api/health": {"get": op("Health check", ok(obj(["status"], status={"type": "string",
                                                                                 "enum": ["ok"]})),
                                      secured=False)},
            "/api/auth/login": {"post": op(
                "Log in; returns a JWT", ok(ref("LoginResult")), "400", "401", "403", "409", "429",
                body=json_body(ref("Login")), secured=False,
                description="401: wrong username or password, or the account is deactivated. 403: the account "
                            "must be reset by its office first. 409 new_password_required: the password is "
                            "temporary; set a new one with POST /api/auth/new-password. 429: after 10 wrong "
                            "passwords in a row, the username is locked for 15 minutes.")},
            "/api/me": {"get": op("The caller and their office", ok(ref("Me")))},
            "/api/societies": {
                "get": op("Societies in the caller's area", ok(ref("SocietyList")), "400",
                          params=LIST_PARAMS + [param("dissolved", {"type": "string", "enum": ["0", "1"]},
                                                      "1: include dissolved societies")]),
                "post": op("Register a society (the owning upazila office)", ok(ref("Society"), "Created"),
                           "400", "409", body=json_body(ref("SocietyInput")), ok_status="201")},
            "/api/societies/summary": {"get": op("Counts per status", ok(ref("Counts")),
                                                 "400", params=AREA_PARAMS)},
            "/api/societies/{society_id}": {
                "get": op("One society, with its obligations", society, "404", params=[SOCIETY_ID]),
                "patch": op("Change a society (the owning upazila office)", society, "400", "404", "409",
                            params=[SOCIETY_ID], body=json_body(ref("SocietyPatch"))),
                "delete": op("Dissolve a society (kept in history)", society, "404", "409", params=[SOCIETY_ID])},
            "/api/societies/{society_id}/history": {"get": op("Audit trail and SMS sent", ok(ref("History")),
                                                              "404", params=[SOCIETY_ID])},
            "/api/societies/import": {"post": op(
                "Import societies from a CSV or XLSX file (upazila office)", ok(ref("ImportResult")),
                "400", "409",
                params=[param("dry_run", {"type": "string", "enum": ["true", "false"], "default": "true"},
                              "true: check every row and write nothing")],
                body={CSV: {"schema": {"type": "string"}},
                      XLSX: {"schema": {"type": "string", "format": "binary"}},
                      "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
                description="The header row names the API fields (the template may add Bengali labels). "
                            "A file whose header or format cannot be read answers 400; row errors are listed "
                            "in the 200 reply and then nothing is written. JSON Schema cannot describe a "
                            "file's rows, so a file the schema allows may still be refused.")},
            "/api/societies/import/template.csv": {"get": op("The import template", CSV_FILE)},
            "/api/reports/societies.csv": {"get": op("CSV export of a district or upazila", CSV_FILE, "400",
                                                     params=CSV_PARAMS)},
            "/api/tasks": {"get": op("The caller's office's tasks", ok(ref("Tasks")), "400", params=[
                param("state", {"type": "string", "enum": ["open", "done", "all"]}, "Default: open")])},
            "/api/offices/{code}": {
                "get": op("An office's details (offices at or above it)", ok(ref("Office")), "404",
                          params=[param("code", ref("OfficeCode"), "Office code; BD for headquarters", "path")]),
                "patch": op("Change the office's own details", ok(ref("Office")), "400", "404",
                            params=[param("code", ref("OfficeCode"), "The caller's own office code", "path")],
                            body=json_body(ref("OfficePatch")))},
            "/api/public/offices/{code}": {"get": op(
                "An office's about page: address, official contact, Facebook page, hours, officers' names and "
                "titles", ok(ref("PublicOffice")), "404", secured=False,
                params=[param("code", ref("OfficeCode"), "Office code; BD for headquarters", "path")],
                description="Published fields only: never the office's SMS phone or an officer's personal "
                            "number.")},
            "/api/public/rules": {"get": op("Term lengths and colour thresholds in force", ok(ref("Rules")),
                                            secured=False)},
            "/api/public/areas": {"get": op("Areas below a parent code", ok(ref("Areas")), "400", secured=False,
                                            params=[param("parent", AREA, "Parent code (default: the country)")])},
            "/api/public/stats": {"get": op("Counts per status in an area", ok(ref("Counts")), "400",
                                            params=AREA_PARAMS, secured=False)},
            "/api/public/societies": {"get": op("Public society list", ok(ref("PublicSocietyList")), "400",
                                                params=LIST_PARAMS, secured=False)},
            "/api/public/societies/{society_id}": {"get": op("Public society page", public_society, "404",
                                                             params=[SOCIETY_ID], secured=False)},
            "/api/public/calendar": {"get": op("Election calendar of a district or upazila", ok(ref("Calendar")),
                                               "400", params=CALENDAR_PARAMS, secured=False)},
            **_area_docs("paths"),
        },
    }


routes = Routes(bp, models="openapi")


@routes.get("/openapi.json", answers={200: "ApiDocument"}, public=True)
def openapi():
    """This document"""
    return merged(bp.current_app)


def merged(app) -> dict:
    """The routes not yet declared with their models keep their hand-written entries until they are."""
    from .document import document as generated
    new, old = generated(app), document()
    paths = {path: dict(methods) for path, methods in old["paths"].items()}
    for path, methods in new["paths"].items():
        paths.setdefault(path, {}).update(methods)
    schemas = {**old["components"]["schemas"], **new["components"]["schemas"]}
    return {**old, "paths": paths, "components": {**old["components"], "schemas": schemas}}
