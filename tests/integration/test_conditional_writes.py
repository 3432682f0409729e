"""Conditional writes that lose a race say so (store/aws.written) instead of failing the caller."""
from datetime import date

from chalicelib.domain.sms import SmsSize
from chalicelib.domain.tasks import Task
from tests.integration.test_transactions import tables  # noqa: F401 (the fixture)

TODAY = date(2026, 5, 1)


def test_closing_a_task_someone_closed_meanwhile_is_quiet(tables, monkeypatch):  # noqa: F811
    from chalicelib.store.tasks import Tasks
    tasks = Tasks()
    task = Task(id="T1", kind="appoint_interim_committee", society_id="s1", office_code="404419", due_on=TODAY)
    tasks.open(task)
    stale = tasks.table.get_item(Key={"pk": "T1"})  # read while it was open
    tasks.close("T1", TODAY)
    monkeypatch.setattr(tasks.table, "get_item", lambda **_: stale)
    tasks.close("T1", date(2026, 5, 2))
    assert tasks.for_office("404419", state="done")[0].closed_on == TODAY


def test_releasing_a_claim_that_moved_on_leaves_it(tables):  # noqa: F811
    from chalicelib.store.sms import SmsLog
    log = SmsLog()
    entry = log.claim("s1", "term-30", "president", "+8801712345678", "t", "text", SmsSize("GSM", 4, 1),
                      office_code="404419")
    assert log.mark(entry, "sent", message_id="m-1")
    assert log.release(entry) is False
    assert log.for_society("s1")[0]["status"] == "sent"
