"""Baseline for cold_start_ratio: one Chalice route doing the same area query with plain boto3."""
import os

import boto3
from chalice import Chalice

app = Chalice(app_name="minimal")
_client = None


@app.route("/api/public/societies")
def societies():
    global _client
    _client = _client or boto3.client("dynamodb", region_name=os.environ["AWS_DEFAULT_REGION"])
    code = app.current_request.query_params["upazila_code"]
    page = _client.query(TableName=os.environ["TABLE_SOCIETIES"], IndexName="by_area", Limit=50,
                         KeyConditionExpression="area_pk = :p AND begins_with(area_sk, :c)",
                         ExpressionAttributeValues={":p": {"S": "SOCIETY"}, ":c": {"S": code}})
    return {"items": page["Items"]}
