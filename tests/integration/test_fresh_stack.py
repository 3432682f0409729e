"""Each test's stack is a fresh copy of the one its worker provisioned (conftest.fresh_stack): what one test
writes to a table, the bucket, a queue, SNS or Cognito, the next does not see."""
import boto3
from chalice.test import Client
from moto.core import DEFAULT_ACCOUNT_ID
from moto.sns.models import sns_backends

from local.demo import DEMO_PASSWORD

from .conftest import REGION, Api, fresh_stack, login, society_body


def stack_state(env: dict) -> dict:
    """Every item of every table, every object, every queue's messages, the SMS sent and the officers'
    accounts."""
    dynamodb, s3, sqs = (boto3.client(name, region_name=REGION) for name in ("dynamodb", "s3", "sqs"))
    cognito = boto3.client("cognito-idp", region_name=REGION)
    return {
        "items": {name: sorted(map(repr, dynamodb.scan(TableName=name)["Items"]))
                  for name in dynamodb.list_tables()["TableNames"]},
        "objects": {bucket["Name"]: [item["Key"] for item in
                                     s3.list_objects_v2(Bucket=bucket["Name"]).get("Contents", [])]
                    for bucket in s3.list_buckets()["Buckets"]},
        "messages": {url: sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
                     ["ApproximateNumberOfMessages"] for url in sqs.list_queues()["QueueUrls"]},
        "sms": list(sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages.values()),
        "users": sorted((user["Username"], user["Enabled"], user["UserStatus"])
                        for user in cognito.list_users(UserPoolId=env["USER_POOL_ID"])["Users"]),
    }


def test_a_test_sees_nothing_an_earlier_test_wrote(monkeypatch, provisioned):
    from app import app
    with fresh_stack(monkeypatch, provisioned) as env:  # one test
        provisioned_state = stack_state(env)
        with Client(app) as client:
            status, body = Api(client, login(client, "uco.demo")).post("/api/societies", society_body())
            assert status == 201, body
        boto3.client("s3", region_name=REGION).put_object(Bucket=next(iter(provisioned_state["objects"])),
                                                          Key="left-behind.txt", Body=b"x")
        queue = next(iter(provisioned_state["messages"]))
        boto3.client("sqs", region_name=REGION).send_message(QueueUrl=queue, MessageBody="left behind")
        boto3.client("sns", region_name=REGION).publish(PhoneNumber="+8801711000001", Message="left behind")
        cognito = boto3.client("cognito-idp", region_name=REGION)
        cognito.admin_set_user_password(UserPoolId=env["USER_POOL_ID"], Username="uco.demo",
                                        Password="Changed@2027", Permanent=True)
        cognito.admin_disable_user(UserPoolId=env["USER_POOL_ID"], Username="uco2.demo")
        cognito.admin_create_user(UserPoolId=env["USER_POOL_ID"], Username="left.behind",
                                  MessageAction="SUPPRESS")
        written = stack_state(env)
        assert all(written[part] != provisioned_state[part] for part in written), "every write landed"
    with fresh_stack(monkeypatch, provisioned) as env:  # the next test
        assert stack_state(env) == provisioned_state
        with Client(app) as client:
            login(client, "uco.demo", DEMO_PASSWORD)
            login(client, "uco2.demo")
