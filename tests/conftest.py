"""Every suite: an answer carrying a field its declared model leaves out is refused, not silently trimmed."""
import os

os.environ["SAMABAY_STRICT_RESPONSES"] = "1"


def pytest_collection_modifyitems(items):
    """The Schemathesis runs first: they are the longest tests (the upazila officer's about ten minutes),
    and a worker that starts them first ends with the others (pytest-xdist steals the rest of its queue)."""
    items.sort(key=lambda item: "test_zz_schemathesis" not in item.nodeid)
