"""OpenAPI paths and schemas of handlers/message_jobs.py (merged by handlers/openapi.py)."""


def paths() -> dict:
    return {}


def components() -> dict:
    return {}
