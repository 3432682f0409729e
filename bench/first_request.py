"""Run in a fresh process: import an app module and answer one public list request.

    python -m bench.first_request app|bench.minimal_app
Prints the seconds from before the import to the answer (interpreter start-up excluded).
"""
import sys
import time

started = time.perf_counter()
module = __import__(sys.argv[1], fromlist=["app"])
event = {
    "resource": "/api/public/societies", "path": "/api/public/societies", "httpMethod": "GET",
    "headers": {"Host": "localhost"}, "multiValueHeaders": {}, "queryStringParameters": {"upazila_code": "404419"},
    "multiValueQueryStringParameters": {"upazila_code": ["404419"]}, "pathParameters": None,
    "stageVariables": None, "body": None, "isBase64Encoded": False,
    "requestContext": {"resourcePath": "/api/public/societies", "httpMethod": "GET", "stage": "v1",
                       "path": "/v1/api/public/societies", "identity": {"sourceIp": "127.0.0.1"}},
}
response = module.app(event, None)
elapsed = time.perf_counter() - started
assert response["statusCode"] == 200, response
assert '"items"' in response["body"], response["body"][:200]
print(f"{elapsed:.4f}")
