"""The society registry in DynamoDB.

One table holds society records (pk SOCIETY#<id>) and registration-number guards
(pk REGNO#<district>#<no>) that make the number unique per district. Two indexes:
- by_area: area_pk "SOCIETY", area_sk "<upazila code>#<id>": everything under an office
  is one key-range query on the code prefix;
- due (sparse): due_pk "DUE", next_reminder_on: present only while a reminder is
  pending, so the daily scan reads what is due and nothing else.
Every write and its audit entry go in one transaction: all or nothing.
"""
import base64
import json
import re
import secrets
import time
from datetime import date
from decimal import Decimal

from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from ..config import settings
from ..domain.bangla import ascii_digits
from ..domain.errors import Conflict, DomainError
from ..domain.terms import status_range
from . import aws
from .audit import audit_put

AREA_PK = "SOCIETY"
DUE_PK = "DUE"
MAX_PAGES_PER_REQUEST = 10
SOCIETY_ID = re.compile(r"^[0-9a-f]{17}$")  # what new_id() makes
CURSOR_KEY = ("pk", "area_pk", "area_sk")
INTERNAL = ("pk", "area_pk", "area_sk", "due_pk", "search_text", "type")


def new_id() -> str:
    """Time-ordered, so an area's list comes out in the order societies were entered."""
    return f"{int(time.time() * 1000):011x}{secrets.token_hex(3)}"


def _plain(value):
    if isinstance(value, Decimal):
        return int(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _record(item: dict) -> dict:
    return {k: _plain(v) for k, v in item.items() if k not in INTERNAL}


def _regno_key(record: dict) -> dict:
    return {"pk": f"REGNO#{record['upazila_code'][:4]}#{record['registration_no']}"}


def search_key(text: str) -> str:
    """What search compares: lower case, Bengali digits as ASCII (০১২ finds 012)."""
    return ascii_digits(text.strip()).lower()


def _item(record: dict) -> dict:
    item = {k: v for k, v in record.items() if v is not None and v != ""}
    item.update(pk=f"SOCIETY#{record['id']}", type="society", area_pk=AREA_PK,
                area_sk=f"{record['upazila_code']}#{record['id']}",
                search_text=search_key(" ".join([record["name_bn"], record.get("name_en") or "",
                                                 record["registration_no"]])))
    if record.get("next_reminder_on"):
        item["due_pk"] = DUE_PK
    return item


DUPLICATE_REGNO = Conflict("duplicate_registration_no",
                           "Another society in this district already has this registration number.",
                           "এই জেলায় এই রেজিস্ট্রেশন নম্বরে আরেকটি সমিতি আছে।")
STALE_VERSION = Conflict("stale_version",
                         "Someone changed this society while you were editing. Reload and try again.",
                         "আপনি সম্পাদনার সময় অন্য কেউ এই সমিতির তথ্য বদলেছেন। আবার লোড করে চেষ্টা করুন।")


def _projection(fields: list[str]) -> dict:
    """Request only these attributes (names aliased: several are DynamoDB reserved words)."""
    return {"ProjectionExpression": ", ".join(f"#f{i}" for i in range(len(fields))),
            "ExpressionAttributeNames": {f"#f{i}": f for i, f in enumerate(fields)}}


def encode_cursor(key: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode()


def decode_cursor(cursor: str, area_code: str) -> dict:
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        society_id = key["pk"].removeprefix("SOCIETY#")
        valid = (set(key) == set(CURSOR_KEY) and key["area_pk"] == AREA_PK
                 and SOCIETY_ID.match(society_id) and key["area_sk"].startswith(area_code)
                 and key["area_sk"].endswith(f"#{society_id}") and len(key["area_sk"]) == 24)
    except (ValueError, TypeError, AttributeError, KeyError):
        valid = False
    if not valid:
        raise DomainError("invalid_cursor", "The page link is not valid; start from the first page.",
                          "পাতার লিংকটি সঠিক নয়; প্রথম পাতা থেকে শুরু করুন।")
    return key


class Societies:
    def __init__(self):
        self.table = aws.table(settings().societies_table)
        self.client = self.table.meta.client

    def get(self, society_id: str, consistent: bool = False) -> dict | None:
        if not SOCIETY_ID.match(society_id):
            return None
        item = self.table.get_item(Key={"pk": f"SOCIETY#{society_id}"}, ConsistentRead=consistent).get("Item")
        return _record(item) if item else None

    def _write(self, operations: list[dict]) -> None:
        try:
            self.client.transact_write_items(TransactItems=operations)
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "TransactionCanceledException":
                raise
            reasons = [r.get("Code") for r in exc.response.get("CancellationReasons", [])]
            if len(reasons) > 1 and reasons[1] == "ConditionalCheckFailed":
                raise DUPLICATE_REGNO from None
            raise STALE_VERSION from None

    def create(self, record: dict, actor: str) -> None:
        name = self.table.name
        self._write([
            {"Put": {"TableName": name, "Item": _item(record), "ConditionExpression": "attribute_not_exists(pk)"}},
            {"Put": {"TableName": name, "Item": {**_regno_key(record), "society_id": record["id"]},
                     "ConditionExpression": "attribute_not_exists(pk)"}},
            audit_put("society", record["id"], "create", actor, None, record),
        ])

    def replace(self, before: dict, after: dict, actor: str, action: str) -> None:
        """Write the new version if nobody else wrote since `before` was read."""
        name = self.table.name
        operations = [
            {"Put": {"TableName": name, "Item": _item(after), "ConditionExpression": "version = :v",
                     "ExpressionAttributeValues": {":v": before["version"]}}},
        ]
        if _regno_key(before) != _regno_key(after):
            operations += [
                {"Put": {"TableName": name, "Item": {**_regno_key(after), "society_id": after["id"]},
                         "ConditionExpression": "attribute_not_exists(pk)"}},
                {"Delete": {"TableName": name, "Key": _regno_key(before)}},
            ]
        operations.append(audit_put("society", after["id"], action, actor, before, after))
        self._write(operations)

    def list_area(self, area_code: str, today: date, *, status: str | None = None,
                  committee_kind: str | None = None, q: str | None = None,
                  include_dissolved: bool = False, cursor: str | None = None,
                  limit: int = 50, fields: list[str] | None = None) -> tuple[list[dict], str | None]:
        key = Key("area_pk").eq(AREA_PK)
        if area_code:
            key = key & Key("area_sk").begins_with(area_code)
        filters = []
        if not include_dissolved:
            filters.append(Attr("dissolved_on").not_exists())
        if status:
            low, high = status_range(status, today)
            if low:
                filters.append(Attr("term_ends_on").gte(low.isoformat()))
            if high:
                filters.append(Attr("term_ends_on").lte(high.isoformat()))
        if committee_kind:
            filters.append(Attr("committee_kind").eq(committee_kind))
        if q:
            filters.append(Attr("search_text").contains(search_key(q)))
        request = {"IndexName": "by_area", "KeyConditionExpression": key, "Limit": limit}
        if filters:
            expression = filters[0]
            for extra in filters[1:]:
                expression = expression & extra
            request["FilterExpression"] = expression
        if fields:
            request.update(_projection(list(dict.fromkeys([*fields, *CURSOR_KEY]))))
        if cursor:
            request["ExclusiveStartKey"] = decode_cursor(cursor, area_code)
        items: list[dict] = []
        for _ in range(MAX_PAGES_PER_REQUEST):
            page = self.table.query(**request)
            items.extend(page["Items"])
            last = page.get("LastEvaluatedKey")
            if len(items) >= limit:
                more = len(items) > limit or last
                items = items[:limit]
                next_key = {k: items[-1][k] for k in CURSOR_KEY} if more else None
                return [_record(i) for i in items], encode_cursor(next_key) if next_key else None
            if not last:
                return [_record(i) for i in items], None
            request["ExclusiveStartKey"] = last
        return [_record(i) for i in items], encode_cursor(last)

    def due_ids(self, today: date):
        """Ids of societies with a reminder pending on or before today, page by page."""
        request = {"IndexName": "due", "KeyConditionExpression":
                   Key("due_pk").eq(DUE_PK) & Key("next_reminder_on").lte(today.isoformat())}
        while True:
            page = self.table.query(**request)
            for item in page["Items"]:
                yield item["pk"].removeprefix("SOCIETY#")
            if "LastEvaluatedKey" not in page:
                return
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def save_reminder_state(self, record: dict, done: list[str], next_on: date | None) -> bool:
        """Record what the scan sent; False if the society changed meanwhile (re-read it)."""
        names = {"#v": "version", "#d": "reminders_done"}
        values = {":v": record["version"], ":d": done}
        update = "SET #d = :d"
        if next_on:
            update += ", next_reminder_on = :n, due_pk = :p"
            values.update({":n": next_on.isoformat(), ":p": DUE_PK})
        else:
            update += " REMOVE next_reminder_on, due_pk"
        try:
            self.table.update_item(Key={"pk": f"SOCIETY#{record['id']}"}, UpdateExpression=update,
                                   ConditionExpression="#v = :v", ExpressionAttributeNames=names,
                                   ExpressionAttributeValues=values)
            return True
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise

    def all_in_area(self, area_code: str, fields: list[str]) -> list[dict]:
        """Every current society of an area (for counts, calendars and exports)."""
        request = {"IndexName": "by_area", "KeyConditionExpression": Key("area_pk").eq(AREA_PK),
                   "FilterExpression": Attr("dissolved_on").not_exists(), **_projection(fields)}
        if area_code:
            request["KeyConditionExpression"] &= Key("area_sk").begins_with(area_code)
        items = []
        while True:
            page = self.table.query(**request)
            items.extend(_record(i) for i in page["Items"])
            if "LastEvaluatedKey" not in page:
                return items
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
