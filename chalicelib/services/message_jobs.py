"""Bulk SMS: a job is queued in batches, sent by workers within SNS's rate, each SMS once.

start_job writes the job and one `queued` log entry per recipient, then one queue message per
batch (or nothing yet, outside the send window: the job waits, and release_waiting queues it
when the window opens). A worker claims each entry before sending it, so a queue message
delivered twice, or a worker killed and its batch delivered again, sends every remaining
recipient once; an entry a dead worker had claimed becomes `unknown` for a person to decide.
The monthly cap of the office an SMS counts for stops a job (never the daily scan's reminders).
"""
import secrets
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

from ..config import settings
from ..domain.errors import Conflict, Invalid
from ..domain.jurisdiction import Caller, check_read
from ..domain.outbox import (SPEND_CAP_REACHED, Recipient, batches, month_of, over_cap,
                             unique, window_opens)
from ..domain.sms import sms_size
from ..observability import correlation_id, use_correlation_id
from .sms_sender import logger, send_claimed

JOB_FIELDS = ("job_id", "state", "kind", "description", "total", "queued", "sending", "sent", "failed", "unknown",
              "suppressed", "parts", "cost_paisa", "starts_at", "created_at", "created_by", "office_code")
MAX_RECIPIENTS = 250_000


@dataclass
class JobStores:
    jobs: object          # store.message_jobs.Jobs
    sms_log: object       # store.sms.SmsLog
    spend: object         # store.message_jobs.Spend
    queue: object         # store.message_jobs.JobQueue
    publish: Callable[[str, str], str]


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def job_view(job: dict) -> dict:
    view = {k: job.get(k) for k in JOB_FIELDS}
    if job.get("stop_reason"):
        view["stop_reason"] = job["stop_reason"]
    return view


def cap_reached(offices: list[str]) -> Conflict:
    named = ", ".join(o or "HQ" for o in offices)
    return Conflict(SPEND_CAP_REACHED, f"The monthly SMS spend cap is reached for office {named}.",
                    f"অফিস {named} এর মাসিক এসএমএস ব্যয়ের সীমা পূর্ণ হয়েছে।")


def start_job(stores: JobStores, caller: Caller, kind: str, recipients: list[Recipient], now: datetime, *,
              description: str = "") -> dict:
    """Queue a bulk send (state `queued`, or `waiting` until the window opens at `starts_at`)."""
    return _start(stores, caller, kind, recipients, now, description, None)


def start_job_once(stores: JobStores, caller: Caller, kind: str, recipients: list[Recipient], now: datetime,
                   once: str, *, description: str = "") -> tuple[dict, bool]:
    """start_job, unless a job was started for `once` already (a double tap): (the job, whether it
    was started now). Each recipient gets the message once either way."""
    from ..store.message_jobs import JOB_STARTED
    held = stores.jobs.started(once)
    if held is None:
        try:
            return _start(stores, caller, kind, recipients, now, description, once), True
        except Conflict as exc:
            if exc is not JOB_STARTED:
                raise
            held = stores.jobs.started(once)  # started a moment ago by a request racing this one
    return job_view({**held, **stores.jobs.totals(held["job_id"])}), False


def checked_recipients(stores: JobStores, caller: Caller, recipients: list[Recipient], now: datetime) -> list:
    """Each (number, text) once; refused when there is nobody, too many, an office outside the
    caller's, or an office whose monthly cap is reached."""
    recipients = unique(recipients)
    if not recipients:
        raise Invalid("no_recipients", "No one to send to.", "পাঠানোর মতো কোনো প্রাপক নেই।")
    if len(recipients) > MAX_RECIPIENTS:
        raise Invalid("too_many_recipients", f"At most {MAX_RECIPIENTS} recipients in one send.",
                      f"এক বারে সর্বোচ্চ {MAX_RECIPIENTS} জন প্রাপক।")
    for office in {r.office_code for r in recipients}:
        check_read(caller, office)
    spend = stores.spend.status([r.office_code for r in recipients], month_of(now))
    reached = [o for o, s in spend.items() if s["spent_paisa"] >= s["cap_paisa"]]
    if reached:
        raise cap_reached(reached)
    return recipients


def new_job_id(now: datetime) -> str:
    return f"{now.astimezone(timezone.utc):%Y%m%d%H%M%S}{secrets.token_hex(3)}"


def job_entries(job_id: str, kind: str, recipients: list[Recipient], now: datetime) -> tuple[list[dict], list]:
    """The job's `queued` SMS log entries, and its recipients in batches (one queue message each)."""
    from ..store.sms import new_entry  # the entry's shape is the log's
    sizes = {text: sms_size(text) for text in {r.text for r in recipients}}
    groups = batches(recipients)
    entries = [new_entry(f"JOB#{job_id}", f"{b:05d}#{i:03d}", phone=r.phone, text=r.text, size=sizes[r.text],
                         office_code=r.office_code, kind=kind, role=r.role, society_id=r.society_id,
                         job_id=job_id, at=now)
               for b, group in enumerate(groups) for i, r in enumerate(group)]
    return entries, groups


def _start(stores: JobStores, caller: Caller, kind: str, recipients: list[Recipient], now: datetime,
           description: str, once: str | None) -> dict:
    recipients = checked_recipients(stores, caller, recipients, now)
    job_id = new_job_id(now)
    opens = window_opens(now, settings().send_window)
    entries, groups = job_entries(job_id, kind, recipients, now)
    job = {"job_id": job_id, "state": "queued" if opens == now else "waiting", "kind": kind,
           "description": description[:500], "total": len(entries), "queued": len(entries), "sending": 0,
           "sent": 0, "failed": 0, "unknown": 0, "suppressed": 0, "parts": sum(int(e["parts"]) for e in entries),
           "cost_paisa": sum(int(e["cost_paisa"]) for e in entries), "starts_at": _iso(opens),
           "created_at": _iso(now), "created_by": caller.username, "office_code": caller.office_code,
           "batches": len(groups), "correlation_id": correlation_id()}  # its batches' log lines carry it
    stores.jobs.create(job, [len(g) for g in groups], caller.username, once)
    stores.sms_log.queue(entries)
    if job["state"] == "queued":
        stores.queue.enqueue(job_id, list(range(len(groups))))
    logger.info("job started", extra={"job": job_id, "state": job["state"], "total": job["total"]})
    return job_view(job)


def release_waiting(stores: JobStores, now: datetime) -> int:
    """Queue the jobs whose window has opened (every 15 minutes); the queue first, then the
    state, so a crash between them leaves a job that the next run queues again (claims
    make a second queue message harmless)."""
    released = 0
    for job in stores.jobs.waiting_until(_iso(now)):
        stores.queue.enqueue(job["job_id"], list(range(int(job["batches"]))))
        released += stores.jobs.move(job["job_id"], ("waiting",), "queued")
    return released


class Pacer:
    """At most `rate` calls per second."""

    def __init__(self, rate: float, clock=time.monotonic, sleep=time.sleep):
        self.gap, self.clock, self.sleep, self.next_at = 1.0 / rate, clock, sleep, clock()

    def wait(self) -> None:
        delay = self.next_at - self.clock()
        if delay > 0:
            self.sleep(delay)
        self.next_at = max(self.next_at, self.clock()) + self.gap


def run_batch(stores: JobStores, job_id: str, batch: int, now: datetime, pacer: Pacer | None = None) -> dict:
    """Send one batch of a job (one queue message); what happened, by outcome. The batch's
    counters are rewritten from its entries' states every few SMS and at the end."""
    figures = {"sent": 0, "failed": 0, "unknown": 0, "suppressed": 0, "skipped": 0}
    job = stores.jobs.get(job_id)
    if job.get("correlation_id"):
        use_correlation_id(job["correlation_id"])  # the request that started the job
    if job["state"] not in ("queued", "sending"):
        return {**figures, "state": job["state"]}  # waiting (queued again later), done or stopped
    opens = window_opens(now, settings().send_window)
    if opens != now:
        # the window closed since the job was queued: it waits for the next opening, and
        # release_waiting queues it again (claims keep each SMS once)
        stores.jobs.wait_again(job_id, ("queued", "sending"), _iso(opens))
        logger.info("job waits for the send window", extra={"job": job_id, "starts_at": _iso(opens)})
        return {**figures, "state": stores.jobs.get(job_id)["state"]}
    stores.jobs.move(job_id, ("queued",), "sending")
    pacer = pacer or Pacer(settings().sms_rate_per_second)
    entries = stores.sms_log.batch_entries(job_id, batch)
    states = {e["sk"]: e["status"] for e in entries}
    suppressed = stores.sms_log.suppressed_among([e["phone"] for e in entries if e["status"] == "queued"])
    spend = stores.spend.status([e["office_code"] for e in entries], month_of(now))
    stale_before = _iso(now - timedelta(seconds=settings().stale_claim_seconds))

    def counted() -> None:
        stores.jobs.save_batch(job_id, batch, Counter(states.values()))

    for done, entry in enumerate(entries, 1):
        if done % 10 == 0:
            counted()
        if entry["status"] == "sending" and entry.get("claimed_at", "") < stale_before:
            # claimed by a worker that died: SNS may or may not have it; a person decides
            if stores.sms_log.mark(entry, "unknown", error="worker_stopped"):
                states[entry["sk"]] = "unknown"
                figures["unknown"] += 1
            continue
        if entry["status"] != "queued":
            figures["skipped"] += 1
            continue
        if entry["phone"] in suppressed:
            if stores.sms_log.mark(entry, "suppressed", from_status="queued"):
                states[entry["sk"]] = "suppressed"
                figures["suppressed"] += 1
            continue
        office = spend[entry["office_code"]]
        if over_cap(office["spent_paisa"], int(entry["cost_paisa"]), office["cap_paisa"]):
            counted()
            stores.jobs.move(job_id, ("queued", "sending"), "stopped", reason=SPEND_CAP_REACHED)
            logger.warning("job stopped: spend cap", extra={"job": job_id, "office": entry["office_code"]})
            summarise(stores, job_id)
            return {**figures, "state": "stopped"}
        if not stores.sms_log.claim_queued(entry, now):
            figures["skipped"] += 1
            continue
        states[entry["sk"]] = "sending"
        pacer.wait()
        outcome = send_claimed(stores.sms_log, stores.publish, entry, retry_later=False, suppressed=False)
        states[entry["sk"]] = outcome
        figures[outcome] += 1
        if outcome == "sent":
            office["spent_paisa"] += int(entry["cost_paisa"])
    counted()
    return {**figures, "state": summarise(stores, job_id)}


def summarise(stores: JobStores, job_id: str) -> str:
    """The job's counters onto its item, and `done` once no entry is queued or being sent.
    Summaries are ordered by when the store read the counters (not by a batch's `now`: a batch
    that started first may finish last, and its summary is the newest)."""
    totals, read_at = stores.jobs.totals_read(job_id)
    finished = totals["queued"] == 0 and totals["sending"] == 0
    if stores.jobs.save_summary(job_id, totals, read_at, finished) and finished:
        logger.info("job done", extra={"job": job_id, **totals})
    return stores.jobs.get(job_id)["state"]


def delivery_status(sms_log, event: dict) -> dict:
    """Move the log entries SNS reports on (a CloudWatch Logs subscription event)."""
    from ..domain.outbox import delivery_reports
    reports = delivery_reports(event)
    moved = sum(sms_log.delivery_report(message_id, status) for message_id, status in reports)
    logger.info("delivery reports", extra={"reports": len(reports), "moved": moved})
    return {"reports": len(reports), "moved": moved}
