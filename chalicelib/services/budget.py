"""Budget files: the society (or its UCO on its behalf) drafts and submits, the upazila office recommends
or returns, the district office or the division's JR decides (domain/budget.py routes the file).

The holder check comes before the body is read (`read_body` is called after it): anyone but the
holding office gets 403 whatever they send.
"""
from ..config import budget_rules
from ..domain import budget as bd
from ..domain.errors import Invalid
from ..domain.jurisdiction import Caller
from . import registry
from .budget_notices import after_step

BUDGET_ID_LENGTH = 14  # "bud-" and 10 hex digits


def _file(budgets, caller: Caller, budget_id: str) -> bd.Budget:
    found = budgets.get(budget_id) if isinstance(budget_id, str) and len(budget_id) == BUDGET_ID_LENGTH else None
    if found is None:
        raise bd.NO_BUDGET
    bd.check_can_read(caller, found)
    return found


def _dict(body) -> dict:
    if not isinstance(body, dict):
        raise Invalid("invalid_json", "Send a JSON object.", "JSON অবজেক্ট পাঠান।")
    return body


def create(budgets, societies, caller: Caller, body: dict, new_id, now: str) -> bd.Budget:
    society_id = body.get("society_id")
    if bd.is_society_user(caller) and society_id != caller.office_code:
        bd.check_can_file(caller, str(society_id), "")  # 403 before saying whether the society exists
    society = registry.public_society(societies, society_id) if isinstance(society_id, str) else None
    if society is None:
        raise registry.NO_SOCIETY
    bd.check_can_file(caller, society.id, society.upazila_code)
    if society.dissolved_on:
        raise registry.DISSOLVED
    bd.check_central(society)
    year = bd.check_financial_year(body.get("financial_year"))
    kind = bd.check_kind(body.get("kind", "budget"))
    items = bd.check_items(body.get("items"))
    resolution_on = _resolution_date(body.get("resolution_on"))
    b = bd.new_budget(new_id(), society, caller, year, kind, items, resolution_on, now, bd.check_email(body.get("email")))
    budgets.create(b)
    return b


def _resolution_date(value) -> str | None:
    from datetime import date
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat() if isinstance(value, str) and len(value) == 10 else _bad()
    except ValueError:
        return _bad()


def _bad():
    raise Invalid("invalid_resolution_on", "resolution_on is the resolution's date, YYYY-MM-DD.",
                  "রেজুলেশনের তারিখ YYYY-MM-DD আকারে দিন।",
                  [{"field": "resolution_on", "code": "invalid_resolution_on", "message": "YYYY-MM-DD",
                    "message_bn": "YYYY-MM-DD"}])


def one(budgets, caller: Caller, budget_id: str) -> bd.Budget:
    return _file(budgets, caller, budget_id)


def submit(budgets, caller: Caller, budget_id: str, body: dict, today, now: str, notices=None) -> bd.Budget:
    """A draft, or a returned file as a new round (with its edited `items` if sent)."""
    before = _file(budgets, caller, budget_id)
    bd.check_can_file(caller, before.society_id, before.upazila_code)
    items = bd.check_items(body["items"]) if before.state == "returned" and "items" in body else None
    _, deadlines = budget_rules()
    after = bd.submitted(before, caller, now, today, deadlines, items)
    budgets.save(before, after, caller.username, "submit")
    after_step(notices, before, after)
    return after


def recommend(budgets, caller: Caller, budget_id: str, read_body, today, now: str, notices=None) -> bd.Budget:
    before = _file(budgets, caller, budget_id)
    bd.check_holder(caller, before)
    body = _dict(read_body())
    bd.check_version(before, body.get("round"))
    note = bd.check_note(body.get("note"), "note", required=False)
    rule, deadlines = budget_rules()
    after = bd.recommended(before, caller, note, now, today, rule, deadlines, bd.check_memo(body.get("memo_no")))
    budgets.save(before, after, caller.username, "recommend")
    after_step(notices, before, after)
    return after


def decide(budgets, caller: Caller, budget_id: str, read_body, now: str, notices=None) -> bd.Budget:
    before = _file(budgets, caller, budget_id)
    bd.check_holder(caller, before)
    body = _dict(read_body())
    bd.check_version(before, body.get("round"))
    decision = body.get("decision")
    if decision not in bd.DECISIONS:
        raise Invalid("invalid_decision", "decision is one of: " + ", ".join(bd.DECISIONS),
                      "সিদ্ধান্ত: approved, approved_with_changes, returned বা rejected।",
                      [{"field": "decision", "code": "invalid_decision", "message": ", ".join(bd.DECISIONS),
                        "message_bn": ", ".join(bd.DECISIONS)}])
    reason = bd.check_note(body.get("reason"), "reason", required=decision != "approved")
    changed = bd.check_changes(body.get("changes"), before.items) if decision == "approved_with_changes" else ()
    after = bd.decided(before, caller, decision, reason, now, changed, bd.check_memo(body.get("memo_no")))
    budgets.save(before, after, caller.username, decision)
    after_step(notices, before, after)
    return after


def withdraw(budgets, caller: Caller, budget_id: str, now: str, notices=None) -> bd.Budget:
    before = _file(budgets, caller, budget_id)
    after = bd.withdrawn(before, caller, now)
    budgets.save(before, after, caller.username, "withdraw")
    after_step(notices, before, after)
    return after


def resolution_upload_form(budgets, resolutions, caller: Caller, budget_id: str, body: dict) -> dict:
    """Where and how the browser uploads the resolution's scan (201): a presigned POST under the file's key."""
    import secrets
    b = _file(budgets, caller, budget_id)
    bd.check_can_attach(caller, b)
    content_type, size = _dict(body).get("content_type"), body.get("size")
    bd.check_resolution_upload(content_type, size)
    upload_id = secrets.token_hex(8)
    return {"upload_id": upload_id, "max_bytes": bd.RESOLUTION_MAX_BYTES,
            **resolutions.form(bd.resolution_key(b.id, upload_id), content_type, bd.RESOLUTION_MAX_BYTES)}


def attach_resolution(budgets, resolutions, caller: Caller, budget_id: str, body: dict, now: str) -> bd.Budget:
    """The uploaded scan becomes the file's resolution, once S3 holds it and its bytes match its type."""
    before = _file(budgets, caller, budget_id)
    bd.check_can_attach(caller, before)
    key = bd.resolution_key(before.id, bd.check_upload_id(_dict(body).get("upload_id")))
    head = resolutions.head(key)
    bd.check_resolution_file(head, resolutions.first_bytes(key) if head else b"")
    after = bd.with_resolution(before, caller, key, head, now)
    budgets.save(before, after, caller.username, "attach_resolution")
    return after


def resolution_download(budgets, resolutions, caller: Caller, budget_id: str) -> dict:
    """A short-lived link to the scan, for the society and the offices on the file's path (403 for others)."""
    b = _file(budgets, caller, budget_id)
    if not b.resolution_file:
        raise bd.NO_RESOLUTION
    found = b.resolution_file
    return {**resolutions.download_url(found["key"], found["content_type"]), "content_type": found["content_type"],
            "size": found["size"]}


def add_society_user(users, societies, record_audit, caller: Caller, society_id: str, body: dict, now: str) -> dict:
    """A society's president or secretary gets an account (role "society", scoped by the society), with a
    temporary password shown once to the owning upazila office; they set their own at first login."""
    from ..domain.jurisdiction import SOCIETY_ROLE, check_write
    from ..domain.officers import check_username, temporary_password
    from ..domain.society_user_input import SocietyUserInput
    from ..domain.validation import validated
    society = registry.public_society(societies, society_id)
    check_write(caller, society.upazila_code)
    if society.dissolved_on:
        raise registry.DISSOLVED
    entered = validated(SocietyUserInput, body)
    check_username(entered.username)
    password = temporary_password()
    users.create(entered.username, password, SOCIETY_ROLE, society.id, entered.phone,
                 f"{entered.name_bn} ({entered.position})")
    account = {"username": entered.username, "society_id": society.id, "position": entered.position,
               "name_bn": entered.name_bn, "phone": entered.phone, "created_by": caller.username, "created_at": now}
    record_audit("society_user", entered.username, "create", caller.username, None, account)
    return {**account, "temporary_password": password}
