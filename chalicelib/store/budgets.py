"""Budget files in DynamoDB. They live in CorrectionsTable, beside correction requests: both are
office files with a holder's box (the same gsi1/gsi2 indexes), so no new table or IAM grant is needed.

    pk BUDGET#<id>, sk BUDGET                        a budget file; never deleted
        gsi1 HOLDER#<office> / <due_on>#<id>        the holding office's box, while an office holds it
        gsi2 BUDGETS#<society> / <year>#<created_at>#<id>   a society's files, newest first within a year
    pk SOCIETY#<id>, sk BUDGET_OPEN#<year>          marks the society's one open file for a financial year
    pk BUDGETS_DUE, sk <due_on>#<id>                a held file's deadline: the daily scan reads the passed
                                                    ones (its cost grows with late files, not with all files)
    pk BUDGETS_IN#<area>, sk <year>#<created_at>#<id>   a file on the path of the offices of its upazila,
                                                    district, division and HQ (BD): their "all" list; never changes
Every write of a file, its marker and its audit entry go in one transaction.
"""
from boto3.dynamodb.conditions import Attr, Key

from ..config import settings
from ..domain.budget import Budget, as_dict, from_dict
from ..domain.errors import Conflict
from . import aws
from .audit import audit_put
from .items import plain
from .pages import INVALID_CURSOR, decode_key, encode_cursor, filled_page
from .transactions import WriteRefused, transact

STALE = Conflict("stale_version", "This file changed meanwhile; read it again.",
                 "এর মধ্যে নথিটি বদলেছে; আবার পড়ুন।")


def already_open(existing_id: str) -> Conflict:
    return Conflict("budget_already_open", f"This society already has an open budget file for this financial year "
                    f"({existing_id}).", f"এই অর্থবছরে সমিতির একটি বাজেট নথি ইতিমধ্যে খোলা আছে ({existing_id})।",
                    [{"field": "financial_year", "code": "budget_already_open", "message": existing_id,
                      "message_bn": existing_id}])


def _item(b: Budget) -> dict:
    item = {k: v for k, v in as_dict(b).items() if v is not None}
    item.update(pk=f"BUDGET#{b.id}", sk="BUDGET", gsi2pk=f"BUDGETS#{b.society_id}",
                gsi2sk=f"{b.financial_year}#{b.created_at}#{b.id}")
    if b.holder_office_code:
        item.update(gsi1pk=f"HOLDER#{b.holder_office_code}", gsi1sk=f"{b.due_on or ''}#{b.id}")
    return item


def _marker_key(b: Budget) -> dict:
    return {"pk": f"SOCIETY#{b.society_id}", "sk": f"BUDGET_OPEN#{b.financial_year}"}


DUE = "BUDGETS_DUE"


def _due_key(b: Budget) -> dict | None:
    return {"pk": DUE, "sk": f"{b.due_on}#{b.id}"} if b.holder_office_code and b.due_on else None


def _due_steps(name: str, before: Budget | None, after: Budget) -> dict:
    """The deadline entries' writes: the old step's removed, the new step's written."""
    old, new = _due_key(before) if before else None, _due_key(after)
    steps = {}
    if old and old != new:
        steps["due_old"] = {"Delete": {"TableName": name, "Key": old}}
    if new:
        steps["due_new"] = {"Put": {"TableName": name, "Item": {**new, "budget_id": after.id}}}
    return steps


def path_areas(upazila_code: str) -> tuple[str, ...]:
    """The offices every file of an upazila passes by or may reach: upazila, district, division, HQ."""
    return upazila_code, upazila_code[:4], upazila_code[:2], "BD"


def _path_marker(b: Budget, area: str) -> dict:
    return {"pk": f"BUDGETS_IN#{area}", "sk": f"{b.financial_year}#{b.created_at}#{b.id}", "budget_id": b.id}


class Budgets:
    def __init__(self):
        self.table = aws.table(settings().corrections_table)
        self.client = self.table.meta.client

    @aws.unavailable_on_failure
    def get(self, budget_id: str) -> Budget | None:
        item = self.table.get_item(Key={"pk": f"BUDGET#{budget_id}", "sk": "BUDGET"}, ConsistentRead=True).get("Item")
        return from_dict(plain(item)) if item else None

    def create(self, b: Budget) -> None:
        """The new file and its open marker; 409 if the society has an open file for the year."""
        name = self.table.name
        steps = {
            "file": {"Put": {"TableName": name, "Item": _item(b), "ConditionExpression": "attribute_not_exists(pk)"}},
            "open_marker": {"Put": {"TableName": name, "ConditionExpression": "attribute_not_exists(pk)",
                                    "Item": {**_marker_key(b), "budget_id": b.id, "created_at": b.created_at}}},
            "audit": audit_put("budget", b.id, "create", b.created_by, None, as_dict(b)),
            **{f"path_{area}": {"Put": {"TableName": name, "Item": _path_marker(b, area)}}
               for area in path_areas(b.upazila_code)},
        }
        try:
            transact(self.client, steps)
        except WriteRefused as refused:
            if refused.failed("open_marker"):
                marker = self.table.get_item(Key=_marker_key(b), ConsistentRead=True).get("Item") or {}
                raise already_open(marker.get("budget_id", "")) from None
            raise

    def save(self, before: Budget, after: Budget, actor: str, action: str) -> None:
        """`after` if the file is still at `before`'s version; a file that closes frees its year."""
        name = self.table.name
        steps = {
            "file": {"Put": {"TableName": name, "Item": _item(after), "ConditionExpression": "version = :v",
                             "ExpressionAttributeValues": {":v": before.version}}},
            "audit": audit_put("budget", after.id, action, actor, as_dict(before), as_dict(after)),
            **_due_steps(name, before, after),
        }
        if before.is_open and not after.is_open:
            steps["open_marker"] = {"Delete": {"TableName": name, "Key": _marker_key(before),
                                               "ConditionExpression": "budget_id = :id",
                                               "ExpressionAttributeValues": {":id": before.id}}}
        transact(self.client, steps, failures={"file": STALE})

    @aws.unavailable_on_failure
    def held_by(self, office_code: str, limit: int = 50) -> list[Budget]:
        """The files an office holds, the earliest deadline first."""
        page = self.table.query(IndexName="gsi1", KeyConditionExpression=Key("gsi1pk").eq(f"HOLDER#{office_code}"),
                                Limit=limit)
        return [from_dict(plain(i)) for i in page["Items"]]

    @aws.unavailable_on_failure
    def late(self, today) -> list[dict]:
        """The deadline entries of held files whose deadline passed before `today` ({budget_id, sk})."""
        from .pages import all_items
        return all_items(self.table, KeyConditionExpression=Key("pk").eq(DUE) & Key("sk").lt(today.isoformat()),
                         ConsistentRead=True)

    def settle_late(self, entry: dict) -> None:
        """A late step owes nothing more: its deadline entry goes (a later step writes its own)."""
        self.table.delete_item(Key={"pk": DUE, "sk": entry["sk"]})


class BudgetLists:
    """Pages of files: an office's holding box, the files on its path, a society's files (newest first)."""

    def __init__(self):
        self.table = aws.table(settings().corrections_table)

    def _start(self, cursor: str | None, names: tuple, box_key: dict, year: str | None = None) -> dict | None:
        """The key a page link goes on from: one of this box's keys, and of `year` when a year is asked (the
        last of `names` is the sort key); a link of another year falls outside the query's range."""
        if not cursor:
            return None
        key = decode_key(cursor)
        if set(key) != set(names) or any(key[k] != v for k, v in box_key.items()):
            raise INVALID_CURSOR  # a page link of another box
        if year and not key[names[-1]].startswith(f"{year}#"):
            raise INVALID_CURSOR  # a page link of another financial year
        return key

    def _files(self, ids: list[str]) -> list[Budget]:
        """The files, in the order given (BatchGetItem, 100 keys at most per call, unprocessed keys retried)."""
        found, name = {}, self.table.name
        for n in range(0, len(ids), 100):
            keys = [{"pk": f"BUDGET#{i}", "sk": "BUDGET"} for i in ids[n:n + 100]]
            request = {name: {"Keys": keys, "ConsistentRead": True}}
            while request:
                answer = self.table.meta.client.batch_get_item(RequestItems=request)
                for item in answer["Responses"].get(name, []):
                    b = from_dict(plain(item))
                    found[b.id] = b
                request = answer.get("UnprocessedKeys") or None
        return [found[i] for i in ids if i in found]

    @aws.unavailable_on_failure
    def holding(self, office: str, year: str | None, cursor: str | None, limit: int):
        """The files an office holds, the earliest deadline first."""
        pk = f"HOLDER#{office}"
        query = {"IndexName": "gsi1", "KeyConditionExpression": Key("gsi1pk").eq(pk)}
        if year:
            query["FilterExpression"] = Attr("financial_year").eq(year)
        items, start = filled_page(self.table, limit, self._start(cursor, ("pk", "sk", "gsi1pk", "gsi1sk"),
                                                                  {"gsi1pk": pk}), **query)
        return [from_dict(plain(i)) for i in items], encode_cursor(start) if start else None

    @aws.unavailable_on_failure
    def of_society(self, society_id: str, year: str | None, cursor: str | None, limit: int):
        pk = f"BUDGETS#{society_id}"
        key = Key("gsi2pk").eq(pk) & Key("gsi2sk").begins_with(f"{year}#") if year else Key("gsi2pk").eq(pk)
        items, start = filled_page(self.table, limit, self._start(cursor, ("pk", "sk", "gsi2pk", "gsi2sk"),
                                                                  {"gsi2pk": pk}, year),
                                   IndexName="gsi2", KeyConditionExpression=key, ScanIndexForward=False)
        return [from_dict(plain(i)) for i in items], encode_cursor(start) if start else None

    @aws.unavailable_on_failure
    def on_path(self, area: str, year: str | None, cursor: str | None, limit: int, keep=None):
        """The files on an office's path, newest first; `keep(file)` chooses among them (the page is filled)."""
        pk = f"BUDGETS_IN#{area}"
        key = Key("pk").eq(pk) & Key("sk").begins_with(f"{year}#") if year else Key("pk").eq(pk)
        start = self._start(cursor, ("pk", "sk"), {"pk": pk}, year)
        kept: list[Budget] = []
        while True:
            query = {"KeyConditionExpression": key, "ScanIndexForward": False, "Limit": limit}
            page = self.table.query(**query, **({"ExclusiveStartKey": start} if start else {}))
            markers = page["Items"]
            files = {b.id: b for b in self._files([m["budget_id"] for m in markers])}
            for n, marker in enumerate(markers):
                b = files.get(marker["budget_id"])
                if b and (keep is None or keep(b)):
                    kept.append(b)
                    if len(kept) == limit:
                        more = n < len(markers) - 1 or page.get("LastEvaluatedKey")
                        return kept, encode_cursor({"pk": pk, "sk": marker["sk"]}) if more else None
            start = page.get("LastEvaluatedKey")
            if not start:
                return kept, None

    @aws.unavailable_on_failure
    def all_on_path(self, area: str, year: str | None) -> list[Budget]:
        """Every file on an office's path for a year (the report: a few central societies per upazila)."""
        files, cursor = [], None
        while True:
            page, cursor = self.on_path(area, year, cursor, 100)
            files += page
            if not cursor:
                return files


def record_audit(entity: str, entity_id: str, action: str, actor: str, before, after) -> None:
    """One audit entry written on its own (a change kept outside DynamoDB, such as a Cognito account)."""
    transact(aws.table(settings().audit_table).meta.client, {"audit": audit_put(entity, entity_id, action, actor,
                                                                                before, after)})
