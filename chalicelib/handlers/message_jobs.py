"""Bulk SMS jobs: send, progress, delivery log, suppression list, spend cap; the SQS worker."""
from chalice import Blueprint

bp = Blueprint(__name__)
