"""Failed logins per username, so repeated guessing is slowed down (Cognito does the same in AWS).

One item per username: failures in a row and, once locked, until when. Items expire by TTL.
"""
import time

from ..config import settings
from . import aws


class LoginAttempts:
    def __init__(self):
        self.table = aws.table(settings().logins_table)

    def locked_until(self, username: str) -> float:
        item = self.table.get_item(Key={"username": username}, ConsistentRead=True).get("Item") or {}
        return float(item.get("locked_until", 0))

    def failed(self, username: str, limit: int, lock_seconds: int) -> int:
        """Count one more failure; at `limit` in a row the username is locked. Returns the count."""
        now = int(time.time())
        item = self.table.update_item(
            Key={"username": username}, UpdateExpression="ADD failures :one SET expires_at = :exp",
            ExpressionAttributeValues={":one": 1, ":exp": now + 86400}, ReturnValues="ALL_NEW")["Attributes"]
        failures = int(item["failures"])
        if failures >= limit:
            aws.written(self.table.update_item,
                        Key={"username": username}, UpdateExpression="SET locked_until = :until, failures = :zero",
                        ConditionExpression="failures >= :limit",
                        ExpressionAttributeValues={":until": now + lock_seconds, ":zero": 0, ":limit": limit})
        return failures

    def succeeded(self, username: str) -> None:
        self.table.delete_item(Key={"username": username})
