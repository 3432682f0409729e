"""An office's SMS records: bulk jobs' progress, the delivery log (JSON and CSV), a person's
resend, the suppression list and the monthly spend and its cap.

Who sees what: jobs, the log and spend follow jurisdiction (an office reads its own and
every office below it). The suppression list is national, since a number asked to stop
gets nothing from any office: any office may add a number; the office that added it, or
one above that office, may remove it; the list shows the caller's office's entries (HQ's
shows all). A cap is set by an office above (HQ also sets its own).
"""
from datetime import datetime

from ..domain import geography
from ..domain.errors import Conflict, Invalid, NotAllowed
from ..domain.jurisdiction import Caller, check_read
from ..domain.outbox import RESENDABLE, STATES, checked_month, month_of, over_cap
from ..domain.spreadsheet import csv_text
from .message_jobs import cap_reached, job_view
from .sms_sender import send_claimed

LOG_FIELDS = ("id", "at", "phone", "role", "society_id", "text", "parts", "cost_paisa", "message_id", "status",
              "job_id", "kind", "office_code", "error", "resent_as", "resend_of")
LOG_COLUMNS = [("at", "সময় / Time"), ("phone", "নম্বর / Phone"), ("role", "প্রাপক / Role"),
               ("society_id", "সমিতি / Society"), ("text", "বার্তা / Text"), ("parts", "অংশ / Parts"),
               ("cost_paisa", "খরচ (পয়সা) / Cost (paisa)"), ("status", "অবস্থা / Status"),
               ("message_id", "SNS message id"), ("kind", "ধরন / Kind"), ("job_id", "কাজ / Job")]
MAX_CAP_PAISA = 10 ** 11
CSV_ROWS = 5000  # rows in one CSV download (follow next_cursor in JSON for more)


def _month(params: dict, now: datetime) -> str:
    return checked_month(params.get("month") or month_of(now))


def _office(caller: Caller, params: dict) -> str:
    asked = params.get("office_code")
    office = caller.office_code if asked is None else geography.known_area(asked)
    check_read(caller, office)
    return office


# --- jobs ---------------------------------------------------------------------------------------

def list_jobs(jobs, caller: Caller, cursor: str | None, limit: int) -> dict:
    items, next_cursor = jobs.for_office(caller.office_code, cursor, limit)
    return {"items": [job_view(j) for j in items], "next_cursor": next_cursor}


def get_job(jobs, caller: Caller, job_id: str) -> dict:
    job = jobs.get(job_id)
    check_read(caller, job["office_code"])  # the office that sent it and the offices above it
    return job_view({**job, **jobs.totals(job_id)})  # counted now, not as of the last batch's end


# --- the delivery log ---------------------------------------------------------------------------

def log_view(entry: dict) -> dict:
    view = {k: entry.get(k) for k in LOG_FIELDS}
    view["status"] = (entry.get("status") or "").lower()
    view["at"] = entry.get("at") or entry.get("claimed_at")
    return view


def delivery_log(sms_log, caller: Caller, params: dict, now: datetime, limit: int) -> dict:
    office, month = _office(caller, params), _month(params, now)
    status = params.get("status") or None
    if status and status not in STATES:
        raise Invalid("invalid_status", f"status must be one of {', '.join(STATES)}.",
                      "অবস্থা সঠিক নয়।")
    items, next_cursor = sms_log.office_month(office, month, status=status, cursor=params.get("cursor") or None,
                                              limit=limit)
    return {"office_code": office, "month": month, "items": [log_view(i) for i in items], "next_cursor": next_cursor}


def delivery_log_csv(found: dict) -> str:
    return csv_text([label for _, label in LOG_COLUMNS],
                    (["" if item.get(name) is None else item.get(name) for name, _ in LOG_COLUMNS]
                     for item in found["items"]))


def delivery_log_reply(sms_log, caller: Caller, params: dict, now: datetime, page_limit: int) -> dict:
    """GET /api/messages/log: {"body", "csv": None} for a JSON page of `page_limit`, or for
    format=csv {"csv": the file's text (up to CSV_ROWS), "filename"}."""
    wanted = params.get("format") or "json"
    if wanted not in ("json", "csv"):
        raise Invalid("invalid_format", "format must be json or csv.", "format হতে হবে json বা csv।")
    found = delivery_log(sms_log, caller, params, now, CSV_ROWS if wanted == "csv" else page_limit)
    if wanted == "json":
        return {"body": found, "csv": None}
    return {"body": None, "csv": delivery_log_csv(found),
            "filename": f"sms-{found['office_code'] or 'BD'}-{found['month']}.csv"}


def resend(sms_log, spend_store, publish, caller: Caller, log_id: str, now: datetime) -> dict:
    """The office an SMS counts for sends it again, when unknown or failed (once per entry) and
    within its monthly cap; the new entry's view."""
    entry = sms_log.get(log_id)
    office = entry.get("office_code", "")
    check_read(caller, office)
    if caller.office_code != office:
        raise NotAllowed("own_office_only", "Only the office this SMS counts for can send it again.",
                         "যে অফিসের হিসাবে এই এসএমএস, কেবল সেই অফিস এটি আবার পাঠাতে পারে।")
    if (entry.get("status") or "").lower() not in RESENDABLE or entry.get("resent_as"):
        raise Conflict("not_resendable", "Only an unknown or failed SMS can be sent again, once.",
                       "কেবল অজানা বা ব্যর্থ এসএমএস একবার আবার পাঠানো যায়।")
    month = spend_store.status([office], month_of(now))[office]
    if over_cap(month["spent_paisa"], int(entry.get("cost_paisa", 0)), month["cap_paisa"]):
        raise cap_reached([office])
    fresh = sms_log.claim_resend(entry, caller.username)
    if fresh is None:
        raise Conflict("not_resendable", "This SMS was sent again already.", "এই এসএমএস আগেই আবার পাঠানো হয়েছে।")
    fresh["status"] = send_claimed(sms_log, publish, fresh, retry_later=False)
    return log_view(fresh)


# --- the suppression list -----------------------------------------------------------------------

def _phone(raw) -> str:
    from ..domain.phones import normalise_bd_mobile
    try:
        return normalise_bd_mobile(raw if isinstance(raw, str) else "")
    except ValueError:
        raise Invalid("invalid_phone", "Give a Bangladeshi mobile number.", "বাংলাদেশি মোবাইল নম্বর দিন।") from None


def list_suppressions(suppressions, caller: Caller, cursor: str | None, limit: int) -> dict:
    items, next_cursor = suppressions.listing(None if caller.role == "hq" else caller.office_code, cursor, limit)
    return {"items": [{k: i.get(k) for k in ("phone", "reason", "added_on", "added_by", "office_code")}
                      for i in items], "next_cursor": next_cursor}


def add_suppression(suppressions, caller: Caller, body: dict, today: str) -> dict:
    phone, reason = _phone(body.get("phone")), body.get("reason")
    if not isinstance(reason, str) or not 2 <= len(reason) <= 200 or not reason.strip():
        raise Invalid("invalid_reason", "Give the reason (2 to 200 characters).", "কারণ লিখুন (২ থেকে ২০০ অক্ষর)।")
    entry = {"phone": phone, "reason": reason.strip(), "added_on": today, "added_by": caller.username,
             "office_code": caller.office_code}
    suppressions.add(entry, caller.username)
    return entry


def remove_suppression(suppressions, caller: Caller, raw_phone: str) -> dict:
    from ..store.message_jobs import NOT_SUPPRESSED
    entry = suppressions.get(_phone(raw_phone))
    if entry is None:
        raise NOT_SUPPRESSED
    if not caller.covers(entry["office_code"]):
        raise NotAllowed("suppression_owned_elsewhere",
                         "Only the office that added this number, or an office above it, can remove it.",
                         "যে অফিস নম্বরটি যোগ করেছে, বা তার উপরের অফিস, কেবল সেটি সরাতে পারে।")
    suppressions.remove(entry, caller.username)
    return {"phone": entry["phone"], "removed": True}


# --- monthly spend and its cap ------------------------------------------------------------------

def spend(spend_store, caller: Caller, params: dict, now: datetime) -> dict:
    office, month = _office(caller, params), _month(params, now)
    return {"office_code": office, "month": month, **spend_store.status([office], month)[office]}


def set_cap(spend_store, caller: Caller, office_code: str, body: dict, now: datetime) -> dict:
    office = "" if office_code in ("BD", "HQ", "hq") else geography.known_area(office_code)  # BD as /api/offices
    check_read(caller, office)
    if office == caller.office_code and caller.role != "hq":
        raise NotAllowed("cap_set_by_office_above", "An office above sets this office's SMS cap.",
                         "এই অফিসের এসএমএস ব্যয়সীমা উপরের অফিস ঠিক করে।")
    cap = body.get("cap_paisa")
    if isinstance(cap, float) and cap.is_integer():
        cap = int(cap)  # JSON has one number type: 2500.0 is the integer 2500
    if not isinstance(cap, int) or isinstance(cap, bool) or not 0 <= cap <= MAX_CAP_PAISA:
        raise Invalid("invalid_cap", "cap_paisa must be a whole number of paisa, 0 or more.",
                      "cap_paisa শূন্য বা তার বেশি পূর্ণ সংখ্যা (পয়সা) হতে হবে।")
    spend_store.set_cap(office, cap, caller.username, now.isoformat(timespec="seconds"))
    month = month_of(now)
    return {"office_code": office, "month": month, **spend_store.status([office], month)[office]}
