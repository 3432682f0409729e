"""Bulk SMS jobs: progress, delivery log, suppression list, spend cap; the SQS worker, the
schedule that releases waiting jobs, and SNS delivery reports (CloudWatch Logs)."""
import json
from datetime import datetime, timezone

from chalice import Blueprint, Rate, Response

from ..config import settings
from ..services import message_jobs, sms_office
from ..services.message_jobs import JobStores
from ..store.message_jobs import JobQueue, Jobs, Spend, Suppressions
from ..store.sms import SmsLog, publish_sms
from .auth import jwt_auth
from .common import BODY_TYPES, current_caller, dhaka_today, int_param, json_body, json_response, query_params
from .errors import handles_errors

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


# --- routes -------------------------------------------------------------------------------------

def _limit(params: dict) -> int:
    return int_param(params, "limit", settings().page_size, 1, 200)


@bp.route("/messages/jobs", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def list_jobs():
    params = query_params(bp.current_request)
    return json_response(sms_office.list_jobs(Jobs(), current_caller(bp.current_request),
                                              params.get("cursor") or None, _limit(params)))


@bp.route("/messages/jobs/{job_id}", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def get_job(job_id):
    return json_response(sms_office.get_job(Jobs(), current_caller(bp.current_request), job_id))


@bp.route("/messages/log", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def delivery_log():
    params = query_params(bp.current_request)
    found = sms_office.delivery_log_reply(SmsLog(), current_caller(bp.current_request), params, _now(),
                                          _limit(params))
    if found["csv"] is None:
        return json_response(found["body"])
    return Response(body=found["csv"], status_code=200, headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{found["filename"]}"'})


@bp.route("/messages/log/{log_id}/resend", methods=["POST"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def resend(log_id):
    return json_response(sms_office.resend(SmsLog(), Spend(), publish_sms, current_caller(bp.current_request), log_id,
                                           _now()), 201)


@bp.route("/messages/suppressions", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def list_suppressions():
    params = query_params(bp.current_request)
    return json_response(sms_office.list_suppressions(Suppressions(), current_caller(bp.current_request),
                                                      params.get("cursor") or None, _limit(params)))


@bp.route("/messages/suppressions", methods=["POST"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def add_suppression():
    return json_response(sms_office.add_suppression(Suppressions(), current_caller(bp.current_request),
                                                    json_body(bp.current_request), dhaka_today().isoformat()), 201)


@bp.route("/messages/suppressions/{phone}", methods=["DELETE"], authorizer=jwt_auth)
@handles_errors
def remove_suppression(phone):
    from urllib.parse import unquote
    return json_response(sms_office.remove_suppression(Suppressions(), current_caller(bp.current_request),
                                                       unquote(phone)))


@bp.route("/messages/spend", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def spend():
    return json_response(sms_office.spend(Spend(), current_caller(bp.current_request),
                                          query_params(bp.current_request), _now()))


@bp.route("/messages/spend/{office_code}", methods=["PUT"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def set_cap(office_code):
    return json_response(sms_office.set_cap(Spend(), current_caller(bp.current_request), office_code,
                                            json_body(bp.current_request), _now()))
