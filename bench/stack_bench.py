"""Figures that need the running local stack: cold start, and list latency over HTTP."""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.e2e.conftest import isolated_stack

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_COLD_RUNS", "7"))
REQUESTS = int(os.environ.get("BENCH_LIST_REQUESTS", "200"))
EXTRA_SOCIETIES = 500


def add_societies(count: int) -> None:
    from chalicelib.handlers.common import dhaka_today
    from chalicelib.services.registry import new_society
    from chalicelib.store.societies import Societies, new_id
    from local.demo import demo_society

    today, societies = dhaka_today(), Societies()
    for n in range(count):
        entered = demo_society(100 + n, f"বেঞ্চ সমিতি {n}", f"Bench Society {n}", "404419", "elected",
                               (n * 7) % 1000 - 30, today)
        societies.create(new_society(entered, new_id(), "bench", today, "bench"), "bench")


def first_request_seconds(module: str, env: dict) -> float:
    result = subprocess.run([sys.executable, "-m", "bench.first_request", module], cwd=ROOT,
                            env={**os.environ, **env}, capture_output=True, text=True, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed_get(url: str, headers: dict | None = None) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def run() -> dict:
    from local.demo import DEMO_PASSWORD

    # free ports for every process (a `make run` may be up beside it); the environment is restored after
    with isolated_stack(Path(tempfile.mkdtemp())) as stack:
        env = stack.env
        add_societies(EXTRA_SOCIETIES)
        ours, baseline = [], []
        for _ in range(RUNS):
            ours.append(first_request_seconds("app", env))
            baseline.append(first_request_seconds("bench.minimal_app", env))
        api = stack.api_url
        login = urllib.request.Request(api + "/api/auth/login", method="POST", headers={"Content-Type": "application/json"},
                                       data=json.dumps({"username": "uco.demo", "password": DEMO_PASSWORD}).encode())
        with urllib.request.urlopen(login) as response:
            token = json.loads(response.read())["token"]
        health = [timed_get(api + "/api/health") for _ in range(REQUESTS)]
        public = [timed_get(api + "/api/public/societies?upazila_code=404419") for _ in range(REQUESTS)]
        officer = [timed_get(api + "/api/societies", {"Authorization": f"Bearer {token}"}) for _ in range(REQUESTS)]
    return {
        "cold_start_app_median_s": round(statistics.median(ours), 3),
        "cold_start_minimal_median_s": round(statistics.median(baseline), 3),
        "cold_start_ratio": round(statistics.median(ours) / statistics.median(baseline), 2),
        "list_societies_in_upazila": EXTRA_SOCIETIES + 5,
        "list_p50_ms": round(percentile(public, 0.5), 1),
        "list_p95_ms": round(percentile(public, 0.95), 1),
        "officer_list_p50_ms": round(percentile(officer, 0.5), 1),
        "officer_list_p95_ms": round(percentile(officer, 0.95), 1),
        "health_p50_ms": round(percentile(health, 0.5), 1),
        "list_p50_vs_health_ratio": round(percentile(public, 0.5) / percentile(health, 0.5), 1),
    }
