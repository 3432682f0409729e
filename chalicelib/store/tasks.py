"""Offices' tasks in DynamoDB: pk = task id; index by_office (office_code, "<state>#<due>#<id>").

One more item, pk = SCAN#LAST, says which day's scan last finished: the tasks are as of that scan.
"""
from dataclasses import asdict, replace
from datetime import date

from boto3.dynamodb.conditions import Key

from ..config import settings
from ..domain.tasks import Task
from . import aws


def _item(task: Task) -> dict:
    item = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(task).items() if v is not None}
    item.update(pk=task.id, task_sk=f"{task.state}#{task.due_on.isoformat()}#{task.id}")
    return item


def _task(item: dict) -> Task:
    values = {k: v for k, v in item.items() if k in Task.__dataclass_fields__}
    for name in ("due_on", "opened_on", "closed_on"):
        if values.get(name):
            values[name] = date.fromisoformat(values[name])
    return Task(**values)


LAST_SCAN = {"pk": "SCAN#LAST"}


class Tasks:
    def __init__(self):
        self.table = aws.table(settings().tasks_table)

    def open(self, task: Task) -> bool:
        """Open the task unless it exists (open or done); True if this call opened it."""
        return aws.written(self.table.put_item, Item=_item(task), ConditionExpression="attribute_not_exists(pk)")

    def close(self, task_id: str, today: date) -> None:
        """Mark an open task done (nothing happens if there is none)."""
        item = self.table.get_item(Key={"pk": task_id}, ConsistentRead=True).get("Item")
        if not item or item["state"] != "open":
            return
        aws.written(self.table.put_item, Item=_item(replace(_task(item), state="done", closed_on=today)),
                    ConditionExpression="#s = :open", ExpressionAttributeNames={"#s": "state"},
                    ExpressionAttributeValues={":open": "open"})

    def for_office(self, office_code: str, state: str | None = "open", limit: int = 200) -> list[Task]:
        if not office_code:  # HQ's code is empty, which no index key can hold: it is given no tasks
            return []
        key = Key("office_code").eq(office_code)
        if state:
            key = key & Key("task_sk").begins_with(f"{state}#")
        page = self.table.query(IndexName="by_office", KeyConditionExpression=key, Limit=limit)
        return [_task(i) for i in page["Items"]]

    def record_scan(self, today: date) -> None:
        """The daily scan of `today` has finished (it opens and closes the tasks)."""
        self.table.put_item(Item={**LAST_SCAN, "scanned_on": today.isoformat()})

    def last_scan_on(self) -> date | None:
        item = self.table.get_item(Key=LAST_SCAN).get("Item")
        return date.fromisoformat(item["scanned_on"]) if item else None
