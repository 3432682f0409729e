"""The append-only audit trail: who changed what, when, before and after."""
import json
import secrets
from datetime import datetime, timezone

from ..config import settings
from . import aws


NOTES = ("correction_id",)  # optional references an entry may carry (e.g. the request a change applied)


def audit_put(entity: str, entity_id: str, action: str, actor: str, before, after, **notes) -> dict:
    """A transaction step that appends one audit entry; it never overwrites one."""
    now = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
    return {"Put": {
        "TableName": settings().audit_table,
        "Item": {"pk": f"{entity}#{entity_id}", "sk": f"{now}#{secrets.token_hex(4)}",
                 "action": action, "actor": actor, "at": now,
                 "before": json.dumps(before, ensure_ascii=False) if before is not None else None,
                 "after": json.dumps(after, ensure_ascii=False) if after is not None else None,
                 **{k: v for k, v in notes.items() if k in NOTES and v}},
        "ConditionExpression": "attribute_not_exists(pk)",
    }}


def history(entity: str, entity_id: str, limit: int = 100) -> list[dict]:
    page = aws.table(settings().audit_table).query(
        KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": f"{entity}#{entity_id}"},
        ScanIndexForward=False, Limit=limit)
    return [{"at": i["at"], "actor": i["actor"], "action": i["action"],
             "before": json.loads(i["before"]) if i.get("before") else None,
             "after": json.loads(i["after"]) if i.get("after") else None,
             **{k: i[k] for k in NOTES if k in i}} for i in page["Items"]]
