"""store/items: DynamoDB's numbers as plain ones, and many items read by key."""
from decimal import Decimal

from chalicelib.store import items
from chalicelib.store.items import batch_get, plain, record


def test_numbers_are_plain_at_any_depth_and_other_values_stay():
    item = {"n": Decimal("12"), "half": Decimal("0.5"), "flag": True, "names": {"a", "b"},
            "officers": [{"rank": Decimal("2"), "name": "রহিম"}], "calls": [Decimal("1"), Decimal("3")]}
    assert plain(item) == {"n": 12, "half": 0.5, "flag": True, "names": {"a", "b"},
                           "officers": [{"rank": 2, "name": "রহিম"}], "calls": [1, 3]}
    assert type(plain(item)["n"]) is int


def test_a_record_leaves_out_the_keys_it_is_told():
    assert record({"pk": "X#1", "gsi1pk": "Y", "parts": Decimal("2")}, ("pk", "gsi1pk")) == {"parts": 2}


class Resource:
    """BatchGetItem that leaves the last key of every request unprocessed the first time it sees it."""

    def __init__(self):
        self.requests, self.seen = [], set()

    def batch_get_item(self, RequestItems):
        (name, request), = RequestItems.items()
        self.requests.append(request)
        keys = [k["pk"] for k in request["Keys"]]
        left = [k for k in keys[-1:] if k not in self.seen]
        self.seen.update(keys)
        answered = [{"pk": k, "options": sorted(set(request) - {"Keys"})} for k in keys if k not in left]
        return {"Responses": {name: answered}, "UnprocessedKeys": {name: {**request, "Keys": [{"pk": k} for k in left]}}
                if left else {}}


def test_batch_get_asks_a_hundred_at_a_time_and_again_for_what_was_left(monkeypatch):
    resource = Resource()
    monkeypatch.setattr(items.aws, "dynamodb", lambda: resource)
    found = batch_get("t", [{"pk": str(n)} for n in range(250)], ConsistentRead=True)
    assert sorted(i["pk"] for i in found) == sorted(str(n) for n in range(250))
    assert [len(r["Keys"]) for r in resource.requests] == [100, 1, 100, 1, 50, 1]
    assert all(i["options"] == ["ConsistentRead"] for i in found)
