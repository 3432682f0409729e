"""Create the resources of infra/resources.json on moto (server or in-process).

The CloudFormation template is the one list of tables, queues, bucket and user pool. This reads
it and makes the same resources through the AWS APIs, so local runs and tests use the
definitions AWS gets. Which environment variable names which resource is read from the
template's functions' environment (SAM `Globals`), so the app's configuration cannot drift either.
A template parameter stands for its default locally; one with no default (the alarm e-mail, bKash's
IPN topic) leaves its variable unset, so the app's local default applies.
"""
import json
import re
from pathlib import Path

import boto3

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "infra" / "resources.json"
LOCAL_PARAMETERS = {"VisitSampleRate": "1"}  # count every page view locally, so tests can count them


def load_template() -> dict:
    return json.loads(TEMPLATE.read_text("utf-8"))


def local_name(logical_id: str) -> str:
    """SocietiesTable -> samabay-societies, SiteBucket -> samabay-site."""
    stem = re.sub(r"(Table|Bucket)$", "", logical_id)
    return "samabay-" + re.sub(r"(?<!^)(?=[A-Z])", "-", stem).lower()


def _resolve(value, ids: dict):
    if isinstance(value, dict) and set(value) == {"Ref"}:
        return ids[value["Ref"]]
    if isinstance(value, dict) and set(value) == {"Fn::GetAtt"}:
        return ids[".".join(value["Fn::GetAtt"])]
    if isinstance(value, dict) and set(value) == {"Fn::Sub"}:
        return re.sub(r"\$\{(\w+)(\.Arn)?\}", lambda m: ids[m.group(1) + (m.group(2) or "")], value["Fn::Sub"])
    if isinstance(value, dict):
        return {k: _resolve(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, ids) for v in value]
    return value


def _table(props: dict, name: str, region: str, ids: dict) -> None:
    keep = ("AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes", "BillingMode")
    boto3.client("dynamodb", region_name=region).create_table(
        TableName=name, **{k: props[k] for k in keep if k in props})
    ids[name] = name


def _bucket(props: dict, name: str, region: str, ids: dict) -> None:
    s3 = boto3.client("s3", region_name=region)
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": region})
    if "CorsConfiguration" in props:
        rules = [{k: rule[k] for k in ("AllowedMethods", "AllowedOrigins", "AllowedHeaders", "MaxAge") if k in rule}
                 for rule in props["CorsConfiguration"]["CorsRules"]]
        rules = [{("MaxAgeSeconds" if k == "MaxAge" else k): v for k, v in rule.items()} for rule in rules]
        s3.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": rules})


def _bucket_policy(props: dict, region: str, ids: dict) -> None:
    bucket = _resolve(props["Bucket"], ids)
    boto3.client("s3", region_name=region).put_bucket_policy(
        Bucket=bucket, Policy=json.dumps(_resolve(props["PolicyDocument"], ids)))


def _public_read(bucket: str, region: str) -> None:
    boto3.client("s3", region_name=region).put_bucket_policy(Bucket=bucket, Policy=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                                                "Resource": f"arn:aws:s3:::{bucket}/*"}]}))


def _user_pool(props: dict, region: str) -> str:
    keep = ("Policies", "Schema", "AdminCreateUserConfig")
    pool = boto3.client("cognito-idp", region_name=region).create_user_pool(
        PoolName=props["UserPoolName"], **{k: props[k] for k in keep if k in props})
    return pool["UserPool"]["Id"]


def _user_pool_client(props: dict, region: str, ids: dict) -> str:
    keep = ("ClientName", "GenerateSecret", "ExplicitAuthFlows", "ReadAttributes", "WriteAttributes", "IdTokenValidity",
            "TokenValidityUnits", "PreventUserExistenceErrors")
    args = {k: props[k] for k in keep if k in props}
    client = boto3.client("cognito-idp", region_name=region).create_user_pool_client(
        UserPoolId=_resolve(props["UserPoolId"], ids), **args)
    return client["UserPoolClient"]["ClientId"]


def _queue(props: dict, region: str, ids: dict) -> tuple[str, str]:
    """The queue's URL (its Ref) and ARN; attributes as CloudFormation gives them."""
    attributes = {name: str(props[name]) for name in ("VisibilityTimeout", "MessageRetentionPeriod",
                                                       "DelaySeconds") if name in props}
    if "RedrivePolicy" in props:
        attributes["RedrivePolicy"] = json.dumps(_resolve(props["RedrivePolicy"], ids))
    sqs = boto3.client("sqs", region_name=region)
    url = sqs.create_queue(QueueName=props["QueueName"], Attributes=attributes)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return url, arn


def _secret(name: str, region: str) -> None:
    """In AWS the bKash secret is made before the stack; locally it holds the simulator's credentials."""
    from local.bkash_sim import DEFAULTS
    value = {k: DEFAULTS[k] for k in ("app_key", "app_secret", "username", "password")}
    boto3.client("secretsmanager", region_name=region).create_secret(Name=name, SecretString=json.dumps(value))


def provision(region: str, endpoint: str | None = None) -> dict:
    """Create every resource; return the environment the app needs to find them."""
    template = load_template()
    resources = template["Resources"]
    ids: dict[str, str] = {name: str(LOCAL_PARAMETERS.get(name, parameter["Default"]))
                           for name, parameter in template["Parameters"].items() if "Default" in parameter}
    _secret(ids["BkashSecretName"], region)
    for logical_id, resource in resources.items():
        kind, props = resource.get("Type"), resource.get("Properties", {})
        if kind == "AWS::DynamoDB::Table":
            ids[logical_id] = local_name(logical_id)
            _table(props, ids[logical_id], region, ids)
        elif kind == "AWS::S3::Bucket":
            ids[logical_id] = local_name(logical_id)
            ids[logical_id + ".Arn"] = f"arn:aws:s3:::{ids[logical_id]}"
            _bucket(props, ids[logical_id], region, ids)
        elif kind == "AWS::Cognito::UserPool":
            ids[logical_id] = _user_pool(props, region)
        elif kind == "AWS::SQS::Queue":
            ids[logical_id], ids[logical_id + ".Arn"] = _queue(props, region, ids)
        elif kind == "AWS::SES::EmailIdentity":  # moto verifies an address at once; AWS mails a link
            boto3.client("ses", region_name=region).verify_email_identity(
                EmailAddress=_resolve(props["EmailIdentity"], ids))
    for logical_id, resource in resources.items():
        kind, props = resource.get("Type"), resource.get("Properties", {})
        if kind == "AWS::Cognito::UserPoolClient":
            ids[logical_id] = _user_pool_client(props, region, ids)
        elif kind == "AWS::Cognito::UserPoolGroup":
            boto3.client("cognito-idp", region_name=region).create_group(
                UserPoolId=_resolve(props["UserPoolId"], ids), GroupName=props["GroupName"],
                Description=props.get("Description", ""))
        elif kind == "AWS::S3::BucketPolicy":
            try:
                _bucket_policy(props, region, ids)
            except KeyError:  # it admits CloudFront, which moto lacks: moto's own S3 host plays its part
                _public_read(_resolve(props["Bucket"], ids), region)
    variables = template["Globals"]["Function"]["Environment"]["Variables"]
    env = {}
    for name, value in variables.items():
        try:
            env[name] = _resolve(value, ids)
        except KeyError:  # names an AWS-only resource (the API's URL): the local stack sets it
            continue
    env["AWS_DEFAULT_REGION"] = region
    if endpoint:
        env["AWS_ENDPOINT_URL"] = endpoint
        env["JWKS_URL"] = f"{endpoint}/{env['USER_POOL_ID']}/.well-known/jwks.json"
    return env
