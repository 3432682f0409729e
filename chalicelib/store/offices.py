"""Cooperative offices' own details (the office phone, for now), pk = the office's BBS code."""
from ..config import settings
from . import aws
from .audit import audit_put

COUNTRY_KEY = "BD"  # HQ's code is empty, which DynamoDB does not take as a key


class Offices:
    def __init__(self):
        self.table = aws.table(settings().offices_table)

    def get(self, code: str) -> dict:
        item = self.table.get_item(Key={"code": code or COUNTRY_KEY}).get("Item") or {}
        return {"code": code, "phone": item.get("phone"), "updated_at": item.get("updated_at"),
                "updated_by": item.get("updated_by")}

    def phone(self, code: str) -> str | None:
        return self.get(code)["phone"]

    def save(self, code: str, phone: str | None, actor: str, now: str) -> dict:
        """Write the office's details with their audit entry, in one transaction."""
        before = self.get(code)
        item = {"code": code or COUNTRY_KEY, "updated_at": now, "updated_by": actor}
        if phone:
            item["phone"] = phone
        after = {**before, "phone": phone, "updated_at": now, "updated_by": actor}
        self.table.meta.client.transact_write_items(TransactItems=[
            {"Put": {"TableName": self.table.name, "Item": item}},
            audit_put("office", code or COUNTRY_KEY, "update", actor, before, after)])
        return after
