"""Correction requests in DynamoDB (CorrectionsTable).

    pk REQ#<id>, sk REQ                     a request; never deleted
        gsi1 OWNER#<upazila>  / <rank>#<at>#<id>    the owning office's inbox
        gsi2 FROM#<office>    / <rank>#<at>#<id>    the requesting office's outbox (not for the public)
        rank 1 while open (sorted by filing time), 0 once closed (by decision time): newest first
        lists open requests first, then the latest outcomes.
    pk SOCIETY#<id>, sk OPEN#<field>        marks a society's open request on a field: one at a time
    pk LOAN#<id>, sk OPEN#<field>           the same for an approved loan's borrower
    pk COUNTS#OWNER#<office> / COUNTS#FROM#<office>, sk COUNTS   requests per state, kept by ADD
Every state change, its marker, its counters and its audit entry go in one transaction.
"""

from boto3.dynamodb.conditions import Attr, Key

from ..config import settings
from ..domain.corrections import STATES, Correction, as_dict, from_dict
from ..domain.errors import Conflict
from . import aws
from .audit import audit_put
from .items import plain
from .pages import INVALID_CURSOR, decode_key, encode_cursor, filled_page
from .transactions import Change, WriteRefused, transact

BOXES = {"inbox": ("gsi1", "OWNER#"), "outbox": ("gsi2", "FROM#")}


def _rank(c: Correction) -> str:
    return f"1#{c.created_at}#{c.id}" if c.is_open else f"0#{c.decided_at}#{c.id}"


def _item(c: Correction) -> dict:
    item = {k: v for k, v in as_dict(c).items() if v is not None or k in ("current_value", "proposed_value")}
    item.update(pk=f"REQ#{c.id}", sk="REQ", gsi1pk=f"OWNER#{c.owner_office}", gsi1sk=_rank(c))
    if not c.from_public:
        item.update(gsi2pk=f"FROM#{c.requester_office}", gsi2sk=_rank(c))
    return item


def _marker_key(c: Correction) -> dict:
    return {"pk": f"{c.subject_kind.upper()}#{c.subject_id}", "sk": f"OPEN#{c.field}"}


def _correction(item: dict) -> Correction:
    return from_dict(plain(item))


def already_open(existing_id: str) -> Conflict:
    return Conflict("correction_already_open",
                    f"A correction request for this field is already open ({existing_id}); wait for the owning "
                    "office to decide it.",
                    f"এই তথ্যের একটি সংশোধন অনুরোধ ইতিমধ্যে খোলা আছে ({existing_id}); সংশ্লিষ্ট অফিসের "
                    "সিদ্ধান্তের অপেক্ষা করুন।", [{"field": "field", "code": "correction_already_open",
                                                "message": existing_id, "message_bn": existing_id}])


class Corrections:
    def __init__(self):
        self.table = aws.table(settings().corrections_table)
        self.client = self.table.meta.client

    def _counter_steps(self, c: Correction, changes: dict[str, int]) -> dict[str, dict]:
        boxes = [f"COUNTS#OWNER#{c.owner_office}"] + ([] if c.from_public else [f"COUNTS#FROM#{c.requester_office}"])
        names = {f"#s{i}": state for i, state in enumerate(changes)}
        values = {f":d{i}": delta for i, delta in enumerate(changes.values())}
        update = "ADD " + ", ".join(f"#s{i} :d{i}" for i in range(len(changes)))
        return {pk: {"Update": {"TableName": self.table.name, "Key": {"pk": pk, "sk": "COUNTS"},
                                "UpdateExpression": update, "ExpressionAttributeNames": names,
                                "ExpressionAttributeValues": values}} for pk in boxes}

    def get(self, correction_id: str) -> Correction | None:
        item = self.table.get_item(Key={"pk": f"REQ#{correction_id}", "sk": "REQ"}, ConsistentRead=True).get("Item")
        return _correction(item) if item else None

    def file(self, c: Correction) -> None:
        """The new request, its open marker, counters and audit entry; refused if the field has one open."""
        name = self.table.name
        steps = {
            "request": {"Put": {"TableName": name, "Item": _item(c), "ConditionExpression": "attribute_not_exists(pk)"}},
            "open_marker": {"Put": {"TableName": name, "ConditionExpression": "attribute_not_exists(pk)",
                                    "Item": {**_marker_key(c), "correction_id": c.id, "field": c.field,
                                             "requester_office": c.requester_office, "created_at": c.created_at}}},
            **self._counter_steps(c, {"open": 1}),
            "audit": audit_put("correction", c.id, "file", c.requested_by, None, as_dict(c)),
        }
        try:
            transact(self.client, steps)
        except WriteRefused as refused:
            if refused.failed("open_marker"):
                marker = self.table.get_item(Key=_marker_key(c), ConsistentRead=True).get("Item") or {}
                raise already_open(marker.get("correction_id", "")) from None
            raise

    def closed(self, before: Correction, after: Correction) -> Change:
        """`before` closed as `after` (written alone by `close`, or with the society the request applies to)."""
        name = self.table.name
        return Change({
            "request": {"Put": {"TableName": name, "Item": _item(after),
                                "ConditionExpression": "#st = :open AND version = :v",
                                "ExpressionAttributeNames": {"#st": "state"},
                                "ExpressionAttributeValues": {":open": "open", ":v": before.version}}},
            "open_marker": {"Delete": {"TableName": name, "Key": _marker_key(before),
                                       "ConditionExpression": "correction_id = :id",
                                       "ExpressionAttributeValues": {":id": before.id}}},
            **self._counter_steps(before, {"open": -1, after.state: 1}),
            "request_audit": audit_put("correction", after.id, after.state, after.decided_by, as_dict(before),
                                       as_dict(after)),
        })

    def close(self, before: Correction, after: Correction) -> None:
        transact(self.client, self.closed(before, after).steps)

    def box(self, box: str, office: str, state: str | None, cursor: str | None,
            limit: int) -> tuple[list[Correction], str | None]:
        """A page of an office's inbox or outbox, newest first, open ones before closed ones."""
        index, prefix = BOXES[box]
        pk_name, sk_name = f"{index}pk", f"{index}sk"
        key = Key(pk_name).eq(prefix + office)
        query = {"IndexName": index, "ScanIndexForward": False}
        if state == "open":
            key = key & Key(sk_name).begins_with("1#")
        elif state:
            key = key & Key(sk_name).begins_with("0#")
            query["FilterExpression"] = Attr("state").eq(state)
        query["KeyConditionExpression"] = key
        items, start = filled_page(self.table, limit, self._start(cursor, pk_name, sk_name, prefix + office), **query)
        return [_correction(i) for i in items], encode_cursor(start) if start else None

    @staticmethod
    def _start(cursor: str | None, pk_name: str, sk_name: str, box_key: str) -> dict | None:
        if not cursor:
            return None
        key = decode_key(cursor)
        if set(key) != {"pk", "sk", pk_name, sk_name} or key[pk_name] != box_key or not key["pk"].startswith("REQ#"):
            raise INVALID_CURSOR  # a page link of another office's box, or another box
        return key

    def counts(self, box: str, office: str) -> dict:
        prefix = BOXES[box][1]
        item = self.table.get_item(Key={"pk": f"COUNTS#{prefix}{office}", "sk": "COUNTS"}).get("Item") or {}
        return {state: int(item.get(state, 0)) for state in STATES}

    def open_for_society(self, society_id: str) -> list[dict]:
        page = self.table.query(KeyConditionExpression=Key("pk").eq(f"SOCIETY#{society_id}")
                                & Key("sk").begins_with("OPEN#"))
        return [{"id": i["correction_id"], "field": i["field"], "requested_by_office": i["requester_office"]}
                for i in page["Items"]]
