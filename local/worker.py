"""The messages queue's worker on the local stack (chalice local runs no queue triggers).

    python -m local.worker      # started by local/stack.py as its own process
Long-polls the queue on moto and hands each message to the same function the Lambda runs
(handlers.message_jobs.message_worker), deleting it only after that returns, as the Lambda
event source does; every minute it runs the schedule that releases waiting jobs. Killed
mid-batch, its message comes back after the visibility timeout and the next worker goes on.
`make scan` works the queue the same way (until_sent) until the scan's sends are done.
"""
import argparse
import json
import os
import time
from importlib import import_module
from datetime import datetime, timezone


def region() -> str:
    return os.environ.get("AWS_REGION") or os.environ["AWS_DEFAULT_REGION"]


def sqs_event(message: dict, queue_arn: str) -> dict:
    return {"Records": [{"messageId": message["MessageId"], "receiptHandle": message["ReceiptHandle"],
                         "body": message["Body"], "attributes": message.get("Attributes", {}),
                         "messageAttributes": {}, "md5OfBody": message.get("MD5OfBody", ""),
                         "eventSource": "aws:sqs", "eventSourceARN": queue_arn, "awsRegion": region()}]}


def schedule_event() -> dict:
    return {"version": "0", "id": "local", "detail-type": "Scheduled Event", "source": "aws.events",
            "account": "123456789012", "time": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "region": region(), "resources": [], "detail": {}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--visibility", type=int, default=int(os.environ.get("SAMABAY_WORKER_VISIBILITY", "35")),
                        help="seconds a message stays hidden while it is worked on (more than the stale-claim age)")
    parser.add_argument("--release-every", type=int, default=60)
    args = parser.parse_args()

    import_module("app")  # registers the blueprints' handlers, as the Lambda runtime does
    from chalicelib.config import settings
    from chalicelib.handlers.message_jobs import release_message_jobs
    from chalicelib.store import aws

    sqs, url = aws.client("sqs"), settings().messages_queue_url
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    print(f"worker {os.getpid()} polling {url}", flush=True)
    released_at = 0.0
    while True:
        if time.monotonic() - released_at > args.release_every:
            released_at = time.monotonic()
            figures = release_message_jobs(schedule_event(), None)
            if figures.get("released"):
                print(f"released waiting jobs: {json.dumps(figures)}", flush=True)
        take_one(sqs, url, arn, args.visibility)


def take_one(sqs, url: str, arn: str, visibility: int, wait: int = 2, context=None) -> int:
    """Receive at most one message and hand it to the worker, deleting it only when that returns and
    does not name it among its batchItemFailures (else it comes back after `visibility` seconds, as
    the Lambda event source returns it; then the dead-letter queue); how many it took. `context`: the
    Lambda context the function is given (None: no time limit)."""
    from chalicelib.handlers.message_jobs import message_worker
    reply = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1, WaitTimeSeconds=wait,
                                VisibilityTimeout=visibility, AttributeNames=["All"])
    for message in reply.get("Messages", []):
        try:
            answer = message_worker(sqs_event(message, arn), context) or {}
        except Exception:  # noqa: BLE001 - left on the queue: it comes back, as with the Lambda
            from chalicelib.observability import logger  # under the failed invocation's correlation_id
            logger.exception("queue message failed; it comes back after the visibility timeout")
            continue
        if not answer.get("batchItemFailures"):
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return len(reply.get("Messages", []))


def until_sent(run_id: str, *, visibility: int = 35, wait: int = 1, give_up_after: float = 900) -> dict:
    """Work the queue until every batch of the daily scan's run `run_id` is done (another worker may
    take some of them), then the run's figures; `done` is false if it gave up waiting."""
    import_module("app")  # the worker's function with its middleware, as the Lambda runtime has it
    from chalicelib.config import settings
    from chalicelib.handlers.jobs import scan_stores
    from chalicelib.services.daily_scan import scan_figures
    from chalicelib.store import aws
    sqs, url = aws.client("sqs"), settings().messages_queue_url
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    stores, started = scan_stores(), time.monotonic()
    while True:
        figures = scan_figures(stores, run_id)
        if figures["done"] or time.monotonic() - started > give_up_after:
            return figures
        take_one(sqs, url, arn, visibility, wait)


if __name__ == "__main__":
    main()
