"""store/pages.filled_page: full pages under a filter."""
from chalicelib.store.pages import filled_page


class FilteredTable:
    """Items 0..n-1 in key order; a query evaluates `Limit` items and returns the even ones."""

    def __init__(self, n):
        self.n, self.calls = n, 0

    def query(self, Limit, ExclusiveStartKey=None, **_):
        self.calls += 1
        first = ExclusiveStartKey["k"] + 1 if ExclusiveStartKey else 0
        evaluated = list(range(first, min(first + Limit, self.n)))
        page = {"Items": [{"k": k} for k in evaluated if k % 2 == 0]}
        if evaluated and evaluated[-1] < self.n - 1:
            page["LastEvaluatedKey"] = {"k": evaluated[-1]}
        return page


def test_pages_are_full_and_go_on_where_they_stopped():
    table, seen, start = FilteredTable(23), [], None
    while True:
        items, start = filled_page(table, 4, start)
        assert len(items) == 4 or start is None
        seen += [i["k"] for i in items]
        if start is None:
            break
    assert seen == list(range(0, 23, 2))


def test_the_last_page_has_no_next_key():
    items, start = filled_page(FilteredTable(3), 10, None)
    assert [i["k"] for i in items] == [0, 2] and start is None

