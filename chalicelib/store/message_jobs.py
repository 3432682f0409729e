"""Bulk SMS jobs, the suppression list and monthly spend in MessagesTable; the jobs queue (SQS).

    JOB#<id> / JOB               a job and the last summary of its counters; gsi1 ("JOBS#<office>",
                                 "<created_at>#<id>") lists an office's jobs; gsi2 ("WAITING",
                                 "<starts_at>#<id>") while it waits for the send window
    JOBKEY#<key> / JOBKEY        the job started for `key` (what is sent, to whom, on which day): a
                                 second start with the same key finds it instead of sending again
    JOB#<id> / B#<batch>         one batch's counters, written whole (SET, never ADD) by the worker
                                 from its entries' states: a batch worked on again rewrites them,
                                 so a killed worker leaves no counter off
    SUPPRESS#<phone> / SUPPRESS  a number that gets no SMS; gsi1 ("SUPPRESSED_BY#<office>", phone)
                                 lists an office's entries, gsi2 ("SUPPRESSED", phone) all of them
    SPEND#<office> / <yyyy-mm>   the month's spend (ADDed by store.sms on every sent SMS)
    SPEND#<office> / CAP         the office's cap when one was set
The job's recipients are its SMS log entries (store.sms), written `queued` when it starts.
"""
import json
import re
from datetime import datetime, timezone

from boto3.dynamodb.conditions import Key

from ..config import settings
from ..domain.errors import Conflict, NotFound
from . import aws
from .audit import audit_put
from .items import batch_get, record
from .pages import INVALID_CURSOR, all_items, decode_key, encode_cursor
from .transactions import transact
from .sms import job_key, spend_key, suppress_key

NO_JOB = NotFound("job_not_found", "No such message job.", "এমন কোনো বার্তা-কাজ নেই।")
ALREADY_SUPPRESSED = Conflict("already_suppressed", "This number is already on the list.",
                              "এই নম্বরটি আগেই তালিকায় আছে।")
NOT_SUPPRESSED = NotFound("not_suppressed", "This number is not on the list.", "এই নম্বরটি তালিকায় নেই।")
JOB_STARTED = Conflict("job_started", "This message is being sent already.", "এই বার্তাটি ইতিমধ্যে পাঠানো হচ্ছে।")
HIDDEN = ("pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk")
JOB_ID = re.compile(r"^[0-9]{14}[0-9a-f]{6}$")
COUNTERS = ("queued", "sending", "sent", "failed", "unknown", "suppressed")


def _plain(item: dict) -> dict:
    return record(item, HIDDEN)


def _page(table, query: dict, cursor: str | None, limit: int, key_names: set, partition: tuple[str, str]):
    start = None
    if cursor:
        start = decode_key(cursor)
        if set(start) != key_names or start.get(partition[0]) != partition[1]:
            raise INVALID_CURSOR
    page = table.query(**query, Limit=limit, **({"ExclusiveStartKey": start} if start else {}))
    last = page.get("LastEvaluatedKey")
    return [_plain(i) for i in page["Items"]], encode_cursor(last) if last else None


def _once_key(once: str) -> dict:
    return {"pk": f"JOBKEY#{once}", "sk": "JOBKEY"}


class Jobs:
    def __init__(self):
        self.table = aws.table(settings().messages_table)
        self.client = self.table.meta.client

    def create(self, job: dict, batch_sizes: list[int], actor: str, once: str | None = None) -> None:
        """The job (with its audit entry), then one counter item per batch, all queued. With `once`
        (a key naming what is sent), only if no job holds that key yet (JOB_STARTED otherwise)."""
        item = {**job, **job_key(job["job_id"]), "gsi1pk": f"JOBS#{job['office_code']}",
                "gsi1sk": f"{job['created_at']}#{job['job_id']}"}
        if job["state"] == "waiting":
            item.update(gsi2pk="WAITING", gsi2sk=f"{job['starts_at']}#{job['job_id']}")
        steps = {"job": {"Put": {"TableName": self.table.name, "Item": item,
                                 "ConditionExpression": "attribute_not_exists(pk)"}},
                 "audit": audit_put("message_job", job["job_id"], "create", actor, None, job)}
        if once:
            steps["once"] = {"Put": {"TableName": self.table.name, "Item": {**_once_key(once), "job_id": job["job_id"]},
                                     "ConditionExpression": "attribute_not_exists(pk)"}}
        transact(self.client, steps, failures={"once": JOB_STARTED})
        with self.table.batch_writer() as batch:
            for number, size in enumerate(batch_sizes):
                batch.put_item(Item={"pk": f"JOB#{job['job_id']}", "sk": f"B#{number:05d}",
                                     **{c: 0 for c in COUNTERS}, "queued": size})

    def composed(self, job_id: str, state: str, totals: dict, batch_sizes: list[int], starts_at: str) -> bool:
        """A `composing` job's recipients are written: its batches' counters, then the job's totals and
        state (`queued`, or `waiting` on the WAITING index until `starts_at`); False if it was no longer
        composing."""
        with self.table.batch_writer() as batch:
            for number, size in enumerate(batch_sizes):
                batch.put_item(Item={"pk": f"JOB#{job_id}", "sk": f"B#{number:05d}", **{c: 0 for c in COUNTERS},
                                     "queued": size})
        values = {":new": state, ":composing": "composing", ":at": starts_at,
                  ":t": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                  **{f":{name}": value for name, value in totals.items()}}
        update = "SET #s = :new, starts_at = :at, updated_at = :t, " + ", ".join(f"#{n} = :{n}" for n in totals)
        if state == "waiting":
            update += ", gsi2pk = :w, gsi2sk = :wsk"
            values.update({":w": "WAITING", ":wsk": f"{starts_at}#{job_id}"})
        return aws.written(self.table.update_item, Key=job_key(job_id), UpdateExpression=update,
                           ConditionExpression="#s = :composing",
                           ExpressionAttributeNames={"#s": "state", **{f"#{n}": n for n in totals}},
                           ExpressionAttributeValues=values)

    def started(self, once: str) -> dict | None:
        """The job that holds the key `once`, if one does."""
        held = self.table.get_item(Key=_once_key(once), ConsistentRead=True).get("Item")
        return self.get(held["job_id"]) if held else None

    def save_batch(self, job_id: str, batch: int, counts: dict) -> None:
        self.table.put_item(Item={"pk": f"JOB#{job_id}", "sk": f"B#{batch:05d}", **{c: counts.get(c, 0)
                                                                                   for c in COUNTERS}})

    def totals(self, job_id: str) -> dict:
        """The job's counters: the sum of its batches'."""
        items = all_items(self.table, KeyConditionExpression=Key("pk").eq(f"JOB#{job_id}") & Key("sk").begins_with("B#"),
                          ConsistentRead=True)
        return {c: sum(int(i.get(c, 0)) for i in items) for c in COUNTERS}

    def totals_read(self, job_id: str) -> tuple[dict, str]:
        """The job's counters and when they were read (microseconds: which summary is newest)."""
        read_at = datetime.now(timezone.utc).isoformat(timespec="microseconds")
        return self.totals(job_id), read_at

    def save_summary(self, job_id: str, totals: dict, read_at: str, done: bool) -> bool:
        """The counters on the job item (for lists), unless a later summary is there; `done` too
        when nothing is queued or being sent. False if the summary was not written."""
        values = {**{f":{c}": totals[c] for c in COUNTERS}, ":at": read_at}
        update = "SET " + ", ".join(f"#{c} = :{c}" for c in COUNTERS) + ", summary_at = :at"
        condition = "(attribute_not_exists(summary_at) OR summary_at < :at)"
        if done:
            update += ", #state = :done REMOVE gsi2pk, gsi2sk"
            condition += " AND #state IN (:queued_state, :sending_state)"
            values.update({":done": "done", ":queued_state": "queued", ":sending_state": "sending"})
        return aws.written(self.table.update_item, Key=job_key(job_id), UpdateExpression=update,
                           ConditionExpression=condition,
                           ExpressionAttributeNames={**{f"#{c}": c for c in COUNTERS},
                                                     **({"#state": "state"} if done else {})},
                           ExpressionAttributeValues=values)

    def get(self, job_id: str) -> dict:
        if not JOB_ID.match(job_id):
            raise NO_JOB
        item = self.table.get_item(Key=job_key(job_id), ConsistentRead=True).get("Item")
        if not item:
            raise NO_JOB
        return _plain(item)

    def for_office(self, office_code: str, cursor: str | None, limit: int) -> tuple[list[dict], str | None]:
        partition = f"JOBS#{office_code}"
        return _page(self.table, {"IndexName": "gsi1", "KeyConditionExpression": Key("gsi1pk").eq(partition),
                                  "ScanIndexForward": False},
                     cursor, limit, {"pk", "sk", "gsi1pk", "gsi1sk"}, ("gsi1pk", partition))

    def waiting_until(self, now_iso: str) -> list[dict]:
        page = self.table.query(IndexName="gsi2", KeyConditionExpression=Key("gsi2pk").eq("WAITING")
                                & Key("gsi2sk").lte(f"{now_iso}~"))
        return [_plain(i) for i in page["Items"]]

    def wait_again(self, job_id: str, old: tuple[str, ...], starts_at: str) -> bool:
        """Back to `waiting` until `starts_at` (on the WAITING index, as a job started outside the
        send window), if it is still one of `old`."""
        values = {":new": "waiting", ":at": starts_at, ":w": "WAITING", ":wsk": f"{starts_at}#{job_id}",
                  ":t": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                  **{f":o{i}": s for i, s in enumerate(old)}}
        return aws.written(
            self.table.update_item, Key=job_key(job_id),
            UpdateExpression="SET #s = :new, starts_at = :at, gsi2pk = :w, gsi2sk = :wsk, updated_at = :t",
            ConditionExpression=f"#s IN ({', '.join(f':o{i}' for i in range(len(old)))})",
            ExpressionAttributeNames={"#s": "state"}, ExpressionAttributeValues=values)

    def move(self, job_id: str, old: tuple[str, ...], new: str, reason: str = "") -> bool:
        """The job's state, if it is still one of `old`; a job leaving `waiting` leaves its index."""
        values = {":new": new, ":t": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                  **{f":o{i}": s for i, s in enumerate(old)}}
        update = "SET #s = :new, updated_at = :t"
        if reason:
            update += ", stop_reason = :r"
            values[":r"] = reason
        return aws.written(
            self.table.update_item, Key=job_key(job_id), UpdateExpression=update + " REMOVE gsi2pk, gsi2sk",
            ConditionExpression=f"#s IN ({', '.join(f':o{i}' for i in range(len(old)))})",
            ExpressionAttributeNames={"#s": "state"}, ExpressionAttributeValues=values)


class Spend:
    def __init__(self):
        self.table = aws.table(settings().messages_table)
        self.client = self.table.meta.client

    def status(self, offices: list[str], month: str) -> dict[str, dict]:
        """office -> {spent_paisa, sms, parts, cap_paisa} (the default cap where none was set)."""
        keys = [k for o in sorted(set(offices)) for k in (spend_key(o, month), spend_key(o, "CAP"))]
        found = {(it["pk"], it["sk"]): it for it in batch_get(self.table.name, keys, ConsistentRead=True)}
        default = settings().monthly_sms_cap_paisa
        result = {}
        for office in sorted(set(offices)):
            month_item = found.get((f"SPEND#{office}", month), {})
            cap_item = found.get((f"SPEND#{office}", "CAP"))
            result[office] = {"spent_paisa": int(month_item.get("spent_paisa", 0)), "sms": int(month_item.get("sms", 0)),
                              "parts": int(month_item.get("parts", 0)),
                              "cap_paisa": int(cap_item["cap_paisa"]) if cap_item else default}
        return result

    def set_cap(self, office_code: str, cap_paisa: int, actor: str, now: str) -> dict:
        key = spend_key(office_code, "CAP")
        before = self.table.get_item(Key=key, ConsistentRead=True).get("Item")
        after = {"office_code": office_code, "cap_paisa": cap_paisa, "set_by": actor, "set_at": now}
        transact(self.client, {
            "cap": {"Put": {"TableName": self.table.name, "Item": {**key, **after}}},
            "audit": audit_put("sms_cap", office_code or "HQ", "set_cap", actor, _plain(before) if before else None,
                               after)})
        return after


class Suppressions:
    def __init__(self):
        self.table = aws.table(settings().messages_table)
        self.client = self.table.meta.client

    def get(self, phone: str) -> dict | None:
        item = self.table.get_item(Key=suppress_key(phone), ConsistentRead=True).get("Item")
        return _plain(item) if item else None

    def add(self, entry: dict, actor: str) -> None:
        item = {**entry, **suppress_key(entry["phone"]), "gsi1pk": f"SUPPRESSED_BY#{entry['office_code']}",
                "gsi1sk": entry["phone"], "gsi2pk": "SUPPRESSED", "gsi2sk": entry["phone"]}
        transact(self.client, {
            "suppression": {"Put": {"TableName": self.table.name, "Item": item,
                                    "ConditionExpression": "attribute_not_exists(pk)"}},
            "audit": audit_put("suppression", entry["phone"], "add", actor, None, entry)},
            failures={"suppression": ALREADY_SUPPRESSED})

    def remove(self, before: dict, actor: str) -> None:
        transact(self.client, {
            "suppression": {"Delete": {"TableName": self.table.name, "Key": suppress_key(before["phone"]),
                                       "ConditionExpression": "attribute_exists(pk)"}},
            "audit": audit_put("suppression", before["phone"], "remove", actor, before, None)},
            failures={"suppression": NOT_SUPPRESSED})

    def listing(self, office_code: str | None, cursor: str | None, limit: int) -> tuple[list[dict], str | None]:
        """One office's entries, or every entry (office_code None)."""
        index, name, partition = ("gsi2", "gsi2pk", "SUPPRESSED") if office_code is None else \
            ("gsi1", "gsi1pk", f"SUPPRESSED_BY#{office_code}")
        sort = "gsi2sk" if index == "gsi2" else "gsi1sk"
        return _page(self.table, {"IndexName": index, "KeyConditionExpression": Key(name).eq(partition)},
                     cursor, limit, {"pk", "sk", name, sort}, (name, partition))


class JobQueue:
    """The messages queue: one message per batch of a job's recipients ({"job_id", "batch"}) or of
    the daily scan's work ({"scan", "batch", ...}, services.daily_scan)."""

    def enqueue(self, job_id: str, batch_numbers: list[int]) -> int:
        return self.send([{"job_id": job_id, "batch": n} for n in batch_numbers])

    def send(self, bodies: list[dict]) -> int:
        sqs, url = aws.client("sqs"), settings().messages_queue_url
        for i in range(0, len(bodies), 10):
            reply = sqs.send_message_batch(QueueUrl=url, Entries=[
                {"Id": str(n), "MessageBody": json.dumps(body, ensure_ascii=False)}
                for n, body in enumerate(bodies[i:i + 10])])
            if reply.get("Failed"):
                raise RuntimeError(f"queue refused {len(reply['Failed'])} messages")
        return len(bodies)
