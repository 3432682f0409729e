"""Buyers' orders: placing one, paying for it through the payment core, the office moving it on,
and giving back the stock of orders nobody paid for."""
import secrets
from dataclasses import replace
from datetime import datetime, timedelta

from ..domain import geography
from ..domain.errors import Conflict, Invalid, NotFound, TooManyAttempts
from ..domain.jurisdiction import Caller, check_write, may_write
from ..domain.market import (MAX_ORDER_PAISA, OFFICE_MOVES, Order, buyer_view, office_moves, order_as_dict, order_step,
                             price_order, quantity_bn)
from ..domain.validation import validated
from ..store.payments import WriteRefused
from . import payments as payment_core
from .order_purpose import order_payment
from .products import NO_PRODUCT, STALE
from .registry import readable_area

INVOICE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
NO_ORDER = NotFound("order_not_found", "No order with this invoice number and phone.",
                    "এই ইনভয়েস নম্বর ও মোবাইল নম্বরে কোনো অর্ডার নেই।")


def new_invoice_no(today_iso: str) -> str:
    """SB + yymmdd + 6 characters nobody misreads (no 0/O, 1/I)."""
    return "SB" + today_iso[2:10].replace("-", "") + "".join(secrets.choice(INVOICE_ALPHABET) for _ in range(6))


def place_order(market, body: dict, now: str, hold_minutes: int, per_phone_hour: int) -> Order:
    """An order awaiting payment. It holds no stock yet (going to pay does): an anonymous order is
    only a price and an invoice number, and one phone number may place `per_phone_hour` an hour."""
    from ..domain.market_input import OrderInput
    entered = validated(OrderInput, body)
    product = market.get_product(entered.product_id)
    if product is None or not product.active:
        raise NO_PRODUCT
    if entered.quantity > product.stock:
        raise _out_of_stock(product)
    amount = price_order(product, entered.quantity)
    if amount > MAX_ORDER_PAISA:
        raise Invalid("order_too_large", "One order can be at most Tk 3,00,000.", "একটি অর্ডার সর্বোচ্চ ৩,০০,০০০ টাকা।")
    if not market.count_order(entered.buyer_phone, now[:13], per_phone_hour):
        raise TooManyAttempts("too_many_orders", "Too many orders from this phone number in an hour; try again later.",
                              "এক ঘণ্টায় এই মোবাইল নম্বর থেকে অনেক অর্ডার হয়েছে; পরে আবার চেষ্টা করুন।")
    expires = (datetime.fromisoformat(now) + timedelta(minutes=hold_minutes)).isoformat(timespec="seconds")
    order = Order(invoice_no=new_invoice_no(now), product_id=product.id, product_name_bn=product.name_bn,
                  product_name_en=product.name_en, society_id=product.society_id,
                  society_name_bn=product.society_name_bn, society_name_en=product.society_name_en,
                  upazila_code=product.upazila_code,
                  quantity=entered.quantity, unit=product.unit, unit_price_paisa=product.price_paisa,
                  amount_paisa=amount,
                  buyer_name=entered.buyer_name, buyer_phone=entered.buyer_phone,
                  delivery_address=entered.delivery_address, created_at=now, expires_at=expires,
                  sms_opt_in=entered.sms_opt_in, history=({"at": now, "status": "awaiting_payment", "by": "buyer"},))
    market.place_order(order)
    return order


def _out_of_stock(product) -> Conflict:
    return Conflict("out_of_stock", f"Only {product.stock} {product.unit} left.",
                    f"মাত্র {quantity_bn(product.stock, product.unit)} অবশিষ্ট আছে।")


def buyers_order(market, invoice_no: str, phone: str | None) -> Order:
    from ..domain.phones import normalise_bd_mobile  # phonenumbers only when an order is looked up
    order = market.get_order(invoice_no) if invoice_no else None
    try:
        same_phone = order is not None and normalise_bd_mobile(phone or "") == order.buyer_phone
    except ValueError:
        same_phone = False
    if not same_phone:
        raise NO_ORDER  # the same answer whether the invoice or the phone is wrong
    return order


def order_status(market, invoice_no: str, phone: str | None) -> dict:
    return buyer_view(buyers_order(market, invoice_no, phone))


def pay_order(market, parts, invoice_no: str, body: dict, now: str, callback_url: str) -> dict:
    order = buyers_order(market, invoice_no, body.get("buyer_phone") if isinstance(body.get("buyer_phone"), str) else None)
    if order.status != "awaiting_payment":
        raise Conflict("order_not_payable", f"This order is {order.status.replace('_', ' ')}; it cannot be paid.",
                       "এই অর্ডারটি এখন পরিশোধযোগ্য নয়।")
    if order.expires_at <= now:
        raise Conflict("order_expired", "The time to pay for this order is over; please order again.",
                       "এই অর্ডারের টাকা পরিশোধের সময় শেষ; আবার অর্ডার করুন।")
    if any(p.state == "executing" for p in parts.payments.for_purpose("order", order.invoice_no)):
        raise Conflict("payment_in_progress", "A payment for this order is being completed; check the order in a minute.",
                       "এই অর্ডারের একটি পেমেন্ট সম্পন্ন হচ্ছে; এক মিনিট পরে অর্ডারটি দেখুন।")
    attempt = replace(order, attempts=order.attempts + 1, payment_status="pending", stock_reserved=True,
                      version=order.version + 1)
    try:  # the first attempt takes the stock: from now on the order holds it until paid, expired or cancelled
        market.save_order(order, attempt, "buyer", "payment_started", reserve=not order.stock_reserved)
    except WriteRefused as refused:
        if refused.failed("stock"):
            product = market.get_product(order.product_id)
            raise (_out_of_stock(product) if product and product.active else NO_PRODUCT) from None
        raise Conflict("order_busy", "This order changed meanwhile; reload it.", "অর্ডারটি এর মধ্যে বদলেছে; পুনরায় লোড করুন।") \
            from None
    started, url = payment_core.start(parts, order_payment(attempt, now), callback_url, now)
    return {"payment_id": started.bkash_payment_id, "bkash_url": url, "amount_paisa": order.amount_paisa,
            "invoice_no": order.invoice_no}


def expire_orders(market, payments, now: str) -> int:
    """Expire every order whose time to pay is over and that no payment is settling, giving back
    the stock it held."""
    expired = 0
    for order in market.awaiting_orders(now):
        if any(p.open for p in payments.for_purpose("order", order.invoice_no)):
            continue  # the reconciler settles that attempt first
        after = order_step(order, "expired", now, "system")
        try:
            market.save_order(order, after, "system", "expire", restock=order.stock_reserved)
            expired += 1
        except WriteRefused:
            pass  # paid or changed meanwhile
    return expired


def reconcile(parts, market, moment: datetime, hold_minutes: int) -> dict:
    """The scheduled job: settle payments still open, then give back the stock of unpaid orders."""
    stamp = lambda t: t.isoformat(timespec="milliseconds")  # noqa: E731
    figures = payment_core.reconcile(parts, stale_before=stamp(moment - timedelta(minutes=2)),
                                     give_up_before=stamp(moment - timedelta(minutes=hold_minutes)), now=stamp(moment))
    figures["orders_expired"] = expire_orders(market, parts.payments, stamp(moment))
    return figures


def _area_orders(market, caller: Caller, area_code: str | None) -> list[Order]:
    area = readable_area(caller, area_code)
    return [o for d in geography.districts_under(area) for o in market.district_orders(d)
            if o.upazila_code.startswith(area)]


def _office_view(order: Order, caller: Caller) -> dict:
    """An order as the offices over it see it, with the moves this caller may make now."""
    moves = office_moves(order.status) if may_write(caller, order.upazila_code) else []
    return {**order_as_dict(order), "next_statuses": moves}


def office_orders(market, caller: Caller, area_code: str | None, status: str | None) -> list[dict]:
    return [_office_view(o, caller) for o in _area_orders(market, caller, area_code) if not status or o.status == status]


def move_order(market, parts, caller: Caller, invoice_no: str, body: dict, now: str) -> dict:
    order = market.get_order(invoice_no)
    if order is None:
        raise NotFound("order_not_found", "No such order.", "এমন কোনো অর্ডার নেই।")
    check_write(caller, order.upazila_code)
    status, reason = body.get("status"), (body.get("reason") or "").strip() if isinstance(body.get("reason"), str) else ""
    if status not in OFFICE_MOVES.get(order.status, ()):
        raise Conflict("order_status", f"An order that is {order.status} cannot become {status}.",
                       "অর্ডারের এই অবস্থা পরিবর্তন গ্রহণযোগ্য নয়।")
    if status == "cancelled" and len(reason) < 3:
        raise Invalid("reason_required", "Give the reason for cancelling.", "বাতিলের কারণ লিখুন।")
    if status == "cancelled" and order.payment_id:
        payment = parts.payments.by_bkash_id(order.payment_id)
        if payment and payment.state == "completed":
            payment_core.refund_payment(parts, payment, payment.paid_paisa - payment.refunded_paisa,
                                        reason, caller.username, now)
            order = market.get_order(invoice_no)
    after = order_step(order, status, now, caller.username, reason)
    try:
        market.save_order(order, after, caller.username, status, restock=status == "cancelled" and order.stock_reserved)
    except WriteRefused:
        raise STALE from None
    return _office_view(after, caller)
