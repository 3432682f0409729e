"""A simulated year of an Asrayon project (issue 19 §5): 50 borrowers imported and approved, then twelve monthly
due dates with the clocks moved (the daily scan run on the days that matter, bKash's clock set to the day each
payment is made): some pay on time, some pay everything at once, some part, some late, some never; one callback
arrives twice; the representative pays for twenty borrowers at once; one loan is paused by a flood moratorium.

Afterwards: the ledger reconciles to the paisa with what the simulator took, each loan's schedule less what was
paid is what it owes, the defaulter list as of two past days is right (later payments ignored), so are the
buckets, each reminder went once, and the monthly recovery report adds up from upazila to HQ.
Every expected figure here is worked out by hand from the plan below, not by the app's own rules.
"""
from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest
from moto.core import DEFAULT_ACCOUNT_ID
from moto.sns.models import sns_backends

from chalicelib.domain.calendar import DHAKA

from .payment_fixtures import bkash_server, query_of, sim  # noqa: F401,F811 (fixtures)
from .test_loan_lists import borrower_row, csv_of, upload
from .test_loan_reminders import scan
from .test_loans_api import PROJECT, loan_body

INSTALMENT = 110_000                           # Tk 12,000 + Tk 1,200 charge over 12 monthly instalments
DUES = [date(2025 + (10 + n) // 12, (10 + n) % 12 + 1, 15) for n in range(12)]  # 15 Nov 2025 .. 15 Oct 2026
PAUSE = (date(2026, 2, 1), date(2026, 4, 30))  # 89 days: what fell due from 1 Feb moves 89 days later
PAUSED_DUES = DUES[:3] + [d + timedelta(days=89) for d in DUES[3:]]
ON_TIME, DOUBLE_CALLBACK = range(1, 4), 4       # pay each instalment on its day; 4's first callback comes twice
ALL_AT_ONCE, PART, LATE, NEVER = range(5, 15), range(15, 20), range(20, 25), range(25, 30)
COLLECTED, PAUSED = range(30, 50), 50           # the representative pays two instalments each of 20 at once
LATE_DAY, COLLECTION_DAY = date(2026, 3, 10), date(2026, 1, 20)
REPRESENTATIVE = "01911000419"


def phone(room: int) -> str:
    return f"+88017120000{room:02d}"  # as test_loan_lists.borrower_row writes it


def payments_plan() -> dict[date, list[tuple[int, int]]]:
    """Day -> [(room, paisa)] paid by the borrower from the SMS link, as planned."""
    plan: dict[date, list[tuple[int, int]]] = {}
    for n, due in enumerate(DUES):
        for room in [*ON_TIME, DOUBLE_CALLBACK]:
            plan.setdefault(due, []).append((room, INSTALMENT))
        if n < 3:
            plan[due] += [(room, 60_000) for room in PART]
    plan[DUES[0]] += [(room, 12 * INSTALMENT) for room in ALL_AT_ONCE]
    plan.setdefault(LATE_DAY, []).extend((room, 3 * INSTALMENT) for room in LATE)
    for due in (*PAUSED_DUES[:3], *PAUSED_DUES[3:5]):  # three before the flood, two after it, then nothing
        plan.setdefault(due, []).append((PAUSED, INSTALMENT))
    return plan


def scan_days() -> list[date]:
    """The days that matter (each scan costs seconds on moto): 3 days before each due date (and the paused loan's
    two it pays on), and for the first three due dates every stage (on it, and 1, 7 and 30 days after)."""
    days = {due - timedelta(days=3) for due in {*DUES, *PAUSED_DUES[3:5]}}
    days |= {due + timedelta(days=d) for due in DUES[:3] for d in (0, 1, 7, 30)}
    return sorted(days)


def sms_to(number: str) -> list[str]:
    return [text for to, text in sns_backends[DEFAULT_ACCOUNT_ID]["ap-southeast-1"].sms_messages.values()
            if to == number]


class Year:
    def __init__(self, client, sim, as_user):
        self.client, self.sim, self.uco, self.public = client, sim, as_user("uco.demo"), as_user(None)
        status, self.project = self.uco.post("/api/asrayon/projects", PROJECT)
        assert status == 201, self.project
        rows = [borrower_row(room, loan_date="15/10/2025", first_due_on="2025-11-15", principal_taka="12000",
                             service_charge_taka="1200") for room in range(1, 51)]
        status, imported = upload(client, as_user, "uco.demo", self.project["id"], csv_of(*rows), False)
        assert (status, imported["created"], imported["errors"]) == (200, 50, []), imported
        status, approved = self.uco.post(f"/api/asrayon/projects/{self.project['id']}/loans/approve",
                                         {"expected_loans": 50})
        assert (status, approved.get("approved")) == (200, 50), approved
        status, listed = self.uco.get(f"/api/asrayon/projects/{self.project['id']}/loans")
        self.loans = {int(item["room_no"]): item["id"] for item in listed["items"]}
        assert sorted(self.loans) == list(range(1, 51))

    def bkash_clock(self, day: date) -> None:
        """bKash's clock at 11:00 in Dhaka on `day`: a payment executed now is valued that day."""
        target = datetime.combine(day, time(11), DHAKA).timestamp()
        self.sim.advance(target - self.sim.now())

    def complete(self, payment_id: str, twice: bool = False) -> None:
        url = self.sim.complete(payment_id, "success")
        parts = query_of(url)
        for _ in range(2 if twice else 1):
            response = self.client.http.get(f"/api/payments/bkash/callback?paymentID={parts['paymentID']}"
                                            f"&status={parts['status']}")
            assert response.status_code == 302

    def pay(self, room: int, paisa: int, twice: bool = False) -> None:
        status, started = self.public.post(f"/api/public/loans/{self.loans[room]}/pay",
                                           {"phone": phone(room), "amount_paisa": paisa})
        assert status == 200, (room, started)
        self.complete(started["payment_id"], twice)

    def collect(self, lines: list[tuple[int, int]]) -> None:
        status, started = self.uco.post(f"/api/asrayon/projects/{self.project['id']}/collections", {
            "payer_phone": REPRESENTATIVE,
            "lines": [{"loan_id": self.loans[room], "amount_paisa": paisa} for room, paisa in lines]})
        assert status == 201, started
        self.complete(started["payment_id"])

    def pause(self, room: int) -> None:
        status, paused = self.uco.post(f"/api/loans/{self.loans[room]}/pauses", {
            "starts_on": PAUSE[0].isoformat(), "ends_on": PAUSE[1].isoformat(), "reason": "২০২৬ সালের বন্যা",
            "decision_ref": "উপজেলা আশ্রয়ণ টাস্কফোর্স ৩/২০২৬"})
        assert status == 201, paused

    def defaulters(self, as_of: date, area: str = "404419") -> dict:
        status, found = self.uco.get(f"/api/loans/defaulters?area_code={area}&as_of={as_of.isoformat()}")
        assert status == 200, found
        return {item["loan_id"]: item for item in found["items"]}

    def loan(self, room: int, as_of: date | None = None) -> dict:
        query = f"?as_of={as_of.isoformat()}" if as_of else ""
        status, loan = self.uco.get(f"/api/loans/{self.loans[room]}{query}")
        assert status == 200, loan
        return loan


def live_the_year(client, sim, as_user) -> Year:
    """The year lived: payments of a day first, then that day's scan."""
    sns_backends[DEFAULT_ACCOUNT_ID]["ap-southeast-1"].sms_messages.clear()
    lived = Year(client, sim, as_user)
    plan, scanned = payments_plan(), scan_days()
    lived.sent_per_scan = {}
    for day in sorted({*plan, *scanned, COLLECTION_DAY, PAUSE[0] - timedelta(days=7)}):
        lived.bkash_clock(day)
        for room, paisa in plan.get(day, []):
            lived.pay(room, paisa, twice=(room == DOUBLE_CALLBACK and day == DUES[0]))
        if day == COLLECTION_DAY:
            lived.collect([(room, 2 * INSTALMENT) for room in COLLECTED])
        if day == PAUSE[0] - timedelta(days=7):
            lived.pause(PAUSED)
        if day in scanned:
            lived.sent_per_scan[day] = scan(client, day)["loan_sms_sent"]
    return lived


@pytest.fixture
def year_long_tokens(sim):
    """bKash's clock moves a year here: its tokens live as long (the app holds one token on its own clock)."""
    before = {name: sim.config[name] for name in ("token_ttl", "refresh_token_ttl")}
    sim.configure(token_ttl=2 * 365 * 86400, refresh_token_ttl=2 * 365 * 86400)
    yield sim
    sim.configure(**before)


@pytest.mark.minutes(5.5)  # 334 s in the whole suite at 0d27f96: started first, beside the Schemathesis runs
def test_a_simulated_year_reconciles_and_reports_right(client, year_long_tokens, as_user):
    year = live_the_year(client, year_long_tokens, as_user)
    ledger_reconciles(year)
    defaulters_as_of_two_past_days(year)
    each_reminder_went_once(year, client)
    recovery_adds_up_from_upazila_to_hq(year, as_user)


def ledger_reconciles(year):
    from chalicelib.store.loans import Loans
    taken = sum(round(float(p["amount"]) * 100) for p in year.sim.payments.values() if p["state"] == "Completed")
    entries = {room: Loans().entries(loan_id) for room, loan_id in year.loans.items()}
    credited = sum(e.amount_paisa for found in entries.values() for e in found if e.kind == "payment")
    plan = payments_plan()
    planned = sum(p for day in plan.values() for _, p in day) + len(COLLECTED) * 2 * INSTALMENT
    assert credited == taken == planned
    assert len(entries[DOUBLE_CALLBACK]) == 12  # its first payment's callback came twice: credited once
    assert [e.amount_paisa for e in entries[COLLECTED[0]]] == [2 * INSTALMENT]  # its line of the collection
    for room in year.loans:
        loan = year.loan(room)
        assert sum(line["amount_paisa"] for line in loan["schedule"]) == 1_200_000 + 120_000
        paid = sum(e.amount_paisa for e in entries[room])
        assert loan["paid_paisa"] == paid
        assert loan["total_paisa"] - paid == loan["outstanding_paisa"] and loan["overpaid_paisa"] == 0, room
    assert year.loan(ALL_AT_ONCE[0])["outstanding_paisa"] == 0
    assert [s["due_on"] for s in year.loan(PAUSED)["schedule"]] == [d.isoformat() for d in PAUSED_DUES]
    late = [line["late_days"] for line in year.loan(LATE[0])["ledger"]]
    assert late == [(LATE_DAY - DUES[0]).days]  # accepted and flagged with its days late


def defaulters_as_of_two_past_days(year):
    """Later payments ignored; unpaid and part paid listed."""
    # 20 Feb 2026: four instalments due (Nov, Dec, Jan, Feb): Tk 4,400
    found = year.defaulters(date(2026, 2, 20))
    expected = {**{r: (4 * INSTALMENT - 3 * 60_000, DUES[1]) for r in PART},  # Nov's paid and Tk 700 of Dec's
                **{r: (4 * INSTALMENT, DUES[0]) for r in [*LATE, *NEVER]},  # LATE pays on 10 Mar: not yet
                **{r: (2 * INSTALMENT, DUES[2]) for r in COLLECTED}}
    assert set(found) == {year.loans[r] for r in expected}
    for room, (overdue, oldest) in expected.items():
        item = found[year.loans[room]]
        assert (item["overdue_paisa"], item["oldest_due_on"]) == (overdue, oldest.isoformat()), room
        assert item["days_past_due"] == (date(2026, 2, 20) - oldest).days
    assert {found[year.loans[r]]["bucket"] for r in PART} == {"61-90"}
    assert {found[year.loans[r]]["bucket"] for r in COLLECTED} == {"31-60"}
    assert {found[year.loans[r]]["bucket"] for r in NEVER} == {"90+"}

    # 20 Aug 2026: ten instalments due (the paused loan: seven, its 4th and 5th paid on their new dates)
    found = year.defaulters(date(2026, 8, 20))
    expected = {**{r: (10 * INSTALMENT - 3 * 60_000, DUES[1]) for r in PART},
                **{r: (7 * INSTALMENT, DUES[3]) for r in LATE},
                **{r: (10 * INSTALMENT, DUES[0]) for r in NEVER},
                **{r: (8 * INSTALMENT, DUES[2]) for r in COLLECTED},
                PAUSED: (2 * INSTALMENT, PAUSED_DUES[5])}
    assert set(found) == {year.loans[r] for r in expected}
    for room, (overdue, oldest) in expected.items():
        item = found[year.loans[room]]
        assert (item["overdue_paisa"], item["oldest_due_on"]) == (overdue, oldest.isoformat()), room
    assert found[year.loans[PAUSED]]["bucket"] == "31-60"  # 13 Jul 2026 + 38 days
    assert {found[year.loans[r]]["bucket"] for r in LATE} == {"90+"}
    assert year.loan(PART[0], date(2026, 1, 10))["bucket"] == "1-30"  # Tk 1,000 of Dec's short since 15 Dec


def each_reminder_went_once(year, client):
    from chalicelib.store import aws
    from chalicelib.config import settings
    from boto3.dynamodb.conditions import Key
    log = aws.table(settings().sms_table)
    for room, loan_id in year.loans.items():
        logged = log.query(KeyConditionExpression=Key("pk").eq(f"LOAN#{loan_id}"))["Items"]
        reminders = [e for e in logged if e["kind"] == "loan_reminder"]
        assert {e["status"] for e in reminders} <= {"sent", "delivered"}, room
        texts = [t for t in sms_to(phone(room)) if "TrxID" not in t]  # receipts carry the bKash TrxID
        assert len(texts) == len(reminders), room  # one SMS per logged reminder, none sent twice
    for room in [*ON_TIME, DOUBLE_CALLBACK]:  # "due soon" three days before each of the 12, paid on the day
        assert len([t for t in sms_to(phone(room)) if "TrxID" not in t]) == 12, room
    for room in ALL_AT_ONCE:  # the first "due soon", then nothing was owed
        assert len([t for t in sms_to(phone(room)) if "TrxID" not in t]) == 1, room
    receipts = Counter(to for to, text in sns_backends[DEFAULT_ACCOUNT_ID]["ap-southeast-1"].sms_messages.values()
                       if "TrxID" in text)
    assert receipts[phone(DOUBLE_CALLBACK)] == 12 and receipts[phone(ALL_AT_ONCE[0])] == 1
    day = DUES[4] - timedelta(days=3)
    assert year.sent_per_scan[day] > 0 and scan(client, day)["loan_sms_sent"] == 0  # the day run again


RECOVERY_SUMS = ("loans", "due_paisa", "recovered_paisa", "cumulative_due_paisa", "cumulative_paid_paisa",
                 "outstanding_paisa", "overdue_paisa")


def recovery_adds_up_from_upazila_to_hq(year, as_user):
    from chalicelib.domain import geography
    status, other = as_user("uco2.demo").post("/api/asrayon/projects", {**PROJECT, "upazila_code": "404433"})
    assert status == 201, other
    status, loan = as_user("uco2.demo").post("/api/loans", loan_body(other["id"]))
    assert status == 201, loan
    hq = as_user("hq.demo")

    def total(area: str) -> dict:
        query = f"area_code={area}&" if area else ""
        status, report = hq.get(f"/api/loans/recovery?{query}month=2026-03")
        assert status == 200, report
        return report["total"]

    def summed(parts: list[dict]) -> dict:
        return {name: sum(p[name] for p in parts) for name in RECOVERY_SUMS} | {
            "buckets": [sum(p["overdue_by_bucket"][i]["paisa"] for p in parts) for i in range(4)]}

    def figures(report: dict) -> dict:
        return summed([report])

    ours = total("404419")
    # March 2026: 49 instalments fell due (the paused loan's moved); paid that month: 4 on the day, 5 late
    assert (ours["loans"], ours["due_paisa"], ours["recovered_paisa"]) == (50, 49 * INSTALMENT,
                                                                           4 * INSTALMENT + 5 * 3 * INSTALMENT)
    district = total("4044")
    assert figures(district) == summed([ours, total("404433")])
    division = total("40")
    assert figures(division) == summed([total(d) for d in geography.districts_under("40")])
    assert figures(total("")) == summed([total(d["code"]) for d in geography.children("")]) == figures(division)
