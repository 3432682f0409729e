"""Who is told what when a budget file moves (issue 20 §4): pure rules, no I/O.

Every step tells the office that now holds the file (its officers, else the office's phone; the office's
e-mail) and the society (its president's and secretary's numbers; the e-mail it gave). A late step tells
the holder once at the breach, and later the office above it and the division's Joint Registrar (the
grievance officer), each once. The SMS texts are templates of the messaging centre (editable by HQ and
the districts like the reminders); a notice's key names the step, so it is sent once however often the
sending is tried.
"""
from dataclasses import dataclass
from datetime import date

from .bangla import bn_date, bn_digits
from .budget import HEADS, STATE_BN, Budget, add_working_days, total_paisa
from .tasks import BUDGET_OVERDUE, Task

TO_OFFICE, TO_SOCIETY = "budget_to_office", "budget_to_society"
OVERDUE, ESCALATED = "budget_overdue", "budget_escalated"
TEMPLATES_BN = {
    TO_OFFICE: "{society_name}-এর {year} অর্থবছরের বাজেট নথি {file_no} আপনার অফিসে: {step}। শেষ তারিখ {due}। {link}",
    TO_SOCIETY: "{society_name}: আপনার {year} অর্থবছরের বাজেট নথি {file_no}: {step} ({office_name})। {link}",
    OVERDUE: "{society_name}-এর বাজেট নথি {file_no}-এর শেষ তারিখ {due} পেরিয়ে গেছে; আজই ব্যবস্থা নিন। {link}",
    ESCALATED: "{office_name}-এ {society_name}-এর বাজেট নথি {file_no} শেষ তারিখ {due} পেরিয়ে পড়ে আছে। {link}",
}
KINDS = tuple(TEMPLATES_BN)
KIND_LABELS = {
    TO_OFFICE: ("বাজেট নথি: অফিসে এসেছে", "Budget file: arrived at the office"),
    TO_SOCIETY: ("বাজেট নথি: সমিতিকে অবস্থা", "Budget file: its state, to the society"),
    OVERDUE: ("বাজেট নথি: শেষ তারিখ পেরিয়েছে", "Budget file: deadline passed"),
    ESCALATED: ("বাজেট নথি: ঊর্ধ্বতন অফিস ও যুগ্ম-নিবন্ধককে", "Budget file: the office above and the JR told"),
}
VARIABLES = ("society_name", "file_no", "year", "step", "office_name", "due", "link")
# long sample values: what a saved text is measured with (messaging.checked_template)
SAMPLES = {"file_no": "bud-0123456789", "step": max(STATE_BN.values(), key=len),
           "link": "https://samabay.gov.bd/officer.html#/budgets/bud-0123456789"}
ESCALATE_AFTER_DAYS = 2  # working days after the breach (the holder's reminder) before the office above and the JR
SUBJECT_BN = {TO_OFFICE: "বাজেট নথি আপনার অফিসে", TO_SOCIETY: "আপনার বাজেট নথির অবস্থা",
              OVERDUE: "বাজেট নথির শেষ তারিখ পেরিয়েছে", ESCALATED: "বাজেট নথি সময়মতো নিষ্পত্তি হয়নি"}


@dataclass(frozen=True)
class Notice:
    kind: str             # one of KINDS
    office_code: str | None  # the office told; None: the society
    key: str              # the step it is about: the same key is never sent twice to one number or address


def step_key(b: Budget) -> str:
    """The step just taken: its place in the movement log."""
    return f"step{len(b.movements)}"


def step_notices(before: Budget, after: Budget) -> list[Notice]:
    """The notices of the step from `before` to `after`: the new holder and anyone copied, the office that
    held a withdrawn file, and always the society."""
    key = step_key(after)
    offices = []
    if after.holder_office_code:
        offices = [after.holder_office_code, *after.copied_office_codes]
    elif after.state == "withdrawn" and before.holder_office_code:
        offices = [before.holder_office_code]
    return [Notice(TO_OFFICE, code, key) for code in offices] + [Notice(TO_SOCIETY, None, key)]


def society_users(b: Budget) -> list[str]:
    """The society's own users who acted on the file (a movement with no office), first to act first."""
    return list(dict.fromkeys(m["by"] for m in b.movements if not m.get("office_code")))


def office_above(office_code: str) -> str:
    """The supervising office: the district of an upazila, the division of a district (a division: HQ)."""
    return office_code[:-2]


def overdue_on(b: Budget, holidays=frozenset()) -> date | None:
    """The day the holder is reminded: the first working day after its deadline (the breach)."""
    if not (b.due_on and b.holder_office_code):
        return None
    return add_working_days(date.fromisoformat(b.due_on), 1, holidays)


def escalate_on(b: Budget, holidays=frozenset(), after_days: int = ESCALATE_AFTER_DAYS) -> date | None:
    """The day the office above and the division's JR are told: `after_days` working days after the breach."""
    breach = overdue_on(b, holidays)
    return add_working_days(breach, after_days, holidays) if breach else None


def deadline_key(b: Budget, stage: str) -> str:
    """A late step's notice key: the step (its place in the log) and the stage (overdue or escalated)."""
    return f"late{len(b.movements)}:{stage}"


def overdue_notices(b: Budget, today: date, holidays=frozenset(),
                    after_days: int = ESCALATE_AFTER_DAYS) -> list[Notice]:
    """What a late step owes today: the holder's reminder once the deadline has passed, and once
    `after_days` working days more have gone by, the office above and the division's JR (each once: the
    keys name the step, so a scan run again or twice sends nothing twice)."""
    due = overdue_on(b, holidays)
    if due is None or today < due:
        return []
    out = [Notice(OVERDUE, b.holder_office_code, deadline_key(b, "overdue"))]
    if today >= escalate_on(b, holidays, after_days):
        division = b.upazila_code[:2]
        above = [office_above(b.holder_office_code), division]
        out += [Notice(ESCALATED, code, deadline_key(b, "escalated"))
                for code in dict.fromkeys(c for c in above if c and c != b.holder_office_code)]
    return out


def settled_on(b: Budget, today: date, holidays=frozenset(), after_days: int = ESCALATE_AFTER_DAYS) -> bool:
    """True once a late step owes nothing more (everyone it tells has been told by today)."""
    last = escalate_on(b, holidays, after_days)
    return last is None or today >= last


def overdue_task_id(b: Budget) -> str:
    return f"{b.id}-late{len(b.movements)}"


def overdue_task(b: Budget, today: date) -> Task:
    """The holder's task for its late step; its id names the step, so opening it twice is one task."""
    return Task(id=overdue_task_id(b), kind=BUDGET_OVERDUE, society_id=b.society_id,
                office_code=b.holder_office_code, due_on=date.fromisoformat(b.due_on),
                society_name_bn=b.society_name_bn, opened_on=today, budget_id=b.id)


def values(b: Budget, office_name: str, link: str) -> dict[str, str]:
    """The template variables of a file's notice, in Bengali."""
    return {"society_name": b.society_name_bn, "file_no": b.id, "year": bn_digits(b.financial_year),
            "step": STATE_BN[b.state], "office_name": office_name,
            "due": bn_date(date.fromisoformat(b.due_on)) if b.due_on else "—", "link": link}


def email_text(b: Budget, kind: str, sms_text: str, link: str) -> tuple[str, str]:
    """(subject, body) of a notice's e-mail: the SMS's words, then the file's heads and total. Approved with
    changes: each head as asked → approved, and the approved total (as the letter has them); rejected: none."""
    from .money import taka_bn, taka_en
    lines = [sms_text, "", f"নথি: {b.id} — {b.society_name_bn}, অর্থবছর {bn_digits(b.financial_year)}",
             f"অবস্থা: {STATE_BN[b.state]}"]
    names = {h.code: h.name_bn for h in HEADS}
    approved = {i.head: i.amount_paisa for i in b.approved_items}
    lines += [f"  {names.get(i.head, i.head)}: {taka_bn(i.amount_paisa)}"
              + (f" → {taka_bn(approved.get(i.head, i.amount_paisa))}" if approved else "") for i in b.items]
    if approved:
        allowed = total_paisa(b.approved_items)
        lines += [f"চাওয়া মোট: {taka_bn(b.total_paisa)}",
                  f"অনুমোদিত মোট / Approved total: {taka_bn(allowed)} ({taka_en(allowed)})"]
    elif b.state == "rejected":
        lines += [f"চাওয়া মোট: {taka_bn(b.total_paisa)}", "কিছুই অনুমোদিত হয়নি / Nothing was approved."]
    else:
        lines += [f"মোট: {taka_bn(b.total_paisa)}"]
    lines += ["",
              f"Budget file {b.id} of {b.society_name_bn}, financial year {b.financial_year}: "
              f"{b.state.replace('_', ' ')}" + (f", due {b.due_on}" if b.due_on and b.holder_office_code else "") + ".",
              "", link, "", "সমবায় অধিদপ্তর — Department of Cooperatives (Samabay)"]
    return f"{SUBJECT_BN[kind]}: {b.society_name_bn} ({b.id})", "\n".join(lines)
