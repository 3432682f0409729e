"""Bulk SMS jobs: progress, delivery log, suppression list, spend cap; the SQS worker, the
schedule that releases waiting jobs, and SNS delivery reports (CloudWatch Logs)."""
import json
from datetime import datetime, timezone

from chalice import Blueprint, Rate

from ..bootstrap import job_stores
from ..config import settings
from .api import Reply, Routes
from .auth import jwt_auth
from .common import OnFirstUse, csv_file, current_caller, dhaka_today
from .stores import Jobs, SmsLog, Spend, Suppressions, publish_sms

message_jobs = OnFirstUse("chalicelib.services.message_jobs")
composing = OnFirstUse("chalicelib.services.composing")
import_jobs = OnFirstUse("chalicelib.services.import_jobs")
sms_office = OnFirstUse("chalicelib.services.sms_office")
observability = OnFirstUse("chalicelib.observability")
bp = Blueprint(__name__)
routes = Routes(bp, models="message_jobs", authorizer=jwt_auth)


def _now() -> datetime:
    return datetime.now(timezone.utc)


@bp.on_sqs_message(queue="samabay-messages", batch_size=1, name="message_worker")
def message_worker(event):
    """One batch of a job, or of the daily scan, per queue message; an exception makes SQS deliver it again,
    and so does a message named in the answer's batchItemFailures (a digest SNS did not take)."""
    come_back = []
    for record in event:
        body = json.loads(record.body)
        if "scan" in body or "plan" in body:  # the daily scan's work (handlers.jobs)
            from .jobs import scan_message
            if not scan_message(body, event.context):
                come_back.append({"itemIdentifier": record.to_dict().get("messageId")})
            continue
        if "import" in body:  # a society import too big for its API request: checked and written here
            from ..bootstrap import import_stores
            context = event.context
            more_time = import_jobs.time_budget(context.get_remaining_time_in_millis() if context else None)
            try:
                import_jobs.run_job(import_stores(), body["import"], dhaka_today(),
                                    _now().isoformat(timespec="seconds"), more_time)
            except Exception:
                if _last_receive(record):  # off to the dead-letter queue: the job must not wait for ever
                    import_jobs.fail_stalled(import_stores().jobs, body["import"])
                raise
            continue
        if "compose" in body:  # a bulk send too big for its API request: its recipients composed here
            from ..bootstrap import composer
            composing.compose_job(job_stores(), composer(), body["compose"], _now(), dhaka_today())
            continue
        figures = message_jobs.run_batch(job_stores(), body["job_id"], int(body["batch"]), _now())
        message_jobs.logger.info("batch sent", extra={"job": body["job_id"], "batch": body["batch"], **figures})
    return {"batchItemFailures": come_back}  # the event source reports failures item by item (infra/resources.json)


def _last_receive(record) -> bool:
    """Whether this is the message's last receive (the queue's maxReceiveCount, MESSAGES_MAX_RECEIVES): failed
    now, it goes to the dead-letter queue."""
    receives = int(record.to_dict().get("attributes", {}).get("ApproximateReceiveCount", 0))
    return 0 < settings().messages_max_receives <= receives


@bp.schedule(Rate(15, unit=Rate.MINUTES), name="release_message_jobs")
def release_message_jobs(event):
    """Jobs started outside the send window go out when it opens (09:00 Dhaka)."""
    return {"released": message_jobs.release_waiting(job_stores(), _now())}


@bp.lambda_function(name="sms_delivery_status")
def sms_delivery_status(event, context):
    """SNS SMS delivery logs, through a CloudWatch Logs subscription: sent -> delivered | failed."""
    return message_jobs.delivery_status(SmsLog(), event)


# --- routes -------------------------------------------------------------------------------------

def _caller():
    return current_caller(bp.current_request)


def _limit(query) -> int:
    return query.limit or settings().page_size


@routes.get("/messages/jobs", query="PageQuery", answers={200: "MessageJobList"}, errors=(400,))
def list_jobs(query):
    """The caller's office's bulk SMS jobs, newest first

    400 invalid_cursor, invalid_parameter.
    """
    return sms_office.list_jobs(Jobs(), _caller(), query.cursor or None, _limit(query))


@routes.get("/messages/jobs/{job_id}", path_params="JobPath", answers={200: "MessageJob"}, errors=(404,))
def get_job(job_id):
    """One job's progress: its state and how many SMS are queued, sent, failed...

    404 job_not_found. 403 outside_jurisdiction: the job belongs to an office the caller's does not cover (offices
    above the sender see its jobs).
    """
    return sms_office.get_job(Jobs(), _caller(), job_id)


@routes.get("/messages/log", query="LogQuery", answers={200: {"application/json": "DeliveryLog", "text/csv": None}},
            errors=(400,))
def delivery_log(query):
    """The delivery log of one office and month: every SMS with its recipient, text, parts, cost, SNS message id and state

    JSON, or with format=csv a CSV file (Content-Disposition: attachment; at most 5,000 rows, follow next_cursor in
    JSON for more). 400 unknown_area, invalid_month, invalid_parameter (status, format, limit), invalid_cursor. 403
    outside_jurisdiction.
    """
    found = sms_office.delivery_log_reply(SmsLog(), _caller(), query.model_dump(exclude_none=True), _now(),
                                          _limit(query))
    if found["csv"] is None:
        return found["body"]
    return csv_file(found["csv"], found["filename"])


@routes.post("/messages/log/{log_id}/resend", path_params="LogPath", body="AnyInput",
             answers={201: "DeliveryLogEntry"}, errors=(400, 404, 409))
def resend(log_id, body):
    """Send an unknown or failed SMS again, once (a person of the office it counts for; within its monthly cap)

    A person of the office the SMS counts for decides; once per log entry; it counts in that office's monthly cap.
    Created: the new log entry, already sent (or failed, or suppressed). 404 sms_not_found. 409 not_resendable:
    only an unknown or failed SMS, once. 409 spend_cap_reached: the office's monthly SMS cap would be passed. 403
    outside_jurisdiction; 403 own_office_only: an office above reads the SMS but only the office it counts for
    resends it.
    """
    return Reply(sms_office.resend(SmsLog(), Spend(), publish_sms, _caller(), log_id, _now()), 201)


@routes.get("/messages/suppressions", query="PageQuery", answers={200: "SuppressionList"}, errors=(400,))
def list_suppressions(query):
    """Numbers that get no SMS: those the caller's office added (HQ: all)

    400 invalid_cursor, invalid_parameter.
    """
    return sms_office.list_suppressions(Suppressions(), _caller(), query.cursor or None, _limit(query))


@routes.post("/messages/suppressions", body="SuppressionInput", answers={201: "Suppression"}, errors=(400, 409))
def add_suppression(body):
    """Stop every SMS to a number (the scan's reminders, receipts, bulk and officer messages)

    400 invalid_phone, invalid_reason. 409 already_suppressed.
    """
    return Reply(sms_office.add_suppression(Suppressions(), _caller(), body, dhaka_today().isoformat()), 201)


@routes.delete("/messages/suppressions/{phone}", path_params="PhonePath", answers={200: "SuppressionRemoved"},
               errors=(400, 404, 409))
def remove_suppression(phone):
    """Let a number get SMS again (the office that added it, or one above it)

    400 invalid_phone. 404 not_suppressed. 403 suppression_owned_elsewhere. 409 changed_meanwhile: the write
    collided with another; try again.
    """
    from urllib.parse import unquote
    return sms_office.remove_suppression(Suppressions(), _caller(), unquote(phone))


@routes.get("/messages/spend", query="OfficeMonthQuery", answers={200: "SmsSpend"}, errors=(400,))
def spend(query):
    """An office's SMS spend this month (or another) and its monthly cap

    400 unknown_area, invalid_month. 403 outside_jurisdiction.
    """
    return sms_office.spend(Spend(), _caller(), query.model_dump(exclude_none=True), _now())


@routes.put("/messages/spend/{office_code}", path_params="CapPath", body="SmsCap", answers={200: "SmsSpend"},
            errors=(400, 409))
def set_cap(office_code, body):
    """Set an office's monthly SMS cap (an office above it; bulk sends stop at the cap, the daily reminders never do)

    400 invalid_cap, unknown_area. 403 outside_jurisdiction, cap_set_by_office_above. 409 changed_meanwhile: the
    write collided with another; try again.
    """
    return sms_office.set_cap(Spend(), _caller(), office_code, body, _now())
