"""store/loans.py on moto: projects and loans by area and project, and an append-only ledger that credits once."""
from datetime import date

import pytest

from chalicelib.domain.loans import Borrower, LedgerEntry, Loan, Project, state_as_of
from chalicelib.store import audit
from chalicelib.store.transactions import WriteRefused


def project(project_id: str, upazila: str = "404419") -> Project:
    return Project(project_id, "আশ্রয়ণ-২ প্রকল্প", upazila, "+8801711000419", "সোনালী ব্যাংক 0123",
                   "2026-12-01T00:00:00+00:00", "uco.demo", phase="আশ্রয়ণ-২")


def loan(loan_id: str, project_id: str, upazila: str = "404419") -> Loan:
    return Loan(loan_id, project_id, upazila, Borrower("রহিমা খাতুন", "করিম মিয়া", "3", "12", "+8801712345678"),
                date(2026, 12, 1), 1_200_000, 120_000, 12, "monthly", date(2027, 1, 31),
                "2026-12-01T00:00:00+00:00", "uco.demo", approved_at="2026-12-01T00:00:00+00:00",
                approved_by="uco.demo")


def test_projects_and_loans_by_area_and_by_project(env):
    from chalicelib.store.loans import Loans
    store = Loans()
    for p in (project("a" * 17), project("b" * 17, "404433"), project("c" * 17, "302614")):
        store.add_project(p, "uco.demo")
    for l in (loan("1" * 17, "a" * 17), loan("2" * 17, "a" * 17), loan("3" * 17, "b" * 17, "404433"),
              loan("4" * 17, "c" * 17, "302614")):
        store.add_loan(l, "uco.demo")
    assert store.get_project("a" * 17) == project("a" * 17)
    assert store.get_loan("1" * 17) == loan("1" * 17, "a" * 17)
    assert store.get_loan("9" * 17) is None and store.get_project("9" * 17) is None
    assert {p.id for p in store.projects_in_area("4044")} == {"a" * 17, "b" * 17}
    assert {p.id for p in store.projects_in_area("")} == {"a" * 17, "b" * 17, "c" * 17}
    assert {l.id for l in store.project_loans(project("a" * 17))} == {"1" * 17, "2" * 17}
    assert {l.id for l in store.area_loans_paged("404419")} == {"1" * 17, "2" * 17}
    assert {l.id for l in store.area_loans_paged("40", page=2)} == {"1" * 17, "2" * 17, "3" * 17}  # two pages
    phone = "+8801712345678"  # every loan's borrower here: found per upazila by the phone index
    assert {l.id for l in store.borrower_loans("404419", phone, "")} == {"1" * 17, "2" * 17}
    assert {l.id for l in store.borrower_loans("404433", phone, "")} == {"3" * 17}
    assert store.borrower_loans("404419", "+8801900000000", "") == []
    assert [e["action"] for e in audit.history("loan", "1" * 17)] == ["create"]
    with pytest.raises(WriteRefused):  # an id is never written twice
        store.add_loan(loan("1" * 17, "a" * 17), "uco.demo")


def test_a_credit_that_arrives_twice_is_one_ledger_entry(env):
    from chalicelib.store.loans import Loans
    store = Loans()
    store.add_loan(loan("1" * 17, "a" * 17), "uco.demo")
    entry = LedgerEntry("pay-1", "payment", 110_000, "2027-01-30T10:00:00+06:00", "2027-01-30T04:00:05+00:00",
                        payment_id="pay-1", trx_id="TRX1")
    assert store.credit("1" * 17, entry, "bkash") is True
    assert store.credit("1" * 17, entry, "bkash") is False
    second = LedgerEntry("pay-2", "payment", 50_000, "2027-02-02T10:00:00+06:00")
    assert store.credit("1" * 17, second, "bkash") is True
    stored = store.get_loan("1" * 17, consistent=True)
    assert [e.id for e in stored.ledger] == ["pay-1", "pay-2"] and stored.version == 3
    assert [e.id for e in store.entries("1" * 17)] == ["pay-1", "pay-2"]
    assert state_as_of(stored, date(2027, 2, 1)).paid_paisa == 110_000
    with pytest.raises(WriteRefused):  # no such loan: nothing is written
        store.credit("9" * 17, entry, "bkash")
    assert store.entries("9" * 17) == []


def test_an_id_of_no_possible_record_is_none_without_asking_dynamodb(env, monkeypatch):
    """DynamoDB refuses an empty key or one over 2 KB (moto does not): an id new_id cannot make names nothing, so a
    public route's odd id is a 404, never a 500."""
    from chalicelib.store.loans import Loans
    store = Loans()

    def refuse(**_):
        raise AssertionError("asked DynamoDB")
    monkeypatch.setattr(store, "table", type("Refusing", (), {"get_item": staticmethod(refuse)})())
    for odd in ("x" * 5000, "", "LOAN", "A" * 17):
        assert store.get_loan(odd) is None and store.get_project(odd) is None
