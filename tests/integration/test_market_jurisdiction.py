"""Marketplace and payment routes: role x inside/outside, and no personal data on public answers."""
import json

import pytest

from .payment_fixtures import BUYER, PRODUCT, bkash_server, shop, sim  # noqa: F401,F811 (fixtures)
from .test_jurisdiction_matrix import COVERS_A, USERS


def paid(shop):
    order = shop.order(quantity=1)
    started = shop.pay(order["invoice_no"])
    shop.callback(shop.approve(started["payment_id"]))
    return order, started


@pytest.mark.parametrize("username", USERS)
def test_only_the_owning_upazila_adds_and_changes_products(shop, as_user, username):
    api = as_user(username)
    status, reply = api.post(f"/api/societies/{shop.society['id']}/products", PRODUCT)
    owner = username == "uco.demo"
    assert status == (201 if owner else 403), reply
    if not owner:
        expected = "correction_request_required" if username in COVERS_A else "outside_jurisdiction"
        assert reply["error"]["code"] == expected
    status, _ = api.patch(f"/api/products/{shop.product['id']}", {"price_paisa": 99000})
    assert status == (200 if owner else 403)
    status, _ = api.post(f"/api/products/{shop.product['id']}/photos", {"content_type": "image/jpeg", "size": 1000})
    assert status == (201 if owner else 403)
    status, _ = api.get(f"/api/societies/{shop.society['id']}/products")
    assert status == (200 if username in COVERS_A else 403)


@pytest.mark.parametrize("username", USERS)
def test_orders_deposits_and_sales_are_read_inside_the_area_only(shop, as_user, username):
    order, started = paid(shop)
    api = as_user(username)
    for path in ("/api/orders?area_code=404419", "/api/deposits?area_code=404419", "/api/sales?area_code=404419",
                 "/api/payments/flagged?area_code=404419"):
        status, _ = api.get(path)
        assert status == (200 if username in COVERS_A else 403), path
    status, _ = api.post("/api/market/notices", {"area_code": "404419", "text": "নতুন পণ্য এসেছে"})  # a preview
    assert status == (200 if username in COVERS_A else 403)
    status, own = api.get("/api/deposits")  # the caller's own area by default
    assert status == 200 and own["count"] == (1 if username in COVERS_A else 0)
    status, reply = api.post(f"/api/orders/{order['invoice_no']}/status", {"status": "confirmed"})
    assert status == (200 if username == "uco.demo" else 403), reply
    status, reply = api.post(f"/api/payments/{started['payment_id']}/refund", {"reason": "পরীক্ষা / test"})
    assert status == (200 if username == "uco.demo" else 403), reply


def all_keys(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from all_keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from all_keys(inner)


def test_public_market_answers_carry_no_phone_numbers(shop):
    order, _ = paid(shop)
    answers = [shop.public.get("/api/public/products")[1], shop.public.get(f"/api/public/products/{shop.product['id']}")[1],
               shop.status(order["invoice_no"])[1]]
    for body in answers:
        assert not [k for k in all_keys(body) if "phone" in k or "msisdn" in k]
        text = json.dumps(body, ensure_ascii=False)
        assert "1712345678" not in text and "1913000001" not in text and "created_by" not in text
    # the buyer's own order shows what they entered, but nobody else's: a wrong phone sees nothing
    assert shop.status(order["invoice_no"], "01812999999")[0] == 404

