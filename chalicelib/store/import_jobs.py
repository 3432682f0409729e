"""Society import jobs in MessagesTable, the table of the app's jobs (store.message_jobs holds the SMS ones).

    IMPORT#<job_id> / IMPORT    one job: its state, the file's key, and its figures (rows, valid,
                                errors, created, unchanged, rows_done), rewritten as the worker goes
"""
import re
from datetime import datetime, timezone

from ..config import settings
from ..domain.errors import NotFound
from . import aws
from .items import record

NO_IMPORT_JOB = NotFound("import_job_not_found", "No such import job.", "এমন কোনো আমদানি-কাজ নেই।")
JOB_ID = re.compile(r"^[0-9a-f]{16}-(check|import)$")


def _key(job_id: str) -> dict:
    return {"pk": f"IMPORT#{job_id}", "sk": "IMPORT"}


class ImportJobs:
    def __init__(self):
        self.table = aws.table(settings().messages_table)

    def create(self, job: dict) -> bool:
        """The new job; False when a job of that id is there already (the same upload started again)."""
        return aws.written(self.table.put_item, Item={**job, **_key(job["job_id"])},
                           ConditionExpression="attribute_not_exists(pk)")

    def find(self, job_id: str) -> dict | None:
        if not JOB_ID.match(job_id):
            return None
        item = self.table.get_item(Key=_key(job_id), ConsistentRead=True).get("Item")
        return record(item, ("pk", "sk")) if item else None

    def get(self, job_id: str) -> dict:
        job = self.find(job_id)
        if job is None:
            raise NO_IMPORT_JOB
        return job

    def save(self, job_id: str, **fields) -> None:
        """These fields of the job, and when they were written."""
        fields["updated_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.table.update_item(
            Key=_key(job_id), UpdateExpression="SET " + ", ".join(f"#{n} = :{n}" for n in fields),
            ExpressionAttributeNames={f"#{n}": n for n in fields},
            ExpressionAttributeValues={f":{n}": v for n, v in fields.items()})

    def fail_unfinished(self, job_id: str, failure: dict) -> bool:
        """The job failed with `failure` if it is there and unfinished; False if done or failed already."""
        return aws.written(
            self.table.update_item, Key=_key(job_id),
            UpdateExpression="SET #s = :failed, failure = :f, updated_at = :now",
            ConditionExpression="attribute_exists(pk) AND NOT #s IN (:failed, :done)",
            ExpressionAttributeNames={"#s": "state"},
            ExpressionAttributeValues={":failed": "failed", ":done": "done", ":f": failure,
                                       ":now": datetime.now(timezone.utc).isoformat(timespec="seconds")})
