"""OpenAPI paths and schemas of handlers/officers.py (merged by handlers/openapi.py)."""


def paths() -> dict:
    return {}


def components() -> dict:
    return {}
