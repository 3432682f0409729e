"""Asrayon loans, pure: projects, loans, the instalment schedule, the ledger and arrears as of any date.

- `schedule(...)`: equal instalments to the paisa (the remainder on the last), each split into its
  service-charge and principal parts the same way; monthly due dates are the first due date + k months
  (clamped to the month's end, so 31 Jan → 28/29 Feb → 31 Mar), weekly ones + 7k days.
- The ledger is a list of immutable `LedgerEntry`s in integer paisa, each valued at bKash's execution
  time (`value_at`), one per payment (its id): replaying the entries valued on or before a day gives
  the loan as it stood that day.
- `allocate(...)`: money goes to the oldest instalment first, charge before principal; what is left
  beyond the schedule is an overpayment, kept for refund.
- `state_as_of(...)`: per instalment paid_paisa and status; paid, outstanding, overdue, days past
  due, bucket (`ArrearsRules`: configurable ranges and a tolerance below which a shortfall is not
  arrears); `par(...)`: portfolio at risk over a set of loans.
"""
import calendar
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta

from .calendar import DHAKA

FREQUENCIES = ("monthly", "weekly")
# draft: imported, not yet on the approved list (no reminders, arrears or payments); approved: locked, changed
# only through correction requests. A loan the upazila creates one by one is approved at once.
LOAN_STATES = ("draft", "approved")
INSTALMENT_STATUSES = ("paid", "partly_paid", "due", "overdue", "upcoming")
# money in (a bKash credit), money sent back (an overpayment refunded), a late charge levied (money owed, not moved:
# a project's late policy "accept_with_charge", domain/loan_late.py)
ENTRY_KINDS = ("payment", "refund", "late_charge")
# What a project does with a borrower who misses a deadline (domain/loan_late.py); money that arrives is always
# recorded
LATE_POLICIES = ("accept_and_flag", "accept_with_charge", "refuse_after_deadline")
CURRENT = "current"
DEFAULT_BUCKET_BOUNDS = (30, 60, 90)  # "1-30", "31-60", "61-90", then "90+"
DEFAULT_TOLERANCE_PAISA = 1000  # Tk 10: a shortfall below this is not arrears
MAX_INSTALMENTS = 520  # ten years of weekly instalments


@dataclass(frozen=True)
class ArrearsRules:
    """How arrears are classified: bucket upper bounds in days past due, and the tolerance."""
    bucket_bounds: tuple[int, ...] = DEFAULT_BUCKET_BOUNDS
    tolerance_paisa: int = DEFAULT_TOLERANCE_PAISA

    def __post_init__(self):
        bounds = self.bucket_bounds
        if not bounds or bounds[0] < 1 or any(b <= a for a, b in zip(bounds, bounds[1:])):
            raise ValueError(f"bucket bounds must rise from 1 day: {bounds!r}")
        if self.tolerance_paisa < 0:
            raise ValueError("tolerance must not be negative")

    @property
    def buckets(self) -> tuple[str, ...]:
        """Every bucket's label, "current" first: ("current", "1-30", "31-60", "61-90", "90+")."""
        lows = (1,) + tuple(b + 1 for b in self.bucket_bounds)
        ranges = tuple(f"{low}-{high}" for low, high in zip(lows, self.bucket_bounds))
        return (CURRENT,) + ranges + (f"{self.bucket_bounds[-1]}+",)

    def bucket(self, days_past_due: int) -> str:
        if days_past_due <= 0:
            return CURRENT
        for label, high in zip(self.buckets[1:], self.bucket_bounds):
            if days_past_due <= high:
                return label
        return self.buckets[-1]


def parse_bucket_bounds(text: str) -> tuple[int, ...]:
    """"30,60,90" -> (30, 60, 90) (configuration)."""
    return tuple(int(v) for v in text.replace(" ", "").split(",") if v)


# ---- records ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Project:
    """An Asrayon project: a registered multipurpose cooperative of the upazila, with the UCO's official
    bKash number (approved by the Upazila Asrayon Task Force Committee) and the project's bank account."""
    id: str
    name_bn: str
    upazila_code: str
    bkash_account: str           # +8801XXXXXXXXX
    bank_account: str
    created_at: str
    created_by: str
    name_en: str = ""
    phase: str = ""              # আশ্রয়ণ, আশ্রয়ণ-২, ফেইজ-২ …
    society_id: str | None = None  # the registered society the project is
    bkash_approval_ref: str = ""   # the task force committee's approval of the bKash number
    bkash_approved_on: date | None = None
    version: int = 1
    late_policy: str = "accept_and_flag"  # one of LATE_POLICIES
    late_charge_paisa: int = 0            # "accept_with_charge": levied once per instalment missed
    late_policy_since: date | None = None  # the day the policy was set: instalments due before it are not charged


@dataclass(frozen=True)
class Borrower:
    name_bn: str
    guardian_name_bn: str        # father's or husband's name
    barrack_no: str
    room_no: str
    phone: str                   # +8801XXXXXXXXX
    nid: str = ""


@dataclass(frozen=True)
class LedgerEntry:
    """One movement of a loan's money; never changed or removed once written."""
    id: str                      # one per payment (the payment's id): a credit that arrives twice is one entry
    kind: str                    # one of ENTRY_KINDS
    amount_paisa: int            # > 0; a refund takes money out
    value_at: str                # ISO instant bKash executed the payment (not when we credited it)
    recorded_at: str = ""
    payment_id: str = ""
    trx_id: str = ""
    late_days: int = 0           # a payment made this many days after a due date it covers (flagged, still credited)
    instalment_no: int = 0       # a late charge: the instalment it was levied for
    flag: str = ""               # why money that arrived is flagged (domain/loan_late.PAID_AHEAD_IN_ARREARS)

    @property
    def value_on(self) -> date:
        """The Asia/Dhaka day the money moved."""
        moment = datetime.fromisoformat(self.value_at.replace("Z", "+00:00"))
        return moment.astimezone(DHAKA).date() if moment.tzinfo else moment.date()

    @property
    def signed_paisa(self) -> int:
        """Money received: in for a payment, out for a refund; a late charge moves none."""
        return {"payment": self.amount_paisa, "refund": -self.amount_paisa}.get(self.kind, 0)


@dataclass(frozen=True)
class Loan:
    id: str
    project_id: str
    upazila_code: str            # the project's
    borrower: Borrower
    loan_date: date
    principal_paisa: int
    service_charge_paisa: int
    instalments: int
    frequency: str               # one of FREQUENCIES
    first_due_on: date
    created_at: str
    created_by: str
    state: str = "approved"
    approved_at: str | None = None
    approved_by: str | None = None
    ledger: tuple[LedgerEntry, ...] = ()
    version: int = 1
    bucket: str = CURRENT        # the arrears bucket last recorded (domain/loan_buckets.py keeps its history)
    changes: tuple[dict, ...] = ()  # approved pauses and reschedules, as stored (domain/loan_changes.py)

    @property
    def total_paisa(self) -> int:
        return self.principal_paisa + self.service_charge_paisa

    @property
    def schedule(self) -> tuple["Instalment", ...]:
        """The instalments as approved changes (pauses, reschedules) have made them."""
        from .loan_changes import effective_schedule
        return effective_schedule(self)


# ---- the schedule ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Instalment:
    no: int                      # 1, 2, …
    due_on: date
    charge_paisa: int
    principal_paisa: int

    @property
    def amount_paisa(self) -> int:
        return self.charge_paisa + self.principal_paisa


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has fewer days (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_dates(first_due_on: date, count: int, frequency: str) -> list[date]:
    """Each from the first due date (never from the previous one, so a clamped 28 Feb does not drag
    March to the 28th)."""
    if frequency == "monthly":
        return [add_months(first_due_on, k) for k in range(count)]
    if frequency == "weekly":
        return [first_due_on + timedelta(days=7 * k) for k in range(count)]
    raise ValueError(f"unknown frequency {frequency!r}")


def _split(total: int, count: int) -> list[int]:
    """Equal parts rounded down to the paisa, the remainder on the last."""
    each = total // count
    return [each] * (count - 1) + [total - each * (count - 1)]


def schedule(principal_paisa: int, service_charge_paisa: int, instalments: int, frequency: str,
             first_due_on: date) -> tuple[Instalment, ...]:
    """The instalments; their amounts add up exactly to principal + service charge."""
    if not 1 <= instalments <= MAX_INSTALMENTS:
        raise ValueError(f"instalments must be 1 to {MAX_INSTALMENTS}")
    if principal_paisa <= 0 or service_charge_paisa < 0:
        raise ValueError("principal must be positive and the service charge not negative")
    charges, principals = _split(service_charge_paisa, instalments), _split(principal_paisa, instalments)
    return tuple(Instalment(no + 1, due, charge, principal) for no, (due, charge, principal)
                 in enumerate(zip(due_dates(first_due_on, instalments, frequency), charges, principals)))


# ---- applying money --------------------------------------------------------------------------

@dataclass(frozen=True)
class Applied:
    """What an instalment has received."""
    charge_paisa: int = 0
    principal_paisa: int = 0

    @property
    def paisa(self) -> int:
        return self.charge_paisa + self.principal_paisa


def entries_until(ledger, as_of: date | None) -> list[LedgerEntry]:
    """The entries valued on or before `as_of` (all when None), oldest first: what was known that day."""
    kept = [e for e in ledger if as_of is None or e.value_on <= as_of]
    return sorted(kept, key=lambda e: (e.value_at, e.id))


def received_paisa(ledger, as_of: date | None = None) -> int:
    """Money in, less money refunded, valued on or before `as_of`."""
    return sum(e.signed_paisa for e in entries_until(ledger, as_of))


def late_charges(ledger, as_of: date | None = None, standing: set[str] | None = None) -> list[Instalment]:
    """The late charges levied on or before `as_of` (of them, those in `standing` when given), each as
    something owed from the day it was levied (no 0)."""
    return [Instalment(0, e.value_on, e.amount_paisa, 0) for e in entries_until(ledger, as_of)
            if e.kind == "late_charge" and (standing is None or e.id in standing)]


def _standing_charges(loan: Loan) -> set[str] | None:
    """The late charges that count (domain/loan_late.standing_charges); None when the loan has none."""
    if not any(e.kind == "late_charge" for e in loan.ledger):
        return None
    from .loan_late import standing_charges
    return standing_charges(loan)


def owed_in_order(instalments, charges) -> list[Instalment]:
    """The schedule and the late charges, oldest first (an instalment before a charge levied the same day): money is
    applied in this order. A charge is levied after the instalment it is for fell due and was missed, so it never
    takes money that was received before it."""
    owed, waiting = [], sorted(charges, key=lambda c: c.due_on)
    for instalment in instalments:  # the schedule's own order is kept
        while waiting and waiting[0].due_on < instalment.due_on:
            owed.append(waiting.pop(0))
        owed.append(instalment)
    return owed + waiting


def allocate(instalments, paisa: int) -> tuple[list[Applied], int]:
    """`paisa` spread over the instalments, oldest first, charge before principal; and what is left over
    (an overpayment, kept for refund). The result is the same whichever order the payments came in."""
    left, applied = max(paisa, 0), []
    for instalment in instalments:
        charge = min(left, instalment.charge_paisa)
        principal = min(left - charge, instalment.principal_paisa)
        left -= charge + principal
        applied.append(Applied(charge, principal))
    return applied, left


# ---- state as of a day -----------------------------------------------------------------------

@dataclass(frozen=True)
class InstalmentState:
    no: int
    due_on: date
    amount_paisa: int
    charge_paisa: int
    principal_paisa: int
    paid_paisa: int
    charge_paid_paisa: int
    principal_paid_paisa: int
    status: str                  # one of INSTALMENT_STATUSES


@dataclass(frozen=True)
class LoanState:
    as_of: date
    instalments: tuple[InstalmentState, ...]
    paid_paisa: int              # received (net of refunds) up to as_of, overpayment included
    outstanding_paisa: int       # what the schedule still asks for
    principal_outstanding_paisa: int
    overdue_paisa: int           # past due and unpaid (0 when below the tolerance)
    days_past_due: int
    bucket: str
    overpaid_paisa: int          # received beyond the whole schedule: listed for refund
    next_due_on: date | None = None
    next_due_paisa: int = 0
    late_charges_paisa: int = 0  # late charges levied up to as_of (owed beside the schedule)
    late_charges_unpaid_paisa: int = 0

    @property
    def in_arrears(self) -> bool:
        return self.overdue_paisa > 0


def _status(instalment: Instalment, paid: int, as_of: date, in_arrears: bool) -> str:
    if paid >= instalment.amount_paisa:
        return "paid"
    if instalment.due_on < as_of and in_arrears:
        return "overdue"
    if paid > 0:
        return "partly_paid"
    return "due" if instalment.due_on <= as_of else "upcoming"


def _paused_days(loan: Loan, since: date, until: date) -> int:
    """Days a pause (disaster moratorium) covers after `since` up to `until`: not days past due."""
    if not loan.changes:
        return 0
    from .loan_changes import paused_days
    return paused_days(loan, since, until)


def state_as_of(loan: Loan, as_of: date, rules: ArrearsRules = ArrearsRules()) -> LoanState:
    """The loan as it stood at the end of `as_of`: entries valued later are ignored. An instalment is past
    due the day after its due date (paying on the due date is on time)."""
    instalments = loan.schedule
    received = received_paisa(loan.ledger, as_of)
    charges = late_charges(loan.ledger, as_of, _standing_charges(loan))
    owed = owed_in_order(instalments, charges) if charges else instalments
    applied_owed, overpaid = allocate(owed, received)
    shortfall = [(i, i.amount_paisa - a.paisa) for i, a in zip(owed, applied_owed)
                 if i.due_on < as_of and a.paisa < i.amount_paisa]
    applied = [a for i, a in zip(owed, applied_owed) if i.no]
    charges_unpaid = sum(i.amount_paisa - a.paisa for i, a in zip(owed, applied_owed) if not i.no)
    overdue = sum(unpaid for _, unpaid in shortfall)
    in_arrears = overdue > 0 and overdue >= rules.tolerance_paisa
    oldest = shortfall[0][0].due_on if in_arrears else as_of
    days = (as_of - oldest).days - _paused_days(loan, oldest, as_of)
    states = tuple(InstalmentState(i.no, i.due_on, i.amount_paisa, i.charge_paisa, i.principal_paisa, a.paisa,
                                   a.charge_paisa, a.principal_paisa, _status(i, a.paisa, as_of, in_arrears))
                   for i, a in zip(instalments, applied))
    unpaid_ahead = [s for s in states if s.status != "paid" and s.due_on >= as_of]
    return LoanState(
        as_of=as_of, instalments=states, paid_paisa=received,
        outstanding_paisa=sum(s.amount_paisa - s.paid_paisa for s in states) + charges_unpaid,
        principal_outstanding_paisa=sum(s.principal_paisa - s.principal_paid_paisa for s in states),
        overdue_paisa=overdue if in_arrears else 0, days_past_due=days, bucket=rules.bucket(days),
        overpaid_paisa=overpaid,
        next_due_on=unpaid_ahead[0].due_on if unpaid_ahead else None,
        next_due_paisa=unpaid_ahead[0].amount_paisa - unpaid_ahead[0].paid_paisa if unpaid_ahead else 0,
        late_charges_paisa=sum(c.amount_paisa for c in charges), late_charges_unpaid_paisa=charges_unpaid)


def past_due_paisa(state: LoanState) -> int:
    """Everything past due and unpaid (a shortfall within the tolerance too), and the late charges levied."""
    return sum(s.amount_paisa - s.paid_paisa for s in state.instalments if s.due_on < state.as_of) + \
        state.late_charges_unpaid_paisa


def next_amount_due(state: LoanState) -> int:
    """What a borrower should pay now: everything past due (a shortfall within the tolerance too, late charges)
    and the next instalment; nothing once all is paid."""
    return past_due_paisa(state) + state.next_due_paisa


@dataclass(frozen=True)
class Par:
    """Portfolio at risk: outstanding principal of loans more than `days` past due, over all outstanding
    principal."""
    days: int
    at_risk_paisa: int
    outstanding_paisa: int

    @property
    def ratio(self) -> float:
        return self.at_risk_paisa / self.outstanding_paisa if self.outstanding_paisa else 0.0


def par(states, days: int = 30) -> Par:
    states = list(states)
    return Par(days, sum(s.principal_outstanding_paisa for s in states if s.days_past_due > days),
               sum(s.principal_outstanding_paisa for s in states))


# ---- records as plain values (stores, answers) ----------------------------------------------

def with_entry(loan: Loan, entry: LedgerEntry) -> Loan:
    """The loan with one more entry (none when an entry of that id is already there)."""
    if any(e.id == entry.id for e in loan.ledger):
        return loan
    return replace(loan, ledger=loan.ledger + (entry,))


def _date(value):
    return date.fromisoformat(value) if isinstance(value, str) and value else value


def _known(cls, values: dict) -> dict:
    return {k: v for k, v in values.items() if k in cls.__dataclass_fields__}


def project_as_dict(project: Project) -> dict:
    values = asdict(project)
    values["bkash_approved_on"] = project.bkash_approved_on.isoformat() if project.bkash_approved_on else None
    values["late_policy_since"] = project.late_policy_since.isoformat() if project.late_policy_since else None
    return values


def project_from_dict(values: dict) -> Project:
    known = _known(Project, values)
    known["bkash_approved_on"] = _date(known.get("bkash_approved_on"))
    known["late_policy_since"] = _date(known.get("late_policy_since"))
    known["version"] = int(known.get("version", 1))
    known["late_charge_paisa"] = int(known.get("late_charge_paisa", 0))
    return Project(**known)


def entry_as_dict(entry: LedgerEntry) -> dict:
    return asdict(entry)


def entry_from_dict(values: dict) -> LedgerEntry:
    known = _known(LedgerEntry, values)
    known["amount_paisa"] = int(known["amount_paisa"])
    known["late_days"] = int(known.get("late_days", 0))
    known["instalment_no"] = int(known.get("instalment_no", 0))
    return LedgerEntry(**known)


def loan_as_dict(loan: Loan) -> dict:
    values = asdict(loan)
    for name in ("loan_date", "first_due_on"):
        values[name] = getattr(loan, name).isoformat()
    values["ledger"] = [entry_as_dict(e) for e in loan.ledger]
    return values


def loan_from_dict(values: dict) -> Loan:
    known = _known(Loan, values)
    known["borrower"] = Borrower(**_known(Borrower, known["borrower"]))
    for name in ("loan_date", "first_due_on"):
        known[name] = _date(known[name])
    for name in ("principal_paisa", "service_charge_paisa", "instalments", "version"):
        if name in known:
            known[name] = int(known[name])
    known["ledger"] = tuple(entry_from_dict(e) for e in known.get("ledger") or ())
    known["changes"] = tuple(known.get("changes") or ())
    return Loan(**known)


@dataclass(frozen=True)
class Defaulter:
    """A line of the defaulter list."""
    loan: Loan
    state: LoanState
    project: Project | None = field(default=None)


def defaulters(loans, projects: dict, as_of: date, rules: ArrearsRules = ArrearsRules()) -> list[Defaulter]:
    """Loans in arrears at the end of `as_of` (unpaid and part paid), the longest past due first."""
    return defaulters_and_par(loans, projects, as_of, rules)[0]


def defaulters_and_par(loans, projects: dict, as_of: date, rules: ArrearsRules = ArrearsRules(),
                       par_days: int = 30) -> tuple[list[Defaulter], Par]:
    """The defaulters, and the portfolio at risk of all these loans, each loan's state worked out once."""
    states = [(loan, state_as_of(loan, as_of, rules)) for loan in loans]
    found = [Defaulter(loan, state, projects.get(loan.project_id)) for loan, state in states if state.in_arrears]
    found.sort(key=lambda d: (-d.state.days_past_due, -d.state.overdue_paisa, d.loan.id))
    return found, par((state for _, state in states), par_days)
