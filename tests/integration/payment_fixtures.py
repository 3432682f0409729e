"""A bKash simulator on a free port for in-process tests, and a society with a product to buy."""
import json
from urllib.parse import parse_qs, urlsplit

import pytest

from local.bkash_sim import serve

from .conftest import society_body

PRODUCT = {"name_bn": "খাঁটি গাওয়া ঘি", "name_en": "Pure ghee", "category": "dairy", "unit": "kg",
           "price_paisa": 95000, "stock": 10}
BUYER = {"buyer_name": "রহিম উদ্দিন", "buyer_phone": "01712345678", "delivery_address": "বাড়ি ১২, ঝিনাইদহ সদর"}


@pytest.fixture(scope="session")
def bkash_server():
    server, sim = serve(port=0, execute_timeout_seconds=3)
    yield sim, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def sim(bkash_server, env, monkeypatch):
    simulator, url = bkash_server
    simulator.reset()
    monkeypatch.setenv("BKASH_BASE_URL", url)
    monkeypatch.setenv("SNS_CERT_MIRROR", url)
    monkeypatch.setenv("BKASH_READ_TIMEOUT", "2")  # the timeout faults sleep 3 s
    from chalicelib import bkash
    bkash.reset()
    yield simulator
    bkash.reset()


class Shop:
    """A buyer and the officers, through the routes."""

    def __init__(self, client, as_user, sim):
        self.client, self.as_user, self.sim = client, as_user, sim
        self.public = as_user(None)
        self.uco = as_user("uco.demo")
        status, society = self.uco.post("/api/societies", society_body())
        assert status == 201, society
        self.society = society
        status, product = self.uco.post(f"/api/societies/{society['id']}/products", PRODUCT)
        assert status == 201, product
        self.product = product

    def order(self, quantity=2, **overrides):
        status, order = self.public.post("/api/public/orders", {"product_id": self.product["id"],
                                                                "quantity": quantity, **BUYER, **overrides})
        assert status == 201, order
        return order

    def pay(self, invoice_no, phone=BUYER["buyer_phone"]):
        status, started = self.public.post(f"/api/public/orders/{invoice_no}/pay", {"buyer_phone": phone})
        assert status == 200, started
        return started

    def callback(self, callback_url):
        """What the buyer's browser does with bKash's redirect: GET it on our API."""
        parts = urlsplit(callback_url)
        response = self.client.http.get(f"{parts.path}?{parts.query}")
        return response

    def approve(self, payment_id, outcome="success"):
        return self.sim.complete(payment_id, outcome)

    def status(self, invoice_no, phone=BUYER["buyer_phone"]):
        return self.public.get(f"/api/public/orders/{invoice_no}?phone={phone}")

    def ipn(self, payment_id, **kw):
        envelope = self.sim.ipn_envelope(payment_id, **kw)
        response = self.client.http.post("/api/payments/bkash/ipn", headers={"Content-Type": "text/plain; charset=UTF-8"},
                                         body=json.dumps(envelope))
        return response.status_code, json.loads(response.body)


def query_of(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


@pytest.fixture
def shop(client, as_user, sim):
    return Shop(client, as_user, sim)
