"""Market fixes of issue 16 §4, each found by a test that failed first: product notices go through the
SMS pipeline's jobs (cap, window, suppression list, the sender's own area), only paying buyers are
subscribed, stock is reserved when the buyer goes to pay, orders per phone are limited, and the
reconciler expires every abandoned order."""
from datetime import datetime, timedelta, timezone

import pytest
from moto.core import DEFAULT_ACCOUNT_ID
from moto.sns.models import sns_backends

from .conftest import REGION
from .payment_fixtures import BUYER, bkash_server, shop, sim  # noqa: F401,F811 (fixtures)
from .test_message_jobs import drain

NOTICE = {"text": "নতুন পণ্য: খাঁটি ঘি ৯৫০ টাকা কেজি, অর্ডার ৩০ নভেম্বরের মধ্যে।"}


def notices_to(phone: str) -> list[str]:
    """The product notices (not the payment receipts) that went to `phone`."""
    return [text for number, text in sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages.values()
            if number == phone and text == NOTICE["text"]]


@pytest.fixture
def open_window(monkeypatch):
    """Bulk SMS may go out at any hour (the send window is all day)."""
    monkeypatch.setenv("SMS_WINDOW_START", "00:00")
    monkeypatch.setenv("SMS_WINDOW_END", "24:00")
    monkeypatch.setenv("SMS_RATE_PER_SECOND", "10000")
    sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages.clear()
    from chalicelib.store import aws
    aws.reset()


def paid(shop, **overrides):
    order = shop.order(quantity=1, **overrides)
    started = shop.pay(order["invoice_no"], overrides.get("buyer_phone", BUYER["buyer_phone"]))
    shop.callback(shop.approve(started["payment_id"]))
    return order


def product_stock(shop) -> int:
    return shop.public.get(f"/api/public/products/{shop.product['id']}")[1]["stock"]


# --- who is subscribed -------------------------------------------------------------------------------

def test_an_unpaid_order_subscribes_no_one_a_paid_one_does(shop, as_user):
    uco = as_user("uco.demo")
    shop.order(sms_opt_in=True, buyer_phone="01812345671")  # anonymous, never paid
    assert uco.post("/api/market/notices", NOTICE)[1]["recipients"] == 0
    paid(shop, sms_opt_in=True)
    paid(shop, sms_opt_in=False, buyer_phone="01812345672")  # paid, but did not ask
    assert uco.post("/api/market/notices", NOTICE)[1]["recipients"] == 1


# --- product notices through the SMS pipeline's jobs -------------------------------------------------------

def test_a_notice_is_a_job_sent_once_even_when_confirmed_twice(shop, as_user, env, open_window):
    paid(shop, sms_opt_in=True)
    uco = as_user("uco.demo")
    status, preview = uco.post("/api/market/notices", NOTICE)
    assert status == 200 and preview["confirmed"] is False and preview["recipients"] == 1
    assert preview["encoding"] == "UCS-2" and preview["total_parts"] == 1
    status, sent = uco.post("/api/market/notices", {**NOTICE, "confirm": True})
    assert status == 202 and sent["confirmed"] is True and sent["job_id"] and sent["state"] == "queued"
    status, again = uco.post("/api/market/notices", {**NOTICE, "confirm": True})  # a double tap
    assert status == 200 and again["job_id"] == sent["job_id"]
    drain(env)
    assert notices_to("+8801712345678") == [NOTICE["text"]]
    status, job = uco.get(f"/api/messages/jobs/{sent['job_id']}")
    assert status == 200 and (job["state"], job["sent"], job["kind"]) == ("done", 1, "product_notice")


def test_a_kaliganj_office_reaches_only_its_own_upazilas_buyers(shop, as_user, env, open_window):
    paid(shop, sms_opt_in=True)  # a buyer of a Jhenaidah Sadar (404419) product
    uco2 = as_user("uco2.demo")  # Kaliganj (404433), same district
    status, preview = uco2.post("/api/market/notices", NOTICE)
    assert status == 200 and preview["recipients"] == 0
    status, body = uco2.post("/api/market/notices", {**NOTICE, "confirm": True})
    assert status == 400 and body["error"]["code"] == "no_recipients"
    drain(env)
    assert notices_to("+8801712345678") == []
    status, preview = as_user("dco.demo").post("/api/market/notices", NOTICE)  # the district reaches both
    assert preview["recipients"] == 1


def test_a_notice_stops_at_the_offices_monthly_cap(shop, as_user, env, open_window):
    paid(shop, sms_opt_in=True)
    assert as_user("dco.demo").call("put", "/api/messages/spend/404419", {"cap_paisa": 0})[0] == 200
    status, body = as_user("uco.demo").post("/api/market/notices", {**NOTICE, "confirm": True})
    assert status == 409 and body["error"]["code"] == "spend_cap_reached"
    drain(env)
    assert notices_to("+8801712345678") == []


def test_a_notice_waits_for_the_send_window(shop, as_user, env, monkeypatch):
    paid(shop, sms_opt_in=True)
    sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages.clear()
    opens = (datetime.now(timezone(timedelta(hours=6))).hour + 2) % 24  # an hour-long window, two hours away
    monkeypatch.setenv("SMS_WINDOW_START", f"{opens:02d}:00")
    monkeypatch.setenv("SMS_WINDOW_END", f"{opens + 1:02d}:00" if opens < 23 else "24:00")
    from chalicelib.store import aws
    aws.reset()
    status, sent = as_user("uco.demo").post("/api/market/notices", {**NOTICE, "confirm": True})
    assert status == 202 and sent["state"] == "waiting"
    drain(env)
    assert notices_to("+8801712345678") == []


def test_a_suppressed_number_gets_no_notice(shop, as_user, env, open_window):
    paid(shop, sms_opt_in=True)
    uco = as_user("uco.demo")
    assert uco.post("/api/messages/suppressions", {"phone": BUYER["buyer_phone"], "reason": "চান না"})[0] == 201
    status, sent = uco.post("/api/market/notices", {**NOTICE, "confirm": True})
    assert status == 202
    drain(env)
    assert notices_to("+8801712345678") == []
    assert uco.get(f"/api/messages/jobs/{sent['job_id']}")[1]["suppressed"] == 1


# --- stock, limits, expiry --------------------------------------------------------------------------------

def test_an_anonymous_order_reserves_no_stock_until_the_buyer_goes_to_pay(shop):
    order = shop.order(quantity=4)
    assert product_stock(shop) == 10  # nobody has paid or started to: nothing is held
    shop.pay(order["invoice_no"])
    assert product_stock(shop) == 6
    shop.pay(order["invoice_no"])  # a second attempt for the same order holds nothing more
    assert product_stock(shop) == 6


def test_going_to_pay_for_more_than_is_left_is_refused(shop):
    first, second = shop.order(quantity=7), shop.order(quantity=7, buyer_phone="01812345673")
    shop.pay(first["invoice_no"])
    status, body = shop.public.post(f"/api/public/orders/{second['invoice_no']}/pay",
                                    {"buyer_phone": "01812345673"})
    assert status == 409 and body["error"]["code"] == "out_of_stock"
    assert product_stock(shop) == 3


def test_orders_per_phone_number_per_hour_are_limited(shop, monkeypatch):
    monkeypatch.setenv("ORDERS_PER_PHONE_HOUR", "3")
    from chalicelib.store import aws
    aws.reset()
    for _ in range(3):
        shop.order()
    status, body = shop.public.post("/api/public/orders", {"product_id": shop.product["id"], "quantity": 1, **BUYER})
    assert status == 429 and body["error"]["code"] == "too_many_orders"
    shop.order(buyer_phone="01812345674")  # another buyer is not held up


def test_the_reconciler_expires_every_abandoned_order(shop):
    from dataclasses import replace

    from chalicelib.domain.market import Order
    from chalicelib.handlers.payments import reconcile_once
    from chalicelib.store.market import Market
    market, stale = Market(), (datetime.now(timezone.utc) - timedelta(hours=2)).isoformat(timespec="seconds")
    template = Order(invoice_no="", product_id=shop.product["id"], product_name_bn="ঘি", product_name_en="Ghee",
                     society_id=shop.society["id"], society_name_bn="স", upazila_code="404419", quantity=1, unit="kg",
                     unit_price_paisa=95000, amount_paisa=95000, buyer_name="ক", buyer_phone="+8801712345678",
                     delivery_address="ঠিকানা", created_at=stale, expires_at=stale)
    for number in range(130):
        market.place_order(replace(template, invoice_no=f"SB000000{number:06d}"))
    figures = reconcile_once()
    assert figures["orders_expired"] == 130
    assert [o for o in market.awaiting_orders(datetime.now(timezone.utc).isoformat())] == []


def test_the_societys_sms_of_a_paid_order_names_the_quantity_in_bengali_with_its_unit(shop):
    sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages.clear()
    order = shop.order(quantity=2)
    started = shop.pay(order["invoice_no"])
    shop.callback(shop.approve(started["payment_id"]))
    texts = [text for _, text in sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages.values()
             if text.startswith("নতুন অর্ডার")]
    assert len(texts) == 1 and "খাঁটি গাওয়া ঘি ২ কেজি," in texts[0], texts
