"""Routes, authorizer and scheduled scan in-process: chalice.test.Client on moto's mock_aws.

Resources come from infra/resources.json (local.provision), officers from local.demo,
tokens from moto's Cognito, and the authorizer checks them against moto's real JWKS.
"""
import json

import pytest
from chalice.test import Client
from moto import mock_aws

from chalicelib.store import aws
from local.demo import DEMO_PASSWORD, create_offices, create_users
from local.jwks import jwks_server
from local.provision import provision

REGION = "ap-southeast-1"


@pytest.fixture(scope="session")
def jwks_url():
    url, server = jwks_server()
    yield url
    server.shutdown()


@pytest.fixture
def env(monkeypatch, jwks_url):
    for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": REGION,
                        "AWS_REGION": REGION}.items():
        monkeypatch.setenv(name, value)
    aws.reset()
    with mock_aws():
        stack_env = provision(REGION)
        for name, value in stack_env.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("JWKS_URL", jwks_url)
        aws.reset()
        create_users(stack_env["USER_POOL_ID"], REGION)
        create_offices()
        from chalicelib.store import tokens
        tokens.signing_keys.cache_clear()
        yield stack_env
    aws.reset()


@pytest.fixture
def client(env):
    from app import app
    with Client(app) as test_client:
        yield test_client


class Api:
    """JSON calls as a given officer (or anonymous)."""

    def __init__(self, client, token=None):
        self.client, self.token = client, token

    def call(self, method, path, body=None, headers=None):
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        if self.token:
            all_headers["Authorization"] = f"Bearer {self.token}"
        response = getattr(self.client.http, method)(
            path, headers=all_headers, body=json.dumps(body) if body is not None else None)
        text = response.body.decode("utf-8") if isinstance(response.body, bytes) else response.body
        try:
            return response.status_code, json.loads(text)
        except ValueError:
            return response.status_code, text

    def get(self, path, **kw):
        return self.call("get", path, **kw)

    def post(self, path, body, **kw):
        return self.call("post", path, body, **kw)

    def patch(self, path, body, **kw):
        return self.call("patch", path, body, **kw)

    def delete(self, path, **kw):
        return self.call("delete", path, **kw)


def login(client, username: str, password: str = DEMO_PASSWORD) -> str:
    status, body = Api(client).post("/api/auth/login", {"username": username, "password": password})
    assert status == 200, body
    return body["token"]


@pytest.fixture
def as_user(client):
    tokens = {}

    def api_for(username: str | None) -> Api:
        if username and username not in tokens:
            tokens[username] = login(client, username)
        return Api(client, tokens.get(username))
    return api_for


def society_body(**overrides) -> dict:
    body = {
        "registration_no": "JHE-101", "registered_on": "2010-01-15", "name_bn": "নবগঙ্গা মৎস্যজীবী সমবায় সমিতি লিঃ",
        "name_en": "Nabaganga Fishermen Cooperative Ltd", "address": "Jhenaidah Sadar",
        "upazila_code": "404419", "committee_kind": "elected", "committee_started_on": "2024-03-01",
        "officer_phone": "01711000419", "president_phone": "01812000001", "secretary_phone": "01913000001",
    }
    body.update(overrides)
    return body
