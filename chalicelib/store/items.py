"""DynamoDB items as plain Python values, and many items read by their keys."""
from decimal import Decimal

from . import aws

KEYS_PER_REQUEST = 100  # BatchGetItem's limit


def plain(value):
    """DynamoDB's numbers (Decimal) as int (a fraction as float), inside lists and maps too."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def record(item: dict, hidden=()) -> dict:
    """An item's attributes but its keys and index keys (`hidden`), with plain numbers."""
    return {k: plain(v) for k, v in item.items() if k not in hidden}


def batch_get(table_name: str, keys: list[dict], **options) -> list[dict]:
    """The items of these keys that exist, in no particular order (`options`: ConsistentRead,
    ProjectionExpression …); keys DynamoDB leaves unprocessed are asked for again."""
    items = []
    for start in range(0, len(keys), KEYS_PER_REQUEST):
        request = {table_name: {"Keys": keys[start:start + KEYS_PER_REQUEST], **options}}
        while request:
            page = aws.dynamodb().batch_get_item(RequestItems=request)
            items += page["Responses"].get(table_name, [])
            request = page.get("UnprocessedKeys") or None
    return items
