"""The OpenAPI document, generated from the routes' declarations (handlers/api.py) and their pydantic models,
and the route that serves it (GET /api/openapi.json)."""
from http import HTTPStatus

from chalice import Blueprint

from .api import JSON, RouteSpec, Routes

bp = Blueprint(__name__)
routes = Routes(bp, models="document")
_served: dict = {}

INFO = {"title": "Samabay API", "version": "1.0.0",
        "description": "Department of Cooperatives, Bangladesh: society registry and reminders, the Cooperative "
                       "Product Sales Centre and its bKash payments. Money is in integer paisa (Tk 1 = 100 "
                       "paisa). Errors are {\"error\": {code, message, message_bn, details}}."}
REF = "#/components/schemas/{model}"
# Statuses the routes answer, and why. 401 and 403 on protected routes may come from API Gateway's
# authorizer before the app runs; under `chalice local` those bodies are its own {"message": ...}.
WHY = {
    400: "Invalid input: a parameter, the body or the file (error.details names each field)",
    401: "No bearer token, or wrong credentials",
    403: "The token is not valid, or the area or record lies outside the caller's office, or the caller's "
         "office may not do this",
    404: "No such record",
    409: "The record's state forbids this now: changed meanwhile, duplicate, or dissolved",
    415: "The body's Content-Type is not one this route takes",
    429: "Too many attempts; wait and try again",
}
GATEWAY_STATUSES = (401, 403, 415)  # may be answered before the app runs, in the gateway's own shape
FILE_MEDIA = {"text/csv": {"type": "string", "description": "UTF-8 CSV with a byte-order mark and a header row"}}


def specs(app) -> list[RouteSpec]:
    found = []
    for path, methods in app.routes.items():
        for method, entry in methods.items():
            spec = getattr(entry.view_function, "route_spec", None)
            if spec is not None:
                found.append((path, spec))
    return found


def document(app) -> dict:
    from pydantic.json_schema import models_json_schema
    from .models.common import Error, GatewayError

    declared = specs(app)
    wanted = {(Error, "serialization"), (GatewayError, "serialization")}
    for _, spec in declared:
        for name, mode in _model_names(spec):
            wanted.add((spec.model(name), mode))
    refs, schemas = models_json_schema(sorted(wanted, key=lambda pair: (pair[0].__name__, pair[1])),
                                       ref_template=REF)
    components = schemas.get("$defs", {})
    paths: dict = {}
    for path, spec in declared:
        paths.setdefault(path, {})[spec.method.lower()] = _operation(spec, refs, components)
    return {"openapi": "3.1.0", "info": INFO, "paths": dict(sorted(paths.items())),
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                                          "bearerFormat": "JWT"}},
                           "schemas": components}}


def _model_names(spec: RouteSpec):
    for name in (spec.body, spec.query, spec.path_params):
        if name:
            yield name, "validation"
    for answer in spec.answers.values():
        for name in (answer.values() if isinstance(answer, dict) else [answer]):
            if isinstance(name, str):
                yield name, "serialization"


def _operation(spec: RouteSpec, refs: dict, components: dict) -> dict:
    operation = {"summary": spec.summary, "operationId": spec.view.__name__, "parameters": [], "responses": {}}
    if spec.description:
        operation["description"] = spec.description
    for name, where in ((spec.path_params, "path"), (spec.query, "query")):
        if name:
            operation["parameters"] += _parameters(spec.model(name), where, refs, components)
    for status, answer in spec.answers.items():
        operation["responses"][str(status)] = _answer(spec, status, answer, refs)
    statuses = set(spec.errors) | ({401, 403} if spec.secured else set())
    if spec.method in ("POST", "PUT", "PATCH"):
        statuses.add(415)
    if spec.body and spec.body_media == (JSON,):
        statuses.add(400)  # the wrapper parses the body first: anything but a JSON object is 400 invalid_json
    if spec.body or spec.body_media != (JSON,):
        operation["requestBody"] = {"required": True, "content": _body(spec, refs)}
    for status in sorted(statuses - set(spec.answers)):
        operation["responses"][str(status)] = _error(status, refs)
    if spec.secured:
        operation["security"] = [{"bearer": []}]
    return operation


def _ref(refs: dict, model, mode: str) -> dict:
    return refs[(model, mode)]


def _answer(spec: RouteSpec, status: int, answer, refs: dict) -> dict:
    described = {"description": HTTPStatus(status).phrase}
    if status in (301, 302, 303, 307):
        described["headers"] = {"Location": {"required": True, "schema": {"type": "string"}}}
        return described
    media = answer if isinstance(answer, dict) else ({JSON: answer} if answer else {})
    content = {}
    for kind, name in media.items():
        content[kind] = {"schema": _ref(refs, spec.model(name), "serialization") if name
                         else FILE_MEDIA.get(kind, {"type": "string"})}
    if content:
        described["content"] = content
    return described


def _body(spec: RouteSpec, refs: dict) -> dict:
    content = {}
    for kind in spec.body_media:
        if spec.body and kind in (JSON, "text/plain"):
            content[kind] = {"schema": _ref(refs, spec.model(spec.body), "validation")}
        else:
            content[kind] = {"schema": {"type": "string", "format": "binary"} if "text" not in kind
                             else {"type": "string"}}
    return content


def _error(status: int, refs: dict) -> dict:
    from .models.common import Error, GatewayError
    schema = _ref(refs, Error, "serialization")
    if status in GATEWAY_STATUSES:
        schema = {"anyOf": [schema, _ref(refs, GatewayError, "serialization")]}
    return {"description": WHY[status], "content": {JSON: {"schema": schema}}}


def _parameters(model, where: str, refs: dict, components: dict) -> list[dict]:
    schema = model.model_json_schema(ref_template=REF, mode="validation")
    required = set(schema.get("required", ()))
    parameters = []
    for name, prop in schema.get("properties", {}).items():
        prop = dict(prop)
        prop.pop("title", None)
        description = prop.pop("description", None)
        if "anyOf" in prop and {"type": "null"} in prop["anyOf"]:  # an absent parameter, not a null one
            rest = [branch for branch in prop.pop("anyOf") if branch != {"type": "null"}]
            prop = {**(rest[0] if len(rest) == 1 else {"anyOf": rest}), **prop}
        if prop.get("default", "") is None:
            del prop["default"]
        parameter = {"name": name, "in": where, "required": where == "path" or name in required, "schema": prop}
        if description:
            parameter["description"] = description
        parameters.append(parameter)
    return parameters


@routes.get("/openapi.json", answers={200: "ApiDocument"}, public=True)
def openapi():
    """This document"""
    if not _served:
        _served.update(document(bp.current_app))
    return _served
