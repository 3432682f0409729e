"""Bulk SMS jobs: progress, delivery log, suppression list, spend cap; the SQS worker, the
schedule that releases waiting jobs, and SNS delivery reports (CloudWatch Logs)."""
import json
from datetime import datetime, timezone

from chalice import Blueprint, Rate

from ..services import message_jobs
from ..services.message_jobs import JobStores
from ..store.message_jobs import JobQueue, Jobs, Spend
from ..store.sms import SmsLog, publish_sms

bp = Blueprint(__name__)


def job_stores() -> JobStores:
    return JobStores(jobs=Jobs(), sms_log=SmsLog(), spend=Spend(), queue=JobQueue(), publish=publish_sms)


def _now() -> datetime:
    return datetime.now(timezone.utc)


@bp.on_sqs_message(queue="samabay-messages", batch_size=1, name="message_worker")
def message_worker(event):
    """One batch of a job per queue message; an exception makes SQS deliver it again."""
    for record in event:
        body = json.loads(record.body)
        figures = message_jobs.run_batch(job_stores(), body["job_id"], int(body["batch"]), _now())
        message_jobs.logger.info("batch sent", extra={"job": body["job_id"], "batch": body["batch"], **figures})


@bp.schedule(Rate(15, unit=Rate.MINUTES), name="release_message_jobs")
def release_message_jobs(event):
    """Jobs started outside the send window go out when it opens (09:00 Dhaka)."""
    return {"released": message_jobs.release_waiting(job_stores(), _now())}


@bp.lambda_function(name="sms_delivery_status")
def sms_delivery_status(event, context):
    """SNS SMS delivery logs, through a CloudWatch Logs subscription: sent -> delivered | failed."""
    return message_jobs.delivery_status(SmsLog(), event)
