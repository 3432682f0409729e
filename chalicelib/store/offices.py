"""Cooperative offices' own details, pk = the office's BBS code ("BD" for HQ).

`phone` is the office's SMS fallback number (never shown publicly); the about-page fields
(address, the published contact number, e-mail, Facebook page, working hours, officers'
names and titles) are what the public about page shows.
"""
from ..config import settings
from . import aws
from .audit import audit_put
from .transactions import transact

COUNTRY_KEY = "BD"  # HQ's code is empty, which DynamoDB does not take as a key
ABOUT_FIELDS = ("address_bn", "address_en", "contact_phone", "email", "facebook_url", "working_hours_bn",
                "working_hours_en", "officers")
DETAIL_FIELDS = ("phone",) + ABOUT_FIELDS


class Offices:
    def __init__(self):
        self.table = aws.table(settings().offices_table)

    def get(self, code: str) -> dict:
        item = self.table.get_item(Key={"code": code or COUNTRY_KEY}).get("Item") or {}
        details = {name: item.get(name) for name in DETAIL_FIELDS}
        details["officers"] = list(item.get("officers") or [])
        return {"code": code, **details, "updated_at": item.get("updated_at"), "updated_by": item.get("updated_by")}

    def phone(self, code: str) -> str | None:
        return self.get(code)["phone"]

    def save(self, code: str, phone: str | None, actor: str, now: str) -> dict:
        """Change the office phone only (the other details stay)."""
        return self.update(code, {"phone": phone}, actor, now)

    def update(self, code: str, changes: dict, actor: str, now: str) -> dict:
        """Write the changed details (None or "" clears one) with their audit entry, in one transaction."""
        before = self.get(code)
        after = {**before, **{k: v for k, v in changes.items() if k in DETAIL_FIELDS},
                 "updated_at": now, "updated_by": actor}
        item = {"code": code or COUNTRY_KEY, "updated_at": now, "updated_by": actor}
        item.update({k: after[k] for k in DETAIL_FIELDS if after.get(k) not in (None, "", [])})
        transact(self.table.meta.client, {
            "office": {"Put": {"TableName": self.table.name, "Item": item}},
            "audit": audit_put("office", code or COUNTRY_KEY, "update", actor, before, after)})
        return after
