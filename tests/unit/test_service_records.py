"""Services work with records: no DynamoDB item, transaction step or cancellation reason reaches them
(issue 16: the payment service read DynamoDB's cancellation reasons by position, and the order's raw
transaction step travelled from store/market through services/market into services/payments)."""
from pathlib import Path

import pytest

SERVICES = sorted((Path(__file__).parents[2] / "chalicelib" / "services").glob("*.py"))
DYNAMODB_SHAPES = ("ConditionalCheckFailed", "TransactionConflict", "CancellationReasons", "TransactItems",
                   ".reasons", '"Put"', '"Update"', '"ConditionExpression"', "credit_step")


@pytest.mark.parametrize("path", SERVICES, ids=lambda p: p.name)
def test_a_service_names_no_dynamodb_shape(path):
    text = path.read_text(encoding="utf-8")
    assert [shape for shape in DYNAMODB_SHAPES if shape in text] == []
