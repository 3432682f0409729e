"""The monthly recovery report of an area (an office sees its own area: upazila, district, division, HQ)."""
from ..config import settings
from ..domain.jurisdiction import Caller
from ..domain.loan_recovery import recovery_report
from ..domain.spreadsheet import csv_text
from .registry import readable_area


def area_recovery(loans, caller: Caller, area_code: str | None, month: str) -> dict:
    code = readable_area(caller, area_code)
    projects = {p.id: p for p in loans.projects_in_area(code)}
    # every loan of the area, a page at a time: an area of any size (HQ, a division) gets its figures
    area_loans = loans.area_loans_paged(code, settings().loan_area_page_loans)
    return {"area_code": code, **recovery_report(area_loans, projects, month, settings().arrears_rules(),
                                                 loans.fund_records_in_area(code))}


def _rate(value) -> str:
    return "" if value is None else f"{value * 100:.2f}%"


FUND_COLUMNS = (
    ("bkash_collected_paisa", "বিকাশে আদায়", "Collected by bKash"), ("deposited_paisa", "ব্যাংকে জমা", "Deposited"),
    ("difference_paisa", "পার্থক্য", "Difference"), ("allocated_paisa", "বরাদ্দ", "Fund allocated"),
    ("disbursed_paisa", "বিতরণ", "Disbursed"), ("principal_collected_paisa", "আসল আদায়", "Principal collected"),
    ("service_charge_collected_paisa", "সার্ভিস চার্জ আদায়", "Service charge collected"),
    ("service_charge_remitted_paisa", "সার্ভিস চার্জ প্রেরণ", "Service charge remitted"))
PERIODS = (("month", "মাসে", "in month"), ("to_date", "এ পর্যন্ত", "to date"))


def recovery_csv(report: dict) -> str:
    buckets = [line["bucket"] for line in report["total"]["overdue_by_bucket"]]
    header = (["প্রকল্প / Project", "উপজেলা / Upazila", "ঋণ / Loans", "মাসে প্রাপ্য (পয়সা) / Due in month (paisa)",
               "মাসে আদায় (পয়সা) / Recovered in month (paisa)", "আদায়ের হার / Recovery rate",
               "ক্রমপুঞ্জিত আদায়ের হার / Cumulative recovery rate"]
              + [f"বকেয়া {b} (পয়সা) / Overdue {b} (paisa)" for b in buckets] + ["PAR30"]
              + [f"{bn} {period_bn} (পয়সা) / {en} {period_en} (paisa)"
                 for period, period_bn, period_en in PERIODS for _, bn, en in FUND_COLUMNS])

    def row(name, upazila, values):
        return ([name, upazila, values["loans"], values["due_paisa"], values["recovered_paisa"],
                 _rate(values["recovery_rate"]), _rate(values["cumulative_recovery_rate"])]
                + [line["paisa"] for line in values["overdue_by_bucket"]] + [_rate(values["par30"]["ratio"])]
                + [values["fund"][period][name] for period, _, _ in PERIODS for name, _, _ in FUND_COLUMNS])
    rows = [row(p["project_name_bn"], p["upazila_code"], p) for p in report["projects"]]
    return csv_text(header, rows + [row("মোট / Total", report["area_code"], report["total"])])
