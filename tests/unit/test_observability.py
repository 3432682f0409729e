"""The one logger masks numbers and secrets in every line; the middleware gives each invocation its
correlation id and writes what it counted as one EMF line."""
import json
from types import SimpleNamespace

import pytest
from chalice.app import LambdaFunctionEvent

from chalicelib import observability
from chalicelib.observability import logger, masked_text, observed

JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1Y28uZGVtbyJ9.c2lnbmF0dXJl"


def lines(capsys) -> tuple[list[dict], list[dict]]:
    """(log lines, EMF lines): the logger writes to stderr, the metrics to stdout."""
    captured = capsys.readouterr()
    return tuple([json.loads(line) for line in text.splitlines() if line.strip()]
                 for text in (captured.err, captured.out))


def test_phone_numbers_keep_their_operator_and_last_two_digits_only():
    assert masked_text("to +8801712345678 and 01912000001") == "to +88017******78 and 019******01"
    assert masked_text("৮৮০১৭১২৩৪৫৬৭৮ ০১৭১২৩৪৫৬৭৮") == "৮৮০১৭******৭৮ ০১৭******৭৮"  # Bengali digits too
    assert masked_text("PHONE#01712345678") == "PHONE#017******78"
    # not a mobile number: a longer run of digits, a 012 prefix, a date
    assert masked_text("0171234567890 01212345678 2026-12-06") == "0171234567890 01212345678 2026-12-06"


def test_a_line_carries_no_password_token_or_number_in_full(capsys):
    logger.warning(f"login refused for 01711000419 with {JWT}", extra={
        "password": "Samabay@2026", "request": {"headers": {"Authorization": f"Bearer {JWT}"}, "app_secret": "s3cr3t"},
        "id_token": "opaque-token-value", "note": "Bearer opaque-token-value"})
    [line], _ = lines(capsys)
    text = json.dumps(line, ensure_ascii=False)
    for secret in ("Samabay@2026", JWT, "s3cr3t", "opaque-token-value", "01711000419"):
        assert secret not in text
    assert line["message"] == "login refused for 017******19 with ****"
    assert line["password"] == "****" and line["request"]["app_secret"] == "****" and line["note"] == "Bearer ****"
    assert line["service"] == "samabay" and line["correlation_id"]


def test_each_invocation_has_its_own_correlation_id_and_one_metrics_line(capsys):
    def handler(event):
        observability.count("SmsParts", 2)
        observability.count("SmsParts", 3)
        observability.count("PaymentsCompleted")
        logger.info("working")
        return "done"

    context = SimpleNamespace(function_name="message_worker", memory_limit_in_mb=1024, aws_request_id="req-1",
                              invoked_function_arn="arn:aws:lambda:ap-southeast-1:1:function:message_worker")
    assert observed(LambdaFunctionEvent({}, context), handler) == "done"
    assert observed(LambdaFunctionEvent({}, None), handler) == "done"  # a local run has no context
    (first_log, second_log), metrics_lines = lines(capsys)
    assert first_log["correlation_id"] == "req-1" and first_log["function_name"] == "message_worker"
    assert second_log["correlation_id"] not in ("", "req-1")
    assert len(metrics_lines) == 2
    for metrics in metrics_lines:
        assert metrics["SmsParts"] == [5] and metrics["PaymentsCompleted"] == [1]
        assert metrics["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "Samabay"


def test_an_invocation_writes_only_what_it_counted_itself(capsys):
    observability.count("SmsParts", 296)  # counted by code outside any invocation (a test, a script)

    def handler(event):
        observability.count("SmsParts", 5)

    observed(LambdaFunctionEvent({}, None), handler)
    _, [metrics] = lines(capsys)
    assert metrics["SmsParts"] == [5]


def test_an_invocation_that_counted_nothing_writes_no_metrics_line(capsys):
    observed(LambdaFunctionEvent({}, None), lambda event: logger.info("idle"))
    [line], metrics_lines = lines(capsys)
    assert line["message"] == "idle" and metrics_lines == []


def test_a_function_that_fails_logs_why_under_its_correlation_id_and_still_writes_its_metrics(capsys):
    def handler(event):
        observability.count("ScanSucceeded", 0)
        raise RuntimeError("DynamoDB is down for 01711000419")

    context = SimpleNamespace(function_name="daily_scan", memory_limit_in_mb=1024, aws_request_id="req-2",
                              invoked_function_arn="arn:aws:lambda:ap-southeast-1:1:function:daily_scan")
    with pytest.raises(RuntimeError):  # Lambda sees the failure: it retries, then the on-failure destination
        observed(LambdaFunctionEvent({}, context), handler)
    [line], [metrics] = lines(capsys)
    assert line["message"] == "invocation failed" and line["correlation_id"] == "req-2"
    assert "RuntimeError: DynamoDB is down for 017******19" in line["exception"]
    assert metrics["ScanSucceeded"] == [0]
