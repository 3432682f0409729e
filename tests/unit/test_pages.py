"""store/pages.filled_page (full pages under a filter) and store/payments.transact_retrying."""
from chalicelib.store.pages import filled_page


class FilteredTable:
    """Items 0..n-1 in key order; a query evaluates `Limit` items and returns the even ones."""

    def __init__(self, n):
        self.n, self.calls = n, 0

    def query(self, Limit, ExclusiveStartKey=None, **_):
        self.calls += 1
        first = ExclusiveStartKey["k"] + 1 if ExclusiveStartKey else 0
        evaluated = list(range(first, min(first + Limit, self.n)))
        page = {"Items": [{"k": k} for k in evaluated if k % 2 == 0]}
        if evaluated and evaluated[-1] < self.n - 1:
            page["LastEvaluatedKey"] = {"k": evaluated[-1]}
        return page


def test_pages_are_full_and_go_on_where_they_stopped():
    table, seen, start = FilteredTable(23), [], None
    while True:
        items, start = filled_page(table, 4, start)
        assert len(items) == 4 or start is None
        seen += [i["k"] for i in items]
        if start is None:
            break
    assert seen == list(range(0, 23, 2))


def test_the_last_page_has_no_next_key():
    items, start = filled_page(FilteredTable(3), 10, None)
    assert [i["k"] for i in items] == [0, 2] and start is None


class Collisions:
    """A DynamoDB client whose transactions are cancelled with the given reasons, then succeed."""

    def __init__(self, *refusals):
        self.refusals, self.calls = list(refusals), 0

    def transact_write_items(self, TransactItems):
        from botocore.exceptions import ClientError
        self.calls += 1
        if self.refusals:
            reasons = [{"Code": c} for c in self.refusals.pop(0)]
            raise ClientError({"Error": {"Code": "TransactionCanceledException"}, "CancellationReasons": reasons},
                              "TransactWriteItems")


def test_a_transaction_is_retried_only_while_it_merely_collided(monkeypatch):
    import pytest

    from chalicelib.store import payments
    from chalicelib.store.payments import WriteRefused, transact_retrying
    monkeypatch.setattr(payments.time, "sleep", lambda _: None)
    collided = Collisions(["None", "TransactionConflict"], ["TransactionConflict"])
    transact_retrying(collided, [], attempts=5)
    assert collided.calls == 3
    refused = Collisions(["ConditionalCheckFailed", "TransactionConflict"])
    with pytest.raises(WriteRefused):
        transact_retrying(refused, [], attempts=5)
    assert refused.calls == 1
    for_ever = Collisions(*[["TransactionConflict"]] * 9)
    with pytest.raises(WriteRefused):
        transact_retrying(for_ever, [], attempts=4)
    assert for_ever.calls == 4
