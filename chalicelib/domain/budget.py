"""Budget files of central cooperative societies (seed 003): the society submits, the upazila office
recommends, the district office decides — or the division's Joint Registrar when a head is too large.

    draft ──submit──▶ submitted ──recommend──▶ recommended ──decide──▶ approved / approved_with_changes
      │                  │                          ├──────────────────▶ rejected
      │                  └──return──▶ returned ◀────┘ (return)
      │                               └──submit (a new round: the society's edited file)──▶ submitted
      └── withdraw (the society, from draft, submitted, recommended or returned) ──▶ withdrawn

Every step is a movement in the file's log (who, from which office, when, what, their note), kept
across rounds. The file is held by one office at a time (`holder_office_code`); while it is with the
society (draft, returned) no office holds it.
"""
import re
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta

from .errors import Conflict, Invalid, NotAllowed, NotFound, OutsideJurisdiction
from .jurisdiction import Caller


@dataclass(frozen=True)
class Head:
    code: str
    name_bn: str
    name_en: str


# The fixed chart of heads of a central society's expenditure budget.
HEADS = (
    Head("salaries", "বেতন-ভাতা", "Salaries and allowances"),
    Head("office_rent", "অফিস ভাড়া", "Office rent"),
    Head("utilities", "বিদ্যুৎ, পানি ও গ্যাস", "Electricity, water and gas"),
    Head("travel", "যাতায়াত ভাতা", "Travel"),
    Head("stationery", "মুদ্রণ ও মনিহারি", "Printing and stationery"),
    Head("meetings", "সভা ও সাধারণ সভা", "Meetings and general meetings"),
    Head("audit_fee", "অডিট ফি", "Audit fee"),
    Head("training", "প্রশিক্ষণ", "Training"),
    Head("repairs", "মেরামত ও রক্ষণাবেক্ষণ", "Repairs and maintenance"),
    Head("construction", "নির্মাণ ও উন্নয়ন", "Construction and development"),
    Head("assets", "আসবাব ও সরঞ্জাম ক্রয়", "Furniture and equipment"),
    Head("other", "বিবিধ", "Other expenses"),
)
HEAD_CODES = tuple(h.code for h in HEADS)
KINDS = ("budget", "post_facto")  # post_facto: sanction of money already spent (ব্যয়ভোর মঞ্জুরী)
STATES = ("draft", "submitted", "recommended", "approved", "approved_with_changes", "returned", "rejected",
          "withdrawn")
OPEN_STATES = ("draft", "submitted", "recommended", "returned")
DECISIONS = ("approved", "approved_with_changes", "returned", "rejected")
FINANCIAL_YEAR = re.compile(r"^(20[0-9]{2})-([0-9]{2})$")
JUSTIFICATION_MAX = 500
MAX_AMOUNT_PAISA = 10 ** 13  # Tk 1,000 crore: far above any society's head; keeps totals sane
STATE_BN = {"draft": "খসড়া", "submitted": "দাখিল করা হয়েছে", "recommended": "সুপারিশ করা হয়েছে",
            "approved": "অনুমোদিত", "approved_with_changes": "সংশোধনসহ অনুমোদিত", "returned": "ফেরত পাঠানো হয়েছে",
            "rejected": "নামঞ্জুর", "withdrawn": "প্রত্যাহার করা হয়েছে"}
NO_BUDGET = NotFound("budget_not_found", "No such budget file.", "এমন কোনো বাজেট নথি নেই।")


@dataclass(frozen=True)
class RoutingRule:
    """Who decides: the district office, unless any head exceeds the threshold (the division's JR)."""
    threshold_paisa: int = 100_000_000  # Tk 10,00,000
    text_en: str = ("A head above Tk 10,00,000 is beyond the district office's power: the file goes from the "
                    "upazila office straight to the division's Joint Registrar, the district copied "
                    "(Cooperative Societies Act 2001, s.17(4)(e)).")
    text_bn: str = ("কোনো খাতে ১০,০০,০০০ টাকার বেশি হলে তা জেলা সমবায় অফিসের ক্ষমতার বাইরে: নথি উপজেলা অফিস থেকে "
                    "সরাসরি বিভাগীয় যুগ্ম-নিবন্ধকের কাছে যায়, জেলা অফিস অনুলিপি পায় (সমবায় সমিতি আইন ২০০১, "
                    "ধারা ১৭(৪)(ঙ))।")


@dataclass(frozen=True)
class Deadlines:
    """Working days per step (seed 003: UCO 2, decider 2); Friday and Saturday are the weekend."""
    recommend_days: int = 2
    decide_days: int = 2
    holidays: frozenset = frozenset()


@dataclass(frozen=True)
class Item:
    head: str
    amount_paisa: int
    justification: str


@dataclass(frozen=True)
class Budget:
    id: str
    society_id: str
    society_name_bn: str
    upazila_code: str
    financial_year: str
    kind: str
    items: tuple
    created_by: str
    created_at: str
    resolution_on: str | None = None
    society_email: str | None = None  # where the society's notices are e-mailed (optional)
    resolution_file: dict | None = None  # the resolution's scan: {key, content_type, size, attached_at, attached_by}
    state: str = "draft"
    holder_office_code: str | None = None
    copied_office_codes: tuple = ()
    round: int = 1                 # submission round: a returned file resubmitted is a new round
    version: int = 1               # every write; a stale write is refused
    submitted_by: str | None = None
    recommended_by: str | None = None
    decided_by: str | None = None
    decision_reason: str | None = None
    approved_items: tuple = ()     # approved_with_changes: the amounts allowed per head
    due_on: str | None = None      # the holder's deadline (working days)
    updated_at: str = ""
    movements: tuple = field(default=())

    @property
    def total_paisa(self) -> int:
        return total_paisa(self.items)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


def total_paisa(items) -> int:
    return sum(i.amount_paisa for i in items)


def decider_office(upazila_code: str, items, rule: RoutingRule = RoutingRule()) -> tuple[str, tuple]:
    """The office that decides, and the offices copied: the district, or the division (district copied)
    when any one head exceeds the threshold. Heads are never summed: each head's amount counts."""
    district, division = upazila_code[:4], upazila_code[:2]
    if any(i.amount_paisa > rule.threshold_paisa for i in items):
        return division, (district,)
    return district, ()


# ---- input ------------------------------------------------------------------------------------------

def _invalid(code: str, field_name: str, en: str, bn: str) -> Invalid:
    return Invalid(code, en, bn, [{"field": field_name, "code": code, "message": en, "message_bn": bn}])


def check_financial_year(value) -> str:
    match = FINANCIAL_YEAR.match(value) if isinstance(value, str) else None
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise _invalid("invalid_financial_year", "financial_year", "Write the financial year as 2026-27.",
                       "অর্থবছর ২০২৬-২৭ আকারে লিখুন।")
    return value


def check_items(raw) -> tuple[Item, ...]:
    """1 to len(HEADS) items from the chart, each head at most once (a head is never split), whole paisa > 0."""
    if not isinstance(raw, list) or not 1 <= len(raw) <= len(HEADS):
        raise _invalid("invalid_items", "items", f"Give 1 to {len(HEADS)} heads.", "অন্তত একটি খাত দিন।")
    items, seen = [], set()
    for n, entry in enumerate(raw):
        where = f"items[{n}]"
        if not isinstance(entry, dict):
            raise _invalid("invalid_items", where, "Each item is {head, amount_paisa, justification}.",
                           "প্রতিটি খাতে head, amount_paisa ও justification দিন।")
        head, amount, why = entry.get("head"), entry.get("amount_paisa"), entry.get("justification")
        if head not in HEAD_CODES:
            raise _invalid("invalid_head", f"{where}.head", "Choose a head of the chart: " + ", ".join(HEAD_CODES),
                           "খাতের তালিকা থেকে একটি খাত বেছে নিন।")
        if head in seen:
            raise _invalid("head_repeated", f"{where}.head", f"The head {head} appears twice: give it once, "
                           "with its whole amount.", "একই খাত দুইবার দেওয়া যায় না: পুরো টাকা একবারে দিন।")
        seen.add(head)
        if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= MAX_AMOUNT_PAISA:
            raise _invalid("invalid_amount", f"{where}.amount_paisa", "amount_paisa is a whole number of paisa "
                           "above 0.", "টাকার পরিমাণ পয়সায়, ০-এর বেশি পূর্ণসংখ্যা দিন।")
        text = " ".join(why.split()) if isinstance(why, str) else ""
        if not 3 <= len(text) <= JUSTIFICATION_MAX:
            raise _invalid("invalid_justification", f"{where}.justification",
                           f"Justify each head in 3 to {JUSTIFICATION_MAX} characters.",
                           "প্রতিটি খাতের যৌক্তিকতা লিখুন।")
        items.append(Item(head, amount, text))
    return tuple(items)


def check_kind(value) -> str:
    if value not in KINDS:
        raise _invalid("invalid_kind", "kind", "kind is budget or post_facto.", "ধরন budget বা post_facto।")
    return value


def check_note(value, field_name: str = "reason", required: bool = True) -> str | None:
    text = " ".join(value.split()) if isinstance(value, str) else ""
    if not text and not required:
        return None
    if not (3 if required else 1) <= len(text) <= 1000:  # an approval or a note may be a word
        raise _invalid("invalid_" + field_name, field_name, f"Write the {field_name} in 3 to 1000 characters.",
                       "৩ থেকে ১০০০ অক্ষরের মধ্যে লিখুন।")
    return text


EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


def check_email(value) -> str | None:
    """The society's e-mail for notices (optional)."""
    if value in (None, ""):
        return None
    if not isinstance(value, str) or len(value) > 254 or not EMAIL.match(value.strip()):
        raise _invalid("invalid_email", "email", "Give an e-mail address such as secretary@example.org.",
                       "একটি ই-মেইল ঠিকানা দিন, যেমন secretary@example.org।")
    return value.strip()


def check_memo(value) -> str | None:
    """An e-Nothi memo number the office gives a movement (optional), e.g. 47.61.6944.000.39.162.19-25."""
    text = value.strip() if isinstance(value, str) else value
    if text in (None, ""):
        return None
    if not isinstance(text, str) or len(text) > 80:
        raise _invalid("invalid_memo_no", "memo_no", "memo_no is the e-Nothi memo number, up to 80 characters.",
                       "স্মারক নম্বর ৮০ অক্ষরের মধ্যে দিন।")
    return text


def check_changes(raw, items) -> tuple[Item, ...]:
    """approved_with_changes: a reduced (never raised) amount for some heads of the file; the rest stand."""
    allowed = {i.head: i for i in items}
    if not isinstance(raw, list) or not raw:
        raise _invalid("invalid_changes", "changes", "Give the reduced amount of at least one head.",
                       "অন্তত একটি খাতের কমানো পরিমাণ দিন।")
    reduced = {}
    for n, entry in enumerate(raw):
        head = entry.get("head") if isinstance(entry, dict) else None
        amount = entry.get("amount_paisa") if isinstance(entry, dict) else None
        if head not in allowed or head in reduced:
            raise _invalid("invalid_head", f"changes[{n}].head", "Each change names a head of this file, once.",
                           "প্রতিটি পরিবর্তনে এই নথির একটি খাত একবার দিন।")
        if isinstance(amount, bool) or not isinstance(amount, int) or not 0 <= amount < allowed[head].amount_paisa:
            raise _invalid("invalid_amount", f"changes[{n}].amount_paisa",
                           "An approved amount is below the amount asked (0 or more).",
                           "অনুমোদিত পরিমাণ চাওয়া পরিমাণের চেয়ে কম হতে হবে।")
        reduced[head] = amount
    return tuple(replace(i, amount_paisa=reduced.get(i.head, i.amount_paisa)) for i in items)


def check_central(society) -> None:
    """Budget files are for central societies; a society whose level is not yet recorded is not refused."""
    if getattr(society, "level", None) not in (None, "central"):
        raise Conflict("not_central_society", "Budget files are for central cooperative societies; this one is "
                       f"recorded as {society.level}.", "বাজেট নথি কেন্দ্রীয় সমবায় সমিতির জন্য; এই সমিতি "
                       "কেন্দ্রীয় নয়।")


# ---- who may act -------------------------------------------------------------------------------------

def is_society_user(caller: Caller) -> bool:
    return caller.role == "society"


def check_can_read(caller: Caller, b: Budget) -> None:
    """The society itself, and every office on the path: its upazila, district and division, and HQ."""
    allowed = caller.office_code == b.society_id if is_society_user(caller) else caller.covers(b.upazila_code)
    if not allowed:
        raise OutsideJurisdiction("outside_jurisdiction", "This budget file is outside your jurisdiction.",
                                  "এই বাজেট নথি আপনার এখতিয়ারের বাইরে।")


def check_can_file(caller: Caller, society_id: str, upazila_code: str) -> None:
    """The society's own user, or its upazila office on the society's behalf."""
    if is_society_user(caller):
        if caller.office_code != society_id:
            raise OutsideJurisdiction("outside_jurisdiction", "You can file budgets only for your own society.",
                                      "আপনি কেবল নিজের সমিতির বাজেট দাখিল করতে পারেন।")
        return
    if caller.role != "upazila" or caller.office_code != upazila_code:
        raise NotAllowed("society_files", "Only the society, or its upazila office on its behalf, files a budget.",
                         "কেবল সমিতি, বা তার পক্ষে উপজেলা সমবায় অফিস, বাজেট দাখিল করতে পারে।")


def check_holder(caller: Caller, b: Budget) -> None:
    """Only the office holding the file acts on it (403 for everyone else)."""
    if is_society_user(caller) or not b.holder_office_code or caller.office_code != b.holder_office_code:
        raise NotAllowed("not_holder", "Only the office holding this file can act on it now.",
                         "কেবল যে অফিসে নথিটি এখন আছে, সেই অফিস এতে কাজ করতে পারে।")


def check_not_twice(caller: Caller, b: Budget) -> None:
    """Maker-checker: no one acts on their own submission, and one person acts at one step only."""
    if caller.username in (b.submitted_by, b.recommended_by):
        raise NotAllowed("same_person", "You already acted on this file at an earlier step; another officer "
                         "must take this one.", "আপনি এই নথিতে আগের ধাপে কাজ করেছেন; এই ধাপ অন্য কর্মকর্তা নেবেন।")


def check_version(b: Budget, seen_round) -> None:
    """A decision names the round it was made on (optional); an older round is refused."""
    if seen_round is not None and seen_round != b.round:
        raise Conflict("stale_version", f"This file has been resubmitted (round {b.round}); read it again.",
                       "নথিটি নতুন করে দাখিল হয়েছে; আবার পড়ুন।")


def _expect(b: Budget, *states: str) -> None:
    if b.state not in states:
        raise Conflict("budget_wrong_state", f"This file is {b.state}; that cannot be done now.",
                       f"এই নথিটি এখন {STATE_BN[b.state]}; এখন এটি করা যায় না।")


# ---- working days ------------------------------------------------------------------------------------

WEEKEND = (4, 5)  # Friday, Saturday


def is_working_day(day: date, holidays=frozenset()) -> bool:
    return day.weekday() not in WEEKEND and day not in holidays


def add_working_days(start: date, days: int, holidays=frozenset()) -> date:
    """The day `days` working days after `start` (the day the file arrived does not count)."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            days -= 1
    return day


def working_days_between(start: date, end: date, holidays=frozenset()) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day, holidays)
    return count


# ---- the resolution's scan ----------------------------------------------------------------------------

# the types a resolution's scan may be, and how such a file begins (what is uploaded is read, not trusted)
RESOLUTION_TYPES = {"application/pdf": (b"%PDF-",), "image/jpeg": (b"\xff\xd8\xff",), "image/png": (b"\x89PNG\r\n",)}
RESOLUTION_MAX_BYTES = 5 * 1024 * 1024
NO_RESOLUTION = NotFound("resolution_missing", "No scan of the resolution is attached to this file yet.",
                         "এই নথিতে রেজুলেশনের স্ক্যান এখনো যুক্ত হয়নি।")


def resolution_key(budget_id: str, upload_id: str) -> str:
    """Where a file's scan is kept in the private bucket: under its own file, so no other file can claim it."""
    return f"resolutions/{budget_id}/{upload_id}"


def check_upload_id(value) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[0-9a-f]{16}", value):
        raise _invalid("invalid_upload_id", "upload_id", "upload_id is the one the upload form gave.",
                       "আপলোড ফর্মের upload_id দিন।")
    return value


def check_resolution_upload(content_type, size) -> None:
    """A PDF or image (JPEG, PNG) of 1 byte to 5 MB."""
    if content_type not in RESOLUTION_TYPES:
        raise _invalid("invalid_file_type", "content_type", "Upload the resolution as a PDF, JPEG or PNG.",
                       "রেজুলেশন PDF, JPEG বা PNG ফাইলে দিন।")
    if isinstance(size, bool) or not isinstance(size, int) or not 0 < size <= RESOLUTION_MAX_BYTES:
        raise _invalid("file_too_large", "size", "The scan may be at most 5 MB.", "স্ক্যান সর্বোচ্চ ৫ এমবি হতে পারে।")


def check_resolution_file(head: dict | None, first_bytes: bytes) -> None:
    """The uploaded file is there, of an allowed type and size, and its bytes are what its type says."""
    if head is None:
        raise _invalid("file_not_uploaded", "upload_id", "The scan has not been uploaded (or was for another file).",
                       "স্ক্যানটি আপলোড হয়নি।")
    check_resolution_upload(head["content_type"], head["size"])
    if not first_bytes.startswith(RESOLUTION_TYPES[head["content_type"]]):
        raise _invalid("invalid_file", "upload_id", f"The file is not a {head['content_type']} file.",
                       "ফাইলটি ঘোষিত ধরনের নয়।")


def check_can_attach(caller: Caller, b: Budget) -> None:
    """The society, or its upazila office on its behalf, attaches the scan: at any step, never blocking one."""
    check_can_read(caller, b)
    check_can_file(caller, b.society_id, b.upazila_code)


def with_resolution(b: Budget, caller: Caller, key: str, head: dict, now: str) -> Budget:
    """The file with its resolution's scan (a later one replaces it; the audit keeps the earlier)."""
    check_can_attach(caller, b)
    attached = {"key": key, "content_type": head["content_type"], "size": head["size"], "attached_at": now,
                "attached_by": caller.username}
    return replace(b, resolution_file=attached, version=b.version + 1, updated_at=now)


# ---- steps -------------------------------------------------------------------------------------------

def movement(action: str, by: str, office_code: str | None, at: str, round_no: int, note: str | None = None,
             memo_no: str | None = None, to_office_code: str | None = None, on_behalf: bool = False) -> dict:
    """One step of the file's log; `on_behalf`: the upazila office acted for the society (which cannot)."""
    entry = {"at": at, "by": by, "office_code": office_code, "action": action, "round": round_no}
    for key, value in (("note", note), ("memo_no", memo_no), ("to_office_code", to_office_code),
                       ("on_behalf", on_behalf)):
        if value:
            entry[key] = value
    return entry


def _actor_office(caller: Caller) -> str | None:
    return None if is_society_user(caller) else caller.office_code


def new_budget(budget_id: str, society, caller: Caller, financial_year: str, kind: str, items, resolution_on,
               now: str, society_email: str | None = None) -> Budget:
    action = "drafted" if is_society_user(caller) else "drafted_on_behalf"
    return Budget(id=budget_id, society_id=society.id, society_name_bn=society.name_bn,
                  upazila_code=society.upazila_code, financial_year=financial_year, kind=kind, items=tuple(items),
                  resolution_on=resolution_on, society_email=society_email, created_by=caller.username,
                  created_at=now, updated_at=now,
                  movements=(movement(action, caller.username, _actor_office(caller), now, 1,
                                      on_behalf=not is_society_user(caller)),))


def submitted(b: Budget, caller: Caller, now: str, today: date, deadlines: Deadlines = Deadlines(),
              items=None) -> Budget:
    """The society (or its UCO on its behalf) sends the file to its upazila office; a returned file comes
    back as a new round, with its edited items if given."""
    _expect(b, "draft", "returned")
    round_no = b.round + 1 if b.state == "returned" else b.round
    action = "submitted" if is_society_user(caller) else "submitted_on_behalf"
    due = add_working_days(today, deadlines.recommend_days, deadlines.holidays).isoformat()
    return replace(b, state="submitted", holder_office_code=b.upazila_code, copied_office_codes=(),
                   items=tuple(items) if items is not None else b.items, round=round_no, version=b.version + 1,
                   submitted_by=caller.username, recommended_by=None, decided_by=None, decision_reason=None,
                   approved_items=(), due_on=due, updated_at=now,
                   movements=b.movements + (movement(action, caller.username, _actor_office(caller), now, round_no,
                                                     to_office_code=b.upazila_code,
                                                     on_behalf=not is_society_user(caller)),))


def recommended(b: Budget, caller: Caller, note: str | None, now: str, today: date,
                rule: RoutingRule = RoutingRule(), deadlines: Deadlines = Deadlines(),
                memo_no: str | None = None) -> Budget:
    check_holder(caller, b)
    _expect(b, "submitted")
    check_not_twice(caller, b)
    decider, copied = decider_office(b.upazila_code, b.items, rule)
    due = add_working_days(today, deadlines.decide_days, deadlines.holidays).isoformat()
    return replace(b, state="recommended", holder_office_code=decider, copied_office_codes=copied,
                   recommended_by=caller.username, version=b.version + 1, due_on=due, updated_at=now,
                   movements=b.movements + (movement("recommended", caller.username, caller.office_code, now,
                                                     b.round, note, memo_no, to_office_code=decider),))


def decided(b: Budget, caller: Caller, decision: str, reason: str | None, now: str, approved_items=(),
            memo_no: str | None = None) -> Budget:
    """The decider's decision; the upazila office may only return a submitted file (with reasons)."""
    check_holder(caller, b)
    if b.state == "submitted":
        if decision != "returned":
            raise NotAllowed("upazila_recommends", "The upazila office recommends or returns; the decider decides.",
                             "উপজেলা অফিস সুপারিশ করে বা ফেরত পাঠায়; সিদ্ধান্ত দেন সিদ্ধান্তদাতা অফিস।")
    else:
        _expect(b, "recommended")
    check_not_twice(caller, b)
    done = decision != "returned"
    return replace(b, state=decision, holder_office_code=None, version=b.version + 1,
                   decided_by=caller.username if done else None, decision_reason=reason,
                   approved_items=tuple(approved_items), due_on=None, updated_at=now,
                   movements=b.movements + (movement(decision, caller.username, caller.office_code, now, b.round,
                                                     reason, memo_no),))


def withdrawn(b: Budget, caller: Caller, now: str) -> Budget:
    """The society withdraws its open file, or its upazila office on its behalf (recorded as such)."""
    own = is_society_user(caller) and caller.office_code == b.society_id
    for_it = caller.role == "upazila" and caller.office_code == b.upazila_code
    if not (own or for_it):
        raise NotAllowed("society_withdraws", "Only the society, or its upazila office on its behalf, withdraws "
                         "its budget file.", "কেবল সমিতি, বা তার পক্ষে উপজেলা সমবায় অফিস, বাজেট নথি প্রত্যাহার "
                         "করতে পারে।")
    _expect(b, *OPEN_STATES)
    action = "withdrawn" if own else "withdrawn_on_behalf"
    return replace(b, state="withdrawn", holder_office_code=None, version=b.version + 1, due_on=None,
                   updated_at=now, movements=b.movements + (movement(action, caller.username, _actor_office(caller),
                                                                     now, b.round, on_behalf=not own),))


# ---- storage shape -----------------------------------------------------------------------------------

def as_dict(b: Budget) -> dict:
    out = asdict(b)
    out["items"] = [asdict(i) for i in b.items]
    out["approved_items"] = [asdict(i) for i in b.approved_items]
    out["copied_office_codes"] = list(b.copied_office_codes)
    out["movements"] = [dict(m) for m in b.movements]
    return out


def from_dict(data: dict) -> Budget:
    names = Budget.__dataclass_fields__
    values = {k: v for k, v in data.items() if k in names}
    values["items"] = tuple(Item(**i) for i in values.get("items") or ())
    values["approved_items"] = tuple(Item(**i) for i in values.get("approved_items") or ())
    values["copied_office_codes"] = tuple(values.get("copied_office_codes") or ())
    values["movements"] = tuple(dict(m) for m in values.get("movements") or ())
    values["round"], values["version"] = int(values.get("round", 1)), int(values.get("version", 1))
    return Budget(**values)


def view(b: Budget) -> dict:
    out = as_dict(b)
    out["total_paisa"] = b.total_paisa
    out["state_bn"] = STATE_BN[b.state]
    out["approved_total_paisa"] = total_paisa(b.approved_items) if b.approved_items else None
    out["resolution_attached"] = b.resolution_file is not None  # shown as missing until it is; never blocks
    out["resolution_file"] = ({k: v for k, v in b.resolution_file.items() if k != "key"}
                              if b.resolution_file else None)
    return out
