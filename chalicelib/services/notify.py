"""One SMS to one number, at most once for a given key (the SMS log claims it first)."""
from aws_lambda_powertools import Logger

from ..domain.sms import PermanentSmsError, TransientSmsError, UncertainSmsError, sms_size

logger = Logger(service="samabay-sms")


def send_once(sms_log, publish, subject_id: str, key: str, role: str, phone: str, template: str, text: str) -> str:
    """"sent", "skipped" (already sent for this key), "failed" or "unknown"; never raises for SNS trouble."""
    entry = sms_log.claim(subject_id, key, role, phone, template, text, sms_size(text))
    if entry is None:
        return "skipped"
    try:
        message_id = publish(phone, text)
    except PermanentSmsError as exc:
        sms_log.mark_failed(entry, str(exc))
        return "failed"
    except (UncertainSmsError, TransientSmsError) as exc:
        # A receipt is not worth a duplicate: an unclear or failed send is logged, not retried.
        sms_log.mark_failed(entry, str(exc), status="UNKNOWN")
        logger.warning("sms not confirmed", extra={"key": key, "role": role, "error": str(exc)})
        return "unknown"
    sms_log.mark_sent(entry, message_id)
    return "sent"
