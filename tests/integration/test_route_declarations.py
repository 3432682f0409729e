"""Every route is declared with its models (handlers/api.py): the one error table answers for it, and the
OpenAPI document is generated from the declarations."""
import re

import pytest

from chalicelib.domain.errors import (Conflict, Invalid, NotAllowed, NotAuthenticated, NotFound,
                                      OutsideJurisdiction, TooManyAttempts)
from chalicelib.handlers.errors import STATUS

# Blueprints whose routes still have hand-written OpenAPI entries (handlers/openapi.py); none when done.
NOT_YET_DECLARED = {"auth", "registry", "offices", "public", "messaging", "message_jobs",
                    "officers"}


def declared_routes(app):
    for path, methods in app.routes.items():
        for method, entry in methods.items():
            yield path, method, entry


def test_every_route_declares_its_models_and_statuses():
    from app import app
    undeclared = [f"{method} {path}" for path, method, entry in declared_routes(app)
                  if not hasattr(entry.view_function, "route_spec")
                  and entry.view_function.__module__.rsplit(".", 1)[-1] not in NOT_YET_DECLARED]
    assert undeclared == []


@pytest.mark.parametrize("error", [Invalid, NotAuthenticated, OutsideJurisdiction, NotAllowed, NotFound, Conflict,
                                   TooManyAttempts])
def test_no_route_answers_500_for_a_domain_error(as_user, monkeypatch, error):
    from app import app
    api = as_user("hq.demo")
    checked = 0
    for path, method, entry in declared_routes(app):
        spec = getattr(entry.view_function, "route_spec", None)
        if spec is None:
            continue

        def refuse(**_):
            raise error("some_code", "Refused.", "অগ্রহণযোগ্য।")
        monkeypatch.setattr(spec, "view", refuse)
        monkeypatch.setattr(spec, "query", None)
        monkeypatch.setattr(spec, "body", None)
        status, body = api.call(method.lower(), "/api" + re.sub(r"\{[^}]+\}", "x1", path.removeprefix("/api")),
                                body={} if method in ("POST", "PUT", "PATCH") else None)
        assert (status, body["error"]["code"]) == (STATUS[error], "some_code"), f"{method} {path}"
        checked += 1
    assert checked >= 7


def test_a_route_that_reads_a_json_body_documents_400():
    """Schemathesis found it: POST /api/corrections/{id}/withdraw with the body `false` answered 400 invalid_json,
    which the document did not list (the route declares no 400 of its own)."""
    from app import app
    from chalicelib.handlers.api import JSON
    from chalicelib.handlers.openapi import merged
    paths = merged(app)["paths"]
    for path, method, entry in declared_routes(app):
        spec = getattr(entry.view_function, "route_spec", None)
        if spec is not None and spec.body and spec.body_media == (JSON,):
            assert "400" in paths[path][method.lower()]["responses"], f"{method} {path}"
