"""Budget files: routing, maker-checker, rounds, working-day deadlines (pure domain)."""
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import given, strategies as st

from chalicelib.domain import budget as bd
from chalicelib.domain.errors import Conflict, Invalid, NotAllowed, OutsideJurisdiction
from chalicelib.domain.jurisdiction import Caller

UPAZILA = "404419"
SOCIETY = SimpleNamespace(id="soc-1", name_bn="কেন্দ্রীয় সমিতি", upazila_code=UPAZILA)
SECRETARY = Caller("society.demo", "society", "soc-1")
OTHER_SOCIETY = Caller("other.sec", "society", "soc-2")
UCO, UCO_COLLEAGUE = Caller("uco.demo", "upazila", UPAZILA), Caller("uco.two", "upazila", UPAZILA)
DCO, JR = Caller("dco.demo", "district", "4044"), Caller("jr.demo", "division", "40")
NOW = "2026-12-06T10:00:00+00:00"
SUNDAY = date(2026, 12, 6)
LAKH = 100_000 * 100  # paisa


def item(head, paisa):
    return bd.Item(head, paisa, "needed this year")


def draft(items=(item("salaries", 5 * LAKH),), by=SECRETARY):
    return bd.new_budget("bud-1", SOCIETY, by, "2026-27", "budget", items, "2026-11-20", NOW)


def at_decider(items):
    b = bd.submitted(draft(items), SECRETARY, NOW, SUNDAY)
    return bd.recommended(b, UCO, "recommended", NOW, SUNDAY)


@pytest.mark.parametrize("amounts,decider,copied", [
    ((99_999_999,), "4044", ()),                    # Tk 9,99,999.99
    ((100_000_000,), "4044", ()),                   # Tk 10,00,000.00: not above the threshold
    ((100_000_001,), "40", ("4044",)),              # Tk 10,00,000.01: the division's JR, district copied
    ((6 * LAKH, 6 * LAKH), "4044", ()),  # two heads of 6 lakh: heads are never summed
    ((1000, 200_000_000), "40", ("4044",)),
])
def test_routing_by_the_largest_head(amounts, decider, copied):
    heads = bd.HEAD_CODES
    b = at_decider(tuple(item(heads[n], a) for n, a in enumerate(amounts)))
    assert (b.holder_office_code, b.copied_office_codes, b.state) == (decider, copied, "recommended")


def test_threshold_is_configurable():
    items = (item("salaries", 6 * LAKH),)
    assert bd.decider_office(UPAZILA, items, bd.RoutingRule(threshold_paisa=5 * LAKH)) == ("40", ("4044",))
    assert bd.decider_office(UPAZILA, items) == ("4044", ())
    assert "17(4)(e)" in bd.RoutingRule().text_en


@pytest.mark.parametrize("raw,code", [
    ([], "invalid_items"),
    ([{"head": "salaries", "amount_paisa": 1, "justification": "x"}], "invalid_justification"),
    ([{"head": "bribes", "amount_paisa": 1, "justification": "why not"}], "invalid_head"),
    ([{"head": "salaries", "amount_paisa": 0, "justification": "staff"}], "invalid_amount"),
    ([{"head": "salaries", "amount_paisa": 1.5, "justification": "staff"}], "invalid_amount"),
    ([{"head": "salaries", "amount_paisa": True, "justification": "staff"}], "invalid_amount"),
    ([{"head": "salaries", "amount_paisa": 90 * LAKH, "justification": "staff"},
      {"head": "salaries", "amount_paisa": 90 * LAKH, "justification": "staff"}], "head_repeated"),
    (["salaries"], "invalid_items"),
])
def test_items_refused(raw, code):
    with pytest.raises(Invalid) as err:
        bd.check_items(raw)
    assert err.value.code == code


def test_items_and_total():
    items = bd.check_items([{"head": "salaries", "amount_paisa": 150, "justification": "  two   staff "},
                            {"head": "audit_fee", "amount_paisa": 50, "justification": "yearly audit"}])
    assert items[0].justification == "two staff"
    assert bd.total_paisa(items) == 200


@pytest.mark.parametrize("year,ok", [("2026-27", True), ("2099-00", True), ("2026-28", False),
                                     ("2026/27", False), ("২০২৬-২৭", False), (2026, False), ("2099-2100", False)])
def test_financial_year_format(year, ok):
    if ok:
        assert bd.check_financial_year(year) == year
    else:
        with pytest.raises(Invalid):
            bd.check_financial_year(year)


def test_whole_path_keeps_a_movement_per_step():
    b = at_decider((item("salaries", 5 * LAKH),))
    b = bd.decided(b, DCO, "approved", "in order", NOW)
    assert b.state == "approved" and b.holder_office_code is None and b.decided_by == "dco.demo"
    assert [(m["action"], m["by"], m["office_code"]) for m in b.movements] == [
        ("drafted", "society.demo", None), ("submitted", "society.demo", None),
        ("recommended", "uco.demo", UPAZILA), ("approved", "dco.demo", "4044")]


def test_returned_file_is_resubmitted_as_a_new_round_and_the_log_keeps_both():
    b = bd.decided(at_decider((item("salaries", 5 * LAKH),)), DCO, "returned", "justify salaries", NOW)
    assert b.state == "returned" and b.holder_office_code is None
    b = bd.submitted(b, SECRETARY, NOW, SUNDAY, items=(item("salaries", 4 * LAKH),))
    assert (b.state, b.round, b.total_paisa, b.holder_office_code) == ("submitted", 2, 4 * LAKH, UPAZILA)
    assert [m["round"] for m in b.movements] == [1, 1, 1, 1, 2]
    with pytest.raises(Conflict) as err:
        bd.check_version(b, 1)
    assert err.value.code == "stale_version"
    bd.check_version(b, 2)


def test_upazila_may_return_but_not_decide():
    b = bd.submitted(draft(), SECRETARY, NOW, SUNDAY)
    with pytest.raises(NotAllowed):
        bd.decided(b, UCO, "approved", "fine", NOW)
    assert bd.decided(b, UCO, "returned", "resolution date missing", NOW).state == "returned"


@pytest.mark.parametrize("caller", [UCO, JR, SECRETARY, Caller("dco.other", "district", "3026")])
def test_only_the_holder_decides(caller):
    with pytest.raises(NotAllowed) as err:
        bd.decided(at_decider((item("salaries", LAKH),)), caller, "approved", "ok", NOW)
    assert err.value.code == "not_holder"


def test_above_threshold_the_district_cannot_decide_but_the_jr_can():
    b = at_decider((item("construction", 11 * 10 * LAKH),))
    with pytest.raises(NotAllowed):
        bd.decided(b, DCO, "approved", "ok", NOW)
    assert bd.decided(b, JR, "approved", "ok", NOW).decided_by == "jr.demo"


def test_no_one_acts_on_their_own_submission():
    b = bd.submitted(draft(by=UCO), UCO, NOW, SUNDAY)  # the UCO submitted on the society's behalf
    assert b.movements[-1]["action"] == "submitted_on_behalf"
    with pytest.raises(NotAllowed) as err:
        bd.recommended(b, UCO, None, NOW, SUNDAY)
    assert err.value.code == "same_person"
    assert bd.recommended(b, UCO_COLLEAGUE, None, NOW, SUNDAY).recommended_by == "uco.two"


def test_one_person_not_at_two_steps():
    recommender = Caller("uco.demo", "district", "4044")  # transferred up after recommending
    with pytest.raises(NotAllowed) as err:
        bd.decided(at_decider((item("salaries", LAKH),)), recommender, "approved", "ok", NOW)
    assert err.value.code == "same_person"


def test_decided_file_cannot_be_decided_again_or_withdrawn():
    b = bd.decided(at_decider((item("salaries", LAKH),)), DCO, "rejected", "no resolution", NOW)
    with pytest.raises(NotAllowed):
        bd.decided(b, DCO, "approved", "ok", NOW)  # no one holds it
    with pytest.raises(Conflict):
        bd.withdrawn(b, SECRETARY, NOW)


def test_approved_with_changes_only_reduces():
    items = (item("salaries", 5 * LAKH), item("travel", LAKH))
    changed = bd.check_changes([{"head": "travel", "amount_paisa": LAKH // 2}], items)
    assert [i.amount_paisa for i in changed] == [5 * LAKH, LAKH // 2]
    for raw in ([{"head": "travel", "amount_paisa": LAKH}], [{"head": "training", "amount_paisa": 1}], []):
        with pytest.raises(Invalid):
            bd.check_changes(raw, items)


def test_society_scope():
    b = draft()
    bd.check_can_read(SECRETARY, b)
    for caller in (OTHER_SOCIETY, Caller("uco.far", "upazila", "302614")):
        with pytest.raises(OutsideJurisdiction):
            bd.check_can_read(caller, b)
    for caller in (UCO, DCO, JR, Caller("hq", "hq", "")):
        bd.check_can_read(caller, b)
    bd.check_can_file(SECRETARY, "soc-1", UPAZILA)
    bd.check_can_file(UCO, "soc-1", UPAZILA)
    with pytest.raises(OutsideJurisdiction):
        bd.check_can_file(OTHER_SOCIETY, "soc-1", UPAZILA)
    with pytest.raises(NotAllowed):
        bd.check_can_file(DCO, "soc-1", UPAZILA)
    for caller in (DCO, Caller("uco.far", "upazila", "302614")):
        with pytest.raises(NotAllowed):
            bd.withdrawn(b, caller, NOW)
    assert bd.withdrawn(b, SECRETARY, NOW).state == "withdrawn"


def test_the_uco_acts_on_the_societys_behalf_and_the_log_says_so():
    b = draft(by=UCO)
    b = bd.submitted(b, UCO, NOW, SUNDAY)
    b = bd.withdrawn(b, UCO_COLLEAGUE, NOW)
    assert [(m["action"], m.get("on_behalf")) for m in b.movements] == [
        ("drafted_on_behalf", True), ("submitted_on_behalf", True), ("withdrawn_on_behalf", True)]
    assert b.state == "withdrawn" and b.movements[-1]["office_code"] == UPAZILA
    own = bd.withdrawn(bd.submitted(draft(), SECRETARY, NOW, SUNDAY), SECRETARY, NOW)
    assert [m.get("on_behalf") for m in own.movements] == [None, None, None]


@pytest.mark.parametrize("start,days,holidays,due", [
    (date(2026, 12, 6), 2, (), date(2026, 12, 8)),     # Sunday + 2 -> Tuesday
    (date(2026, 12, 9), 2, (), date(2026, 12, 13)),    # Wednesday + 2: Thursday, (Fri, Sat), Sunday
    (date(2026, 12, 10), 2, (), date(2026, 12, 14)),   # Thursday + 2 -> Monday
    (date(2026, 12, 11), 1, (), date(2026, 12, 13)),   # arrived Friday -> Sunday
    (date(2026, 12, 14), 2, (date(2026, 12, 16),), date(2026, 12, 17)),  # Victory Day skipped
])
def test_working_day_deadlines(start, days, holidays, due):
    assert bd.add_working_days(start, days, frozenset(holidays)) == due


def test_submitted_and_recommended_carry_their_deadlines():
    wednesday = date(2026, 12, 9)
    b = bd.submitted(draft(), SECRETARY, NOW, wednesday)
    assert b.due_on == "2026-12-13"
    b = bd.recommended(b, UCO, None, NOW, wednesday, deadlines=bd.Deadlines(decide_days=3))
    assert b.due_on == "2026-12-14"


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)), st.integers(0, 40),
       st.sets(st.dates(min_value=date(2020, 1, 1), max_value=date(2036, 6, 30)), max_size=20))
def test_working_days_property(start, days, holidays):
    holidays = frozenset(holidays)
    due = bd.add_working_days(start, days, holidays)
    assert bd.working_days_between(start, due, holidays) == days
    assert days == 0 or bd.is_working_day(due, holidays)
    assert due - start <= timedelta(days=days * 2 + len(holidays) + 7)


def test_round_trip_through_dict():
    b = at_decider((item("salaries", LAKH), item("construction", 20 * 10 * LAKH)))
    assert bd.from_dict(bd.as_dict(b)) == b
    assert bd.view(b)["total_paisa"] == LAKH + 200 * LAKH


def test_a_stored_file_without_its_empty_fields_reads_back():
    """The store leaves out None fields (no resolution date): reading it back must not fail."""
    b = bd.new_budget("bud-2", SOCIETY, SECRETARY, "2026-27", "budget", (item("salaries", 1),), None, NOW)
    stored = {k: v for k, v in bd.as_dict(b).items() if v is not None}
    assert bd.from_dict(stored) == b


def test_a_movement_keeps_its_e_nothi_memo_number():
    b = bd.recommended(bd.submitted(draft(), SECRETARY, NOW, SUNDAY), UCO, "in order", NOW, SUNDAY,
                       memo_no=bd.check_memo(" 47.61.6944.000.39.162.19-25 "))
    b = bd.decided(b, DCO, "approved", None, NOW)
    assert b.movements[-2]["memo_no"] == "47.61.6944.000.39.162.19-25" and "memo_no" not in b.movements[-1]
    with pytest.raises(Invalid):
        bd.check_memo("x" * 81)
