"""Domain errors carry a machine code and a message in Bengali and English."""


class DomainError(Exception):
    status = 400

    def __init__(self, code: str, message_en: str, message_bn: str, details: list | None = None):
        super().__init__(message_en)
        self.code = code
        self.message_en = message_en
        self.message_bn = message_bn
        self.details = details or []


class NotFound(DomainError):
    status = 404


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409
