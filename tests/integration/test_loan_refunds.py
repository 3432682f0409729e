"""Overpayments (issue 19 §2): the refund list of an area (JSON and CSV, jurisdiction-checked) and the upazila
office's refund, appended and audited."""
from chalicelib.domain.loans import LedgerEntry

from .loan_fixtures import make_loan


def overpaid_loan():
    """Tk 3,000 owed, Tk 3,250 paid: Tk 250 kept for refund."""
    from chalicelib.store.loans import Loans
    loan = make_loan()
    assert Loans().credit(loan.id, LedgerEntry("pay-1", "payment", 325000, "2026-12-02T04:00:00.000+00:00"), "test")
    return loan


def test_the_refund_list_names_each_overpaid_loan_to_offices_over_it(as_user):
    loan, paid_up = overpaid_loan(), make_loan(phone="+8801712000222")
    status, found = as_user("dco.demo").get("/api/loans/refunds?area_code=404419")
    assert status == 200, found
    [line] = [i for i in found["items"] if i["loan_id"] in (loan.id, paid_up.id)]
    assert (line["loan_id"], line["overpaid_paisa"], line["refunded_paisa"], line["borrower_name_bn"]) == (
        loan.id, 25000, 0, "রহিমা খাতুন")
    assert found["total_overpaid_paisa"] >= 25000
    status, outside = as_user("uco2.demo").get("/api/loans/refunds?area_code=404419")
    assert (status, outside["error"]["code"]) == (403, "outside_jurisdiction")
    status, own = as_user("uco2.demo").get("/api/loans/refunds")
    assert status == 200 and loan.id not in str(own)
    status, text = as_user("uco.demo").get("/api/loans/refunds?format=csv")
    assert status == 200 and "ফেরতযোগ্য (পয়সা) / To refund (paisa)" in text and loan.id in text


def test_the_upazila_office_records_a_refund_once_and_the_loan_leaves_the_list(as_user):
    loan = overpaid_loan()
    path, body = f"/api/loans/{loan.id}/refunds", {"reference": "BKASH-REF 7781", "refunded_on": "2026-12-03"}
    status, refused = as_user("dco.demo").post(path, body)
    assert (status, refused["error"]["code"]) == (403, "upazila_office_only")
    office = as_user("uco.demo")
    status, refused = office.post(path, {**body, "amount_paisa": 25001})
    assert (status, refused["error"]["code"]) == (400, "invalid_amount")
    status, refused = office.post(path, {**body, "amount_paisa": True})  # not 1 paisa: a refund stays
    assert status == 400 and [(d["field"], d["code"]) for d in refused["error"]["details"]] == [
        ("amount_paisa", "invalid_amount")], refused
    status, refused = office.post(path, {**body, "refunded_on": "2099-01-01"})
    assert status == 400
    status, after = office.post(path, body)
    assert status == 201, after
    assert (after["overpaid_paisa"], after["paid_paisa"]) == (0, 300000)
    assert [(e["kind"], e["amount_paisa"]) for e in after["ledger"]] == [("payment", 325000), ("refund", 25000)]
    status, again = office.post(path, body)
    assert (status, again["error"]["code"]) == (409, "nothing_to_refund")
    status, found = office.get("/api/loans/refunds")
    assert loan.id not in [i["loan_id"] for i in found["items"]]
    status, before = office.get(f"/api/loans/{loan.id}?as_of=2026-12-02")
    assert before["overpaid_paisa"] == 25000  # as it stood before the refund
    from chalicelib.store.audit import history
    assert history("loan", loan.id)[0]["action"] == "refunded"
