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


# --- national deadlines, staggered ---------------------------------------------------------------

from collections import Counter  # noqa: E402

from chalicelib.domain.reminders import STAGGER_SHARE, stagger_day  # noqa: E402

WINDOW = (date(2027, 7, 1), date(2027, 7, 30))  # the accounts statement's 30-day window before 31 July
IDS = [f"{n:017x}" for n in range(20_000)]


def test_a_society_gets_the_same_day_every_time():
    assert {stagger_day(IDS[7], *WINDOW) for _ in range(3)} == {stagger_day(IDS[7], *WINDOW)}
    assert stagger_day(IDS[7], date(2028, 7, 1), date(2028, 7, 30)) - date(2028, 7, 1) == \
        stagger_day(IDS[7], *WINDOW) - WINDOW[0]  # and the same place in next year's window


def test_the_country_is_spread_evenly_over_the_first_half_of_the_window():
    days = Counter(stagger_day(i, *WINDOW) for i in IDS)
    span = int(30 * STAGGER_SHARE)
    assert sorted(days) == [WINDOW[0] + timedelta(days=d) for d in range(span)]
    mean = len(IDS) / span
    assert max(days.values()) < 1.1 * mean and min(days.values()) > 0.9 * mean


def test_never_after_the_window_so_never_after_the_deadline():
    for start, end in [(WINDOW[0], WINDOW[0]), (WINDOW[0], WINDOW[0] + timedelta(days=1)), WINDOW]:
        assert all(start <= stagger_day(i, start, end) <= end for i in IDS[:2000])


def test_only_the_national_deadlines_are_staggered_and_the_window_still_closes_on_time():
    audit = Obligation("audit", date(2027, 6, 30), "2025-2026", RULES["audit"])
    accounts = Obligation("accounts_statement", date(2027, 7, 31), "2026-2027", RULES["accounts_statement"])
    plain, staggered = plan([TERM, audit, accounts], ReminderRules()), \
        plan([TERM, audit, accounts], ReminderRules(), IDS[3])
    by_key = {r.key: r for r in plain}
    for reminder in staggered:
        before = by_key[reminder.key]
        assert reminder.ends_on == before.ends_on and reminder.due_on == before.due_on
        if reminder.kind in ("audit", "accounts_statement"):
            assert reminder.starts_on == stagger_day(IDS[3], before.starts_on, before.ends_on)
        else:
            assert reminder.starts_on == before.starts_on
    assert {r.starts_on for r in staggered if r.kind == "audit"} != {date(2027, 5, 31)} or \
        stagger_day(IDS[3], date(2027, 5, 31), date(2027, 6, 29)) == date(2027, 5, 31)
