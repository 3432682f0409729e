"""The marketplace on the running stack: a buyer pays through the bKash simulator, officers see it."""
import json
import re
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from local.bkash_sim import DEFAULTS

from .conftest import api_call, screenshot

TIMEOUT = 20_000
CATALOGUE_BUDGET = 100 * 1024
BUYER = {"buyer_name": "করিম শেখ", "buyer_phone": "01712345679", "delivery_address": "গ্রাম কালিকাপুর, ঝিনাইদহ সদর"}


def post_json(url: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(url, method="POST", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"null")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get_without_following(url: str):
    try:
        return urllib.request.build_opener(NoRedirect).open(url, timeout=30)
    except urllib.error.HTTPError as err:
        return err


def token(stack, username):
    status, body = api_call(stack, "POST", "/api/auth/login", {"username": username, "password": "Samabay@2026"})
    assert status == 200
    return body["token"]


def a_product(stack) -> dict:
    status, found = api_call(stack, "GET", "/api/public/products?category=dairy")
    assert status == 200 and found["items"]
    return found["items"][0]


def test_purchase_through_the_contract_routes_and_sim_complete(stack):
    product = a_product(stack)
    status, order = api_call(stack, "POST", "/api/public/orders", {"product_id": product["id"], "quantity": 2, **BUYER})
    assert status == 201 and order["status"] == "awaiting_payment"
    assert order["amount_paisa"] == 2 * product["price_paisa"]
    status, started = api_call(stack, "POST", f"/api/public/orders/{order['invoice_no']}/pay",
                               {"buyer_phone": BUYER["buyer_phone"]})
    assert status == 200 and started["bkash_url"].startswith(stack.bkash_url)
    status, done = post_json(stack.bkash_url + "/_sim/complete", {"paymentID": started["payment_id"],
                                                                  "outcome": "success"})
    assert status == 200
    callback = urlsplit(done["callback_url"])
    assert callback.path == "/api/payments/bkash/callback"
    # the browser's redirect arrives twice at once (a double tap), and the IPN comes too
    import threading
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(
        get_without_following(f"{stack.api_url}{callback.path}?{callback.query}").status)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [302, 302]
    status, ipn = post_json(stack.bkash_url + "/_sim/ipn", {"paymentID": started["payment_id"]})
    assert status == 200 and ipn["delivered_status"] == 200
    status, seen = api_call(stack, "GET", f"/api/public/orders/{order['invoice_no']}?phone={BUYER['buyer_phone']}")
    assert seen["status"] == "paid" and seen["payment_status"] == "completed"
    assert a_product(stack)["stock"] == product["stock"] - 2  # reserved once, never again
    for officer in ("uco.demo", "dco.demo", "jr.demo"):
        status, deposits = api_call(stack, "GET", "/api/deposits", token=token(stack, officer))
        assert status == 200
        mine = [d for d in deposits["items"] if d["invoice_no"] == order["invoice_no"]]
        assert len(mine) == 1 and mine[0]["amount_paisa"] == order["amount_paisa"], officer
        assert deposits["total_paisa"] == sum(d["net_paisa"] for d in deposits["items"])


def test_the_ipn_endpoint_rejects_a_bad_signature(stack):
    product = a_product(stack)
    status, order = api_call(stack, "POST", "/api/public/orders", {"product_id": product["id"], "quantity": 1, **BUYER})
    status, started = api_call(stack, "POST", f"/api/public/orders/{order['invoice_no']}/pay",
                               {"buyer_phone": BUYER["buyer_phone"]})
    status, done = post_json(stack.bkash_url + "/_sim/complete", {"paymentID": started["payment_id"],
                                                                  "outcome": "success"})
    callback = urlsplit(done["callback_url"])
    get_without_following(f"{stack.api_url}{callback.path}?{callback.query}")
    status, ipn = post_json(stack.bkash_url + "/_sim/ipn", {"paymentID": started["payment_id"], "tamper": True})
    assert status == 200 and ipn["delivered_status"] == 403


def test_no_bkash_credentials_in_the_logs(stack):
    test_purchase_through_the_contract_routes_and_sim_complete(stack)
    log = stack.state.with_name("api.log").read_text(errors="replace")
    for secret in (DEFAULTS["app_secret"], DEFAULTS["password"]):
        assert secret not in log
    assert not re.search(r"id_token|refresh_token", log)


def test_a_buyer_orders_and_pays_on_a_phone(stack, phone_page):
    page = phone_page
    market = stack.site_url.rsplit("/", 1)[0] + "/market.html"
    page.goto(market)
    page.locator("[data-testid=product-card]").first.wait_for(timeout=TIMEOUT)
    screenshot(page, "market-catalogue-360")
    page.locator("[data-testid=product-card] a").first.click()
    page.wait_for_selector("[data-testid=order-form]", timeout=TIMEOUT)
    # the form follows the price (it was two screens below it, after the facts, the society and sharing)
    price_y = page.locator("[data-testid=detail-price]").bounding_box()["y"]
    assert page.locator("#order-quantity").bounding_box()["y"] - price_y < 300
    page.fill("#order-quantity", "২")
    page.fill("#buyer-name", BUYER["buyer_name"])
    page.fill("#buyer-phone", "০১৭১২৩৪৫৬৭৯")  # Bengali digits, as people type them
    page.fill("#delivery-address", BUYER["delivery_address"])
    screenshot(page, "market-order-form-360")
    page.click("#order-submit")
    page.wait_for_url(re.compile(r".*/redirect/tokenized/.*"), timeout=TIMEOUT)  # the bKash page stand-in
    page.fill("#wallet", "01770618575")
    page.click("#next")
    page.fill("#otp", "123456")
    page.click("#next")
    page.fill("#pin", "12121")
    screenshot(page, "bkash-sim-pin-360")
    page.click("#pay")
    page.wait_for_url(re.compile(r".*/order\.html\?invoice=.*"), timeout=TIMEOUT)
    page.wait_for_selector("[data-testid=order-status][data-status=paid]", timeout=TIMEOUT)
    assert page.get_attribute("[data-testid=receipt]", "data-payment-status") == "completed"
    assert page.inner_text(".status-line").count("পরিশোধিত") == 1  # "Paid" once, not order and payment both
    receipt = page.inner_text("[data-testid=receipt]")
    assert BUYER["buyer_name"] in receipt and BUYER["delivery_address"] in receipt  # the printed receipt names them
    assert page.inner_text("[data-testid=trx-id]").strip()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "market-order-paid-360")


def test_catalogue_transfers_at_most_100_kb(stack, phone_page):
    page = phone_page
    responses = []
    page.on("response", lambda r: responses.append(r))
    page.goto(stack.site_url.rsplit("/", 1)[0] + "/market.html")
    page.locator("[data-testid=product-card]").first.wait_for(timeout=TIMEOUT)
    page.wait_for_load_state("networkidle")
    total = 0
    for response in responses:
        try:
            total += len(response.body())
        except Exception:  # a redirect or preflight carries no body
            pass
    print(f"catalogue page: {len(responses)} responses, {total} bytes")
    assert total <= CATALOGUE_BUDGET


def test_static_product_page_has_open_graph_tags_for_crawlers(stack):
    product = a_product(stack)
    site = stack.site_url.rsplit("/", 1)[0]
    with urllib.request.urlopen(f"{site}/p/{product['id']}.html", timeout=30) as response:
        html = response.read().decode("utf-8")
    assert f'property="og:url" content="{site}/p/{product["id"]}.html"' in html
    assert 'property="og:title"' in html and product["name_bn"] in html
    assert "facebook.com/sharer" in html and "wa.me" in html
    with urllib.request.urlopen(f"{site}/sitemap.xml", timeout=30) as response:  # a sitemap index
        assert f"{site}/p/sitemap.xml" in response.read().decode()
    with urllib.request.urlopen(f"{site}/p/sitemap.xml", timeout=30) as response:
        assert f"/p/{product['id']}.html" in response.read().decode()


def test_a_product_saved_over_a_newer_version_offers_one_reload(stack, phone_page):
    from .test_pages import TIMEOUT, officer_login, officer_url, save_twice_over_a_newer_version
    page, officer = phone_page, token(stack, "uco.demo")
    society_id = a_product(stack)["society_id"]
    status, product = api_call(stack, "POST", f"/api/societies/{society_id}/products", {
        "name_bn": "পুরোনো সংস্করণের মধু", "category": "dairy", "unit": "kg", "price_paisa": 50000,
        "stock": 5}, token=officer)
    assert status == 201, product
    officer_login(page, stack)
    page.goto(officer_url(stack) + f"#/market/products/{society_id}/edit/{product['id']}")
    page.wait_for_selector("#product-form", timeout=TIMEOUT)
    status, _ = api_call(stack, "PATCH", f"/api/products/{product['id']}",
                         {"stock": 7, "version": product["version"]}, token=officer)
    assert status == 200

    page.fill("#p-stock", "9")
    save_twice_over_a_newer_version(page, "#save-product", "#reload-products")
