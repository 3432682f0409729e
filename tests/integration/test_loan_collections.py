"""The representative pays for several borrowers at once (issue 19 §3): one bKash payment, one ledger entry per loan,
once whatever arrives twice."""
from .payment_fixtures import bkash_server, query_of, sim  # noqa: F401,F811 (fixtures)
from .test_loan_payments import Borrower, ledger
from .test_loans_api import PROJECT, loan_body

REPRESENTATIVE = "01911000419"


def test_one_payment_for_two_borrowers_credits_each_loan_once(client, sim, as_user):
    api = as_user("uco.demo")
    status, project = api.post("/api/asrayon/projects", PROJECT)
    status, first = api.post("/api/loans", loan_body(project["id"]))
    other = {**loan_body("")["borrower"], "name_bn": "সালমা বেগম", "room_no": "13", "phone": "01812000419"}
    status, second = api.post("/api/loans", loan_body(project["id"], borrower=other))
    assert status == 201, second
    path = f"/api/asrayon/projects/{project['id']}/collections"
    assert as_user("dco.demo").post(path, {"payer_phone": REPRESENTATIVE})[0] == 403
    status, reply = api.post(path, {"payer_phone": REPRESENTATIVE,
                                    "lines": [{"loan_id": first["id"], "amount_paisa": 50},]})
    assert status == 400, reply
    status, started = api.post(path, {"payer_phone": REPRESENTATIVE,
                                      "lines": [{"loan_id": first["id"], "amount_paisa": 110_000},
                                                {"loan_id": second["id"], "amount_paisa": 220_000}]})
    assert status == 201, started
    assert started["total_paisa"] == 330_000 and started["payer_phone"] == "+8801911000419"
    assert [l["borrower_name_bn"] for l in started["lines"]] == ["রহিমা খাতুন", "সালমা বেগম"]

    payer = Borrower(client, sim, None)
    callback_url = sim.complete(started["payment_id"], "success")
    back = payer.callback(callback_url)
    assert back.status_code == 302 and back.headers["Location"].endswith(
        f"/loan.html?collection={started['collection_id']}")  # a page that speaks of the collection, not a loan
    assert payer.callback(callback_url).status_code == 302      # the browser comes back again
    assert payer.ipn(started["payment_id"])[0] == 200            # and bKash's IPN
    assert [e.amount_paisa for e in ledger(first["id"])] == [110_000]
    assert [e.amount_paisa for e in ledger(second["id"])] == [220_000]
    status, read = api.get(f"/api/loans/{second['id']}")
    assert read["paid_paisa"] == 220_000 and read["ledger"][0]["late_days"] > 0  # late: credited and flagged


def test_without_lines_the_list_is_every_loan_with_what_it_owes_now(client, sim, as_user):
    api = as_user("uco.demo")
    status, project = api.post("/api/asrayon/projects", PROJECT)
    status, loan = api.post("/api/loans", loan_body(project["id"]))
    status, started = api.post(f"/api/asrayon/projects/{project['id']}/collections", {"payer_phone": REPRESENTATIVE})
    assert status == 201, started
    status, read = api.get(f"/api/loans/{loan['id']}")
    owed = sum(s["amount_paisa"] for s in read["schedule"] if s["status"] == "overdue") + read["next_due_paisa"]
    assert [(l["loan_id"], l["amount_paisa"]) for l in started["lines"]] == [(loan["id"], owed)]


def test_lines_that_are_not_objects_are_a_400_not_a_500(as_user):
    """Schemathesis found [null] and ["AAA"] answered 500."""
    api = as_user("uco.demo")
    status, project = api.post("/api/asrayon/projects", PROJECT)
    path = f"/api/asrayon/projects/{project['id']}/collections"
    for lines in ([None, None], [[None]], ["AAA"], [False], [{"loan_id": [1], "amount_paisa": 100}],
                  [{"amount_paisa": 100}]):
        status, reply = api.post(path, {"payer_phone": REPRESENTATIVE, "lines": lines})
        assert (status, reply["error"]["code"]) == (400, "invalid_lines"), lines
