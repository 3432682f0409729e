"""The monthly recovery report adds up: due and recovered in the month, cumulative rates, buckets, PAR30."""
from datetime import date

import pytest

from chalicelib.domain.loan_recovery import month_bounds, recovery_report
from chalicelib.domain.loans import Borrower, LedgerEntry, Loan, Project


def loan(id, project_id, paid=()):
    """Tk 1,100 a month from 31 Jan 2026 (Tk 1,000 principal, Tk 100 charge each), twelve instalments."""
    ledger = tuple(LedgerEntry(f"{id}-{n}", "payment", paisa, f"{day}T10:00:00+06:00") for n, (paisa, day)
                   in enumerate(paid))
    return Loan(id, project_id, "404419", Borrower("রহিমা", "করিম", "3", id, "+8801712000111"), date(2026, 1, 10),
                1_200_000, 120_000, 12, "monthly", date(2026, 1, 31), "", "uco.demo", ledger=ledger)


PROJECTS = {p: Project(p, f"প্রকল্প {p}", "404419", "+8801711000000", "ব্যাংক", "", "uco.demo") for p in ("p1", "p2")}


def test_a_month_of_two_projects_adds_up():
    loans = [loan("a", "p1", [(110_000, "2026-01-31"), (110_000, "2026-02-27")]),   # on time
             loan("b", "p1", [(110_000, "2026-01-31"), (50_000, "2026-03-05")]),    # February part-paid in March
             loan("c", "p2")]                                                         # never paid
    report = recovery_report(loans, PROJECTS, "2026-02")
    total = report["total"]
    assert (report["first_day"], report["last_day"]) == ("2026-02-01", "2026-02-28")
    assert (total["loans"], total["due_paisa"], total["recovered_paisa"], total["recovery_rate"]) == (
        3, 330_000, 110_000, 0.3333)
    assert (total["cumulative_due_paisa"], total["cumulative_paid_paisa"]) == (660_000, 330_000)
    by_bucket = {line["bucket"]: (line["loans"], line["paisa"]) for line in total["overdue_by_bucket"]}
    # on 28 Feb c's January instalment is 28 days late; February's fall due that day, not yet late
    assert by_bucket == {"1-30": (1, 110_000), "31-60": (0, 0), "61-90": (0, 0), "90+": (0, 0)}
    [p1, p2] = report["projects"]
    assert (p1["project_id"], p1["due_paisa"], p1["recovered_paisa"]) == ("p1", 220_000, 110_000)
    assert (p2["due_paisa"], p2["recovered_paisa"], p2["overdue_paisa"]) == (110_000, 0, 110_000)
    assert sum(p["due_paisa"] for p in report["projects"]) == total["due_paisa"]
    march = recovery_report(loans, PROJECTS, "2026-03")["total"]
    # on 31 Mar c is 59 days late and b 31 (February short): their principal left (b paid Tk 1,400 of it) is at risk
    assert march["recovered_paisa"] == 50_000 and march["par30"]["at_risk_paisa"] == 1_200_000 + 1_060_000


def test_a_loan_lent_after_the_month_is_left_out_and_a_bad_month_is_refused():
    assert recovery_report([loan("a", "p1")], PROJECTS, "2025-12")["total"]["loans"] == 0
    with pytest.raises(ValueError):
        month_bounds("2026-13")
