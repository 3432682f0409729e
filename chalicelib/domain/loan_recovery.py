"""The monthly recovery report, pure: per project and in total, for a calendar month.

- due: what instalments due in the month asked for; recovered: money valued in the month (net of refunds);
  recovery_rate: recovered / due (arrears paid make it exceed 1);
- cumulative: what every instalment due by the month's end asked for, and how much of it was paid as the ledger
  stood at the month's end (cumulative_recovery_rate);
- as of the month's end: overdue by bucket (loans and paisa), PAR30;
- fund: bKash money against bank deposits and the project fund, for the month and to date (domain/loan_fund.py).
"""
import calendar
from dataclasses import dataclass, field
from datetime import date

from .loan_fund import Fund
from .loans import ArrearsRules, Par, entries_until, par, state_as_of


def month_bounds(month: str) -> tuple[date, date]:
    """"2026-08" -> (1 Aug, 31 Aug); ValueError when it is not a month."""
    year, number = (int(part) for part in month.split("-"))
    return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])


@dataclass
class Recovery:
    loans: int = 0
    due_paisa: int = 0
    recovered_paisa: int = 0
    cumulative_due_paisa: int = 0
    cumulative_paid_paisa: int = 0
    outstanding_paisa: int = 0
    overdue: dict = field(default_factory=dict)          # bucket -> {"loans": n, "paisa": p}
    principal_at_risk_paisa: int = 0                     # PAR30's parts, added up loan by loan (an area's
    principal_outstanding_paisa: int = 0                 # loans are read a page at a time, never all held)
    fund: Fund = field(default_factory=Fund)

    def add(self, loan, first: date, last: date, rules: ArrearsRules) -> None:
        state = state_as_of(loan, last, rules)
        self.loans += 1
        self.due_paisa += sum(i.amount_paisa for i in loan.schedule if first <= i.due_on <= last)
        self.recovered_paisa += sum(e.signed_paisa for e in entries_until(loan.ledger, last) if e.value_on >= first)
        due_by_end = [s for s in state.instalments if s.due_on <= last]
        self.cumulative_due_paisa += sum(s.amount_paisa for s in due_by_end)
        self.cumulative_paid_paisa += sum(s.paid_paisa for s in due_by_end)
        self.outstanding_paisa += state.outstanding_paisa
        if state.in_arrears:
            line = self.overdue.setdefault(state.bucket, {"loans": 0, "paisa": 0})
            line["loans"] += 1
            line["paisa"] += state.overdue_paisa
        at_risk = par([state], 30)
        self.principal_at_risk_paisa += at_risk.at_risk_paisa
        self.principal_outstanding_paisa += at_risk.outstanding_paisa
        self.fund.add_loan(loan, first, last, state, rules)

    def view(self, rules: ArrearsRules) -> dict:
        at_risk = Par(30, self.principal_at_risk_paisa, self.principal_outstanding_paisa)
        return {"loans": self.loans, "due_paisa": self.due_paisa, "recovered_paisa": self.recovered_paisa,
                "recovery_rate": round(self.recovered_paisa / self.due_paisa, 4) if self.due_paisa else None,
                "cumulative_due_paisa": self.cumulative_due_paisa,
                "cumulative_paid_paisa": self.cumulative_paid_paisa,
                "cumulative_recovery_rate": round(self.cumulative_paid_paisa / self.cumulative_due_paisa, 4)
                if self.cumulative_due_paisa else None,
                "outstanding_paisa": self.outstanding_paisa,
                "overdue_by_bucket": [{"bucket": b, **self.overdue.get(b, {"loans": 0, "paisa": 0})}
                                      for b in rules.buckets[1:]],
                "overdue_paisa": sum(v["paisa"] for v in self.overdue.values()),
                "par30": {"at_risk_paisa": at_risk.at_risk_paisa, "outstanding_paisa": at_risk.outstanding_paisa,
                          "ratio": round(at_risk.ratio, 4)},
                "fund": self.fund.view()}


def recovery_report(loans, projects: dict, month: str, rules: ArrearsRules = ArrearsRules(),
                    fund_records=()) -> dict:
    """`fund_records`: the area's deposits, remittances and allocations (a project with records and no loan yet is
    listed too)."""
    first, last = month_bounds(month)
    per_project: dict[str, Recovery] = {}
    total = Recovery()
    for loan in loans:
        if loan.loan_date > last:
            continue  # lent after the month
        per_project.setdefault(loan.project_id, Recovery()).add(loan, first, last, rules)
        total.add(loan, first, last, rules)
    for record in fund_records:
        if record.on > last:
            continue  # recorded after the month: its project is not listed for it
        per_project.setdefault(record.project_id, Recovery()).fund.add_record(record, first, last)
        total.fund.add_record(record, first, last)
    rows = []
    for project_id, recovery in sorted(per_project.items(), key=lambda kv: (
            getattr(projects.get(kv[0]), "upazila_code", ""), getattr(projects.get(kv[0]), "name_bn", ""), kv[0])):
        project = projects.get(project_id)
        rows.append({"project_id": project_id, "project_name_bn": project.name_bn if project else "",
                     "upazila_code": project.upazila_code if project else "", **recovery.view(rules)})
    return {"month": month, "first_day": first.isoformat(), "last_day": last.isoformat(), "projects": rows,
            "total": total.view(rules)}
