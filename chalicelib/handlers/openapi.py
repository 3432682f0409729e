"""GET /api/openapi.json: the API described from the models each route declares (handlers/document.py)."""
from chalice import Blueprint

from .api import Routes

bp = Blueprint(__name__)
routes = Routes(bp, models="openapi")
_served: dict = {}


@routes.get("/openapi.json", answers={200: "ApiDocument"}, public=True)
def openapi():
    """This document"""
    if not _served:
        from .document import document
        _served.update(document(bp.current_app))
    return _served
