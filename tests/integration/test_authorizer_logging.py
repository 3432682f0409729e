"""The JWT authorizer logs through the app's logger: a JSON line per decision, under the request's correlation_id,
with the reason of a refusal and never the token."""
import json
from types import SimpleNamespace

import pytest

from .conftest import Api, login


@pytest.fixture
def logged(capsys):
    """The JSON log lines written from now on (stderr)."""
    capsys.readouterr()
    return lambda: [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]


def test_the_authorizer_logs_its_decision_under_the_request_s_correlation_id(client, logged):
    token = login(client, "uco.demo")
    logged()
    assert Api(client, token).get("/api/societies/no-such-society")[0] == 404
    lines = logged()
    accepted = next(line for line in lines if line["message"] == "token accepted")
    answered = next(line for line in lines if line["message"] == "answered")
    assert accepted["username"] == "uco.demo" and accepted["service"] == "samabay"
    assert accepted["correlation_id"] == answered["correlation_id"]  # locally the request's own context


def test_a_refused_token_is_logged_with_its_reason_and_never_the_token(client, logged):
    token = login(client, "uco.demo")
    forged = token[:-6] + "AAAAAA"
    logged()
    assert Api(client, forged).get("/api/me")[0] == 403  # API Gateway denies: the policy allows nothing
    [refused] = [line for line in logged() if line["message"] == "token refused"]
    assert refused["reason"].startswith("InvalidSignatureError") and refused["correlation_id"]
    whole = json.dumps(refused)
    assert forged not in whole and token.split(".")[1] not in whole


def test_an_authorizer_invocation_takes_its_lambda_request_id_as_correlation_id(env, logged):
    from chalicelib.handlers.auth import jwt_auth
    context = SimpleNamespace(aws_request_id="authz-request-7", function_name="jwt_auth", memory_limit_in_mb=128,
                              invoked_function_arn="arn:aws:lambda:ap-southeast-1:123456789012:function:jwt_auth")
    answer = jwt_auth({"type": "TOKEN", "authorizationToken": "Bearer not.a-token",
                       "methodArn": "arn:aws:execute-api:ap-southeast-1:123456789012:abc/v1/GET/api/me"}, context)
    assert answer["principalId"] == "anonymous"
    [refused] = [line for line in logged() if line["message"] == "token refused"]
    assert refused["correlation_id"] == "authz-request-7" and refused["function_request_id"] == "authz-request-7"
    assert "not.a-token" not in json.dumps(refused)
