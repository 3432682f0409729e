"""Budget files in DynamoDB. They live in CorrectionsTable, beside correction requests: both are
office files with a holder's box (the same gsi1/gsi2 indexes), so no new table or IAM grant is needed.

    pk BUDGET#<id>, sk BUDGET                        a budget file; never deleted
        gsi1 HOLDER#<office> / <due_on>#<id>        the holding office's box, while an office holds it
        gsi2 BUDGETS#<society> / <year>#<id>        a society's files
    pk SOCIETY#<id>, sk BUDGET_OPEN#<year>          marks the society's one open file for a financial year
Every write of a file, its marker and its audit entry go in one transaction.
"""
from boto3.dynamodb.conditions import Key

from ..config import settings
from ..domain.budget import Budget, as_dict, from_dict
from ..domain.errors import Conflict
from . import aws
from .audit import audit_put
from .items import plain
from .transactions import WriteRefused, transact

STALE = Conflict("stale_version", "This file changed meanwhile; read it again.",
                 "এর মধ্যে নথিটি বদলেছে; আবার পড়ুন।")


def already_open(existing_id: str) -> Conflict:
    return Conflict("budget_already_open", f"This society already has an open budget file for this financial year "
                    f"({existing_id}).", f"এই অর্থবছরে সমিতির একটি বাজেট নথি ইতিমধ্যে খোলা আছে ({existing_id})।",
                    [{"field": "financial_year", "code": "budget_already_open", "message": existing_id,
                      "message_bn": existing_id}])


def _item(b: Budget) -> dict:
    item = {k: v for k, v in as_dict(b).items() if v is not None}
    item.update(pk=f"BUDGET#{b.id}", sk="BUDGET", gsi2pk=f"BUDGETS#{b.society_id}",
                gsi2sk=f"{b.financial_year}#{b.id}")
    if b.holder_office_code:
        item.update(gsi1pk=f"HOLDER#{b.holder_office_code}", gsi1sk=f"{b.due_on or ''}#{b.id}")
    return item


def _marker_key(b: Budget) -> dict:
    return {"pk": f"SOCIETY#{b.society_id}", "sk": f"BUDGET_OPEN#{b.financial_year}"}


class Budgets:
    def __init__(self):
        self.table = aws.table(settings().corrections_table)
        self.client = self.table.meta.client

    @aws.unavailable_on_failure
    def get(self, budget_id: str) -> Budget | None:
        item = self.table.get_item(Key={"pk": f"BUDGET#{budget_id}", "sk": "BUDGET"}, ConsistentRead=True).get("Item")
        return from_dict(plain(item)) if item else None

    def create(self, b: Budget) -> None:
        """The new file and its open marker; 409 if the society has an open file for the year."""
        name = self.table.name
        steps = {
            "file": {"Put": {"TableName": name, "Item": _item(b), "ConditionExpression": "attribute_not_exists(pk)"}},
            "open_marker": {"Put": {"TableName": name, "ConditionExpression": "attribute_not_exists(pk)",
                                    "Item": {**_marker_key(b), "budget_id": b.id, "created_at": b.created_at}}},
            "audit": audit_put("budget", b.id, "create", b.created_by, None, as_dict(b)),
        }
        try:
            transact(self.client, steps)
        except WriteRefused as refused:
            if refused.failed("open_marker"):
                marker = self.table.get_item(Key=_marker_key(b), ConsistentRead=True).get("Item") or {}
                raise already_open(marker.get("budget_id", "")) from None
            raise

    def save(self, before: Budget, after: Budget, actor: str, action: str) -> None:
        """`after` if the file is still at `before`'s version; a file that closes frees its year."""
        name = self.table.name
        steps = {
            "file": {"Put": {"TableName": name, "Item": _item(after), "ConditionExpression": "version = :v",
                             "ExpressionAttributeValues": {":v": before.version}}},
            "audit": audit_put("budget", after.id, action, actor, as_dict(before), as_dict(after)),
        }
        if before.is_open and not after.is_open:
            steps["open_marker"] = {"Delete": {"TableName": name, "Key": _marker_key(before),
                                               "ConditionExpression": "budget_id = :id",
                                               "ExpressionAttributeValues": {":id": before.id}}}
        transact(self.client, steps, failures={"file": STALE})

    @aws.unavailable_on_failure
    def held_by(self, office_code: str, limit: int = 50) -> list[Budget]:
        """The files an office holds, the earliest deadline first."""
        page = self.table.query(IndexName="gsi1", KeyConditionExpression=Key("gsi1pk").eq(f"HOLDER#{office_code}"),
                                Limit=limit)
        return [from_dict(plain(i)) for i in page["Items"]]


def record_audit(entity: str, entity_id: str, action: str, actor: str, before, after) -> None:
    """One audit entry written on its own (a change kept outside DynamoDB, such as a Cognito account)."""
    transact(aws.table(settings().audit_table).meta.client, {"audit": audit_put(entity, entity_id, action, actor,
                                                                                before, after)})
