"""Baseline for cold_start_ratio: one Chalice route doing the same area query with plain boto3.

The same read as the app's public list: the upazila's district partition of the `by_area` index,
the upazila's prefix, 50 societies that are not dissolved, the public fields and the page key.
"""
import os

import boto3
from chalice import Chalice

app = Chalice(app_name="minimal")
_client = None
FIELDS = ("id", "registration_no", "registered_on", "name_bn", "name_en", "address", "upazila_code",
          "committee_kind", "committee_started_on", "term_ends_on", "last_agm_on", "last_audit_year",
          "last_audit_on", "last_accounts_year", "last_rectification_on", "facebook_url", "dissolved_on",
          "level", "kind", "pk", "area_pk", "area_sk")


@app.route("/api/public/societies")
def societies():
    global _client
    _client = _client or boto3.client("dynamodb", region_name=os.environ["AWS_DEFAULT_REGION"])
    code = app.current_request.query_params["upazila_code"]
    page = _client.query(TableName=os.environ["TABLE_SOCIETIES"], IndexName="by_area", Limit=50,
                         KeyConditionExpression="area_pk = :p AND begins_with(area_sk, :c)",
                         FilterExpression="attribute_not_exists(dissolved_on)",
                         ProjectionExpression=", ".join(f"#f{i}" for i in range(len(FIELDS))),
                         ExpressionAttributeNames={f"#f{i}": name for i, name in enumerate(FIELDS)},
                         ExpressionAttributeValues={":p": {"S": f"AREA#{code[:4]}"}, ":c": {"S": code}})
    return {"items": page["Items"]}
