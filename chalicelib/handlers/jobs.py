"""The daily scan's schedule: 09:00 in Dhaka, every day; the work is services.daily_scan (the plan)
and, through the messages queue, handlers.message_jobs.message_worker (the sending)."""
import logging
from datetime import date
from functools import lru_cache

from chalice import Blueprint, Cron

from ..config import settings
from .common import OnFirstUse, dhaka_today
from .stores import Budgets, Offices, SmsLog, Societies, Tasks, Templates, publish_sms

daily = OnFirstUse("chalicelib.services.daily_scan")
observability = OnFirstUse("chalicelib.observability")
# a scan batch's figures -> its metrics (namespace Samabay; the operations alarms read them); ScanDue is the plan's
SCAN_METRICS = {"sms_sent": "ScanSent", "uncertain": "ScanUncertain", "errors": "ScanErrors", "sms_parts": "ScanParts"}
bp = Blueprint(__name__)


def scan_stores(pace=None, templates=None):
    """The scan's stores; `pace`: what a worker waits on before each SMS (the configured rate); `templates`:
    the texts to use (store.templates.Templates, which reads each scope once)."""
    from ..services.reminders import ScanStores
    from ..store.loans import Loans
    from ..store.message_jobs import JobQueue
    from ..store.scan_runs import ScanRuns
    stores = ScanStores(societies=Societies(), sms_log=SmsLog(), tasks=Tasks(), offices=Offices(),
                        publish=publish_sms, templates=templates or Templates(), queue=JobQueue(), runs=ScanRuns(),
                        loans=Loans(), budgets=Budgets(), budget_notices=budget_notice_stores())
    if pace is not None:
        stores.pace = pace
    return stores


def budget_notice_stores(users=None):
    """What budget files' notices go through (the API's steps and the scan's late files alike); `users`: where
    the society's users' phones are read (the API's; the scan tells offices only)."""
    from ..services.budget_notices import NoticeStores
    from ..store.email import EmailLog, send_email
    from .stores import Officers
    return NoticeStores(sms_log=SmsLog(), publish=publish_sms, email_log=EmailLog(), send_email=send_email,
                        offices=Offices(), officers=Officers(), societies=Societies(), templates=Templates(),
                        tasks=Tasks(), users=users)


@lru_cache(maxsize=2)
def run_templates(run_id: str):
    """A scan run's texts, each district's read once by a warm worker, not once per queue message (a big
    day is thousands of them); a text saved while a run sends applies from the next run, or in a worker
    that reads it first."""
    return Templates()


@bp.schedule(Cron(0, 3, "*", "*", "?", "*"), name="daily_scan")  # 09:00 in Dhaka
def daily_scan(event):
    """`today` may be given in the event (make scan TODAY=...); else it is the Dhaka date. A plan longer
    than this invocation is handed on to the message worker (services.daily_scan.continue_scan)."""
    given = (event.to_dict().get("detail") or {}).get("today")
    try:
        figures = daily.run_scan(date.fromisoformat(given) if given else dhaka_today(), scan_stores(),
                                 time_left=time_left(event.context))
    except Exception:
        observability.count("ScanSucceeded", 0)
        raise
    report_plan(figures)
    return figures


def time_left(context):
    """Seconds the invocation has left, from its Lambda context; None (no limit) where there is none (make scan)."""
    return None if context is None else (lambda: context.get_remaining_time_in_millis() / 1000)


def report_plan(figures: dict) -> None:
    """The plan's metrics, by the invocation that completed it: "no success by 10:00" alarms on the absence
    of ScanSucceeded."""
    if not figures["planned"]:
        daily.logger.info("scan planned in part and handed on", extra=figures)
        return
    observability.count("ScanSucceeded", 1)
    observability.count("ScanDue", figures["due"])
    daily.logger.info("scan planned and queued", extra=figures)


def count_scan_batch(figures: dict) -> None:
    """What one of the scan's queue messages did, as metrics (summed over the day by CloudWatch)."""
    for figure, metric in SCAN_METRICS.items():
        observability.count(metric, figures.get(figure, 0))


def scan_message(body: dict, context) -> bool:
    """One message of the daily scan for the message worker: the rest of a plan, or a batch of societies or
    digests sent at the configured rate; False if the message must come back (a digest SNS did not take)."""
    from ..services.message_jobs import Pacer
    if body.get("correlation_id"):
        observability.use_correlation_id(body["correlation_id"])  # the scan run that queued it
    if "plan" in body:  # handed on by an invocation short of time
        figures = daily.continue_scan(scan_stores(), body, time_left(context))
        if figures:
            report_plan(figures)
        return True
    figures = daily.run_batch(scan_stores(pace=Pacer(settings().sms_rate_per_second).wait,
                                          templates=run_templates(body["scan"])), body)
    count_scan_batch(figures)
    done = not figures.get("retry")
    daily.logger.log(logging.INFO if done else logging.WARNING,
                     "scan batch sent" if done else "scan digest not sent; its message comes back",
                     extra={"run": body["scan"], "batch": body["batch"], **figures})
    return done
