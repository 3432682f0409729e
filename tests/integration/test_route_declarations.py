"""Every route is declared with its models (handlers/api.py): the one error table answers for it, and the
OpenAPI document is generated from the declarations."""
import re

import pytest

from chalicelib.domain.errors import (Conflict, Invalid, NotAllowed, NotAuthenticated, NotFound,
                                      OutsideJurisdiction, TooManyAttempts)
from chalicelib.handlers.errors import STATUS

# Blueprints whose routes still have hand-written OpenAPI entries; none (the hand-written document is gone).
NOT_YET_DECLARED = set()


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
                                body={} if method in ("POST", "PUT", "PATCH") else None,
                                headers={"Content-Type": spec.body_media[0]})  # a file route takes no JSON
        assert (status, body["error"]["code"]) == (STATUS[error], "some_code"), f"{method} {path}"
        checked += 1
    assert checked >= 7


def test_every_route_that_reads_a_json_body_documents_the_400_a_body_that_is_no_object_gets(as_user):
    """The wrapper parses a declared JSON body before the view runs (handlers/common.json_body): anything but a JSON
    object is 400 invalid_json, even on a route whose own input never is (apply, withdraw: Schemathesis found
    them answering an undocumented 400)."""
    from app import app
    from chalicelib.handlers.document import document
    api, paths = as_user("dco.demo"), document(app)["paths"]
    reads_json = [(path, method, entry) for path, method, entry in declared_routes(app)
                  if getattr(entry.view_function, "route_spec", None) and entry.view_function.route_spec.body
                  and entry.view_function.route_spec.body_media == ("application/json",)]
    assert ("/api/corrections/{correction_id}/apply", "POST") in {(path, method) for path, method, _ in reads_json}
    for path, method, _ in reads_json:
        assert "400" in paths[path][method.lower()]["responses"], f"{method} {path}"
    status, reply = api.post("/api/corrections/cr-0000000000/apply", ["not", "an", "object"])
    assert (status, reply["error"]["code"]) == (400, "invalid_json")
