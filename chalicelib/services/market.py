"""The Cooperative Product Sales Centre: products, orders, and the order as a payment purpose."""
import csv
import hashlib
import io
import secrets
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone

from ..config import settings
from ..domain import geography
from ..domain.errors import Conflict, Invalid, NotFound
from ..domain.jurisdiction import Caller, check_write
from ..domain.market import (MAX_ORDER_PAISA, MAX_PHOTO_BYTES, OFFICE_MOVES, PHOTO_TYPES, SOLD, Order, Product,
                             buyer_view, order_as_dict, order_step, price_order, public_product)
from ..domain.money import taka_bn
from ..domain.payments import Payment
from ..domain.sms import sms_size
from ..domain.validation import validated
from ..store.payments import UNMATCHED, WriteRefused
from . import payments as payment_core
from .notify import send_once
from .registry import readable, readable_area, writable

INVOICE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
NO_PRODUCT = NotFound("product_not_found", "No such product.", "এমন কোনো পণ্য নেই।")
NO_ORDER = NotFound("order_not_found", "No order with this invoice number and phone.",
                    "এই ইনভয়েস নম্বর ও মোবাইল নম্বরে কোনো অর্ডার নেই।")
STALE = Conflict("stale_version", "Someone changed this meanwhile; reload and try again.",
                 "এর মধ্যে অন্য কেউ পরিবর্তন করেছেন; পুনরায় লোড করে আবার চেষ্টা করুন।")


def new_invoice_no(today_iso: str) -> str:
    """SB + yymmdd + 6 characters nobody misreads (no 0/O, 1/I)."""
    return "SB" + today_iso[2:10].replace("-", "") + "".join(secrets.choice(INVOICE_ALPHABET) for _ in range(6))


# products

def officer_product(product: Product) -> dict:
    """The product as its office sees it: photo addresses, and the keys a PATCH sends back."""
    return {**public_product(product, settings().site_url), "created_by": product.created_by,
            "updated_by": product.updated_by, "photo_keys": list(product.photos)}


def _publish(market, pages, product: Product) -> None:
    if pages:
        pages.publish_product(product)
        pages.publish_sitemap(market.active_product_ids())


def create_product(market, societies, caller: Caller, society_id: str, body: dict, product_id: str, now: str,
                   pages=None) -> Product:
    society = writable(societies, caller, society_id)
    from ..domain.market_input import ProductFields  # pydantic loads only when something is written
    fields = validated(ProductFields, body).model_dump()
    if fields["production_date"]:
        fields["production_date"] = fields["production_date"].isoformat()
    product = Product(id=product_id, society_id=society.id, society_name_bn=society.name_bn,
                      society_name_en=society.name_en, registration_no=society.registration_no,
                      society_address=society.address, upazila_code=society.upazila_code,
                      facebook_url=society.facebook_url, created_at=now, created_by=caller.username, **fields)
    market.add_product(product, caller.username)
    _publish(market, pages, product)
    return product


def society_products(market, societies, caller: Caller, society_id: str) -> list[Product]:
    readable(societies, caller, society_id)
    return sorted(market.society_products(society_id), key=lambda p: p.created_at, reverse=True)


def _owned_product(market, caller: Caller, product_id: str) -> Product:
    product = market.get_product(product_id)
    if product is None:
        raise NO_PRODUCT
    check_write(caller, product.upazila_code)
    return product


def update_product(market, caller: Caller, product_id: str, body: dict, now: str, pages=None) -> Product:
    before = _owned_product(market, caller, product_id)
    from ..domain.market_input import ProductPatch
    patch = {k: v for k, v in validated(ProductPatch, body).model_dump(exclude_unset=True).items()
             if v is not None or k == "production_date"}  # null leaves a field as it is; a date may be cleared
    expected = patch.pop("version", None)
    if expected is not None and expected != before.version:
        raise STALE
    if patch.get("production_date"):
        patch["production_date"] = patch["production_date"].isoformat()
    if "photos" in patch:
        prefix = f"photos/{product_id}/"
        if any(not key.startswith(prefix) or "/" in key[len(prefix):] for key in patch["photos"]):
            raise Invalid("invalid_photo", "Photos must be uploaded for this product first.",
                          "ছবি আগে এই পণ্যের জন্য আপলোড করুন।")
        patch["photos"] = tuple(patch["photos"])
    after = replace(before, **patch, updated_at=now, updated_by=caller.username, version=before.version + 1)
    try:
        market.replace_product(before, after, caller.username)
    except WriteRefused:
        raise STALE from None
    _publish(market, pages, after)
    return after


def photo_upload(market, uploads, caller: Caller, product_id: str, body: dict) -> dict:
    product = _owned_product(market, caller, product_id)
    content_type, size = body.get("content_type"), body.get("size")
    if content_type not in PHOTO_TYPES:
        raise Invalid("photo_type", "Upload a JPEG, PNG or WebP photo.", "JPEG, PNG বা WebP ছবি দিন।")
    if isinstance(size, bool) or not isinstance(size, int) or not 0 < size <= MAX_PHOTO_BYTES:
        raise Invalid("photo_size", "A photo must be at most 2 MB.", "ছবি সর্বোচ্চ ২ মেগাবাইট হতে পারে।")
    key = f"photos/{product.id}/{secrets.token_hex(8)}.{PHOTO_TYPES[content_type]}"
    return {**uploads.presigned_photo(key, content_type, size), "key": key}


def public_products(market, params: dict, limit: int) -> tuple[list[dict], str | None]:
    area = params.get("area_code") or ""
    geography.known_area(area)
    featured = {"true": True, "false": False}.get(params.get("featured") or "")
    items, cursor = market.catalogue(area, params.get("category") or None, (params.get("q") or "").strip() or None,
                                     featured, params.get("cursor"), limit)
    return [public_product(p, settings().site_url) for p in items], cursor


def public_product_view(market, product_id: str) -> dict:
    product = market.get_product(product_id)
    if product is None or not product.active:
        raise NO_PRODUCT
    return public_product(product, settings().site_url)


# orders

def place_order(market, body: dict, now: str, hold_minutes: int) -> Order:
    from ..domain.market_input import OrderInput
    entered = validated(OrderInput, body)
    product = market.get_product(entered.product_id)
    if product is None or not product.active:
        raise NO_PRODUCT
    if entered.quantity > product.stock:
        raise Conflict("out_of_stock", f"Only {product.stock} {product.unit} left.",
                       f"মাত্র {product.stock} {product.unit} অবশিষ্ট আছে।")
    amount = price_order(product, entered.quantity)
    if amount > MAX_ORDER_PAISA:
        raise Invalid("order_too_large", "One order can be at most Tk 3,00,000.", "একটি অর্ডার সর্বোচ্চ ৩,০০,০০০ টাকা।")
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
    try:
        market.place_order(order, product)
    except WriteRefused:
        raise Conflict("out_of_stock", "The stock changed meanwhile; see how many are left and order again.",
                       "এর মধ্যে মজুদ বদলেছে; কতটি আছে দেখে আবার অর্ডার করুন।") from None
    if entered.sms_opt_in:
        market.add_subscriber(entered.buyer_phone, product.upazila_code[:4], now)
    return order


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
    attempt = replace(order, attempts=order.attempts + 1, payment_status="pending", version=order.version + 1)
    try:
        market.save_order(order, attempt, "buyer", "payment_started")
    except WriteRefused:
        raise Conflict("order_busy", "This order changed meanwhile; reload it.", "অর্ডারটি এর মধ্যে বদলেছে; পুনরায় লোড করুন।") \
            from None
    payment = Payment(id=f"{order.invoice_no}-{attempt.attempts}", purpose="order", purpose_ref=order.invoice_no,
                      amount_paisa=order.amount_paisa, payer_phone=order.buyer_phone, upazila_code=order.upazila_code,
                      society_id=order.society_id, created_at=now)
    started, url = payment_core.start(parts, payment, callback_url, now)
    return {"payment_id": started.bkash_payment_id, "bkash_url": url, "amount_paisa": order.amount_paisa,
            "invoice_no": order.invoice_no}


@dataclass
class OrderPurpose:
    """An order as something a payment pays for."""
    market: object
    societies: object
    sms_log: object
    publish: object

    def not_payable(self, invoice_no: str) -> str | None:
        order = self.market.get_order(invoice_no)
        return None if order and order.status == "awaiting_payment" else "order_not_payable"

    def credit(self, payment: Payment, now: str):
        before = self.market.get_order(payment.purpose_ref)
        if before is None or before.status != "awaiting_payment":
            raise Conflict("order_not_payable", "The order cannot take a payment now.", "অর্ডারটি এখন পরিশোধযোগ্য নয়।")
        return self.market.paid(before, order_step(before, "paid", now, "bkash", payment_status="completed",
                                                   paid_at=now, payment_id=payment.bkash_payment_id,
                                                   trx_id=payment.trx_id))

    def completed(self, payment: Payment) -> None:
        order = self.market.get_order(payment.purpose_ref)
        text = (f"সমবায় পণ্য: অর্ডার {order.invoice_no} এর {taka_bn(order.amount_paisa)} পরিশোধ হয়েছে। "
                f"TrxID {payment.trx_id}")
        send_once(self.sms_log, self.publish, f"ORDER#{order.invoice_no}", "order_paid", "buyer", order.buyer_phone,
                  "order_paid_buyer", text, office_code=order.upazila_code)
        society = self.societies.get(order.society_id)
        notice = (f"নতুন অর্ডার {order.invoice_no}: {order.product_name_bn} {order.quantity}টি, "
                  f"{taka_bn(order.amount_paisa)} পরিশোধিত।")
        for role in ("secretary", "president"):
            phone = getattr(society, f"{role}_phone", None) if society else None
            if phone:
                send_once(self.sms_log, self.publish, f"ORDER#{order.invoice_no}", "order_paid", role, phone,
                          "order_paid_society", notice, office_code=order.upazila_code)
                break

    def settled_without_credit(self, payment: Payment) -> None:
        order = self.market.get_order(payment.purpose_ref)
        if order and order.status == "awaiting_payment" and order.payment_status == "pending":
            status = "needs_review" if payment.state == "needs_review" else "failed"
            try:
                self.market.save_order(order, replace(order, payment_status=status, version=order.version + 1),
                                       "bkash", "payment_" + payment.state)
            except WriteRefused:
                pass  # changed meanwhile (paid by another attempt): its own status is the truth

    def refunded(self, payment: Payment, amount_paisa: int, now: str) -> None:
        order = self.market.get_order(payment.purpose_ref)
        ours = order and (order.payment_id == payment.bkash_payment_id or
                          (order.payment_id is None and order.payment_status == "needs_review"))
        if ours and payment.state == "refunded":
            try:
                self.market.save_order(order, replace(order, payment_status="refunded", version=order.version + 1),
                                       "bkash", "refunded")
            except WriteRefused:
                pass


def expire_orders(market, payments, now: str) -> int:
    """Give back the stock of orders whose time to pay is over and that no payment is settling."""
    expired = 0
    for order in market.awaiting_orders(now):
        if any(p.open for p in payments.for_purpose("order", order.invoice_no)):
            continue  # the reconciler settles that attempt first
        after = order_step(order, "expired", now, "system")
        try:
            market.save_order(order, after, "system", "expire", restock=True)
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


# officers

def _area_orders(market, caller: Caller, area_code: str | None, start: str = "", end: str = "~") -> tuple[str, list]:
    area = readable_area(caller, area_code)
    orders = [o for d in geography.districts_under(area) for o in market.district_orders(d, start, end)
              if o.upazila_code.startswith(area)]
    return area, orders


def office_orders(market, caller: Caller, area_code: str | None, status: str | None) -> list[dict]:
    _, orders = _area_orders(market, caller, area_code)
    return [order_as_dict(o) for o in orders if not status or o.status == status]


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
        market.save_order(order, after, caller.username, status, restock=status == "cancelled")
    except WriteRefused:
        raise STALE from None
    return order_as_dict(after)


def deposits(payments, caller: Caller, area_code: str | None, start: str, end: str) -> dict:
    area = readable_area(caller, area_code)
    found = [p for d in geography.districts_under(area) for p in payments.deposits(d, start, end)
             if p.upazila_code.startswith(area)]
    found.sort(key=lambda p: p.completed_at, reverse=True)
    by_day = defaultdict(lambda: {"count": 0, "total_paisa": 0})
    for p in found:
        day = by_day[dhaka_date(p.completed_at)]
        day["count"] += 1
        day["total_paisa"] += p.paid_paisa - p.refunded_paisa
    items = [{**payment_core.view(p), "payment_id": p.bkash_payment_id, "invoice_no": p.purpose_ref,
              "net_paisa": p.paid_paisa - p.refunded_paisa} for p in found]
    return {"area_code": area, "items": items, "count": len(items),
            "total_paisa": sum(i["net_paisa"] for i in items),
            "by_day": [{"date": d, **v} for d, v in sorted(by_day.items(), reverse=True)]}


def flagged(payments, caller: Caller, area_code: str | None) -> list[dict]:
    area = readable_area(caller, area_code)
    items = [i for d in geography.districts_under(area) for i in payments.flagged(d)
             if i.get("upazila_code", "").startswith(area)]
    if caller.role == "hq" and not area:
        items += payments.flagged(UNMATCHED)
    for item in items:
        if item["kind"] == "payment":
            item["payment_id"] = item.get("bkash_payment_id")
    return items


SALES_KEYS = {
    "society": lambda o: (o.society_id, o.society_name_bn, o.society_name_en or o.society_name_bn),
    "product": lambda o: (o.product_id, o.product_name_bn, o.product_name_en),
    "area": lambda o: (o.upazila_code, _area_name(o.upazila_code, "bn"), _area_name(o.upazila_code, "en")),
    "month": lambda o: ((o.paid_at or o.created_at)[:7],) * 3,
}


def _area_name(code: str, language: str) -> str:
    found = geography.area(code)
    return found[f"name_{language}"] if found else code


def sales(market, caller: Caller, area_code: str | None, by: str, start: str, end: str) -> dict:
    if by not in SALES_KEYS:
        raise Invalid("invalid_parameter", "by must be society, product, area or month.",
                      "by হতে হবে society, product, area বা month।")
    area, orders = _area_orders(market, caller, area_code, start, end)
    rows: dict = {}
    for order in orders:
        if order.status not in SOLD:
            continue
        key, label_bn, label_en = SALES_KEYS[by](order)
        row = rows.setdefault(key, {"key": key, "label_bn": label_bn, "label_en": label_en, "orders": 0,
                                    "quantity": 0, "amount_paisa": 0})
        row["orders"] += 1
        row["quantity"] += order.quantity
        row["amount_paisa"] += order.amount_paisa
    ordered = sorted(rows.values(), key=lambda r: (-r["amount_paisa"], r["key"]))
    return {"area_code": area, "by": by, "rows": ordered, "total_paisa": sum(r["amount_paisa"] for r in ordered),
            "orders": sum(r["orders"] for r in ordered)}


DHAKA = timezone(timedelta(hours=6))


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
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([label for _, label in DEPOSIT_COLUMNS])
    for item in found["items"]:
        writer.writerow([item.get(name, "") for name, _ in DEPOSIT_COLUMNS])
    writer.writerow(["মোট / Total", "", "", "", "", "", "", "", found["total_paisa"], ""])
    return "\ufeff" + out.getvalue()  # the byte-order mark makes Excel read Bengali as UTF-8


def product_notice(market, sms_log, publish, caller: Caller, body: dict, today: str, part_cost_paisa: int) -> dict:
    """SMS about products and prices to buyers who opted in, in the caller's area.

    Without `confirm: true` nothing is sent: the answer is the preview (recipients, parts,
    cost). The same text to the same area on the same day goes to each number once.
    """
    asked = body.get("area_code")
    area = readable_area(caller, None if asked is None else geography.known_area(asked))
    text = body.get("text")
    if not isinstance(text, str) or not 5 <= len(text.strip()) <= 320:
        raise Invalid("invalid_text", "Write the message (5 to 320 characters).", "বার্তা লিখুন (৫ থেকে ৩২০ অক্ষর)।")
    text = text.strip()
    phones = sorted({p for d in geography.districts_under(area) for p in market.subscribers(d)})
    size = sms_size(text)
    preview = {"area_code": area, "text": text, "recipients": len(phones), "encoding": size.encoding,
               "parts_per_sms": size.parts, "total_parts": size.parts * len(phones),
               "cost_paisa": size.parts * len(phones) * part_cost_paisa, "sent": 0, "skipped": 0, "failed": 0}
    if body.get("confirm") is not True:
        return {**preview, "confirmed": False}
    key = "notice:" + hashlib.sha256(f"{area}|{today}|{text}".encode()).hexdigest()[:16]
    for phone in phones:
        outcome = send_once(sms_log, publish, f"NOTICE#{area or 'BD'}", key, "subscriber", phone, "product_notice", text,
                            office_code=caller.office_code, kind="notice")
        preview["sent" if outcome == "sent" else "skipped" if outcome == "skipped" else "failed"] += 1
    return {**preview, "confirmed": True}
