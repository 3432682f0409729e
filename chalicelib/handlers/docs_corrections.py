"""OpenAPI paths and schemas of handlers/corrections.py (merged by handlers/openapi.py)."""


def paths() -> dict:
    return {}


def components() -> dict:
    return {}
