"""services.registry on in-memory stores: who may write, what is valid, versions, committees."""
import itertools
from dataclasses import replace
from datetime import date, timedelta

import pytest

from chalicelib.domain.errors import Conflict, Invalid, NotAllowed, NotFound, OutsideJurisdiction
from chalicelib.domain.jurisdiction import Caller
from chalicelib.domain.sms import sms_size
from chalicelib.domain.tasks import interim_committee_task
from chalicelib.services import registry
from tests.unit.fakes import InMemorySmsLog, InMemorySocieties, InMemoryTasks, default_settings

TODAY = date(2026, 1, 15)
NOW = "2026-01-15T09:00:00+00:00"
UCO = Caller("uco.demo", "upazila", "404419")  # Jhenaidah Sadar
UCO2 = Caller("uco2.demo", "upazila", "404433")  # Kaliganj, same district
DCO = Caller("dco.demo", "district", "4044")  # Jhenaidah district
DIVISION = Caller("div.demo", "division", "40")
HQ = Caller("hq.demo", "hq", "")
DHAKA_UCO = Caller("uco.dhaka", "upazila", "302602")


@pytest.fixture(autouse=True)
def _settings(monkeypatch):
    yield from default_settings(monkeypatch)


def body(**overrides) -> dict:
    data = {"registration_no": "JHE-101", "registered_on": "2010-01-15",
            "name_bn": "নবগঙ্গা মৎস্যজীবী সমবায় সমিতি লিঃ", "address": "Jhenaidah Sadar", "upazila_code": "404419", "committee_kind": "elected",
            "committee_started_on": "2024-03-01", "officer_phone": "01711000419",
            "president_phone": "01812000001", "secretary_phone": "01913000001"}
    data.update(overrides)
    return data


def ids():
    counter = itertools.count(1)
    return lambda: f"{next(counter):017x}"


@pytest.fixture
def stores():
    return InMemorySocieties(), InMemoryTasks()


def create(societies, caller=UCO, new_id=None, today=TODAY, **overrides):
    return registry.create_society(societies, new_id or ids(), caller, body(**overrides), today, NOW)


# --- create -------------------------------------------------------------------------------

def test_create_by_the_owning_upazila_office_stores_version_1_with_derived_term_end(stores):
    societies, _ = stores
    society = create(societies)
    assert societies.get(society.id) == society
    assert society.version == 1 and society.created_by == society.updated_by == "uco.demo"
    assert society.term_ends_on == date(2027, 3, 1) and not society.term_end_entered
    assert society.next_reminder_on is not None  # the scan will find it
    assert [e["action"] for e in societies.trail("society", society.id)] == ["create"]


@pytest.mark.parametrize("caller, upazila, error, code", [
    (UCO, "404419", None, None),
    (UCO2, "404433", None, None),
    (DCO, "404419", NotAllowed, "correction_request_required"),
    (DIVISION, "404419", NotAllowed, "correction_request_required"),
    (HQ, "404419", NotAllowed, "correction_request_required"),
    (UCO2, "404419", OutsideJurisdiction, "outside_jurisdiction"),
    (UCO, "404433", OutsideJurisdiction, "outside_jurisdiction"),
    (DHAKA_UCO, "404419", OutsideJurisdiction, "outside_jurisdiction"),
    (DCO, "302602", OutsideJurisdiction, "outside_jurisdiction"),
])
def test_create_only_by_the_upazila_office_that_owns_the_area(stores, caller, upazila, error, code):
    societies, _ = stores
    if error is None:
        assert create(societies, caller, upazila_code=upazila).upazila_code == upazila
        return
    with pytest.raises(error) as raised:
        create(societies, caller, upazila_code=upazila)
    assert raised.value.code == code
    assert societies.items == {}


@pytest.mark.parametrize("overrides, field, code", [
    ({"registration_no": ""}, "registration_no", "string_too_short"),
    ({"name_bn": "ক"}, "name_bn", "string_too_short"),
    ({"upazila_code": "999999"}, "upazila_code", "unknown_upazila"),
    ({"committee_kind": "appointed"}, "committee_kind", "literal_error"),
    ({"committee_started_on": "2026-02-01"}, "committee_started_on", "date_in_future"),
    ({"registered_on": "15/01/2010"}, "registered_on", "date_from_datetime_parsing"),
    ({"president_phone": "12345"}, "president_phone", "invalid_phone"),
    ({"last_audit_year": "2024-2026"}, "last_audit_year", "invalid_audit_year"),
    ({"paid_up_share_capital_paisa": -1}, "paid_up_share_capital_paisa", "greater_than_equal"),
    ({"facebook_url": "https://example.com/x"}, "facebook_url", "invalid_facebook_url"),
    ({"colour": "red"}, "colour", "extra_forbidden"),
    ({"name_bn": None}, "name_bn", "missing"),
])
def test_invalid_input_is_refused_naming_the_field(stores, overrides, field, code):
    societies, _ = stores
    data = {k: v for k, v in body(**overrides).items() if v is not None}
    with pytest.raises(Invalid) as raised:
        registry.create_society(societies, ids(), UCO, data, TODAY, NOW)
    assert raised.value.code == "invalid_input"
    assert [(d["field"], d["code"]) for d in raised.value.details] == [(field, code)]
    assert raised.value.details[0]["message_bn"]
    assert societies.items == {}


def test_invalid_input_lists_every_wrong_field_at_once(stores):
    societies, _ = stores
    with pytest.raises(Invalid) as raised:
        create(societies, registration_no="", president_phone="12", committee_kind="x")
    assert {d["field"] for d in raised.value.details} == {"registration_no", "president_phone", "committee_kind"}


def test_a_registration_number_is_used_once_per_district(stores):
    societies, _ = stores
    new_id = ids()
    create(societies, new_id=new_id)
    with pytest.raises(Conflict) as raised:
        create(societies, UCO2, new_id, upazila_code="404433")  # same district, other upazila
    assert raised.value.code == "duplicate_registration_no"
    assert create(societies, DHAKA_UCO, new_id, upazila_code="302602")  # another district may use it


# --- update -------------------------------------------------------------------------------

def update(stores, society_id, patch, caller=UCO, today=TODAY):
    societies, tasks = stores
    return registry.update_society(societies, tasks, caller, society_id, dict(patch), today, NOW)


def test_update_writes_a_new_version_with_the_change(stores):
    before = create(stores[0])
    after = update(stores, before.id, {"version": 1, "address": "Kaliganj Road"})
    assert after.version == 2 and after.address == "Kaliganj Road" and after.updated_by == "uco.demo"
    assert stores[0].get(before.id) == after
    assert [e["action"] for e in stores[0].trail("society", before.id)] == ["update", "create"]


def test_update_with_a_stale_version_is_a_conflict_and_changes_nothing(stores):
    before = create(stores[0])
    update(stores, before.id, {"address": "First edit"})
    with pytest.raises(Conflict) as raised:
        update(stores, before.id, {"version": 1, "address": "Second edit from an old form"})
    assert raised.value.code == "stale_version"
    assert stores[0].get(before.id).address == "First edit" and stores[0].get(before.id).version == 2


def test_update_racing_another_write_is_a_conflict(stores):
    societies, _ = stores
    before = create(societies)
    update(stores, before.id, {"address": "Written meanwhile"})
    societies.get = lambda society_id, consistent=False: before  # this edit read version 1
    with pytest.raises(Conflict) as raised:
        update(stores, before.id, {"address": "Lost update"})
    assert raised.value.code == "stale_version"
    assert societies.items[before.id].address == "Written meanwhile"


@pytest.mark.parametrize("caller, patch, error", [
    (DCO, {"address": "District edit"}, NotAllowed),
    (HQ, {"address": "HQ edit"}, NotAllowed),
    (UCO2, {"address": "Neighbour edit"}, OutsideJurisdiction),
    (UCO, {"upazila_code": "404433"}, OutsideJurisdiction),  # may not hand it to another office
])
def test_update_only_by_the_owning_office_and_only_within_it(stores, caller, patch, error):
    before = create(stores[0])
    with pytest.raises(error):
        update(stores, before.id, patch, caller)
    assert stores[0].get(before.id) == before


def test_update_with_invalid_values_is_refused_per_field(stores):
    before = create(stores[0])
    with pytest.raises(Invalid) as raised:
        update(stores, before.id, {"secretary_phone": "999"})
    assert [d["field"] for d in raised.value.details] == ["secretary_phone"]


def test_update_to_a_registration_number_used_in_the_district_is_a_conflict(stores):
    new_id = ids()
    create(stores[0], new_id=new_id, registration_no="A-1")
    second = create(stores[0], new_id=new_id, registration_no="A-2")
    with pytest.raises(Conflict) as raised:
        update(stores, second.id, {"registration_no": "A-1"})
    assert raised.value.code == "duplicate_registration_no" and stores[0].get(second.id) == second


@pytest.mark.parametrize("cleared", [None, ""])
def test_update_can_clear_an_optional_field(stores, cleared):
    before = create(stores[0])
    after = update(stores, before.id, {"officer_phone": cleared})
    assert after.officer_phone is None and stores[0].get(before.id).officer_phone is None


def test_update_of_an_unknown_society_is_not_found(stores):
    with pytest.raises(NotFound):
        update(stores, "0" * 17, {"address": "x"})


def test_a_new_committee_closes_the_old_committees_interim_task(stores):
    societies, tasks = stores
    expired = create(societies, committee_started_on="2022-12-01")  # ended 2025-12-01
    tasks.open(interim_committee_task(expired, date(2025, 12, 1)))
    after = update(stores, expired.id, {"committee_kind": "interim", "committee_started_on": "2026-01-10"})
    task = tasks.items[interim_committee_task(expired, TODAY).id]
    assert task.state == "done" and task.closed_on == TODAY
    assert after.term_ends_on == date(2026, 1, 10) + timedelta(days=120)


def test_a_corrected_start_date_is_the_same_committee_and_leaves_its_task_open(stores):
    societies, tasks = stores
    expired = create(societies, committee_started_on="2022-12-01")
    tasks.open(interim_committee_task(expired, date(2025, 12, 1)))
    update(stores, expired.id, {"committee_started_on": "2022-12-05"})
    assert tasks.items[interim_committee_task(expired, TODAY).id].state == "open"


def test_a_correction_of_the_start_date_by_a_few_days_keeps_the_reminders_sent(stores):
    societies, _ = stores
    before = create(societies, committee_started_on="2023-03-01")  # ends 2026-03-01: 90-day window open
    sent = "committee_term:2023-03-01:90"
    societies.items[before.id] = before = replace(before, reminders_done=(sent,))
    after = update(stores, before.id, {"committee_started_on": "2023-03-04"})
    assert after.term_ends_on == date(2026, 3, 4)
    assert after.reminders_done == ("committee_term:2023-03-04:90",)


def test_a_new_committee_starts_its_reminders_afresh(stores):
    societies, _ = stores
    before = create(societies, committee_started_on="2023-03-01")
    societies.items[before.id] = before = replace(before, reminders_done=("committee_term:2023-03-01:90",))
    after = update(stores, before.id, {"committee_started_on": "2026-01-10"})
    assert after.reminders_done == ()
    assert after.term_ends_on == date(2029, 1, 10)
    assert after.next_reminder_on > TODAY  # nothing of the new committee's is owed yet


# --- dissolve and history -------------------------------------------------------------------

def test_dissolving_twice_is_a_conflict(stores):
    societies, _ = stores
    society = create(societies)
    dissolved = registry.dissolve_society(societies, UCO, society.id, TODAY, NOW)
    assert dissolved.dissolved_on == TODAY and dissolved.version == 2
    assert dissolved.next_reminder_on is None and dissolved.reminders_done == ()
    with pytest.raises(Conflict) as raised:
        registry.dissolve_society(societies, UCO, society.id, TODAY, NOW)
    assert raised.value.code == "society_dissolved"
    with pytest.raises(Conflict):
        update(stores, society.id, {"address": "After dissolution"})


def test_a_dissolved_society_leaves_lists_and_counts_but_not_history(stores):
    societies, _ = stores
    new_id = ids()
    kept, gone = create(societies, new_id=new_id, registration_no="A-1"), create(societies, new_id=new_id,
                                                                                 registration_no="A-2")
    registry.dissolve_society(societies, UCO, gone.id, TODAY, NOW)
    _, listed, _ = registry.list_societies(societies, UCO, None, TODAY, {})
    assert [s.id for s in listed] == [kept.id]
    assert registry.status_counts(societies, "4044", TODAY)["total"] == 1
    assert [e["action"] for e in registry.history(societies, societies.trail, InMemorySmsLog(), UCO,
                                                  gone.id)["items"]] == ["dissolve", "create"]


def test_history_gives_the_audit_trail_newest_first_and_the_sms_sent(stores):
    societies, _ = stores
    society = create(societies)
    update(stores, society.id, {"address": "New address"})
    sms_log = InMemorySmsLog()
    sms_log.claim(society.id, "committee_term:2024-03-01:90", "president", "+8801812000001", "committee_term",
                  "text", sms_size("text"))
    found = registry.history(societies, societies.trail, sms_log, DCO, society.id)  # the district reads
    assert [e["action"] for e in found["items"]] == ["update", "create"]
    assert found["items"][0]["after"]["address"] == "New address"
    assert [e["phone"] for e in found["sms"]] == ["+8801812000001"]


@pytest.mark.parametrize("caller, error", [(UCO2, OutsideJurisdiction), (DHAKA_UCO, OutsideJurisdiction)])
def test_history_only_for_offices_above_the_society(stores, caller, error):
    society = create(stores[0])
    with pytest.raises(error):
        registry.history(stores[0], stores[0].trail, InMemorySmsLog(), caller, society.id)


def test_history_of_an_unknown_society_is_not_found(stores):
    with pytest.raises(NotFound):
        registry.history(stores[0], stores[0].trail, InMemorySmsLog(), UCO, "0" * 17)
