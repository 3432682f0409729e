"""`make cost`: one month of AWS at 200,000 societies, from measured figures times public prices.

Quantities = what bench.cost_measure measures per request and per due society (DynamoDB units, Lambda
ms, bytes, queue and SNS calls) x the volumes bench.cost_assumptions states (officers, their requests,
public views, the edge cache's hits) and the reminder days bench.sms_year derives from the statutory
calendar. Prices: bench/prices-<region>.json (dated, with its sources), the always-free allowances
taken off per service. SMS are counted in parts, not dollars (their price is set per country by SNS).

Prints `name: value` lines: usd_per_month_200k (all AWS charges but SMS), sms_parts_per_month_200k,
sms_parts_per_society_year, then one `service_<name>` line per service (its dollars and what they are)
and the measured and assumed figures behind them.
"""
import contextlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from bench import cost_assumptions as assume

PRICES = Path(__file__).resolve().parent / "prices-ap-southeast-1.json"
LAMBDA_GB = 1.0  # .chalice/config.json lambda_memory_size 1024 for every function
GB = 1e9


@dataclass(frozen=True)
class Line:
    service: str
    item: str
    quantity: float
    unit: str
    price: float  # dollars per `per` units
    per: float = 1
    free: float = 0  # the always-free allowance of this quantity a month

    @property
    def usd(self) -> float:
        return max(0.0, self.quantity - self.free) * self.price / self.per

    @property
    def usd_without_free(self) -> float:
        return self.quantity * self.price / self.per


def hit_ratio(requests_per_day: float, keys: int, ttl_seconds: int, active_hours: float) -> float:
    """The edge cache's share of hits when requests spread evenly over `keys` and the active hours: each
    miss keeps its key for ttl seconds, in which the key gets λ more requests (λ/(1+λ) of them hit)."""
    if requests_per_day <= 0:
        return 0.0
    per_window = requests_per_day / keys * ttl_seconds / (active_hours * 3600)
    return per_window / (1 + per_window)


def public_calls(a=assume) -> dict[str, float]:
    """API GETs a day per kind of public request, from the views and what each page asks."""
    calls: dict[str, float] = {}
    for page in a.PUBLIC_PAGES.values():
        for kind, count in page["calls"].items():
            calls[kind] = calls.get(kind, 0) + a.PUBLIC_VIEWS_PER_DAY * page["share"] * count
    return calls


def volumes(measured: dict, sms: dict, infra: dict, a=assume) -> dict:
    """Monthly requests, invocations, units and bytes, per source."""
    req = measured["requests"]
    officer_per_month = a.OFFICERS * a.OFFICERS_ACTIVE_SHARE * a.OFFICER_REQUESTS_PER_DAY * a.WORKING_DAYS_PER_MONTH
    by_kind = {kind: officer_per_month * share for kind, share in a.OFFICER_MIX.items()}
    by_kind["officer_write"] = a.OFFICERS * a.OFFICER_WRITES_PER_DAY * a.WORKING_DAYS_PER_MONTH
    edge, hits = {}, {}
    for kind, per_day in public_calls(a).items():
        ttl = a.PUBLIC_TTL_SECONDS.get(kind, a.DEFAULT_TTL_SECONDS)
        hits[kind] = hit_ratio(per_day, a.PUBLIC_KEYS[kind], ttl, a.ACTIVE_HOURS_PER_DAY)
        edge[kind] = per_day * a.DAYS_PER_MONTH
        by_kind[kind] = edge[kind] * (1 - hits[kind])  # only the misses reach API Gateway
    area_views = a.PUBLIC_VIEWS_PER_DAY * sum(a.PUBLIC_PAGES[p]["share"] for p in a.AREA_PAGES) * a.DAYS_PER_MONTH
    by_kind["public_visit_post"] = area_views / infra["visit_sample_rate"]  # the page's sampled beacons
    api = sum(by_kind.values())
    due_per_month = a.SOCIETIES * sms["due_days_per_society_year"] / 12
    scan, sched = measured["scan"], measured["scheduled"]
    runs = {"reconcile_payments": a.RECONCILER_RUNS_PER_MONTH, "release_message_jobs": a.RELEASE_RUNS_PER_MONTH}

    def total(field: str) -> float:
        return (sum(by_kind[k] * req[k].get(field, 0) for k in by_kind) + due_per_month * scan.get(field, 0)
                + sum(runs[name] * sched[name].get(field, 0) for name in runs))

    invocations = api + due_per_month * scan["invocations"] + a.SCAN_RUNS_PER_MONTH + sum(runs.values())
    lambda_seconds = total("lambda_ms") / 1000
    log_bytes = total("log_bytes") + invocations * a.LOG_BYTES_PER_INVOCATION + api * a.API_ACCESS_LOG_BYTES
    return {
        "api_requests": api, "by_kind": by_kind, "edge_api_requests": sum(edge.values()), "hits": hits,
        "edge_api_bytes": sum(edge[k] * req[k]["answer_bytes"] for k in edge),
        "api_bytes": sum(by_kind[k] * req[k]["answer_bytes"] for k in by_kind),
        "site_requests": a.PUBLIC_VIEWS_PER_DAY * a.DAYS_PER_MONTH * a.SITE_REQUESTS_PER_VIEW,
        "site_bytes": a.PUBLIC_VIEWS_PER_DAY * a.DAYS_PER_MONTH * a.SITE_BYTES_PER_VIEW,
        "invocations": invocations, "gb_seconds": lambda_seconds * LAMBDA_GB,
        "read_units": total("dynamodb_read_units"), "write_units": total("dynamodb_write_units"),
        "sqs_requests": due_per_month * scan["sqs_requests"] + a.SQS_POLLER_REQUESTS_PER_MONTH,
        "s3_puts": total("s3_put") + a.STATIC_PAGE_WRITES_PER_MONTH, "log_bytes": log_bytes,
        "due_per_month": due_per_month,
        "sms_parts": a.SOCIETIES * sms["sms_parts_per_society_year"] / 12,
    }


def xray_traces(api_requests: float, other_invocations: float, api_share: float, a=assume) -> float:
    """The API's requests at the stage's fixed share (infra: ApiTraceSampling); the other invocations at
    X-Ray's default (the first each second of the active hours, then a share)."""
    reservoir = min(other_invocations, a.XRAY_SAMPLED_PER_SECOND * a.ACTIVE_HOURS_PER_DAY * 3600 * a.DAYS_PER_MONTH)
    return api_requests * api_share + reservoir + (other_invocations - reservoir) * a.XRAY_SAMPLED_SHARE


def lines(v: dict, prices: dict, free: dict, infra: dict, a=assume) -> list[Line]:
    p = prices
    site_origin = v["site_requests"] * a.SITE_ORIGIN_SHARE
    return [
        Line("apigateway", "REST requests", v["api_requests"], "requests", p["apigateway_rest_requests_per_million"],
             1e6),
        Line("apigateway", "data out", v["api_bytes"] / GB, "GB", p["apigateway_data_out_per_gb"]),
        Line("lambda", "requests", v["invocations"], "invocations", p["lambda_requests_per_million"], 1e6,
             free["lambda_requests"]),
        Line("lambda", "compute", v["gb_seconds"], "GB-s", p["lambda_gb_second"], 1, free["lambda_gb_seconds"]),
        Line("dynamodb", "read units", v["read_units"], "RRU", p["dynamodb_read_units_per_million"], 1e6),
        Line("dynamodb", "write units", v["write_units"], "WRU", p["dynamodb_write_units_per_million"], 1e6),
        Line("dynamodb", "storage", a.DATA_GB, "GB-month", p["dynamodb_storage_gb_month"], 1,
             free["dynamodb_storage_gb"]),
        Line("dynamodb", "point-in-time recovery", a.DATA_GB, "GB-month", p["dynamodb_pitr_gb_month"]),
        Line("cloudfront", "HTTPS requests", v["site_requests"] + v["edge_api_requests"], "requests",
             p["cloudfront_https_requests_per_10k"], 1e4, free["cloudfront_https_requests"]),
        Line("cloudfront", "data out", (v["site_bytes"] + v["edge_api_bytes"]) / GB, "GB",
             p["cloudfront_data_out_per_gb"], 1, free["cloudfront_data_out_gb"]),
        Line("s3", "GET (edge misses)", site_origin, "requests", p["s3_get_per_1000"], 1000),
        Line("s3", "PUT (static pages, photos)", v["s3_puts"], "requests", p["s3_put_per_1000"], 1000),
        Line("s3", "storage", a.SITE_BUCKET_GB, "GB-month", p["s3_storage_gb_month"]),
        Line("sqs", "requests", v["sqs_requests"], "requests", p["sqs_requests_per_million"], 1e6,
             free["sqs_requests"]),
        Line("cloudwatch", "log ingestion", v["log_bytes"] / GB, "GB", p["cloudwatch_logs_ingest_per_gb"], 1,
             free["cloudwatch_logs_ingest_gb"]),
        Line("cloudwatch", "log storage", v["log_bytes"] / GB * a.LOG_RETENTION_MONTHS, "GB-month",
             p["cloudwatch_logs_storage_gb_month"], 1, free["cloudwatch_logs_storage_gb"]),
        Line("cloudwatch", "alarms", infra["alarms"], "alarms", p["cloudwatch_alarm_month"], 1,
             free["cloudwatch_alarms"]),
        Line("cloudwatch", "dashboard", a.DASHBOARDS, "dashboards", p["cloudwatch_dashboard_month"], 1,
             free["cloudwatch_dashboards"]),
        Line("cloudwatch", "custom metrics", (a.FIXED_METRIC_HOURS_PER_MONTH + a.ROUTE_ERROR_HOURS_PER_MONTH) / 730,
             "metric-months", p["cloudwatch_metric_month"], 1, free["cloudwatch_metrics"]),
        Line("cognito", "monthly active officers", a.OFFICERS, "MAU", p["cognito_mau"], 1, free["cognito_mau"]),
        Line("waf", "web ACL", 1, "ACL", p["waf_web_acl_month"]),
        Line("waf", "rules", infra["waf_rules"], "rules", p["waf_rule_month"]),
        Line("waf", "requests", v["api_requests"], "requests", p["waf_requests_per_million"], 1e6),
        Line("xray", "traces", xray_traces(v["api_requests"], v["invocations"] - v["api_requests"],
                                           infra["api_trace_share"], a), "traces",
             p["xray_traces_recorded_per_million"], 1e6, free["xray_traces_recorded"]),
        Line("secretsmanager", "secret", a.SECRETS, "secrets", p["secrets_manager_secret_month"]),
        Line("secretsmanager", "API calls", a.SECRET_CALLS_PER_MONTH, "calls", p["secrets_manager_calls_per_10k"], 1e4),
    ]


def template_counts() -> dict:
    """What infra/resources.json holds that is billed by the month or decides a share or a rate."""
    template = json.loads((Path(__file__).resolve().parent.parent / "infra" / "resources.json").read_text())
    resources = template["Resources"].values()
    sampling = [r["Properties"]["SamplingRule"] for r in resources if r.get("Type") == "AWS::XRay::SamplingRule"
                and r["Properties"]["SamplingRule"]["ServiceType"] == "AWS::ApiGateway::Stage"]
    return {"alarms": sum(1 for r in resources if r.get("Type") == "AWS::CloudWatch::Alarm"),
            "waf_rules": sum(len(r["Properties"].get("Rules", [])) for r in resources
                             if r.get("Type") == "AWS::WAFv2::WebACL"),
            "api_trace_share": sampling[0]["FixedRate"] if sampling else assume.XRAY_SAMPLED_SHARE,
            "visit_sample_rate": template["Parameters"]["VisitSampleRate"]["Default"]}


def month(measured: dict, sms: dict, price_file: dict, infra: dict, a=assume) -> tuple[dict, list[Line]]:
    v = volumes(measured, sms, infra, a)
    return v, lines(v, price_file["prices"], price_file["always_free_per_month"], infra, a)


class Scaled:
    """The assumptions with some of them changed (for the sensitivity lines)."""

    def __init__(self, base, **changed):
        self.base, self.changed = base, changed

    def __getattr__(self, name):
        return self.changed.get(name, getattr(self.base, name))


def prices_checked(price_file: dict) -> dict:
    """How many of the prices were found again on a page, and which were not (the file's `checked`)."""
    checked = price_file.get("checked", {})
    marks = checked.get("prices", {})
    status = {name: marks.get(name, {}).get("status", "not checked") for name in price_file["prices"]}
    count = {kind: sum(1 for s in status.values() if s == kind) for kind in ("checked", "secondary")}
    return {
        "prices_checked": (f"{count['checked']} of {len(status)} on AWS's page for the region, "
                           f"{count['secondary']} on a page for another or no region or not AWS's "
                           f"(checked {checked.get('on', 'never')})"),
        "prices_not_checked": ", ".join(name for name, s in status.items() if s == "not checked") or "none"}


def figures(measured: dict, sms: dict, price_file: dict, infra: dict | None = None, a=assume) -> dict:
    """Every printed figure from the measured ones, the SMS year, the prices and the template's counts."""
    infra = infra or template_counts()
    v, items = month(measured, sms, price_file, infra, a)
    services: dict[str, list[Line]] = {}
    for line in items:
        services.setdefault(line.service, []).append(line)
    out = {
        "usd_per_month_200k": round(sum(line.usd for line in items), 2),
        "usd_per_month_200k_without_free_tier": round(sum(line.usd_without_free for line in items), 2),
        "sms_parts_per_month_200k": round(v["sms_parts"]),
        "sms_parts_per_society_year": sms["sms_parts_per_society_year"],
        "usd_per_month_200k_if_officers_ask_twice_as_much": round(sum(line.usd for line in month(
            measured, sms, price_file, infra,
            Scaled(a, OFFICER_REQUESTS_PER_DAY=2 * a.OFFICER_REQUESTS_PER_DAY))[1]), 2),
        "usd_per_month_200k_if_public_views_double": round(sum(line.usd for line in month(
            measured, sms, price_file, infra, Scaled(a, PUBLIC_VIEWS_PER_DAY=2 * a.PUBLIC_VIEWS_PER_DAY))[1]), 2),
        "usd_per_month_200k_if_the_edge_kept_nothing": round(sum(line.usd for line in month(
            measured, sms, price_file, infra, Scaled(a, DEFAULT_TTL_SECONDS=0, PUBLIC_TTL_SECONDS={}))[1]), 2),
        "prices_as_of": price_file["as_of"],
        "prices_region": price_file["region"],
        **prices_checked(price_file),
    }
    for service, its in sorted(services.items(), key=lambda s: -sum(line.usd for line in s[1])):
        detail = "; ".join(f"{line.item} {line.quantity:,.0f} {line.unit} x ${line.price:g}"
                           f"{'/' + format(line.per, ',.0f') if line.per != 1 else ''}"
                           f"{' (' + format(line.free, ',.0f') + ' free)' if line.free else ''} = ${line.usd:.2f}"
                           for line in its)
        out[f"service_{service}"] = f"{sum(line.usd for line in its):.2f} [{detail}]"
    out.update({
        "api_requests_per_month": round(v["api_requests"]),
        "edge_public_gets_per_month": round(v["edge_api_requests"]),
        "edge_hit_ratio": round(1 - sum(v["by_kind"][k] for k in v["hits"]) / max(1, v["edge_api_requests"]), 3),
        "lambda_invocations_per_month": round(v["invocations"]),
        "lambda_gb_seconds_per_month": round(v["gb_seconds"]),
        "due_societies_per_month": round(v["due_per_month"]),
        **{f"sms_{k}": val for k, val in sms.items() if k != "sms_parts_per_society_year"},
    })
    for kind, m in measured["requests"].items():
        out[f"measured_{kind}"] = (f"rru {m['dynamodb_read_units']:g}, wru {m['dynamodb_write_units']:g}, "
                                   f"ms {m['lambda_ms']:g}, log {m['log_bytes']} B, answer {m['answer_bytes']} B gz")
    s = measured["scan"]
    out["measured_scan_per_due_society"] = (
        f"rru {s['dynamodb_read_units']:g}, wru {s['dynamodb_write_units']:g}, ms {s['lambda_ms']:g}, "
        f"sns {s['sns_publish']:g}, sqs {s['sqs_requests']:g}, invocations {s['invocations']:g}")
    out.update({f"assumption_{name.lower()}": value for name, value in (
        ("OFFICERS", a.OFFICERS), ("OFFICERS_ACTIVE_SHARE", a.OFFICERS_ACTIVE_SHARE),
        ("OFFICER_REQUESTS_PER_DAY", a.OFFICER_REQUESTS_PER_DAY),
        ("PUBLIC_VIEWS_PER_DAY", a.PUBLIC_VIEWS_PER_DAY), ("ACTIVE_HOURS_PER_DAY", a.ACTIVE_HOURS_PER_DAY),
        ("SOCIETIES", a.SOCIETIES))})
    out["note"] = ("Lambda ms: wall time in process, moto's answers replaced by AWS round trips (AWS_CALL_MS); "
                   "DynamoDB " + a.DYNAMODB_SIZE_NOTE +
                   "; each price's check and source: bench/prices-ap-southeast-1.json, `checked`")
    return out


def main() -> int:
    from bench import cost_measure, sms_year
    with contextlib.redirect_stdout(sys.stderr):  # the functions' log and EMF lines; stdout is the figures
        measured = cost_measure.run()
        sms = sms_year.parts_per_society_year(int(os.environ.get("COST_SMS_SOCIETIES", assume.SOCIETIES_PER_UPAZILA)))
    for name, value in figures(measured, sms, json.loads(PRICES.read_text())).items():
        print(f"{name}: {value}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
