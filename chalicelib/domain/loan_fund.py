"""A project's fund and its bank account in the recovery report, pure.

The upazila office records what the bank shows: deposits into the project's bank account, service charge remitted,
and the fund allocated to the project. Each record is appended and never edited; its reference (bank voucher,
allocation letter) makes it one record however often it is sent.

For a month and to date: money collected by bKash (the ledger's payments less refunds, as the recovery report
counts them) against what was deposited, and the difference; the fund allocated, disbursed (principal of the
approved loans lent), collected (principal and service charge, as the ledger's money was applied to the schedule;
late charges and overpayments are neither) and service charge remitted.
"""
from dataclasses import asdict, dataclass, field, fields
from datetime import date, timedelta

from .loans import ArrearsRules, Loan, LoanState, entries_until, state_as_of

FUND_KINDS = ("allocation", "deposit", "remittance")
FIGURE_OF_KIND = {"allocation": "allocated_paisa", "deposit": "deposited_paisa",
                  "remittance": "service_charge_remitted_paisa"}


@dataclass(frozen=True)
class FundRecord:
    """Money the project's upazila office recorded; never changed or removed once written."""
    project_id: str
    upazila_code: str            # the project's
    kind: str                    # one of FUND_KINDS
    on: date                     # the day the bank (or the allocation letter) dates it
    amount_paisa: int            # > 0
    reference: str               # bank voucher, deposit slip or allocation letter: one record per kind and reference
    recorded_at: str
    recorded_by: str
    note: str = ""

    def same_as(self, other: "FundRecord") -> bool:
        """The same money sent again (a retry), not another record under a reference already used."""
        return (self.kind, self.on, self.amount_paisa, self.reference) == \
            (other.kind, other.on, other.amount_paisa, other.reference)


def fund_record_as_dict(record: FundRecord) -> dict:
    values = asdict(record)
    values["on"] = record.on.isoformat()
    return values


def fund_record_from_dict(values: dict) -> FundRecord:
    known = {f.name for f in fields(FundRecord)}
    kept = {k: v for k, v in values.items() if k in known}
    kept.update(on=date.fromisoformat(kept["on"]), amount_paisa=int(kept["amount_paisa"]))
    return FundRecord(**kept)


@dataclass
class FundFigures:
    bkash_collected_paisa: int = 0
    deposited_paisa: int = 0
    allocated_paisa: int = 0
    disbursed_paisa: int = 0
    principal_collected_paisa: int = 0
    service_charge_collected_paisa: int = 0
    service_charge_remitted_paisa: int = 0

    def view(self) -> dict:
        return {**asdict(self), "difference_paisa": self.bkash_collected_paisa - self.deposited_paisa}


def _applied(state: LoanState) -> tuple[int, int]:
    return (sum(s.principal_paid_paisa for s in state.instalments),
            sum(s.charge_paid_paisa for s in state.instalments))


@dataclass
class Fund:
    """A project's (or an area's) figures for the month `first`..`last` and to date (up to `last`)."""
    month: FundFigures = field(default_factory=FundFigures)
    to_date: FundFigures = field(default_factory=FundFigures)

    def add_loan(self, loan: Loan, first: date, last: date, at_end: LoanState, rules: ArrearsRules) -> None:
        """A loan lent by `last`, with its state at the end of `last`."""
        self.to_date.disbursed_paisa += loan.principal_paisa
        if loan.loan_date >= first:
            self.month.disbursed_paisa += loan.principal_paisa
        entries = entries_until(loan.ledger, last)
        in_month = [e for e in entries if e.value_on >= first]
        self.to_date.bkash_collected_paisa += sum(e.signed_paisa for e in entries)
        self.month.bkash_collected_paisa += sum(e.signed_paisa for e in in_month)
        principal, charge = _applied(at_end)
        self.to_date.principal_collected_paisa += principal
        self.to_date.service_charge_collected_paisa += charge
        if in_month or loan.changes:  # else nothing moved in the month (a reschedule may move money between parts)
            before_principal, before_charge = _applied(state_as_of(loan, first - timedelta(days=1), rules))
            self.month.principal_collected_paisa += principal - before_principal
            self.month.service_charge_collected_paisa += charge - before_charge

    def add_record(self, record: FundRecord, first: date, last: date) -> None:
        if record.on > last:
            return
        name = FIGURE_OF_KIND[record.kind]
        setattr(self.to_date, name, getattr(self.to_date, name) + record.amount_paisa)
        if record.on >= first:
            setattr(self.month, name, getattr(self.month, name) + record.amount_paisa)

    def view(self) -> dict:
        return {"month": self.month.view(), "to_date": self.to_date.view()}


def fund_totals(records) -> dict:
    """What a project's records add up to, by kind (its screen's list)."""
    totals = {FIGURE_OF_KIND[kind]: 0 for kind in FUND_KINDS}
    for record in records:
        totals[FIGURE_OF_KIND[record.kind]] += record.amount_paisa
    return totals
