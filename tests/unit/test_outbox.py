"""domain.outbox (states, batches, cost, the send window, SNS delivery reports) and the one
sender (services.sms_sender) on in-memory stores."""
import base64
import gzip
import json
from datetime import datetime, timezone

from chalicelib.domain.outbox import (DHAKA, Recipient, batches, cost_paisa, delivery_reports, in_window, month_of,
                                      over_cap, unique, window_opens)
from chalicelib.domain.sms import sms_size
from chalicelib.services.sms_sender import send_once
from tests.unit.fakes import FakePublisher, InMemorySmsLog

WINDOW = ("09:00", "20:00")


def dhaka(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 5, day, hour, minute, tzinfo=DHAKA)


# --- the send window ----------------------------------------------------------------------------

def test_a_job_started_at_21_waits_until_09_the_next_morning():
    opens = window_opens(dhaka(10, 21), WINDOW)
    assert opens == dhaka(11, 9) and opens.astimezone(timezone.utc).isoformat() == "2026-05-11T03:00:00+00:00"


def test_before_09_it_waits_until_09_the_same_day_and_inside_it_starts_now():
    assert window_opens(dhaka(10, 6, 30), WINDOW) == dhaka(10, 9)
    assert window_opens(dhaka(10, 12), WINDOW) == dhaka(10, 12)
    utc_noon = dhaka(10, 12).astimezone(timezone.utc)
    assert window_opens(utc_noon, WINDOW) == utc_noon  # whatever zone `now` is given in


def test_the_window_edges_09_in_20_out_and_an_all_day_window():
    assert in_window(dhaka(10, 9), WINDOW) and in_window(dhaka(10, 19, 59), WINDOW)
    assert not in_window(dhaka(10, 20), WINDOW) and not in_window(dhaka(10, 8, 59), WINDOW)
    assert in_window(dhaka(10, 23, 59), ("00:00", "24:00")) and in_window(dhaka(10, 0), ("00:00", "24:00"))


def test_the_month_an_sms_counts_in_is_dhaka_s():
    assert month_of(datetime(2026, 5, 31, 19, 0, tzinfo=timezone.utc)) == "2026-06"  # 01:00 on 1 June in Dhaka


# --- cost, cap, batches --------------------------------------------------------------------------

def test_cost_is_parts_times_the_part_price_and_the_cap_is_not_passed():
    two_parts = sms_size("আ" * 71).parts
    assert two_parts == 2 and cost_paisa(two_parts, 380) == 760
    assert not over_cap(9240, 760, 10000) and over_cap(9241, 760, 10000)


def test_batches_of_50_and_each_number_and_text_once():
    people = [Recipient(f"+8801700000{i:03d}", "x", "404419") for i in range(120)]
    assert [len(b) for b in batches(people)] == [50, 50, 20]
    twice = people[:2] + people[:2] + [Recipient(people[0].phone, "another text", "404419")]
    assert len(unique(twice)) == 3


# --- SNS delivery reports -----------------------------------------------------------------------

def subscription_event(*records: dict, message_type: str = "DATA_MESSAGE") -> dict:
    """What CloudWatch Logs hands a subscribed Lambda: base64(gzip(JSON))."""
    payload = {"messageType": message_type, "owner": "123456789012",
               "logGroup": "sns/ap-southeast-1/123456789012/DirectPublishToPhoneNumber",
               "logStream": "1a2b3c", "subscriptionFilters": ["SmsDeliverySubscription"],
               "logEvents": [{"id": str(i), "timestamp": 1767225600000, "message": json.dumps(r)}
                             for i, r in enumerate(records)]}
    return {"awslogs": {"data": base64.b64encode(gzip.compress(json.dumps(payload).encode())).decode()}}


def sns_log(message_id: str, status: str) -> dict:
    """The shape of an SNS SMS delivery log (DirectPublishToPhoneNumber)."""
    return {"notification": {"messageId": message_id, "timestamp": "2026-01-01 00:00:00.000"},
            "delivery": {"phoneCarrier": "Grameenphone", "mnc": 1, "destination": "+8801712345678",
                         "priceInUSD": 0.0313, "smsType": "Transactional", "mcc": 470,
                         "providerResponse": "Message has been accepted by phone carrier",
                         "dwellTimeMs": 420, "dwellTimeMsUntilDeviceAck": 3000, "numberOfMessageParts": 1},
            "status": status}


def test_delivery_reports_read_success_and_failure_and_skip_the_rest():
    event = subscription_event(sns_log("m-1", "SUCCESS"), sns_log("m-2", "FAILURE"), {"something": "else"})
    assert delivery_reports(event) == [("m-1", "delivered"), ("m-2", "failed")]
    assert delivery_reports(subscription_event(message_type="CONTROL_MESSAGE")) == []


# --- the one sender -----------------------------------------------------------------------------

def test_a_receipt_goes_once_and_a_suppressed_number_is_logged_not_sent():
    log, publish = InMemorySmsLog(suppressed={"+8801700000002"}), FakePublisher()
    assert send_once(log, publish, "ORDER#SB1", "order_paid", "buyer", "+8801700000001", "t", "paid") == "sent"
    assert send_once(log, publish, "ORDER#SB1", "order_paid", "buyer", "+8801700000001", "t", "paid") == "skipped"
    assert send_once(log, publish, "ORDER#SB1", "order_paid", "buyer", "+8801700000002", "t", "paid") == "suppressed"
    assert publish.sent == [("+8801700000001", "paid")]
    assert {e["phone"]: e["status"] for e in log.entries.values()} == {"+8801700000001": "sent",
                                                                        "+8801700000002": "suppressed"}


def test_a_receipt_is_never_retried_but_the_scan_gives_a_transient_failure_back():
    log = InMemorySmsLog()
    publish = FakePublisher({"+8801700000001": "transient", "+8801700000002": "uncertain"})
    assert send_once(log, publish, "ORDER#SB1", "k", "buyer", "+8801700000001", "t", "x") == "failed"
    assert send_once(log, publish, "ORDER#SB1", "k", "buyer", "+8801700000002", "t", "x") == "unknown"
    assert send_once(log, publish, "ORDER#SB2", "k", "buyer", "+8801700000001", "t", "x", retry_later=True) == "deferred"
    assert ("SB2", "k", "+8801700000001") not in log.entries  # given back for the next run
    publish.failures.clear()
    assert send_once(log, publish, "ORDER#SB1", "k", "buyer", "+8801700000002", "t", "x") == "skipped"  # never resent




def test_dhaka_is_defined_once_in_the_calendar():
    from chalicelib.domain import calendar, notices, outbox
    from chalicelib.handlers import common
    assert outbox.DHAKA is calendar.DHAKA and notices.DHAKA is calendar.DHAKA and common.DHAKA is calendar.DHAKA
    assert str(calendar.DHAKA) == "Asia/Dhaka" and calendar.DHAKA.utcoffset(None).total_seconds() == 6 * 3600
