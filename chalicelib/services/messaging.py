"""Messaging use cases: templates (HQ's national default, a district's override) and composing a
send — who gets which text, how many SMS parts, what it costs — for the preview and the send."""
import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

from ..config import settings
from ..domain import geography
from ..domain import messaging as msg
from ..domain.bangla import bn_digits
from ..domain.errors import Conflict, Invalid, NotAllowed, NotFound
from ..domain.jurisdiction import Caller
from ..domain.money import taka_bn, taka_en
from ..domain.outbox import Recipient
from ..domain.sms import GSM_7, UCS_2, sms_size
from ..domain.society import EDITABLE_FIELDS
from ..domain.validation import validated
from ..store.templates import scope_of
from . import registry

CONFIRM_ABOVE = 5  # recipients; the page asks before a larger send
SAMPLES = 5
PAGE = 1000
SOCIETY_FIELDS = [*EDITABLE_FIELDS, "id", "dissolved_on"]
READ_ONLY = NotAllowed("templates_read_only",
                       "Only headquarters (the national text) and a district office (its district's text) can "
                       "change message templates; other offices can read them.",
                       "কেবল সমবায় অধিদপ্তর (জাতীয় লেখা) ও জেলা সমবায় কার্যালয় (নিজ জেলার লেখা) বার্তার নমুনা "
                       "বদলাতে পারে; অন্য অফিস শুধু দেখতে পারে।")
UNKNOWN_KIND = NotFound("unknown_template_kind", "No message template of this kind.",
                        "এই ধরনের কোনো বার্তার নমুনা নেই।")
NO_RECIPIENTS = Invalid("no_recipients", "No one to send to: no society matches, or none has a phone number for "
                        "the chosen roles.", "পাঠানোর মতো কেউ নেই: কোনো সমিতি মেলেনি, বা বাছাই করা পদে কারো "
                        "ফোন নম্বর নেই।")


@dataclass
class ComposeStores:
    societies: object
    templates: object


@dataclass(frozen=True)
class Composition:
    kind: str                       # a template kind, or "free"
    area_code: str
    recipients: list[Recipient]
    text: str                       # a sample: the first recipient's text
    parts: int                      # all recipients together
    cost_paisa: int
    encoding: str
    parts_per_sms: int              # of the sample text
    societies: int
    samples: list[dict] = field(default_factory=list)


# --- templates -------------------------------------------------------------------------------

def _kind(kind: str) -> str:
    if kind not in msg.KINDS:
        raise UNKNOWN_KIND
    return kind


def _editor_scope(caller: Caller) -> str:
    if caller.role not in ("hq", "district"):
        raise READ_ONLY
    return scope_of(caller.office_code)


def _loan_schedule(kind: str) -> dict:
    """A loan reminder's settings (LOAN_REMINDER_DAYS_BEFORE, LOAN_REMINDER_ON_DUE_DAY, LOAN_OVERDUE_REMINDER_DAYS):
    the days it goes out, relative to a due date, and the same in words."""
    if kind not in msg.LOAN_KINDS:
        return {}
    from ..domain.loan_reminders import send_when
    rules = settings().loan_reminder_rules()
    when_bn, when_en = send_when(kind, rules)
    return {"send_days": list(rules.send_days(kind)), "send_when_bn": when_bn, "send_when_en": when_en}


def templates_view(templates, caller: Caller, area_code: str | None) -> dict:
    """Each kind's text in force for an area, where it comes from, and its variables."""
    code = registry.readable_area(caller, area_code)
    district = code[:4] if len(code) >= 4 else ""
    national, own = templates.saved(district)
    samples = msg.sample_values()
    items = []
    for kind in msg.KINDS:
        text, source = msg.effective(kind, national, own)
        saved = {"national": national, "district": own}.get(source, {}).get(kind, {})
        size = sms_size(text.format(**samples))
        items.append({"kind": kind, "label_bn": msg.KIND_LABELS[kind][0], "label_en": msg.KIND_LABELS[kind][1],
                      "text": text, "source": source, "builtin_text": msg.TEMPLATES_BN[kind],
                      "national_text": national.get(kind, {}).get("text"),
                      "updated_at": saved.get("updated_at"), "updated_by": saved.get("updated_by"),
                      "parts": size.parts, "encoding": size.encoding, "variables": msg.variables_view(kind),
                      **_loan_schedule(kind)})
    editable = caller.role == "hq" and code == "" or caller.role == "district" and code == caller.office_code
    return {"area_code": code, "district_code": district, "can_edit": editable,
            "edits": "national" if caller.role == "hq" else "district" if caller.role == "district" else None,
            "free_text_variables": msg.variables_view(msg.FREE), "max_parts": msg.MAX_TEMPLATE_PARTS,
            "items": items}


def save_template(templates, caller: Caller, kind: str, body: dict, now: str) -> dict:
    """HQ sets the national default; a district its own override. 400 names a bad variable."""
    scope = _editor_scope(caller)
    text = msg.checked_template(body.get("text"), _kind(kind))
    templates.put(scope, kind, text, caller.username, now)
    return _item(templates_view(templates, caller, caller.office_code), kind)


def reset_template(templates, caller: Caller, kind: str) -> dict:
    """Back to the default: a district's override removed, or HQ's national text (built-in again)."""
    scope = _editor_scope(caller)
    templates.delete(scope, _kind(kind), caller.username)
    return _item(templates_view(templates, caller, caller.office_code), kind)


def _item(view: dict, kind: str) -> dict:
    return next(i for i in view["items"] if i["kind"] == kind)


# --- compose, preview, send ------------------------------------------------------------------

def _matching_societies(societies, caller: Caller, request, area: str, today: date):
    wanted = request.filter
    if wanted.society_id:
        society = registry.readable(societies, caller, wanted.society_id)
        if society.dissolved_on:
            raise registry.DISSOLVED
        yield society
        return
    cursor = None
    while True:
        page, cursor = societies.list_area(area, today, status=wanted.status, committee_kind=wanted.committee_kind,
                                           cursor=cursor, limit=PAGE, fields=SOCIETY_FIELDS)
        for society in page:
            if wanted.agm_overdue and not msg.is_overdue(society, "agm", today):
                continue
            if wanted.audit_overdue and not msg.is_overdue(society, "audit", today):
                continue
            yield society
        if not cursor:
            return


def compose(stores: ComposeStores, caller: Caller, body: dict, today: date) -> Composition:
    """Who gets what for a preview or a send: each society's recipients with its rendered text,
    counted for the caller's office. The same number gets one SMS per distinct text."""
    from ..domain.messaging_input import MessageRequest
    request = validated(MessageRequest, body)
    asked = request.filter.area_code
    area = registry.readable_area(caller, geography.known_area(asked) if asked is not None else None)
    kind = request.template or msg.FREE
    free_text = msg.checked_template(request.text, msg.FREE) if request.text is not None else None
    sender = msg.office_name(caller.office_code)
    recipients, samples, seen, parts, societies, ucs2 = [], [], set(), 0, 0, False
    for society in _matching_societies(stores.societies, caller, request, area, today):
        societies += 1
        pattern = free_text or msg.effective(kind, *stores.templates.saved(society.district_code))[0]
        text = msg.text_for(kind, pattern, society, today, sender)
        size = sms_size(text)
        for phone, role in msg.recipient_phones(society, request.roles):
            if (phone, text) in seen:
                continue
            seen.add((phone, text))
            recipients.append(Recipient(phone, text, caller.office_code, society.id, role))
            if len(samples) < SAMPLES:
                samples.append({"society_id": society.id, "society_name": society.name_bn, "role": role,
                                "phone": msg.mask_phone(phone), "text": text})
            parts += size.parts
            ucs2 = ucs2 or size.encoding == UCS_2
    if recipients:
        sample = recipients[0].text
    else:  # nobody matched: show the text as it would read
        sample = (free_text or msg.effective(kind, *stores.templates.saved(area[:4] if len(area) >= 4 else ""))[0])
        sample = sample.format(**{**msg.sample_values(), "society_name": "…"})
    sample_size = sms_size(sample)
    return Composition(
        kind=kind, area_code=area, recipients=recipients, text=sample, parts=parts,
        cost_paisa=parts * settings().sms_part_cost_paisa,
        encoding=(UCS_2 if ucs2 else GSM_7) if recipients else sample_size.encoding,
        parts_per_sms=sample_size.parts, societies=societies, samples=samples)


def preview_view(composition: Composition) -> dict:
    c = composition
    return {"recipients": len(c.recipients), "parts": c.parts, "cost_paisa": c.cost_paisa, "text": c.text,
            "cost_taka_bn": taka_bn(c.cost_paisa), "cost_taka_en": taka_en(c.cost_paisa),
            "recipients_bn": bn_digits(len(c.recipients)), "parts_bn": bn_digits(c.parts),
            "encoding": c.encoding, "parts_per_sms": c.parts_per_sms, "societies": c.societies,
            "kind": c.kind, "area_code": c.area_code, "needs_confirmation": len(c.recipients) > CONFIRM_ABOVE,
            "samples": c.samples}


def size_of(body: dict) -> dict:
    """The SMS size of a text being typed (any officer; nothing is read or written)."""
    from ..domain.messaging_input import SizeRequest
    size = msg.typical_size(validated(SizeRequest, body).text)
    return {"encoding": size.encoding, "units": size.units, "parts": size.parts}


def preview(stores: ComposeStores, caller: Caller, body: dict, today: date) -> dict:
    return preview_view(compose(stores, caller, body, today))


def description(composition: Composition) -> str:
    area = geography.area(composition.area_code) or geography.COUNTRY
    return (f"{msg.KIND_LABELS[composition.kind][0]} — {area['name_bn']}, "
            f"{bn_digits(composition.societies)}টি সমিতি")


def once_key(caller: Caller, client_request_id: str) -> str:
    """The job key of a caller's send with its own request id (a retry finds the job it started)."""
    return "send:" + hashlib.sha256(f"{caller.username}|{client_request_id}".encode()).hexdigest()[:32]


def sent_view(job: dict) -> dict:
    """The job as a send answers it; while a worker composes it, its recipients, parts and cost are not known."""
    known = job["state"] != "composing"
    return {**job, **{name: job[field] if known else None
                      for name, field in (("recipients", "total"), ("parts", "parts"), ("cost_paisa", "cost_paisa"))}}


def send_later(stores: ComposeStores, job_stores, caller: Caller, request, body: dict, today: date, now: datetime,
               once: str | None) -> dict | None:
    """A send to an area too big to compose in this request: checked here, composed by a worker
    (services.composing); None when the area is small enough to compose now."""
    from .composing import start_composing, too_big
    from .message_jobs import cap_reached
    from ..domain.outbox import month_of
    from ..store.message_jobs import JOB_STARTED
    if request.filter.society_id is not None:
        return None
    asked = request.filter.area_code
    area = registry.readable_area(caller, geography.known_area(asked) if asked is not None else None)
    if not too_big(stores.societies, area, today):
        return None
    kind = request.template or msg.FREE
    if request.text is not None:
        msg.checked_template(request.text, msg.FREE)
    spend = job_stores.spend.status([caller.office_code], month_of(now))[caller.office_code]
    if spend["spent_paisa"] >= spend["cap_paisa"]:
        raise cap_reached([caller.office_code])
    named = (geography.area(area) or geography.COUNTRY)["name_bn"]
    try:
        return start_composing(job_stores, caller, kind, body, now, once, f"{msg.KIND_LABELS[kind][0]} — {named}")
    except Conflict as exc:
        if exc is not JOB_STARTED:
            raise
        return None  # the same request id, a moment ago: answered as a repeat


def send(stores: ComposeStores, job_stores, caller: Caller, body: dict, today: date, now: datetime) -> dict:
    """Compose, then hand the recipients to a bulk job (queued now, or waiting for the send window).
    With a client_request_id, a send the caller already made with it answers that job again."""
    from ..domain.messaging_input import MessageRequest
    from .message_jobs import job_view, start_job, start_job_once
    asked = validated(MessageRequest, body).client_request_id
    once = once_key(caller, asked) if asked else None
    held = job_stores.jobs.started(once) if once else None
    if held is None:
        later = send_later(stores, job_stores, caller, validated(MessageRequest, body), body, today, now, once)
        if later is not None:
            return sent_view(later)
        held = job_stores.jobs.started(once) if once else None
    if held is not None:
        return sent_view(job_view({**held, **job_stores.jobs.totals(held["job_id"])}))
    composition = compose(stores, caller, body, today)
    if not composition.recipients:
        raise NO_RECIPIENTS
    if once:
        job, _ = start_job_once(job_stores, caller, composition.kind, composition.recipients, now, once,
                                description=description(composition))
        return sent_view(job)
    job = start_job(job_stores, caller, composition.kind, composition.recipients, now,
                    description=description(composition))
    return sent_view(job)
