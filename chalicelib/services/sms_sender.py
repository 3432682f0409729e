"""The one way an SMS leaves Samabay: a claimed log entry, the suppression list, SNS, the outcome.

Who calls it decides one thing: whether an SMS that surely did not go (a transient SNS
error) is given back for the next run (the daily scan) or recorded as failed (receipts,
bulk jobs, a person's resend). An SMS SNS may have taken is `unknown`, never resent.
"""
from datetime import datetime, timedelta

from ..domain.sms import PermanentSmsError, TransientSmsError, UncertainSmsError
from ..observability import count, logger


def _failure(exc: Exception) -> dict:
    """The error's code, and what SNS said (for the operator; it may name the number, which the log masks)."""
    return {"error": str(exc), "reason": str(exc.__cause__ or exc)}


def send_claimed(sms_log, publish, entry: dict, *, retry_later: bool, suppressed: bool | None = None) -> str:
    """Send one claimed (`sending`) entry. Returns "sent", "suppressed", "failed", "unknown" or
    "deferred" (given back: retry_later and SNS surely did not take it)."""
    context = {"phone_tail": entry["phone"][-3:], "kind": entry.get("kind"), "job": entry.get("job_id") or None}
    if suppressed if suppressed is not None else sms_log.is_suppressed(entry["phone"]):
        sms_log.mark(entry, "suppressed")
        return "suppressed"
    try:
        message_id = publish(entry["phone"], entry["text"])
    except PermanentSmsError as exc:
        sms_log.mark(entry, "failed", error=str(exc))
        logger.warning("sms refused", extra={**context, **_failure(exc)})
        return "failed"
    except UncertainSmsError as exc:
        sms_log.mark(entry, "unknown", error=str(exc))
        logger.warning("sms may or may not have gone; not resending", extra={**context, **_failure(exc)})
        return "unknown"
    except TransientSmsError as exc:
        if retry_later:
            sms_log.release(entry)
            logger.warning("sms deferred", extra={**context, **_failure(exc)})
            return "deferred"
        sms_log.mark(entry, "failed", error=str(exc))
        logger.warning("sms not sent", extra={**context, **_failure(exc)})
        return "failed"
    sms_log.mark(entry, "sent", message_id=message_id)
    count("SmsParts", int(entry.get("parts", 0)))  # metrics never fail a send that happened
    count("SmsTaka", int(entry.get("cost_paisa", 0)) / 100)
    return "sent"


def send_once(sms_log, publish, subject_id: str, key: str, role: str, phone: str, template: str, text: str,
              *, office_code: str = "", kind: str = "receipt", retry_later: bool = False) -> str:
    """Claim (subject, key, phone) and send: "skipped" if it was already claimed; else as
    send_claimed. Receipts and notices keep retry_later=False: one missing receipt is better
    than a duplicate."""
    from ..domain.sms import sms_size
    subject, _, subject_key = subject_id.partition("#") if "#" in subject_id else ("SOCIETY", "", subject_id)
    entry = sms_log.claim(subject_key, key, role, phone, template, text, sms_size(text),
                          office_code=office_code, kind=kind, subject=subject)
    if entry is None:
        return "skipped"
    return send_claimed(sms_log, publish, entry, retry_later=retry_later)


def settle_held(sms_log, held: dict | None, now: datetime, stale_seconds: int) -> str:
    """What a sender makes of an SMS it found claimed already: "skipped" (it went its way, or is gone),
    "busy" (claimed moments ago: another sender may be publishing it now; look again later) or
    "unknown" (a `sending` claim older than `stale_seconds`: its sender died between claiming and
    recording). SNS keeps no record we can ask about a publish to a phone number (delivery logs are
    optional, sampled and up to 72 h late), so a stale claim is marked unknown, counted, and left to a
    person's resend: never sent twice on a guess."""
    if held is None or held.get("status") != "sending":
        return "skipped"
    claimed_at = datetime.fromisoformat(held.get("claimed_at") or held["at"])
    if now - claimed_at <= timedelta(seconds=stale_seconds):
        return "busy"
    if not sms_log.mark(held, "unknown", error="claim_stale"):
        return "skipped"  # settled by another sender meanwhile
    logger.warning("a stale claim is marked unknown; not resending",
                   extra={"phone_tail": held["phone"][-3:], "kind": held.get("kind"), "claimed_at": str(claimed_at)})
    return "unknown"
