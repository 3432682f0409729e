"""bKash settings: where the merchant API lives, the merchant's credentials, the IPN topic.

Locally the defaults point at the simulator (local/bkash_sim.py on 127.0.0.1:8100). In AWS
`BKASH_SECRET_ID` names a Secrets Manager secret holding the four credentials as JSON
(`app_key`, `app_secret`, `username`, `password`); the env values are then ignored.
Credentials never appear in repr() (and so not in logs or tracebacks that print the config).
"""
import json
import os
from dataclasses import dataclass, field
from functools import lru_cache

LOCAL_BASE_URL = "http://127.0.0.1:8100"
LOCAL_TOPIC_ARN = "arn:aws:sns:ap-southeast-1:000000000000:bpt_01700000000"
CREDENTIALS = ("app_key", "app_secret", "username", "password")


@dataclass(frozen=True)
class BkashConfig:
    base_url: str
    app_key: str = field(repr=False)
    app_secret: str = field(repr=False)
    username: str = field(repr=False)
    password: str = field(repr=False)
    ipn_topic_arn: str = LOCAL_TOPIC_ARN
    sns_cert_mirror: str = ""  # local stack only: where to fetch SNS signing certificates from
    connect_timeout: float = 5
    read_timeout: float = 20  # under API Gateway's 29 s, with room to query after a timeout
    answer_within: float = 25  # all bKash calls of one API request together (API Gateway stops at 29 s)


def _secret(secret_id: str) -> dict:
    from ..store import aws
    value = json.loads(aws.client("secretsmanager").get_secret_value(SecretId=secret_id)["SecretString"])
    missing = [key for key in CREDENTIALS if not value.get(key)]
    if missing:
        # Names only: the secret's values must not end up in an error message.
        raise ValueError(f"bKash secret {secret_id} lacks {', '.join(missing)}")
    return {key: str(value[key]) for key in CREDENTIALS}


@lru_cache(maxsize=1)
def bkash_config() -> BkashConfig:
    env = os.environ.get
    secret_id = env("BKASH_SECRET_ID", "")
    if secret_id:
        credentials = _secret(secret_id)
    else:
        credentials = {"app_key": env("BKASH_APP_KEY", "samabay-sim-app-key"),
                       "app_secret": env("BKASH_APP_SECRET", "samabay-sim-app-secret"),
                       "username": env("BKASH_USERNAME", "samabay-sim-user"),
                       "password": env("BKASH_PASSWORD", "samabay-sim-password")}
    return BkashConfig(
        base_url=(env("BKASH_BASE_URL") or LOCAL_BASE_URL).rstrip("/"),
        ipn_topic_arn=env("BKASH_IPN_TOPIC_ARN") or LOCAL_TOPIC_ARN,
        sns_cert_mirror=(env("SNS_CERT_MIRROR") or "").rstrip("/"),
        connect_timeout=float(env("BKASH_CONNECT_TIMEOUT") or 5),
        read_timeout=float(env("BKASH_READ_TIMEOUT") or 20),
        answer_within=float(env("BKASH_ANSWER_WITHIN") or 25),
        **credentials,
    )
