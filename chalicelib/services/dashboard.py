"""The officer's home at a glance: the societies of each area one level down by colour, the money
deposited per month and the SMS spend against the cap per month (the last six months), each with
its figures, and the same as a CSV file. Everything is read from counters and the payments' own
records; nothing is summed in the browser."""
from datetime import date

from ..domain import geography
from ..domain.jurisdiction import Caller
from ..domain.spreadsheet import csv_text
from . import payment_reports
from .registry import readable_area, status_counts

MONTHS = 6


def recent_months(today: date, count: int = MONTHS) -> list[str]:
    """The last `count` months up to today's, oldest first ("2026-07" … "2026-12")."""
    index = today.year * 12 + today.month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - count + 1, index + 1)]


def office_dashboard(societies, payments, spend, caller: Caller, area_code: str | None, today: date) -> dict:
    area = readable_area(caller, area_code)
    below = [] if geography.is_upazila(area) else geography.children(area)
    by_area = [{"code": a["code"], "name_bn": a["name_bn"], "name_en": a["name_en"],
                **status_counts(societies, a["code"], today)} for a in below]
    months = recent_months(today)
    start, end = payment_reports.period({"from": f"{months[0]}-01", "to": today.isoformat()})
    credited = payment_reports.deposits(payments, caller, area, start, end)
    deposits = {m: {"month": m, "count": 0, "total_paisa": 0} for m in months}
    for day in credited["by_day"]:
        month = deposits.get(day["date"][:7])
        if month:
            month["count"] += day["count"]
            month["total_paisa"] += day["total_paisa"]
    sms = [{"month": m, **spend.status([area], m)[area]} for m in months]
    return {"area": geography.area(area), "by_area": by_area, "deposits_by_month": list(deposits.values()),
            "sms_by_month": sms}


CSV_HEADER = ["ধরন / Chart", "এলাকা বা মাস / Area or month", "নাম / Name", "সমিতি / Societies", "সবুজ / Green",
              "হলুদ / Yellow", "লাল / Red", "সংখ্যা / Count", "পরিমাণ (পয়সা) / Amount (paisa)",
              "সীমা (পয়সা) / Cap (paisa)"]


def dashboard_csv(board: dict) -> str:
    """The figures behind the charts: one row per area, per month of deposits, per month of SMS."""
    rows = [["সমিতি / Societies", a["code"], a["name_bn"], a["total"], a["by_status"]["green"],
             a["by_status"]["yellow"], a["by_status"]["red"], "", "", ""] for a in board["by_area"]]
    rows += [["জমা / Deposits", m["month"], "", "", "", "", "", m["count"], m["total_paisa"], ""]
             for m in board["deposits_by_month"]]
    rows += [["এসএমএস / SMS", m["month"], "", "", "", "", "", m["sms"], m["spent_paisa"], m["cap_paisa"]]
             for m in board["sms_by_month"]]
    return csv_text(CSV_HEADER, rows)
