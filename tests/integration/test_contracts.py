"""The API document, and the local stack built from the template (the packaged template: test_template.py)."""
import json

from openapi_spec_validator import validate

from app import app
from chalicelib.domain.society_input import SocietyInput
from chalicelib.store import aws
from local.provision import load_template
from tests.integration.conftest import Api


def test_openapi_document_is_valid_and_uses_the_models_the_routes_validate_with(client):
    status, doc = Api(client).get("/api/openapi.json")
    assert status == 200
    validate(doc)
    schema = doc["components"]["schemas"]["SocietyInput"]
    assert schema == json.loads(json.dumps(SocietyInput.model_json_schema()))
    assert set(schema["required"]) >= {"registration_no", "name_bn", "upazila_code"}
    assert "officer_phone" not in schema["required"]  # the office's phone stands in when it is empty
    # The document carries the constraints validation applies, so a request it allows is refused only
    # for a reason it states (tests/e2e/test_zz_schemathesis.py checks this against the running API).
    assert schema["properties"]["committee_kind"]["enum"] == ["elected", "interim", "new_registration"]
    assert "404419" in schema["properties"]["upazila_code"]["enum"]
    assert "pattern" in schema["properties"]["registered_on"]


def test_openapi_documents_every_status_and_media_type_a_route_answers():
    from chalicelib.handlers.document import document
    doc = document(app)
    for path, ops in doc["paths"].items():
        for method, operation in ops.items():
            responses = operation["responses"]
            if "security" in operation:  # the authorizer's refusals
                assert {"401", "403"} <= set(responses), (method, path)
            if "requestBody" in operation:
                assert "415" in responses, (method, path)
            if "{society_id}" in path:
                assert "404" in responses, (method, path)
    assert set(doc["paths"]["/api/auth/login"]["post"]["responses"]) >= {"200", "400", "401", "403", "429"}
    for path in ("/api/reports/societies.csv", "/api/societies/import/template.csv"):
        assert list(doc["paths"][path]["get"]["responses"]["200"]["content"]) == ["text/csv"]
    imports = doc["paths"]["/api/societies/import"]["post"]
    assert set(imports["requestBody"]["content"]) >= {
        "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    assert [p["schema"]["enum"] for p in imports["parameters"] if p["name"] == "dry_run"] == [["true", "false"]]


def test_openapi_lists_every_route():
    from chalicelib.handlers.document import document
    documented = {(path, method) for path, ops in document(app)["paths"].items() for method in ops}
    routed = {(path.replace("{society_id}", "{society_id}"), method.lower())
              for path, methods in app.routes.items() for method in methods}
    assert routed == documented


def test_local_tables_match_the_cloudformation_template(env):
    resources = load_template()["Resources"]
    for logical_id, name_var in (("SocietiesTable", "TABLE_SOCIETIES"), ("SmsTable", "TABLE_SMS"),
                                 ("AuditTable", "TABLE_AUDIT")):
        described = aws.client("dynamodb").describe_table(TableName=env[name_var])["Table"]
        declared = resources[logical_id]["Properties"]
        assert described["KeySchema"] == declared["KeySchema"]
        assert sorted(i["IndexName"] for i in described.get("GlobalSecondaryIndexes", [])) == sorted(
            i["IndexName"] for i in declared.get("GlobalSecondaryIndexes", []))
