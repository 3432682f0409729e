"""bKash's callback redirect and IPN, officers' deposits and refunds, and the reconciler's schedule."""
import json
from datetime import datetime, timezone

from chalice import Blueprint, Rate, Response

from ..bootstrap import payment_parts
from ..config import settings
from .api import Routes
from .auth import jwt_auth
from .common import OnFirstUse, csv_file, current_caller, utc_now
from .stores import Market, Payments

orders = OnFirstUse("chalicelib.services.orders")
payment_reports = OnFirstUse("chalicelib.services.payment_reports")
payments = OnFirstUse("chalicelib.services.payments")
bkash = OnFirstUse("chalicelib.bkash.config")
observability = OnFirstUse("chalicelib.observability")
bp = Blueprint(__name__)
routes = Routes(bp, models="payments", authorizer=jwt_auth)
SNS_TYPES = ("text/plain", "application/json")  # SNS posts JSON as text/plain


def _caller():
    return current_caller(bp.current_request)


@routes.get("/payments/bkash/callback", query="CallbackQuery", answers={302: None}, errors=(409,), public=True)
def bkash_callback(query):
    """bKash sends the payer's browser back here; it goes on to the page of what was paid for

    To SITE_URL/order.html?invoice=<invoice_no> for an order, SITE_URL/loan.html?loan=<loan_id> for a loan
    instalment, SITE_URL/loan.html?collection=<collection_id> for a representative's collection (order.html for a
    paymentID of no payment of ours). 409 changed_meanwhile: the payment changed meanwhile (the payer can reload
    the page).
    """
    parts = payment_parts(answer_in_time=True)
    payment = payments.on_callback(parts, query.paymentID or "", query.status or "", utc_now("milliseconds"))
    page = parts.purposes[payment.purpose].result_page(payment) if payment is not None else "order.html"
    target = f"{settings().site_url}/{page}"
    return Response(body="", status_code=302, headers={"Location": target, "Cache-Control": "no-store"})


@routes.post("/payments/bkash/ipn", body="SnsMessage", body_media=SNS_TYPES, content_types=list(SNS_TYPES),
             answers={200: "IpnResult"}, errors=(400, 403), public=True)
def bkash_ipn():
    """bKash's instant payment notification (an Amazon SNS HTTP subscription)

    SNS posts its JSON as text/plain. 403 invalid_sns_message: not a genuine message of bKash's topic (signature,
    certificate URL, topic or age). 400 invalid_ipn: a genuine notification whose Message is not a JSON object. A
    notification only makes us ask bKash; it never credits a payment by itself.
    """
    try:
        envelope = json.loads(bp.current_request.raw_body or b"")
    except (ValueError, UnicodeDecodeError):
        envelope = None
    config = bkash.bkash_config()
    return {"result": payments.receive_ipn(payment_parts(answer_in_time=True), envelope, config.ipn_topic_arn,
                                           config.sns_cert_mirror, utc_now("milliseconds"))}


@routes.get("/deposits", query="DepositsQuery", answers={200: {"application/json": "Deposits", "text/csv": None}},
            errors=(400,))
def deposits(query):
    """bKash payments credited in the caller's area (net of refunds), per day

    JSON, or with format=csv a CSV file (Content-Disposition: attachment) with a header row and a total row. 400
    invalid_date, invalid_period, invalid_format, unknown_area. 403 outside_jurisdiction.
    """
    start, end = payment_reports.period(query.period)
    found = payment_reports.deposits(Payments(), _caller(), query.area, start, end, query.purpose)
    if query.format == "csv":
        return csv_file(payment_reports.deposits_csv(found), f'deposits-{found["area_code"] or "BD"}.csv')
    return found


@routes.get("/payments/flagged", query="FlaggedQuery", answers={200: "Flagged"}, errors=(400,))
def flagged(query):
    """Payments needing review (money that could not be credited) and unmatched notifications

    400 unknown_area: not an area code. 403 outside_jurisdiction: the area lies outside the caller's office.
    Unmatched notifications are listed to headquarters only.
    """
    items = payment_reports.flagged(Payments(), _caller(), query.area, query.purpose)
    return {"items": items, "count": len(items)}


@routes.get("/sales", query="SalesQuery", answers={200: "Sales"}, errors=(400,))
def sales(query):
    """Sales (payments credited, net of refunds) of the caller's area, by group

    by=product groups by what was paid for. 400 invalid_date, invalid_period, invalid_parameter (by, purpose),
    unknown_area. 403 outside_jurisdiction.
    """
    start, end = payment_reports.period(query.period)
    return payment_reports.sales(Payments(), _caller(), query.area, query.by, start, end, query.purpose)


@routes.post("/payments/{payment_id}/refund", path_params="PaymentPath", body="RefundRequest",
             answers={200: "Payment"}, errors=(400, 404, 409))
def refund(payment_id, body):
    """Refund a payment to the payer, in full or in part (the owning upazila office)

    400 reason_required, invalid_amount, refund_amount (0, or more than is left). 403: not the payment's upazila
    office. 404 payment_not_found. 409 not_refundable (only a completed or needs-review payment), refund_refused
    (by bKash), refund_unclear (bKash did not confirm and its refund status could not say; asking again asks
    bKash first, never refunding twice), refund_in_progress (another request is waiting for bKash),
    refund_unavailable (bKash could not be reached; nothing was refunded), refund_unrecorded.
    """
    payment = payments.refund(payment_parts(answer_in_time=True), _caller(), payment_id, body, utc_now("milliseconds"))
    return payments.view(payment)


def reconcile_once(now: datetime | None = None) -> dict:
    """Settle what is still open and expire unpaid orders (the schedule below; `make run` on a timer)."""
    return orders.reconcile(payment_parts(), Market(), now or datetime.now(timezone.utc),
                            settings().order_hold_minutes)


@bp.schedule(Rate(5, unit=Rate.MINUTES), name="reconcile_payments")
def reconcile_payments(event):
    figures = reconcile_once()
    observability.count("PaymentsPending", figures["still_open"])
    observability.count("PaymentsPendingOver30Min", figures["still_open_over_30_min"])
    observability.logger.info("reconciled", extra=figures)
    return figures
