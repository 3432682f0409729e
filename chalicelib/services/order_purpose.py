"""The order as a payment purpose: what a payment for an order credits (the order, paid), how it
is described in deposits and sales (the product, the society), which office it belongs to, and
what happens when it completes, fails or is refunded."""
from dataclasses import dataclass, replace
from urllib.parse import quote

from ..domain.errors import Conflict
from ..domain.market import Order, order_step, quantity_bn
from ..domain.money import taka_bn
from ..domain.payments import Payment
from ..store.payments import WriteRefused
from .notify import send_once

NOT_PAYABLE = Conflict("order_not_payable", "The order cannot take a payment now.", "অর্ডারটি এখন পরিশোধযোগ্য নয়।")


def order_payment(order: Order, now: str) -> Payment:
    """The payment attempt for the order's latest attempt number: its amount, its payer, the office
    that owns it, and how deposits and sales describe it."""
    return Payment(id=f"{order.invoice_no}-{order.attempts}", purpose="order", purpose_ref=order.invoice_no,
                   amount_paisa=order.amount_paisa, payer_phone=order.buyer_phone, upazila_code=order.upazila_code,
                   society_id=order.society_id, created_at=now, item_id=order.product_id,
                   item_bn=order.product_name_bn, item_en=order.product_name_en, quantity=order.quantity,
                   payee_bn=order.society_name_bn, payee_en=order.society_name_en or order.society_name_bn)


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
            raise NOT_PAYABLE
        return self.market.paid(before, order_step(before, "paid", now, "bkash", payment_status="completed",
                                                   paid_at=now, payment_id=payment.bkash_payment_id,
                                                   trx_id=payment.trx_id))

    def completed(self, payment: Payment) -> None:
        order = self.market.get_order(payment.purpose_ref)
        if order.sms_opt_in:  # a buyer who paid (never an anonymous order) hears of this upazila's products
            self.market.add_subscriber(order.buyer_phone, order.upazila_code, payment.completed_at)
        text = (f"সমবায় পণ্য: অর্ডার {order.invoice_no} এর {taka_bn(order.amount_paisa)} পরিশোধ হয়েছে। "
                f"TrxID {payment.trx_id}")
        send_once(self.sms_log, self.publish, f"ORDER#{order.invoice_no}", "order_paid", "buyer", order.buyer_phone,
                  "order_paid_buyer", text, office_code=order.upazila_code)
        society = self.societies.get(order.society_id)
        notice = (f"নতুন অর্ডার {order.invoice_no}: {order.product_name_bn} {quantity_bn(order.quantity, order.unit)}, "
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

    def result_page(self, payment: Payment) -> str:
        return f"order.html?invoice={quote(payment.purpose_ref)}"

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
