"""services/budget with in-memory stores: the holder is checked before the body is read, one open file per
society and year, a decision on an older round is refused, a non-central society is refused."""
from dataclasses import replace
from datetime import date

import pytest

from chalicelib.domain.errors import Conflict, NotAllowed
from chalicelib.domain.jurisdiction import Caller
from chalicelib.domain.society import Society
from chalicelib.services import budget as service
from chalicelib.store.budgets import already_open
from tests.unit.fakes import InMemorySocieties

CENTRAL = Society(id="0123456789abcdef0", registration_no="JHE-1", registered_on=date(2009, 7, 1),
                  name_bn="কেন্দ্রীয় সমিতি", address="ঝিনাইদহ", upazila_code="404419", committee_kind="elected",
                  committee_started_on=date(2024, 1, 1), term_ends_on=date(2027, 1, 1), level="central")
SECRETARY = Caller("society.demo", "society", CENTRAL.id)
UCO, DCO = Caller("uco.demo", "upazila", "404419"), Caller("dco.demo", "district", "4044")
NOW, TODAY = "2026-12-06T10:00:00+00:00", date(2026, 12, 6)
BODY = {"society_id": CENTRAL.id, "financial_year": "2026-27",
        "items": [{"head": "salaries", "amount_paisa": 50_000_000, "justification": "two staff"}]}


class InMemoryBudgets:
    def __init__(self):
        self.items, self.open = {}, {}

    def get(self, budget_id):
        return self.items.get(budget_id)

    def create(self, b):
        key = (b.society_id, b.financial_year)
        if key in self.open:
            raise already_open(self.open[key])
        self.items[b.id], self.open[key] = b, b.id

    def save(self, before, after, actor, action):
        assert self.items[before.id].version == before.version
        self.items[after.id] = after
        if not after.is_open:
            self.open.pop((after.society_id, after.financial_year), None)


@pytest.fixture
def stores():
    return InMemoryBudgets(), InMemorySocieties(CENTRAL)


def ids():
    return iter(f"bud-{n:010x}" for n in range(1, 100))


def recommended(budgets, societies):
    b = service.create(budgets, societies, SECRETARY, BODY, ids().__next__, NOW)
    service.submit(budgets, SECRETARY, b.id, {}, TODAY, NOW)
    return service.recommend(budgets, UCO, b.id, lambda: {"note": "in order"}, TODAY, NOW)


def test_the_holder_is_checked_before_the_body_is_read(stores):
    b = recommended(*stores)

    def unread():
        raise AssertionError("the body was read")
    for caller in (UCO, SECRETARY, Caller("jr.demo", "division", "40")):
        with pytest.raises(NotAllowed):
            service.decide(stores[0], caller, b.id, unread, NOW)
    assert service.decide(stores[0], DCO, b.id, lambda: {"decision": "approved"}, NOW).state == "approved"


def test_one_open_file_per_society_and_year_until_it_closes(stores):
    budgets, societies = stores
    new_id = ids().__next__
    b = service.create(budgets, societies, SECRETARY, BODY, new_id, NOW)
    with pytest.raises(Conflict) as err:
        service.create(budgets, societies, SECRETARY, BODY, new_id, NOW)
    assert err.value.code == "budget_already_open"
    service.withdraw(budgets, SECRETARY, b.id, NOW)
    assert service.create(budgets, societies, SECRETARY, BODY, new_id, NOW).state == "draft"


def test_a_decision_on_an_older_round_is_refused(stores):
    budgets, _ = stores
    b = recommended(*stores)
    service.decide(budgets, DCO, b.id, lambda: {"decision": "returned", "reason": "justify it", "round": 1}, NOW)
    service.submit(budgets, SECRETARY, b.id, {}, TODAY, NOW)
    service.recommend(budgets, UCO, b.id, lambda: {}, TODAY, NOW)
    with pytest.raises(Conflict) as err:
        service.decide(budgets, DCO, b.id, lambda: {"decision": "approved", "round": 1}, NOW)
    assert err.value.code == "stale_version"


def test_approved_with_changes_keeps_the_reduced_amounts(stores):
    budgets, _ = stores
    b = recommended(*stores)
    done = service.decide(budgets, DCO, b.id, lambda: {
        "decision": "approved_with_changes", "reason": "salaries capped",
        "changes": [{"head": "salaries", "amount_paisa": 40_000_000}]}, NOW)
    assert done.state == "approved_with_changes" and done.approved_items[0].amount_paisa == 40_000_000
    assert done.total_paisa == 50_000_000  # what was asked stays on the file


def test_a_society_recorded_as_primary_is_refused(stores):
    budgets, _ = stores
    societies = InMemorySocieties(replace(CENTRAL, level="primary"))
    with pytest.raises(Conflict) as err:
        service.create(budgets, societies, SECRETARY, BODY, ids().__next__, NOW)
    assert err.value.code == "not_central_society"
