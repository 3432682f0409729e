"""bKash's callback redirect and IPN; officers' deposits, flagged payments, refunds and sales (each
optionally for one purpose); the reconciler's schedule."""
import json
from datetime import datetime, timezone

from chalice import Blueprint, Rate, Response

from ..bkash.config import bkash_config
from ..bootstrap import payment_parts
from ..config import settings
from ..domain.errors import Invalid
from ..services import orders, payment_reports, payments
from ..store.market import Market
from ..store.payments import Payments
from .auth import jwt_auth
from .common import BODY_TYPES, area_param, current_caller, json_body, json_response, query_params, utc_now
from .errors import handles_errors

bp = Blueprint(__name__)
SNS_TYPES = ["text/plain", "application/json"]  # SNS posts JSON as text/plain


@bp.route("/payments/bkash/callback", methods=["GET"])
def bkash_callback():
    """The buyer's browser, back from bKash. Whatever happens, it goes on to the order page."""
    params = query_params(bp.current_request)
    payment = payments.on_callback(payment_parts(answer_in_time=True), params.get("paymentID") or "", params.get("status") or "",
                                   utc_now("milliseconds"))
    target = f"{settings().site_url}/order.html"
    if payment is not None:
        target += f"?invoice={payment.purpose_ref}"
    return Response(body="", status_code=302, headers={"Location": target, "Cache-Control": "no-store"})


@bp.route("/payments/bkash/ipn", methods=["POST"], content_types=SNS_TYPES)
@handles_errors
def bkash_ipn():
    """bKash's SNS subscription. Verified, kept, and used only to make us ask bKash."""
    try:
        envelope = json.loads(bp.current_request.raw_body or b"")
    except (ValueError, UnicodeDecodeError):
        envelope = None
    config = bkash_config()
    return json_response({"result": payments.receive_ipn(payment_parts(answer_in_time=True), envelope, config.ipn_topic_arn,
                                                         config.sns_cert_mirror, utc_now("milliseconds"))})


@bp.route("/deposits", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def deposits():
    params = query_params(bp.current_request)
    start, end = payment_reports.period(params)
    found = payment_reports.deposits(Payments(), current_caller(bp.current_request), area_param(params, None),
                                     start, end, payment_reports.purpose_param(params.get("purpose")))
    if params.get("format") == "csv":
        return Response(body=payment_reports.deposits_csv(found), status_code=200, headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="deposits-{found["area_code"] or "BD"}.csv"'})
    if params.get("format") not in (None, "", "json"):
        raise Invalid("invalid_format", "format must be json or csv.", "format হতে হবে json বা csv।")
    return json_response(found)


@bp.route("/payments/flagged", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def flagged():
    params = query_params(bp.current_request)
    items = payment_reports.flagged(Payments(), current_caller(bp.current_request), area_param(params, None),
                                    payment_reports.purpose_param(params.get("purpose")))
    return json_response({"items": items, "count": len(items)})


@bp.route("/sales", methods=["GET"], authorizer=jwt_auth)
@handles_errors
def sales():
    params = query_params(bp.current_request)
    start, end = payment_reports.period(params)
    return json_response(payment_reports.sales(Payments(), current_caller(bp.current_request),
                                               area_param(params, None), params.get("by") or "society", start, end,
                                               payment_reports.purpose_param(params.get("purpose"))))


@bp.route("/payments/{payment_id}/refund", methods=["POST"], authorizer=jwt_auth, content_types=BODY_TYPES)
@handles_errors
def refund(payment_id):
    payment = payments.refund(payment_parts(answer_in_time=True), current_caller(bp.current_request), payment_id,
                              json_body(bp.current_request), utc_now("milliseconds"))
    return json_response(payments.view(payment))


def reconcile_once(now: datetime | None = None) -> dict:
    """Settle what is still open and expire unpaid orders (the schedule below; `make run` on a timer)."""
    return orders.reconcile(payment_parts(), Market(), now or datetime.now(timezone.utc),
                            settings().order_hold_minutes)


@bp.schedule(Rate(5, unit=Rate.MINUTES), name="reconcile_payments")
def reconcile_payments(event):
    payments.logger.info("reconciled", extra=reconcile_once())
