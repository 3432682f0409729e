"""One logger and one set of metrics for every function.

Log lines are JSON with `service` "samabay" and a `correlation_id`: the API Gateway request id of an
API request, the id a bulk job or scan run was started under while a worker sends its messages, else
the invocation's own id. Phone numbers, JWTs, bearer tokens and fields named like a password, secret or token are masked
in every line, whatever module logged it. Metrics are EMF in namespace Samabay: counted during an
invocation and written as one line when it ends (`observed`, the Chalice middleware of every
function). Logs go to stderr and EMF to stdout; in Lambda both reach CloudWatch Logs.
"""
import json
import logging
import re
import sys
import uuid
from collections import Counter
from functools import partial

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter
from aws_lambda_powertools.logging.lambda_context import build_lambda_context_model
from aws_lambda_powertools.metrics import EphemeralMetrics, MetricUnit
from chalice.app import Request

SERVICE = "samabay"  # also the Chalice app's name, so Chalice's own lines ("Caught exception") come out here
NAMESPACE = "Samabay"

_DIGIT = "[0-9\u09e6-\u09ef]"  # Bengali digits too: numbers are accepted in either
PHONE = re.compile(rf"(?<!{_DIGIT})((?:\+?[8\u09ee][8\u09ee])?[0\u09e6][1\u09e7][3-9\u09e9-\u09ef])"  # +88 01 7
                   rf"({_DIGIT}{{6}})({_DIGIT}{{2}})(?!{_DIGIT})")  # the middle six are masked
JWT = re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]*")
BEARER = re.compile(r"(?i)(bearer\s+)[^\s\"']+")
SECRET_NAME = re.compile(r"(?i)(password|secret|token|authorization|app_key|credential)s?$")
MASK = "****"


def masked_text(text: str) -> str:
    """+8801712345678 -> +88017******78; a JWT or bearer token -> ****."""
    text = PHONE.sub(lambda m: m.group(1) + "*" * 6 + m.group(3), text)
    return BEARER.sub(rf"\g<1>{MASK}", JWT.sub(MASK, text))


def masked_fields(value):
    """The value with every field named like a secret (password, app_secret, id_token...) masked."""
    if isinstance(value, dict):
        return {k: MASK if isinstance(k, str) and SECRET_NAME.search(k) and v else masked_fields(v)
                for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [masked_fields(v) for v in value]
    return value


class MaskingFormatter(LambdaPowertoolsFormatter):
    """Powertools' JSON line, secrets and personal numbers masked (in messages and tracebacks too)."""

    def serialize(self, log: dict) -> str:
        return masked_text(super().serialize(log=masked_fields(log)))


class StderrHandler(logging.StreamHandler):
    """Writes to sys.stderr as it is when a line is logged (a redirect, a test's capture), as logging's own
    last-resort handler does, not to the stream there was at import."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _ignored):
        pass


logger = Logger(service=SERVICE, logger_handler=StderrHandler(),
                logger_formatter=MaskingFormatter(
                    json_serializer=partial(json.dumps, ensure_ascii=False, separators=(",", ":"), default=str)))


# botocore's INFO lines ("Found credentials in environment variables.") are plain text, and chalice local's root
# logger prints INFO; in Lambda the root logger shows WARNING and up, so locally the same.
logging.getLogger("botocore").setLevel(logging.WARNING)


def use_correlation_id(value: str) -> None:
    """Every line from here on (in this thread; `chalice local` serves each request in its own) carries it."""
    logger.append_keys(correlation_id=value)  # what threads this one starts see
    logger.thread_safe_append_keys(correlation_id=value)


def correlation_id() -> str:
    return logger.thread_safe_get_current_keys().get("correlation_id") or logger.get_current_keys()["correlation_id"]


use_correlation_id(str(uuid.uuid4()))  # lines logged outside any invocation (local scripts) share one


# --- metrics --------------------------------------------------------------------------------------

_counted: Counter = Counter()


def count(name: str, value: float = 1) -> None:
    """Add to this invocation's metric `name` (summed; one EMF value when the invocation ends)."""
    _counted[name] += value


def flush() -> None:
    """Write what this invocation counted as one EMF line (nothing when it counted nothing)."""
    if not _counted:
        return
    metrics = EphemeralMetrics(namespace=NAMESPACE, service="")  # "": no service dimension, whatever the env says
    for name, value in sorted(_counted.items()):
        metrics.add_metric(name=name, unit=MetricUnit.NoUnit if name == "SmsTaka" else MetricUnit.Count,
                           value=round(value, 2))  # Taka to the paisa, not a sum's float noise
    _counted.clear()
    metrics.flush_metrics()


def count_api_answer(route: str, status: int) -> None:
    """Api4xx / Api5xx: with the route's path pattern as dimension `Route` (written at once), and without
    (the API's total, which a rate alarm reads, in the invocation's line)."""
    if status < 400:
        return
    name = "Api5xx" if status >= 500 else "Api4xx"
    count(name)
    metrics = EphemeralMetrics(namespace=NAMESPACE, service="")
    metrics.add_dimension(name="Route", value=route)
    metrics.add_metric(name=name, unit=MetricUnit.Count, value=1)
    metrics.flush_metrics()


# --- the middleware ------------------------------------------------------------------------------

_cold = {"start": True}


def _begin(context, request_id: str | None) -> None:
    """What powertools' inject_lambda_context adds, for a context that may be missing (local runs)."""
    keys = build_lambda_context_model(context).__dict__ if context is not None else {}
    _counted.clear()  # an invocation writes only what it counted (not what code outside one counted)
    logger.append_keys(cold_start=_cold["start"], **keys)
    _cold["start"] = False
    use_correlation_id(request_id or getattr(context, "aws_request_id", None) or str(uuid.uuid4()))


def begin_authorizer(context) -> None:
    """An authorizer's invocation, which Chalice's middleware does not reach: its log keys, and its Lambda request
    id as correlation_id (API Gateway's access log line of the request names it: `$context.authorizer.requestId`;
    locally the request's own context is passed, so the request's lines share it)."""
    _begin(context, None)


def observed(event, get_response):
    """Chalice middleware for every event type: the invocation's log keys and correlation id; an API
    answer's 4xx/5xx counted by route (an exception is a 500: Chalice answers and logs it after this
    returns); another function's exception logged here, then raised for Lambda to retry; the metrics
    written once at the end."""
    http = isinstance(event, Request)
    if http:
        _begin(event.lambda_context, (event.context or {}).get("requestId"))
    else:
        _begin(event.context, None)
    status = 500
    try:
        response = get_response(event)
        status = getattr(response, "status_code", 200)
        return response
    except Exception:
        if not http:
            logger.exception("invocation failed")
        raise
    finally:
        if http:
            route = (event.context or {}).get("resourcePath", "unknown")
            count_api_answer(route, status)
            if status >= 400:
                logger.info("answered", extra={"route": route, "method": event.method, "status": status})
        flush()
