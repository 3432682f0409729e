"""`make cost`'s arithmetic (prices x quantities, the edge cache's hits) and the SMS year from the domain."""
import json

import pytest

from bench import cost, cost_assumptions, sms_year
from bench.cost import PRICES, Line, figures, hit_ratio

KINDS = ("officer_list", "officer_summary", "officer_tasks", "officer_detail", "officer_dashboard", "officer_write",
         "public_areas",
         "public_rules", "public_stats", "public_list", "public_society", "public_notices", "public_photos",
         "public_visits", "public_visit_post", "public_products")


def measured(**per_request) -> dict:
    zero = {"dynamodb_read_units": 0, "dynamodb_write_units": 0, "s3_get": 0, "s3_put": 0, "sqs_requests": 0,
            "sns_publish": 0, "lambda_ms": 0, "log_bytes": 0, "answer_bytes": 0}
    return {"requests": {kind: {**zero, **per_request} for kind in KINDS},
            "scan": {**zero, "invocations": 0, **per_request},
            "scheduled": {name: {**zero, **per_request} for name in ("reconcile_payments", "release_message_jobs")}}


SMS = {"sms_parts_per_society_year": 10.0, "due_days_per_society_year": 4.0}
INFRA = {"alarms": 10, "waf_rules": 1, "api_trace_share": 0.02, "visit_sample_rate": 20}


def usd(line: str) -> float:
    return float(line.split()[0])


def test_a_line_is_its_quantity_beyond_the_free_allowance_times_its_price():
    line = Line("apigateway", "requests", 3_000_000, "requests", 3.50, per=1_000_000, free=1_000_000)
    assert line.usd == pytest.approx(7.0) and line.usd_without_free == pytest.approx(10.5)
    assert Line("x", "y", 10, "GB", 0.1, free=50).usd == 0


def test_the_edge_cache_hits_more_the_more_requests_share_a_key_in_its_time():
    assert hit_ratio(0, 10, 300, 14) == 0
    one_more_per_window = 14 * 3600 / 300  # a day's requests of one key that put one more in each TTL window
    assert hit_ratio(one_more_per_window, 1, 300, 14) == pytest.approx(0.5)
    assert hit_ratio(1_000_000, 1, 3600, 14) > 0.999
    assert hit_ratio(1000, 200_000, 3600, 14) < 0.01  # a society's own page: almost every view misses


def test_the_month_is_the_sum_of_its_services_and_each_price_counts_once():
    prices = json.loads(PRICES.read_text())
    base = figures(measured(dynamodb_read_units=1, lambda_ms=20, answer_bytes=1000), SMS, prices, INFRA)
    services = {name: usd(value) for name, value in base.items() if name.startswith("service_")}
    assert base["usd_per_month_200k"] == pytest.approx(sum(services.values()), abs=0.02)
    dearer = json.loads(PRICES.read_text())
    dearer["prices"]["apigateway_rest_requests_per_million"] *= 2
    doubled = figures(measured(dynamodb_read_units=1, lambda_ms=20, answer_bytes=1000), SMS, dearer, INFRA)
    requests_usd = base["api_requests_per_month"] * prices["prices"]["apigateway_rest_requests_per_million"] / 1e6
    assert doubled["usd_per_month_200k"] - base["usd_per_month_200k"] == pytest.approx(requests_usd, abs=0.02)


def test_dynamodb_is_priced_by_the_units_each_request_reads():
    prices = json.loads(PRICES.read_text())
    none, some = (figures(measured(dynamodb_read_units=units), SMS, prices, INFRA) for units in (0, 2))
    requests = sum(cost.volumes(measured(), SMS, INFRA)["by_kind"].values())
    scheduled = cost_assumptions.RECONCILER_RUNS_PER_MONTH + cost_assumptions.RELEASE_RUNS_PER_MONTH
    due = cost_assumptions.SOCIETIES * SMS["due_days_per_society_year"] / 12
    expected = 2 * (requests + scheduled + due) * prices["prices"]["dynamodb_read_units_per_million"] / 1e6
    assert usd(some["service_dynamodb"]) - usd(none["service_dynamodb"]) == pytest.approx(expected, abs=0.02)


def test_sms_parts_per_month_follow_the_society_year():
    prices = json.loads(PRICES.read_text())
    assert figures(measured(), SMS, prices, INFRA)["sms_parts_per_month_200k"] == round(200_000 * 10 / 12)


def test_the_standard_texts_keep_a_society_year_within_12_parts():
    """Every reminder of three years of an office's societies, with the demo's names, and its digests."""
    year = sms_year.parts_per_society_year(societies=120)
    assert year["sms_parts_per_society_year"] <= 12
    assert year["sms_one_part_share"] > 0.9  # a second part doubles what an SMS costs
    assert 4 <= year["due_days_per_society_year"] <= 5  # AGM, audit, rectification, accounts; a term in three


def test_the_visitor_counter_costs_one_api_request_per_sampled_beacon_not_per_view():
    a = cost_assumptions
    area_share = sum(a.PUBLIC_PAGES[p]["share"] for p in a.AREA_PAGES)
    area_views = a.PUBLIC_VIEWS_PER_DAY * area_share * a.DAYS_PER_MONTH
    for rate in (1, 20):
        kinds = cost.volumes(measured(), SMS, {**INFRA, "visit_sample_rate": rate})["by_kind"]
        assert kinds["public_visit_post"] == pytest.approx(area_views / rate)


def test_the_template_gives_the_waf_rules_and_the_visit_sample_rate():
    infra = cost.template_counts()
    assert infra["waf_rules"] == 1  # one rate rule for the anonymous POSTs (infra: ApiWebAcl)
    assert infra["visit_sample_rate"] == 20  # VisitSampleRate's default


def test_every_price_says_whether_it_was_checked_and_where():
    price_file = json.loads(PRICES.read_text())
    for part in ("prices", "always_free_per_month"):
        marks = price_file["checked"][part]
        assert set(marks) == set(price_file[part]), part
        for name, mark in marks.items():
            assert mark["status"] in ("checked", "secondary", "not checked"), name
            assert mark["status"] == "not checked" or mark["source"].startswith("https://"), name
    printed = cost.prices_checked(price_file)
    assert printed["prices_checked"].startswith("1 of 27 ")
    assert "s3_get_per_1000" in printed["prices_not_checked"]
    assert "waf_rule_month" not in printed["prices_not_checked"]
