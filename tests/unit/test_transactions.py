"""store/transactions.transact: tried again only while it collided, always with the same token."""
import pytest
from botocore.exceptions import ClientError

from chalicelib.store import transactions
from chalicelib.store.transactions import WriteRefused, transact

STEPS = {"society": {"Put": {"TableName": "t", "Item": {"pk": "S#1"}}},
         "regno": {"Put": {"TableName": "t", "Item": {"pk": "R#1"}}},
         "counter": {"Update": {"TableName": "t", "Key": {"pk": "C"}}}}


def cancelled(*codes: str) -> ClientError:
    return ClientError({"Error": {"Code": "TransactionCanceledException"},
                        "CancellationReasons": [{"Code": c} for c in codes]}, "TransactWriteItems")


def refused(code: str) -> ClientError:
    return ClientError({"Error": {"Code": code}}, "TransactWriteItems")


class Client:
    """A DynamoDB client answering each try with the next of `answers` (an error, or None for
    success), and keeping every request it got."""

    def __init__(self, *answers):
        self.answers, self.requests = list(answers), []

    def transact_write_items(self, **request):
        self.requests.append(request)
        answer = self.answers.pop(0) if self.answers else None
        if answer is not None:
            raise answer

    @property
    def tokens(self) -> set[str]:
        return {r["ClientRequestToken"] for r in self.requests}


@pytest.fixture(autouse=True)
def no_pauses(monkeypatch):
    pauses = []
    monkeypatch.setattr(transactions.time, "sleep", pauses.append)
    return pauses


def test_a_collision_is_tried_again_with_the_same_token_and_a_growing_pause(no_pauses, monkeypatch):
    monkeypatch.setattr(transactions.random, "uniform", lambda low, high: high)
    client = Client(cancelled("None", "None", "TransactionConflict"), cancelled("ThrottlingError", "None", "None"),
                    cancelled("None", "ProvisionedThroughputExceeded", "None"))
    transact(client, STEPS)
    assert len(client.requests) == 4 and len(client.tokens) == 1
    assert client.requests[0]["TransactItems"] == list(STEPS.values())
    assert no_pauses == [0.05, 0.1, 0.2]


def test_a_failed_condition_is_never_tried_again_and_names_its_step():
    client = Client(cancelled("None", "ConditionalCheckFailed", "TransactionConflict"))
    with pytest.raises(WriteRefused) as caught:
        transact(client, STEPS)
    assert len(client.requests) == 1
    assert caught.value.failed("regno") and not caught.value.failed("society")
    assert caught.value.failed_steps == ["regno"]
    assert caught.value.by_step == {"society": "None", "regno": "ConditionalCheckFailed",
                                    "counter": "TransactionConflict"}


@pytest.mark.parametrize("code", ["ThrottlingException", "ProvisionedThroughputExceededException",
                                  "RequestLimitExceeded", "TransactionInProgressException"])
def test_a_busy_table_is_tried_again_with_the_same_token(code):
    client = Client(refused(code), refused(code))
    transact(client, STEPS)
    assert len(client.requests) == 3 and len(client.tokens) == 1


@pytest.mark.parametrize("error", [refused("ValidationException"), refused("IdempotentParameterMismatchException"),
                                   refused("InternalServerError")])
def test_other_errors_are_raised_at_once(error):
    client = Client(error)
    with pytest.raises(ClientError):
        transact(client, STEPS)
    assert len(client.requests) == 1


def test_a_cancellation_for_another_reason_is_not_tried_again():
    client = Client(cancelled("None", "ValidationError", "TransactionConflict"))
    with pytest.raises(WriteRefused) as caught:
        transact(client, STEPS)
    assert len(client.requests) == 1 and not caught.value.collided


def test_it_gives_up_after_its_attempts():
    client = Client(*[cancelled("TransactionConflict", "None", "None")] * 9)
    with pytest.raises(WriteRefused) as caught:
        transact(client, STEPS, attempts=4)
    assert len(client.requests) == 4 and caught.value.collided
    client = Client(*[refused("TransactionInProgressException")] * 9)
    with pytest.raises(ClientError):
        transact(client, STEPS, attempts=3)
    assert len(client.requests) == 3


def test_each_logical_write_has_its_own_token():
    client = Client()
    transact(client, STEPS)
    transact(client, STEPS)
    assert len(client.tokens) == 2
    assert all(0 < len(token) <= 36 for token in client.tokens)  # DynamoDB's limit


def test_steps_given_as_a_list_are_named_by_position():
    client = Client(cancelled("None", "ConditionalCheckFailed"))
    with pytest.raises(WriteRefused) as caught:
        transact(client, [{"Put": {}}, {"Put": {}}])
    assert caught.value.failed("1") and caught.value.reasons == ["None", "ConditionalCheckFailed"]


def test_a_refusal_is_a_conflict_the_api_answers_409():
    from chalicelib.domain.errors import Conflict
    assert isinstance(WriteRefused({"x": "ConditionalCheckFailed"}), Conflict)


def test_a_failed_step_can_name_the_domain_error_it_means():
    from chalicelib.domain.errors import NotFound
    gone = NotFound("gone", "Gone.", "নেই।")
    client = Client(cancelled("None", "ConditionalCheckFailed", "None"))
    with pytest.raises(NotFound) as caught:
        transact(client, STEPS, failures={"society": NotFound("x", "x", "x"), "regno": gone})
    assert caught.value is gone
    client = Client(cancelled("ConditionalCheckFailed", "None", "None"))
    with pytest.raises(WriteRefused):
        transact(client, STEPS, failures={"regno": gone})
