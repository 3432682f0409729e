"""Payments in DynamoDB: one item per attempt, and guards that make every credit happen once.

    ATTEMPT#<id>      the payment (id = the merchantInvoiceNumber bKash got)
    PID#<paymentID>   bKash's paymentID -> attempt id (the callback and refunds find it by this)
    TRX#<trxID>       written with the credit, only if absent: one trxID credits one attempt once
    IPN#<MessageId>   every IPN that reached us, kept whatever it said
Sparse indexes: `open_payments` (for the reconciler: "OPEN" attempts whose outcome is not known yet,
and "REFUND"s asked of bKash and not recorded), `deposits` (credited money by district), `flagged`
(needs review or refund, by district), `by_purpose` (an order's attempts).
"""
import json

from boto3.dynamodb.conditions import Key

from ..config import settings
from ..domain.payments import Payment, as_dict, from_dict
from . import aws
from .audit import audit_put
from .pages import all_items
from .transactions import Change, WriteRefused, together, transact

UNMATCHED = "UNMATCHED"  # flag_district of IPNs that name no payment of ours


def _district(payment: Payment) -> str:
    return payment.upazila_code[:4]


def _item(payment: Payment) -> dict:
    item = {k: v for k, v in as_dict(payment).items() if v is not None}
    item.update(pk=f"ATTEMPT#{payment.id}", purpose_key=f"{payment.purpose}#{payment.purpose_ref}")
    if payment.open:
        item.update(open_shard="OPEN", open_since=payment.created_at)
    elif payment.refund_pending_paisa is not None:  # a refund whose outcome is not recorded yet
        item.update(open_shard="REFUND", open_since=payment.refund_pending_since or payment.updated_at)
    if payment.credited:
        item.update(deposit_district=_district(payment), deposit_sk=f"{payment.completed_at}#{payment.id}")
    if payment.state == "needs_review":
        item.update(flag_district=_district(payment), flag_sk=f"{payment.updated_at}#{payment.id}")
    return item


def _payment(item: dict) -> Payment:
    return from_dict(item)


class Payments:
    def __init__(self):
        self.table = aws.table(settings().payments_table)
        self.client = self.table.meta.client

    def add(self, payment: Payment, actor: str) -> None:
        transact(self.client, {
            "payment": {"Put": {"TableName": self.table.name, "Item": _item(payment),
                                "ConditionExpression": "attribute_not_exists(pk)"}},
            "audit": audit_put("payment", payment.id, "create", actor, None, as_dict(payment))})

    def get(self, payment_id: str) -> Payment | None:
        item = self.table.get_item(Key={"pk": f"ATTEMPT#{payment_id}"}, ConsistentRead=True).get("Item")
        return _payment(item) if item else None

    def by_bkash_id(self, bkash_payment_id: str) -> Payment | None:
        pointer = self.table.get_item(Key={"pk": f"PID#{bkash_payment_id}"}, ConsistentRead=True).get("Item")
        return self.get(pointer["attempt_id"]) if pointer else None

    def by_trx_id(self, trx_id: str) -> Payment | None:
        guard = self.table.get_item(Key={"pk": f"TRX#{trx_id}"}, ConsistentRead=True).get("Item")
        return self.get(guard["attempt_id"]) if guard else None

    def save(self, before: Payment, after: Payment, actor: str, action: str, also: Change = Change()) -> None:
        """Replace `before` with `after` if nobody changed it meanwhile, with its guards, audit and the
        purpose's own change (the credit), all in one transaction. WriteRefused names the step that
        failed: "payment" (changed meanwhile), "bkash_payment_id" or "trx_id" (a guard: that id is
        another attempt's), or a step of `also` (the purpose's: "order")."""
        name = self.table.name
        steps = {"payment": {"Put": {"TableName": name, "Item": _item(after), "ConditionExpression": "version = :v",
                                     "ExpressionAttributeValues": {":v": before.version}}}}
        if after.bkash_payment_id and after.bkash_payment_id != before.bkash_payment_id:
            steps["bkash_payment_id"] = {"Put": {"TableName": name, "ConditionExpression": "attribute_not_exists(pk)",
                                                 "Item": {"pk": f"PID#{after.bkash_payment_id}", "attempt_id": after.id}}}
        if after.trx_id and after.trx_id != before.trx_id:
            steps["trx_id"] = {"Put": {"TableName": name, "ConditionExpression": "attribute_not_exists(pk)",
                                       "Item": {"pk": f"TRX#{after.trx_id}", "attempt_id": after.id}}}
        audit = Change({"audit": audit_put("payment", after.id, action, actor, as_dict(before), as_dict(after))})
        transact(self.client, together(steps, also, audit))

    def open_payments(self, created_before: str) -> list[Payment]:
        """Every attempt whose outcome is not known yet, started before `created_before`."""
        return self._open("OPEN", created_before)

    def pending_refunds(self, since_before: str) -> list[Payment]:
        """Every payment with a refund asked of bKash whose outcome is not recorded, nobody waiting for
        bKash's answer to it since before `since_before`."""
        return self._open("REFUND", since_before)

    def _open(self, shard: str, before: str) -> list[Payment]:
        key = Key("open_shard").eq(shard) & Key("open_since").lt(before)
        return [_payment(i) for i in all_items(self.table, IndexName="open_payments", KeyConditionExpression=key)]

    def for_purpose(self, purpose: str, ref: str) -> list[Payment]:
        page = self.table.query(IndexName="by_purpose", KeyConditionExpression=Key("purpose_key").eq(f"{purpose}#{ref}"))
        return [_payment(i) for i in page["Items"]]

    def deposits(self, district_code: str, start: str, end: str) -> list[Payment]:
        """Credited payments of a district with completed_at in [start, end) (ISO instants)."""
        key = Key("deposit_district").eq(district_code) & Key("deposit_sk").between(start, end)
        return [_payment(i) for i in all_items(self.table, IndexName="deposits", KeyConditionExpression=key)
                if i["deposit_sk"] < end]

    def flagged(self, district_code: str) -> list[dict]:
        items = all_items(self.table, IndexName="flagged", KeyConditionExpression=Key("flag_district").eq(district_code))
        return [_flag_view(i) for i in items]

    def record_ipn(self, message_id: str, message: dict, matched_payment: str | None, now: str) -> bool:
        """Keep the IPN; False if this MessageId was already kept (SNS delivers at least once)."""
        item = {"pk": f"IPN#{message_id}", "received_at": now, "message": json.dumps(message, ensure_ascii=False),
                "trx_id": message.get("trxID") or "", "attempt_id": matched_payment or ""}
        if matched_payment is None:  # money we cannot place: an officer must see it
            item.update(flag_district=UNMATCHED, flag_sk=f"{now}#{message_id}", state="unmatched_ipn")
        return aws.written(self.table.put_item, Item=item, ConditionExpression="attribute_not_exists(pk)")


def _flag_view(item: dict) -> dict:
    if item["pk"].startswith("IPN#"):
        message = json.loads(item["message"])
        return {"kind": "unmatched_ipn", "id": item["pk"].removeprefix("IPN#"), "trx_id": item.get("trx_id"),
                "amount": message.get("amount"), "received_at": item["received_at"], "state": "unmatched_ipn"}
    payment = as_dict(_payment(item))
    payment.pop("payer_phone", None)
    payment.pop("customer_msisdn", None)
    return {"kind": "payment", **payment}

