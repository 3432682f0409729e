"""In-app messages between officers (MessagesTable, the officers' prefixes).

    pk "INBOX#<recipient>", sk "<id>"    one received message; while unread it also carries
                                          gsi1 ("UNREAD#<recipient>", "<id>"), so unread ones are counted
    pk "OUTBOX#<sender>", sk "<id>"      the message as sent: to, recipients, text, sms, job_id
Ids start with the time sent (UTC, to the millisecond), so each box lists newest first.
"""
from boto3.dynamodb.conditions import Key

from ..config import settings
from ..domain.errors import NotFound
from . import aws
from .audit import audit_put
from .pages import INVALID_CURSOR, decode_key, encode_cursor
from .transactions import transact

BOXES = {"inbox": "INBOX", "sent": "OUTBOX"}
NO_SUCH_MESSAGE = NotFound("message_not_found", "No such message in your inbox.", "আপনার ইনবক্সে এমন কোনো বার্তা নেই।")
PER_TRANSACTION = 90  # DynamoDB takes 100 items per transaction


class OfficerMessages:
    def __init__(self):
        self.table = aws.table(settings().messages_table)
        self.client = self.table.meta.client

    def save(self, message: dict, recipients: list[str], actor: str) -> None:
        """The sent message and one inbox entry per recipient, with the audit entry (retry-safe: same keys)."""
        sent = {"pk": f"OUTBOX#{message['from_username']}", "sk": message["id"], **message,
                "recipients": recipients}
        inbox = [{"pk": f"INBOX#{name}", "sk": message["id"], "gsi1pk": f"UNREAD#{name}", "gsi1sk": message["id"],
                  **message} for name in recipients]
        puts = [(item["pk"], {"Put": {"TableName": self.table.name, "Item": item}}) for item in inbox]
        first = {"sent": {"Put": {"TableName": self.table.name, "Item": sent}},
                 "audit": audit_put("officer_message", message["id"], "send", actor, None,
                                    {**message, "recipients": recipients})}
        chunks = [puts[i:i + PER_TRANSACTION] for i in range(0, len(puts), PER_TRANSACTION)] or [[]]
        for index, chunk in enumerate(chunks):
            transact(self.client, {**(first if index == 0 else {}), **dict(chunk)})

    def page(self, username: str, box: str, cursor: str | None, limit: int) -> tuple[list[dict], str | None]:
        pk = f"{BOXES[box]}#{username}"
        start = None
        if cursor:
            start = decode_key(cursor)
            if set(start) != {"pk", "sk"} or start["pk"] != pk:
                raise INVALID_CURSOR
        result = self.table.query(KeyConditionExpression=Key("pk").eq(pk), ScanIndexForward=False, Limit=limit,
                                  **({"ExclusiveStartKey": start} if start else {}))
        last = result.get("LastEvaluatedKey")
        return ([{k: v for k, v in i.items() if k not in ("pk", "sk", "gsi1pk", "gsi1sk")} for i in result["Items"]],
                encode_cursor(last) if last else None)

    def unread(self, username: str) -> int:
        count, start = 0, None
        while True:
            page = self.table.query(IndexName="gsi1", KeyConditionExpression=Key("gsi1pk").eq(f"UNREAD#{username}"),
                                    Select="COUNT", **({"ExclusiveStartKey": start} if start else {}))
            count += page["Count"]
            start = page.get("LastEvaluatedKey")
            if not start:
                return count

    def mark_read(self, username: str, message_id: str, now: str) -> None:
        transact(self.client, {
            "inbox": {"Update": {"TableName": self.table.name, "Key": {"pk": f"INBOX#{username}", "sk": message_id},
                                 "ConditionExpression": "attribute_exists(pk)",
                                 "UpdateExpression": "SET read_at = if_not_exists(read_at, :now) REMOVE gsi1pk, gsi1sk",
                                 "ExpressionAttributeValues": {":now": now}}},
            "audit": audit_put("officer_message", message_id, "read", username, None, {"read_at": now})},
            failures={"inbox": NO_SUCH_MESSAGE})
