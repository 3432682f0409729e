"""boto3 clients, created lazily once per process (cold start) and reset between tests."""
from functools import lru_cache, wraps

import boto3
from botocore.config import Config

from ..config import settings
from ..domain.errors import Unavailable

RETRIES = Config(retries={"mode": "standard", "max_attempts": 4}, connect_timeout=3, read_timeout=10)
# A retried Publish that SNS had already accepted would send the SMS twice: no retries.
CONFIG = {"sns": Config(retries={"mode": "standard", "total_max_attempts": 1}, connect_timeout=3, read_timeout=10)}


@lru_cache(maxsize=None)
def client(service: str):
    return boto3.client(service, region_name=settings().region, config=CONFIG.get(service, RETRIES))


@lru_cache(maxsize=None)
def dynamodb():
    return boto3.resource("dynamodb", region_name=settings().region, config=RETRIES)


@lru_cache(maxsize=None)
def table(name: str):
    """One Table object per table and process (building one costs about 0.6 ms; stores are made per request)."""
    return dynamodb().Table(name)


def conditional(write, **request) -> dict | None:
    """Run a conditional write (`table.put_item`, `update_item`, `delete_item`); its answer, or None
    when its condition does not hold, so the caller can say what that means."""
    from botocore.exceptions import ClientError
    try:
        return write(**request) or {}
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return None
        raise


def written(write, **request) -> bool:
    """Run a conditional write; False when its condition does not hold."""
    return conditional(write, **request) is not None


def unavailable_on_failure(call):
    """A store method whose AWS failures (no connection, throttling, a refusal) reach its caller as
    the domain's Unavailable: nothing above the stores names the SDK's errors."""
    @wraps(call)
    def guarded(*args, **kwargs):
        from botocore.exceptions import BotoCoreError, ClientError
        try:
            return call(*args, **kwargs)
        except (BotoCoreError, ClientError) as exc:
            raise Unavailable("service_unavailable", "A service did not answer; try again in a few minutes.",
                              "একটি সেবা সাড়া দেয়নি; কয়েক মিনিট পরে আবার চেষ্টা করুন।") from exc
    return guarded


def reset() -> None:
    """Forget clients and settings (tests switch between moto modes and environments)."""
    client.cache_clear()
    dynamodb.cache_clear()
    table.cache_clear()
    settings.cache_clear()
