"""services.daily_scan on in-memory stores: a plan longer than its invocation is handed on and completes
once; an office's digest that SNS did not take comes back until it goes."""
from collections import Counter

import pytest

from chalicelib.config import settings
from chalicelib.services import daily_scan
from chalicelib.services.daily_scan import continue_scan, run_scan
from tests.unit.fakes import default_settings
from tests.unit.test_scan_service import OFFICER, TODAY, World, society

@pytest.fixture(autouse=True)
def _settings(monkeypatch):
    yield from default_settings(monkeypatch)


@pytest.fixture
def pages_of_two(monkeypatch):
    monkeypatch.setattr(daily_scan, "PAGE_SIZE", 2)


def seven_societies(seconds_left: float = 0.0) -> World:
    """Seven societies due today; each invocation has `seconds_left` (0: every one is short of time)."""
    world = World(*[society(n, 60, president_phone=f"+88018120{n:05d}", secretary_phone=f"+88019130{n:05d}")
                    for n in range(1, 8)])
    world.time_left = lambda: seconds_left
    return world


def people(world) -> Counter:
    return Counter(phone for phone, _ in world.publish.sent if phone != OFFICER)


def test_a_plan_short_of_time_hands_on_page_by_page_and_completes(pages_of_two):
    world = seven_societies()
    first = run_scan(TODAY, world.stores, world.clock(), time_left=world.time_left)
    assert not first["planned"] and first["scanned"] == 2
    assert [m for m in world.queue.messages if "plan" in m] == [
        {"plan": first["run"], "slice": 1, "today": TODAY.isoformat(), "correlation_id": first_correlation(world)}]
    figures = world.drain(first["run"])
    assert figures["done"] and figures["scanned"] == 7 and figures["due"] == 7
    assert world.runs.runs[first["run"]]["slice"] == 4  # pages of 2, 2, 2, 1: four invocations
    assert figures["sms_sent"] == 15 and len(people(world)) == 14 and set(people(world).values()) == {1}
    assert world.numbers()[OFFICER] == 1 and "আজ ৭টি সমিতিকে তাগিদ — কমিটির মেয়াদ ৭" in dict(world.publish.sent)[OFFICER]


def first_correlation(world) -> str:
    return next(iter(world.runs.runs.values()))["correlation_id"]


def test_with_time_enough_one_invocation_plans_the_whole_day(pages_of_two):
    world = seven_societies(seconds_left=800)
    planned = run_scan(TODAY, world.stores, world.clock(), time_left=world.time_left)
    assert planned["planned"] and planned["scanned"] == 7 and planned["digests"] == 1
    assert not [m for m in world.queue.messages if "plan" in m]
    assert planned["batches"] == 5  # a message per page of societies (2, 2, 2, 1), the digest in 1


def test_a_continuation_delivered_twice_plans_on_once(pages_of_two):
    world = seven_societies()
    run = run_scan(TODAY, world.stores, world.clock(), time_left=world.time_left)["run"]
    world.queue.messages += [m for m in world.queue.messages if "plan" in m]  # SQS delivers it twice
    figures = world.drain(run)
    assert figures["done"] and figures["due"] == 7 and figures["scanned"] == 7
    assert all(n == 1 for n in world.numbers().values()) and len(world.numbers()) == 15
    assert "আজ ৭টি সমিতিকে" in dict(world.publish.sent)[OFFICER]  # each page counted once


class Killed(BaseException):
    """The Lambda's end: nothing after it runs."""


def test_an_invocation_that_dies_after_saving_its_hand_on_is_carried_on_by_its_message_again(pages_of_two):
    world = seven_societies()
    run = run_scan(TODAY, world.stores, world.clock(), time_left=world.time_left)["run"]
    [handed_on] = [m for m in world.queue.messages if "plan" in m]
    world.queue.messages.remove(handed_on)
    send = world.queue.send

    def dies_handing_on(bodies):
        if any("plan" in b for b in bodies):
            raise Killed
        return send(bodies)
    world.queue.send = dies_handing_on
    with pytest.raises(Killed):
        continue_scan(world.stores, handed_on, time_left=world.time_left)  # saved slice 2, died before queueing it
    world.queue.send = send
    assert world.runs.runs[run]["slice"] == 2 and not [m for m in world.queue.messages if "plan" in m]
    assert continue_scan(world.stores, handed_on) is None  # its message, back: it queues the next again
    figures = world.drain(run)
    assert figures["done"] and figures["due"] == 7 and len(world.numbers()) == 15
    assert all(n == 1 for n in world.numbers().values())


def test_two_runs_handing_on_at_once_send_each_sms_once(pages_of_two):
    world = seven_societies()
    runs = [run_scan(TODAY, world.stores, world.clock(), time_left=world.time_left)["run"] for _ in range(2)]
    figures = [world.drain(run) for run in runs]
    assert all(f["done"] for f in figures) and sum(f["sms_sent"] for f in figures) == 15
    assert all(n == 1 for n in world.numbers().values()) and len(world.numbers()) == 15


# --- the officer's digest ---------------------------------------------------------------------

def test_a_digest_sns_did_not_take_comes_back_until_it_goes():
    world = World(society(), failures={OFFICER: "transient"})
    run = run_scan(TODAY, world.stores, world.clock())["run"]
    first = world.drain(run)
    assert not first["done"] and first["sms_sent"] == 2 and first["errors"] == 0
    assert world.sms_log.held("404419", f"digest:{TODAY}", OFFICER, subject="DIGEST") is None  # claim given back
    assert [m["digests"][0]["phone"] for m in world.queue.messages] == [OFFICER]  # its message is back
    world.publish.failures.clear()
    second = world.drain(run)
    assert second["done"] and second["sms_sent"] == 3 and second["digests_sent"] == 1
    assert world.numbers()[OFFICER] == 1 and set(world.numbers().values()) == {1}


def test_a_digest_claimed_moments_ago_is_looked_at_again_later_and_then_judged():
    world = World(society())
    run = run_scan(TODAY, world.stores, world.clock())["run"]
    [digest] = [m for m in world.queue.messages if "digests" in m]
    world.sms_log.claim("404419", f"digest:{TODAY}", "officer", OFFICER, "digest", "x",
                        type("Size", (), {"parts": 1})(), office_code="404419", kind="digest", subject="DIGEST")
    assert not world.drain(run)["done"] and world.queue.messages == [digest]  # its sender may be at it now
    world.clock.advance(settings().stale_claim_seconds + 1)
    figures = world.drain(run)  # nobody finished it: it may or may not have gone, never sent twice
    assert figures["done"] and figures["uncertain"] == 1 and OFFICER not in world.numbers()
