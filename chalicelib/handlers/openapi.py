"""GET /api/openapi.json: the API described from the same pydantic models the routes use."""
from functools import lru_cache

from chalice import Blueprint

bp = Blueprint(__name__)

BEARER = [{"bearer": []}]
ERROR = {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
JSON_OK = {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}}


def _param(name: str, description: str, where: str = "query", required: bool = False) -> dict:
    return {"name": name, "in": where, "required": required, "description": description,
            "schema": {"type": "string"}}


LIST_PARAMS = [_param("area_code", "BBS code of a division, district or upazila"),
               _param("upazila_code", "BBS code of an upazila (same as area_code)"),
               _param("status", "green | yellow | red"), _param("committee_kind", "elected | interim | new_registration"),
               _param("q", "name or registration number"), _param("cursor", "next_cursor of the previous page"),
               _param("limit", "items per page, 1-200")]
ID = _param("society_id", "society id", "path", True)


def _op(summary: str, params=(), body: str | None = None, secured: bool = True, ok: int = 200) -> dict:
    op = {"summary": summary, "parameters": list(params), "responses": {str(ok): JSON_OK, "400": ERROR}}
    if secured:
        op["security"] = BEARER
        op["responses"].update({"401": ERROR, "403": ERROR})
    if body:
        op["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{body}"}}}}
    return op


@lru_cache(maxsize=1)
def document() -> dict:
    from ..domain.society_input import SocietyInput  # pydantic only when the document is asked for
    society = SocietyInput.model_json_schema(ref_template="#/components/schemas/{model}")
    patch = {**society, "title": "SocietyPatch", "required": [],
             "description": "Any subset of the society fields, plus the version you read."}
    patch["properties"] = {**society["properties"], "version": {"type": "integer"}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Samabay API", "version": "1.0.0",
                 "description": "Department of Cooperatives, Bangladesh: society registry and reminders."},
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
            "schemas": {"SocietyInput": society, "SocietyPatch": patch,
                        "Login": {"type": "object", "required": ["username", "password"],
                                  "properties": {"username": {"type": "string"}, "password": {"type": "string"}}},
                        "Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {
                            "code": {"type": "string"}, "message": {"type": "string"},
                            "message_bn": {"type": "string"}, "details": {"type": "array", "items": {"type": "object"}}}}}}},
        },
        "paths": {
            "/api/health": {"get": _op("Health check", secured=False)},
            "/api/auth/login": {"post": _op("Log in; returns a JWT", body="Login", secured=False)},
            "/api/me": {"get": _op("The caller and their office")},
            "/api/societies": {"get": _op("Societies in the caller's area", LIST_PARAMS),
                               "post": _op("Register a society", body="SocietyInput", ok=201)},
            "/api/societies/summary": {"get": _op("Counts per status", LIST_PARAMS[:2])},
            "/api/societies/{society_id}": {"get": _op("One society", [ID]),
                                            "patch": _op("Change a society", [ID], body="SocietyPatch"),
                                            "delete": _op("Dissolve a society (kept in history)", [ID])},
            "/api/societies/{society_id}/history": {"get": _op("Audit trail and SMS sent", [ID])},
            "/api/reports/societies.csv": {"get": _op("CSV export", LIST_PARAMS[:2])},
            "/api/public/areas": {"get": _op("Areas below a parent code", [_param("parent", "parent code")], secured=False)},
            "/api/public/stats": {"get": _op("Counts per status in an area", LIST_PARAMS[:2], secured=False)},
            "/api/public/societies": {"get": _op("Public society list", LIST_PARAMS, secured=False)},
            "/api/public/societies/{society_id}": {"get": _op("Public society page", [ID], secured=False)},
            "/api/public/calendar": {"get": _op("Election calendar of an upazila or district", LIST_PARAMS[:2], secured=False)},
            "/api/openapi.json": {"get": _op("This document", secured=False)},
        },
    }


@bp.route("/openapi.json", methods=["GET"])
def openapi():
    return document()
