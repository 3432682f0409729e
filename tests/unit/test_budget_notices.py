"""Who a budget file's step tells, and what a late step owes on a given day (pure domain), with moved clocks
across the Friday–Saturday weekend and a holiday; the notices' service with in-memory stores."""
from datetime import date
from types import SimpleNamespace

import pytest

from chalicelib.domain import budget as bd
from chalicelib.domain import budget_notices as bn
from chalicelib.domain import messaging as msg
from chalicelib.domain.jurisdiction import Caller
from chalicelib.domain.sms import PermanentSmsError
from chalicelib.services import budget_notices as service

UPAZILA = "404419"
SOCIETY = SimpleNamespace(id="soc-1", name_bn="কেন্দ্রীয় সমিতি", upazila_code=UPAZILA)
SECRETARY = Caller("society.demo", "society", "soc-1")
UCO, DCO = Caller("uco.demo", "upazila", UPAZILA), Caller("dco.demo", "district", "4044")
NOW = "2026-12-06T10:00:00+00:00"
LAKH = 100_000 * 100
WEDNESDAY, VICTORY_DAY = date(2026, 12, 9), date(2026, 12, 16)


def item(head, paisa):
    return bd.Item(head, paisa, "needed this year")


def draft(amount=5 * LAKH):
    return bd.new_budget("bud-0123456789", SOCIETY, SECRETARY, "2026-27", "budget", (item("salaries", amount),),
                         None, NOW, "secretary@example.org")


def kinds(notices):
    return [(n.kind, n.office_code) for n in notices]


def test_each_step_tells_the_new_holder_and_the_society():
    d = draft()
    s = bd.submitted(d, SECRETARY, NOW, WEDNESDAY)
    assert kinds(bn.step_notices(d, s)) == [(bn.TO_OFFICE, UPAZILA), (bn.TO_SOCIETY, None)]
    r = bd.recommended(s, UCO, None, NOW, WEDNESDAY)
    assert kinds(bn.step_notices(s, r)) == [(bn.TO_OFFICE, "4044"), (bn.TO_SOCIETY, None)]
    decided = bd.decided(r, DCO, "approved", None, NOW)
    assert kinds(bn.step_notices(r, decided)) == [(bn.TO_SOCIETY, None)]
    withdrawn = bd.withdrawn(s, SECRETARY, NOW)
    assert kinds(bn.step_notices(s, withdrawn)) == [(bn.TO_OFFICE, UPAZILA), (bn.TO_SOCIETY, None)]


def test_above_ten_lakh_the_jr_is_told_and_the_district_copied():
    s = bd.submitted(draft(10 * LAKH + 1), SECRETARY, NOW, WEDNESDAY)
    r = bd.recommended(s, UCO, None, NOW, WEDNESDAY)
    assert kinds(bn.step_notices(s, r)) == [(bn.TO_OFFICE, "40"), (bn.TO_OFFICE, "4044"), (bn.TO_SOCIETY, None)]


def test_every_step_has_its_own_key():
    d = draft()
    s = bd.submitted(d, SECRETARY, NOW, WEDNESDAY)
    r = bd.recommended(s, UCO, None, NOW, WEDNESDAY)
    assert bn.step_key(s) != bn.step_key(r)


@pytest.mark.parametrize("today,holidays,expected", [
    # submitted Wednesday 9 Dec: 2 working days -> due Sunday 13 (Thursday, then Fri-Sat weekend, Sunday)
    (date(2026, 12, 13), (), []),                                    # the deadline day: not late yet
    (date(2026, 12, 14), (), [(bn.OVERDUE, UPAZILA)]),                # Monday: the breach, the UCO reminded
    (date(2026, 12, 15), (), [(bn.OVERDUE, UPAZILA)]),                # one working day on: still only reminded
    (date(2026, 12, 16), (), [(bn.OVERDUE, UPAZILA), (bn.ESCALATED, "4044"), (bn.ESCALATED, "40")]),
    # Victory Day (Wed 16 Dec) a holiday: the office above and the JR are told on Thursday
    (date(2026, 12, 16), (VICTORY_DAY,), [(bn.OVERDUE, UPAZILA)]),
    (date(2026, 12, 17), (VICTORY_DAY,), [(bn.OVERDUE, UPAZILA), (bn.ESCALATED, "4044"), (bn.ESCALATED, "40")]),
])
def test_a_late_step_across_a_weekend_and_a_holiday(today, holidays, expected):
    s = bd.submitted(draft(), SECRETARY, NOW, WEDNESDAY, bd.Deadlines(holidays=frozenset(holidays)))
    assert s.due_on == "2026-12-13"
    assert kinds(bn.overdue_notices(s, today, frozenset(holidays))) == expected


def test_a_deadline_falling_before_the_weekend_is_breached_on_sunday():
    # recommended Tuesday 8 Dec with the district: due Thursday 10; Friday and Saturday are no breach day
    s = bd.submitted(draft(), SECRETARY, NOW, date(2026, 12, 6))
    r = bd.recommended(s, UCO, None, NOW, date(2026, 12, 8))
    assert r.due_on == "2026-12-10"
    assert bn.overdue_notices(r, date(2026, 12, 12)) == []
    assert kinds(bn.overdue_notices(r, date(2026, 12, 13))) == [(bn.OVERDUE, "4044")]
    assert kinds(bn.overdue_notices(r, date(2026, 12, 14))) == [(bn.OVERDUE, "4044")]
    # a district holder's office above is the division: told once, not twice
    assert kinds(bn.overdue_notices(r, date(2026, 12, 15))) == [(bn.OVERDUE, "4044"), (bn.ESCALATED, "40")]


def test_a_file_with_the_society_owes_nothing():
    d = draft()
    assert bn.overdue_notices(d, date(2027, 1, 1)) == []
    returned = bd.decided(bd.submitted(d, SECRETARY, NOW, WEDNESDAY), UCO, "returned", "justify", NOW)
    assert bn.overdue_notices(returned, date(2027, 1, 1)) == []


@pytest.mark.parametrize("kind", bn.KINDS)
def test_the_texts_are_editable_templates_of_the_messaging_centre(kind):
    assert kind in msg.KINDS and msg.allowed_variables(kind) == bn.VARIABLES
    assert msg.checked_template(bn.TEMPLATES_BN[kind], kind)
    assert "file_no" not in msg.allowed_variables("agm")


# --- the service: SMS once per step and number, e-mail once per step and address, failures never raised --

class FakeSmsLog:
    def __init__(self):
        self.entries = {}

    def claim(self, subject_key, key, role, phone, template, text, size, *, office_code="", kind="", subject=""):
        k = (subject, subject_key, key, phone)
        if k in self.entries:
            return None
        self.entries[k] = {"phone": phone, "text": text, "kind": kind, "status": "sending", "parts": size.parts}
        return self.entries[k]

    def is_suppressed(self, phone):
        return False

    def mark(self, entry, status, **fields):
        entry.update(status=status, **fields)
        return True


class FakeEmailLog:
    def __init__(self):
        self.entries = {}

    def claim(self, subject, key, address, subject_line):
        if (subject, key, address) in self.entries:
            return None
        self.entries[(subject, key, address)] = {"status": "sending", "subject": subject_line}
        return self.entries[(subject, key, address)]

    def mark(self, entry, status, **fields):
        entry.update(status=status, **fields)


def stores(send_email=None, publish=None):
    sent = {"sms": [], "email": []}

    def _publish(phone, text):
        sent["sms"].append((phone, text))
        return f"m{len(sent['sms'])}"

    def _email(to, subject, body):
        sent["email"].append((to, subject, body))
        return "e1"
    people = SimpleNamespace(president_phone="+8801812000101", secretary_phone="+8801913000101",
                             phone=lambda role: {"president": "+8801812000101", "secretary": "+8801913000101"}[role])
    offices = SimpleNamespace(phone=lambda code: {"4044": "+8801711004044"}.get(code),
                              get=lambda code: {"email": f"office{code}@example.gov.bd"})
    officers = SimpleNamespace(of_office=lambda code: [{"phone": "+8801711404419", "status": "active"},
                                                       {"phone": "+8801711999999", "status": "inactive"}]
                               if code == UPAZILA else [])
    made = service.NoticeStores(FakeSmsLog(), publish or _publish, FakeEmailLog(), send_email or _email, offices,
                                officers, SimpleNamespace(get=lambda _id: people))
    return made, sent


def test_a_step_is_told_once_to_each_number_and_address_however_often_it_is_tried():
    made, sent = stores()
    d = draft()
    s = bd.submitted(d, SECRETARY, NOW, WEDNESDAY)
    service.after_step(made, d, s)
    service.after_step(made, d, s)  # a retried request
    assert sorted(p for p, _ in sent["sms"]) == ["+8801711404419", "+8801812000101", "+8801913000101"]
    assert sorted(to for to, _, _ in sent["email"]) == ["office404419@example.gov.bd", "secretary@example.org"]
    office_sms = next(t for p, t in sent["sms"] if p == "+8801711404419")
    assert "bud-0123456789" in office_sms and "কেন্দ্রীয় সমিতি" in office_sms
    r = bd.recommended(s, UCO, None, NOW, WEDNESDAY)
    service.after_step(made, s, r)  # the district has no officer with a number: its office phone
    assert "+8801711004044" in [p for p, _ in sent["sms"]]


def test_a_failed_email_or_sms_is_recorded_and_never_raised():
    def refuse(*_):
        raise RuntimeError("SES says no")

    def refuse_sms(*_):
        raise PermanentSmsError("OptedOut")
    made, sent = stores(send_email=refuse, publish=refuse_sms)
    d = draft()
    s = bd.submitted(d, SECRETARY, NOW, WEDNESDAY)
    service.after_step(made, d, s)
    assert {e["status"] for e in made.email_log.entries.values()} == {"failed"}
    assert {e["status"] for e in made.sms_log.entries.values()} == {"failed"}
    made, sent = stores(publish=refuse)  # an SMS error nobody expected: the e-mails still go
    service.after_step(made, d, s)
    assert len(sent["email"]) == 2
    made.sms_log = None  # the log itself unreachable: still nothing raised
    assert all(set(o["sms"]) == {"error"} for o in service.after_step(made, d, s))
    made.societies = None  # nor when a notice cannot even find its numbers
    assert len(service.after_step(made, d, s)) == 1


def test_a_late_step_reminds_once_and_escalates_once():
    made, sent = stores()
    s = bd.submitted(draft(), SECRETARY, NOW, WEDNESDAY)
    for _ in range(2):  # the scan run twice on the breach day, then twice two days later
        service.late_step(made, s, date(2026, 12, 14), frozenset(), 2)
    assert [p for p, _ in sent["sms"]] == ["+8801711404419"]
    for _ in range(2):
        service.late_step(made, s, date(2026, 12, 16), frozenset(), 2)
    assert sorted(p for p, _ in sent["sms"]) == ["+8801711004044", "+8801711404419"]  # the district; JR: no phone
    assert len(sent["email"]) == 3  # upazila reminded; district and division told, each once


def test_the_email_is_bengali_first_then_english():
    s = bd.submitted(draft(), SECRETARY, NOW, WEDNESDAY)
    subject, body = bn.email_text(s, bn.TO_OFFICE, "এসএমএস", "https://x/officer.html#/budgets/bud-0123456789")
    assert subject.startswith(bn.SUBJECT_BN[bn.TO_OFFICE]) and "bud-0123456789" in subject
    assert body.index("এসএমএস") < body.index("Budget file bud-0123456789") and "due 2026-12-13" in body
    assert "বেতন-ভাতা: ৫,০০,০০০.০০ টাকা" in body


def test_the_decision_email_gives_the_approved_amounts_not_only_the_asked():
    two = bd.new_budget("bud-0123456789", SOCIETY, SECRETARY, "2026-27", "budget",
                        (item("salaries", 5 * LAKH), item("travel", 1 * LAKH)), None, NOW, None)
    r = bd.recommended(bd.submitted(two, SECRETARY, NOW, WEDNESDAY), UCO, None, NOW, WEDNESDAY)
    cut = bd.check_changes([{"head": "salaries", "amount_paisa": 3 * LAKH}], r.items)
    changed = bd.decided(r, DCO, "approved_with_changes", "too high", NOW, cut)
    _, body = bn.email_text(changed, bn.TO_SOCIETY, "এসএমএস", "https://x")
    assert "বেতন-ভাতা: ৫,০০,০০০.০০ টাকা → ৩,০০,০০০.০০ টাকা" in body
    assert "যাতায়াত ভাতা: ১,০০,০০০.০০ টাকা → ১,০০,০০০.০০ টাকা" in body
    assert "অনুমোদিত মোট / Approved total: ৪,০০,০০০.০০ টাকা" in body and "Tk 4,00,000.00" in body
    _, body = bn.email_text(bd.decided(r, DCO, "rejected", "not needed", NOW), bn.TO_SOCIETY, "এসএমএস", "x")
    assert "অনুমোদিত মোট" not in body and "Approved total" not in body
    assert "কিছুই অনুমোদিত হয়নি / Nothing was approved." in body and "চাওয়া মোট: ৬,০০,০০০.০০ টাকা" in body


class FakeBudgets:
    """The store's deadline entries and files, as scan_late_files reads them."""

    def __init__(self, *files):
        self.files = {b.id: b for b in files}
        self.entries = {f"{b.due_on}#{b.id}": b.id for b in files if b.due_on and b.holder_office_code}

    def late(self, today):
        return [{"sk": sk, "budget_id": i} for sk, i in sorted(self.entries.items()) if sk < today.isoformat()]

    def get(self, budget_id):
        return self.files.get(budget_id)

    def settle_late(self, entry):
        self.entries.pop(entry["sk"], None)


class FakeTasks:
    def __init__(self):
        self.opened = {}

    def open(self, task):
        return self.opened.setdefault(task.id, task) is task


def test_the_scan_part_reminds_escalates_and_then_lets_the_file_go():
    made, sent = stores()
    made.tasks = FakeTasks()
    s = bd.submitted(draft(), SECRETARY, NOW, WEDNESDAY)
    budgets = FakeBudgets(s)
    assert service.scan_late_files(budgets, made, date(2026, 12, 13), frozenset(), 2) == {}
    first = service.scan_late_files(budgets, made, date(2026, 12, 14), frozenset(), 2)
    assert (first["budget_late"], first["budget_notices"], first["tasks_opened"]) == (1, 1, 1)
    again = service.scan_late_files(budgets, made, date(2026, 12, 14), frozenset(), 2)
    assert again["tasks_opened"] == 0 and len(sent["sms"]) == 1  # run again: nothing new
    [task] = made.tasks.opened.values()
    assert (task.kind, task.office_code, task.budget_id, task.due_on) == ("budget_overdue", UPAZILA, s.id,
                                                                          date(2026, 12, 13))
    service.scan_late_files(budgets, made, date(2026, 12, 16), frozenset(), 2)
    assert budgets.entries == {}  # everyone told: the entry goes, later scans read nothing of it
    assert service.scan_late_files(budgets, made, date(2026, 12, 30), frozenset(), 2) == {}


def test_a_file_that_moved_on_meanwhile_is_let_go_and_a_broken_one_stops_no_other():
    made, sent = stores()
    s = bd.submitted(draft(), SECRETARY, NOW, WEDNESDAY)
    budgets = FakeBudgets(s)
    budgets.files[s.id] = bd.recommended(s, UCO, None, NOW, date(2026, 12, 10))  # its entry not yet rewritten
    budgets.entries["2026-12-01#bud-broken0000"] = "bud-broken0000"
    budgets.get = lambda i: (_ for _ in ()).throw(RuntimeError("unreadable")) if i == "bud-broken0000" \
        else budgets.files.get(i)
    figures = service.scan_late_files(budgets, made, date(2026, 12, 14), frozenset(), 2)
    assert figures["errors"] == 1 and sent["sms"] == [] and list(budgets.entries) == ["2026-12-01#bud-broken0000"]


def test_the_budget_part_never_holds_back_the_societies_scan():
    from chalicelib.services.daily_scan import late_budget_files

    class Unreachable:
        def late(self, today):
            raise ConnectionError("DynamoDB unreachable")
    late_budget_files(SimpleNamespace(budgets=Unreachable(), budget_notices=None), date(2026, 12, 14))


def test_the_societys_users_who_acted_are_told_too_each_number_once():
    made, sent = stores()
    made.users = SimpleNamespace(phone_of=lambda name: {"society.demo": "+8801913000101",  # also the secretary's
                                                        "uco.demo": "+8801711404419"}.get(name))
    d = draft()
    s = bd.submitted(d, SECRETARY, NOW, WEDNESDAY)
    assert bn.society_users(s) == ["society.demo"]
    withdrawn = bd.withdrawn(s, SECRETARY, NOW)
    service.after_step(made, s, withdrawn)
    to_society = sorted(p for p, t in sent["sms"] if t.startswith("কেন্দ্রীয় সমিতি:"))
    assert to_society == ["+8801812000101", "+8801913000101"]
    made.users = SimpleNamespace(phone_of=lambda name: "+8801555000001")
    service.after_step(made, d, s)
    assert "+8801555000001" in [p for p, _ in sent["sms"]]
