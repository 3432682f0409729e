"""Asrayon projects, loans and their ledgers in DynamoDB (LoansTable: pk, sk).

    pk PROJECT#<id>  sk PROJECT        a project
    pk LOAN#<id>     sk LOAN           a loan, with a copy of its ledger (`ledger`), so one read gives its state
    pk LISTKEY#<project id> sk <barrack>#<room>#<loan date>   an imported loan's place on its project's list
    pk LOAN#<id>     sk ENTRY#<id>     a ledger entry, put only if absent: one entry per payment, however
                                       often its credit arrives; never changed or deleted
    pk LOAN#<id>     sk BUCKET#<day>#<bucket>   a change of the loan's arrears bucket (the loan item keeps the last)
    pk SANCTION#<id> sk SANCTION       the loan committee's blacklist or legal referral (lifted beside it)
    pk COLLECTION#<id> sk COLLECTION   a representative's collection: one payment split over several loans
    pk PROJECT#<id>  sk FUND#<kind>#<reference>   a deposit, remittance or allocation (never changed or deleted)
Index `by_area` (area_pk, area_sk), like the societies' (a district per partition, the upazila code first in
the sort key, so an upazila is one begins_with and a division or the country walks its districts):
    projects  "PROJECTS#<district>", "<upazila>#<project id>"
    loans     "LOANS#<district>",    "<upazila>#<project id>#<loan id>": a project's loans are one begins_with
    sanctions "SANCTIONS#<district>", "<upazila>#<id>"
    fund      "FUNDS#<district>",    "<upazila>#<project id>#<kind>#<reference>"
Sparse indexes `by_phone` (phone_pk "BORROWER#<upazila>#<phone>") and `by_nid` (nid_pk "NID#<upazila>#<nid>", a loan
with an NID only), keys only: a borrower's loans of an upazila, whatever its size (services/loan_standing).
Every write goes with its audit entry in one transaction (store/transactions.py).
"""
import re

from boto3.dynamodb.conditions import Key

from ..config import settings
from ..domain import geography
from ..domain.errors import DomainError, Invalid
from ..domain.loan_import import list_key
from ..domain.loan_search import list_order, page
from ..domain.loan_collections import Collection, collection_as_dict, collection_from_dict
from ..domain.loan_fund import FundRecord, fund_record_as_dict, fund_record_from_dict
from ..domain.loan_buckets import BucketChange, bucket_change_as_dict, bucket_change_from_dict
from ..domain.loan_standing import Sanction, sanction_as_dict, sanction_from_dict
from ..domain.loans import (CURRENT, LedgerEntry, Loan, Project, entry_as_dict, entry_from_dict, loan_as_dict,
                            loan_from_dict, project_as_dict, project_from_dict)
from . import aws
from .audit import audit_put
from .items import batch_get, record
from .pages import INVALID_CURSOR, all_items, decode_key, encode_cursor
from .transactions import Change, WriteRefused, transact

INDEX_KEYS = ("pk", "sk", "area_pk", "area_sk", "due_pk", "next_reminder_on", "phone_pk", "nid_pk")
LOAN_DUE_SHARDS = 8  # partitions of the sparse `loan_due` index the daily scan reads
RECORD_ID = re.compile(r"^[0-9a-f]{17}$")  # what store/societies.new_id makes: any other id names no record
MAX_LOANS_READ = 20_000  # one list's bound: more (a division, the country) asks for a smaller area
LIST_CHUNK = 33  # loans per transaction when a list is imported (3 steps each) or approved (2): DynamoDB takes 100


def _project_item(project: Project) -> dict:
    item = {k: v for k, v in project_as_dict(project).items() if v is not None and v != ""}
    item.update(pk=f"PROJECT#{project.id}", sk="PROJECT", area_pk=f"PROJECTS#{project.upazila_code[:4]}",
                area_sk=f"{project.upazila_code}#{project.id}")
    return item


def _loan_item(loan: Loan) -> dict:
    item = loan_as_dict(loan)
    item["borrower"] = {k: v for k, v in item["borrower"].items() if v != ""}
    item = {k: v for k, v in item.items() if v is not None}
    item.update(pk=f"LOAN#{loan.id}", sk="LOAN", area_pk=f"LOANS#{loan.upazila_code[:4]}",
                area_sk=f"{loan.upazila_code}#{loan.project_id}#{loan.id}")
    if loan.state == "approved":  # a draft gets no reminders until its list is approved
        item.update(_due_index(loan))
    return {**item, **_borrower_keys(loan.upazila_code, loan.borrower.phone, loan.borrower.nid)}


def _borrower_keys(upazila_code: str, phone: str, nid: str) -> dict:
    return {"phone_pk": f"BORROWER#{upazila_code}#{phone}", **({"nid_pk": f"NID#{upazila_code}#{nid}"} if nid else {})}


def _due_index(loan: Loan) -> dict:
    """The daily scan reads a new loan once, then keeps its next reminder day (services/loan_reminders)."""
    return {"due_pk": loan_due_pk(loan.id), "next_reminder_on": loan.loan_date.isoformat()}


def list_key_item(loan: Loan) -> dict:
    """Marks an imported loan's place on its project's list (domain/loan_import.list_key): one loan per borrower's
    room and loan date, however often (or however many at once) the same file is imported."""
    barrack, room, day = list_key(loan)
    return {"pk": f"LISTKEY#{loan.project_id}", "sk": f"{barrack}#{room}#{day}", "loan_id": loan.id}


def loan_due_pk(loan_id: str) -> str:
    return f"LOANDUE#{int(loan_id[-2:], 16) % LOAN_DUE_SHARDS}"


def _entry_step(table: str, loan_id: str, entry: LedgerEntry) -> dict:
    return {"Put": {"TableName": table, "ConditionExpression": "attribute_not_exists(pk)",
                    "Item": {"pk": f"LOAN#{loan_id}", "sk": f"ENTRY#{entry.id}", "loan_id": loan_id,
                             **{k: v for k, v in entry_as_dict(entry).items() if v != ""}}}}


def _ledger_step(table: str, loan_id: str, entry: LedgerEntry) -> dict:
    return {"Update": {"TableName": table, "Key": {"pk": f"LOAN#{loan_id}", "sk": "LOAN"},
                       "ConditionExpression": "attribute_exists(pk)",
                       "UpdateExpression": "SET ledger = list_append(if_not_exists(ledger, :none), :entry), "
                                           "version = version + :one",
                       "ExpressionAttributeValues": {":none": [], ":one": 1, ":entry": [
                           {k: v for k, v in entry_as_dict(entry).items() if v != ""}]}}}


AREA_TOO_LARGE = Invalid("area_too_large", "This area has too many loans for one list; choose a district or an "
                         "upazila.", "এই এলাকায় একটি তালিকার জন্য অনেক বেশি ঋণ; একটি জেলা বা উপজেলা বেছে নিন।")


class Loans:
    def __init__(self):
        self.table = aws.table(settings().loans_table)
        self.client = self.table.meta.client

    # projects
    def add_project(self, project: Project, actor: str) -> None:
        transact(self.client, {
            "project": {"Put": {"TableName": self.table.name, "Item": _project_item(project),
                                "ConditionExpression": "attribute_not_exists(pk)"}},
            "audit": audit_put("asrayon_project", project.id, "create", actor, None, project_as_dict(project))})

    def get_project(self, project_id: str) -> Project | None:
        if not RECORD_ID.match(project_id or ""):
            return None
        item = self.table.get_item(Key={"pk": f"PROJECT#{project_id}", "sk": "PROJECT"}).get("Item")
        return project_from_dict(record(item, INDEX_KEYS)) if item else None

    def set_late_policy(self, before: Project, after: Project, actor: str, changed: DomainError) -> None:
        """The project's late policy as `after` has it; `changed` when the project changed since `before` was read."""
        transact(self.client, {
            "project": {"Update": {
                "TableName": self.table.name, "Key": {"pk": f"PROJECT#{before.id}", "sk": "PROJECT"},
                "ConditionExpression": "version = :v",
                "UpdateExpression": "SET late_policy = :p, late_charge_paisa = :c, late_policy_since = :s, "
                                    "version = :next",
                "ExpressionAttributeValues": {":v": before.version, ":p": after.late_policy,
                                              ":c": after.late_charge_paisa, ":next": after.version,
                                              ":s": after.late_policy_since.isoformat()}}},
            "audit": audit_put("asrayon_project", before.id, "late_policy", actor, project_as_dict(before),
                               project_as_dict(after))}, failures={"project": changed})

    def projects_in_area(self, area_code: str) -> list[Project]:
        """Every project of an upazila, district, division or the country, by upazila."""
        return [project_from_dict(record(i, INDEX_KEYS)) for i in self._area("PROJECTS", area_code)]

    # a project's fund and bank account (services/loan_fund): appended, one record per kind and reference
    def add_fund_record(self, fund: FundRecord, actor: str) -> bool:
        """False (nothing written) when the project has a record of this kind and reference already."""
        values = fund_record_as_dict(fund)
        item = {**{k: v for k, v in values.items() if v != ""}, "pk": f"PROJECT#{fund.project_id}",
                "sk": f"FUND#{fund.kind}#{fund.reference}", "area_pk": f"FUNDS#{fund.upazila_code[:4]}",
                "area_sk": f"{fund.upazila_code}#{fund.project_id}#{fund.kind}#{fund.reference}"}
        try:
            transact(self.client, {
                "fund": {"Put": {"TableName": self.table.name, "Item": item,
                                 "ConditionExpression": "attribute_not_exists(pk)"}},
                "audit": audit_put("asrayon_project", fund.project_id, f"fund_{fund.kind}", actor, None, values)})
        except WriteRefused as refused:
            if refused.failed("fund"):
                return False
            raise
        return True

    def get_fund_record(self, project_id: str, kind: str, reference: str) -> FundRecord | None:
        item = self.table.get_item(Key={"pk": f"PROJECT#{project_id}", "sk": f"FUND#{kind}#{reference}"},
                                   ConsistentRead=True).get("Item")
        return fund_record_from_dict(item) if item else None

    def project_fund_records(self, project_id: str) -> list[FundRecord]:
        key = Key("pk").eq(f"PROJECT#{project_id}") & Key("sk").begins_with("FUND#")
        return [fund_record_from_dict(i) for i in all_items(self.table, KeyConditionExpression=key)]

    def fund_records_in_area(self, area_code: str):
        """Every fund record of the area's projects, district by district, a page at a time."""
        for district in geography.districts_under(area_code):
            key = Key("area_pk").eq(f"FUNDS#{district}")
            if len(area_code) > 4:
                key = key & Key("area_sk").begins_with(area_code + "#")
            for item in all_items(self.table, IndexName="by_area", KeyConditionExpression=key):
                yield fund_record_from_dict(item)

    # loans
    def add_loan(self, loan: Loan, actor: str) -> None:
        transact(self.client, {
            "loan": {"Put": {"TableName": self.table.name, "Item": _loan_item(loan),
                             "ConditionExpression": "attribute_not_exists(pk)"}},
            "audit": audit_put("loan", loan.id, "create", actor, None, loan_as_dict(loan))})

    def get_loan(self, loan_id: str, consistent: bool = False) -> Loan | None:
        if not RECORD_ID.match(loan_id or ""):
            return None
        item = self.table.get_item(Key={"pk": f"LOAN#{loan_id}", "sk": "LOAN"}, ConsistentRead=consistent).get("Item")
        return loan_from_dict(record(item, INDEX_KEYS)) if item else None

    def project_loans(self, project: Project) -> list[Loan]:
        key = Key("area_pk").eq(f"LOANS#{project.upazila_code[:4]}") & Key("area_sk").begins_with(
            f"{project.upazila_code}#{project.id}#")
        return [loan_from_dict(record(i, INDEX_KEYS)) for i in all_items(self.table, IndexName="by_area",
                                                                          KeyConditionExpression=key)]

    def project_loans_page(self, project: Project, query: str | None, cursor: str | None,
                           limit: int) -> tuple[list[Loan], int, str | None]:
        """A page of the project's loans in list order (domain/loan_search), those matching `query`, from the page
        link `cursor` on; how many match; the next page's link (None on the last). A project's list is read whole
        (a few hundred loans at most) and paged here, as its order (barrack, room) is not the index's."""
        after = None
        if cursor:
            key = decode_key(cursor)
            if set(key) != {"barrack_no", "room_no", "id"}:
                raise INVALID_CURSOR
            after = (key["barrack_no"], key["room_no"], key["id"])
        found, total, more = page(self.project_loans(project), query, after, limit)
        last = found[-1] if found and more else None
        return found, total, encode_cursor(dict(zip(("barrack_no", "room_no", "id"), list_order(last)))) \
            if last else None

    # a project's list: imported as drafts, approved at once
    def add_drafts(self, drafts: list[Loan], actor: str) -> int:
        """Write the draft loans, a transaction per LIST_CHUNK; a loan whose place on the list is already taken
        (the same row imported meanwhile) is left out. How many were written."""
        written = 0
        for start in range(0, len(drafts), LIST_CHUNK):
            chunk = drafts[start:start + LIST_CHUNK]
            try:
                transact(self.client, self._draft_steps(chunk, actor))
                written += len(chunk)
            except WriteRefused as refused:
                if not any(name.startswith("key") for name in refused.failed_steps):
                    raise
                for loan in chunk:  # one at a time: those already there are refused alone
                    try:
                        transact(self.client, self._draft_steps([loan], actor))
                        written += 1
                    except WriteRefused as one:
                        if not one.failed("key0"):
                            raise
        return written

    def _draft_steps(self, drafts: list[Loan], actor: str) -> dict:
        steps = {}
        for n, loan in enumerate(drafts):
            steps[f"loan{n}"] = {"Put": {"TableName": self.table.name, "Item": _loan_item(loan),
                                         "ConditionExpression": "attribute_not_exists(pk)"}}
            steps[f"key{n}"] = {"Put": {"TableName": self.table.name, "Item": list_key_item(loan),
                                        "ConditionExpression": "attribute_not_exists(pk)"}}
            steps[f"audit{n}"] = audit_put("loan", loan.id, "import", actor, None, loan_as_dict(loan))
        return steps

    def approve(self, drafts: list[Loan], approved: list[Loan], actor: str) -> None:
        """Each draft approved (into the daily scan's due index), with its audit entry; a transaction per
        LIST_CHUNK, each refused (WriteRefused) if one of its loans is no longer the draft it was."""
        for start in range(0, len(drafts), LIST_CHUNK):
            steps = {}
            for n, (before, after) in enumerate(zip(drafts[start:start + LIST_CHUNK],
                                                    approved[start:start + LIST_CHUNK])):
                values = {":a": after.approved_at, ":b": after.approved_by, ":s": after.state, ":draft": "draft",
                          ":v": before.version, ":one": 1,
                          **{f":{k}": v for k, v in _due_index(after).items()}}
                steps[f"loan{n}"] = {"Update": {
                    "TableName": self.table.name, "Key": {"pk": f"LOAN#{before.id}", "sk": "LOAN"},
                    "UpdateExpression": "SET #st = :s, approved_at = :a, approved_by = :b, due_pk = :due_pk, "
                                        "next_reminder_on = :next_reminder_on, version = version + :one",
                    "ConditionExpression": "#st = :draft AND version = :v",
                    "ExpressionAttributeNames": {"#st": "state"}, "ExpressionAttributeValues": values}}
                steps[f"audit{n}"] = audit_put("loan", before.id, "approve", actor, loan_as_dict(before),
                                               loan_as_dict(after))
            transact(self.client, steps)

    def discard(self, drafts: list[Loan], actor: str) -> None:
        """The draft loans and their places on the list deleted, each with an audit entry; a transaction per
        LIST_CHUNK, refused (WriteRefused) if one of its loans is no longer the draft it was."""
        for start in range(0, len(drafts), LIST_CHUNK):
            steps = {}
            for n, loan in enumerate(drafts[start:start + LIST_CHUNK]):
                steps[f"loan{n}"] = {"Delete": {
                    "TableName": self.table.name, "Key": {"pk": f"LOAN#{loan.id}", "sk": "LOAN"},
                    "ConditionExpression": "#st = :draft AND version = :v",
                    "ExpressionAttributeNames": {"#st": "state"},
                    "ExpressionAttributeValues": {":draft": "draft", ":v": loan.version}}}
                key = list_key_item(loan)
                steps[f"key{n}"] = {"Delete": {"TableName": self.table.name, "Key": {"pk": key["pk"], "sk": key["sk"]},
                                               "ConditionExpression": "loan_id = :id",
                                               "ExpressionAttributeValues": {":id": loan.id}}}
                steps[f"audit{n}"] = audit_put("loan", loan.id, "discard", actor, loan_as_dict(loan), None)
            transact(self.client, steps)

    def borrower_corrected(self, before: Loan, after: Loan, actor: str, correction_id: str) -> Change:
        """The loan's borrower as `after` has it (to be written with the correction request it applies); the
        step "loan" fails when the loan changed meanwhile (a credit moves its version too)."""
        borrower = {k: v for k, v in loan_as_dict(after)["borrower"].items() if v != ""}
        keys = _borrower_keys(after.upazila_code, after.borrower.phone, after.borrower.nid)
        update = "SET borrower = :b, version = version + :one, phone_pk = :p" + (
            ", nid_pk = :n" if "nid_pk" in keys else " REMOVE nid_pk")  # the borrower is found by what they are now
        values = {":b": borrower, ":v": before.version, ":one": 1, ":p": keys["phone_pk"],
                  **({":n": keys["nid_pk"]} if "nid_pk" in keys else {})}
        return Change({
            "loan": {"Update": {"TableName": self.table.name, "Key": {"pk": f"LOAN#{before.id}", "sk": "LOAN"},
                                "UpdateExpression": update, "ConditionExpression": "version = :v",
                                "ExpressionAttributeValues": values}},
            "loan_audit": audit_put("loan", before.id, "correction", actor, loan_as_dict(before), loan_as_dict(after),
                                    correction_id=correction_id)})

    def _area(self, kind: str, area_code: str, limit: int = MAX_LOANS_READ) -> list[dict]:
        items: list[dict] = []
        for district in geography.districts_under(area_code):
            key = Key("area_pk").eq(f"{kind}#{district}")
            if len(area_code) > 4:
                key = key & Key("area_sk").begins_with(area_code + "#")
            request, start = {"IndexName": "by_area", "KeyConditionExpression": key}, None
            while True:
                page = self.table.query(**request, **({"ExclusiveStartKey": start} if start else {}))
                items += page["Items"]
                if len(items) > limit:
                    raise AREA_TOO_LARGE
                start = page.get("LastEvaluatedKey")
                if not start:
                    break
        return items

    def borrower_loans(self, upazila_code: str, phone: str, nid: str) -> list[Loan]:
        """The upazila's approved loans of the borrower with this phone or this NID (when given): a query of each
        index (keys only) and one batch read of the loans found, whatever the upazila's size."""
        keys = _borrower_keys(upazila_code, phone, nid)
        ids = set()
        for index, name in (("by_phone", "phone_pk"), ("by_nid", "nid_pk")):
            if name in keys:
                ids.update(i["pk"] for i in all_items(self.table, IndexName=index,
                                                      KeyConditionExpression=Key(name).eq(keys[name])))
        found = batch_get(self.table.name, [{"pk": pk, "sk": "LOAN"} for pk in sorted(ids)])
        return self._approved(found)

    def area_loan_page(self, area_code: str, cursor: str | None = None,
                       limit: int = MAX_LOANS_READ) -> tuple[list[Loan], str | None]:
        """At most `limit` loans of the area read (drafts read but left out), district by district from `cursor`;
        and the cursor of the rest (None: no more). An area of any size is read this way a page at a time."""
        districts = geography.districts_under(area_code)
        first, start = 0, None
        if cursor:
            key = decode_key(cursor)
            district = key.pop("district", None)
            if district not in districts or (key and (set(key) != {"pk", "sk", "area_pk", "area_sk"}
                                                      or key["area_pk"] != f"LOANS#{district}"
                                                      or not key["area_sk"].startswith(area_code))):
                raise INVALID_CURSOR
            first, start = districts.index(district), key or None
        items: list[dict] = []
        for n, district in enumerate(districts[first:], first):
            condition = Key("area_pk").eq(f"LOANS#{district}")
            if len(area_code) > 4:
                condition = condition & Key("area_sk").begins_with(area_code + "#")
            while True:  # one loan more than the page holds: a cursor only when there is more
                page = self.table.query(IndexName="by_area", KeyConditionExpression=condition,
                                        Limit=limit - len(items) + 1, **({"ExclusiveStartKey": start} if start else {}))
                items += page["Items"]
                start = page.get("LastEvaluatedKey")
                if len(items) > limit:
                    items = items[:limit]
                    rest = {name: items[-1][name] for name in ("pk", "sk", "area_pk", "area_sk")}
                    last = rest["area_pk"].removeprefix("LOANS#")  # the page may have ended in an earlier district
                    return self._approved(items), encode_cursor({"district": last, **rest})
                if not start:
                    break
        return self._approved(items), None

    def area_loans_paged(self, area_code: str, page: int = MAX_LOANS_READ):
        """Every approved loan of the area, read `page` loans at a time (only one page held at once)."""
        cursor = None
        while True:
            found, cursor = self.area_loan_page(area_code, cursor, page)
            yield from found
            if cursor is None:
                return

    @staticmethod
    def _approved(items: list[dict]) -> list[Loan]:
        return [loan_from_dict(record(i, INDEX_KEYS)) for i in items if i.get("state", "approved") == "approved"]

    # the ledger
    def credited(self, loan_id: str, entry: LedgerEntry) -> Change:
        """The entry and the loan's copy of its ledger, to be written inside another store's transaction (the
        payment that brought the money): step "loan_entry" fails when this entry is already there, and
        "loan_ledger" when there is no such loan."""
        name = self.table.name
        return Change({"loan_entry": _entry_step(name, loan_id, entry),
                       "loan_ledger": _ledger_step(name, loan_id, entry)})

    def credit(self, loan_id: str, entry: LedgerEntry, actor: str) -> bool:
        """Append the entry; False (nothing written) when an entry of this id is already there. A credit
        that only collided with another credit of the same loan is tried again (transact)."""
        steps = {**self.credited(loan_id, entry).steps,
                 "audit": audit_put("loan", loan_id, f"ledger_{entry.kind}", actor, None, entry_as_dict(entry))}
        try:
            transact(self.client, steps)
        except WriteRefused as refused:
            if refused.failed("loan_entry"):
                return False
            raise
        return True

    def add_refund(self, before: Loan, entry: LedgerEntry, actor: str, changed: DomainError,
                   recorded: DomainError) -> None:
        """Append a refund the office made to the loan read as `before`: `changed` when the loan changed since (its
        checks held for what is written), `recorded` when an entry of this id is already there."""
        ledger = _ledger_step(self.table.name, before.id, entry)
        ledger["Update"]["ConditionExpression"] = "version = :v"
        ledger["Update"]["ExpressionAttributeValues"][":v"] = before.version
        transact(self.client, {"loan_entry": _entry_step(self.table.name, before.id, entry), "loan_ledger": ledger,
                               "audit": audit_put("loan", before.id, "refunded", actor, None, entry_as_dict(entry))},
                 failures={"loan_entry": recorded, "loan_ledger": changed})

    def entries(self, loan_id: str) -> list[LedgerEntry]:
        """The ledger's own entries (the loan item holds a copy), as written."""
        key = Key("pk").eq(f"LOAN#{loan_id}") & Key("sk").begins_with("ENTRY#")
        return [entry_from_dict(record(i, INDEX_KEYS)) for i in all_items(self.table, KeyConditionExpression=key,
                                                                            ConsistentRead=True)]

    # the daily scan's reminders (services/loan_reminders): the sparse index `loan_due`
    def due_loan_ids(self, today):
        """Ids of loans with a reminder day on or before `today`, shard by shard (the index holds keys only)."""
        for shard in range(LOAN_DUE_SHARDS):
            key = Key("due_pk").eq(f"LOANDUE#{shard}") & Key("next_reminder_on").lte(today.isoformat())
            for item in all_items(self.table, IndexName="loan_due", KeyConditionExpression=key):
                yield item["pk"].removeprefix("LOAN#")

    def save_next_reminder(self, loan_id: str, day) -> bool:
        """The loan's next reminder day (None: out of the index, nothing more to remind); False if no such loan."""
        if day is None:
            update, values = "REMOVE next_reminder_on, due_pk", {}
        else:
            update = "SET next_reminder_on = :d, due_pk = :p"
            values = {"ExpressionAttributeValues": {":d": day.isoformat(), ":p": loan_due_pk(loan_id)}}
        return aws.written(self.table.update_item, Key={"pk": f"LOAN#{loan_id}", "sk": "LOAN"}, UpdateExpression=update,
                           ConditionExpression="attribute_exists(pk)", **values)

    # the loan committee's decisions about borrowers (services/loan_standing):
    #     pk SANCTION#<id>  sk SANCTION   by_area: "SANCTIONS#<district>", "<upazila>#<id>"
    def add_sanction(self, sanction: Sanction, actor: str) -> None:
        item = {k: v for k, v in sanction_as_dict(sanction).items() if v is not None and v != ""}
        item.update(pk=f"SANCTION#{sanction.id}", sk="SANCTION", area_pk=f"SANCTIONS#{sanction.upazila_code[:4]}",
                    area_sk=f"{sanction.upazila_code}#{sanction.id}")
        transact(self.client, {
            "sanction": {"Put": {"TableName": self.table.name, "Item": item,
                                 "ConditionExpression": "attribute_not_exists(pk)"}},
            "audit": audit_put("loan_sanction", sanction.id, "create", actor, None, sanction_as_dict(sanction))})

    def get_sanction(self, sanction_id: str) -> Sanction | None:
        if not RECORD_ID.match(sanction_id or ""):
            return None
        item = self.table.get_item(Key={"pk": f"SANCTION#{sanction_id}", "sk": "SANCTION"},
                                   ConsistentRead=True).get("Item")
        return sanction_from_dict(record(item, INDEX_KEYS)) if item else None

    def sanctions_in_area(self, area_code: str) -> list[Sanction]:
        return [sanction_from_dict(record(i, INDEX_KEYS)) for i in self._area("SANCTIONS", area_code)]

    def lift_sanction(self, before: Sanction, after: Sanction, actor: str, changed: DomainError) -> None:
        """Write the lift beside the decision; `changed` when it was lifted or changed since `before` was read."""
        transact(self.client, {
            "sanction": {"Update": {
                "TableName": self.table.name, "Key": {"pk": f"SANCTION#{before.id}", "sk": "SANCTION"},
                "ConditionExpression": "version = :v AND attribute_not_exists(lifted_on)",
                "UpdateExpression": "SET lifted_on = :on, lifted_by = :by, lift_reason = :why, "
                                    "lift_decision_ref = :ref, version = :next",
                "ExpressionAttributeValues": {":v": before.version, ":on": after.lifted_on.isoformat(),
                                              ":by": after.lifted_by, ":why": after.lift_reason,
                                              ":ref": after.lift_decision_ref, ":next": after.version}}},
            "audit": audit_put("loan_sanction", before.id, "lift", actor, sanction_as_dict(before),
                               sanction_as_dict(after))}, failures={"sanction": changed})

    # the arrears bucket's history (services/loan_buckets): the loan item's `bucket`, and beside it
    #     pk LOAN#<id>  sk BUCKET#<observed on>#<to bucket>   a change, never changed or deleted
    def record_bucket(self, change: BucketChange) -> bool:
        """The loan's new bucket and its change, unless the loan's bucket is no longer `change.from_bucket` (another
        scan or payment recorded it first): then nothing is written and False."""
        moved = "#b = :from" if change.from_bucket != CURRENT else "(attribute_not_exists(#b) OR #b = :from)"
        try:
            transact(self.client, {
                "loan": {"Update": {"TableName": self.table.name,
                                    "Key": {"pk": f"LOAN#{change.loan_id}", "sk": "LOAN"},
                                    "UpdateExpression": "SET #b = :to", "ExpressionAttributeNames": {"#b": "bucket"},
                                    "ConditionExpression": f"attribute_exists(pk) AND {moved}",
                                    "ExpressionAttributeValues": {":from": change.from_bucket,
                                                                  ":to": change.to_bucket}}},
                "change": {"Put": {"TableName": self.table.name, "ConditionExpression": "attribute_not_exists(pk)",
                                   "Item": {"pk": f"LOAN#{change.loan_id}",
                                            "sk": f"BUCKET#{change.observed_on.isoformat()}#{change.to_bucket}",
                                            **bucket_change_as_dict(change)}}}})
        except WriteRefused as refused:
            if refused.failed("loan") or refused.failed("change"):
                return False
            raise
        return True

    def bucket_history(self, loan_id: str) -> list[BucketChange]:
        key = Key("pk").eq(f"LOAN#{loan_id}") & Key("sk").begins_with("BUCKET#")
        return [bucket_change_from_dict(i) for i in all_items(self.table, KeyConditionExpression=key)]

    # approved pauses and reschedules (services/loan_changes): appended to the loan's `changes`, never rewritten
    def add_change(self, before: Loan, change: dict, actor: str, changed: DomainError) -> None:
        """Append the change to the loan read as `before`; `changed` when the loan changed since (a credit, another
        change), so the caller's checks (no overlapping pause) held for what is written."""
        transact(self.client, {
            "loan": {"Update": {
                "TableName": self.table.name, "Key": {"pk": f"LOAN#{before.id}", "sk": "LOAN"},
                "ConditionExpression": "version = :v",
                "UpdateExpression": "SET changes = list_append(if_not_exists(changes, :none), :change), "
                                    "version = version + :one",
                "ExpressionAttributeValues": {":v": before.version, ":none": [], ":one": 1, ":change": [change]}}},
            "audit": audit_put("loan", before.id, change["kind"], actor, None, change)}, failures={"loan": changed})

    # a representative's collection (services/loan_collections): pk COLLECTION#<id>, sk COLLECTION
    def add_collection(self, collection: Collection, actor: str) -> None:
        transact(self.client, {
            "collection": {"Put": {"TableName": self.table.name, "ConditionExpression": "attribute_not_exists(pk)",
                                   "Item": {"pk": f"COLLECTION#{collection.id}", "sk": "COLLECTION",
                                            **collection_as_dict(collection)}}},
            "audit": audit_put("loan_collection", collection.id, "create", actor, None,
                               collection_as_dict(collection))})

    def get_collection(self, collection_id: str) -> Collection | None:
        item = self.table.get_item(Key={"pk": f"COLLECTION#{collection_id}", "sk": "COLLECTION"},
                                   ConsistentRead=True).get("Item") if RECORD_ID.match(collection_id or "") else None
        return collection_from_dict(item) if item else None

    def credited_many(self, entries: list[tuple[str, LedgerEntry]]) -> Change:
        """Each loan's entry and ledger copy (as `credited`), steps numbered per loan: "loan_entry<n>" fails
        when that entry is already there, "loan_ledger<n>" when there is no such loan."""
        steps = {}
        for n, (loan_id, entry) in enumerate(entries):
            steps[f"loan_entry{n}"] = _entry_step(self.table.name, loan_id, entry)
            steps[f"loan_ledger{n}"] = _ledger_step(self.table.name, loan_id, entry)
        return Change(steps)
