"""E-mail through Amazon SES (v2), and its log in MessagesTable: each e-mail is claimed before it is sent.

    pk EMAIL#<subject>, sk <key>#<address>    status sending -> sent (message_id) | failed (error)
A claim is a conditional put, so a notice tried twice (a retried request, a scan run again) sends one
e-mail. As with an SMS, one SES may have taken is never resent on a guess: a failed send stays failed.
The sender is a verified SES identity (settings.ses_sender; locally moto's, provisioned from infra/).
"""
from datetime import datetime, timezone

from botocore.exceptions import BotoCoreError, ClientError

from ..config import ses_sender, settings
from . import aws


class EmailFailed(Exception):
    """SES refused the e-mail or could not be reached."""


def send_email(to: str, subject: str, body: str) -> str:
    """One plain-text e-mail from the configured sender; SES's message id."""
    try:
        answer = aws.client("sesv2").send_email(
            FromEmailAddress=ses_sender(), Destination={"ToAddresses": [to]},
            Content={"Simple": {"Subject": {"Data": subject, "Charset": "UTF-8"},
                                "Body": {"Text": {"Data": body, "Charset": "UTF-8"}}}})
    except (ClientError, BotoCoreError) as exc:
        raise EmailFailed(getattr(exc, "response", {}).get("Error", {}).get("Code") or type(exc).__name__) from exc
    return answer["MessageId"]


class EmailLog:
    def __init__(self):
        self.table = aws.table(settings().messages_table)

    def claim(self, subject: str, key: str, address: str, subject_line: str) -> dict | None:
        """The claimed entry, or None if this key already went (or is going) to this address."""
        entry = {"pk": f"EMAIL#{subject}", "sk": f"{key}#{address.lower()}", "status": "sending",
                 "to": address, "subject": subject_line,
                 "at": datetime.now(timezone.utc).isoformat(timespec="milliseconds")}
        if not aws.written(self.table.put_item, Item=entry, ConditionExpression="attribute_not_exists(pk)"):
            return None
        return entry

    def mark(self, entry: dict, status: str, **fields) -> None:
        names = {"#s": "status", **{f"#{k}": k for k in fields}}
        values = {":s": status, **{f":{k}": v for k, v in fields.items()}}
        self.table.update_item(Key={"pk": entry["pk"], "sk": entry["sk"]},
                               UpdateExpression="SET " + ", ".join(f"{n} = {':' + n[1:]}" for n in names),
                               ExpressionAttributeNames=names, ExpressionAttributeValues=values)

    def entries(self, subject: str) -> list[dict]:
        """A subject's e-mails (a budget file's notices), oldest key first."""
        page = self.table.query(KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": f"EMAIL#{subject}"},
                                ConsistentRead=True)
        return page["Items"]
