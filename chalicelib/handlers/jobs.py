"""The daily scan's schedule: 09:00 in Dhaka, every day; the work is services.reminders."""
from datetime import date

from chalice import Blueprint, Cron

from .common import OnFirstUse, dhaka_today
from .stores import Offices, SmsLog, Societies, Tasks, Templates, publish_sms

reminders = OnFirstUse("chalicelib.services.reminders")
observability = OnFirstUse("chalicelib.observability")
# the run's figures -> its metrics (namespace Samabay; the operations alarms read them)
SCAN_METRICS = {"due": "ScanDue", "sms_sent": "ScanSent", "uncertain": "ScanUncertain", "errors": "ScanErrors",
                "sms_parts": "ScanParts"}
bp = Blueprint(__name__)


def scan_stores():
    return reminders.ScanStores(societies=Societies(), sms_log=SmsLog(), tasks=Tasks(), offices=Offices(),
                                publish=publish_sms, templates=Templates())


@bp.schedule(Cron(0, 3, "*", "*", "?", "*"), name="daily_scan")  # 09:00 in Dhaka
def daily_scan(event):
    """`today` may be given in the event (make scan TODAY=...); else it is the Dhaka date."""
    given = (event.to_dict().get("detail") or {}).get("today")
    try:
        figures = reminders.run_scan(date.fromisoformat(given) if given else dhaka_today(), scan_stores())
    except Exception:
        observability.count("ScanSucceeded", 0)
        raise
    for figure, metric in SCAN_METRICS.items():
        observability.count(metric, figures.get(figure, 0))
    observability.count("ScanSucceeded", 1)  # the run finished: "no success by 10:00" alarms on its absence
    observability.logger.info("scan finished", extra=figures)
    return figures
