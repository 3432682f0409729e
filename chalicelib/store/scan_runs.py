"""The daily scan's runs in MessagesTable: what a run planned, and what each of its batches did.

    SCAN#<run id> / RUN        the plan: today, how many batches were queued, the plan's own figures
    SCAN#<run id> / B#<batch>  one batch's figures, written whole by the worker that finished it (a
                               batch delivered again rewrites them, so no figure is counted twice)
A run is done when every batch has its figures.
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

    def save_batch(self, run_id: str, batch: int, figures: dict) -> None:
        self.table.put_item(Item={"pk": f"SCAN#{run_id}", "sk": f"B#{batch:05d}",
                                  **{name: int(value) for name, value in figures.items()}})

    def read(self, run_id: str) -> tuple[dict | None, list[dict]]:
        """The run's plan and its finished batches' figures."""
        items = all_items(self.table, KeyConditionExpression=Key("pk").eq(f"SCAN#{run_id}"), ConsistentRead=True)
        run = next((i for i in items if i["sk"] == "RUN"), None)
        return run, [i for i in items if i["sk"].startswith("B#")]
