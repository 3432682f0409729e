"""Transactions on moto: a write whose first try committed but answered late is written once, not refused.

`make bench` died creating 500 societies with "Another society in this district already has this
registration number": on a busy machine a TransactWriteItems answered after botocore's read
timeout, botocore sent it again, and the retry failed on the first try's own writes. DynamoDB
answers a retry carrying the committed try's ClientRequestToken with success; moto ignores the
token. local/moto_dynamodb gives moto DynamoDB's answer (the local stack's moto server runs with
it), so these tests see what DynamoDB would answer.
"""
import json
from datetime import date

import pytest
from botocore.exceptions import ClientError, ReadTimeoutError
from moto import mock_aws

from chalicelib.store import aws, transactions
from local.moto_dynamodb import honour_client_request_tokens, ignore_client_request_tokens
from local.provision import provision

REGION = "ap-southeast-1"
TODAY = date(2026, 5, 1)


@pytest.fixture
def tables(monkeypatch):
    for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": REGION}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(transactions.time, "sleep", lambda _: None)
    aws.reset()
    with mock_aws():
        for name, value in provision(REGION).items():
            monkeypatch.setenv(name, value)
        aws.reset()
        yield
    aws.reset()


@pytest.fixture
def tokens_honoured():
    honour_client_request_tokens()
    yield
    ignore_client_request_tokens()


def a_society():
    from chalicelib.services.registry import new_society
    from chalicelib.store.societies import new_id
    from local.demo import demo_society
    entered = demo_society(100, "বেঞ্চ সমিতি", "Bench Society", "404419", "elected", 300, TODAY)
    return new_society(entered, new_id(), "bench", TODAY, "bench")


def answered_late_once(client) -> list[str]:
    """The first TransactWriteItems reaches moto, which commits it, then its answer times out and
    botocore's own retry sends it again. The tokens every try carried."""
    tokens = []

    def late(request, **_):
        if not request.headers.get("X-Amz-Target", b"").endswith(b".TransactWriteItems"):
            return
        tokens.append(json.loads(request.body)["ClientRequestToken"])
        if len(tokens) == 1:
            raise ReadTimeoutError(endpoint_url=request.url)
    # on "before-send" itself, so that it runs after moto's own handler there has answered
    client.meta.events.register_last("before-send", late)
    return tokens


def written_once(societies, society) -> None:
    from chalicelib.store.audit import history
    assert societies.get(society.id, consistent=True) == society
    assert len(history("society", society.id)) == 1
    assert societies.status_counts("404419", TODAY)["total"] == 1  # its counters added to once


def test_a_society_whose_first_try_committed_but_answered_late_is_created_once(tables, tokens_honoured):
    from chalicelib.store.societies import Societies
    societies, society = Societies(), a_society()
    tokens = answered_late_once(societies.client)
    societies.create(society, "bench")
    assert len(tokens) == 2 and len(set(tokens)) == 1  # botocore's retry, with the first try's token
    written_once(societies, society)


def test_a_write_refused_as_busy_after_it_committed_is_tried_again_with_its_token(tables, tokens_honoured,
                                                                                   monkeypatch):
    from chalicelib.store.societies import Societies
    societies, society = Societies(), a_society()
    send, tokens = societies.client.transact_write_items, []

    def committed_then_throttled(**request):
        tokens.append(request.get("ClientRequestToken"))
        send(**request)
        if len(tokens) == 1:  # as when botocore's retries of a throttled call ran out
            raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "slow down"}}, "TransactWriteItems")
    monkeypatch.setattr(societies.client, "transact_write_items", committed_then_throttled)
    societies.create(society, "bench")
    assert len(tokens) == 2 and len(set(tokens)) == 1
    written_once(societies, society)


def test_plain_moto_refuses_the_retry_of_a_committed_transaction(tables):
    """Why the local stack's moto needs local/moto_dynamodb: without it, the failure `make bench` saw.
    (If a moto release honours the token, this fails: drop the patch then.)"""
    from chalicelib.domain.errors import Conflict
    from chalicelib.store.societies import Societies
    societies = Societies()
    answered_late_once(societies.client)
    with pytest.raises(Conflict, match="registration number"):
        societies.create(a_society(), "bench")


def test_the_stand_in_refuses_a_token_reused_for_other_items_or_still_in_progress(tables, tokens_honoured):
    from local.moto_dynamodb import TOKENS
    client, table = aws.dynamodb().meta.client, aws.table(__import__("chalicelib.config").config.settings().societies_table)

    def write(token, pk):
        client.transact_write_items(ClientRequestToken=token, TransactItems=[
            {"Update": {"TableName": table.name, "Key": {"pk": pk}, "UpdateExpression": "ADD n :one",
                        "ExpressionAttributeValues": {":one": 1}}}])
    write("t-1", "COUNTER")
    write("t-1", "COUNTER")
    assert table.get_item(Key={"pk": "COUNTER"})["Item"]["n"] == 1
    with pytest.raises(ClientError, match="IdempotentParameterMismatch"):
        write("t-1", "OTHER")
    TOKENS.start("t-2", "under way")
    with pytest.raises(ClientError, match="TransactionInProgress"):
        write("t-2", "COUNTER")
    TOKENS.end("t-2", None)
    write("t-2", "COUNTER")
    assert table.get_item(Key={"pk": "COUNTER"})["Item"]["n"] == 2
