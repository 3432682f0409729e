"""What the payment core has taken in, read by officers of an area: deposits (by day, and as a
CSV file), payments flagged for review, and sales, each optionally for one purpose (orders now,
loan instalments later). Everything here reads the payments' own records: a purpose describes
its payments when they start (what was paid for, to whom, how many), so no report joins back.
"""
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone

from ..domain import geography
from ..domain.calendar import DHAKA
from ..domain.errors import Invalid
from ..domain.jurisdiction import Caller, may_write
from ..domain.payments import Payment, refundable
from ..domain.spreadsheet import csv_text
from ..store.payments import UNMATCHED
from . import payments as payment_core
from .registry import readable_area

def _credited(payments, caller: Caller, area_code: str | None, start: str, end: str,
              purpose: str | None) -> tuple[str, list[Payment]]:
    area = readable_area(caller, area_code)
    found = [p for d in geography.districts_under(area) for p in payments.deposits(d, start, end)
             if p.upazila_code.startswith(area) and (purpose is None or p.purpose == purpose)]
    return area, found


def net_paisa(payment: Payment) -> int:
    return payment.paid_paisa - payment.refunded_paisa


def deposits(payments, caller: Caller, area_code: str | None, start: str, end: str, purpose: str | None = None) -> dict:
    area, found = _credited(payments, caller, area_code, start, end, purpose)
    found.sort(key=lambda p: p.completed_at, reverse=True)
    by_day = defaultdict(lambda: {"count": 0, "total_paisa": 0})
    for p in found:
        day = by_day[dhaka_date(p.completed_at)]
        day["count"] += 1
        day["total_paisa"] += net_paisa(p)
    items = [{**payment_core.view(p), "payment_id": p.bkash_payment_id, "invoice_no": p.purpose_ref,
              "net_paisa": net_paisa(p)} for p in found]
    return {"area_code": area, "items": items, "count": len(items),
            "total_paisa": sum(i["net_paisa"] for i in items),
            "by_day": [{"date": d, **v} for d, v in sorted(by_day.items(), reverse=True)]}


def flagged(payments, caller: Caller, area_code: str | None, purpose: str | None = None) -> list[dict]:
    """Payments needing review in the area; notifications matching no payment (headquarters only,
    and only unfiltered: they name no purpose)."""
    area = readable_area(caller, area_code)
    items = [i for d in geography.districts_under(area) for i in payments.flagged(d)
             if i.get("upazila_code", "").startswith(area) and (purpose is None or i.get("purpose") == purpose)]
    if caller.role == "hq" and not area and purpose is None:
        items += payments.flagged(UNMATCHED)
    for item in items:
        if item["kind"] == "payment":
            item["payment_id"] = item.get("bkash_payment_id")
            item["refundable"] = bool(item["payment_id"]) and refundable(item["state"], item.get("trx_id")) \
                and may_write(caller, item.get("upazila_code", ""))
    return items


SALES_KEYS = {
    "society": lambda p: (p.society_id, p.payee_bn, p.payee_en or p.payee_bn),
    "product": lambda p: (p.item_id, p.item_bn, p.item_en),
    "area": lambda p: (p.upazila_code, _area_name(p.upazila_code, "bn"), _area_name(p.upazila_code, "en")),
    "month": lambda p: (dhaka_date(p.completed_at)[:7],) * 3,
}


def _area_name(code: str, language: str) -> str:
    found = geography.area(code)
    return found[f"name_{language}"] if found else code


def sales(payments, caller: Caller, area_code: str | None, by: str, start: str, end: str,
          purpose: str | None = None) -> dict:
    """What was sold (paid for, net of refunds) in the area, grouped by society, product (what was
    paid for), area or month; a payment refunded in full sold nothing."""
    if by not in SALES_KEYS:
        raise Invalid("invalid_parameter", "by must be society, product, area or month.",
                      "by হতে হবে society, product, area বা month।")
    area, found = _credited(payments, caller, area_code, start, end, purpose)
    rows: dict = {}
    for payment in found:
        if net_paisa(payment) <= 0:
            continue
        key, label_bn, label_en = SALES_KEYS[by](payment)
        row = rows.setdefault(key, {"key": key, "label_bn": label_bn, "label_en": label_en, "orders": 0,
                                    "quantity": 0, "amount_paisa": 0})
        row["orders"] += 1
        row["quantity"] += payment.quantity
        row["amount_paisa"] += net_paisa(payment)
    ordered = sorted(rows.values(), key=lambda r: (-r["amount_paisa"], r["key"]))
    return {"area_code": area, "by": by, "rows": ordered, "total_paisa": sum(r["amount_paisa"] for r in ordered),
            "orders": sum(r["orders"] for r in ordered)}


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        day = None
    if day is None or not 1900 <= day.year <= 2199:
        raise Invalid("invalid_date", f"{name} must be a date from 1900 to 2199, YYYY-MM-DD.",
                      f"{name} ১৯০০ থেকে ২১৯৯ সালের একটি তারিখ YYYY-MM-DD আকারে দিন।")
    return day


def period(params: dict) -> tuple[str, str]:
    """`from` and `to` (Dhaka dates, both included) as UTC instants [start, end) to compare stored times with."""
    first, last = _day(params.get("from"), "from"), _day(params.get("to"), "to")
    if first and last and first > last:
        raise Invalid("invalid_period", "from must not be after to.", "শুরুর তারিখ শেষের তারিখের পরে হতে পারে না।")
    start = _instant(first) if first else " "
    end = _instant(last + timedelta(days=1)) if last else "~"
    return start, end


def _instant(day: date) -> str:
    return datetime(day.year, day.month, day.day, tzinfo=DHAKA).astimezone(timezone.utc).isoformat(timespec="seconds")


def dhaka_date(instant: str) -> str:
    return datetime.fromisoformat(instant).astimezone(DHAKA).date().isoformat()


DEPOSIT_COLUMNS = (("completed_at", "সময় / Time (UTC)"), ("invoice_no", "ইনভয়েস / Invoice"),
                   ("payment_id", "bKash paymentID"), ("trx_id", "TrxID"), ("society_id", "সমিতি / Society"),
                   ("upazila_code", "উপজেলা / Upazila"), ("amount_paisa", "পরিমাণ (পয়সা) / Amount (paisa)"),
                   ("refunded_paisa", "ফেরত (পয়সা) / Refunded (paisa)"), ("net_paisa", "নিট (পয়সা) / Net (paisa)"),
                   ("state", "অবস্থা / State"))


def deposits_csv(found: dict) -> str:
    rows = [[item.get(name, "") for name, _ in DEPOSIT_COLUMNS] for item in found["items"]]
    rows.append(["মোট / Total", "", "", "", "", "", "", "", found["total_paisa"], ""])
    return csv_text([label for _, label in DEPOSIT_COLUMNS], rows)
