"""Messaging centre: templates (HQ default, district override), preview, officer-to-officer messages."""
from chalice import Blueprint

bp = Blueprint(__name__)
