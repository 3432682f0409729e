"""Notices (breaking news), site photos and the visitor counter: the rules, no I/O.

A notice belongs to the office that wrote it and shows on that office's area page and on
every page below it (HQ's notices on every page, a district's on its upazilas' pages).
It is visible from `publish_at` until `expires_at` (never, when absent) unless withdrawn.
Times are stored as UTC ISO strings of one shape ("2026-05-01T03:00:00+00:00"), so that
comparing strings compares times, in DynamoDB key conditions as in Python.
"""
import hashlib
import re
from datetime import datetime, timezone

from .calendar import DHAKA

ITEM_ID = re.compile(r"^[0-9a-f]{16}$")  # notices' and photos' ids (secrets.token_hex(8))
PUBLIC_NOTICE_FIELDS = ("id", "office_code", "title_bn", "title_en", "body_bn", "body_en", "publish_at",
                        "expires_at", "breaking", "date")
STATES = ("scheduled", "published", "expired", "withdrawn")


def utc_iso(moment: datetime) -> str:
    """The one stored shape of a time; a naive time is read as Dhaka time (what officers type)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=DHAKA)
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def dhaka_day(stored: str) -> str:
    """The Dhaka calendar day of a stored time: the notice's date as people read it."""
    return datetime.fromisoformat(stored).astimezone(DHAKA).date().isoformat()


def office_key(code: str) -> str:
    """HQ's office code is empty; keys and paths write it BD."""
    return code or "BD"


def offices_over(area_code: str) -> list[str]:
    """The offices whose notices an area's page shows: the country, then each level down to the area."""
    return [area_code[:n] for n in range(0, len(area_code) + 1, 2)]


def notice_state(notice: dict, now: str) -> str:
    if notice.get("withdrawn_at"):
        return "withdrawn"
    if notice["publish_at"] > now:
        return "scheduled"
    if notice.get("expires_at") and notice["expires_at"] <= now:
        return "expired"
    return "published"


def visible(notice: dict, now: str) -> bool:
    return notice_state(notice, now) == "published"


def list_key(notice: dict) -> str:
    """Where a notice sorts in its office's list: newest publish time first, ties by id."""
    return f"{notice['publish_at']}#{notice['id']}"


def public_notice(notice: dict) -> dict:
    """Only what the public page shows (never who wrote it)."""
    view = {k: notice.get(k) for k in PUBLIC_NOTICE_FIELDS}
    view["date"] = dhaka_day(notice["publish_at"])
    view["breaking"] = bool(notice.get("breaking"))
    return view


def officer_notice(notice: dict, now: str) -> dict:
    return {**public_notice(notice), "state": notice_state(notice, now), "created_at": notice.get("created_at"),
            "created_by": notice.get("created_by"), "updated_at": notice.get("updated_at"),
            "updated_by": notice.get("updated_by"), "version": int(notice.get("version") or 1)}


def newest_first(streams: list[list[dict]], limit: int) -> tuple[list[dict], bool]:
    """Merge lists already sorted newest first (each holding up to limit + 1 items after the page
    start): the page's items, and whether more follow. Taking limit + 1 from every list is enough:
    any item of the true next page is among the first limit + 1 of its own list."""
    merged = sorted((n for stream in streams for n in stream), key=list_key, reverse=True)
    return merged[:limit], len(merged) > limit


# ---- the visitor counter -----------------------------------------------------------------

# The page sends a beacon for 1 view in VISIT_SAMPLE_RATE and each beacon counts as that many views, so one
# address's beacons are capped a day: a loop from one address adds at most this many x the rate a day, while
# an address many phones share (a carrier's NAT) still counts this many of its visitors' beacons.
BEACONS_PER_ADDRESS_DAY = 50


def beacon_key(address: str, today_iso: str) -> str:
    """The key an address's beacons of the day are counted under. A hash keeps the address out of sight, not
    secret: with the day known, trying every IPv4 address finds it, so the item is deleted two days on (TTL)."""
    return hashlib.sha256(f"{today_iso}|{address}".encode()).hexdigest()[:24]


def visit_fields(today_iso: str) -> dict:
    """The counter attributes one view adds to, in the item of its year: day, month and year."""
    return {f"d{today_iso[5:7]}{today_iso[8:10]}": 1, f"m{today_iso[5:7]}": 1, "y": 1}


def visit_totals(year_items: dict[str, dict], today_iso: str) -> dict:
    """{year: counters} -> today, this month, all time."""
    this_year = year_items.get(today_iso[:4], {})
    return {"today": int(this_year.get(f"d{today_iso[5:7]}{today_iso[8:10]}", 0)),
            "month": int(this_year.get(f"m{today_iso[5:7]}", 0)),
            "total": sum(int(item.get("y", 0)) for item in year_items.values())}
