"""The suite's order (tests/conftest.py): the longest tests start first on every pytest-xdist worker."""
from dataclasses import dataclass

from tests.conftest import pytest_collection_modifyitems


@dataclass
class Marker:
    args: tuple


@dataclass
class Item:
    nodeid: str
    minutes: float | None = None

    def get_closest_marker(self, name):
        return Marker((self.minutes,)) if name == "minutes" and self.minutes is not None else None


def ordered(items, workers, monkeypatch):
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", str(workers))
    pytest_collection_modifyitems(items)
    return [item.nodeid for item in items]


def shares(nodeids, workers):
    """The contiguous shares worksteal hands out first: worker i the next len(left) // (workers - i) items."""
    result, left = [], list(nodeids)
    for worker in range(workers):
        count = len(left) // (workers - worker)
        result.append(left[:count])
        left = left[count:]
    return result


def test_each_worker_starts_with_long_tests_of_about_equal_minutes(monkeypatch):
    items = ([Item(f"unit{n}") for n in range(12)] + [Item("long3a", 3), Item("long3b", 3), Item("long2", 2.5),
             Item("long1a", 1), Item("long1b", 1), Item("long1c", 1.5)] + [Item(f"e2e{n}") for n in range(6)])
    first, second = shares(ordered(items, 2, monkeypatch), 2)
    assert first[:3] == ["long3a", "long2", "long1b"] and second[:3] == ["long3b", "long1c", "long1a"]
    assert first[3:] == [f"unit{n}" for n in range(9)]  # the rest keep their order
    assert second[3:] == ["unit9", "unit10", "unit11"] + [f"e2e{n}" for n in range(6)]


def test_without_workers_the_long_tests_run_first_and_none_is_lost(monkeypatch):
    items = [Item("unit"), Item("long1", 1), Item("e2e"), Item("long5", 5)]
    assert ordered(items, 1, monkeypatch) == ["long5", "long1", "unit", "e2e"]
