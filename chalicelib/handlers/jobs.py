"""The daily scan's schedule: 09:00 in Dhaka, every day; the work is services.daily_scan (the plan)
and, through the messages queue, handlers.message_jobs.message_worker (the sending)."""
from datetime import date

from chalice import Blueprint, Cron

from .common import OnFirstUse, dhaka_today
from .stores import Offices, SmsLog, Societies, Tasks, Templates, publish_sms

daily = OnFirstUse("chalicelib.services.daily_scan")
bp = Blueprint(__name__)


def scan_stores(pace=None):
    """The scan's stores; `pace`: what a worker waits on before each SMS (the configured rate)."""
    from ..services.reminders import ScanStores
    from ..store.message_jobs import JobQueue
    from ..store.scan_runs import ScanRuns
    stores = ScanStores(societies=Societies(), sms_log=SmsLog(), tasks=Tasks(), offices=Offices(),
                        publish=publish_sms, templates=Templates(), queue=JobQueue(), runs=ScanRuns())
    if pace is not None:
        stores.pace = pace
    return stores


@bp.schedule(Cron(0, 3, "*", "*", "?", "*"), name="daily_scan")  # 09:00 in Dhaka
def daily_scan(event):
    """`today` may be given in the event (make scan TODAY=...); else it is the Dhaka date."""
    given = (event.to_dict().get("detail") or {}).get("today")
    figures = daily.run_scan(date.fromisoformat(given) if given else dhaka_today(), scan_stores())
    daily.logger.info("scan planned and queued", extra=figures)
    return figures
