"""Correction requests: a higher office (or the public) asks the owning upazila office to fix a field.

A request names its subject (`subject_kind`, `subject_id`): a society (the registry's fields), or an approved loan
(a borrower's details, domain/loan_corrections.py).

An office never edits a subordinate office's data (seeds 001, 004): it files a request naming
the field, the value it read, the value it proposes and why. The owner applies it (the change
goes through the registry's own update, with the request id in the audit trail) or rejects it
with a reason. Requests are never deleted; every step is kept in their history.

    open ──apply──▶ applied
      ├──reject──▶ rejected
      └──withdraw─▶ withdrawn   (the requesting office changed its mind)
"""
import re
from dataclasses import asdict, dataclass, field, replace

from . import geography
from .bangla import bn_digits
from .errors import Conflict, Invalid, NotAllowed, NotFound, OutsideJurisdiction
from .jurisdiction import Caller
from .society import EDITABLE_FIELDS, PUBLIC_FIELDS

STATES = ("open", "applied", "rejected", "withdrawn")
# A society moves to another upazila by transfer, not by correction: its owner would change.
OFFICER_FIELDS = tuple(f for f in EDITABLE_FIELDS if f != "upazila_code")
# The public corrects what it can see of its society, and its committee's phones.
PUBLIC_FIELDS_CORRECTABLE = tuple(f for f in OFFICER_FIELDS
                                  if f in PUBLIC_FIELDS or f in ("president_phone", "secretary_phone"))
PUBLIC_REQUESTER = "public"  # requester_office of a request the public filed (it has no outbox)
REASON_MIN, REASON_MAX = 5, 500

CORRECTION_ID = re.compile(r"cr-[0-9a-f]{10}")  # how the handler makes them
NO_REQUEST = NotFound("correction_not_found", "No such correction request.", "এমন কোনো সংশোধন অনুরোধ নেই।")


@dataclass(frozen=True)
class Correction:
    id: str
    society_id: str
    society_name_bn: str
    owner_office: str          # the society's upazila: the only office that applies or rejects
    field: str
    current_value: object      # what the field held when the request was filed (JSON-shaped)
    proposed_value: object     # normalised as the registry stores it
    reason: str
    requested_by: str          # username, or "public"
    requester_office: str      # office code, or PUBLIC_REQUESTER
    requester_role: str        # hq | division | district | president | secretary
    created_at: str
    state: str = "open"
    requester_phone: str | None = None  # public requests only: where the outcome is sent
    decided_by: str | None = None
    decided_at: str | None = None
    decision_reason: str | None = None
    updated_at: str = ""
    version: int = 1
    history: tuple = field(default=())
    subject_kind: str = "society"  # what the request corrects: a society, or an approved loan (domain/loan_corrections)
    subject_id: str = ""           # its id ("" on a society's request: society_id)
    subject_name_bn: str = ""      # a loan's borrower (society_name_bn is the project's name)

    def __post_init__(self):
        if not self.subject_id:
            object.__setattr__(self, "subject_id", self.society_id)

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    @property
    def from_public(self) -> bool:
        return self.requester_office == PUBLIC_REQUESTER


def as_dict(c: Correction) -> dict:
    out = asdict(c)
    out["history"] = [dict(h) for h in c.history]
    return out


def from_dict(data: dict) -> Correction:
    names = Correction.__dataclass_fields__
    values = {k: v for k, v in data.items() if k in names}
    values["history"] = tuple(dict(h) for h in values.get("history") or ())
    values["version"] = int(values.get("version", 1))
    return Correction(**values)


def step(action: str, actor: str, office: str, at: str, note: str | None = None) -> dict:
    entry = {"action": action, "actor": actor, "office": office, "at": at}
    if note:
        entry["note"] = note
    return entry


def check_field(name, public: bool = False) -> str:
    allowed = PUBLIC_FIELDS_CORRECTABLE if public else OFFICER_FIELDS
    if not isinstance(name, str) or name not in allowed:
        raise Invalid("invalid_field", "This field cannot be corrected by a request. Fields: " + ", ".join(allowed),
                      "এই তথ্য সংশোধন অনুরোধে পরিবর্তন করা যায় না।",
                      [{"field": "field", "code": "invalid_field", "message": "Choose one of: " + ", ".join(allowed),
                        "message_bn": "তালিকা থেকে একটি বেছে নিন।"}])
    return name


def check_reason(reason, field_name: str = "reason") -> str:
    text = " ".join(reason.split()) if isinstance(reason, str) else ""
    if len(text.replace(" ", "")) < REASON_MIN or len(text) > REASON_MAX:
        en = f"Give a reason of {REASON_MIN} to {REASON_MAX} characters."
        bn = f"{bn_digits(REASON_MIN)} থেকে {bn_digits(REASON_MAX)} অক্ষরের মধ্যে কারণ লিখুন।"
        raise Invalid("invalid_reason", en, bn, [{"field": field_name, "code": "invalid_reason", "message": en,
                                                 "message_bn": bn}])
    return text


def check_value(value) -> object:
    """A proposed value is text, a whole number or null (to clear an optional field)."""
    if value is None or isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise Invalid("invalid_proposed_value", "proposed_value must be text, a whole number or null.",
                  "প্রস্তাবিত মান লেখা, পূর্ণসংখ্যা বা খালি (null) হতে হবে।",
                  [{"field": "proposed_value", "code": "invalid_proposed_value",
                    "message": "Text, a whole number or null.", "message_bn": "লেখা, পূর্ণসংখ্যা বা null।"}])


def check_can_file(caller: Caller, owner_office: str) -> None:
    """Offices above the owning upazila office, inside their area, file; the owner edits directly."""
    if not caller.covers(owner_office):
        raise OutsideJurisdiction("outside_jurisdiction", "This area is outside your office's jurisdiction.",
                                  "এই এলাকা আপনার অফিসের এখতিয়ারের বাইরে।")
    if caller.role == "upazila":
        raise NotAllowed("owner_edits_directly",
                         "Your office owns this society: change it directly instead of requesting a correction.",
                         "এই সমিতি আপনার অফিসের: সংশোধন অনুরোধ না পাঠিয়ে সরাসরি তথ্য পরিবর্তন করুন।")


def check_can_read(caller: Caller, c: Correction) -> None:
    """The owner, the requesting office, and the offices above either of them."""
    if caller.covers(c.owner_office) or (not c.from_public and caller.covers(c.requester_office)):
        return
    raise OutsideJurisdiction("outside_jurisdiction", "This request is outside your office's jurisdiction.",
                              "এই অনুরোধ আপনার অফিসের এখতিয়ারের বাইরে।")


def check_owner(caller: Caller, c: Correction) -> None:
    check_can_read(caller, c)
    if caller.role != "upazila" or caller.office_code != c.owner_office:
        if c.subject_kind == "loan":
            raise NotAllowed("owner_decides", "Only the upazila office of the loan's project applies or rejects "
                                              "this request.",
                             "কেবল ঋণের প্রকল্পের উপজেলা সমবায় অফিস এই অনুরোধ প্রয়োগ বা প্রত্যাখ্যান করতে পারে।")
        raise NotAllowed("owner_decides", "Only the upazila office that owns the society applies or rejects "
                                          "this request.",
                         "কেবল সমিতির মালিক উপজেলা সমবায় অফিস এই অনুরোধ প্রয়োগ বা প্রত্যাখ্যান করতে পারে।")


def check_requester(caller: Caller, c: Correction) -> None:
    check_can_read(caller, c)
    if c.from_public or caller.office_code != c.requester_office or caller.role == "upazila":
        raise NotAllowed("requester_withdraws", "Only the office that filed this request withdraws it.",
                         "কেবল অনুরোধকারী অফিস এই অনুরোধ প্রত্যাহার করতে পারে।")


def closed_conflict(c: Correction) -> Conflict:
    return Conflict("correction_closed", f"This request is already {c.state}; it cannot change any more.",
                    f"এই অনুরোধটি ইতিমধ্যে {STATE_BN.get(c.state, c.state)}; আর পরিবর্তন করা যায় না।")


def check_unchanged(c: Correction, value_now) -> None:
    """Apply only what the requester saw: a field changed since filing is not silently overwritten."""
    if value_now != c.current_value:
        raise Conflict("correction_stale",
                       f"{c.field} has changed since the request was filed (it was {c.current_value!r}, it is now "
                       f"{value_now!r}). Reject this request; the requester can file a new one if still needed.",
                       "অনুরোধ পাঠানোর পর এই তথ্য বদলে গেছে। অনুরোধটি প্রত্যাখ্যান করুন; প্রয়োজনে অনুরোধকারী "
                       "নতুন অনুরোধ পাঠাবেন।")


def check_changed(current_value, proposed_value) -> None:
    if proposed_value == current_value:
        raise Invalid("no_change", "The proposed value is the same as the current one.",
                      "প্রস্তাবিত মান বর্তমান মানের মতোই।",
                      [{"field": "proposed_value", "code": "no_change", "message": "Same as the current value.",
                        "message_bn": "বর্তমান মানের মতোই।"}])


def new_correction(correction_id: str, society, field_name: str, current_value, proposed_value, reason: str,
                   requested_by: str, requester_office: str, requester_role: str, now: str,
                   requester_phone: str | None = None) -> Correction:
    check_changed(current_value, proposed_value)
    return Correction(
        id=correction_id, society_id=society.id, society_name_bn=society.name_bn, owner_office=society.upazila_code,
        field=field_name, current_value=current_value, proposed_value=proposed_value, reason=reason,
        requested_by=requested_by, requester_office=requester_office, requester_role=requester_role,
        requester_phone=requester_phone, created_at=now, updated_at=now,
        history=(step("filed", requested_by, requester_office, now, reason),))


def decided(c: Correction, state: str, actor: str, office: str, now: str, note: str | None = None) -> Correction:
    """The request closed as `state` (applied, rejected, withdrawn), with the step in its history."""
    if not c.is_open:
        raise closed_conflict(c)
    return replace(c, state=state, decided_by=actor, decided_at=now, decision_reason=note, updated_at=now,
                   version=c.version + 1, history=c.history + (step(state, actor, office, now, note),))


STATE_BN = {"open": "খোলা", "applied": "প্রয়োগ করা হয়েছে", "rejected": "প্রত্যাখ্যাত",
            "withdrawn": "প্রত্যাহার করা হয়েছে"}


def office_names(code: str) -> dict:
    """An office's name by its area (HQ's code is empty), for people reading a request."""
    if code == PUBLIC_REQUESTER:
        return {"name_bn": "সমিতির কমিটি", "name_en": "The society's committee"}
    found = geography.area(code) if code else None
    if not found:
        return {"name_bn": "সমবায় অধিদপ্তর", "name_en": "Department of Cooperatives"}
    return {"name_bn": found["name_bn"], "name_en": found["name_en"]}


def view(c: Correction) -> dict:
    """What officers see of a request (the public only ever gets its id and state back)."""
    out = as_dict(c)
    out["state_bn"] = STATE_BN[c.state]
    out["owner_office_name"] = office_names(c.owner_office)
    out["requester_office_name"] = office_names(c.requester_office)
    if not c.from_public:
        out.pop("requester_phone", None)
    return out
