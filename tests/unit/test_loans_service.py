"""services/loans.py with an in-memory store: who may write, what a loan and the defaulter list answer."""
from datetime import date
from itertools import count

import pytest

from chalicelib.domain.errors import Invalid, NotAllowed, NotFound, OutsideJurisdiction
from chalicelib.domain.jurisdiction import Caller
from chalicelib.domain.loans import LedgerEntry, with_entry
from chalicelib.services import loans as service

UCO, UCO2 = Caller("uco.demo", "upazila", "404419"), Caller("uco2.demo", "upazila", "404433")
DCO, HQ = Caller("dco.demo", "district", "4044"), Caller("hq.demo", "hq", "")
TODAY, NOW = date(2026, 3, 10), "2026-03-10T04:00:00+00:00"
PROJECT = {"name_bn": "আশ্রয়ণ-২ প্রকল্প", "upazila_code": "404419", "bkash_account": "01711000419",
           "bank_account": "সোনালী ব্যাংক ০১২৩"}


class MemoryLoans:
    """store/loans.Loans in memory (what the service uses of it)."""

    def __init__(self):
        self.projects, self.loans = {}, {}

    def add_project(self, project, actor):
        self.projects[project.id] = project

    def get_project(self, project_id):
        return self.projects.get(project_id)

    def projects_in_area(self, area_code):
        return [p for p in self.projects.values() if p.upazila_code.startswith(area_code)]

    def add_loan(self, loan, actor):
        self.loans[loan.id] = loan

    def get_loan(self, loan_id):
        return self.loans.get(loan_id)

    def project_loans(self, project):
        return [l for l in self.loans.values() if l.project_id == project.id]

    def loans_in_area(self, area_code):
        return [l for l in self.loans.values() if l.upazila_code.startswith(area_code)]

    def area_loan_page(self, area_code, cursor=None, limit=20_000):
        return self.loans_in_area(area_code), None  # paging over DynamoDB: tests/integration/test_loan_area_pages.py

    def borrower_loans(self, upazila_code, phone, nid):  # the indexes by_phone, by_nid: test_loan_area_pages.py
        return [l for l in self.loans.values() if l.upazila_code == upazila_code and l.state == "approved"
                and (l.borrower.phone == phone or (nid and l.borrower.nid == nid))]

    def sanctions_in_area(self, area_code):
        return []  # the loan committee's decisions: tests/integration/test_loan_standing_api.py


class NoSocieties:
    def get(self, society_id):
        return None


@pytest.fixture
def store():
    return MemoryLoans()


@pytest.fixture
def new_id():
    numbers = count(1)
    return lambda: f"{next(numbers):017x}"


def lend(store, new_id, caller=UCO, **overrides):
    project = service.create_project(store, NoSocieties(), new_id, UCO, PROJECT, TODAY, NOW)
    body = {"project_id": project.id, "borrower": {"name_bn": "রহিমা খাতুন", "guardian_name_bn": "করিম মিয়া",
                                                   "barrack_no": "3", "room_no": "12", "phone": "01712345678"},
            "loan_date": "2026-01-01", "principal_paisa": 300_000, "service_charge_paisa": 30_000,
            "instalments": 3, "frequency": "monthly", "first_due_on": "2026-01-31", **overrides}
    return service.create_loan(store, new_id, caller, body, TODAY, NOW)


def test_only_the_projects_upazila_office_writes(store, new_id):
    for caller, error in ((DCO, NotAllowed), (HQ, NotAllowed), (UCO2, OutsideJurisdiction)):
        with pytest.raises(error):
            service.create_project(store, NoSocieties(), new_id, caller, PROJECT, TODAY, NOW)
        with pytest.raises(error):
            lend(store, new_id, caller=caller)
    assert lend(store, new_id).approved_by == "uco.demo"


def test_a_loan_of_no_project_or_a_bad_body_is_refused(store, new_id):
    with pytest.raises(NotFound) as refused:
        lend(store, new_id, project_id="f" * 17)
    assert refused.value.code == "project_not_found"
    with pytest.raises(Invalid) as refused:
        lend(store, new_id, loan_date="2026-04-01", first_due_on="2026-05-01")  # a loan date after today
    assert refused.value.details[0]["code"] == "date_in_future"
    with pytest.raises(NotFound):
        service.loan_as_of(store, UCO, "not-an-id", TODAY)


def test_the_loan_and_the_defaulter_list_as_of_a_day(store, new_id):
    loan = lend(store, new_id)
    store.loans[loan.id] = with_entry(loan, LedgerEntry("p1", "payment", 110_000, "2026-02-10T10:00:00+06:00"))
    _, state = service.loan_as_of(store, DCO, loan.id, date(2026, 2, 9))
    view = service.loan_view(store.loans[loan.id], state)
    assert (view["overdue_paisa"], view["days_past_due"], view["bucket"], view["ledger"]) == (110_000, 9, "1-30", [])
    assert [line["status"] for line in view["schedule"]] == ["overdue", "upcoming", "upcoming"]
    with pytest.raises(OutsideJurisdiction):
        service.loan_as_of(store, UCO2, loan.id, TODAY)
    found = service.area_defaulters(store, HQ, "40", date(2026, 3, 10))
    assert [(i["loan_id"], i["overdue_paisa"], i["days_past_due"], i["project_name_bn"]) for i in found["items"]] == [
        (loan.id, 110_000, 10, PROJECT["name_bn"])]
    assert found["total_overdue_paisa"] == 110_000 and found["as_of"] == "2026-03-10"
    assert service.area_defaulters(store, UCO, None, date(2026, 2, 28))["count"] == 0  # paid by then
    text = service.defaulters_csv(found)
    assert text.startswith("\ufeffঋণ / Loan,") and text.rstrip().endswith("মোট / Total,,,,,,,,,,,110000,")


def test_a_project_starts_with_the_late_policy_it_is_given_from_its_creation_day(store, new_id):
    plain = service.create_project(store, NoSocieties(), new_id, UCO, PROJECT, TODAY, NOW)
    assert (plain.late_policy, plain.late_charge_paisa, plain.late_policy_since) == ("accept_and_flag", 0, TODAY)
    charging = service.create_project(store, NoSocieties(), new_id, UCO, {
        **PROJECT, "late_policy": "accept_with_charge", "late_charge_paisa": 5000}, TODAY, NOW)
    assert (charging.late_policy, charging.late_charge_paisa) == ("accept_with_charge", 5000)
    refusing = service.create_project(store, NoSocieties(), new_id, UCO, {
        **PROJECT, "late_policy": "refuse_after_deadline", "late_charge_paisa": 5000}, TODAY, NOW)
    assert refusing.late_charge_paisa == 0  # kept only where it is levied
