import pytest

from chalicelib.domain.errors import DomainError as Forbidden
from chalicelib.domain.jurisdiction import Caller, check_read, check_write

HQ, JR, DCO = Caller("hq", "hq", ""), Caller("jr", "division", "40"), Caller("dco", "district", "4044")
UCO, UCO2 = Caller("uco", "upazila", "404419"), Caller("uco2", "upazila", "404433")


@pytest.mark.parametrize("caller,area,allowed", [
    (HQ, "302614", True), (JR, "404419", True), (JR, "302614", False), (DCO, "404433", True),
    (DCO, "4044", True), (DCO, "40", False), (UCO, "404419", True), (UCO, "404433", False), (UCO, "4044", False),
])
def test_read_within_own_area(caller, area, allowed):
    if allowed:
        check_read(caller, area)
    else:
        with pytest.raises(Forbidden) as err:
            check_read(caller, area)
        assert err.value.code == "outside_jurisdiction"


@pytest.mark.parametrize("caller", [HQ, JR, DCO])
def test_higher_offices_are_sent_to_correction_requests(caller):
    with pytest.raises(Forbidden) as err:
        check_write(caller, "404419")
    assert err.value.code == "correction_request_required"


def test_only_the_owning_upazila_writes():
    check_write(UCO, "404419")
    with pytest.raises(Forbidden):
        check_write(UCO2, "404419")


SOCIETY_USER = Caller("society.demo", "society", "0123456789abcdef0")  # office_code: their society's id


@pytest.mark.parametrize("area", ["", "40", "4044", "404419", "404433"])
def test_a_society_user_reads_and_writes_no_area(area):
    """A society's user is scoped by their society, never by an office's area (not even their own upazila)."""
    assert not SOCIETY_USER.covers(area)
    with pytest.raises(Forbidden):
        check_read(SOCIETY_USER, area)
    with pytest.raises(Forbidden):
        check_write(SOCIETY_USER, area or "404419")
