"""Budget lists, the decision letter and the report through the real routes (chalice test client, moto)."""
import csv
import io

from chalicelib.domain.budget_report import financial_year_of
from chalicelib.handlers.common import dhaka_today
from local.demo import SOCIETY_DEMO
from tests.integration.test_budget_api import TEN_LAKH, draft, societies, submitted_and_recommended  # noqa: F401


def ids(answer):
    return [b["id"] for b in answer["items"]]


def test_an_office_lists_what_it_holds_what_it_sent_and_all_of_its_area_in_pages(as_user, societies):
    below = submitted_and_recommended(as_user, societies[0], (TEN_LAKH,))
    as_user("dco.demo").post(f"/api/budgets/{below['id']}/decide", {"decision": "approved"})
    status, b = draft(as_user, societies[1], username="uco.demo", year="2026-27")
    assert status == 201, b
    as_user("uco.demo").post(f"/api/budgets/{b['id']}/submit", {})
    status, held = as_user("uco.demo").get("/api/budgets?box=holding")
    assert status == 200 and held["box"] == "holding" and ids(held) == [b["id"]], held
    assert ids(as_user("uco.demo").get("/api/budgets?box=sent")[1]) == [below["id"]]
    status, every = as_user("uco.demo").get("/api/budgets?box=all&financial_year=2026-27")
    assert status == 200 and ids(every) == [b["id"], below["id"]], every  # newest first
    first = as_user("uco.demo").get("/api/budgets?box=all&limit=1")[1]
    assert ids(first) == [b["id"]] and first["next_cursor"]
    second = as_user("uco.demo").get(f"/api/budgets?box=all&limit=1&cursor={first['next_cursor']}")[1]
    assert ids(second) == [below["id"]] and second["next_cursor"] is None
    assert ids(as_user("uco.demo").get("/api/budgets?box=all&financial_year=2027-28")[1]) == []
    assert ids(as_user("dco.demo").get("/api/budgets?box=sent")[1]) == [below["id"]]
    assert ids(as_user("dco.demo").get("/api/budgets?box=holding")[1]) == []
    assert ids(as_user("jr.demo").get("/api/budgets?box=all")[1]) == [b["id"], below["id"]]
    assert ids(as_user("uco2.demo").get("/api/budgets?box=all")[1]) == []  # another upazila


def test_a_society_user_lists_only_its_own_files_whatever_it_asks(as_user, societies):
    mine = draft(as_user, societies[0])[1]
    theirs = draft(as_user, societies[1], username="uco.demo")[1]
    for query in ("", "?box=all", "?box=holding", f"?society_id={societies[1]}"):
        status, got = as_user(SOCIETY_DEMO).get(f"/api/budgets{query}")
        assert status == 200 and got["box"] == "society" and ids(got) == [mine["id"]], (query, got)
    assert ids(as_user("uco.demo").get(f"/api/budgets?society_id={societies[1]}")[1]) == [theirs["id"]]
    status, refused = as_user("uco2.demo").get(f"/api/budgets?society_id={societies[1]}")
    assert status == 403 and refused["error"]["code"] == "outside_jurisdiction"
    assert as_user("uco.demo").get("/api/budgets?cursor=bm90LWEta2V5")[0] == 400
    assert as_user("uco.demo").get("/api/budgets?financial_year=2026-28")[0] == 400


def test_a_societys_files_newest_first_and_a_page_link_kept_to_its_year(as_user, societies, monkeypatch):
    """Ids are random: here the newer file's id sorts first, so an id-ordered list would show it last."""
    made = iter(["bud-ffffffffff", "bud-0000000000"])
    monkeypatch.setattr("chalicelib.handlers.budget.new_id", lambda: next(made))
    older = draft(as_user, societies[0])[1]
    assert as_user(SOCIETY_DEMO).post(f"/api/budgets/{older['id']}/withdraw", {})[0] == 200
    newer = draft(as_user, societies[0])[1]
    assert (older["id"], newer["id"]) == ("bud-ffffffffff", "bud-0000000000")
    for query in ("", "?financial_year=2026-27"):
        assert ids(as_user(SOCIETY_DEMO).get(f"/api/budgets{query}")[1]) == [newer["id"], older["id"]], query
    for username in (SOCIETY_DEMO, "uco.demo"):  # the society's own list; the upazila office's "all"
        get = as_user(username).get
        first = get("/api/budgets?box=all&financial_year=2026-27&limit=1")[1]
        assert ids(first) == [newer["id"]] and first["next_cursor"], first
        cursor = first["next_cursor"]
        status, refused = get(f"/api/budgets?box=all&financial_year=2027-28&cursor={cursor}")
        assert status == 400 and refused["error"]["code"] == "invalid_cursor", (username, status, refused)
        status, rest = get(f"/api/budgets?box=all&financial_year=2026-27&cursor={cursor}")
        assert status == 200 and ids(rest) == [older["id"]], (username, rest)
        assert ids(get(f"/api/budgets?box=all&cursor={cursor}")[1]) == [older["id"]]


def test_the_decision_letter_after_the_decision_for_the_society_and_the_path_only(as_user, societies):
    r = submitted_and_recommended(as_user, societies[0], (TEN_LAKH + 1,))
    status, early = as_user(SOCIETY_DEMO).get(f"/api/budgets/{r['id']}/letter")
    assert status == 409 and early["error"]["code"] == "letter_not_ready"
    as_user("jr.demo").post(f"/api/budgets/{r['id']}/decide", {
        "decision": "approved_with_changes", "reason": "salaries reduced", "memo_no": "47.61",
        "changes": [{"head": "salaries", "amount_paisa": TEN_LAKH}]})
    status, letter = as_user(SOCIETY_DEMO).get(f"/api/budgets/{r['id']}/letter")
    assert status == 200, letter
    assert letter["reference_no"] == f"SMB-BUD-40-2026-27-{r['id'][4:].upper()}"
    assert (letter["decision"], letter["office_code"], letter["memo_no"]) == ("approved_with_changes", "40", "47.61")
    assert letter["items"][0]["approved_paisa"] == TEN_LAKH
    assert [c["office_code"] for c in letter["copies"]] == ["404419", "4044"]
    for username in ("uco.demo", "dco.demo", "jr.demo", "hq.demo"):
        assert as_user(username).get(f"/api/budgets/{r['id']}/letter") == (200, letter)
    assert as_user("other.society").get(f"/api/budgets/{r['id']}/letter")[0] == 403
    assert as_user("uco2.demo").get(f"/api/budgets/{r['id']}/letter")[0] == 403


def test_the_report_in_json_and_csv_for_the_offices_only(as_user, societies):
    r = submitted_and_recommended(as_user, societies[0], (TEN_LAKH,))
    as_user("dco.demo").post(f"/api/budgets/{r['id']}/decide", {"decision": "approved"})
    status, rep = as_user("dco.demo").get("/api/budget-report?financial_year=2026-27")
    assert status == 200, rep
    assert (rep["office_code"], rep["files"], rep["files_received"], rep["files_decided"]) == ("4044", 1, 1, 1)
    assert [s["step"] for s in rep["steps"]] == ["recommend", "decide"] and rep["steps"][1]["taken"] == 1
    assert rep["comparison"]["now"]["steps"]["median"] == 3.0
    assert rep["comparison"]["now"]["visits"]["max"] == 0
    assert as_user("uco.demo").get("/api/budget-report?financial_year=2026-27&office_code=404419")[1]["files"] == 1
    api = as_user("dco.demo")
    response = api.client.http.get("/api/budget-report?financial_year=2026-27&format=csv",
                                   headers={"Authorization": f"Bearer {api.token}"})
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.body.decode("utf-8-sig"))))
    assert rows[0][0] == "নথি / File" and rows[1][0] == r["id"] and rows[2][9:12] == ["7", "15-18", "4-5"]
    status, refused = as_user("uco.demo").get("/api/budget-report?financial_year=2026-27&office_code=4044")
    assert status == 403 and refused["error"]["code"] == "outside_jurisdiction"
    assert as_user(SOCIETY_DEMO).get("/api/budget-report")[0] == 403
    assert as_user("dco.demo").get("/api/budget-report?financial_year=2026-99")[0] == 400
    status, this_year = as_user("dco.demo").get("/api/budget-report")
    assert status == 200 and this_year["financial_year"] == financial_year_of(dhaka_today())
