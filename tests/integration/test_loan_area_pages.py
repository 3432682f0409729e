"""An area of more loans than one request reads (LOAN_AREA_PAGE_LOANS, 20,000; 3 here): the defaulter list comes
a page at a time with next_cursor, and the monthly recovery report reads every page, so HQ and a division get
their figures (before, both answered 400 area_too_large)."""
from datetime import date, datetime, timedelta, timezone

import pytest

PAGE = 3
AS_OF = date(2026, 6, 1)
UPAZILAS = {"404419": 3, "404433": 2, "302602": 3}  # Jhenaidah Sadar and Kaliganj (Khulna), one of Dhaka


@pytest.fixture
def small_pages(env, monkeypatch):
    from chalicelib.config import settings
    monkeypatch.setenv("LOAN_AREA_PAGE_LOANS", str(PAGE))
    settings.cache_clear()
    yield
    settings.cache_clear()


def lend() -> dict[str, str]:
    """Loan id -> upazila: each upazila's project and its loans (three monthly Tk 1,000 instalments from 10 Jan
    2026); the first loan of each upazila paid in full, the others never paid."""
    from chalicelib.domain.loans import Borrower, LedgerEntry, Loan, Project
    from chalicelib.store.loans import Loans
    from chalicelib.store.societies import new_id
    loans, now, lent = Loans(), datetime.now(timezone.utc).isoformat(timespec="seconds"), {}
    for upazila, count in UPAZILAS.items():
        project = Project(new_id(), f"আশ্রয়ণ প্রকল্প {upazila}", upazila, "+8801711000000", "সোনালী ব্যাংক", now,
                          "test", society_id=None)
        loans.add_project(project, "test")
        for n in range(count):
            loan = Loan(new_id(), project.id, upazila, Borrower(f"ঋণগ্রহীতা {n}", "করিম মিয়া", "১", str(n),
                                                                f"+88017120{upazila[-3:]}{n:02d}"),
                        date(2025, 12, 1), 270_000, 30_000, 3, "monthly", date(2026, 1, 10), now, "test")
            loans.add_loan(loan, "test")
            if n == 0:
                loans.credit(loan.id, LedgerEntry(f"pay-{loan.id}", "payment", 300_000,
                                                  "2026-01-05T10:00:00.000+06:00"), "test")
            lent[loan.id] = upazila
    return lent


def every_page(api, query: str) -> list[dict]:
    pages, cursor = [], None
    while True:
        status, page = api.get(f"/api/loans/defaulters?{query}" + (f"&cursor={cursor}" if cursor else ""))
        assert status == 200, page
        pages.append(page)
        cursor = page["next_cursor"]
        if cursor is None:
            return pages


def test_the_defaulters_of_hq_and_a_division_come_a_page_at_a_time(small_pages, as_user):
    lent = lend()
    paid = {next(i for i, u in lent.items() if u == upazila) for upazila in UPAZILAS}  # each upazila's first
    in_arrears = set(lent) - paid
    hq = as_user("hq.demo")
    for area, upazilas in (("", UPAZILAS), ("40", ("404419", "404433"))):
        pages = every_page(hq, f"as_of={AS_OF.isoformat()}" + (f"&area_code={area}" if area else ""))
        assert all(page["loans"] <= PAGE for page in pages) and len(pages) >= 2
        assert sum(page["loans"] for page in pages) == sum(UPAZILAS[u] for u in upazilas)
        listed = [item["loan_id"] for page in pages for item in page["items"]]
        assert len(listed) == len(set(listed))  # no loan on two pages
        assert set(listed) == {i for i in in_arrears if lent[i] in upazilas}
        assert all(item["overdue_paisa"] == 300_000 for page in pages for item in page["items"])
    status, refused = hq.get("/api/loans/defaulters?cursor=bm90LWEtY3Vyc29y")
    assert (status, refused["error"]["code"]) == (400, "invalid_cursor")
    first = every_page(hq, f"as_of={AS_OF.isoformat()}")[0]
    status, refused = hq.get(f"/api/loans/defaulters?area_code=404433&cursor={first['next_cursor']}")
    assert (status, refused["error"]["code"]) == (400, "invalid_cursor")  # a link of another area's list
    response = hq.client.http.get(f"/api/loans/defaulters?as_of={AS_OF.isoformat()}&format=csv",
                                  headers={"Authorization": f"Bearer {hq.token}"})
    assert response.status_code == 200 and response.headers["X-Next-Cursor"] == first["next_cursor"]
    assert response.body.decode("utf-8-sig").splitlines()[-1].endswith(first["next_cursor"])  # not the whole list
    status, one = as_user("uco.demo").get(f"/api/loans/defaulters?as_of={AS_OF.isoformat()}")
    assert status == 200 and one["next_cursor"] is None and one["loans"] == 3  # within a page: as before


def test_the_recovery_report_of_hq_and_a_division_reads_every_page(small_pages, as_user):
    lend()
    hq = as_user("hq.demo")
    for area, loans in (("", 8), ("40", 5), ("30", 3)):
        status, report = hq.get("/api/loans/recovery?month=2026-02" + (f"&area_code={area}" if area else ""))
        assert status == 200, report
        total = report["total"]
        assert total["loans"] == loans == sum(p["loans"] for p in report["projects"])
        assert total["due_paisa"] == loans * 100_000  # the second instalment of each, due 10 Feb
        assert total["recovered_paisa"] == 0  # the paid ones paid in January
        unpaid = loans - len([u for u in UPAZILAS if u.startswith(area)])
        assert total["par30"]["at_risk_paisa"] == unpaid * 270_000  # January's overdue 31+ days on 28 Feb: all


def test_the_refund_list_of_hq_comes_a_page_at_a_time(small_pages, as_user):
    """Each upazila's paid loan overpaid by Tk 50: HQ reads them page by page (before: one read of the whole
    area, 400 area_too_large above 20,000 loans)."""
    from chalicelib.domain.loans import LedgerEntry
    from chalicelib.store.loans import Loans
    lent = lend()
    overpaid = {next(i for i, u in lent.items() if u == upazila) for upazila in UPAZILAS}
    for loan_id in overpaid:
        Loans().credit(loan_id, LedgerEntry(f"more-{loan_id}", "payment", 5_000, "2026-01-06T10:00:00.000+06:00"),
                       "test")
    hq, pages, cursor = as_user("hq.demo"), [], None
    while True:
        status, page = hq.get("/api/loans/refunds" + (f"?cursor={cursor}" if cursor else ""))
        assert status == 200, page
        pages.append(page)
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(pages) >= 2 and all(page["loans"] <= PAGE for page in pages)
    assert sum(page["loans"] for page in pages) == len(lent)
    listed = [item["loan_id"] for page in pages for item in page["items"]]
    assert sorted(listed) == sorted(overpaid)  # each once
    assert all(item["overpaid_paisa"] == 5_000 for page in pages for item in page["items"])
    response = hq.client.http.get("/api/loans/refunds?format=csv", headers={"Authorization": f"Bearer {hq.token}"})
    assert response.status_code == 200 and response.headers["X-Next-Cursor"] == pages[0]["next_cursor"]
    assert response.body.decode("utf-8-sig").splitlines()[-1].endswith(pages[0]["next_cursor"])
    status, refused = hq.get("/api/loans/refunds?cursor=bm90LWEtY3Vyc29y")
    assert (status, refused["error"]["code"]) == (400, "invalid_cursor")


def test_the_eligibility_check_finds_the_borrower_by_phone_or_nid_without_reading_the_upazila(
        env, monkeypatch, as_user):
    """A new loan's check looks the borrower up by phone and NID (indexes by_phone, by_nid): it never reads the
    upazila's loans (reading them fails here), so an upazila of any size is checked (before: 400
    area_too_large above 20,000 loans)."""
    from chalicelib.domain.loans import Borrower
    from chalicelib.handlers.common import dhaka_today
    from chalicelib.store.loans import Loans
    from tests.integration.test_loans_api import PROJECT, loan_body
    lent = lend()
    late = sorted(i for i, u in lent.items() if u == "404419")[-1]  # unpaid: in arrears
    store = Loans()
    borrower = store.get_loan(late).borrower
    assert [loan.id for loan in store.borrower_loans("404419", borrower.phone, "")] == [late]
    assert store.borrower_loans("404433", borrower.phone, "") == []  # another upazila's borrower is another

    def whole_area_read(*args, **kwargs):
        raise AssertionError("the upazila's loans were read")
    monkeypatch.setattr(Loans, "area_loan_page", whole_area_read)
    monkeypatch.setattr(Loans, "_area", lambda self, kind, *a, **k: [] if kind == "SANCTIONS" else whole_area_read())
    api, today = as_user("uco.demo"), dhaka_today()
    status, project = api.post("/api/asrayon/projects", PROJECT)
    assert status == 201, project
    body = loan_body(project["id"], loan_date=today.isoformat(),
                     first_due_on=(today.replace(day=1) + timedelta(days=40)).isoformat())
    status, reply = api.post("/api/loans", {**body, "borrower": {**body["borrower"], "phone": borrower.phone}})
    assert status == 409 and [d["loan_id"] for d in reply["error"]["details"]] == [late], reply

    # By NID under another phone, once a correction gave the late loan the NID and a new phone: the indexes
    # follow the correction (the old phone finds nothing any more).
    from dataclasses import replace

    from chalicelib.store.transactions import transact
    before = store.get_loan(late)
    corrected = replace(before, borrower=replace(borrower, nid="1234567890", phone="+8801912000001"))
    transact(store.client, store.borrower_corrected(before, corrected, "test", "c1").steps)
    assert store.borrower_loans("404419", borrower.phone, "") == []
    assert [loan.id for loan in store.borrower_loans("404419", "+8801912000001", "")] == [late]
    other = {**body["borrower"], "phone": "01812000419", "nid": "1234567890", "room_no": "14"}
    status, reply = api.post("/api/loans", {**body, "borrower": other})
    assert status == 409 and [d["loan_id"] for d in reply["error"]["details"]] == [late], reply
    status, fresh = api.post("/api/loans", {**body, "borrower": {**body["borrower"], "phone": "01912000419"}})
    assert status == 201, fresh  # neither the phone nor the NID of a late borrower
