"""Correction requests: a higher office asks, the owning office applies or rejects."""
from chalice import Blueprint

bp = Blueprint(__name__)
