"""GET /api/openapi.json (handlers/document.py)."""
from pydantic import BaseModel, ConfigDict


class ApiDocument(BaseModel):
    model_config = ConfigDict(extra="allow", defer_build=True)
    openapi: str
    paths: dict
