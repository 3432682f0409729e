"""IPN envelopes: genuine ones (SignatureVersion 1 and 2) pass, anything forged or misaddressed fails."""
import base64
import json
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

from chalicelib.bkash import sns
from chalicelib.bkash.sns import (SnsConfirmationError, SnsSignatureError, confirm_subscription, string_to_sign,
                                  verify_sns)

TOPIC = "arn:aws:sns:ap-southeast-1:000000000000:bpt_01700000000"
CERT_URL = "https://sns.ap-southeast-1.amazonaws.com/SimpleNotificationService-samabay-sim.pem"
NOW = datetime(2026, 5, 1, 10, 0, tzinfo=timezone.utc)


def certificate(key) -> bytes:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sns.amazonaws.com"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Amazon")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(NOW - timedelta(days=1))
            .not_valid_after(NOW + timedelta(days=365)).sign(key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.PEM)


@pytest.fixture(scope="module")
def key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def pem(key):
    return certificate(key)


@pytest.fixture
def fetched(pem):
    urls = []

    def fetch(url):
        urls.append(url)
        return pem
    fetch.urls = urls
    return fetch


def sign(envelope: dict, key, version: str = "1") -> dict:
    envelope = {**envelope, "SignatureVersion": version}
    algorithm = hashes.SHA1() if version == "1" else hashes.SHA256()
    envelope["Signature"] = base64.b64encode(key.sign(string_to_sign(envelope), padding.PKCS1v15(),
                                                      algorithm)).decode()
    return envelope


def notification(key, version="1", **overrides) -> dict:
    message = {"dateTime": "20260501155959", "debitMSISDN": "8801770618575", "creditOrganizationName": "Samabay",
               "creditShortCode": "01700000000", "trxID": "AIB10DO2ON", "transactionStatus": "Completed",
               "transactionType": "10002294", "amount": "500.00", "currency": "BDT",
               "merchantInvoiceNumber": "ORD-1-1"}
    envelope = {"Type": "Notification", "MessageId": "5f1c-01", "TopicArn": TOPIC, "Message": json.dumps(message),
                "Timestamp": (NOW - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                "SigningCertURL": CERT_URL,
                "UnsubscribeURL": "https://sns.ap-southeast-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=x"}
    envelope.update(overrides)
    return sign(envelope, key, version)


def confirmation(key, version="1", **overrides) -> dict:
    envelope = {"Type": "SubscriptionConfirmation", "MessageId": "5f1c-02", "Token": "2336412f37fb",
                "TopicArn": TOPIC, "Message": "You have chosen to subscribe to the topic " + TOPIC,
                "SubscribeURL": "https://sns.ap-southeast-1.amazonaws.com/?Action=ConfirmSubscription"
                                "&TopicArn=" + TOPIC + "&Token=2336412f37fb",
                "Timestamp": (NOW - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                "SigningCertURL": CERT_URL}
    envelope.update(overrides)
    return sign(envelope, key, version)


def check(envelope, fetch, **kw):
    return verify_sns(envelope, TOPIC, fetch_pem=fetch, now=NOW.timestamp(), **kw)


@pytest.mark.parametrize("version", ["1", "2"])
def test_genuine_notifications_pass(key, fetched, version):
    assert check(notification(key, version), fetched) is None
    assert fetched.urls == [CERT_URL]


def test_a_subject_is_signed_too(key, fetched):
    envelope = notification(key, Subject="bKash IPN")
    check(envelope, fetched)
    with pytest.raises(SnsSignatureError):
        check({**envelope, "Subject": "other"}, fetched)


@pytest.mark.parametrize("version", ["1", "2"])
def test_genuine_confirmations_pass(key, fetched, version):
    check(confirmation(key, version), fetched)
    check(confirmation(key, version, Type="UnsubscribeConfirmation"), fetched)


def test_a_tampered_message_fails(key, fetched):
    envelope = notification(key)
    envelope["Message"] = envelope["Message"].replace("500.00", "5000.00")
    with pytest.raises(SnsSignatureError, match="signature"):
        check(envelope, fetched)


def test_a_signature_by_another_key_fails(key, fetched):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(SnsSignatureError):
        check(notification(other), fetched)


def test_a_sha1_signature_claiming_version_2_fails(key, fetched):
    envelope = notification(key, "1")
    envelope["SignatureVersion"] = "2"
    with pytest.raises(SnsSignatureError):
        check(envelope, fetched)


def test_another_topic_fails_even_when_signed(key, fetched):
    with pytest.raises(SnsSignatureError, match="TopicArn"):
        check(notification(key, TopicArn="arn:aws:sns:ap-southeast-1:000000000000:bpt_01999999999"), fetched)
    assert fetched.urls == []  # refused before any certificate is fetched
    with pytest.raises(SnsSignatureError):
        verify_sns(notification(key), "", fetch_pem=fetched, now=NOW.timestamp())


@pytest.mark.parametrize("url", [
    "http://sns.ap-southeast-1.amazonaws.com/SimpleNotificationService-x.pem",
    "https://example.com/SimpleNotificationService-x.pem",
    "https://sns.ap-southeast-1.amazonaws.com.evil.com/SimpleNotificationService-x.pem",
    "https://sns.amazonaws.com.evil.com/x.pem",
    "https://evilsns.ap-southeast-1.amazonaws.com/x.pem",
    "https://sns.ap-southeast-1.amazonaws.com/SimpleNotificationService-x.txt",
    "https://sns.ap-southeast-1.amazonaws.com/x.pem.exe",
    "https://sns.ap-southeast-1.amazonaws.com@evil.com/x.pem",
    "https://sns.ap-southeast-1.amazonaws.com:8443/x.pem",
    "https://sns.ab.amazonaws.com/x.pem",
    "//sns.ap-southeast-1.amazonaws.com/x.pem",
    "",
    # SNS in another region than the topic's: any AWS customer can make a topic there and sign with its key
    "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-x.pem",
    "https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-x.pem",
])
def test_certificates_only_from_amazon_sns_of_the_topics_region_over_https(key, fetched, url):
    with pytest.raises(SnsSignatureError):
        check(notification(key, SigningCertURL=url), fetched)
    assert fetched.urls == []


def test_china_regions_are_sns_hosts_too(key, fetched):
    url = "https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-x.pem"
    topic = "arn:aws-cn:sns:cn-north-1:000000000000:bpt_01700000000"
    verify_sns(notification(key, SigningCertURL=url, TopicArn=topic), topic, fetch_pem=fetched, now=NOW.timestamp())
    assert fetched.urls == [url]


def test_a_stale_message_fails(key, fetched):
    old = (NOW - timedelta(hours=1, seconds=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    with pytest.raises(SnsSignatureError, match="older"):
        check(notification(key, Timestamp=old), fetched)
    fine = (NOW - timedelta(minutes=59)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    check(notification(key, Timestamp=fine), fetched)
    with pytest.raises(SnsSignatureError):
        check(notification(key, Timestamp="yesterday"), fetched)


@pytest.mark.parametrize("change", [
    {"Type": "Gossip"}, {"SignatureVersion": "3"}, {"Signature": "not base64!"}, {"Signature": None},
    {"MessageId": None}, {"Message": {"trxID": "x"}}])
def test_malformed_envelopes_fail(key, fetched, change):
    envelope = notification(key)
    for name, value in change.items():
        if value is None:
            envelope.pop(name)
        else:
            envelope[name] = value
    with pytest.raises(SnsSignatureError):
        check(envelope, fetched)
    with pytest.raises(SnsSignatureError):
        check("not a dict", fetched)


def test_a_certificate_that_is_not_rsa_or_not_pem_fails(key):
    ec_pem = certificate(ec.generate_private_key(ec.SECP256R1()))
    with pytest.raises(SnsSignatureError):
        check(notification(key), lambda url: ec_pem)
    with pytest.raises(SnsSignatureError):
        check(notification(key), lambda url: b"<html>not a certificate</html>")


def test_the_mirror_serves_the_path_but_the_envelope_url_is_still_checked(key, fetched):
    mirror = "http://127.0.0.1:8100"
    check(notification(key), fetched, mirror=mirror)
    assert fetched.urls == ["http://127.0.0.1:8100/SimpleNotificationService-samabay-sim.pem"]
    for url in ("http://127.0.0.1:8100/SimpleNotificationService-samabay-sim.pem",
                "https://sns.ap-southeast-1.amazonaws.com.evil.com/SimpleNotificationService-samabay-sim.pem"):
        with pytest.raises(SnsSignatureError):
            check(notification(key, SigningCertURL=url), fetched, mirror=mirror)
    assert len(fetched.urls) == 1


@pytest.fixture
def cert_server(pem):
    """Serves the certificate at any .pem path and records every GET (stands in for the mirror)."""
    gets = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            gets.append(self.path)
            body = pem if self.path.endswith(".pem") else b"<ConfirmSubscriptionResponse/>"
            self.send_response(200 if not self.path.startswith("/missing") else 404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    sns._certificates.clear()
    yield f"http://127.0.0.1:{server.server_port}", gets
    server.shutdown()
    server.server_close()
    sns._certificates.clear()


def test_the_default_fetcher_uses_the_mirror_and_caches_per_url(key, cert_server):
    mirror, gets = cert_server
    verify_sns(notification(key), TOPIC, mirror=mirror, now=NOW.timestamp())
    verify_sns(notification(key, "2"), TOPIC, mirror=mirror, now=NOW.timestamp())
    assert gets == ["/SimpleNotificationService-samabay-sim.pem"]


def test_a_certificate_that_cannot_be_fetched_fails(key, cert_server):
    mirror, gets = cert_server
    url = "https://sns.ap-southeast-1.amazonaws.com/missing.pem"
    with pytest.raises(SnsSignatureError, match="fetched"):
        verify_sns(notification(key, SigningCertURL=url), TOPIC, mirror=mirror, now=NOW.timestamp())


def test_confirming_a_subscription_visits_the_subscribe_url(key, fetched):
    visited = []
    envelope = confirmation(key)
    assert confirm_subscription(envelope, TOPIC, fetch_pem=fetched, now=NOW.timestamp(),
                                get=lambda url: visited.append(url) or 200) == 200
    assert visited == [envelope["SubscribeURL"]]


def test_confirming_through_the_mirror(key, cert_server):
    mirror, gets = cert_server
    confirm_subscription(confirmation(key), TOPIC, mirror=mirror, now=NOW.timestamp())
    assert gets[-1] == "/?Action=ConfirmSubscription&TopicArn=" + TOPIC + "&Token=2336412f37fb"


@pytest.mark.parametrize("url", ["http://sns.ap-southeast-1.amazonaws.com/?Action=ConfirmSubscription",
                                 "https://sns.ap-southeast-1.amazonaws.com.evil.com/?Action=ConfirmSubscription",
                                 "https://evil.com/?Action=ConfirmSubscription",
                                 "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription"])
def test_a_subscribe_url_off_amazon_is_never_visited(key, fetched, url):
    visited = []
    with pytest.raises(SnsSignatureError):
        confirm_subscription(confirmation(key, SubscribeURL=url), TOPIC, fetch_pem=fetched, now=NOW.timestamp(),
                             get=visited.append)
    assert visited == []


def test_only_subscription_confirmations_are_confirmed(key, fetched):
    with pytest.raises(SnsSignatureError):
        confirm_subscription(notification(key), TOPIC, fetch_pem=fetched, now=NOW.timestamp(), get=lambda u: 200)
    with pytest.raises(SnsConfirmationError):
        confirm_subscription(confirmation(key), TOPIC, fetch_pem=fetched, now=NOW.timestamp(), get=lambda u: 403)
