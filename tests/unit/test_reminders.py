from datetime import date, timedelta

from chalicelib.domain.reminders import ReminderRules, due_today, next_reminder_on, plan

END = date(2027, 3, 1)
RULES = ReminderRules(term_days=(90, 30, 7), term_expiry_notice=True, agm_days=(30,), audit_days=(30,))


def keys(reminders):
    return [r.key for r in reminders]


def test_default_is_one_reminder_90_days_before_the_term_ends():
    reminders = plan(END, None, None, ReminderRules())
    assert keys(reminders) == ["term:2027-03-01:90"]
    assert reminders[0].starts_on == END - timedelta(days=90)
    assert reminders[0].ends_on == END - timedelta(days=1)
    assert reminders[0].recipients == ("president", "secretary", "officer")


def test_nothing_due_before_the_window_and_once_inside_it():
    reminders = plan(END, None, None, ReminderRules())
    assert due_today(reminders, set(), END - timedelta(days=91)) == []
    assert keys(due_today(reminders, set(), END - timedelta(days=90))) == ["term:2027-03-01:90"]
    assert due_today(reminders, {"term:2027-03-01:90"}, END - timedelta(days=60)) == []


def test_catch_up_sends_only_the_most_recent_threshold_passed():
    reminders = plan(END, None, None, RULES)
    assert keys(due_today(reminders, set(), END - timedelta(days=20))) == ["term:2027-03-01:30"]
    assert keys(due_today(reminders, set(), END - timedelta(days=3))) == ["term:2027-03-01:7"]


def test_an_expired_term_gets_only_the_officer_notice_and_only_when_configured():
    assert due_today(plan(END, None, None, ReminderRules()), set(), END + timedelta(days=10)) == []
    due = due_today(plan(END, None, None, RULES), set(), END + timedelta(days=10))
    assert keys(due) == ["term:2027-03-01:0"] and due[0].recipients == ("officer",)


def test_a_missed_day_is_caught_up_next_run():
    reminders = plan(END, None, None, RULES)
    start = END - timedelta(days=90)
    assert next_reminder_on(reminders, set(), start - timedelta(days=5)) == start
    # the scan did not run on `start`; the next day the 90-day reminder is still owed
    assert keys(due_today(reminders, set(), start + timedelta(days=1))) == ["term:2027-03-01:90"]


def test_next_reminder_date_skips_sent_and_closed_windows():
    reminders = plan(END, None, None, RULES)
    done = {"term:2027-03-01:90"}
    assert next_reminder_on(reminders, done, END - timedelta(days=80)) == END - timedelta(days=30)
    done |= {"term:2027-03-01:30", "term:2027-03-01:7", "term:2027-03-01:0"}
    assert next_reminder_on(reminders, done, END) is None


def test_agm_and_audit_have_their_own_tracks():
    reminders = plan(END, date(2026, 12, 31), date(2027, 1, 31), ReminderRules())
    assert keys(reminders) == ["term:2027-03-01:90", "agm:2026-12-31:30", "audit:2027-01-31:30"]
    assert keys(due_today(reminders, set(), date(2026, 12, 15))) == ["term:2027-03-01:90", "agm:2026-12-31:30"]


def test_changed_dates_give_new_keys_so_old_sends_do_not_count():
    old = plan(END, None, None, ReminderRules())
    new = plan(END + timedelta(days=1095), None, None, ReminderRules())
    assert set(keys(old)).isdisjoint(keys(new))
