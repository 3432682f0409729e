"""The society registry in DynamoDB.

One table holds society records (pk SOCIETY#<id>), registration-number guards
(pk REGNO#<district>#<no>) that make the number unique per district, and colour counters
(pk STATS#<area>, STATS#<area>#<year>). Two indexes, both with sharded hash keys so a
nationwide rollout does not pile every write onto one partition:
- by_area: area_pk "AREA#<district>", area_sk "<upazila code>#<id>": an upazila or a
  district is one key-range query; a division or the country walks its districts in order;
- due (sparse): due_pk "DUE#<0-7>", next_reminder_on: present only while a reminder is
  pending, so the daily scan reads what is due and nothing else.
Every write, its audit entry and its counter changes go in one transaction: all or nothing.
"""
import re
import secrets
import time
from collections import Counter, defaultdict
from datetime import date

from boto3.dynamodb.conditions import Attr, Key

from ..config import settings
from ..domain import geography
from ..domain.bangla import search_form
from ..domain.society import DUPLICATE_REGNO, STALE_VERSION, Society, as_dict, from_dict
from ..domain.stats import count_by_status, counter_changes, years_needed
from ..domain.terms import status_range
from . import aws
from .audit import audit_put
from .items import batch_get, record
from .pages import INVALID_CURSOR, decode_key, encode_cursor
from .transactions import Change, WriteRefused, together, transact

DUE_SHARDS = 8
MAX_PAGES_PER_REQUEST = 10
SOCIETY_ID = re.compile(r"^[0-9a-f]{17}$")  # what new_id() makes
CURSOR_KEY = ("pk", "area_pk", "area_sk")
INTERNAL = ("pk", "area_pk", "area_sk", "due_pk", "search_text", "type")


def new_id() -> str:
    """Time-ordered, so an area's list comes out in the order societies were entered."""
    return f"{int(time.time() * 1000):011x}{secrets.token_hex(3)}"


def area_pk(district_code: str) -> str:
    return f"AREA#{district_code}"


def due_pk(society_id: str) -> str:
    return f"DUE#{int(society_id[-2:], 16) % DUE_SHARDS}"


def _society(item: dict) -> Society:
    return from_dict(record(item, INTERNAL))


def _regno_key(society: Society) -> dict:
    return {"pk": f"REGNO#{society.district_code}#{society.registration_no}"}


def search_key(text: str) -> str:
    """What search compares: one Unicode form, lower case, Bengali digits as ASCII (০১২ finds 012)."""
    return search_form(text)


def _item(society: Society) -> dict:
    item = {k: v for k, v in as_dict(society).items() if v is not None and v != "" and v != []}
    item.update(pk=f"SOCIETY#{society.id}", type="society", area_pk=area_pk(society.district_code),
                area_sk=f"{society.upazila_code}#{society.id}",
                search_text=search_key(" ".join([society.name_bn, society.name_en, society.registration_no])))
    if society.next_reminder_on:
        item["due_pk"] = due_pk(society.id)
    return item




def _projection(fields: list[str]) -> dict:
    """Request only these attributes (names aliased: several are DynamoDB reserved words)."""
    return {"ProjectionExpression": ", ".join(f"#f{i}" for i in range(len(fields))),
            "ExpressionAttributeNames": {f"#f{i}": f for i, f in enumerate(fields)}}


def decode_cursor(cursor: str, area_code: str) -> dict:
    key = decode_key(cursor)
    try:
        society_id = key["pk"].removeprefix("SOCIETY#")
        upazila = key["area_sk"][:6]
        valid = (set(key) == set(CURSOR_KEY) and key["area_pk"] == area_pk(upazila[:4])
                 and SOCIETY_ID.match(society_id) and upazila.startswith(area_code)
                 and key["area_sk"] == f"{upazila}#{society_id}")
    except (ValueError, TypeError, AttributeError, KeyError):
        valid = False
    if not valid:
        raise INVALID_CURSOR
    return key


def counter_steps(table_name: str, changes: Counter) -> list[dict]:
    """Transaction steps applying (area, term end) -> delta changes, one step per counter item."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for (area, ends), delta in changes.items():
        counts[f"STATS#{area}"][f"y{ends.year}"] += delta
        counts[f"STATS#{area}#{ends.year}"][f"d{ends:%m%d}"] += delta
    steps = []
    for pk, by_name in counts.items():
        by_name = {name: delta for name, delta in by_name.items() if delta}
        if by_name:
            steps.append({"Update": {
                "TableName": table_name, "Key": {"pk": pk},
                "UpdateExpression": "ADD " + ", ".join(f"#c{i} :c{i}" for i in range(len(by_name))),
                "ExpressionAttributeNames": {f"#c{i}": name for i, name in enumerate(by_name)},
                "ExpressionAttributeValues": {f":c{i}": delta for i, delta in enumerate(by_name.values())}}})
    return steps


def _counters(table_name: str, changes: Counter) -> dict[str, dict]:
    """The counter steps, named by their item's key."""
    return {step["Update"]["Key"]["pk"]: step for step in counter_steps(table_name, changes)}


def stats_keys(area_code: str, today: date) -> list[dict]:
    """The counter items today's colours of an area need: its year totals and one or two years of days."""
    return [{"pk": f"STATS#{area_code}"}] + [{"pk": f"STATS#{area_code}#{y}"} for y in years_needed(today)]


class Societies:
    def __init__(self):
        self.table = aws.table(settings().societies_table)
        self.client = self.table.meta.client

    def get(self, society_id: str, consistent: bool = False) -> Society | None:
        if not SOCIETY_ID.match(society_id):
            return None
        item = self.table.get_item(Key={"pk": f"SOCIETY#{society_id}"}, ConsistentRead=consistent).get("Item")
        return _society(item) if item else None

    def _write(self, steps: dict[str, dict]) -> None:
        try:
            transact(self.client, steps)
        except WriteRefused as refused:
            if any(name.startswith("regno") for name in refused.failed_steps):
                raise DUPLICATE_REGNO from None
            raise STALE_VERSION from None

    def create_steps(self, society: Society, actor: str, action: str = "create") -> dict[str, dict]:
        """The transaction steps of a new society, without its counters."""
        name = self.table.name
        return {
            f"society {society.id}": {"Put": {"TableName": name, "Item": _item(society),
                                              "ConditionExpression": "attribute_not_exists(pk)"}},
            f"regno {society.id}": {"Put": {"TableName": name, "Item": {**_regno_key(society), "society_id": society.id},
                                            "ConditionExpression": "attribute_not_exists(pk)"}},
            f"audit {society.id}": audit_put("society", society.id, action, actor, None, as_dict(society)),
        }

    def create(self, society: Society, actor: str) -> None:
        self._write({**self.create_steps(society, actor), **_counters(self.table.name, counter_changes(None, society))})

    def create_many(self, societies: list[Society], actor: str) -> None:
        """Several new societies in one transaction (an import chunk): all or none."""
        steps = {name: step for s in societies for name, step in self.create_steps(s, actor, "import").items()}
        changes: Counter = Counter()
        for society in societies:
            changes.update(counter_changes(None, society))
        self._write({**steps, **_counters(self.table.name, changes)})

    def replace(self, before: Society, after: Society, actor: str, action: str, *,
                correction_id: str | None = None, also: Change | None = None) -> None:
        """Write the new version if nobody else wrote since `before` was read.

        `also`: another record's change that must be written with this one (a correction request
        marked applied), in the same transaction; `correction_id` goes into the audit entry."""
        name = self.table.name
        steps = {"society": {"Put": {"TableName": name, "Item": _item(after), "ConditionExpression": "version = :v",
                                     "ExpressionAttributeValues": {":v": before.version}}}}
        if _regno_key(before) != _regno_key(after):
            steps["regno"] = {"Put": {"TableName": name, "Item": {**_regno_key(after), "society_id": after.id},
                                      "ConditionExpression": "attribute_not_exists(pk)"}}
            steps["old regno"] = {"Delete": {"TableName": name, "Key": _regno_key(before)}}
        steps["audit"] = audit_put("society", after.id, action, actor, as_dict(before), as_dict(after),
                                   correction_id=correction_id)
        steps.update(_counters(name, counter_changes(before, after)))
        self._write(together(steps, also or Change()))

    def batch_get(self, keys: list[dict]) -> list[dict]:
        return batch_get(self.table.name, keys, ConsistentRead=True)

    def many(self, society_ids: list[str]) -> list[Society]:
        """These societies (those that exist), 100 to a request, in no particular order."""
        return [_society(i) for i in self.batch_get([{"pk": f"SOCIETY#{i}"} for i in society_ids
                                                     if SOCIETY_ID.match(i)])]

    def by_registration(self, district_code: str, registration_nos: list[str]) -> dict[str, Society]:
        """The societies already holding these registration numbers in the district."""
        guards = self.batch_get([{"pk": f"REGNO#{district_code}#{no}"} for no in dict.fromkeys(registration_nos)])
        found = self.batch_get([{"pk": f"SOCIETY#{g['society_id']}"} for g in guards])
        return {s.registration_no: s for s in map(_society, found)}

    def list_area(self, area_code: str, today: date, *, status: str | None = None,
                  committee_kind: str | None = None, q: str | None = None,
                  include_dissolved: bool = False, cursor: str | None = None,
                  limit: int = 50, fields: list[str] | None = None) -> tuple[list[Society], str | None]:
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
        base = {"IndexName": "by_area", "Limit": limit}
        if filters:
            expression = filters[0]
            for extra in filters[1:]:
                expression = expression & extra
            base["FilterExpression"] = expression
        if fields:
            base.update(_projection(list(dict.fromkeys([*fields, *CURSOR_KEY]))))
        start = decode_cursor(cursor, area_code) if cursor else None
        districts = geography.districts_under(area_code)
        if start:
            districts = [d for d in districts if area_pk(d) >= start["area_pk"]]
        items: list[dict] = []
        queries = 0
        for district in districts:
            key = Key("area_pk").eq(area_pk(district))
            if len(area_code) > 4:
                key = key & Key("area_sk").begins_with(area_code)
            request = {**base, "KeyConditionExpression": key}
            if start and start["area_pk"] == area_pk(district):
                request["ExclusiveStartKey"] = start
            while True:
                page = self.table.query(**request)
                queries += 1
                items.extend(page["Items"])
                last = page.get("LastEvaluatedKey")
                if len(items) >= limit:
                    items = items[:limit]
                    return [_society(i) for i in items], encode_cursor({k: items[-1][k] for k in CURSOR_KEY})
                if not last:
                    break
                if queries >= MAX_PAGES_PER_REQUEST:
                    return [_society(i) for i in items], encode_cursor(last)
                request["ExclusiveStartKey"] = last
        return [_society(i) for i in items], None

    def due_ids(self, today: date):
        """Ids of societies with a reminder pending on or before today, shard by shard."""
        for shard in range(DUE_SHARDS):
            request = {"IndexName": "due", "KeyConditionExpression":
                       Key("due_pk").eq(f"DUE#{shard}") & Key("next_reminder_on").lte(today.isoformat())}
            while True:
                page = self.table.query(**request)
                for item in page["Items"]:
                    yield item["pk"].removeprefix("SOCIETY#")
                if "LastEvaluatedKey" not in page:
                    break
                request["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def due_page(self, today: date, cursor: dict | None, limit: int) -> tuple[list[str], dict | None]:
        """At most `limit` ids of due_ids from `cursor` on (None: the start), and the cursor after them
        (None: the last). A cursor is a position in the index, so it holds across invocations."""
        shard, after = (int(cursor["shard"]), cursor.get("after")) if cursor else (0, None)
        while True:
            request = {"IndexName": "due", "Limit": limit, "KeyConditionExpression":
                       Key("due_pk").eq(f"DUE#{shard}") & Key("next_reminder_on").lte(today.isoformat())}
            if after:
                request["ExclusiveStartKey"] = after
            page = self.table.query(**request)
            ids = [item["pk"].removeprefix("SOCIETY#") for item in page["Items"]]
            after = page.get("LastEvaluatedKey")
            shard += 0 if after else 1
            following = {"shard": shard, "after": after} if shard < DUE_SHARDS else None
            if ids or following is None:
                return ids, following

    def save_reminder_state(self, society: Society) -> bool:
        """Record what the scan sent, as a new version; False if the society changed meanwhile.

        The version is bumped, so an edit that read the society before the scan wrote
        cannot put back an older list of sent reminders: it fails as stale and is retried.
        """
        names = {"#v": "version", "#d": "reminders_done"}
        values = {":v": society.version, ":n1": society.version + 1, ":d": list(society.reminders_done)}
        update = "SET #d = :d, #v = :n1"
        if society.next_reminder_on:
            update += ", next_reminder_on = :n, due_pk = :p"
            values.update({":n": society.next_reminder_on.isoformat(), ":p": due_pk(society.id)})
        else:
            update += " REMOVE next_reminder_on, due_pk"
        return aws.written(self.table.update_item, Key={"pk": f"SOCIETY#{society.id}"}, UpdateExpression=update,
                           ConditionExpression="#v = :v", ExpressionAttributeNames=names,
                           ExpressionAttributeValues=values)

    @aws.unavailable_on_failure
    def all_in_area(self, area_code: str, fields: list[str]) -> list[Society]:
        """Every current society of a district or upazila (for calendars and exports)."""
        items, cursor = [], None
        while True:
            page, cursor = self.list_area(area_code, date.today(), cursor=cursor, limit=1000,
                                          fields=fields)
            items.extend(page)
            if not cursor:
                return items

    def status_counts(self, area_code: str, today: date) -> dict:
        """Counts per colour from the area's counters: at most three items, at any scale."""
        items = {i["pk"]: i for i in self.batch_get(stats_keys(area_code, today))}
        summary = items.get(f"STATS#{area_code}", {})
        year_totals = {int(k[1:]): int(v) for k, v in summary.items() if k.startswith("y")}
        day_counts = {}
        for year in years_needed(today):
            for k, v in items.get(f"STATS#{area_code}#{year}", {}).items():
                if k.startswith("d"):
                    day_counts[date(year, int(k[1:3]), int(k[3:5]))] = int(v)
        return count_by_status(year_totals, day_counts, today)

