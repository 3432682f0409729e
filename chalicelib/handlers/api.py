"""Routes that declare what they take and answer, so the OpenAPI document is generated from them.

    routes = Routes(bp, models="corrections")      # the area's models: chalicelib/handlers/models/corrections.py

    @routes.post("/corrections", body="CorrectionInput", answers={201: "Correction"}, errors=(400, 404, 409))
    def file_request(body):
        "Summary line; the rest of the docstring is the operation's description."

Model names are resolved in the area's models module on first use, so a cold start imports no pydantic.
Every route is wrapped in the one error table (handlers/errors.py), its JSON answer is serialised
through the declared response model (fields the model does not declare are dropped, or refused
under SAMABAY_STRICT_RESPONSES, as the tests run), and its query is validated by its query model.
"""
import json
from dataclasses import dataclass, field
from functools import wraps
from importlib import import_module

from chalice import Response

from ..domain.errors import Invalid
from .common import BODY_TYPES, json_body
from .errors import JSON_HEADERS, handles_errors

JSON = "application/json"


@dataclass
class Reply:
    """An answer with another declared status than the first, or headers of its own."""
    body: object
    status: int = 200
    headers: dict = field(default_factory=dict)


@dataclass
class RouteSpec:
    method: str
    path: str
    models: str
    answers: dict          # status -> model name, None (no body), or {media type: model name | None}
    errors: tuple
    body: str | None
    query: str | None
    path_params: str | None
    secured: bool
    summary: str
    description: str
    body_media: tuple
    view: object = None

    def model(self, name: str):
        return getattr(import_module(f"{__package__}.models.{self.models}"), name)


class Routes:
    """A blueprint's routes, each declared with its models and statuses."""

    def __init__(self, blueprint, models: str, authorizer=None):
        self.blueprint, self.models, self.authorizer = blueprint, models, authorizer

    def route(self, path: str, method: str, *, answers: dict, errors=(), body: str | None = None,
              query: str | None = None, path_params: str | None = None, public: bool = False,
              body_media: tuple = (JSON,), content_types=None, headers: dict | None = None,
              body_after_checks: bool = False):
        """`body_after_checks`: the view gets `read_body` (a function) instead of `body`, so it can refuse
        the caller (403) before reading what they sent."""
        def declare(view):
            doc = (view.__doc__ or "").strip().split("\n", 1)
            spec = RouteSpec(method, path, self.models, answers, tuple(errors), body, query, path_params,
                             not public, doc[0].strip(), " ".join(doc[1].split()) if len(doc) > 1 else "",
                             body_media, view)
            ok_status = next(iter(answers))

            @wraps(view)
            @handles_errors
            def answer(**path_values):
                request = self.blueprint.current_request
                arguments = dict(path_values)
                if spec.query:
                    arguments["query"] = _validated_query(spec, request.query_params or {})
                if spec.body and spec.body_media == (JSON,) and body_after_checks:
                    arguments["read_body"] = lambda: json_body(request)
                elif spec.body and spec.body_media == (JSON,):
                    arguments["body"] = json_body(request)
                result = spec.view(**arguments)
                if isinstance(result, Response):
                    return result
                reply = result if isinstance(result, Reply) else Reply(result, ok_status)
                return Response(body=json.dumps(serialised(spec, reply.status, reply.body), ensure_ascii=False),
                                status_code=reply.status, headers={**JSON_HEADERS, **(headers or {}),
                                                                   **reply.headers})

            answer.route_spec = spec
            options = {"methods": [method]}
            if not public:
                options["authorizer"] = self.authorizer
            if body or method in ("POST", "PUT", "PATCH"):
                options["content_types"] = content_types or BODY_TYPES
            self.blueprint.route(path, **options)(answer)
            return answer
        return declare

    def get(self, path, **declared):
        return self.route(path, "GET", **declared)

    def post(self, path, **declared):
        return self.route(path, "POST", **declared)

    def put(self, path, **declared):
        return self.route(path, "PUT", **declared)

    def patch(self, path, **declared):
        return self.route(path, "PATCH", **declared)

    def delete(self, path, **declared):
        return self.route(path, "DELETE", **declared)


def json_model(spec: RouteSpec, status: int):
    answer = spec.answers.get(status)
    if isinstance(answer, dict):
        answer = answer.get(JSON)
    return spec.model(answer) if answer else None


def serialised(spec: RouteSpec, status: int, body):
    """The body exactly as the status's declared model says (JSON types, unset fields left out)."""
    if status not in spec.answers:
        raise LookupError(f"{spec.method} {spec.path} answered an undeclared status {status}")
    model = json_model(spec, status)
    if model is None:
        return body
    return model.model_validate(body).model_dump(mode="json", by_alias=True, exclude_unset=True)


def _validated_query(spec: RouteSpec, params: dict):
    from ..domain.validation import validation_details
    from pydantic import ValidationError
    try:
        return spec.model(spec.query).model_validate(dict(params))
    except ValidationError as exc:
        raise Invalid("invalid_parameter", "A query parameter is not valid.", "একটি প্যারামিটার সঠিক নয়।",
                      validation_details(exc)) from None
