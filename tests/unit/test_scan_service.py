"""services.reminders (the daily scan) on in-memory stores: each reminder once per number."""
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

import pytest

from chalicelib.config import settings
from chalicelib.domain.bangla import bn_date, bn_digits
from chalicelib.domain.jurisdiction import Caller
from chalicelib.domain.reminders import stagger_day
from chalicelib.domain.statutory import NATIONAL_KINDS
from chalicelib.domain.society import Society, with_reminder_state
from chalicelib.domain.tasks import interim_committee_task
from chalicelib.services import registry
from chalicelib.services.daily_scan import continue_scan, run_batch, run_scan, scan_figures
from chalicelib.services.reminders import ScanStores, process
from tests.unit.fakes import (FakeClock, FakePublisher, InMemoryOffices, InMemoryQueue, InMemoryScanRuns,
                              InMemorySmsLog, InMemorySocieties, InMemoryTasks, default_settings)

TODAY = date(2026, 1, 15)  # no statutory window (audit, accounts) is open on this day
UCO = Caller("uco.demo", "upazila", "404419")
OFFICER, PRESIDENT, SECRETARY = "+8801711000419", "+8801812000001", "+8801913000001"
UCO_OFFICE, DCO_OFFICE = "+8801700000419", "+8801700004044"
LIMIT = 5_000_000  # Tk 50,000 in paisa


@pytest.fixture(autouse=True)
def _settings(monkeypatch):
    yield from default_settings(monkeypatch)


def society(n: int = 1, days_left: int = 60, today: date = TODAY, **fields) -> Society:
    """A society entered on `today` whose term ends in `days_left` days."""
    ends = today + timedelta(days=days_left)
    values = dict(id=f"{n:017x}", registration_no=f"S-{n}", registered_on=date(2010, 1, 15),
                  name_bn="নবগঙ্গা মৎস্যজীবী সমবায় সমিতি লিঃ", address="Jhenaidah Sadar", upazila_code="404419",
                  committee_kind="elected", committee_started_on=ends - timedelta(days=1096), term_ends_on=ends,
                  officer_phone=OFFICER, president_phone=PRESIDENT, secretary_phone=SECRETARY)
    values.update(fields)
    return with_reminder_state(Society(**values), settings().reminder_rules(), today)


class World:
    """The scan's stores, all in memory."""

    def __init__(self, *societies: Society, failures: dict | None = None):
        self.societies = InMemorySocieties(*societies)
        self.clock = FakeClock()
        self.sms_log, self.tasks = InMemorySmsLog(clock=self.clock), InMemoryTasks()
        self.offices = InMemoryOffices({"404419": UCO_OFFICE, "4044": DCO_OFFICE})
        self.publish = FakePublisher(failures)
        self.queue, self.runs = InMemoryQueue(), InMemoryScanRuns()
        self.stores = ScanStores(self.societies, self.sms_log, self.tasks, self.offices, self.publish,
                                 clock=self.clock, queue=self.queue, runs=self.runs)
        self.time_left = None  # seconds each invocation has left (None: no limit)

    def scan(self, today: date = TODAY) -> dict:
        """The scan's plan, then its queue worked through, as the workers do."""
        return self.drain(run_scan(today, self.stores, self.clock())["run"])

    def drain(self, run: str) -> dict:
        """Work through the queue as the workers do; a message whose worker dies, or that must come back, is
        put back at the end, as SQS returns it."""
        later = []  # back after the visibility timeout: the caller drains again when it is time
        while self.queue.messages:
            message = self.queue.messages.pop(0)
            try:
                if "plan" in message:
                    continue_scan(self.stores, message, self.time_left)
                elif run_batch(self.stores, message).get("retry"):
                    later.append(message)
            except BaseException:
                self.queue.messages += [message, *later]
                raise
        self.queue.messages += later
        return scan_figures(self.stores, run)

    def numbers(self) -> Counter:
        return Counter(phone for phone, _ in self.publish.sent)

    def status(self, society_id: str) -> dict[str, str]:
        return {e["phone"]: e["status"] for e in self.sms_log.for_society(society_id)}


# --- term reminders -----------------------------------------------------------------------

def test_a_society_60_days_from_its_term_end_gets_3_sms_once():
    world = World(society(1, 60), society(2, 200))
    first, second = world.scan(), world.scan()
    assert first["sms_sent"] == 3 and first["due"] == 1 and first["scanned"] == 1
    assert world.numbers() == {OFFICER: 1, PRESIDENT: 1, SECRETARY: 1}
    assert second["sms_sent"] == 0 and second["scanned"] == 0
    assert world.societies.get(f"{1:017x}").reminders_done == (f"committee_term:{society(1).committee_started_on}:90",)


def test_processing_the_same_society_again_sends_nothing():
    world = World(society())
    world.scan()
    figures = Counter()
    process(world.societies.get(f"{1:017x}"), TODAY, world.stores, figures)
    assert figures["sms_sent"] == 0 and len(world.publish.sent) == 3


def people_texts(world) -> list[str]:
    """What the societies' presidents and secretaries got (officers get the digest)."""
    return [text for phone, text in world.publish.sent if phone != OFFICER]


def test_the_text_names_the_society_and_the_term_end():
    world = World(society(days_left=60))
    world.scan()
    ends = bn_date(TODAY + timedelta(days=60))
    assert len(world.publish.sent) == 3 and len(people_texts(world)) == 2
    assert all(f"কমিটির মেয়াদ শেষ {ends}" in text and "নবগঙ্গা" in text for text in people_texts(world))
    assert dict(world.publish.sent)[OFFICER].startswith("ঝিনাইদহ সদর: আজ ১টি সমিতিকে তাগিদ — কমিটির মেয়াদ ১।")


def test_a_far_society_is_reminded_when_its_90_days_come():
    world = World(society(days_left=200))
    assert world.scan(TODAY + timedelta(days=109))["sms_sent"] == 0
    assert world.scan(TODAY + timedelta(days=110))["sms_sent"] == 3
    assert world.scan(TODAY + timedelta(days=111))["sms_sent"] == 0


# --- an expired committee -------------------------------------------------------------------

@pytest.mark.parametrize("capital, office, phone", [
    (None, "404419", OFFICER),  # unknown capital: the upazila office, which can fill it in
    (0, "404419", OFFICER),
    (LIMIT - 1, "404419", OFFICER),
    (LIMIT, "4044", DCO_OFFICE),  # Tk 50,000 or more: the district office appoints
    (LIMIT * 10, "4044", DCO_OFFICE),
])
def test_an_expired_term_tells_the_acting_office_once_and_opens_its_task(capital, office, phone):
    expired = society(days_left=-3, paid_up_share_capital_paisa=capital)
    world = World(expired)
    first, second = world.scan(), world.scan()
    assert world.numbers() == {phone: 1}
    assert "মেয়াদ শেষ (অন্তর্বর্তী কমিটি) ১" in world.publish.sent[0][1]  # the acting office's digest
    assert first["tasks_opened"] == 1 and second["tasks_opened"] == 0 and second["sms_sent"] == 0
    [task] = world.tasks.for_office(office)
    assert task.id == interim_committee_task(expired, TODAY).id and task.due_on == expired.term_ends_on
    assert task.kind == "appoint_interim_committee" and task.society_id == expired.id


@pytest.mark.parametrize("days_expired, sms", [(0, 1), (6, 1), (7, 0), (40, 0)])
def test_the_expiry_sms_goes_only_that_week_but_the_task_always_opens(days_expired, sms):
    world = World(society(days_left=-days_expired))
    figures = world.scan()
    assert figures["sms_sent"] == sms and figures["tasks_opened"] == 1
    assert len(world.tasks.for_office("404419")) == 1


def test_an_officer_with_no_phone_of_his_own_is_reached_at_the_office():
    world = World(society(1, 60, officer_phone=None), society(2, -2, officer_phone=None))
    world.scan()
    assert world.numbers() == {PRESIDENT: 1, SECRETARY: 1, UCO_OFFICE: 1}  # one digest: the 90-day SMS and the expiry
    assert "আজ ২টি সমিতিকে তাগিদ" in dict(world.publish.sent)[UCO_OFFICE]


def test_an_office_with_no_phone_either_is_skipped_not_an_error():
    world = World(society(officer_phone=None))
    world.offices.items.clear()
    figures = world.scan()
    assert world.numbers() == {PRESIDENT: 1, SECRETARY: 1} and figures["errors"] == 0


def test_one_number_in_two_roles_gets_one_sms():
    world = World(society(secretary_phone=PRESIDENT))
    figures = world.scan()
    assert world.numbers() == {OFFICER: 1, PRESIDENT: 1} and figures["sms_sent"] == 2


# --- what each SMS outcome means --------------------------------------------------------------

def test_a_transient_error_releases_the_claim_and_the_next_run_retries():
    world = World(society(), failures={PRESIDENT: "transient"})
    first = world.scan()
    assert first["sms_sent"] == 2 and first["errors"] == 1
    assert PRESIDENT not in world.status(f"{1:017x}")  # the claim was given back
    assert world.societies.get(f"{1:017x}").next_reminder_on == TODAY  # still due
    world.publish.failures.clear()
    second = world.scan(TODAY + timedelta(days=1))
    assert second["sms_sent"] == 2 and second["skipped"] == 1  # the president, and the day's digest names it again
    assert world.numbers() == {OFFICER: 2, PRESIDENT: 1, SECRETARY: 1}
    assert set(world.status(f"{1:017x}").values()) == {"sent"}
    assert world.scan(TODAY + timedelta(days=2))["sms_sent"] == 0


def test_an_uncertain_send_is_unknown_and_never_resent():
    world = World(society(), failures={PRESIDENT: "uncertain"})
    first = world.scan()
    assert first["uncertain"] == 1 and first["sms_sent"] == 2
    world.publish.failures.clear()
    world.societies.items[f"{1:017x}"] = replace(world.societies.get(f"{1:017x}"), next_reminder_on=TODAY)
    assert world.scan()["sms_sent"] == 0  # even when the society comes up again
    assert world.status(f"{1:017x}")[PRESIDENT] == "unknown" and PRESIDENT not in world.numbers()


def test_a_refused_number_is_failed_for_good():
    world = World(society(), failures={SECRETARY: "permanent"})
    first = world.scan()
    assert first["errors"] == 1 and first["sms_sent"] == 2
    assert world.status(f"{1:017x}") == {PRESIDENT: "sent", SECRETARY: "failed"}
    world.publish.failures.clear()
    world.societies.items[f"{1:017x}"] = replace(world.societies.get(f"{1:017x}"), next_reminder_on=TODAY)
    assert world.scan(TODAY + timedelta(days=1))["sms_sent"] == 0


# --- edits between scans ------------------------------------------------------------------------

def create(world, today=TODAY, **fields):
    body = {"registration_no": "JHE-101", "registered_on": "2010-01-15", "name_bn": "নবগঙ্গা সমবায় সমিতি",
            "address": "Jhenaidah Sadar", "upazila_code": "404419", "committee_kind": "elected",
            "officer_phone": OFFICER, "president_phone": PRESIDENT, "secretary_phone": SECRETARY, **fields}
    return registry.create_society(world.societies, lambda: "a" * 17, UCO, body, today, "now")


def edit(world, society_id, today=TODAY, **patch):
    return registry.update_society(world.societies, world.tasks, UCO, society_id, patch, today, "now")


def test_a_start_date_corrected_by_a_few_days_after_the_90_day_sms_does_not_resend_it():
    world = World()
    created = create(world, committee_started_on="2023-03-01")  # term ends 2026-03-01
    assert world.scan()["sms_sent"] == 3
    edit(world, created.id, TODAY + timedelta(days=1), committee_started_on="2023-03-04")
    for day in range(1, 45):
        assert world.scan(TODAY + timedelta(days=day))["sms_sent"] == 0, day
    assert len(world.publish.sent) == 3


def test_a_new_committee_starts_afresh():
    world = World()
    created = create(world, committee_started_on="2022-12-01")  # ended 2025-12-01
    assert world.scan()["tasks_opened"] == 1
    new = edit(world, created.id, TODAY, committee_started_on="2026-01-10")
    assert world.tasks.items[interim_committee_task(created, TODAY).id].state == "done"
    assert world.scan(TODAY + timedelta(days=1))["sms_sent"] == 0
    reminded_on = new.term_ends_on - timedelta(days=90)
    world.publish.sent.clear()
    figures = world.scan(reminded_on)
    assert world.numbers() == {OFFICER: 1, PRESIDENT: 1, SECRETARY: 1}
    assert all(bn_date(date(2029, 1, 10)) in text for text in people_texts(world))
    assert figures["sms_sent"] == 3


def test_a_society_changed_during_the_scan_is_re_planned_from_the_new_record():
    world = World(society(days_left=60))
    stale = world.societies.get(f"{1:017x}")
    world.societies.items[stale.id] = replace(stale, version=stale.version + 1,
                                              committee_started_on=TODAY, term_ends_on=TODAY + timedelta(days=1096))
    figures = Counter()
    process(stale, TODAY, world.stores, figures)  # sends what the stale copy was owed, then re-plans
    saved = world.societies.get(stale.id)
    assert saved.version == stale.version + 2
    assert saved.reminders_done == () and saved.next_reminder_on > TODAY


def test_a_start_date_corrected_while_the_scan_sends_does_not_send_twice():
    world = World()
    created = create(world, committee_started_on="2023-03-01")  # term ends 2026-03-01: 90-day window open
    publish = world.publish

    def officer_saves_a_correction_meanwhile(phone, text):
        if not publish.sent:
            edit(world, created.id, committee_started_on="2023-03-04")
        return publish(phone, text)

    world.stores.publish = officer_saves_a_correction_meanwhile
    world.scan()
    assert world.numbers() == {OFFICER: 1, PRESIDENT: 1, SECRETARY: 1}


def test_a_dissolved_society_gets_no_reminders_even_if_the_due_index_still_lists_it():
    world = World(society(days_left=-2))
    listed = world.societies.due_ids(TODAY)
    registry.dissolve_society(world.societies, UCO, f"{1:017x}", TODAY, "now")
    world.societies.due_ids = lambda today: listed  # the index has not caught up yet
    figures = world.scan()
    assert figures["sms_sent"] == 0 and world.publish.sent == []
    assert figures["tasks_opened"] == 0 and world.tasks.items == {}


# --- the statutory calendar ---------------------------------------------------------------------

@pytest.mark.parametrize("fields, today, kind, due, year", [
    # annual statement of accounts: by 31 July after the year closes; reminded 30 days before
    ({"last_accounts_year": "2024-2025"}, date(2026, 7, 1), "accounts_statement", date(2026, 7, 31), "2025-2026"),
    ({}, date(2026, 7, 1), "accounts_statement", date(2026, 7, 31), "2025-2026"),
    ({"last_accounts_year": "2025-2026"}, date(2027, 7, 1), "accounts_statement", date(2027, 7, 31), "2026-2027"),
    # AGM: within 60 days after the audit is completed; reminded 30 days before
    ({"last_audit_year": "2024-2025", "last_audit_on": date(2026, 3, 1)}, date(2026, 3, 31), "agm",
     date(2026, 4, 30), "2024-2025"),
    # audit rectification report: within 15 days after the audit; reminded 7 days before
    ({"last_audit_year": "2024-2025", "last_audit_on": date(2026, 3, 1)}, date(2026, 3, 9), "audit_rectification",
     date(2026, 3, 16), "2024-2025"),
    # the audit of the year before last closed: by 30 June; reminded 30 days before
    ({"last_audit_year": "2023-2024"}, date(2026, 5, 31), "audit", date(2026, 6, 30), "2024-2025"),
])
def test_statutory_obligations_send_their_own_reminders(fields, today, kind, due, year):
    entered = society(days_left=1000, today=date(2026, 3, 1), **fields)
    world = World(entered)
    if kind in NATIONAL_KINDS:  # every society shares the deadline: its reminder opens on its own day
        today = stagger_day(entered.id, today, due - timedelta(days=1))
    figures = world.scan(today - timedelta(days=1))
    assert figures["sms_sent"] == 0, "nothing before the window opens"
    assert world.scan(today)["sms_sent"] == 3
    assert world.scan(today + timedelta(days=1))["sms_sent"] == 0
    done = world.societies.get(entered.id).reminders_done
    assert any(k.startswith(f"{kind}:{year}:") for k in done)
    for text in people_texts(world):
        assert bn_date(due) in text
        if kind in ("accounts_statement", "audit"):
            assert bn_digits(year) in text


def test_the_officer_is_told_of_the_audit_in_his_digest():
    entered = society(days_left=1000, today=date(2026, 3, 1), last_audit_year="2023-2024")
    world = World(entered)
    world.scan(stagger_day(entered.id, date(2026, 5, 31), date(2026, 6, 29)))
    texts = dict(world.publish.sent)
    assert "তাগিদ — অডিট ১।" in texts[OFFICER]  # the digest: he schedules the audits from the list
    assert "অডিটের প্রস্তুতি নিন" in texts[PRESIDENT] and texts[PRESIDENT] == texts[SECRETARY]


# --- a scan killed between claiming an SMS and publishing it ----------------------------------

class Killed(BaseException):
    """The Lambda's end: nothing after it runs, not even an `except Exception`."""


def killed_at(world, phone) -> str:
    """Today's scan, its worker dying when it calls SNS for `phone` (the claim written, SNS never
    got it); the run's id. Its queue message is back on the queue."""
    publish = world.stores.publish

    def dies(to, text):
        if to == phone:
            raise Killed
        return publish(to, text)
    world.stores.publish = dies
    with pytest.raises(Killed):
        world.scan()
    world.stores.publish = publish
    return world.runs.runs and next(iter(world.runs.runs))


def test_a_claim_left_by_a_killed_worker_is_settled_as_uncertain_when_its_batch_comes_back():
    world = World(society())
    run = killed_at(world, PRESIDENT)
    assert world.status(f"{1:017x}") == {PRESIDENT: "sending"}
    world.clock.advance(settings().stale_claim_seconds + 1)
    figures = world.drain(run)
    assert figures["uncertain"] == 1 and figures["skipped"] == 0 and figures["done"]
    assert figures["sms_sent"] == 2 and world.numbers() == {SECRETARY: 1, OFFICER: 1}  # and the officer's digest
    assert world.status(f"{1:017x}") == {PRESIDENT: "unknown", SECRETARY: "sent"}
    assert world.sms_log.for_society(f"{1:017x}")[0]["error"] == "claim_stale"
    assert world.scan(TODAY + timedelta(days=1))["sms_sent"] == 0


def test_a_claim_too_fresh_to_judge_keeps_the_reminder_due_for_the_next_run():
    world = World(society())
    run = killed_at(world, PRESIDENT)
    figures = world.drain(run)  # back at once: another worker may be sending it this very moment
    assert figures["skipped"] == 1 and figures["uncertain"] == 0
    assert world.status(f"{1:017x}")[PRESIDENT] == "sending"
    assert world.societies.get(f"{1:017x}").next_reminder_on == TODAY
    world.clock.advance(settings().stale_claim_seconds + 1)
    third = world.scan(TODAY + timedelta(days=1))
    assert third["uncertain"] == 1 and world.status(f"{1:017x}")[PRESIDENT] == "unknown"
    assert not world.societies.get(f"{1:017x}").next_reminder_on or \
        world.societies.get(f"{1:017x}").next_reminder_on > TODAY + timedelta(days=1)


# --- one SMS per number and day: a society's same-day reminders, an office's digest ---------------

def test_a_societys_reminders_falling_on_the_same_day_go_as_one_sms_per_number():
    both = society(days_left=90, last_audit_year="2024-2025", last_audit_on=TODAY - timedelta(days=30))
    world = World(both)
    figures = world.scan()
    assert world.numbers() == {PRESIDENT: 1, SECRETARY: 1, OFFICER: 1} and figures["sms_sent"] == 3
    text = dict(world.publish.sent)[PRESIDENT]
    assert "কমিটির মেয়াদ শেষ" in text and "বার্ষিক সাধারণ সভা" in text and "নবগঙ্গা" in text
    digest = dict(world.publish.sent)[OFFICER]
    assert "কমিটির মেয়াদ ১" in digest and "সাধারণ সভা ১" in digest
    done = world.societies.get(both.id).reminders_done
    assert {k.split(":")[0] for k in done} == {"committee_term", "agm"}
    assert world.scan(TODAY + timedelta(days=1))["sms_sent"] == 0


def test_each_office_gets_one_digest_a_day_and_each_society_its_own_sms():
    other_officer = "+8801711000433"
    here = [society(n, 60 + n % 20, president_phone=f"+88018120{n:05d}", secretary_phone=f"+88019130{n:05d}")
            for n in range(1, 31)]
    there = [society(n, 70, upazila_code="404433", officer_phone=other_officer,
                     president_phone=f"+88018120{n:05d}", secretary_phone=f"+88019130{n:05d}") for n in range(31, 34)]
    world = World(*here, *there)
    planned = run_scan(TODAY, world.stores, world.clock())
    assert planned["digests"] == 2 and planned["batches"] == 3  # 33 societies in one message, a digest in each other
    figures = world.drain(planned["run"])
    numbers = world.numbers()
    assert numbers[OFFICER] == 1 and numbers[other_officer] == 1 and len(numbers) == 2 + 33 * 2
    assert figures["sms_sent"] == 68 and figures["due"] == 33 and figures["done"]
    assert "আজ ৩০টি সমিতিকে তাগিদ — কমিটির মেয়াদ ৩০" in dict(world.publish.sent)[OFFICER]
    again = world.scan()  # the scan run again the same day
    assert again["sms_sent"] == 0 and len(world.publish.sent) == 68


def test_the_digest_goes_once_a_day_even_when_two_runs_plan_it():
    world = World(society(1, 60), society(2, 60, president_phone="+8801812000002", secretary_phone="+8801913000002"))
    first = run_scan(TODAY, world.stores, world.clock())
    second = run_scan(TODAY, world.stores, world.clock())  # planned before the first was sent
    world.drain(first["run"])
    figures = world.drain(second["run"])
    assert world.numbers()[OFFICER] == 1 and figures["sms_sent"] == 0 and figures["skipped"] == 1  # its digest
