"""The per-field messages a person reads next to a field: plain Bengali and English, limits in each
language's digits, never pydantic's own wording."""
from typing import Literal

import pytest
from pydantic import BaseModel, Field

from chalicelib.domain.errors import Invalid
from chalicelib.domain.validation import validated


class Officer(BaseModel):
    name_bn: str = Field(min_length=2, max_length=120)
    password: str = Field(min_length=10)
    role: Literal["upazila", "district"]
    count: int = Field(ge=1, le=500)


def messages(body: dict) -> dict[str, tuple[str, str]]:
    with pytest.raises(Invalid) as caught:
        validated(Officer, body)
    return {d["field"]: (d["message_bn"], d["message"]) for d in caught.value.details}


def test_every_wrong_field_is_named_at_once_in_plain_words_with_its_limit():
    got = messages({"name_bn": "x", "password": "weak", "role": "boss", "count": 0})
    assert got == {
        "name_bn": ("কমপক্ষে ২ অক্ষর লিখুন।", "Write at least 2 characters."),
        "password": ("কমপক্ষে ১০ অক্ষর লিখুন।", "Write at least 10 characters."),
        "role": ("তালিকা থেকে একটি বেছে নিন।", "Choose one from the list."),
        "count": ("সংখ্যাটি কমপক্ষে ১ হতে হবে।", "The number must be at least 1."),
    }


def test_a_missing_field_and_a_number_too_big_say_so():
    got = messages({"name_bn": "রহিম", "role": "upazila", "count": 501})
    assert got["password"] == ("এই তথ্য আবশ্যক।", "This is required.")
    assert got["count"] == ("সংখ্যাটি ৫০০-এর বেশি হতে পারে না।", "The number must be at most 500.")
    assert not any("should" in en or "Input" in en for _, en in got.values())
