"""Bulk sends too big to compose inside the API request (29 s at API Gateway).

A send to an area of more than INLINE_SOCIETIES societies (from the area's counters: three
reads) is checked in the request — the body, the caller's reach over the area, the text, the
caller's monthly cap — and becomes a job in state `composing` holding the request, with one
queue message {"compose": job_id}. A worker composes the recipients as the request would have
(services.messaging.compose), writes their `queued` log entries and the batches, and moves the
job on to `queued` (then queues the batches) or `waiting`; or to `stopped` with the reason when
the composition is refused (nobody matched: no_recipients; too_many_recipients; ...).

Delivered twice: a job no longer `composing` only has its batches queued again (each SMS is
claimed before it is sent, so a second queue message sends nothing twice); one still `composing`
is composed again, its entries rewritten before any batch of it was queued.
"""
import json
from datetime import date, datetime

from ..config import settings
from ..domain.errors import DomainError
from ..domain.jurisdiction import Caller
from ..domain.outbox import STOP_REASONS, window_opens
from .message_jobs import JobStores, _iso, checked_recipients, job_entries, job_view, logger, new_job_id

INLINE_SOCIETIES = 1000  # an area with more societies than this is composed by a worker


def too_big(societies, area_code: str, today: date) -> bool:
    return int(societies.status_counts(area_code, today).get("total", 0)) > INLINE_SOCIETIES


def start_composing(stores: JobStores, caller: Caller, kind: str, body: dict, now: datetime, once: str | None,
                    description: str) -> dict:
    """The job, `composing`, and its queue message; what the request answers (202)."""
    job_id = new_job_id(now)
    job = {"job_id": job_id, "state": "composing", "kind": kind, "description": description[:500], "total": 0,
           "queued": 0, "sending": 0, "sent": 0, "failed": 0, "unknown": 0, "suppressed": 0, "parts": 0,
           "cost_paisa": 0, "starts_at": _iso(now), "created_at": _iso(now), "created_by": caller.username,
           "office_code": caller.office_code, "batches": 0, "caller_role": caller.role,
           "request": json.dumps(body, ensure_ascii=False)}
    stores.jobs.create(job, [], caller.username, once)
    stores.queue.send([{"compose": job_id}])
    logger.info("job composing", extra={"job": job_id})
    return job_view(job)


def compose_job(stores: JobStores, compose, job_id: str, now: datetime, today: date) -> str:
    """Compose a `composing` job's recipients and queue it (see the module); its state after."""
    job = stores.jobs.get(job_id)
    if job["state"] != "composing":
        if job["state"] in ("queued", "sending"):
            stores.queue.enqueue(job_id, list(range(int(job["batches"]))))
        return job["state"]
    caller = Caller(job["created_by"], job["caller_role"], job["office_code"])
    try:
        recipients = checked_recipients(stores, caller, compose(caller, json.loads(job["request"]), today), now)
    except DomainError as refused:
        reason = refused.code if refused.code in STOP_REASONS else "refused"
        stores.jobs.move(job_id, ("composing",), "stopped", reason=reason)
        logger.warning("job refused when composed", extra={"job": job_id, "reason": refused.code})
        return "stopped"
    opens = window_opens(now, settings().send_window)
    state = "queued" if opens == now else "waiting"
    entries, groups = job_entries(job_id, job["kind"], recipients, now)
    stores.sms_log.queue(entries)
    totals = {"total": len(entries), "queued": len(entries), "parts": sum(int(e["parts"]) for e in entries),
              "cost_paisa": sum(int(e["cost_paisa"]) for e in entries), "batches": len(groups)}
    if not stores.jobs.composed(job_id, state, totals, [len(g) for g in groups], _iso(opens)):
        return stores.jobs.get(job_id)["state"]  # composed meanwhile by another delivery
    if state == "queued":
        stores.queue.enqueue(job_id, list(range(len(groups))))
    logger.info("job composed", extra={"job": job_id, "state": state, "total": totals["total"]})
    return state
