"""Routes, authorizer and scheduled scan in-process: chalice.test.Client on moto's mock_aws.

Resources come from infra/resources.json (local.provision), officers from local.demo,
tokens from moto's Cognito, and the authorizer checks them against moto's real JWKS.
Provisioning takes about 0.8 s, so each worker provisions once and every test starts from a copy of what it
made (fresh_stack).
"""
import copy
import json
import threading
from contextlib import contextmanager
from typing import NamedTuple

import boto3
import pytest
from chalice.test import Client
from moto import mock_aws
from moto.core.base_backend import BackendDict

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


AWS_ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing",
           "AWS_DEFAULT_REGION": REGION, "AWS_REGION": REGION}
# The worker's own boto3 session as the default in every test, not a new one from moto: a new session reads
# each service's model again (about 0.1 s a client).
KEEP_SESSION = {"core": {"reset_boto3_session": False}}


def aws_environment(monkeypatch, stack_env: dict, jwks_url: str) -> None:
    for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in {**AWS_ENV, **stack_env, "JWKS_URL": jwks_url}.items():
        monkeypatch.setenv(name, value)
    aws.reset()


class Snapshot:
    """Every moto backend as it stands (service, account, region), put back as a fresh copy: the tables,
    queues, buckets and user pool with its officers stay as provisioned; what a test wrote goes with its
    copy."""

    def __init__(self):
        self.places = [(backends, account, region) for backends in BackendDict._instances
                       for account, region, _ in backends.iter_backends()]
        self.saved = _copied([backends[account][region] for backends, account, region in self.places])

    def restore(self) -> None:
        """Inside a mock_aws that has just started (moto's backends empty)."""
        for (backends, account, region), backend in zip(self.places, _copied(self.saved)):
            backends[account][region] = backend


def _copied(backends: list) -> list:
    """A deep copy; an SQS queue's lock (a threading.Condition, which cannot be copied) is a new one."""
    fresh_locks = {id(queue._messages_lock): threading.Condition()
                   for backend in backends for queue in getattr(backend, "queues", {}).values()
                   if hasattr(queue, "_messages_lock")}
    return copy.deepcopy(backends, fresh_locks)


class Provisioned(NamedTuple):
    env: dict  # the stack's environment variables (local.provision)
    snapshot: Snapshot
    session: boto3.Session
    jwks_url: str


@pytest.fixture(scope="session")
def provisioned(jwks_url) -> Provisioned:
    """The worker's stack, provisioned once, with the demo officers and offices."""
    with pytest.MonkeyPatch.context() as monkeypatch, mock_aws():
        aws_environment(monkeypatch, {}, jwks_url)
        stack_env = provision(REGION)
        aws_environment(monkeypatch, stack_env, jwks_url)
        create_users(stack_env["USER_POOL_ID"], REGION)
        create_offices()
        snapshot = Snapshot()
        session = boto3.Session()
    aws.reset()
    return Provisioned(stack_env, snapshot, session, jwks_url)


@contextmanager
def fresh_stack(monkeypatch, provisioned: Provisioned):
    """A test's own copy of the provisioned stack, in its own mock_aws: nothing an earlier test wrote."""
    aws_environment(monkeypatch, provisioned.env, provisioned.jwks_url)
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", provisioned.session)
    with mock_aws(config=KEEP_SESSION):
        provisioned.snapshot.restore()
        from chalicelib.store import tokens
        tokens.signing_keys.cache_clear()
        yield provisioned.env
    aws.reset()


@pytest.fixture
def env(monkeypatch, provisioned):
    with fresh_stack(monkeypatch, provisioned) as stack_env:
        yield stack_env


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
