"""Cognito's signing keys (JWKS) and ID-token verification.

Keys are fetched once and cached; a token naming an unknown key id may trigger a refetch,
but at most once a minute, so forged tokens cannot make every request fetch the key set.
"""
import re
import threading
import time
from functools import lru_cache

from ..config import settings
from ..domain.jurisdiction import CODE_LENGTH, ROLES, SOCIETY_ROLE

REFETCH_SECONDS = 60


class SigningKeys:
    def __init__(self, url: str):
        import jwt  # PyJWT and cryptography load on first use, not on every cold start
        self.client = jwt.PyJWKClient(url, cache_keys=False, cache_jwk_set=False)
        self.keys: dict = {}
        self.fetched_at = 0.0
        self.lock = threading.Lock()

    def _refresh(self) -> None:
        self.keys = {k.key_id: k for k in self.client.get_signing_keys()}
        self.fetched_at = time.monotonic()

    def key_for(self, kid: str | None):
        import jwt
        with self.lock:
            if kid not in self.keys and (not self.keys or time.monotonic() - self.fetched_at >= REFETCH_SECONDS):
                self._refresh()
            if kid not in self.keys:
                raise jwt.InvalidTokenError("unknown signing key")
            return self.keys[kid]


@lru_cache(maxsize=1)
def signing_keys() -> SigningKeys:
    return SigningKeys(settings().jwks_url)


def verify_token(token: str) -> dict:
    """Claims of a valid Cognito ID token for this app; raises jwt.PyJWTError otherwise."""
    import jwt
    key = signing_keys().key_for(jwt.get_unverified_header(token).get("kid"))
    claims = jwt.decode(token, key.key, algorithms=["RS256"], audience=settings().user_pool_client_id,
                        issuer=settings().jwt_issuer, options={"require": ["exp", "iat", "aud", "iss"]})
    role, office = claims.get("custom:role"), claims.get("custom:office", "")
    # The role must also be a group, which only an administrator can set.
    if role == SOCIETY_ROLE:  # a society's user: their "office" is their society's id
        office_ok = re.fullmatch(r"[0-9a-f]{17}", office) is not None
    else:
        office_ok = role in ROLES and len(office) == CODE_LENGTH[role]
    if claims.get("token_use") != "id" or not office_ok or role not in claims.get("cognito:groups", []):
        raise jwt.InvalidTokenError("not an officer's ID token")
    return claims
