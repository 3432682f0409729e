"""OpenAPI paths and schemas of handlers/site_content.py (merged by handlers/openapi.py)."""


def paths() -> dict:
    return {}


def components() -> dict:
    return {}
