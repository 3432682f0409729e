"""Public site content: notices, photos, visitor counter, office about pages."""
from chalice import Blueprint

bp = Blueprint(__name__)
