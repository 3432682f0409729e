"""The API document, the deployable template, and the local stack built from it."""
import json
import os
import subprocess
import sys
from pathlib import Path

import boto3
from openapi_spec_validator import validate

from app import app
from chalicelib.domain.society_input import SocietyInput
from local.provision import load_template
from tests.integration.conftest import Api

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


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
        described = boto3.client("dynamodb").describe_table(TableName=env[name_var])["Table"]
        declared = resources[logical_id]["Properties"]
        assert described["KeySchema"] == declared["KeySchema"]
        assert sorted(i["IndexName"] for i in described.get("GlobalSecondaryIndexes", [])) == sorted(
            i["IndexName"] for i in declared.get("GlobalSecondaryIndexes", []))


def test_chalice_package_merges_the_template_and_cfn_lint_passes(tmp_path):
    out = tmp_path / "out"
    clean_env = {"PATH": f"{BIN}:/usr/bin:/bin", "HOME": str(tmp_path), "AWS_ACCESS_KEY_ID": "fake",
                 "AWS_SECRET_ACCESS_KEY": "fake", "AWS_DEFAULT_REGION": "ap-southeast-1"}
    subprocess.run([str(BIN / "chalice"), "package", "--pkg-format", "cloudformation", "--merge-template",
                    "infra/resources.json", str(out)], cwd=ROOT, env=clean_env, check=True,
                   capture_output=True, timeout=600)
    template = json.loads((out / "sam.json").read_text())
    functions = {k: v for k, v in template["Resources"].items() if v["Type"] == "AWS::Serverless::Function"}
    assert set(functions) == {"APIHandler", "JwtAuth", "DailyScan", "ReconcilePayments", "MessageWorker",
                              "ReleaseMessageJobs", "SmsDeliveryStatus"}
    for name, function in functions.items():
        variables = function["Properties"]["Environment"]["Variables"]
        assert variables["TABLE_SOCIETIES"] == {"Ref": "SocietiesTable"}, name
        assert variables["USER_POOL_CLIENT_ID"] == {"Ref": "UserPoolClient"}, name
        assert variables["TABLE_PAYMENTS"] == {"Ref": "PaymentsTable"}, name
        assert variables["BKASH_SECRET_ID"] == {"Ref": "BkashSecret"}, name
    schedule = functions["DailyScan"]["Properties"]["Events"]
    assert [e["Properties"]["Schedule"] for e in schedule.values()] == ["cron(0 3 * * ? *)"]
    reconciler = functions["ReconcilePayments"]["Properties"]["Events"]
    assert [e["Properties"]["Schedule"] for e in reconciler.values()] == ["rate(5 minutes)"]
    worker = functions["MessageWorker"]["Properties"]["Events"]["MessageWorkerSqsEventSource"]["Properties"]
    assert (worker["BatchSize"], worker["ScalingConfig"]) == (1, {"MaximumConcurrency": 2})
    subscriptions = [r for r in template["Resources"].values() if r["Type"] == "AWS::Logs::SubscriptionFilter"]
    assert [s["Properties"]["DestinationArn"] for s in subscriptions] == [{"Fn::GetAtt": ["SmsDeliveryStatus", "Arn"]}] * 2
    role = template["Resources"]["ReconcilePaymentsRole"]["Properties"]["Policies"][0]["PolicyDocument"]
    assert any(isinstance(s.get("Resource"), list) and {"Fn::GetAtt": ["PaymentsTable", "Arn"]} in s["Resource"]
               for s in role["Statement"])
    gateway = [r for r in template["Resources"].values() if r["Type"] == "AWS::ApiGateway::GatewayResponse"]
    assert {r["Properties"]["ResponseType"] for r in gateway} >= {"UNAUTHORIZED", "ACCESS_DENIED", "DEFAULT_4XX"}
    for response in gateway:  # API Gateway's own refusals use the API's error shape, with CORS
        assert "code" in json.loads(response["Properties"]["ResponseTemplates"]["application/json"])["error"]
        assert "gatewayresponse.header.Access-Control-Allow-Origin" in response["Properties"]["ResponseParameters"]
    lint = subprocess.run([str(BIN / "cfn-lint"), str(out / "sam.json")], capture_output=True, text=True,
                          env={**os.environ, "HOME": str(tmp_path)})
    assert lint.returncode == 0, lint.stdout + lint.stderr
