"""A project's loans searched and paged (domain/loan_search.py)."""
from dataclasses import replace

from chalicelib.domain.loan_search import list_order, matches, page
from chalicelib.domain.loans import Borrower
from tests.unit.test_loans_arrears import loan

RAHIMA = loan()  # রহিমা খাতুন, father করিম মিয়া, +8801712345678, barrack 3 room 12


def test_a_borrower_is_found_by_name_guardian_or_phone_digits():
    for query in ("রহিমা", "খাতুন", "করিম", "01712", "+8801712345678", "৫৬৭৮", "8801712", "", "  "):
        assert matches(RAHIMA, query), query
    for query in ("সালমা", "12", "01812", "রহিমা 017"):
        assert not matches(RAHIMA, query), query


def test_pages_follow_barrack_and_room_order_and_count_what_matches():
    loans = [replace(loan(loan_id=f"l{n}"), borrower=Borrower(name, "পিতা", barrack, room, f"+88017120000{n}0"))
             for n, (name, barrack, room) in enumerate([("ক", "2", "1"), ("খ", "1", "2"), ("গ", "1", "1")])]
    first, total, more = page(loans, None, None, 2)
    assert ([l.borrower.name_bn for l in first], total, more) == (["গ", "খ"], 3, True)
    rest, total, more = page(loans, None, list_order(first[-1]), 2)
    assert ([l.borrower.name_bn for l in rest], total, more) == (["ক"], 3, False)
    found, total, more = page(loans, "খ", None, 2)
    assert ([l.id for l in found], total, more) == (["l1"], 1, False)
