"""Late charges levied in the daily scan (a project's late policy "accept_with_charge", domain/loan_late.py).

A loan the scan reads is checked first without its project (a loan whose every instalment was paid by its
deadline owes no charge whatever the policy), so only a loan that missed a deadline needs its project, and a
worker reads a project at most once in PROJECT_SECONDS (ProjectCache): the scan's reads stay about one per loan
that owes a reminder, and a policy set today applies from the next scan. Each charge is appended as a ledger
entry under an id per instalment, put only if absent: a scan that runs twice, or two workers at once, levy it
once.
"""
import time
from dataclasses import replace
from datetime import date, datetime, timezone

from ..domain.loan_late import ACCEPT_WITH_CHARGE, late_charges_due, missed_instalments
from ..domain.loans import ArrearsRules, Loan, with_entry
from ..observability import count, logger

SYSTEM = "system:late_charge"
PROJECT_SECONDS = 300
_ANY_CHARGE = {"late_policy": ACCEPT_WITH_CHARGE, "late_charge_paisa": 1, "late_policy_since": None}


class ProjectCache:
    """Projects a worker has read, each kept PROJECT_SECONDS (a warm Lambda works many batches of one scan)."""

    def __init__(self, seconds: float = PROJECT_SECONDS, clock=time.monotonic):
        self.seconds, self.clock, self.kept = seconds, clock, {}

    def get(self, loans, project_id: str, figures=None):
        read_at, project = self.kept.get(project_id, (None, None))
        if read_at is None or self.clock() - read_at > self.seconds:
            project = loans.get_project(project_id)
            self.kept[project_id] = (self.clock(), project)
            if figures is not None:
                figures["items_read"] += 1
        return project


PROJECTS = ProjectCache()


def levy_late_charges(loans, projects: ProjectCache, loan: Loan, today: date, rules: ArrearsRules,
                      figures=None) -> Loan:
    """The loan with the late charges it owes today appended (written to the ledger)."""
    if loan.state != "approved" or not _could_owe(loan, today, rules):
        return loan
    project = projects.get(loans, loan.project_id, figures)
    if project is None:
        return loan
    value_at = f"{today.isoformat()}T00:00:00.000+06:00"  # the scan's day (make scan TODAY= moves it)
    now = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
    for entry in late_charges_due(loan, project, today, rules, value_at):
        entry = replace(entry, recorded_at=now)
        if loans.credit(loan.id, entry, SYSTEM):
            count("LoanLateChargesLevied")
            logger.info("late charge levied", extra={"loan": loan.id, "instalment": entry.instalment_no,
                                                     "paisa": entry.amount_paisa})
        loan = with_entry(loan, entry)
    return loan


def _could_owe(loan: Loan, today: date, rules: ArrearsRules) -> bool:
    """Whether any instalment missed a deadline and has no charge yet (under any charging policy)."""
    from ..domain.loans import Project
    probe = Project("", "", loan.upazila_code, "", "", "", "", **_ANY_CHARGE)
    return bool(missed_instalments(loan, probe, today, rules))
