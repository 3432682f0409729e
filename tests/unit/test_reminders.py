from datetime import date, timedelta

from chalicelib.domain.reminders import ReminderRules, due_today, next_reminder_on, plan
from chalicelib.domain.statutory import RULES, Obligation

END = date(2027, 3, 1)
TERM = Obligation("committee_term", END, "2024-03-01", RULES["committee_term"])
RULES_3 = ReminderRules(committee_term=(90, 30, 7))


def keys(reminders):
    return [r.key for r in reminders]


def test_default_is_90_days_before_the_term_ends_then_the_officer_on_the_day():
    reminders = plan([TERM], ReminderRules())
    assert keys(reminders) == ["committee_term:2024-03-01:90", "committee_term:2024-03-01:0",
                               "committee_term:2024-03-01:task"]
    assert reminders[0].starts_on == END - timedelta(days=90)
    assert reminders[0].ends_on == END - timedelta(days=1)
    assert reminders[0].recipients == ("president", "secretary", "officer")
    assert reminders[1].recipients == ("acting_officer",) and reminders[1].template == "committee_expired"
    assert reminders[2].recipients == () and reminders[2].ends_on is None


def test_nothing_due_before_the_window_and_once_inside_it():
    reminders = plan([TERM], ReminderRules())
    assert due_today(reminders, set(), END - timedelta(days=91)) == []
    assert keys(due_today(reminders, set(), END - timedelta(days=90))) == ["committee_term:2024-03-01:90"]
    assert due_today(reminders, {"committee_term:2024-03-01:90"}, END - timedelta(days=60)) == []


def test_catch_up_sends_only_the_most_recent_threshold_passed():
    reminders = plan([TERM], RULES_3)
    assert keys(due_today(reminders, set(), END - timedelta(days=20))) == ["committee_term:2024-03-01:30"]
    assert keys(due_today(reminders, set(), END - timedelta(days=3))) == ["committee_term:2024-03-01:7"]


def test_an_expired_term_tells_the_acting_officer_that_week_and_always_opens_a_task():
    assert keys(due_today(plan([TERM], ReminderRules()), set(), END + timedelta(days=6))) == [
        "committee_term:2024-03-01:0", "committee_term:2024-03-01:task"]
    assert keys(due_today(plan([TERM], ReminderRules()), set(), END + timedelta(days=10))) == [
        "committee_term:2024-03-01:task"]
    assert keys(due_today(plan([TERM], ReminderRules(term_expiry_notice=False)), set(), END)) == [
        "committee_term:2024-03-01:task"]


def test_a_missed_day_is_caught_up_next_run():
    reminders = plan([TERM], RULES_3)
    start = END - timedelta(days=90)
    assert next_reminder_on(reminders, set(), start - timedelta(days=5)) == start
    assert keys(due_today(reminders, set(), start + timedelta(days=1))) == ["committee_term:2024-03-01:90"]


def test_next_reminder_date_skips_sent_and_closed_windows():
    reminders = plan([TERM], RULES_3)
    done = {"committee_term:2024-03-01:90"}
    assert next_reminder_on(reminders, done, END - timedelta(days=80)) == END - timedelta(days=30)
    done |= {"committee_term:2024-03-01:30", "committee_term:2024-03-01:7", "committee_term:2024-03-01:0",
             "committee_term:2024-03-01:task"}
    assert next_reminder_on(reminders, done, END) is None


def test_keys_name_what_is_owed_not_the_due_date():
    """A corrected due date keeps the key, so a sent reminder is not sent again."""
    moved = Obligation("committee_term", END + timedelta(days=3), "2024-03-01", RULES["committee_term"])
    assert keys(plan([TERM], ReminderRules())) == keys(plan([moved], ReminderRules()))
    new_term = Obligation("committee_term", END + timedelta(days=1095), "2027-03-01", RULES["committee_term"])
    assert set(keys(plan([TERM], ReminderRules()))).isdisjoint(keys(plan([new_term], ReminderRules())))


def test_each_kind_has_its_own_track_and_projected_ones_none():
    audit = Obligation("audit", date(2027, 6, 30), "2025-2026", RULES["audit"])
    agm = Obligation("agm", date(2027, 8, 29), "2025-2026", RULES["agm"], projected=True)
    reminders = plan([audit, agm], ReminderRules())
    assert keys(reminders) == ["audit:2025-2026:30"]
