"""Domain errors say what went wrong, with a machine code and a message in Bengali and English.

They carry no HTTP status: handlers/errors.py maps each kind to one, in one table.
"""


class DomainError(Exception):
    def __init__(self, code: str, message_en: str, message_bn: str, details: list | None = None):
        super().__init__(message_en)
        self.code = code
        self.message_en = message_en
        self.message_bn = message_bn
        self.details = details or []


class Invalid(DomainError):
    """What was sent is not acceptable (a field, a parameter, a file)."""


class NotFound(DomainError):
    """No such record."""


class OutsideJurisdiction(DomainError):
    """The record or area lies outside the caller's office."""


class NotAllowed(DomainError):
    """Inside the caller's area, but their office may not do this (e.g. edit a subordinate's data)."""


class Conflict(DomainError):
    """The record's state forbids this now (changed meanwhile, duplicate, dissolved)."""


class TooManyAttempts(DomainError):
    """Slowed down after repeated failures; try again later."""


class NotAuthenticated(DomainError):
    """Wrong or missing credentials."""


class Unavailable(DomainError):
    """A service we rely on (storage, a database, a gateway) did not do what was asked; nothing the
    caller asked was done by it; try again later."""
