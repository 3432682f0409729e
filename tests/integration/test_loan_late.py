"""A project's late policy (issue 19 §3): set by its upazila office; "accept_with_charge" levies a charge per missed
instalment in the daily scan; "refuse_after_deadline" refuses paying ahead in arrears (never the arrears), and money
that arrives anyway is recorded and flagged."""
from datetime import date, timedelta

from .loan_fixtures import make_loan
from .payment_fixtures import bkash_server, query_of, sim  # noqa: F401,F811 (fixtures)
from .test_loan_payments import Borrower, ledger
from .test_loan_reminders import no_sms_yet, scan  # noqa: F401 (fixture)

REFUSE = {"late_policy": "refuse_after_deadline"}


def policy_path(loan) -> str:
    return f"/api/asrayon/projects/{loan.project_id}/late-policy"


def test_only_the_upazila_office_sets_the_policy_and_the_project_shows_it(as_user):
    from chalicelib.handlers.common import dhaka_today
    loan = make_loan()
    office = as_user("uco.demo")
    status, project = office.get(f"/api/asrayon/projects/{loan.project_id}")
    assert (status, project["late_policy"], project["late_charge_paisa"]) == (200, "accept_and_flag", 0)
    assert as_user("dco.demo").get(f"/api/asrayon/projects/{loan.project_id}")[0] == 200  # the district reads
    assert as_user("uco2.demo").get(f"/api/asrayon/projects/{loan.project_id}")[0] == 403
    assert office.get("/api/asrayon/projects/0123456789abcdef0")[0] == 404
    status, refused = as_user("dco.demo").call("put", policy_path(loan), REFUSE)
    assert (status, refused["error"]["code"]) == (403, "upazila_office_only")
    status, refused = office.call("put", policy_path(loan), {"late_policy": "accept_with_charge",
                                                             "late_charge_paisa": -1})
    assert (status, refused["error"]["code"]) == (400, "invalid_input")
    status, refused = office.call("put", policy_path(loan), {"late_policy": "fine_them"})
    assert (status, refused["error"]["code"]) == (400, "invalid_input")
    status, project = office.call("put", policy_path(loan), {"late_policy": "accept_with_charge", "late_charge_paisa": 5000})
    assert status == 200, project
    assert (project["late_policy"], project["late_charge_paisa"], project["late_policy_since"], project["version"]) \
        == ("accept_with_charge", 5000, dhaka_today().isoformat(), 2)
    from chalicelib.store.audit import history
    assert history("asrayon_project", loan.project_id)[0]["action"] == "late_policy"


def test_a_refusing_project_refuses_paying_ahead_and_flags_money_that_arrives_anyway(client, sim, as_user):
    from chalicelib.handlers.common import dhaka_today
    borrower = Borrower(client, sim, make_loan(first_due_on=dhaka_today() - timedelta(days=5)))
    status, earlier = borrower.pay()  # started before the policy: the overdue Tk 1,000 and the next
    assert (status, earlier["amount_paisa"]) == (200, 200000)
    assert as_user("uco.demo").call("put", policy_path(borrower.loan), REFUSE)[0] == 200

    status, refused = borrower.pay(amount_paisa=100001)
    assert (status, refused["error"]["code"]) == (409, "overdue_first")
    assert "1,000.00" in refused["error"]["message"] and "১,০০০.০০" in refused["error"]["message_bn"]
    assert refused["error"]["details"][0]["overdue_paisa"] == 100000
    # the earlier checkout's money arrives: recorded, flagged
    borrower.callback(borrower.sim.complete(earlier["payment_id"], "success"))
    [entry] = ledger(borrower.loan.id)
    assert (entry.amount_paisa, entry.flag, entry.late_days) == (200000, "paid_ahead_in_arrears", 5)
    status, seen = as_user("uco.demo").get(f"/api/loans/{borrower.loan.id}")
    assert [line["flag"] for line in seen["ledger"]] == ["paid_ahead_in_arrears"]


def test_a_refusing_project_asks_for_the_overdue_amount_and_never_refuses_it(client, sim, as_user):
    from chalicelib.handlers.common import dhaka_today
    borrower = Borrower(client, sim, make_loan(first_due_on=dhaka_today() - timedelta(days=5)))
    assert as_user("uco.demo").call("put", policy_path(borrower.loan), REFUSE)[0] == 200
    assert borrower.view()[1]["amount_due_paisa"] == 100000  # what the page offers is what the checkout asks
    status, started = borrower.pay()
    assert (status, started["amount_paisa"]) == (200, 100000)  # only what is overdue
    borrower.callback(borrower.sim.complete(started["payment_id"], "success"))
    assert [(e.amount_paisa, e.flag) for e in ledger(borrower.loan.id)] == [(100000, "")]
    status, ahead = borrower.pay(amount_paisa=200000)  # no longer in arrears: paying ahead is taken
    assert (status, ahead["amount_paisa"]) == (200, 200000)


def test_a_refusing_projects_collection_refuses_a_line_beyond_the_overdue(client, sim, as_user):
    from chalicelib.handlers.common import dhaka_today
    loan = make_loan(first_due_on=dhaka_today() - timedelta(days=5))
    office = as_user("uco.demo")
    assert office.call("put", policy_path(loan), REFUSE)[0] == 200
    path = f"/api/asrayon/projects/{loan.project_id}/collections"
    status, refused = office.post(path, {"payer_phone": "01911000419",
                                         "lines": [{"loan_id": loan.id, "amount_paisa": 150000}]})
    assert (status, refused["error"]["code"]) == (409, "overdue_first")
    assert refused["error"]["details"][0] == {"field": "amount_paisa", "code": "overdue_first",
                                              "overdue_paisa": 100000, "loan_id": loan.id}
    status, started = office.post(path, {"payer_phone": "01911000419"})
    assert status == 201 and [l["amount_paisa"] for l in started["lines"]] == [100000]


def test_a_charging_project_levies_once_per_missed_instalment_in_the_scan(client, as_user):
    from chalicelib.domain.loans import LedgerEntry
    from chalicelib.store.loans import Loans
    loan = make_loan(first_due_on=date(2027, 1, 10))
    status, _ = as_user("uco.demo").call("put", policy_path(loan), {"late_policy": "accept_with_charge",
                                                            "late_charge_paisa": 5000})
    assert status == 200
    # Tk 5 short of the first instalment: within the tolerance, not charged
    Loans().credit(loan.id, LedgerEntry("pay-1", "payment", 99500, "2027-01-09T04:00:00.000+00:00"), "test")
    for day in (date(2027, 1, 7), date(2027, 1, 10), date(2027, 1, 11), date(2027, 2, 11), date(2027, 2, 11)):
        scan(client, day)
    charges = [e for e in ledger(loan.id) if e.kind == "late_charge"]
    assert [(e.id, e.instalment_no, e.amount_paisa, e.value_on) for e in charges] == [
        ("late-charge-2", 2, 5000, date(2027, 2, 11))]
    office = as_user("uco.demo")
    status, before = office.get(f"/api/loans/{loan.id}?as_of=2027-02-10")
    status, after = office.get(f"/api/loans/{loan.id}?as_of=2027-02-11")
    assert (before["late_charges_paisa"], after["late_charges_paisa"]) == (0, 5000)
    assert after["outstanding_paisa"] == before["outstanding_paisa"] + 5000
    status, found = office.get("/api/loans/defaulters?area_code=404419&as_of=2027-02-12")
    [line] = [i for i in found["items"] if i["loan_id"] == loan.id]
    assert line["overdue_paisa"] == 500 + 100000 + 5000
