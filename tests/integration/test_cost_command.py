"""`make cost` (python -m bench.cost) prints the contract's figures as `name: value` lines."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# a short run: the figures are rough, the names and their form are checked
SMALL = {"COST_REPEATS": "1", "COST_SOCIETIES": "3", "COST_DUE": "3", "COST_SMS_SOCIETIES": "10"}


def test_make_cost_prints_the_month_without_sms_the_sms_parts_and_a_line_per_service():
    done = subprocess.run([sys.executable, "-m", "bench.cost"], cwd=ROOT, env={**os.environ, **SMALL},
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = dict(line.split(": ", 1) for line in done.stdout.splitlines())
    assert float(lines["usd_per_month_200k"]) > 0
    assert int(lines["sms_parts_per_month_200k"]) > 0
    assert 0 < float(lines["sms_parts_per_society_year"]) < 30
    for service in ("apigateway", "lambda", "dynamodb", "cloudfront", "waf", "cloudwatch"):
        assert float(lines[f"service_{service}"].split()[0]) >= 0
    assert lines["prices_as_of"] and "{" not in done.stdout  # the functions' JSON log lines went to stderr
