"""A write is a DynamoDB transaction (the record and its audit entry). One that still collides with another after
the store's retries (store/transactions) is refused with 409 changed_meanwhile: every route that writes so lists
409 in the document (before, PUT /api/messages/spend/{office_code} and five other routes answered it undocumented)."""
import pytest
from botocore.exceptions import ClientError

HQ_TEMPLATE = {"text": "বার্ষিক সাধারণ সভার সময় হয়েছে।"}
WRITES = [
    ("dco.demo", "put", "/api/messages/spend/{office_code}", "/api/messages/spend/404419", {"cap_paisa": 100}),
    ("hq.demo", "put", "/api/messages/templates/{kind}", "/api/messages/templates/agm", HQ_TEMPLATE),
    ("hq.demo", "delete", "/api/messages/templates/{kind}", "/api/messages/templates/agm", None),
    ("dco.demo", "post", "/api/messages/suppressions", "/api/messages/suppressions",
     {"phone": "01711000999", "reason": "asked"}),
    ("dco.demo", "delete", "/api/messages/suppressions/{phone}", "/api/messages/suppressions/01711000998", None),
    ("dco.demo", "post", "/api/officer-messages", "/api/officer-messages", {"to": "all", "text": "সভা কাল"}),
    ("uco2.demo", "post", "/api/officer-messages/{message_id}/read", "/api/officer-messages/{id}/read", {}),
    ("uco.demo", "patch", "/api/profile", "/api/profile", {"phone": "01711000123"}),
]


def prepared(as_user, path: str) -> str:
    """What the write acts on exists (a saved template, a suppressed number, a message in the inbox)."""
    if path == "/api/messages/templates/agm":
        assert as_user("hq.demo").call("put", path, HQ_TEMPLATE)[0] == 200
    if path.startswith("/api/messages/suppressions/"):
        assert as_user("dco.demo").post("/api/messages/suppressions",
                                        {"phone": "01711000998", "reason": "asked"})[0] == 201
    if "{id}" in path:
        assert as_user("dco.demo").post("/api/officer-messages", {"to": "uco2.demo", "text": "পড়ুন"})[0] == 201
        path = path.replace("{id}", as_user("uco2.demo").get("/api/officer-messages")[1]["items"][0]["id"])
    return path


@pytest.mark.parametrize("username, method, route, path, body", WRITES, ids=[f"{w[1]} {w[2]}" for w in WRITES])
def test_a_write_that_keeps_colliding_answers_a_documented_409(as_user, monkeypatch, username, method, route,
                                                                 path, body):
    from app import app
    from chalicelib.handlers.document import document
    from chalicelib.store import aws, transactions
    path, api = prepared(as_user, path), as_user(username)
    tries = []

    def collide(**request):
        tries.append(request["ClientRequestToken"])
        reasons = [{"Code": "TransactionConflict"}] + [{"Code": "None"}] * (len(request["TransactItems"]) - 1)
        raise ClientError({"Error": {"Code": "TransactionCanceledException", "Message": "collided"},
                           "CancellationReasons": reasons}, "TransactWriteItems")
    monkeypatch.setattr(aws.dynamodb().meta.client, "transact_write_items", collide)
    monkeypatch.setattr(transactions.time, "sleep", lambda seconds: None)
    status, reply = api.call(method, path, body)
    assert (status, reply["error"]["code"]) == (409, "changed_meanwhile"), reply
    assert len(tries) == transactions.ATTEMPTS and len(set(tries)) == 1  # one write, tried again
    assert "409" in document(app)["paths"][route][method]["responses"]
