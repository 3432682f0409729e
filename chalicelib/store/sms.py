"""SMS through Amazon SNS, and the log every SMS goes through exactly once.

SmsTable holds one entry per SMS, moving queued -> sending -> sent -> delivered | failed |
unknown (or suppressed). A reminder or receipt is claimed with a conditional put before SNS
is called (pk SOCIETY#<id> / ORDER#<inv> / NOTICE#<area>, sk <key>#<phone>); a bulk job's
entries are written `queued` when the job starts (pk JOB#<job id>, sk <batch>#<index>) and
claimed with a conditional update. Either way two workers, or a redelivered queue message,
cannot send it twice. When nobody can know whether SNS took a message (a read timeout, a
worker that died between claiming and recording), the entry stays `unknown` and is never
resent automatically. Index gsi1 (`OFFICE#<office>#<yyyy-mm>`, `<at>#<id>`) is the delivery
log of one office and month; index by_message (the SNS message id of a sent entry) is where an
SNS delivery report finds its entry.

In MessagesTable this module keeps what moves with an entry:
    SPEND#<office> / <month> the month's spend (spent_paisa, sms, parts), ADDed on every sent SMS (the daily
                            scan's batches: once per batch, office and month, see hold_spend)
    SPEND#<office> / CAP    the office's monthly cap, when set
    SUPPRESS#<phone> / SUPPRESS  a number that gets no SMS
    MSGID#<sns id> / MSGID  where the entry of an SNS message id was, for SMS sent before index by_message
                            (SmsTable, message_id -> the entry's key) took its place
"""
import base64
import re
from collections import Counter
from datetime import datetime, timezone

from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError, ConnectTimeoutError, EndpointConnectionError, ReadTimeoutError

from ..config import settings
from ..domain.errors import NotFound
from ..domain.outbox import cost_paisa, month_of
from ..domain.sms import PermanentSmsError, SmsSize, TransientSmsError, UncertainSmsError
from . import aws
from .audit import audit_put
from .items import batch_get, record
from .pages import INVALID_CURSOR, decode_key, encode_cursor, filled_page
from .transactions import WriteRefused, transact

SPEND_FIELDS = ("spent_paisa", "sms", "parts")
PHONE_ERRORS = {"InvalidParameter", "InvalidParameterValue"}  # permanent when they name the number
PERMANENT_ERRORS = {"OptedOut", "EndpointDisabled"}
LOG_ID = re.compile(r"^[A-Za-z0-9_-]{4,1100}$")  # urlsafe base64 of at most 800 bytes
NO_ENTRY = NotFound("sms_not_found", "No such SMS in the log.", "লগে এমন কোনো এসএমএস নেই।")


def publish_sms(phone: str, text: str) -> str:
    try:
        response = aws.client("sns").publish(PhoneNumber=phone, Message=text, MessageAttributes={
            "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"},
            "AWS.SNS.SMS.SenderID": {"DataType": "String", "StringValue": settings().sms_sender_id},
        })
    except ClientError as exc:
        error = exc.response["Error"]
        code, message = error.get("Code", ""), error.get("Message", "")
        if code in PERMANENT_ERRORS or (code in PHONE_ERRORS and "phone" in message.lower()):
            raise PermanentSmsError(code) from exc
        if exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 500) >= 500:
            raise UncertainSmsError(code) from exc
        raise TransientSmsError(code) from exc
    except (EndpointConnectionError, ConnectTimeoutError) as exc:
        raise TransientSmsError(type(exc).__name__) from exc
    except ReadTimeoutError as exc:
        raise UncertainSmsError(type(exc).__name__) from exc
    return response["MessageId"]


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds")


def entry_id(pk: str, sk: str) -> str:
    """A log entry's id in URLs: its key, opaque."""
    return base64.urlsafe_b64encode(f"{pk}\n{sk}".encode()).decode().rstrip("=")


def entry_key(log_id: str) -> dict:
    """The key of a log entry id from a URL; 404 for a malformed one, or one over DynamoDB's
    key size (counted in bytes: a Bengali character is 3)."""
    if not LOG_ID.match(log_id or ""):
        raise NO_ENTRY
    try:
        pk, sk = base64.urlsafe_b64decode(log_id + "=" * (-len(log_id) % 4)).decode().split("\n")
    except (ValueError, UnicodeDecodeError):
        raise NO_ENTRY from None
    if not pk.partition("#")[2] or not sk or len(pk.encode("utf-8")) + len(sk.encode("utf-8")) > 800:
        raise NO_ENTRY
    return {"pk": pk, "sk": sk}


def job_key(job_id: str) -> dict:
    return {"pk": f"JOB#{job_id}", "sk": "JOB"}


def spend_key(office_code: str, month: str) -> dict:
    return {"pk": f"SPEND#{office_code}", "sk": month}


def suppress_key(phone: str) -> dict:
    return {"pk": f"SUPPRESS#{phone}", "sk": "SUPPRESS"}


def new_entry(pk: str, sk: str, *, phone: str, text: str, size: SmsSize, office_code: str, kind: str,
              role: str = "", society_id: str = "", template: str = "", reminder: str = "", job_id: str = "",
              status: str = "queued", at: datetime | None = None) -> dict:
    """A log entry as stored: the office it counts for, parts, cost, and the office/month index."""
    moment = at or _now()
    at_iso, log_id = _iso(moment), entry_id(pk, sk)
    item = {"pk": pk, "sk": sk, "id": log_id, "status": status, "kind": kind, "role": role,
            "phone": phone, "text": text, "template": template, "encoding": size.encoding, "units": size.units,
            "parts": size.parts, "cost_paisa": cost_paisa(size.parts, settings().sms_part_cost_paisa),
            "office_code": office_code, "society_id": society_id, "job_id": job_id, "at": at_iso,
            "gsi1pk": f"OFFICE#{office_code}#{month_of(moment)}", "gsi1sk": f"{at_iso}#{log_id}"}
    if society_id:  # the society's own list: its reminders and the bulk sends that reached it
        item |= {"gsi2pk": f"SOCIETY#{society_id}", "gsi2sk": f"{at_iso}#{log_id}"}
    if reminder:
        item["reminder"] = reminder
    if status == "sending":
        item["claimed_at"] = at_iso
    return item


class SmsLog:
    def __init__(self):
        self.table = aws.table(settings().sms_table)
        self.messages = aws.table(settings().messages_table)
        self.client = self.table.meta.client
        self.suppressions: dict[str, bool] = {}  # phone -> on the list, as read_suppressions read it
        self.held_spend: Counter | None = None  # (office, month, field) -> added up, while hold_spend is on

    # --- claiming -------------------------------------------------------------------------------
    def claim(self, society_id: str, reminder_key: str, role: str, phone: str, template: str,
              text: str, size: SmsSize, *, office_code: str = "", kind: str = "reminder",
              subject: str = "SOCIETY") -> dict | None:
        """The claimed (`sending`) entry, or None if this key already went to this number."""
        entry = new_entry(f"{subject}#{society_id}", f"{reminder_key}#{phone}", phone=phone, text=text, size=size,
                          office_code=office_code, kind=kind, role=role, template=template, reminder=reminder_key,
                          society_id=society_id if subject == "SOCIETY" else "", status="sending")
        if not aws.written(self.table.put_item, Item=entry, ConditionExpression="attribute_not_exists(pk)"):
            return None
        return entry

    def held(self, society_id: str, reminder_key: str, phone: str, subject: str = "SOCIETY") -> dict | None:
        """The entry that holds a claim `claim` was refused (read consistently), if it is still there."""
        return self.table.get_item(Key={"pk": f"{subject}#{society_id}", "sk": f"{reminder_key}#{phone}"},
                                   ConsistentRead=True).get("Item")

    def queue(self, entries: list[dict]) -> None:
        """New `queued` entries of a job (25 to a write)."""
        with self.table.batch_writer() as batch:
            for entry in entries:
                batch.put_item(Item=entry)

    def claim_queued(self, entry: dict, now: datetime) -> bool:
        """queued -> sending; False if another worker (or an earlier delivery) has it."""
        return self._move(entry, "queued", "sending", {"claimed_at": _iso(now)})

    def batch_entries(self, job_id: str, batch: int) -> list[dict]:
        page = self.table.query(KeyConditionExpression=Key("pk").eq(f"JOB#{job_id}")
                                & Key("sk").begins_with(f"{batch:05d}#"), ConsistentRead=True)
        return page["Items"]

    def claim_resend(self, entry: dict, actor: str) -> dict | None:
        """A new `sending` entry for a person's resend of an unknown or failed SMS, and the old
        one marked as resent, together; None if it was resent already or has moved on."""
        sk = f"{entry['sk']}#R"
        fresh = new_entry(entry["pk"], sk, phone=entry["phone"], text=entry["text"],
                          size=SmsSize(entry.get("encoding", ""), int(entry.get("units", 0)), int(entry["parts"])),
                          office_code=entry.get("office_code", ""), kind=entry.get("kind", ""),
                          role=entry.get("role", ""), society_id=entry.get("society_id", ""),
                          template=entry.get("template", ""), status="sending")
        fresh.update(resend_of=entry["id"], resent_by=actor)
        try:
            transact(self.client, {
                "entry": {"Update": {"TableName": self.table.name, "Key": {"pk": entry["pk"], "sk": entry["sk"]},
                                     "UpdateExpression": "SET resent_as = :id, resent_by = :who",
                                     "ConditionExpression": "#s IN (:u, :f) AND attribute_not_exists(resent_as)",
                                     "ExpressionAttributeNames": {"#s": "status"},
                                     "ExpressionAttributeValues": {":id": fresh["id"], ":who": actor, ":u": "unknown",
                                                                   ":f": "failed"}}},
                "resend": {"Put": {"TableName": self.table.name, "Item": fresh,
                                   "ConditionExpression": "attribute_not_exists(pk)"}},
                "audit": audit_put("sms", fresh["id"], "resend", actor, _audited(entry), _audited(fresh))})
        except WriteRefused as refused:
            if refused.failed_steps:  # resent already, or moved on
                return None
            raise
        return fresh

    # --- outcomes ---------------------------------------------------------------------------------
    def mark(self, entry: dict, status: str, *, message_id: str = "", error: str = "",
             from_status: str = "sending") -> bool:
        """Record an outcome (sent, failed, unknown, suppressed), a sent SMS with its SNS message id. A sent
        SMS first adds its cost to its office's month (or to the held spend): a crash before the entry moves
        leaves it `sending` (then unknown), counted as SNS will bill it."""
        now = _now()
        fields = {f"{status}_at": _iso(now)}
        if message_id:
            fields["message_id"] = message_id  # index by_message: where a delivery report finds the entry
        if error:
            fields["error"] = error[:300]
        if status == "sent":
            self._spend(entry["office_code"], month_of(now),
                        {"spent_paisa": int(entry["cost_paisa"]), "sms": 1, "parts": int(entry["parts"])})
        return self._move(entry, from_status, status, fields)

    def hold_spend(self) -> None:
        """From now on add the sent SMS's cost up here, for add_held_spend to write: one write per office
        and month for every few societies of a daily scan's batch, not one per SMS (a worker killed mid-batch
        leaves out of the month's spend only the SMS it sent since the last write: the batch writes and holds
        again every services.daily_scan.SPEND_WRITTEN_EVERY societies; each SMS is in the log)."""
        self.held_spend = Counter()

    def add_held_spend(self) -> None:
        """Write what hold_spend added up, one write per office and month, and add each SMS again as it is
        sent. (Not one transaction for them all: in moto each took 0.18 s on the big day, 20 updates' time.)"""
        held, self.held_spend = self.held_spend or Counter(), None
        for office, month in sorted({(office, month) for office, month, _ in held}):
            self._spend(office, month, {field: held[(office, month, field)] for field in SPEND_FIELDS})

    def _spend(self, office_code: str, month: str, added: dict) -> None:
        if self.held_spend is not None:
            self.held_spend.update({(office_code, month, field): n for field, n in added.items()})
            return
        self.messages.update_item(Key=spend_key(office_code, month),
                                  UpdateExpression="ADD spent_paisa :c, sms :one, parts :p",
                                  ExpressionAttributeValues={":c": added["spent_paisa"], ":one": added["sms"],
                                                             ":p": added["parts"]})

    def release(self, entry: dict) -> bool:
        """Give the claim back after a transient failure, so the next scan retries it; False if the
        entry has moved on meanwhile (it stays as it is)."""
        return aws.written(self.table.delete_item, Key={"pk": entry["pk"], "sk": entry["sk"]},
                           ConditionExpression=Attr("status").eq("sending"))

    def delivery_report(self, message_id: str, status: str) -> bool:
        """sent -> delivered | failed, from an SNS delivery log; False if unknown or already moved.
        A job's counters keep what SNS took (its `sent`); the log shows what the phone got."""
        found = self.table.query(IndexName="by_message", KeyConditionExpression=Key("message_id").eq(message_id),
                                 Limit=1)["Items"]
        if not found:  # sent before the index: its pointer
            pointer = self.messages.get_item(Key={"pk": f"MSGID#{message_id}", "sk": "MSGID"}).get("Item")
            found = [{"pk": pointer["log_pk"], "sk": pointer["log_sk"]}] if pointer else []
        return bool(found) and self._move(found[0], "sent", status, {f"{status}_at": _iso(_now())})

    def _move(self, entry: dict, old: str, new: str, fields: dict) -> bool:
        """The entry from one state to another, if it is still in the first (one conditional write)."""
        names = {"#s": "status", **{f"#f{i}": k for i, k in enumerate(fields)}}
        values = {":old": old, ":new": new, **{f":f{i}": v for i, v in enumerate(fields.values())}}
        sets = ", ".join(["#s = :new"] + [f"#f{i} = :f{i}" for i in range(len(fields))])
        return aws.written(self.table.update_item, Key={"pk": entry["pk"], "sk": entry["sk"]},
                           UpdateExpression=f"SET {sets}", ConditionExpression="#s = :old",
                           ExpressionAttributeNames=names, ExpressionAttributeValues=values)

    # --- reading ---------------------------------------------------------------------------------
    def get(self, log_id: str) -> dict:
        item = self.table.get_item(Key=entry_key(log_id), ConsistentRead=True).get("Item")
        if not item:
            raise NO_ENTRY
        return {**item, "id": entry_id(item["pk"], item["sk"])}

    def for_society(self, society_id: str) -> list[dict]:
        """Every SMS about the society, newest first: the by_society index, and the society's own partition
        for reminders logged before the index was there."""
        key = f"SOCIETY#{society_id}"
        indexed = self.table.query(IndexName="by_society", KeyConditionExpression=Key("gsi2pk").eq(key),
                                   ScanIndexForward=False)["Items"]
        own = self.table.query(KeyConditionExpression=Key("pk").eq(key), ScanIndexForward=False)["Items"]
        entries = {entry_id(i["pk"], i["sk"]): i for i in [*own, *indexed]}
        return [_plain(i) for i in sorted(entries.values(), key=lambda i: i["at"], reverse=True)]

    def office_month(self, office_code: str, month: str, *, status: str | None = None,
                     cursor: str | None = None, limit: int = 50) -> tuple[list[dict], str | None]:
        """One office's delivery log for one month, newest first."""
        query = {"IndexName": "gsi1", "KeyConditionExpression": Key("gsi1pk").eq(f"OFFICE#{office_code}#{month}"),
                 "ScanIndexForward": False}
        if status:
            query["FilterExpression"] = Attr("status").eq(status)
        start = None
        if cursor:
            start = decode_key(cursor)
            if set(start) != {"pk", "sk", "gsi1pk", "gsi1sk"} or start["gsi1pk"] != f"OFFICE#{office_code}#{month}":
                raise INVALID_CURSOR
        items, start = filled_page(self.table, limit, start, **query)
        return [_plain(i) for i in items], encode_cursor(start) if start else None

    # --- the suppression list, as every send checks it ---------------------------------------------
    def is_suppressed(self, phone: str) -> bool:
        if phone in self.suppressions:
            return self.suppressions[phone]
        return "Item" in self.messages.get_item(Key=suppress_key(phone), ProjectionExpression="pk")

    def read_suppressions(self, phones) -> None:
        """Read these numbers' places on the list at once (100 to a request), for is_suppressed to answer
        from: a batch's sender reads what its SMS need in one go, not one read per SMS."""
        phones = set(phones) - self.suppressions.keys()
        suppressed = self.suppressed_among(list(phones))
        self.suppressions.update({phone: phone in suppressed for phone in phones})

    def suppressed_among(self, phones: list[str]) -> set[str]:
        keys = [suppress_key(p) for p in sorted(set(phones))]
        return {item["pk"].removeprefix("SUPPRESS#")
                for item in batch_get(self.messages.name, keys, ProjectionExpression="pk")}


INDEX_KEYS = ("gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk")


def _audited(item: dict) -> dict:
    """An entry as its audit trail keeps it (plain numbers, no index keys)."""
    return record(item, INDEX_KEYS)


def _plain(item: dict) -> dict:
    return record(item, ("pk", *INDEX_KEYS))

