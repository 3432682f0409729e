"""A cold start imports what routes are declared with, not what other routes' use cases need.

Chalice needs every route declared when Lambda imports app.py, so every handler module is imported;
the use cases behind them (and bKash, powertools, the spreadsheet readers) are imported by the first
request that uses them. bench/ measures what this saves (cold_start_ratio).
"""
import json
import subprocess
import sys
from pathlib import Path

from chalicelib.handlers.common import OnFirstUse

ROOT = Path(__file__).resolve().parents[2]
# What only some routes need: the use cases of orders, payments, corrections, imports, messaging and the
# scan, their stores, the site's publishing, the bKash client, powertools (the logger and metrics: imported by the
# first invocation, through the middleware app.py registers by name),
# the spreadsheet reader, the phone rules, the login's user pool.
NOT_AT_START = ("aws_lambda_powertools", "chalicelib.bkash.client", "chalicelib.services.orders",
                "chalicelib.services.payments", "chalicelib.services.corrections", "chalicelib.services.society_import",
                "chalicelib.services.messaging", "chalicelib.services.message_jobs", "chalicelib.services.reminders",
                "chalicelib.services.officers", "chalicelib.services.products", "chalicelib.services.site_content",
                "chalicelib.store.sms", "chalicelib.store.market", "chalicelib.store.payments",
                "chalicelib.store.corrections", "chalicelib.store.users", "chalicelib.domain.product_page",
                "chalicelib.services.loans", "chalicelib.store.loans", "chalicelib.domain.loan_input",
                "openpyxl", "phonenumbers")


def modules_after(code: str) -> set[str]:
    result = subprocess.run([sys.executable, "-c", f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_importing_the_app_declares_every_route_without_importing_the_use_cases_behind_them():
    loaded = modules_after("import app\nassert len(app.app.routes) > 60")
    assert not loaded & set(NOT_AT_START), sorted(loaded & set(NOT_AT_START))


def test_a_route_imports_its_use_case_on_first_use():
    loaded = modules_after("from chalicelib.handlers import corrections\ncorrections.corrections.file_request")
    assert "chalicelib.services.corrections" in loaded


def test_on_first_use_stands_for_a_module_or_a_name_in_it():
    assert OnFirstUse("json").loads("[1]") == [1]
    assert OnFirstUse("json", "dumps")([1]) == "[1]"
    assert OnFirstUse("json", "JSONDecodeError").__name__ == "JSONDecodeError"
