"""bKash money against bank deposits and the project fund in the recovery report: month and to date, to the paisa."""
from datetime import date

from chalicelib.domain.loan_fund import FundRecord, fund_record_as_dict, fund_record_from_dict, fund_totals
from chalicelib.domain.loan_recovery import recovery_report
from chalicelib.domain.loans import LedgerEntry
from tests.unit.test_loan_recovery import PROJECTS, loan


def record(kind, on, paisa, reference, project_id="p1"):
    return FundRecord(project_id, "404419", kind, date.fromisoformat(on), paisa, reference, "", "uco.demo")


def test_bkash_money_against_deposits_and_the_fund_for_the_month_and_to_date():
    loans = [loan("a", "p1", [(110_000, "2026-01-31"), (110_000, "2026-02-27")]),
             loan("b", "p1", [(110_000, "2026-01-31"), (50_000, "2026-03-05")])]
    records = [record("allocation", "2026-01-05", 5_000_000, "ALLOC-1"),
               record("deposit", "2026-02-02", 220_000, "DEP-1"),     # January's money, deposited in February
               record("deposit", "2026-02-28", 100_000, "DEP-2"),     # Tk 100 short of February's
               record("remittance", "2026-02-15", 20_000, "REM-1"),
               record("deposit", "2026-03-06", 50_000, "DEP-3")]      # after February: left out of it
    fund = recovery_report(loans, PROJECTS, "2026-02", fund_records=records)["projects"][0]["fund"]
    assert fund["month"] == {
        "bkash_collected_paisa": 110_000, "deposited_paisa": 320_000, "difference_paisa": -210_000,
        "allocated_paisa": 0, "disbursed_paisa": 0, "principal_collected_paisa": 100_000,
        "service_charge_collected_paisa": 10_000, "service_charge_remitted_paisa": 20_000}
    assert fund["to_date"] == {
        "bkash_collected_paisa": 330_000, "deposited_paisa": 320_000, "difference_paisa": 10_000,
        "allocated_paisa": 5_000_000, "disbursed_paisa": 2_400_000, "principal_collected_paisa": 300_000,
        "service_charge_collected_paisa": 30_000, "service_charge_remitted_paisa": 20_000}
    january = recovery_report(loans, PROJECTS, "2026-01", fund_records=records)["total"]["fund"]["month"]
    assert (january["disbursed_paisa"], january["bkash_collected_paisa"], january["difference_paisa"]) == (
        2_400_000, 220_000, 220_000)


def test_a_refund_is_money_out_and_the_total_adds_up_the_projects():
    refunded = loan("a", "p1", [(150_000, "2026-01-31")])
    refunded = refunded.__class__(**{**refunded.__dict__, "ledger": refunded.ledger + (
        LedgerEntry("r", "refund", 40_000, "2026-02-03T10:00:00+06:00"),)})
    loans = [refunded, loan("c", "p2", [(110_000, "2026-02-20")])]
    records = [record("deposit", "2026-02-21", 110_000, "D", "p2")]
    report = recovery_report(loans, PROJECTS, "2026-02", fund_records=records)
    p1, p2 = (p["fund"]["month"] for p in report["projects"])
    # the Tk 400 paid ahead had gone to February's instalment (charge first): the refund takes it back from there
    assert (p1["bkash_collected_paisa"], p1["principal_collected_paisa"], p1["service_charge_collected_paisa"]) == (
        -40_000, -30_000, -10_000)
    assert p2["difference_paisa"] == 0
    total = report["total"]["fund"]["month"]
    assert total["bkash_collected_paisa"] == p1["bkash_collected_paisa"] + p2["bkash_collected_paisa"] == 70_000
    assert total["difference_paisa"] == -40_000


def test_a_project_with_records_and_no_loan_yet_is_listed():
    report = recovery_report([], PROJECTS, "2026-02", fund_records=[record("allocation", "2026-02-01", 9, "A", "p2")])
    assert [p["project_id"] for p in report["projects"]] == ["p2"]
    assert report["projects"][0]["fund"]["to_date"]["allocated_paisa"] == 9


def test_a_month_before_a_project_s_first_record_and_loan_lists_no_project():
    report = recovery_report([], PROJECTS, "2024-06", fund_records=[record("deposit", "2026-02-01", 9, "A", "p2")])
    assert report["projects"] == [] and report["total"]["fund"]["to_date"]["deposited_paisa"] == 0


def test_a_record_survives_its_dict_and_the_same_reference_sent_again_is_the_same_money():
    first = record("deposit", "2026-02-02", 220_000, "DEP-1")
    assert fund_record_from_dict(fund_record_as_dict(first)) == first
    assert first.same_as(FundRecord("p1", "404419", "deposit", date(2026, 2, 2), 220_000, "DEP-1", "later", "x"))
    assert not first.same_as(record("deposit", "2026-02-02", 220_001, "DEP-1"))
    assert fund_totals([first, record("remittance", "2026-02-03", 5, "R")]) == {
        "allocated_paisa": 0, "deposited_paisa": 220_000, "service_charge_remitted_paisa": 5}
