"""moto's server, as the local stack runs it: with DynamoDB's client request tokens (local/moto_dynamodb.py).

    python -m local.moto_server -H 127.0.0.1 -p 5000
"""
import sys

from moto.server import main

from local.moto_dynamodb import honour_client_request_tokens

if __name__ == "__main__":
    honour_client_request_tokens()
    main(sys.argv[1:])
