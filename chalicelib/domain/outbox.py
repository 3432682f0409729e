"""What every send is made of: one rendered SMS to one number, counted for one office;
the states an SMS moves through, bulk batches, cost, the send window, SNS delivery reports."""
import base64
import gzip
import json
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from .calendar import DHAKA
from .errors import Invalid


@dataclass(frozen=True)
class Recipient:
    phone: str            # +8801XXXXXXXXX
    text: str             # the SMS this number gets, already rendered
    office_code: str      # the office whose delivery log and monthly spend this SMS counts in
    society_id: str = ""  # "" for a message to officers
    role: str = ""        # president | secretary | officer | office | officer_user


# --- states, batches, cost, the send window ---------------------------------------------------
# queued -> sending -> sent -> delivered | failed | unknown; suppressed instead of sending.
STATES = ("queued", "sending", "sent", "delivered", "failed", "unknown", "suppressed")
RESENDABLE = ("unknown", "failed")
# composing: a send too big for the API request, its recipients being composed by a worker
JOB_STATES = ("composing", "waiting", "queued", "sending", "done", "stopped")
SPEND_CAP_REACHED = "spend_cap_reached"  # the office's monthly cap: a job stops, a send is refused
# why a job stopped before its end (a composed job: nobody matched, too many, or refused as a send would be)
STOP_REASONS = (SPEND_CAP_REACHED, "no_recipients", "too_many_recipients", "outside_jurisdiction", "refused")
BATCH_SIZE = 50  # recipients per queue message
# A `sending` entry older than this was left by a worker that died (a publish gives up after
# 3 s to connect and 10 s to read): nobody can know whether SNS took it, so it becomes unknown.
STALE_CLAIM_SECONDS = 30


def cost_paisa(parts: int, part_cost_paisa: int) -> int:
    return parts * part_cost_paisa


def batches(items: list, size: int = BATCH_SIZE) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def unique(recipients: list[Recipient]) -> list[Recipient]:
    """Each (number, text) once: a president of two societies gets each society's SMS once."""
    seen, kept = set(), []
    for r in recipients:
        if (r.phone, r.text) not in seen:
            seen.add((r.phone, r.text))
            kept.append(r)
    return kept


def month_of(moment: datetime) -> str:
    """The Dhaka month (YYYY-MM) an SMS counts in."""
    return moment.astimezone(DHAKA).strftime("%Y-%m")


MONTH_PATTERN = r"^(19|20|21)[0-9]{2}-(0[1-9]|1[0-2])$"


def checked_month(value) -> str:
    """A month of the delivery log or the spend, as YYYY-MM."""
    if not isinstance(value, str) or not re.match(MONTH_PATTERN, value):
        raise Invalid("invalid_month", "month must be YYYY-MM.", "মাস YYYY-MM আকারে দিন।")
    return value


def _clock(value: str) -> time:
    """"HH:MM"; "24:00" is the end of the day (a window open all day is 00:00-24:00)."""
    hours, minutes = value.split(":")
    return time.max if (int(hours), int(minutes)) == (24, 0) else time(int(hours), int(minutes))


def in_window(now: datetime, window: tuple[str, str]) -> bool:
    local = now.astimezone(DHAKA).time()
    return _clock(window[0]) <= local < _clock(window[1])


def window_opens(now: datetime, window: tuple[str, str]) -> datetime:
    """When a send asked for at `now` may start: now inside the window, else its next opening."""
    if in_window(now, window):
        return now
    local = now.astimezone(DHAKA)
    opening = datetime.combine(local.date(), _clock(window[0]), DHAKA)
    if local >= opening:
        opening += timedelta(days=1)
    return opening


def over_cap(spent_paisa: int, cost: int, cap_paisa: int) -> bool:
    """Would this SMS take the office past its monthly cap?"""
    return spent_paisa + cost > cap_paisa


# --- SNS delivery-status logs (CloudWatch Logs subscription events) -------------------------

def delivery_reports(event: dict) -> list[tuple[str, str]]:
    """(SNS message id, "delivered" | "failed") for each SNS SMS delivery log in a CloudWatch
    Logs subscription event ({"awslogs": {"data": base64(gzip(json))}}); others are skipped."""
    raw = json.loads(gzip.decompress(base64.b64decode(event["awslogs"]["data"])))
    if raw.get("messageType") != "DATA_MESSAGE":
        return []  # CONTROL_MESSAGE: CloudWatch checking the destination
    reports = []
    for log_event in raw.get("logEvents", []):
        try:
            record = json.loads(log_event["message"])
            message_id, status = record["notification"]["messageId"], record["status"]
        except (ValueError, KeyError, TypeError):
            continue
        if status in ("SUCCESS", "FAILURE"):
            reports.append((message_id, "delivered" if status == "SUCCESS" else "failed"))
    return reports
