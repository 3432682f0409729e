"""Which SMS a borrower is owed on a day (domain/loan_reminders.py), table-driven."""
from datetime import date

import pytest

from chalicelib.domain import messaging as msg
from chalicelib.domain.loan_reminders import (DUE_SOON, DUE_TODAY, OVERDUE, LoanReminderRules, next_reminder_on,
                                              owed_today)
from chalicelib.domain.loans import Borrower, LedgerEntry, Loan, state_as_of

RULES = LoanReminderRules(days_before=3, overdue_days=(1, 7))
BORROWER = Borrower("রহিমা খাতুন", "করিম", "১", "২", "+8801712345678")


def loan(*paid: tuple[str, int]) -> Loan:
    """Three monthly instalments of Tk 1,000 due 10 Jan, 10 Feb, 10 Mar 2027; `paid`: (value day, paisa)."""
    ledger = tuple(LedgerEntry(f"P{n}", "payment", paisa, f"{day}T06:00:00+00:00") for n, (day, paisa) in
                   enumerate(paid))
    return Loan("L1", "P1", "404419", BORROWER, date(2026, 12, 1), 270000, 30000, 3, "monthly", date(2027, 1, 10),
                "2026-12-01T00:00:00+00:00", "uco.demo", ledger=ledger)


def owed(day: str, *paid):
    today = date.fromisoformat(day)
    return owed_today(state_as_of(loan(*paid), today), today, RULES)


@pytest.mark.parametrize("day, kind, key, due_on, amount", [
    ("2027-01-07", DUE_SOON, "1:loan_due_soon", "2027-01-10", 100000),      # N days before
    ("2027-01-09", DUE_SOON, "1:loan_due_soon", "2027-01-10", 100000),      # a missed day: still the same stage
    ("2027-01-10", DUE_TODAY, "1:loan_due_today", "2027-01-10", 100000),    # on the day
    ("2027-01-11", OVERDUE, "1:loan_overdue:1", "2027-01-10", 200000),      # arrears: past due + the next
    ("2027-01-17", OVERDUE, "1:loan_overdue:7", "2027-01-10", 200000),
    ("2027-02-07", OVERDUE, "1:loan_overdue:7+2:loan_due_soon", "2027-01-10", 200000),  # both in one SMS
])
def test_the_stage_a_loan_owes_today(day, kind, key, due_on, amount):
    reminder = owed(day)
    assert (reminder.kind, reminder.key, reminder.due_on.isoformat(), reminder.amount_paisa) == \
        (kind, key, due_on, amount)


def test_nothing_before_the_first_stage():
    assert owed("2027-01-06") is None


def test_a_payment_cancels_what_it_covers():
    assert owed("2027-01-10", ("2027-01-08", 100000)) is None  # paid before the day: no "due today"
    assert owed("2027-01-11", ("2027-01-10", 100000)) is None  # paid on the day: no arrears SMS
    part = owed("2027-01-11", ("2027-01-10", 60000))            # part paid: the rest is in arrears
    assert (part.kind, part.amount_paisa) == (OVERDUE, 40000 + 100000)


def test_a_shortfall_within_the_tolerance_is_not_chased_as_arrears():
    assert owed("2027-01-11", ("2027-01-10", 99500)) is None  # Tk 5 short, the tolerance is Tk 10


def test_the_next_day_the_loan_owes_something():
    today = date(2027, 1, 7)
    assert next_reminder_on(state_as_of(loan(), today), today, RULES) == date(2027, 1, 10)
    settled = loan(("2027-01-01", 300000))
    assert next_reminder_on(state_as_of(settled, today), today, RULES) is None


@pytest.mark.parametrize("kind", msg.LOAN_KINDS)
def test_loan_templates_take_the_loan_variables_and_fit_two_parts(kind):
    assert set(msg.variables_in(msg.TEMPLATES_BN[kind])) == {"borrower", "amount", "due", "pay_link"}
    with pytest.raises(Exception) as refused:
        msg.checked_template("{society_name} {amount}", kind)
    assert refused.value.code == "unknown_variable"
    values = {"borrower": "মোছাঃ রহিমা খাতুন বেগম", "amount": "৫,০০০.০০ টাকা", "due": "১৫/০১/২০২৭",
              "pay_link": "https://samabay.gov.bd/loan.html?loan=0123456789abcdef0"}
    text = msg.render_loan(msg.TEMPLATES_BN[kind], values)
    assert "৫,০০০.০০ টাকা" in text and values["pay_link"] in text
    assert msg.sms_size(text).parts <= 2


def test_a_society_send_cannot_use_a_loan_template():
    from chalicelib.domain.messaging_input import MessageRequest
    from chalicelib.domain.validation import validated
    with pytest.raises(Exception) as refused:
        validated(MessageRequest, {"template": "loan_overdue"})
    assert refused.value.code == "invalid_input"
    assert validated(MessageRequest, {"template": "agm"}).template == "agm"


def test_the_on_the_day_reminder_can_be_turned_off_and_the_settings_read_in_words():
    from chalicelib.domain.loan_reminders import send_when
    quiet = LoanReminderRules(days_before=3, overdue_days=(1, 7), on_due_day=False)
    today = date(2027, 1, 10)
    assert owed("2027-01-10").kind == DUE_TODAY
    assert owed_today(state_as_of(loan(), today), today, quiet).kind == DUE_SOON  # the latest stage that came
    assert next_reminder_on(state_as_of(loan(), date(2027, 1, 7)), date(2027, 1, 7), quiet) == date(2027, 1, 11)
    assert [RULES.send_days(k) for k in (DUE_SOON, DUE_TODAY, OVERDUE)] == [(-3,), (0,), (1, 7)]
    assert quiet.send_days(DUE_TODAY) == ()
    assert send_when(DUE_SOON, RULES) == ("প্রতিটি কিস্তির ৩ দিন আগে", "3 days before each due date")
    assert send_when(OVERDUE, RULES)[1] == "1, 7 days after a due date, while unpaid"
    assert send_when(DUE_TODAY, quiet)[1].startswith("not sent")
