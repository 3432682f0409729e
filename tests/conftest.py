"""Every suite: an answer carrying a field its declared model leaves out is refused, not silently trimmed."""
import os

os.environ["SAMABAY_STRICT_RESPONSES"] = "1"


def pytest_collection_modifyitems(items):
    """The longest tests (marked `minutes`: the Schemathesis runs) start first, spread over the workers.

    pytest-xdist's worksteal hands each worker a contiguous share of this list (worker i the next
    len(left) // (workers - i) items) and, when one runs dry, moves the tail of another's queue to it. So the
    long tests, dealt longest first to the worker with the fewest minutes so far, go at the head of each share,
    each worker's together (one Schemathesis stack per worker), and the rest keep their order behind them."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    minutes = {item.nodeid: marker.args[0] for item in items if (marker := item.get_closest_marker("minutes"))}
    rest = [item for item in items if item.nodeid not in minutes]
    heads, loads = [[] for _ in range(workers)], [0.0] * workers
    for item in sorted((item for item in items if item.nodeid in minutes), key=lambda item: -minutes[item.nodeid]):
        least = loads.index(min(loads))
        heads[least].append(item)
        loads[least] += minutes[item.nodeid]
    ordered, left = [], len(items)
    for worker, head in enumerate(heads):
        take = max(left // (workers - worker) - len(head), 0)
        ordered += head + rest[:take]
        rest = rest[take:]
        left -= len(head) + take
    items[:] = ordered + rest
