"""Receipts and notices: one SMS to one number, at most once for a given key, never retried
(the sending itself is services.sms_sender, shared with the daily scan and bulk jobs)."""
from .sms_sender import send_once

__all__ = ["send_once"]
