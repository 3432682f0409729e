"""The decision letter and an office's budget report, from the movement log (pure domain)."""
from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest

from chalicelib.domain import budget as bd
from chalicelib.domain import budget_letter, budget_report
from chalicelib.domain.errors import Conflict
from chalicelib.domain.jurisdiction import Caller

UPAZILA = "404419"
SOCIETY = SimpleNamespace(id="soc-1", name_bn="কেন্দ্রীয় সমিতি", upazila_code=UPAZILA)
SECRETARY = Caller("society.demo", "society", "soc-1")
UCO = Caller("uco.demo", "upazila", UPAZILA)
DCO, JR = Caller("dco.demo", "district", "4044"), Caller("jr.demo", "division", "40")
LAKH = 100_000 * 100


def at(day: str, hour: int = 5) -> str:
    """A movement's UTC time on a Dhaka date (05:00 UTC is 11:00 in Dhaka)."""
    return f"{day}T{hour:02d}:00:00.000+00:00"


def decided_file(amounts=(5 * LAKH,), days=("2026-12-06", "2026-12-06", "2026-12-07", "2026-12-09"),
                 decision="approved", by=SECRETARY, budget_id="bud-00000000a1", changes=()):
    """drafted, submitted, recommended, decided on the given Dhaka dates (2026-12-06 is a Sunday)."""
    heads = ("salaries", "construction")
    items = tuple(bd.Item(heads[n], a, "needed this year") for n, a in enumerate(amounts))
    b = bd.new_budget(budget_id, SOCIETY, by, "2026-27", "budget", items, "2026-11-20", at(days[0]))
    b = bd.submitted(b, by, at(days[1]), date.fromisoformat(days[1]))
    b = bd.recommended(b, UCO if by is SECRETARY else Caller("uco.two", "upazila", UPAZILA), "in order",
                       at(days[2]), date.fromisoformat(days[2]))
    decider = JR if b.holder_office_code == "40" else DCO
    return bd.decided(b, decider, decision, None if decision == "approved" else "reduced", at(days[3]),
                      changes, memo_no="47.61.6944")


def test_the_letter_of_an_approval_names_office_society_heads_and_a_stable_reference():
    b = decided_file()
    letter = budget_letter.letter(b)
    assert letter["reference_no"] == "SMB-BUD-4044-2026-27-00000000A1"
    assert letter["reference_no_bn"] == "SMB-BUD-৪০৪৪-২০২৬-২৭-00000000A1"
    assert letter == budget_letter.letter(bd.from_dict(bd.as_dict(b)))  # the same reading after storage
    assert letter["office_name_bn"].startswith("জেলা সমবায় কার্যালয়")
    assert (letter["issued_on"], letter["memo_no"], letter["decided_by"]) == ("2026-12-09", "47.61.6944", "dco.demo")
    assert letter["items"][0]["approved_paisa"] == 5 * LAKH and letter["approved_total_paisa"] == 5 * LAKH
    assert "অনুমোদন করা হলো" in letter["body_bn"] and "৫,০০,০০০.০০ টাকা" in letter["body_bn"]
    assert [c["office_code"] for c in letter["copies"]] == [UPAZILA]


def test_two_files_never_share_a_reference():
    one, two = decided_file(budget_id="bud-00000000a1"), decided_file(budget_id="bud-00000000a2")
    assert budget_letter.letter(one)["reference_no"] != budget_letter.letter(two)["reference_no"]


def test_the_jrs_letter_copies_the_district_and_approved_with_changes_shows_the_reduced_head():
    b = decided_file(amounts=(11 * LAKH, 2 * LAKH), decision="approved_with_changes",
                     changes=(bd.Item("salaries", 9 * LAKH, "needed this year"), bd.Item("construction", 2 * LAKH,
                                                                                          "needed this year")))
    letter = budget_letter.letter(b)
    assert letter["office_code"] == "40" and letter["office_name_bn"].startswith("বিভাগীয় সমবায় দপ্তর")
    assert [c["office_code"] for c in letter["copies"]] == [UPAZILA, "4044"]
    assert [(r["asked_paisa"], r["approved_paisa"]) for r in letter["items"]] == [(11 * LAKH, 9 * LAKH),
                                                                                  (2 * LAKH, 2 * LAKH)]
    assert letter["approved_total_paisa"] == 11 * LAKH


def test_a_rejection_allows_nothing_and_an_open_file_has_no_letter():
    letter = budget_letter.letter(decided_file(decision="rejected"))
    assert letter["approved_total_paisa"] == 0 and "নামঞ্জুর" in letter["body_bn"]
    open_file = bd.new_budget("bud-00000000a3", SOCIETY, SECRETARY, "2026-27", "budget",
                              (bd.Item("salaries", LAKH, "staff"),), None, at("2026-12-06"))
    with pytest.raises(Conflict) as refused:
        budget_letter.letter(open_file)
    assert refused.value.code == "letter_not_ready"


def test_working_days_per_step_skip_the_weekend_and_holidays():
    # Thursday 10 Dec submitted, recommended Sunday 13 Dec (Fri-Sat weekend: 1 working day), decided Tue 15 Dec.
    b = decided_file(days=("2026-12-10", "2026-12-10", "2026-12-13", "2026-12-15"))
    waits = budget_report.step_waits(b.movements)
    assert [(w["step"], w["office_code"], w["days"]) for w in waits] == [("recommend", UPAZILA, 1),
                                                                        ("decide", "4044", 2)]
    holiday = frozenset({date(2026, 12, 14)})
    assert [w["days"] for w in budget_report.step_waits(b.movements, holiday)] == [1, 1]


def test_a_dhaka_date_is_not_the_utc_date():
    # 20:00 UTC on the 9th is 02:00 on the 10th in Dhaka.
    assert budget_letter.dhaka_date("2026-12-09T20:00:00+00:00").isoformat() == "2026-12-10"


def test_the_report_counts_received_and_decided_and_sets_the_path_beside_the_seed():
    phone = decided_file()                                          # 3 steps, 3 working days, no visit
    on_behalf = decided_file(by=UCO, budget_id="bud-00000000b1",
                             days=("2026-12-06", "2026-12-06", "2026-12-06", "2026-12-07"))
    to_jr = decided_file(amounts=(11 * LAKH,), budget_id="bud-00000000c1")
    pending = bd.new_budget("bud-00000000d1", SOCIETY, SECRETARY, "2026-27", "budget",
                            (bd.Item("salaries", LAKH, "staff"),), None, at("2026-12-06"))
    files = [phone, on_behalf, to_jr, pending]
    district = budget_report.report("4044", files)
    assert (district["files"], district["files_received"], district["files_decided"]) == (4, 2, 2)
    assert district["by_state"] == {"approved": 3, "draft": 1}
    assert budget_report.report("40", files)["files_decided"] == 1
    upazila = budget_report.report(UPAZILA, files)
    assert (upazila["files_received"], upazila["files_decided"]) == (3, 0)
    recommend, decide = upazila["steps"]
    assert (recommend["step"], recommend["taken"], recommend["median_working_days"]) == ("recommend", 3, 1.0)
    assert (decide["taken"], decide["median_working_days"], decide["max_working_days"]) == (3, 2.0, 2)
    now = upazila["comparison"]["now"]
    assert now["decided_files"] == 3
    assert now["steps"] == {"median": 3.0, "min": 3, "max": 3}
    assert now["days"] == {"median": 3.0, "min": 1, "max": 3}
    assert now["visits"] == {"median": 0.0, "min": 0, "max": 1}
    assert upazila["comparison"]["before"] == {"steps": [7, 7], "days": [15, 18], "visits": [4, 5]}
    assert upazila["comparison"]["promised"] == {"steps": [3, 3], "days": [4, 5], "visits": [1, 2]}
    row = next(r for r in upazila["rows"] if r["budget_id"] == to_jr.id)
    assert (row["decider_office_code"], row["recommend_days"], row["decide_days"]) == ("40", 1, 2)


def test_a_returned_round_counts_its_steps_and_the_csv_has_a_line_per_file_and_the_seed():
    d = date
    b = bd.new_budget("bud-00000000e1", SOCIETY, SECRETARY, "2026-27", "budget",
                      (bd.Item("salaries", LAKH, "staff"),), None, at("2026-12-06"))
    b = bd.submitted(b, SECRETARY, at("2026-12-06"), d(2026, 12, 6))
    b = bd.decided(b, UCO, "returned", "attach the resolution", at("2026-12-07"))
    b = bd.submitted(b, SECRETARY, at("2026-12-08"), d(2026, 12, 8))
    b = bd.recommended(b, Caller("uco.two", "upazila", UPAZILA), None, at("2026-12-08"), d(2026, 12, 8))
    b = bd.decided(b, DCO, "approved", None, at("2026-12-09"))
    assert budget_report.path_figures(b) == {"steps": 5, "days": 3, "visits": 0}
    rep = budget_report.report(UPAZILA, [b])
    assert rep["steps"][0]["taken"] == 2 and rep["rows"][0]["rounds"] == 2
    rows = budget_report.csv_rows(rep)
    assert rows[0][:4] == ["bud-00000000e1", "কেন্দ্রীয় সমিতি", "2026-27", "approved"]
    assert rows[1][9:12] == ["7", "15-18", "4-5"] and rows[2][9:12] == ["3", "4-5", "1-2"]
    assert rows[3][9:12] == ["5", "3", "0"]
    assert len(budget_report.CSV_HEADER) == len(rows[0])


def test_a_movement_after_the_decision_changes_neither_the_letter_nor_the_report():
    """The decision is the movement of the file's final state, not the last one (a scan may come later)."""
    b = decided_file()
    later = replace(b, movements=b.movements + ({"at": at("2026-12-14"), "by": "society.demo", "office_code": None,
                                                 "action": "resolution_attached", "round": 1},))
    assert budget_letter.letter(later)["issued_on"] == "2026-12-09"
    assert budget_report.path_figures(later) == budget_report.path_figures(b) == {"steps": 3, "days": 3, "visits": 0}
    assert budget_report.file_row(later)["decided_on"] == "2026-12-09"
    assert budget_report.report("4044", [later])["files_decided"] == 1


@pytest.mark.parametrize("day,year", [(date(2026, 6, 30), "2025-26"), (date(2026, 7, 1), "2026-27"),
                                      (date(2026, 12, 7), "2026-27"), (date(2099, 7, 1), "2099-00")])
def test_the_financial_year_runs_july_to_june(day, year):
    assert budget_report.financial_year_of(day) == year
