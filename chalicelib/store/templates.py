"""Message templates in MessagesTable: pk TEMPLATE#BD (HQ's national defaults) or
TEMPLATE#<district code> (a district's overrides), sk = the kind. One query reads a scope's
every kind; each scope is read once per Templates object (the scan makes one per run)."""

from ..config import settings
from ..domain.errors import NotFound
from . import aws
from .audit import audit_put
from .transactions import transact

NATIONAL = "BD"  # HQ's office code is empty, which DynamoDB does not take in a key
NO_OVERRIDE = NotFound("template_not_found", "There is no saved text of this kind here; the default applies.",
                       "এখানে এই ধরনের কোনো নিজস্ব লেখা নেই; সাধারণ লেখাই প্রযোজ্য।")


def scope_of(office_code: str) -> str:
    return office_code or NATIONAL


class Templates:
    def __init__(self):
        self.table = aws.table(settings().messages_table)
        self._scopes: dict[str, dict[str, dict]] = {}

    def scope(self, scope: str) -> dict[str, dict]:
        """kind -> {text, updated_at, updated_by} saved for this scope (cached per object)."""
        if scope not in self._scopes:
            page = self.table.query(KeyConditionExpression="pk = :p",
                                    ExpressionAttributeValues={":p": f"TEMPLATE#{scope}"}, ConsistentRead=True)
            self._scopes[scope] = {i["sk"]: {"text": i["text"], "updated_at": i.get("updated_at"),
                                             "updated_by": i.get("updated_by")} for i in page["Items"]}
        return self._scopes[scope]

    def saved(self, district_code: str) -> tuple[dict, dict]:
        """(national, district) saved texts; a district code of "" (HQ, a division) has none."""
        return self.scope(NATIONAL), (self.scope(district_code) if len(district_code) == 4 else {})

    def put(self, scope: str, kind: str, text: str, actor: str, now: str) -> dict:
        before = self.scope(scope).get(kind)
        after = {"text": text, "updated_at": now, "updated_by": actor}
        transact(self.table.meta.client, {
            "template": {"Put": {"TableName": self.table.name,
                                 "Item": {"pk": f"TEMPLATE#{scope}", "sk": kind, "kind": kind, "scope": scope, **after}}},
            "audit": audit_put("template", f"{scope}#{kind}", "update" if before else "create", actor, before, after)})
        self._scopes[scope][kind] = after
        return after

    def delete(self, scope: str, kind: str, actor: str) -> None:
        before = self.scope(scope).get(kind)
        if before is None:
            raise NO_OVERRIDE
        transact(self.table.meta.client, {
            "template": {"Delete": {"TableName": self.table.name, "Key": {"pk": f"TEMPLATE#{scope}", "sk": kind},
                                    "ConditionExpression": "attribute_exists(pk)"}},
            "audit": audit_put("template", f"{scope}#{kind}", "delete", actor, before, None)},
            failures={"template": NO_OVERRIDE})  # removed meanwhile
        self._scopes[scope].pop(kind, None)
