"""The cooperative-year calendar (domain-anchors §7), table-driven."""
from dataclasses import dataclass
from datetime import date

import pytest

from chalicelib.domain.statutory import coop_year_of, obligations, parse_year


@dataclass
class S:
    term_ends_on: date = date(2027, 3, 1)
    committee_started_on: date = date(2024, 3, 1)
    last_agm_on: date | None = None
    last_audit_year: str | None = None
    last_audit_on: date | None = None
    last_rectification_on: date | None = None
    last_accounts_year: str | None = None


def due(society, today=date(2026, 11, 24)):
    return {o.kind: (o.due_on, o.subject, o.projected) for o in obligations(society, today)}


@pytest.mark.parametrize("day, year", [(date(2026, 6, 30), 2025), (date(2026, 7, 1), 2026), (date(2027, 1, 1), 2026)])
def test_the_cooperative_year_runs_from_1_july(day, year):
    assert coop_year_of(day) == year


def test_year_labels():
    assert parse_year("2025-2026") == 2025
    assert parse_year("2025-2027") is None and parse_year(None) is None


def test_accounts_statement_is_due_31_july_after_the_year_closes():
    assert due(S())["accounts_statement"] == (date(2026, 7, 31), "2025-2026", False)  # nothing recorded: overdue
    assert due(S(last_accounts_year="2025-2026"))["accounts_statement"] == (date(2027, 7, 31), "2026-2027", False)


def test_audit_of_the_next_closed_year_and_rectification_15_days_and_agm_60_days_after_audit():
    s = S(last_audit_year="2024-2025", last_audit_on=date(2026, 10, 1))
    d = due(s)
    assert d["audit"] == (date(2027, 6, 30), "2025-2026", False)
    assert d["audit_rectification"] == (date(2026, 10, 16), "2024-2025", False)
    assert d["agm"] == (date(2026, 11, 30), "2024-2025", False)


def test_once_rectification_and_agm_are_done_the_next_ones_follow_the_next_audit_and_send_nothing():
    s = S(last_audit_year="2024-2025", last_audit_on=date(2026, 10, 1), last_agm_on=date(2026, 11, 2),
          last_rectification_on=date(2026, 10, 10))
    d = due(s)
    assert d["agm"] == (date(2027, 8, 29), "2025-2026", True)
    assert d["audit_rectification"] == (date(2027, 7, 15), "2025-2026", True)


def test_audited_year_is_inferred_from_the_completion_date_when_not_entered():
    assert due(S(last_audit_on=date(2026, 3, 10)))["audit"][1] == "2025-2026"


def test_committee_term_is_the_term_end_named_by_its_start():
    assert due(S())["committee_term"] == (date(2027, 3, 1), "2024-03-01", False)


def test_status_colours_follow_the_term_rule():
    society = S(term_ends_on=date(2027, 1, 1))
    kinds = {o.kind: o.status(date(2026, 11, 24)) for o in obligations(society, date(2026, 11, 24))}
    assert kinds["accounts_statement"] == "red" and kinds["committee_term"] == "yellow"
