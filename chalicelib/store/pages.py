"""Reading DynamoDB a page at a time: whole result sets, and page links (cursors) for clients."""
import base64
import json

from ..domain.errors import Invalid

INVALID_CURSOR = Invalid("invalid_cursor", "The page link is not valid; start from the first page.",
                         "পাতার লিংকটি সঠিক নয়; প্রথম পাতা থেকে শুরু করুন।")


def all_items(table, **query) -> list[dict]:
    """Every item a query matches, following LastEvaluatedKey."""
    items, start = [], None
    while True:
        page = table.query(**query, **({"ExclusiveStartKey": start} if start else {}))
        items += page["Items"]
        start = page.get("LastEvaluatedKey")
        if not start:
            return items


def filled_page(table, limit: int, start: dict | None, **query) -> tuple[list[dict], dict | None]:
    """Up to `limit` items from `start` on, and the key to go on from (None at the end).
    A filter may leave a page short, so this reads on until the page is full."""
    items: list[dict] = []
    while len(items) < limit:
        page = table.query(**query, Limit=limit - len(items), **({"ExclusiveStartKey": start} if start else {}))
        items += page["Items"]
        start = page.get("LastEvaluatedKey")
        if not start:
            break
    return items, start


def encode_cursor(key: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode()


def decode_key(cursor: str) -> dict:
    """The key a cursor holds, if it is a JSON object of strings; INVALID_CURSOR otherwise.
    Callers check that the key is one their own query could have given."""
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, UnicodeDecodeError, AttributeError):
        raise INVALID_CURSOR from None
    if not isinstance(key, dict) or not all(isinstance(v, str) for v in key.values()):
        raise INVALID_CURSOR
    return key
