"""The payment state machine, the verdict on bKash's answers, and money as integer paisa."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.money import amount_string, lakh_grouping, paisa_of, paisa_of_taka, taka_bn, taka_en
from chalicelib.domain.payments import (OPEN_STATES, STATES, TRANSITIONS, BkashAnswer, IllegalTransition, Payment,
                                        as_dict, from_dict, judge, move, refund_allowed)

NOW = "2026-11-24T10:00:00.000+00:00"


def payment(**changes) -> Payment:
    values = dict(id="SB261124ABCDEF-1", purpose="order", purpose_ref="SB261124ABCDEF", amount_paisa=190000,
                  payer_phone="+8801712345678", upazila_code="404419", society_id="s1", created_at=NOW,
                  state="executing", bkash_payment_id="TR0011X")
    values.update(changes)
    return Payment(**values)


def answer(**changes) -> BkashAnswer:
    values = dict(payment_id="TR0011X", transaction_status="Completed", amount_paisa=190000,
                  invoice="SB261124ABCDEF-1", trx_id="AIB10DO2ON")
    values.update(changes)
    return BkashAnswer(**values)


@pytest.mark.parametrize("text, paisa", [("1500.50", 150050), ("1500.5", 150050), ("1500", 150000), ("0.05", 5),
                                         ("10", 1000), ("00.10", 10)])
def test_bkash_amounts_become_paisa(text, paisa):
    assert paisa_of(text) == paisa


@pytest.mark.parametrize("text", ["", "1.234", "-5", "1e3", "১০০", "12,000", "Tk 5", " ", "NaN", None])
def test_anything_but_a_plain_amount_is_refused(text):
    with pytest.raises(ValueError):
        paisa_of(text)


@pytest.mark.parametrize("text, paisa", [("2,50,000", 25_000_000), ("২,৫০,০০০.৫০", 25_000_050), (" 250000 ", 25_000_000),
                                         ("12,000.5", 1_200_050)])
def test_taka_as_people_write_them_become_paisa(text, paisa):
    assert paisa_of_taka(text) == paisa


@pytest.mark.parametrize("text", ["", "1.234", "-5", "Tk 5", "এক লাখ", "1e3"])
def test_what_is_no_amount_of_taka_is_refused(text):
    with pytest.raises(ValueError):
        paisa_of_taka(text)


@pytest.mark.parametrize("value", [-1, 1.5, "100", True, None])
def test_only_whole_non_negative_paisa_become_amounts(value):
    with pytest.raises(ValueError):
        amount_string(value)


@given(st.integers(min_value=0, max_value=10 ** 12))
def test_paisa_survive_the_round_trip_through_bkash_strings(paisa):
    text = amount_string(paisa)
    assert paisa_of(text) == paisa
    assert text.count(".") == 1 and len(text.split(".")[1]) == 2


def test_taka_are_written_with_lakh_grouping():
    assert lakh_grouping(1234567) == "12,34,567"
    assert lakh_grouping(999) == "999"
    assert taka_bn(123456700) == "১২,৩৪,৫৬৭.০০ টাকা"
    assert taka_en(190050) == "Tk 1,900.50"


def test_a_matching_completed_answer_credits():
    assert judge(payment(), answer()).outcome == "completed"


@pytest.mark.parametrize("changes, problem", [
    ({"amount_paisa": 190100}, "amount_mismatch"), ({"amount_paisa": None}, "amount_mismatch"),
    ({"payment_id": "TR0011Y"}, "payment_id_mismatch"), ({"invoice": "SB261124ABCDEF-2"}, "invoice_mismatch"),
])
def test_a_completed_answer_about_something_else_is_a_mismatch(changes, problem):
    verdict = judge(payment(), answer(**changes))
    assert (verdict.outcome, verdict.problem) == ("mismatch", problem)


@pytest.mark.parametrize("status, outcome", [("Initiated", "unknown"), (None, "unknown"), ("Authorized", "unknown"),
                                             ("Cancelled", "cancelled"), ("Expired", "expired"),
                                             ("Declined", "failed"), ("Failed", "failed")])
def test_other_statuses_never_credit(status, outcome):
    assert judge(payment(), answer(transaction_status=status)).outcome == outcome


def test_completed_without_a_trx_id_is_not_settled():
    assert judge(payment(), answer(trx_id=None)).outcome == "unknown"


def test_moves_follow_the_state_machine_and_bump_the_version():
    moved = move(payment(), "completed", NOW, trx_id="T")
    assert (moved.state, moved.version, moved.trx_id) == ("completed", 2, "T")
    with pytest.raises(IllegalTransition):
        move(moved, "completed", NOW)  # a credited payment is never credited again
    with pytest.raises(IllegalTransition):
        move(payment(state="failed"), "completed", NOW)


def test_final_states_have_no_way_back_to_open():
    for state, targets in TRANSITIONS.items():
        if state not in OPEN_STATES:
            assert not targets & set(OPEN_STATES), state
    assert set(TRANSITIONS) <= set(STATES)


def test_refunds_stay_within_what_was_paid():
    done = payment(state="completed", trx_id="T")
    assert refund_allowed(done, 190000) is None
    assert refund_allowed(done, 190001) == "refund_amount"
    assert refund_allowed(done, 0) == "refund_amount"
    assert refund_allowed(payment(state="completed", trx_id="T", refunded_paisa=100000), 90001) == "refund_amount"
    assert refund_allowed(payment(state="failed"), 100) == "not_refundable"


def test_records_round_trip_through_their_dict_form():
    original = payment(refund_trx_ids=("R1",), refunded_paisa=500)
    assert from_dict({**as_dict(original), "pk": "ignored"}) == original
