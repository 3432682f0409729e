"""A representative's collection, pure: one bKash payment for several borrowers of a project, split per loan.

Each line names a loan and what is paid on it; when the payment is credited, each loan gets its own ledger entry
(id "<payment id>:<loan id>"), so a credit that arrives twice is one entry per loan.
"""
from dataclasses import dataclass

MAX_LINES = 40  # each line is two writes in the payment's one transaction (DynamoDB takes 100)
MIN_LINE_PAISA = 100


@dataclass(frozen=True)
class CollectionLine:
    loan_id: str
    amount_paisa: int
    borrower_name_bn: str = ""


@dataclass(frozen=True)
class Collection:
    id: str
    project_id: str
    upazila_code: str
    payer_phone: str             # the representative's bKash number
    lines: tuple[CollectionLine, ...]
    created_by: str
    created_at: str

    @property
    def total_paisa(self) -> int:
        return sum(line.amount_paisa for line in self.lines)


def entry_id(payment_id: str, loan_id: str) -> str:
    return f"{payment_id}:{loan_id}"


def collection_as_dict(collection: Collection) -> dict:
    return {"id": collection.id, "project_id": collection.project_id, "upazila_code": collection.upazila_code,
            "payer_phone": collection.payer_phone, "created_by": collection.created_by,
            "created_at": collection.created_at, "total_paisa": collection.total_paisa,
            "lines": [{"loan_id": l.loan_id, "amount_paisa": l.amount_paisa, "borrower_name_bn": l.borrower_name_bn}
                      for l in collection.lines]}


def collection_from_dict(values: dict) -> Collection:
    lines = tuple(CollectionLine(l["loan_id"], int(l["amount_paisa"]), l.get("borrower_name_bn", ""))
                  for l in values["lines"])
    return Collection(values["id"], values["project_id"], values["upazila_code"], values["payer_phone"], lines,
                      values["created_by"], values["created_at"])
