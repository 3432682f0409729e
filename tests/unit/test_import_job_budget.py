"""How long one worker invocation spends on an import job before it queues the rest."""
from dataclasses import dataclass

from chalicelib.services.import_jobs import time_budget
from chalicelib.services.society_import import write_paced


@dataclass
class Row:
    """What write_paced needs of a society: a record to give an id."""
    id: str = ""


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_an_invocation_stops_at_its_slice_or_15_s_before_lambda_s_timeout(monkeypatch):
    monkeypatch.setenv("IMPORT_SLICE_SECONDS", "25")
    from chalicelib.config import settings
    settings.cache_clear()
    clock = Clock()
    local, lambda_ = time_budget(None, clock), time_budget(30_000, clock)
    clock.now += 14.9
    assert local() and lambda_()
    clock.now += 0.2
    assert local() and not lambda_()
    clock.now += 10
    assert not local()
    settings.cache_clear()


def test_a_worker_out_of_time_still_writes_one_chunk_so_every_invocation_gets_on():
    written = []

    class Societies:
        def create_many(self, chunk, actor):
            written.append(len(chunk))

    fresh = [Row() for _ in range(50)]
    created, already = write_paced(Societies(), lambda: "x" * 17, fresh, "uco", 10_000, sleep=lambda s: None,
                                   more_time=lambda: False)
    assert (len(created), already, written) == (20, 0, [20])
