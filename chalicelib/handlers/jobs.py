"""The daily scan's schedule: 09:00 in Dhaka, every day; the work is services.reminders."""
from datetime import date

from chalice import Blueprint, Cron

from .common import OnFirstUse, dhaka_today
from .stores import Offices, SmsLog, Societies, Tasks, Templates, publish_sms

reminders = OnFirstUse("chalicelib.services.reminders")
bp = Blueprint(__name__)


def scan_stores():
    return reminders.ScanStores(societies=Societies(), sms_log=SmsLog(), tasks=Tasks(), offices=Offices(),
                                publish=publish_sms, templates=Templates())


@bp.schedule(Cron(0, 3, "*", "*", "?", "*"), name="daily_scan")  # 09:00 in Dhaka
def daily_scan(event):
    """`today` may be given in the event (make scan TODAY=...); else it is the Dhaka date."""
    given = (event.to_dict().get("detail") or {}).get("today")
    figures = reminders.run_scan(date.fromisoformat(given) if given else dhaka_today(), scan_stores())
    reminders.logger.info("scan finished", extra=figures)
    return figures
