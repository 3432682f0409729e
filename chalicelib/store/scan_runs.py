"""The daily scan's runs in MessagesTable: what a run planned, and what each of its batches did.

    SCAN#<run id> / RUN        the plan: today, the batches queued so far, the plan's own figures, and
                               while it is planned over several invocations its cursor in the due index,
                               the digests counted so far, `slice` (one more each time an invocation
                               hands the rest on) and `planned` once the last batch is queued
    SCAN#<run id> / B#<batch>  one batch's figures, written whole by the worker that finished it (a
                               batch delivered again rewrites them, so no figure is counted twice)
A run is done when it is planned and every batch has its figures.
"""
from boto3.dynamodb.conditions import Key

from ..config import settings
from . import aws
from .pages import all_items


class ScanRuns:
    def __init__(self):
        self.table = aws.table(settings().messages_table)

    def start(self, run: dict) -> None:
        self.table.put_item(Item={"pk": f"SCAN#{run['run']}", "sk": "RUN", **run})

    def advance(self, run_id: str, slice_no: int, changes: dict) -> bool:
        """Save what the invocation that holds slice `slice_no` planned, and move the run to the next
        slice; False if another invocation moved it first (a continuation delivered twice)."""
        names = {f"#f{n}": name for n, name in enumerate(changes)}
        values = {f":f{n}": value for n, value in enumerate(changes.values())}
        update = ", ".join(f"#f{n} = :f{n}" for n in range(len(changes)))
        return aws.written(self.table.update_item, Key={"pk": f"SCAN#{run_id}", "sk": "RUN"},
                           UpdateExpression=f"SET {update}, #slice = :next", ConditionExpression="#slice = :slice",
                           ExpressionAttributeNames={**names, "#slice": "slice"},
                           ExpressionAttributeValues={**values, ":slice": slice_no, ":next": slice_no + 1})

    def save_batch(self, run_id: str, batch: int, figures: dict) -> None:
        self.table.put_item(Item={"pk": f"SCAN#{run_id}", "sk": f"B#{batch:05d}",
                                  **{name: int(value) for name, value in figures.items()}})

    def read(self, run_id: str) -> tuple[dict | None, list[dict]]:
        """The run's plan and its finished batches' figures."""
        items = all_items(self.table, KeyConditionExpression=Key("pk").eq(f"SCAN#{run_id}"), ConsistentRead=True)
        run = next((i for i in items if i["sk"] == "RUN"), None)
        return run, [i for i in items if i["sk"].startswith("B#")]

    def plan(self, run_id: str) -> dict | None:
        """The run's plan alone (read consistently: a continuation checks its slice against it)."""
        return self.table.get_item(Key={"pk": f"SCAN#{run_id}", "sk": "RUN"}, ConsistentRead=True).get("Item")
