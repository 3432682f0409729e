"""The done-criteria over real HTTP: chalice local + moto server, `make scan`, moto's SMS list."""
import json
import re
import subprocess
import sys
import urllib.request
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from chalicelib.handlers.common import dhaka_today
from local.demo import DEMO_PASSWORD

from .conftest import api_call

ROOT = Path(__file__).resolve().parents[2]
PHONE = re.compile(r"(\+?880|\b0)1[3-9]\d{8}")


def login(stack, username):
    status, body = api_call(stack, "POST", "/api/auth/login", {"username": username, "password": DEMO_PASSWORD})
    assert status == 200, body
    return body["token"]


def make_scan(stack, today: date) -> dict:
    """What `make scan TODAY=...` runs, pointed at this test's stack."""
    result = subprocess.run([sys.executable, "-m", "local.scan", "--today", today.isoformat()], cwd=ROOT,
                            env={"PATH": "/usr/bin:/bin", "SAMABAY_STATE": str(stack.state)},
                            capture_output=True, text=True, timeout=120, check=True)
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    return json.loads(lines[0])


def moto_sms(stack) -> list[dict]:
    with urllib.request.urlopen(stack.moto_url + "/moto-api/data.json", timeout=30) as response:
        return json.loads(response.read()).get("sns", {}).get("SMS", [])


@pytest.fixture(scope="module")
def three_societies(stack):
    token = login(stack, "uco.demo")
    today = dhaka_today()
    created = {}
    for n, days in ((1, 200), (2, 60), (3, -10)):
        ends = today + timedelta(days=days)
        status, body = api_call(stack, "POST", "/api/societies", {
            "registration_no": f"E2E-{n}", "registered_on": "2012-05-01", "name_bn": f"পরীক্ষা সমিতি {n}",
            "address": "ঝিনাইদহ", "upazila_code": "404419", "committee_kind": "elected",
            "committee_started_on": (ends - timedelta(days=1096)).isoformat(), "term_ends_on": ends.isoformat(),
            "officer_phone": f"01555000{n:03d}", "president_phone": f"01666000{n:03d}",
            "secretary_phone": f"01777000{n:03d}"}, token)
        assert status == 201, body
        created[days] = body
    return today, created


def test_health_contract(stack):
    assert api_call(stack, "GET", "/api/health") == (200, {"status": "ok"})


def test_the_daily_scan_rule_is_on_the_local_eventbridge_at_0900_dhaka(stack):
    import boto3
    events = boto3.client("events", endpoint_url=stack.moto_url, region_name="ap-southeast-1",
                          aws_access_key_id="testing", aws_secret_access_key="testing")
    rule = events.describe_rule(Name="samabay-daily_scan")
    assert rule["ScheduleExpression"] == "cron(0 3 * * ? *)"  # 03:00 UTC = 09:00 Asia/Dhaka
    assert rule["State"] == "ENABLED"


def test_scan_twice_sends_the_60_day_society_one_sms_per_number(stack, three_societies):
    today, created = three_societies
    before = len(moto_sms(stack))
    first, second = make_scan(stack, today), make_scan(stack, today)
    assert first["sms_sent"] >= 3 and second["sms_sent"] == 0
    counts = Counter(m["phone_number"] for m in moto_sms(stack)[before:])
    soon, far = created[60], created[200]
    for number in (soon["officer_phone"], soon["president_phone"], soon["secretary_phone"]):
        assert counts[number] == 1
    for number in (far["officer_phone"], far["president_phone"], far["secretary_phone"]):
        assert counts[number] == 0


def test_uco_cannot_write_another_upazila(stack, three_societies):
    _, created = three_societies
    status, body = api_call(stack, "PATCH", f"/api/societies/{created[60]['id']}", {"address": "অন্য ঠিকানা"},
                        login(stack, "uco2.demo"))
    assert status == 403 and body["error"]["code"] == "outside_jurisdiction"


def test_bad_input_is_a_clear_4xx(stack):
    token = login(stack, "uco.demo")
    status, body = api_call(stack, "POST", "/api/societies", {"name_bn": "x"}, token)
    assert status == 400 and body["error"]["details"]
    assert api_call(stack, "GET", "/api/public/societies?status=blue")[0] == 400


def test_no_public_response_over_http_contains_a_phone(stack, three_societies):
    _, created = three_societies
    paths = ["/api/public/societies?upazila_code=404419", "/api/public/stats?area_code=4044",
             "/api/public/calendar?upazila_code=404419"] + [f"/api/public/societies/{s['id']}"
                                                            for s in created.values()]
    for path in paths:
        with urllib.request.urlopen(stack.api_url + path, timeout=30) as response:
            assert not PHONE.search(response.read().decode()), path
