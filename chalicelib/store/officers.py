"""The officer directory (OfficersTable): one item per officer, written with its audit entry.

    pk "OFFICER#<username>", sk "PROFILE"   username, name_bn, phone, role, office_code, status
                                            (active|inactive), parent_code, created_by/at, updated_by/at
    gsi1 ("PARENT#<parent office code>", "<office code>#<username>")   the officers of the offices
                                            directly below an office (HQ's officers have no parent)
Records of societies, SMS and tasks are keyed by office code, never by person, so a transfer
moves only this item's office: the office's data stays with the office.
"""
from boto3.dynamodb.conditions import Key

from ..config import settings
from ..domain.errors import Conflict
from ..domain.officers import USERNAME_TAKEN
from . import aws
from .audit import audit_put
from .pages import all_items
from .transactions import transact

FIELDS = ("username", "name_bn", "phone", "role", "office_code", "status", "parent_code", "created_by",
          "created_at", "updated_by", "updated_at", "version")
CHANGED_MEANWHILE = Conflict("changed_meanwhile", "This officer was changed meanwhile; reload and try again.",
                             "এই অফিসারের তথ্য এর মধ্যে বদলেছে; আবার লোড করে চেষ্টা করুন।")


def _key(username: str) -> dict:
    return {"pk": f"OFFICER#{username}", "sk": "PROFILE"}


def _item(officer: dict) -> dict:
    item = {**_key(officer["username"]), **{k: officer[k] for k in FIELDS if officer.get(k) is not None}}
    if officer.get("parent_code") is not None and officer["role"] != "hq":
        item.update(gsi1pk=f"PARENT#{officer['parent_code']}", gsi1sk=f"{officer['office_code']}#{officer['username']}")
    return item


def _officer(item: dict) -> dict:
    officer = {k: item.get(k) for k in FIELDS}
    officer["version"] = int(item.get("version", 1))
    return officer


class Officers:
    def __init__(self):
        self.table = aws.table(settings().officers_table)

    def get(self, username: str) -> dict | None:
        item = self.table.get_item(Key=_key(username), ConsistentRead=True).get("Item")
        return _officer(item) if item else None

    def still_serves(self, username: str, office_code: str) -> bool:
        """False once the officer is deactivated or moved to another office (a token issued
        before that still names the old office). Officers with no directory entry pass."""
        item = self.table.get_item(Key=_key(username), ProjectionExpression="#s, office_code",
                                   ExpressionAttributeNames={"#s": "status"}).get("Item")
        return item is None or (item.get("status") != "inactive" and item.get("office_code") == office_code)

    def below(self, office_code: str) -> list[dict]:
        """The officers of the offices directly below `office_code`, by office then username."""
        items = all_items(self.table, IndexName="gsi1", KeyConditionExpression=Key("gsi1pk").eq(f"PARENT#{office_code}"))
        return [_officer(i) for i in items]

    def of_office(self, office_code: str) -> list[dict]:
        """The officers of one office (from its parent's part of the index)."""
        items = all_items(self.table, IndexName="gsi1", KeyConditionExpression=Key("gsi1pk").eq(
            f"PARENT#{office_code[:-2]}") & Key("gsi1sk").begins_with(f"{office_code}#"))
        return [_officer(i) for i in items]

    def add(self, officer: dict, actor: str) -> dict:
        """A new directory entry; Conflict if the username has one already."""
        return self._write(None, officer, actor, "create")

    def replace(self, before: dict, after: dict, actor: str, action: str) -> dict:
        """Write `after` if the entry is still at `before`'s version, with its audit entry."""
        return self._write(before, after, actor, action)

    def _write(self, before: dict | None, after: dict, actor: str, action: str) -> dict:
        if before is None:
            after = {**after, "version": 1}
            condition = {"ConditionExpression": "attribute_not_exists(pk)"}
        else:
            after = {**after, "version": int(before["version"]) + 1}
            condition = {"ConditionExpression": "version = :seen",
                         "ExpressionAttributeValues": {":seen": before["version"]}}
        transact(self.table.meta.client, {
            "officer": {"Put": {"TableName": self.table.name, "Item": _item(after), **condition}},
            "audit": audit_put("officer", after["username"], action, actor, before, after)},
            failures={"officer": CHANGED_MEANWHILE if before else USERNAME_TAKEN})
        return after
