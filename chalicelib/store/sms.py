"""SMS through Amazon SNS, and the log that makes every reminder go out at most once.

A reminder to one number is claimed with a conditional put before SNS is called, so a
second scan, or two scans at once, cannot send it again. When we cannot know whether SNS
took the message (a read timeout, a server error), or the process died between publishing
and recording, the claim stays and the SMS is never resent: better one missing SMS than a
duplicate. Those entries stay as UNKNOWN or SENDING in the log for an officer to see.
"""
from datetime import datetime, timezone

from botocore.exceptions import ClientError, ConnectTimeoutError, EndpointConnectionError, ReadTimeoutError

from ..config import settings
from ..domain.sms import PermanentSmsError, SmsSize, TransientSmsError, UncertainSmsError
from . import aws

PHONE_ERRORS = {"InvalidParameter", "InvalidParameterValue"}  # permanent when they name the number
PERMANENT_ERRORS = {"OptedOut", "EndpointDisabled"}


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

    def mark_failed(self, entry: dict, error: str, status: str = "FAILED") -> None:
        """FAILED: the number cannot be reached; UNKNOWN: SNS may have sent it."""
        self.table.update_item(Key={"pk": entry["pk"], "sk": entry["sk"]},
                               UpdateExpression="SET #s = :s, #e = :e, failed_at = :t",
                               ExpressionAttributeNames={"#s": "status", "#e": "error"},
                               ExpressionAttributeValues={":s": status, ":e": error, ":t": _now()})

    def release(self, entry: dict) -> None:
        """Give the claim back after a transient failure, so the next scan retries it."""
        self.table.delete_item(Key={"pk": entry["pk"], "sk": entry["sk"]})

    def for_society(self, society_id: str) -> list[dict]:
        page = self.table.query(KeyConditionExpression="pk = :p",
                                ExpressionAttributeValues={":p": f"SOCIETY#{society_id}"},
                                ScanIndexForward=False)
        return [{k: (int(v) if k in ("units", "parts") else v) for k, v in i.items() if k not in ("pk",)}
                for i in page["Items"]]
