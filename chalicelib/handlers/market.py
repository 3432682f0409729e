"""The Cooperative Product Sales Centre: products (upazila offices), the public catalogue, orders,
product notices. (Deposits, flagged payments and sales are the payments' routes.)"""
import secrets
from datetime import datetime, timezone

from chalice import Blueprint

from ..bootstrap import job_stores, payment_parts
from ..config import settings
from .api import Reply, Routes
from .auth import jwt_auth
from .common import PUBLIC_CACHE, OnFirstUse, current_caller, utc_now
from .stores import Market, SiteFiles, Societies

orders = OnFirstUse("chalicelib.services.orders")
products = OnFirstUse("chalicelib.services.products")
buyer_view = OnFirstUse("chalicelib.domain.market", "buyer_view")
bp = Blueprint(__name__)
routes = Routes(bp, models="market", authorizer=jwt_auth)
NO_STORE = {"Cache-Control": "no-store"}


def _caller():
    return current_caller(bp.current_request)


# ---- products (the owning upazila office) ----------------------------------------------------

@routes.post("/societies/{society_id}/products", path_params="SocietyPath", body="ProductFields",
             answers={201: "Product"}, errors=(400, 404, 409))
def create_product(society_id, body):
    """Add a product of a society (the owning upazila office)

    403 outside_jurisdiction or correction_request_required: not the society's upazila office. 409
    society_dissolved.
    """
    product = products.create_product(Market(), Societies(), _caller(), society_id, body, secrets.token_hex(8),
                                    utc_now(), SiteFiles())
    return Reply(products.officer_product(product), 201)


@routes.get("/societies/{society_id}/products", path_params="SocietyPath", answers={200: "Products"}, errors=(404,))
def society_products(society_id):
    """A society's products, active or not (offices over the society)"""
    items = products.society_products(Market(), Societies(), _caller(), society_id)
    return {"items": [products.officer_product(p) for p in items]}


@routes.patch("/products/{product_id}", path_params="ProductPath", body="ProductPatch", answers={200: "Product"},
              errors=(400, 404, 409))
def update_product(product_id, body):
    """Change a product (the owning upazila office)

    400 invalid_input, or invalid_photo (a photo key not uploaded for this product). 403: not the product's upazila
    office. 409 stale_version: changed meanwhile (orders change the stock and the version too).
    """
    return products.officer_product(products.update_product(Market(), _caller(), product_id, body, utc_now(),
                                                        SiteFiles()))


@routes.post("/products/{product_id}/photos", path_params="ProductPath", body="PhotoRequest",
             answers={201: "PhotoUpload"}, errors=(400, 404))
def product_photo_upload(product_id, body):
    """Permission to upload one photo of a product (the owning upazila office)

    400 photo_type or photo_size. 403: not the product's upazila office.
    """
    return Reply(products.photo_upload(Market(), SiteFiles(), _caller(), product_id, body), 201)


# ---- the catalogue and orders (anyone) -------------------------------------------------------

@routes.get("/public/products", query="CatalogueQuery", answers={200: "PublicProductList"}, errors=(400,),
            public=True, headers=PUBLIC_CACHE)
def public_products(query):
    """The catalogue: active products, newest area first

    400 invalid_parameter, unknown_area, invalid_cursor.
    """
    items, cursor = products.public_products(Market(), query.model_dump(exclude={"limit"}), query.limit)
    return {"items": items, "next_cursor": cursor}


@routes.get("/public/products/{product_id}", path_params="ProductPath", answers={200: "PublicProduct"},
            errors=(404,), public=True, headers=PUBLIC_CACHE)
def public_product(product_id):
    """A product's public page

    404 also for a product that is no longer active.
    """
    return products.public_product_view(Market(), product_id)


@routes.post("/public/orders", body="OrderInput", answers={201: "BuyerOrder"}, errors=(400, 404, 409, 429), public=True,
             headers=NO_STORE)
def place_order(body):
    """Order a product (anyone); the stock is held once the buyer goes to pay, until expires_at

    400 invalid_input, or order_too_large (over Tk 3,00,000). 404 product_not_found (or no longer active). 409
    out_of_stock. 429 too_many_orders: this phone number placed ORDERS_PER_PHONE_HOUR orders (10) this hour.
    """
    order = orders.place_order(Market(), body, utc_now(), settings().order_hold_minutes,
                         settings().orders_per_phone_hour)
    return Reply(buyer_view(order), 201)


@routes.post("/public/orders/{invoice_no}/pay", path_params="InvoicePath", body="PayRequest",
             answers={200: "PaymentStart"}, errors=(400, 404, 409), public=True, headers=NO_STORE)
def pay_order(invoice_no, body):
    """Start paying an order with bKash (the buyer)

    404 order_not_found: no order with this invoice number and phone. 409 order_not_payable (paid, cancelled or
    expired), order_expired (the time to pay is over), order_busy (changed meanwhile), payment_in_progress (a
    payment of it is being completed), payment_unavailable (bKash could not start a payment now), out_of_stock
    (the first attempt holds the stock: not that many are left now).
    """
    callback = f"{settings().public_api_url}/api/payments/bkash/callback"
    return orders.pay_order(Market(), payment_parts(answer_in_time=True), invoice_no, body, utc_now(), callback)


@routes.get("/public/orders/{invoice_no}", path_params="InvoicePath", query="BuyerQuery",
            answers={200: "BuyerOrder"}, errors=(400, 404), public=True, headers=NO_STORE)
def order_status(invoice_no, query):
    """An order's status (the buyer)

    400 invalid_parameter: no phone. 404 order_not_found: the same answer whether the invoice number or the phone
    is wrong.
    """
    return orders.order_status(Market(), invoice_no, query.phone)


# ---- orders and notices (officers) ----------------------------------------------------

@routes.get("/orders", query="OrdersQuery", answers={200: "Orders"}, errors=(400,))
def office_orders(query):
    """Orders of the caller's area, newest first (officers; with the buyer's phone)

    400 unknown_area: not an area code. 403 outside_jurisdiction: the area lies outside the caller's office.
    """
    items = orders.office_orders(Market(), _caller(), query.area, query.status)
    return {"items": items, "count": len(items)}


@routes.post("/orders/{invoice_no}/status", path_params="InvoicePath", body="OrderMove", answers={200: "Order"},
             errors=(400, 404, 409))
def move_order(invoice_no, body):
    """Move an order on (the owning upazila office); cancelling a paid order refunds it

    paid -> confirmed | cancelled; confirmed -> dispatched | cancelled; dispatched -> delivered. 400
    reason_required: a cancellation without a reason. 403: not the order's upazila office. 409 order_status (not a
    move the order's status allows), stale_version, or, refunding the payment of a cancelled order,
    refund_refused, refund_unclear, refund_in_progress, refund_unavailable, refund_unrecorded.
    """
    return orders.move_order(Market(), payment_parts(answer_in_time=True), _caller(), invoice_no, body, utc_now())


@routes.post("/market/notices", body="NoticeRequest", answers={200: "Notice", 202: "Notice"}, errors=(400, 409))
def product_notice(body):
    """SMS about products and prices to buyers of the area who paid for one of its products and asked for news (officers): a preview unless confirm is true

    With confirm: true the recipients go to a bulk SMS job of the caller's office (202, GET
    /api/messages/jobs/{job_id} follows it): its monthly cap, the send window and the suppression list apply. The
    same text to the same area on the same day is one job: confirming it again answers 200 with that job (skipped
    counts its recipients). 400 invalid_text. 403 outside_jurisdiction: the area lies outside the caller's office.
    409 spend_cap_reached.
    """
    answer, started = products.product_notice(Market(), job_stores(), _caller(), body, datetime.now(timezone.utc),
                                              settings().sms_part_cost_paisa)
    return Reply(answer, 202 if started else 200)
