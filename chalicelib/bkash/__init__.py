"""bKash adapter: the Tokenized Checkout client, the shared token cache, the IPN (SNS) check.

    from chalicelib.bkash import bkash_client
    client = bkash_client(aws.table(settings().payments_table))   # once per process
    created = client.create(amount_paisa, invoice, callback_url, payer_reference)

See client.py for what each error means for the caller.
"""
import threading

from .client import (BkashClient, CreateResult, PaymentResult, RefundResult, TokenGrant, amount_to_paisa,
                     paisa_to_amount)
from .config import BkashConfig, bkash_config
from .errors import (DUPLICATE_EXECUTE, BkashError, BkashRejected, BkashThrottled, BkashUnauthorized,
                     BkashUnavailable, BkashUnclear, buyer_message)
from .sns import SnsConfirmationError, SnsSignatureError, confirm_subscription, verify_sns
from .tokens import TokenCache

__all__ = [
    "BkashClient", "CreateResult", "PaymentResult", "RefundResult", "TokenGrant", "amount_to_paisa",
    "paisa_to_amount", "BkashConfig", "bkash_config", "DUPLICATE_EXECUTE", "BkashError", "BkashRejected",
    "BkashThrottled", "BkashUnauthorized", "BkashUnavailable", "BkashUnclear", "buyer_message",
    "SnsConfirmationError", "SnsSignatureError", "confirm_subscription", "verify_sns", "TokenCache",
    "bkash_client", "reset",
]

_clients: dict = {}
_clients_lock = threading.Lock()


def bkash_client(table, config: BkashConfig | None = None) -> BkashClient:
    """The process's client for this config, its tokens kept in `table` (key `pk`, a string).

    One client (and so one in-memory token copy) per table and config for the life of the process.
    """
    config = config or bkash_config()
    key = (table.name, config)
    with _clients_lock:
        if key not in _clients:
            cache = TokenCache(table, lambda: BkashClient(config), config.app_key)
            _clients[key] = BkashClient(config, cache)
        return _clients[key]


def reset() -> None:
    """Forget clients and configuration (tests switch environments)."""
    with _clients_lock:
        _clients.clear()
    bkash_config.cache_clear()
