"""The daily scan's schedule: 09:00 in Dhaka, every day; the work is services.daily_scan (the plan)
and, through the messages queue, handlers.message_jobs.message_worker (the sending)."""
from datetime import date

from chalice import Blueprint, Cron

from .common import OnFirstUse, dhaka_today
from .stores import Offices, SmsLog, Societies, Tasks, Templates, publish_sms

daily = OnFirstUse("chalicelib.services.daily_scan")
observability = OnFirstUse("chalicelib.observability")
# a scan batch's figures -> its metrics (namespace Samabay; the operations alarms read them); ScanDue is the plan's
SCAN_METRICS = {"sms_sent": "ScanSent", "uncertain": "ScanUncertain", "errors": "ScanErrors", "sms_parts": "ScanParts"}
bp = Blueprint(__name__)


def scan_stores(pace=None):
    """The scan's stores; `pace`: what a worker waits on before each SMS (the configured rate)."""
    from ..services.reminders import ScanStores
    from ..store.loans import Loans
    from ..store.message_jobs import JobQueue
    from ..store.scan_runs import ScanRuns
    stores = ScanStores(societies=Societies(), sms_log=SmsLog(), tasks=Tasks(), offices=Offices(),
                        publish=publish_sms, templates=Templates(), queue=JobQueue(), runs=ScanRuns(), loans=Loans())
    if pace is not None:
        stores.pace = pace
    return stores


@bp.schedule(Cron(0, 3, "*", "*", "?", "*"), name="daily_scan")  # 09:00 in Dhaka
def daily_scan(event):
    """`today` may be given in the event (make scan TODAY=...); else it is the Dhaka date."""
    given = (event.to_dict().get("detail") or {}).get("today")
    try:
        figures = daily.run_scan(date.fromisoformat(given) if given else dhaka_today(), scan_stores())
    except Exception:
        observability.count("ScanSucceeded", 0)
        raise
    observability.count("ScanSucceeded", 1)  # planned and queued: "no success by 10:00" alarms on its absence
    observability.count("ScanDue", figures["due"])
    daily.logger.info("scan planned and queued", extra=figures)
    return figures


def count_scan_batch(figures: dict) -> None:
    """What one of the scan's queue messages did, as metrics (summed over the day by CloudWatch)."""
    for figure, metric in SCAN_METRICS.items():
        observability.count(metric, figures.get(figure, 0))
