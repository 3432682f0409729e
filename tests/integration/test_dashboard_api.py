"""GET /api/dashboard: the figures behind the officer's home charts, read from the counters and the
payments' own records, for the caller's area only."""
from chalicelib.handlers.common import dhaka_today
from chalicelib.services.dashboard import recent_months

from .payment_fixtures import bkash_server, shop, sim  # noqa: F401,F811 (fixtures)


def test_recent_months_run_oldest_first_across_a_new_year():
    from datetime import date
    assert recent_months(date(2027, 2, 14), 4) == ["2026-11", "2026-12", "2027-01", "2027-02"]


def test_a_district_sees_each_upazila_by_colour_as_the_summary_counts_it(as_user):
    dco = as_user("dco.demo")
    status, board = dco.get("/api/dashboard")
    assert status == 200 and board["area"]["code"] == "4044"
    assert {a["code"][:4] for a in board["by_area"]} == {"4044"} and len(board["by_area"]) > 1
    for area in board["by_area"]:
        summary = dco.get(f"/api/societies/summary?area_code={area['code']}")[1]
        assert (area["total"], area["by_status"]) == (summary["total"], summary["by_status"])
    assert [m["month"] for m in board["sms_by_month"]] == recent_months(dhaka_today())
    assert all(m["cap_paisa"] > 0 for m in board["sms_by_month"])
    assert as_user("uco.demo").get("/api/dashboard?area_code=4044")[0] == 403


def test_a_paid_order_counts_in_this_months_deposits_and_the_csv_says_the_same(shop, as_user):
    order = shop.order(quantity=1)
    started = shop.pay(order["invoice_no"])
    shop.callback(shop.approve(started["payment_id"]))
    uco = as_user("uco.demo")
    status, board = uco.get("/api/dashboard")
    assert status == 200 and board["by_area"] == []  # an upazila has no areas below it
    this_month = board["deposits_by_month"][-1]
    assert this_month["month"] == dhaka_today().isoformat()[:7]
    assert (this_month["count"], this_month["total_paisa"]) == (1, order["amount_paisa"])
    status, text = uco.get("/api/dashboard?format=csv")
    assert status == 200 and isinstance(text, str)
    assert f"জমা / Deposits,{this_month['month']},,,,,,1,{order['amount_paisa']}," in text
