"""ContentTable: notices, site photos, visitor counters and the sitemap's parts.

Keys (pk, sk):
- NOTICE#<id>, NOTICE — a notice. gsi1 (NOTICES#<office>, <publish_at>#<id>) while it is not
  withdrawn: an area page reads its offices' lists newest first, from now backwards (a scheduled
  notice sorts after now and is not read; an expired one is filtered). gsi2 (OFFICE#<office>,
  <created_at>#<id>): the office's own list, every state.
- PHOTO#<id>, PHOTO — a site photo; gsi1 (PHOTOS#<office>, <published_at>#<id>) once published.
- VISITS#<area>, <year> — counters d<MMDD>, m<MM>, y, added to atomically (ADD).
- BEACONS#<day>, <hash of an address> — `n`, the visitor beacons that address sent that day; `ttl` (epoch
  seconds) lets DynamoDB delete it two days on (the hash can be reversed by trying every IPv4 address).
- SITEMAP, INDEX — string sets: `parts` (the sitemaps sitemap.xml lists), `offices` (about pages).
Every notice and photo write goes with its audit entry in one transaction.
"""
import re

from boto3.dynamodb.conditions import Attr, Key

from ..config import settings
from ..domain.errors import Conflict
from ..domain.notices import list_key, office_key
from . import aws
from .audit import audit_put
from .items import record
from .pages import INVALID_CURSOR, decode_key, encode_cursor
from .transactions import transact

MAX_PAGES = 10  # pages read per list before answering with what was found
LIST_KEY = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00#[0-9a-f]{16}$")
STALE = Conflict("stale_version", "Someone changed this meanwhile; reload and try again.",
                 "এর মধ্যে অন্য কেউ পরিবর্তন করেছেন; পুনরায় লোড করে আবার চেষ্টা করুন।")
INTERNAL = ("pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk")


def _plain(item: dict) -> dict:
    return record(item, INTERNAL)


def list_cursor(key: str) -> str:
    return encode_cursor({"k": key})


def decode_list_cursor(cursor: str) -> str:
    key = decode_key(cursor)
    if set(key) != {"k"} or not LIST_KEY.match(key["k"]):
        raise INVALID_CURSOR
    return key["k"]


class Content:
    def __init__(self):
        self.table = aws.table(settings().content_table)
        self.client = self.table.meta.client

    def _transact(self, put: dict, audit: dict, condition: str, values: dict | None = None,
                  names: dict | None = None) -> None:
        step = {"TableName": self.table.name, "Item": put, "ConditionExpression": condition}
        if values:
            step["ExpressionAttributeValues"] = values
        if names:
            step["ExpressionAttributeNames"] = names
        transact(self.client, {"item": {"Put": step}, "audit": audit}, failures={"item": STALE})

    # ---- notices -----------------------------------------------------------------------
    @staticmethod
    def _notice_item(notice: dict) -> dict:
        item = {k: v for k, v in notice.items() if v is not None and v != ""}
        item["office_code"] = notice["office_code"]  # HQ's is ""
        office = office_key(notice["office_code"])
        item.update(pk=f"NOTICE#{notice['id']}", sk="NOTICE", gsi2pk=f"OFFICE#{office}",
                    gsi2sk=f"{notice['created_at']}#{notice['id']}")
        if not notice.get("withdrawn_at"):
            item.update(gsi1pk=f"NOTICES#{office}", gsi1sk=list_key(notice))
        return item

    def get_notice(self, notice_id: str) -> dict | None:
        item = self.table.get_item(Key={"pk": f"NOTICE#{notice_id}", "sk": "NOTICE"}).get("Item")
        return _plain(item) if item else None

    def save_notice(self, before: dict | None, after: dict, actor: str, action: str) -> None:
        """Create (before None) or replace the version `before` was read at; 409 if it changed."""
        audit = audit_put("notice", after["id"], action, actor, before, after)
        if before is None:
            self._transact(self._notice_item(after), audit, "attribute_not_exists(pk)")
        else:
            self._transact(self._notice_item(after), audit, "version = :v", {":v": before["version"]})

    def _visible_query(self, office: str, key_condition, now: str, limit: int, newest_first: bool) -> list[dict]:
        """Up to `limit` visible notices of one office's list within the key condition."""
        found, start = [], None
        for _ in range(MAX_PAGES):
            page = self.table.query(
                IndexName="gsi1", KeyConditionExpression=Key("gsi1pk").eq(f"NOTICES#{office}") & key_condition,
                FilterExpression=Attr("expires_at").not_exists() | Attr("expires_at").gt(now),
                ScanIndexForward=not newest_first, Limit=max(limit, 10),
                **({"ExclusiveStartKey": start} if start else {}))
            found += [_plain(i) for i in page["Items"]]
            start = page.get("LastEvaluatedKey")
            if len(found) >= limit or not start:
                break
        return found[:limit]

    def visible_before(self, office_code: str, now: str, below: str | None, limit: int) -> list[dict]:
        """An office's visible notices sorting before `below` (None: from now), newest first."""
        upper = min(below, f"{now}#~") if below else f"{now}#~"
        return self._visible_query(office_key(office_code), Key("gsi1sk").lt(upper), now, limit, True)

    def visible_after(self, office_code: str, now: str, above: str, limit: int) -> list[dict]:
        """An office's visible notices sorting after `above` (published by now), oldest first."""
        return self._visible_query(office_key(office_code), Key("gsi1sk").between(f"{above}!", f"{now}#~"),
                                   now, limit, False)

    def office_notices(self, office_code: str, cursor: str | None, limit: int) -> tuple[list[dict], str | None]:
        """Every notice the office wrote (any state), newest written first, a page at a time."""
        start = None
        if cursor:
            key = decode_key(cursor)
            office = f"OFFICE#{office_key(office_code)}"
            if set(key) != {"pk", "sk", "gsi2pk", "gsi2sk"} or key["gsi2pk"] != office or key["sk"] != "NOTICE":
                raise INVALID_CURSOR
            start = key
        page = self.table.query(IndexName="gsi2", ScanIndexForward=False, Limit=limit,
                                KeyConditionExpression=Key("gsi2pk").eq(f"OFFICE#{office_key(office_code)}"),
                                **({"ExclusiveStartKey": start} if start else {}))
        last = page.get("LastEvaluatedKey")
        return [_plain(i) for i in page["Items"]], encode_cursor(last) if last else None

    # ---- photos ------------------------------------------------------------------------
    def get_photo(self, photo_id: str) -> dict | None:
        item = self.table.get_item(Key={"pk": f"PHOTO#{photo_id}", "sk": "PHOTO"}).get("Item")
        return _plain(item) if item else None

    def save_photo(self, before: dict | None, after: dict, actor: str, action: str) -> None:
        item = {k: v for k, v in after.items() if v is not None and v != ""}
        item.update(pk=f"PHOTO#{after['id']}", sk="PHOTO", office_code=after["office_code"])
        if after.get("state") == "published":
            item.update(gsi1pk=f"PHOTOS#{office_key(after['office_code'])}",
                        gsi1sk=f"{after['published_at']}#{after['id']}")
        audit = audit_put("photo", after["id"], action, actor, before, after)
        if before is None:
            self._transact(item, audit, "attribute_not_exists(pk)")
        else:
            self._transact(item, audit, "#st = :s", {":s": before["state"]}, {"#st": "state"})

    def recent_photos(self, office_code: str, limit: int) -> list[dict]:
        page = self.table.query(IndexName="gsi1", ScanIndexForward=False, Limit=limit,
                                KeyConditionExpression=Key("gsi1pk").eq(f"PHOTOS#{office_key(office_code)}"))
        return [_plain(i) for i in page["Items"]]

    # ---- visitor counters --------------------------------------------------------------
    def add_visits(self, area_code: str, year: str, fields: dict, count: int) -> None:
        """One atomic ADD to the area's counters of the year (day, month, year at once: one write)."""
        names = list(fields)
        self.table.update_item(
            Key={"pk": f"VISITS#{office_key(area_code)}", "sk": year},
            UpdateExpression="ADD " + ", ".join(f"#c{i} :n" for i in range(len(names))),
            ExpressionAttributeNames={f"#c{i}": n for i, n in enumerate(names)},
            ExpressionAttributeValues={":n": count})

    def claim_beacon(self, day: str, address_key: str, cap: int, expires_at: int) -> bool:
        """Count one beacon of an address on a day; False (nothing written) once it has sent `cap`."""
        return aws.written(self.table.update_item, Key={"pk": f"BEACONS#{day}", "sk": address_key},
                           UpdateExpression="ADD #n :one SET #ttl = :ttl",
                           ConditionExpression="attribute_not_exists(#n) OR #n < :cap",
                           ExpressionAttributeNames={"#n": "n", "#ttl": "ttl"},
                           ExpressionAttributeValues={":one": 1, ":cap": cap, ":ttl": expires_at})

    def visit_years(self, area_code: str) -> dict[str, dict]:
        page = self.table.query(KeyConditionExpression=Key("pk").eq(f"VISITS#{office_key(area_code)}"))
        return {i["sk"]: _plain(i) for i in page["Items"]}

    # ---- the sitemap's parts -----------------------------------------------------------
    def add_sitemap_part(self, part: str, office: str | None = None) -> dict:
        """Remember a sitemap (and an office with an about page); answers every part and office so far."""
        names, values, adds = {"#p": "parts"}, {":p": {part}}, ["#p :p"]
        if office is not None:
            names["#o"], values[":o"] = "offices", {office_key(office)}
            adds.append("#o :o")
        item = self.table.update_item(Key={"pk": "SITEMAP", "sk": "INDEX"}, UpdateExpression="ADD " + ", ".join(adds),
                                      ExpressionAttributeNames=names, ExpressionAttributeValues=values,
                                      ReturnValues="ALL_NEW")["Attributes"]
        return {"parts": sorted(item.get("parts") or ()), "offices": sorted(item.get("offices") or ())}
