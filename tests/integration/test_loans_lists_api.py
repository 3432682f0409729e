"""The loan API's lists (issue 19): a project read alone, its loans paged and searched, the loan naming its
project, and the defaulter list's totals per bucket."""
import csv
import io

from .test_loans_api import PROJECT, credit, lending, loan_body  # noqa: F401  (fixture)


def test_a_projects_loans_come_a_page_at_a_time_and_are_searched(as_user, lending):
    project, first = lending
    api = as_user("uco.demo")
    others = [("সালমা বেগম", "1", "01812000419"), ("আমিনা খাতুন", "4", "01912000419")]
    for name, barrack, phone in others:
        borrower = {**loan_body("")["borrower"], "name_bn": name, "barrack_no": barrack, "phone": phone}
        assert api.post("/api/loans", loan_body(project["id"], borrower=borrower))[0] == 201
    path = f"/api/asrayon/projects/{project['id']}/loans"
    status, page = api.get(f"{path}?limit=2")
    assert status == 200, page
    assert ([i["borrower_name_bn"] for i in page["items"]], page["total"]) == (["সালমা বেগম", "রহিমা খাতুন"], 3)
    status, rest = api.get(f"{path}?limit=2&cursor={page['next_cursor']}")
    assert ([i["borrower_name_bn"] for i in rest["items"]], rest["next_cursor"]) == (["আমিনা খাতুন"], None)
    status, found = api.get(f"{path}?q=খাতুন")
    assert [i["borrower_name_bn"] for i in found["items"]] == ["রহিমা খাতুন", "আমিনা খাতুন"] and found["total"] == 2
    status, found = as_user("dco.demo").get(f"{path}?q=০১৮১২")
    assert [i["borrower_name_bn"] for i in found["items"]] == ["সালমা বেগম"]
    status, refused = api.get(f"{path}?cursor=not-a-cursor")
    assert (status, refused["error"]["code"]) == (400, "invalid_cursor")
    assert api.get(f"{path}?limit=0")[0] == 400


def test_the_loan_answer_names_its_project(as_user, lending):
    project, loan = lending
    assert loan["project_name_bn"] == PROJECT["name_bn"]
    status, read = as_user("dco.demo").get(f"/api/loans/{loan['id']}")
    assert (status, read["project_id"], read["project_name_bn"]) == (200, project["id"], PROJECT["name_bn"])


def test_the_defaulter_list_totals_each_bucket(as_user, lending):
    project, loan = lending
    api = as_user("uco.demo")
    borrower = {**loan_body("")["borrower"], "name_bn": "সালমা বেগম", "room_no": "13", "phone": "01812000419"}
    status, other = api.post("/api/loans", loan_body(project["id"], borrower=borrower))
    assert credit(other["id"], "pay-1", 110_000, "2026-01-30T10:00:00+06:00")  # paid the first: 28 Feb unpaid
    status, found = api.get("/api/loans/defaulters?area_code=404419&as_of=2026-03-10")
    assert status == 200, found
    ours = [i for i in found["items"] if i["project_id"] == project["id"]]
    assert sorted((i["bucket"], i["overdue_paisa"]) for i in ours) == [("1-30", 110_000), ("31-60", 220_000)]
    by_bucket = {b["bucket"]: b for b in found["by_bucket"]}
    assert list(by_bucket) == ["1-30", "31-60", "61-90", "90+"]
    assert sum(b["count"] for b in found["by_bucket"]) == found["count"]
    assert sum(b["overdue_paisa"] for b in found["by_bucket"]) == found["total_overdue_paisa"]
    status, text = api.get("/api/loans/defaulters?area_code=404419&as_of=2026-03-10&format=csv")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    bucket_rows = [r for r in rows if r[0].startswith("শ্রেণি / Bucket")]
    assert [r[10] for r in bucket_rows] == ["1-30", "31-60", "61-90", "90+"]
    assert all(len(r) == len(rows[0]) for r in bucket_rows)
    assert int(bucket_rows[1][11]) == by_bucket["31-60"]["overdue_paisa"]
