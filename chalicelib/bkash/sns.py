"""Checking that an IPN really comes from bKash's Amazon SNS topic (research §2.4).

verify_sns() accepts an SNS HTTP(S) envelope only when
  * TopicArn is the one bKash gave us,
  * SigningCertURL is https on SNS's host in that topic's region (sns.<region>.amazonaws.com[.cn]) and
    names a .pem (SNS in another region would take any AWS customer's topic and signing key),
  * it is no older than an hour, and
  * its Signature verifies against that certificate (SignatureVersion "1" = SHA1withRSA, as bKash
    sends; "2" = SHA256withRSA, as moto sends).
Certificates are fetched once per URL per process. On the local stack `mirror` (SNS_CERT_MIRROR)
names where to fetch the certificate's path from instead; the URL in the envelope must still
pass the same check, so a mirror setting cannot widen what is accepted.
"""
import base64
import re
import threading
import time
from datetime import datetime, timezone
from urllib.parse import urlsplit

import urllib3

TOPIC_ARN = re.compile(r"arn:aws(-cn)?:sns:([a-z0-9-]{3,}):[0-9]{12}:[\w.-]{1,256}")
MAX_AGE_SECONDS = 3600
MAX_PEM_BYTES = 64 * 1024
NOTIFICATION_KEYS = ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
CONFIRMATION_KEYS = ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type")
TYPES = {"Notification": NOTIFICATION_KEYS, "SubscriptionConfirmation": CONFIRMATION_KEYS,
         "UnsubscribeConfirmation": CONFIRMATION_KEYS}
HASHES = {"1": "SHA1", "2": "SHA256"}  # SignatureVersion -> hash (cryptography loads on first use)

_pool = urllib3.PoolManager(num_pools=2, maxsize=2)
_TIMEOUT = urllib3.Timeout(connect=3, read=5)
_certificates: dict[str, bytes] = {}
_certificates_lock = threading.Lock()


class SnsSignatureError(ValueError):
    """The envelope is not a genuine message from the expected SNS topic."""


class SnsConfirmationError(RuntimeError):
    """The SubscribeURL could not be visited (network, or SNS did not answer 200)."""


def sns_host(topic_arn: str) -> str:
    """sns.<region>.amazonaws.com[.cn]: the one host that signs for a topic of that region."""
    match = TOPIC_ARN.fullmatch(topic_arn or "")
    if match is None:
        raise SnsSignatureError("unexpected TopicArn")
    return f"sns.{match.group(2)}.amazonaws.com" + (".cn" if match.group(1) else "")


def check_sns_url(url, host: str, what: str = "URL", pem: bool = False):
    """The parsed URL when it is https on `host` (and, for certificates, a .pem)."""
    if not isinstance(url, str):
        raise SnsSignatureError(f"{what} missing")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise SnsSignatureError(f"{what} is not a URL") from None
    if parts.scheme != "https":
        raise SnsSignatureError(f"{what} is not https")
    if parts.username is not None or parts.password is not None or port not in (None, 443):
        raise SnsSignatureError(f"{what} has a user or port")
    if parts.hostname != host:
        raise SnsSignatureError(f"{what} is not on {host}")
    if pem and not parts.path.endswith(".pem"):
        raise SnsSignatureError(f"{what} does not name a .pem certificate")
    return parts


def _mirrored(parts, mirror: str) -> str:
    """Where to fetch: the URL itself, or on the local stack the mirror plus its path (and query)."""
    if not mirror:
        return parts.geturl()
    return mirror.rstrip("/") + parts.path + (f"?{parts.query}" if parts.query else "")


def fetch_certificate(url: str) -> bytes:
    """GET a certificate once per process (SNS certificates are long-lived)."""
    with _certificates_lock:
        if url in _certificates:
            return _certificates[url]
    try:
        response = _pool.request("GET", url, timeout=_TIMEOUT, retries=urllib3.Retry(2, redirect=0),
                                 redirect=False, preload_content=False)
        try:
            body = response.read(MAX_PEM_BYTES + 1)
        finally:
            response.release_conn()
    except urllib3.exceptions.HTTPError as exc:
        raise SnsSignatureError(f"signing certificate could not be fetched ({type(exc).__name__})") from None
    if response.status != 200 or len(body) > MAX_PEM_BYTES:
        raise SnsSignatureError(f"signing certificate could not be fetched (HTTP {response.status})")
    with _certificates_lock:
        _certificates[url] = body
    return body


def string_to_sign(envelope: dict) -> bytes:
    keys = TYPES[envelope["Type"]]
    return "".join(f"{key}\n{envelope[key]}\n" for key in keys if key in envelope).encode("utf-8")


def _timestamp(value) -> float:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise SnsSignatureError("Timestamp is not a date") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def verify_sns(envelope: dict, expected_topic_arn: str, fetch_pem=None, mirror: str = "",
               now: float | None = None) -> None:
    """Returns None for a genuine envelope; raises SnsSignatureError otherwise."""
    if not isinstance(envelope, dict):
        raise SnsSignatureError("not an SNS envelope")
    kind = envelope.get("Type")
    if kind not in TYPES:
        raise SnsSignatureError("unknown message Type")
    required = [k for k in TYPES[kind] if k != "Subject"] + ["SignatureVersion", "Signature", "SigningCertURL"]
    if any(not isinstance(envelope.get(k), str) for k in required):
        raise SnsSignatureError("envelope lacks a required field")
    if "Subject" in envelope and not isinstance(envelope["Subject"], str):
        raise SnsSignatureError("Subject is not text")
    if not expected_topic_arn or envelope["TopicArn"] != expected_topic_arn:
        raise SnsSignatureError("unexpected TopicArn")
    cert_url = check_sns_url(envelope["SigningCertURL"], sns_host(expected_topic_arn), "SigningCertURL", pem=True)
    algorithm = HASHES.get(envelope["SignatureVersion"])
    if algorithm is None:
        raise SnsSignatureError("unsupported SignatureVersion")
    if (time.time() if now is None else now) - _timestamp(envelope["Timestamp"]) > MAX_AGE_SECONDS:
        raise SnsSignatureError("message is older than an hour")
    try:
        signature = base64.b64decode(envelope["Signature"], validate=True)
    except ValueError:
        raise SnsSignatureError("Signature is not base64") from None
    pem = (fetch_pem or fetch_certificate)(_mirrored(cert_url, mirror))
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding, rsa
    try:
        key = x509.load_pem_x509_certificate(pem).public_key()
    except ValueError:
        raise SnsSignatureError("signing certificate is not a PEM certificate") from None
    if not isinstance(key, rsa.RSAPublicKey):
        raise SnsSignatureError("signing certificate does not hold an RSA key")
    try:
        key.verify(signature, string_to_sign(envelope), padding.PKCS1v15(), getattr(hashes, algorithm)())
    except InvalidSignature:
        raise SnsSignatureError("signature does not match") from None


def confirm_subscription(envelope: dict, expected_topic_arn: str, fetch_pem=None, mirror: str = "",
                         now: float | None = None, get=None) -> int:
    """Verify a SubscriptionConfirmation, then visit its SubscribeURL (same host rule). Returns the status.

    `get(url) -> status` may be injected; by default a urllib3 GET with a timeout.
    """
    verify_sns(envelope, expected_topic_arn, fetch_pem=fetch_pem, mirror=mirror, now=now)
    if envelope["Type"] != "SubscriptionConfirmation":
        raise SnsSignatureError("not a SubscriptionConfirmation")
    url = _mirrored(check_sns_url(envelope["SubscribeURL"], sns_host(expected_topic_arn), "SubscribeURL"), mirror)
    if get is not None:
        status = get(url)
    else:
        try:
            status = _pool.request("GET", url, timeout=_TIMEOUT, retries=urllib3.Retry(2, redirect=0),
                                   redirect=False).status
        except urllib3.exceptions.HTTPError as exc:
            raise SnsConfirmationError(f"SubscribeURL could not be reached ({type(exc).__name__})") from None
    if status != 200:
        raise SnsConfirmationError(f"SubscribeURL answered HTTP {status}")
    return status
