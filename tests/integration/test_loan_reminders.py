"""Loan reminders in the daily scan (issue 19 §3): N days before, on the day and after it for arrears, each
exactly once across scans; a payment cancels what it covers; `loan_sms_sent` in the scan's figures."""
from datetime import date

import pytest
from moto.core import DEFAULT_ACCOUNT_ID
from moto.sns.models import sns_backends

from chalicelib.domain.bangla import bn_date
from local.worker import until_sent

from .loan_fixtures import make_loan

DUE = date(2027, 1, 10)  # the first of three monthly Tk 1,000 instalments (make_loan)
PHONE = "+8801712000111"


@pytest.fixture(autouse=True)
def no_sms_yet(env):
    sns_backends[DEFAULT_ACCOUNT_ID]["ap-southeast-1"].sms_messages.clear()


def sms_to(phone: str) -> list[str]:
    return [text for to, text in sns_backends[DEFAULT_ACCOUNT_ID]["ap-southeast-1"].sms_messages.values()
            if to == phone]


def scan(client, today: date) -> dict:
    event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event",
                                            detail={"today": today.isoformat()}, resources=[])
    planned = client.lambda_.invoke("daily_scan", event).payload
    figures = until_sent(planned["run"], wait=0, give_up_after=60)
    assert figures["done"], figures
    return figures


def test_before_on_the_day_and_in_arrears_each_once_across_two_scans(client):
    loan = make_loan(first_due_on=DUE)
    sent = []
    for day, kind_words in ((date(2027, 1, 7), "শেষ দিন"), (DUE, "আজ"), (date(2027, 1, 11), "বকেয়া")):
        first, again = scan(client, day), scan(client, day)
        assert (first["loan_sms_sent"], again["loan_sms_sent"]) == (1, 0), day
        texts = sms_to(PHONE)
        assert len(texts) == len(sent) + 1
        sent = texts
        assert kind_words in texts[-1] and f"loan.html?loan={loan.id}" in texts[-1]
        assert bn_date(DUE) in texts[-1]
    assert "১,০০০.০০ টাকা" in sent[0] and "২,০০০.০০ টাকা" in sent[2]  # in arrears: past due and the next one
    assert scan(client, date(2027, 1, 12))["loan_sms_sent"] == 0  # nothing new until the next stage


def test_a_payment_cancels_the_reminder_it_covers(client):
    from chalicelib.domain.loans import LedgerEntry
    from chalicelib.store.loans import Loans
    loan = make_loan(first_due_on=DUE)
    assert scan(client, date(2027, 1, 7))["loan_sms_sent"] == 1  # due soon
    Loans().credit(loan.id, LedgerEntry("pay-1", "payment", 100000, "2027-01-08T04:00:00.000+00:00"), "test")
    assert scan(client, DUE)["loan_sms_sent"] == 0  # paid: no "due today"
    assert scan(client, date(2027, 1, 11))["loan_sms_sent"] == 0  # nor arrears
    assert len(sms_to(PHONE)) == 1
    nxt = scan(client, date(2027, 2, 7))  # the next instalment is still reminded
    assert nxt["loan_sms_sent"] == 1 and bn_date(date(2027, 2, 10)) in sms_to(PHONE)[-1]


def test_the_scan_reads_only_the_loans_that_owe_something(client):
    make_loan(first_due_on=DUE)
    later = make_loan(first_due_on=date(2027, 6, 10), phone="+8801712000222")
    scan(client, date(2027, 1, 7))  # both are read once (new loans); the later one then waits for its day
    figures = scan(client, DUE)
    assert figures["loan_sms_sent"] == 1
    assert sms_to("+8801712000222") == [] and later.id


def test_the_loan_templates_are_in_the_messaging_centre_and_a_district_override_is_what_goes(client, as_user):
    status, listed = as_user("dco.demo").get("/api/messages/templates")
    assert status == 200
    loan_items = {i["kind"]: i for i in listed["items"] if i["kind"].startswith("loan_")}
    assert set(loan_items) == {"loan_due_soon", "loan_due_today", "loan_overdue"}
    assert {v["name"] for v in loan_items["loan_due_soon"]["variables"]} >= {"borrower", "amount", "due", "pay_link"}
    text = "{borrower}, কিস্তি {amount} দিন {due} এর মধ্যে: {pay_link}"
    status, saved = as_user("dco.demo").call("put", "/api/messages/templates/loan_due_soon", {"text": text})
    assert status == 200, saved
    status, refused = as_user("dco.demo").call("put", "/api/messages/templates/loan_due_soon",
                                               {"text": "{society_name} {amount}"})
    assert (status, refused["error"]["details"][0]["code"]) == (400, "unknown_variable")
    loan = make_loan(first_due_on=DUE)
    assert scan(client, date(2027, 1, 7))["loan_sms_sent"] == 1
    [sent] = sms_to(PHONE)
    assert sent.startswith("রহিমা খাতুন, কিস্তি ১,০০০.০০ টাকা দিন") and sent.endswith(f"loan.html?loan={loan.id}")
