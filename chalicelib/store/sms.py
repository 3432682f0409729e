"""SMS through Amazon SNS, and the log that makes every reminder go out at most once.

A reminder to one number is claimed with a conditional put before SNS is called, so a
second scan, or two scans at once, cannot send it again. A claim left in SENDING (the
process died between publishing and recording) is never resent: better one missing SMS
than a duplicate; the scan reports such claims as stale.
"""
from datetime import datetime, timezone

from botocore.exceptions import BotoCoreError, ClientError

from ..config import settings
from ..domain.sms import SmsSize
from . import aws

PERMANENT_ERRORS = {"InvalidParameter", "InvalidParameterValue", "OptedOut", "EndpointDisabled"}


class PermanentSmsError(Exception):
    """The number or message can never be sent (e.g. an invalid number)."""


class TransientSmsError(Exception):
    """SNS could not take the message now; the next scan tries again."""


def publish_sms(phone: str, text: str) -> str:
    try:
        response = aws.client("sns").publish(PhoneNumber=phone, Message=text, MessageAttributes={
            "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"},
            "AWS.SNS.SMS.SenderID": {"DataType": "String", "StringValue": settings().sms_sender_id},
        })
    except ClientError as exc:
        code = exc.response["Error"]["Code"]
        if code in PERMANENT_ERRORS:
            raise PermanentSmsError(code) from exc
        raise TransientSmsError(code) from exc
    except BotoCoreError as exc:
        raise TransientSmsError(type(exc).__name__) from exc
    return response["MessageId"]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class SmsLog:
    def __init__(self):
        self.table = aws.table(settings().sms_table)

    def claim(self, society_id: str, reminder_key: str, role: str, phone: str, template: str,
              text: str, size: SmsSize) -> dict | None:
        """The claimed log entry, or None if this reminder already went to this number."""
        entry = {"pk": f"SOCIETY#{society_id}", "sk": f"{reminder_key}#{phone}", "status": "SENDING",
                 "reminder": reminder_key, "role": role, "phone": phone, "template": template,
                 "text": text, "encoding": size.encoding, "units": size.units, "parts": size.parts,
                 "claimed_at": _now()}
        try:
            self.table.put_item(Item=entry, ConditionExpression="attribute_not_exists(pk)")
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return None
            raise
        return entry

    def mark_sent(self, entry: dict, message_id: str) -> None:
        self.table.update_item(Key={"pk": entry["pk"], "sk": entry["sk"]},
                               UpdateExpression="SET #s = :s, message_id = :m, sent_at = :t",
                               ExpressionAttributeNames={"#s": "status"},
                               ExpressionAttributeValues={":s": "SENT", ":m": message_id, ":t": _now()})

    def mark_failed(self, entry: dict, error: str) -> None:
        self.table.update_item(Key={"pk": entry["pk"], "sk": entry["sk"]},
                               UpdateExpression="SET #s = :s, #e = :e, failed_at = :t",
                               ExpressionAttributeNames={"#s": "status", "#e": "error"},
                               ExpressionAttributeValues={":s": "FAILED", ":e": error, ":t": _now()})

    def release(self, entry: dict) -> None:
        """Give the claim back after a transient failure, so the next scan retries it."""
        self.table.delete_item(Key={"pk": entry["pk"], "sk": entry["sk"]})

    def entries(self, society_id: str, reminder_key: str) -> list[dict]:
        page = self.table.query(KeyConditionExpression="pk = :p AND begins_with(sk, :k)",
                                ExpressionAttributeValues={":p": f"SOCIETY#{society_id}",
                                                           ":k": f"{reminder_key}#"})
        return page["Items"]

    def for_society(self, society_id: str) -> list[dict]:
        page = self.table.query(KeyConditionExpression="pk = :p",
                                ExpressionAttributeValues={":p": f"SOCIETY#{society_id}"},
                                ScanIndexForward=False)
        return [{k: (int(v) if k in ("units", "parts") else v) for k, v in i.items() if k not in ("pk",)}
                for i in page["Items"]]
