"""The Cooperative Product Sales Centre: products (upazila offices), the public catalogue, orders,
product notices. (Deposits, flagged payments and sales are the payments' routes.)"""
import secrets
from datetime import datetime, timezone

from chalice import Blueprint

from ..bootstrap import job_stores, payment_parts
from ..config import settings
from ..domain.market import buyer_view
from ..services import orders, products
from ..store.market import Market
from ..store.site import SiteFiles
from ..store.societies import Societies
from .auth import jwt_auth
from .common import (BODY_TYPES, PUBLIC_CACHE, area_param, current_caller, int_param, json_body, json_response,
                     query_params, utc_now)
from .errors import handles_errors

bp = Blueprint(__name__)
NO_STORE = {"Cache-Control": "no-store"}


@bp.route("/societies/{society_id}/products", methods=["POST"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def create_product(society_id):
    product = products.create_product(Market(), Societies(), current_caller(bp.current_request), society_id,
                                    json_body(bp.current_request), secrets.token_hex(8), utc_now(), SiteFiles())
    return json_response(products.officer_product(product), 201)


@bp.route("/societies/{society_id}/products", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def society_products(society_id):
    items = products.society_products(Market(), Societies(), current_caller(bp.current_request), society_id)
    return json_response({"items": [products.officer_product(p) for p in items]})


@bp.route("/products/{product_id}", methods=["PATCH"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def update_product(product_id):
    product = products.update_product(Market(), current_caller(bp.current_request), product_id,
                                    json_body(bp.current_request), utc_now(), SiteFiles())
    return json_response(products.officer_product(product))


@bp.route("/products/{product_id}/photos", methods=["POST"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def photo_upload(product_id):
    return json_response(products.photo_upload(Market(), SiteFiles(), current_caller(bp.current_request), product_id,
                                             json_body(bp.current_request)), 201)


@bp.route("/public/products", methods=["GET"])
@handles_errors
def public_products():
    params = query_params(bp.current_request)
    items, cursor = products.public_products(Market(), params, int_param(params, "limit", 24, 1, 100))
    return json_response({"items": items, "next_cursor": cursor}, headers=PUBLIC_CACHE)


@bp.route("/public/products/{product_id}", methods=["GET"])
@handles_errors
def public_product(product_id):
    return json_response(products.public_product_view(Market(), product_id), headers=PUBLIC_CACHE)


@bp.route("/public/orders", methods=["POST"], content_types=BODY_TYPES)
@handles_errors
def place_order():
    order = orders.place_order(Market(), json_body(bp.current_request), utc_now(), settings().order_hold_minutes,
                               settings().orders_per_phone_hour)
    return json_response(buyer_view(order), 201, NO_STORE)


@bp.route("/public/orders/{invoice_no}/pay", methods=["POST"], content_types=BODY_TYPES)
@handles_errors
def pay_order(invoice_no):
    callback = f"{settings().public_api_url}/api/payments/bkash/callback"
    return json_response(orders.pay_order(Market(), payment_parts(answer_in_time=True), invoice_no, json_body(bp.current_request),
                                          utc_now(), callback), headers=NO_STORE)


@bp.route("/public/orders/{invoice_no}", methods=["GET"])
@handles_errors
def order_status(invoice_no):
    phone = query_params(bp.current_request).get("phone")
    return json_response(orders.order_status(Market(), invoice_no, phone), headers=NO_STORE)


@bp.route("/orders", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def office_orders():
    params = query_params(bp.current_request)
    items = orders.office_orders(Market(), current_caller(bp.current_request), area_param(params, None),
                                 params.get("status") or None)
    return json_response({"items": items, "count": len(items)})


@bp.route("/orders/{invoice_no}/status", methods=["POST"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def move_order(invoice_no):
    return json_response(orders.move_order(Market(), payment_parts(answer_in_time=True), current_caller(bp.current_request),
                                           invoice_no, json_body(bp.current_request), utc_now()))


@bp.route("/market/notices", methods=["POST"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def product_notice():
    answer, started = products.product_notice(Market(), job_stores(), current_caller(bp.current_request),
                                              json_body(bp.current_request), datetime.now(timezone.utc),
                                              settings().sms_part_cost_paisa)
    return json_response(answer, 202 if started else 200)
