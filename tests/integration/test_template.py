"""The deployable template: `chalice package` merged with infra/resources.json, as `make package` builds it.

Packaged once for the module (about 40 s) with no AWS configuration but a region, then read: the functions
and their environment, the alarms a person is told by, data safety, the audit trail's permissions, and the
linters `make test` requires: cfn-lint with AWS's serverless rules (0 findings) and checkov (0 failures;
every skip in the template carries its reason).
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from chalicelib.bkash.config import BkashConfig

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"
FUNCTIONS = {"APIHandler", "JwtAuth", "DailyScan", "ReconcilePayments", "MessageWorker", "ReleaseMessageJobs",
             "SmsDeliveryStatus"}
ASYNC = {"DailyScan", "ReconcilePayments", "ReleaseMessageJobs", "SmsDeliveryStatus"}  # schedules, log subscriptions


@pytest.fixture(scope="module")
def packaged(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    out = home / "out"
    clean_env = {"PATH": f"{BIN}:/usr/bin:/bin", "HOME": str(home), "AWS_DEFAULT_REGION": "ap-southeast-1"}
    subprocess.run([str(BIN / "chalice"), "package", "--pkg-format", "cloudformation", "--merge-template",
                    "infra/resources.json", str(out)], cwd=ROOT, env=clean_env, check=True,
                   capture_output=True, timeout=600)
    return out / "sam.json"


@pytest.fixture(scope="module")
def template(packaged):
    return json.loads(packaged.read_text())


def of_type(template, kind: str) -> dict:
    return {k: v for k, v in template["Resources"].items() if v["Type"] == kind}


def statements(role: dict) -> list:
    return [s for policy in role["Properties"].get("Policies", []) for s in policy["PolicyDocument"]["Statement"]]


def test_the_linters_pass(packaged):
    """cfn-lint with the serverless rules and checkov, side by side (each takes its time)."""
    subprocess.run(["make", "-s", ".venv-checkov/.installed"], cwd=ROOT, check=True, capture_output=True,
                   timeout=900)
    env = {**os.environ, "HOME": str(packaged.parent.parent)}
    lint = subprocess.Popen([str(BIN / "cfn-lint"), "-a", "cfn_lint_serverless.rules", "-t", str(packaged)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    checkov = subprocess.run([str(CHECKOV), "-f", str(packaged), "--framework", "cloudformation", "--compact",
                              "--quiet", "--skip-download", "-o", "json"], capture_output=True, text=True, env=env,
                             timeout=600)
    lint_output = lint.communicate(timeout=600)[0]
    assert lint.returncode == 0, lint_output
    report = json.loads(checkov.stdout)
    failed = [(c["check_id"], c["resource"]) for c in report["results"]["failed_checks"]]
    assert failed == [] and report["summary"]["failed"] == 0
    assert report["summary"]["passed"] > 100


def test_every_checkov_skip_says_why():
    resources = json.loads((ROOT / "infra" / "resources.json").read_text())["Resources"]
    skips = [(name, s) for name, r in resources.items() for s in r.get("Metadata", {}).get("checkov", {}).get("skip", [])]
    assert skips
    for name, skipped in skips:
        assert skipped["id"].startswith("CKV") and len(skipped["comment"]) > 20, (name, skipped)


def test_functions_share_one_environment_and_their_schedules(template):
    functions = of_type(template, "AWS::Serverless::Function")
    assert set(functions) == FUNCTIONS
    variables = template["Globals"]["Function"]["Environment"]["Variables"]
    assert variables["TABLE_SOCIETIES"] == {"Ref": "SocietiesTable"}
    assert variables["USER_POOL_CLIENT_ID"] == {"Ref": "UserPoolClient"}
    assert variables["TABLE_PAYMENTS"] == {"Ref": "PaymentsTable"}
    # deploy-time settings are parameters; the bKash secret is made outside the stack and named
    assert variables["BKASH_SECRET_ID"] == {"Ref": "BkashSecretName"}
    assert variables["BKASH_IPN_TOPIC_ARN"] == {"Ref": "BkashIpnTopicArn"}
    assert variables["SMS_SENDER_ID"] == {"Ref": "SmsSenderId"}
    assert variables["VISIT_SAMPLE_RATE"] == {"Ref": "VisitSampleRate"}
    # the worker knows a message's last receive from the queue's own maxReceiveCount (one parameter for both)
    assert variables["MESSAGES_MAX_RECEIVES"] == {"Ref": "MessagesMaxReceives"}
    redrive = template["Resources"]["MessagesQueue"]["Properties"]["RedrivePolicy"]
    assert redrive["maxReceiveCount"] == {"Ref": "MessagesMaxReceives"}
    assert {"AlarmEmail", "BkashIpnTopicArn", "SmsSenderId", "VisitSampleRate", "SmsMonthlyLimitUsd"} <= set(
        template["Parameters"])
    assert of_type(template, "AWS::SecretsManager::Secret") == {}
    schedule = functions["DailyScan"]["Properties"]["Events"]
    assert [e["Properties"]["Schedule"] for e in schedule.values()] == ["cron(0 3 * * ? *)"]
    reconciler = functions["ReconcilePayments"]["Properties"]["Events"]
    assert [e["Properties"]["Schedule"] for e in reconciler.values()] == ["rate(5 minutes)"]
    worker = functions["MessageWorker"]["Properties"]["Events"]["MessageWorkerSqsEventSource"]["Properties"]
    assert (worker["BatchSize"], worker["ScalingConfig"]) == (1, {"MaximumConcurrency": 2})
    subscriptions = of_type(template, "AWS::Logs::SubscriptionFilter").values()
    assert [s["Properties"]["DestinationArn"] for s in subscriptions] == [{"Fn::GetAtt": ["SmsDeliveryStatus", "Arn"]}] * 2
    role = statements(template["Resources"]["ReconcilePaymentsRole"])
    assert any(isinstance(s.get("Resource"), list) and {"Fn::GetAtt": ["PaymentsTable", "Arn"]} in s["Resource"]
               for s in role)
    gateway = of_type(template, "AWS::ApiGateway::GatewayResponse").values()
    assert {r["Properties"]["ResponseType"] for r in gateway} >= {"UNAUTHORIZED", "ACCESS_DENIED", "DEFAULT_4XX"}
    for response in gateway:  # API Gateway's own refusals use the API's error shape, with CORS
        assert "code" in json.loads(response["Properties"]["ResponseTemplates"]["application/json"])["error"]
        assert "gatewayresponse.header.Access-Control-Allow-Origin" in response["Properties"]["ResponseParameters"]


def test_every_function_is_traced_logs_with_retention_and_async_failures_land_somewhere(template):
    functions = of_type(template, "AWS::Serverless::Function")
    groups = {g["Properties"]["LogGroupName"]["Fn::Sub"]: g["Properties"]
              for g in of_type(template, "AWS::Logs::LogGroup").values()
              if isinstance(g["Properties"].get("LogGroupName"), dict)}
    for name, function in functions.items():
        props = function["Properties"]
        assert props["Tracing"] == "Active", name
        assert groups[f"/aws/lambda/${{{name}}}"]["RetentionInDays"] > 0, name
        if name in ASYNC:
            failure = props["EventInvokeConfig"]["DestinationConfig"]["OnFailure"]
            assert failure == {"Type": "SQS", "Destination": {"Fn::GetAtt": ["FailedInvocationsQueue", "Arn"]}}
    for name in ("DailyScan", "ReconcilePayments", "ReleaseMessageJobs"):
        for event in functions[name]["Properties"]["Events"].values():
            assert event["Properties"]["DeadLetterConfig"]["Arn"] == {"Fn::GetAtt": ["FailedInvocationsQueue", "Arn"]}
    assert functions["DailyScan"]["Properties"]["ReservedConcurrentExecutions"] == 1  # one scan at a time
    reconciler = functions["ReconcilePayments"]["Properties"]
    bkash = BkashConfig(base_url="", app_key="", app_secret="", username="", password="")
    assert reconciler["Timeout"] >= 4 * bkash.answer_within  # several payments' bKash calls per run
    assert reconciler["Timeout"] < 300 and reconciler["ReservedConcurrentExecutions"] == 1  # done before the next
    api = template["Resources"]["RestAPI"]["Properties"]
    assert api["TracingEnabled"] is True and api["AccessLogSetting"]["DestinationArn"]


def test_tables_survive_mistakes(template):
    tables = of_type(template, "AWS::DynamoDB::Table")
    assert len(tables) == 13 and "LoansTable" in tables
    for name, table in tables.items():
        assert table["DeletionPolicy"] == table["UpdateReplacePolicy"] == "Retain", name
        assert table["Properties"]["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}, name
        assert table["Properties"]["DeletionProtectionEnabled"] is True, name
    assert tables["LoginAttemptsTable"]["Properties"]["TimeToLiveSpecification"]["AttributeName"] == "expires_at"
    assert tables["MarketTable"]["Properties"]["TimeToLiveSpecification"]["AttributeName"] == "ttl"
    assert tables["ContentTable"]["Properties"]["TimeToLiveSpecification"]["AttributeName"] == "ttl"  # beacons
    bucket = template["Resources"]["SiteBucket"]["Properties"]
    assert bucket["VersioningConfiguration"] == {"Status": "Enabled"}
    assert bucket["LifecycleConfiguration"]["Rules"][0]["NoncurrentVersionExpiration"]["NoncurrentDays"] > 0


def test_the_audit_trail_is_put_only_for_every_role(template):
    audit = {"Fn::GetAtt": ["AuditTable", "Arn"]}
    roles = of_type(template, "AWS::IAM::Role")
    writers = 0
    for name, role in roles.items():
        for statement in statements(role):
            resources = statement.get("Resource")
            resources = resources if isinstance(resources, list) else [resources]
            if audit in resources or statement.get("Resource") == "*":
                actions = set(statement["Action"])
                assert not actions & {"dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem",
                                      "dynamodb:*"}, name
                writers += "dynamodb:PutItem" in actions
    assert writers >= 4


def test_the_roles_may_delete_what_the_app_deletes(template):
    api = statements(template["Resources"]["ApiHandlerRole"])
    deletable = [r["Fn::Sub"] for s in api if "s3:DeleteObject" in s["Action"] for r in s["Resource"]]
    # withdrawn notice pages (store.site.withdraw_notice), rejected or deleted photos and their thumbnails
    assert sorted(deletable) == ["${SiteBucket.Arn}/n/*", "${SiteBucket.Arn}/photos/*", "${SiteBucket.Arn}/thumbs/*"]
    # rolling back an officer registration whose directory entry failed (services.officers)
    assert any("cognito-idp:AdminDeleteUser" in s["Action"] for s in api)


def test_alarms_reach_a_person(template):
    alarms = of_type(template, "AWS::CloudWatch::Alarm")
    topic = of_type(template, "AWS::SNS::Topic")
    assert list(topic) == ["OperationsTopic"]
    email = of_type(template, "AWS::SNS::Subscription")["OperationsEmail"]["Properties"]
    assert (email["Protocol"], email["Endpoint"]) == ("email", {"Ref": "AlarmEmail"})
    watched = {}
    for name, alarm in alarms.items():
        props = alarm["Properties"]
        assert props["AlarmActions"] == [{"Ref": "OperationsTopic"}], name
        metric = props.get("MetricName") or props["Metrics"][0]["MetricStat"]["Metric"]["MetricName"]
        watched[metric] = props
    assert {"ScanSucceeded", "ScanErrors", "ScanUncertain", "PaymentsPendingOver30Min", "5XXError", "Errors",
            "Throttles", "ApproximateNumberOfMessagesVisible", "SMSMonthToDateSpentUSD"} <= set(watched)
    scan = watched["ScanSucceeded"]
    # the scan runs at 03:00 UTC (09:00 Dhaka): no success in 25 hours means none by about 10:00 Dhaka
    assert (scan["Namespace"], scan["TreatMissingData"], scan["ComparisonOperator"]) == (
        "Samabay", "breaching", "LessThanThreshold")
    assert scan["Period"] * scan["EvaluationPeriods"] == 25 * 3600
    spend = watched["SMSMonthToDateSpentUSD"]
    assert spend["Threshold"] == 0.8 and "SmsMonthlyLimitUsd" in spend["Metrics"][1]["Expression"]["Fn::Sub"]
    assert list(of_type(template, "AWS::CloudWatch::Dashboard")) == ["OperationsDashboard"]


def test_anonymous_posts_are_rate_limited_at_the_edge(template):
    acl = template["Resources"]["ApiWebAcl"]["Properties"]
    assert acl["Scope"] == "REGIONAL"
    (rule,) = acl["Rules"]  # one rule for all four: each rule is billed by the month
    limit = rule["Statement"]["RateBasedStatement"]
    assert (limit["AggregateKeyType"], limit["Limit"], limit["EvaluationWindowSec"]) == ("IP", 100, 300)
    method, paths = limit["ScopeDownStatement"]["AndStatement"]["Statements"]
    assert method["ByteMatchStatement"]["SearchString"] == "POST"
    # login guessing keeps its 100 tries per address in 5 minutes (now shared with the other anonymous POSTs)
    assert {p["ByteMatchStatement"]["SearchString"] for p in paths["OrStatement"]["Statements"]} == {
        "/api/auth/", "/api/public/orders", "/api/public/societies/", "/api/public/visits"}
    association = template["Resources"]["ApiWebAclAssociation"]
    assert "${RestAPI}/stages/v1" in association["Properties"]["ResourceArn"]["Fn::Sub"]


def test_the_site_is_read_through_cloudfront_only(template):
    resources = template["Resources"]
    block = resources["SiteBucket"]["Properties"]["PublicAccessBlockConfiguration"]
    assert all(block.values()) and len(block) == 4
    (statement,) = resources["SiteBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    assert statement["Principal"] == {"Service": "cloudfront.amazonaws.com"} and statement["Action"] == "s3:GetObject"
    assert "${SiteDistribution}" in statement["Condition"]["StringEquals"]["AWS:SourceArn"]["Fn::Sub"]
    (origin,) = resources["SiteDistribution"]["Properties"]["DistributionConfig"]["Origins"]
    assert origin["OriginAccessControlId"] == {"Fn::GetAtt": ["SiteOriginAccessControl", "Id"]}
    assert template["Globals"]["Function"]["Environment"]["Variables"]["SITE_URL"] == {
        "Fn::Sub": "https://${SiteDistribution.DomainName}"}


def test_public_reads_are_cached_at_the_edge_and_only_reads_pass(template):
    """The public pages' GETs go through their own distribution: the API's Cache-Control decides what is
    kept (no-store answers are not), no Authorization reaches the API that way, and no POST passes."""
    resources = template["Resources"]
    config = resources["PublicApiDistribution"]["Properties"]["DistributionConfig"]
    (origin,) = config["Origins"]
    assert origin["DomainName"] == {"Fn::Sub": "${RestAPI}.execute-api.${AWS::Region}.${AWS::URLSuffix}"}
    assert origin["OriginPath"] == "/v1" and origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    behaviour = config["DefaultCacheBehavior"]
    assert behaviour["AllowedMethods"] == ["GET", "HEAD", "OPTIONS"] and behaviour["CachedMethods"] == ["GET", "HEAD"]
    assert behaviour["CachePolicyId"] == {"Ref": "PublicApiCachePolicy"}
    policy = resources["PublicApiCachePolicy"]["Properties"]["CachePolicyConfig"]
    assert policy["MinTTL"] == 0 and policy["DefaultTTL"] == 0 and policy["MaxTTL"] >= 300
    keyed = policy["ParametersInCacheKeyAndForwardedToOrigin"]
    assert keyed["HeadersConfig"] == {"HeaderBehavior": "none"} and keyed["CookiesConfig"] == {"CookieBehavior": "none"}
    assert keyed["QueryStringsConfig"] == {"QueryStringBehavior": "all"}
    assert template["Outputs"]["PublicApiURL"]["Value"] == {"Fn::Sub": "https://${PublicApiDistribution.DomainName}"}


def test_api_requests_are_traced_at_a_fixed_share(template):
    """X-Ray's default rule traces the first request of every second (most of a day's requests, at
    US$5 a million): the API's stage is sampled at a fixed 2 % instead."""
    rule = template["Resources"]["ApiTraceSampling"]["Properties"]["SamplingRule"]
    assert rule["ServiceType"] == "AWS::ApiGateway::Stage" and rule["ReservoirSize"] == 0
    assert 0 < rule["FixedRate"] <= 0.05


def test_every_alarm_has_a_runbook_entry():
    resources = json.loads((ROOT / "infra" / "resources.json").read_text())["Resources"]
    alarms = {name for name, r in resources.items() if r.get("Type") == "AWS::CloudWatch::Alarm"}
    runbook = (ROOT / "docs" / "operations.md").read_text()
    entries = {line.split()[1] for line in runbook.splitlines() if line.startswith("## ")}
    assert entries == alarms
    for name in alarms:
        assert "docs/operations.md" in resources[name]["Properties"]["AlarmDescription"]


def test_the_worker_may_use_what_the_scans_batches_use(template):
    """The daily scan's batches are sent by the message worker: societies, tasks and offices too."""
    granted = [r for s in statements(template["Resources"]["MessageWorkerRole"]) if "dynamodb:UpdateItem" in s["Action"]
               for r in s["Resource"]]
    for table in ("SocietiesTable", "TasksTable", "OfficesTable", "SmsTable", "MessagesTable"):
        assert {"Fn::GetAtt": [table, "Arn"]} in granted, table
