"""A 10,000-row import by one upazila office: dry run, real run (paced), and the same file again.

moto in-process (mock_aws), so the times are moto's; the figures that carry over to AWS are
the transactions per row and that the re-run creates nothing.
"""
import os
import time
from datetime import date

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
TODAY = date(2026, 11, 24)


def csv_file(rows: int) -> bytes:
    header = "registration_no,registered_on,name_bn,address,upazila_code,committee_kind,committee_started_on,officer_phone"
    lines = [header] + [f"IMP-{n},2010-01-15,আমদানি সমবায় সমিতি {n},ঝিনাইদহ,404419,elected,"
                        f"{2023 + n % 3}-{1 + n % 12:02d}-15,01711000419" for n in range(rows)]
    return "\n".join(lines).encode("utf-8")


def run() -> dict:
    from moto import mock_aws

    from chalicelib.domain.jurisdiction import Caller
    from chalicelib.store import aws
    from local.provision import provision

    os.environ.pop("AWS_ENDPOINT_URL", None)
    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="ap-southeast-1")
    with mock_aws():
        os.environ.update(provision("ap-southeast-1"))
        aws.reset()
        from chalicelib.services.society_import import import_societies
        from chalicelib.store.societies import Societies, new_id

        class Counted(Societies):
            transactions = 0

            def create_many(self, societies, actor):
                Counted.transactions += 1
                super().create_many(societies, actor)

        caller, data, figures = Caller("bench", "upazila", "404419"), csv_file(ROWS), {}
        for name, dry_run in (("dry_run", True), ("run", False), ("rerun", False)):
            started = time.perf_counter()
            result = import_societies(Counted(), new_id, caller, data, "text/csv", dry_run, TODAY, "bench")
            figures[f"import_{name}_seconds"] = round(time.perf_counter() - started, 2)
            figures[f"import_{name}_created"] = result["created"]
            figures[f"import_{name}_unchanged"] = result["unchanged"]
            assert not result["errors"], result["errors"][:3]
        total = Societies().status_counts("404419", TODAY)["total"]
    return {"import_rows": ROWS, **figures, "import_transactions": Counted.transactions,
            "import_rows_per_transaction": round(ROWS / Counted.transactions, 1),
            "import_rows_per_second": round(ROWS / figures["import_run_seconds"], 1),
            "import_societies_after_rerun": total}
