"""A webhook reaches only public addresses, unless the configuration allows a network: when
it is saved, and again at every delivery, against a name that changes its answer."""

import ipaddress
import json
import ssl
from datetime import UTC, datetime, timedelta
from http.server import ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import select

from eservices.integrations import addresses, services
from eservices.integrations.models import WebhookDelivery
from tests.conftest import check_page, post_form, staff_client
from tests.integrations.conftest import Receiver, serve


@pytest.fixture
def admin(app, make_staff):
    return staff_client(app, make_staff(role="admin"))


def _save(admin, unit, url):
    response = post_form(admin, f"/admin/enheter/{unit.id}/integrationer", {"webhook-url": url})
    return check_page(response), response.text


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("https://127.0.0.1/hook", "127.0.0.1"),
        ("http://127.0.0.1:9000/hook", "127.0.0.1"),
        ("https://[::1]/hook", "::1"),
        ("http://localhost:9000/hook", "127.0.0.1"),
        ("https://10.1.2.3/hook", "10.1.2.3"),
        ("https://intern.example.se/hook", "10.20.30.40"),
        ("https://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("https://metadata.example.se/", "169.254.169.254"),
        ("https://lokal.example.se/hook", "127.0.0.1"),  # a public-looking name for loopback
        ("https://[::ffff:127.0.0.1]/hook", "127.0.0.1"),
        ("https://192.168.1.1/hook", "192.168.1.1"),
        ("https://[fe80::1]/hook", "fe80::1"),
        # One public address is not enough: every address of the name is checked.
        ("https://halvintern.example.se/hook", "fd12:3456::1"),
    ],
)
def test_an_internal_address_is_refused_when_saved(admin, units, db, url, address):
    page, text = _save(admin, units["felanmalan"], url)
    assert page.title_text.startswith("Fel: ")
    assert "en intern adress" in text and address in text
    assert url[:40] in text  # what was typed is kept
    db.session.expire_all()
    assert units["felanmalan"].webhook_url is None


def test_a_public_address_is_saved(admin, units, db):
    _page, text = _save(admin, units["felanmalan"], "https://arende.example.se/hook")
    assert "Signeringsnyckel" in text
    db.session.expire_all()
    assert units["felanmalan"].webhook_url == "https://arende.example.se/hook"


def test_a_host_that_does_not_resolve_is_refused_with_its_name(admin, units):
    page, text = _save(admin, units["felanmalan"], "https://finns-inte.example.se/hook")
    assert page.title_text.startswith("Fel: ") and "finns-inte.example.se" in text


def test_a_host_name_in_the_message_is_text_not_html(admin, units):
    page, text = _save(admin, units["felanmalan"], "https://x<img src=y>.example.se/hook")
    assert page.title_text.startswith("Fel: ")
    assert "<img src=y>" not in text and "x&lt;img src=y&gt;.example.se" in text


@pytest.mark.parametrize(
    ("allowed", "url"),
    [
        (("10.0.0.0/8",), "https://intern.example.se/hook"),
        (("10.20.30.40",), "https://intern.example.se/hook"),
        (("intern.example.se",), "https://intern.example.se/hook"),
        (("127.0.0.1/32", "::1"), "http://localhost:9000/hook"),
        (("fd12:3456::/32",), "https://halvintern.example.se/hook"),
    ],
)
def test_the_configuration_allows_an_internal_system(app, admin, units, db, allowed, url):
    app.config["WEBHOOK_ALLOWED_NETWORKS"] = allowed
    _page, text = _save(admin, units["felanmalan"], url)
    assert "Signeringsnyckel" in text
    db.session.expire_all()
    assert units["felanmalan"].webhook_url == url


def test_another_network_allowed_does_not_open_this_one(app, admin, units):
    app.config["WEBHOOK_ALLOWED_NETWORKS"] = ("10.99.0.0/16", "annat.example.se")
    page, _text = _save(admin, units["felanmalan"], "https://intern.example.se/hook")
    assert page.title_text.startswith("Fel: ")


@pytest.mark.parametrize(
    ("text", "public"),
    [
        ("93.184.215.14", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("127.0.0.53", False),
        ("0.0.0.0", False),  # noqa: S104 - an address to judge, not to bind to
        ("10.255.255.255", False),
        ("172.16.0.1", False),
        ("100.64.0.1", False),  # shared address space (carrier-grade NAT)
        ("169.254.169.254", False),
        ("224.0.0.1", False),
        ("192.0.0.8", False),
        ("::", False),
        ("fc00::1", False),
        ("fe80::1", False),
        ("::ffff:10.0.0.1", False),
        ("2002:7f00:1::", False),  # 6to4 around 127.0.0.1
        ("64:ff9b::a00:1", False),  # NAT64 to 10.0.0.1
        ("ff02::1", False),
    ],
)
def test_what_counts_as_public(text, public):
    assert addresses.is_public(ipaddress.ip_address(text)) is public


# --- At delivery --------------------------------------------------------------------------


@pytest.fixture
def unit_pointing_at(app, db, units, make_staff):
    """Set the park unit's webhook as an administrator did before addresses were checked."""
    admin = make_staff(role="admin")

    def point(url):
        services.set_webhook(units["park-och-natur"], url, actor=admin)
        return units["park-och-natur"]

    return point


def _deliveries(db):
    db.session.expire_all()
    return db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)).all()


def test_a_delivery_to_a_loopback_address_is_refused_before_it_connects(
    app, db, receiver, unit_pointing_at, make_case
):
    receiver.failures = 0
    unit_pointing_at(receiver.url + "/cases")
    make_case(category="park-och-lekplats")
    assert services.deliver_due() == (0, 1)
    assert receiver.requests == []
    [delivery] = _deliveries(db)
    assert (delivery.last_error, delivery.last_status_code) == ("address_refused", None)


def test_a_name_that_turns_internal_after_saving_is_refused_at_delivery(
    app, db, dns, receiver, units, admin, make_case
):
    receiver.failures = 0
    dns.names["arende.example.se"] = ["93.184.215.14"]
    port = receiver.server_address[1]
    url = f"https://arende.example.se:{port}/cases"
    _page, text = _save(admin, units["park-och-natur"], url)
    assert "Signeringsnyckel" in text
    db.session.expire_all()  # the unit was saved by another session, the request's
    make_case(category="park-och-lekplats")
    dns.names["arende.example.se"] = ["127.0.0.1"]  # DNS rebinding
    assert services.deliver_due() == (0, 1)
    assert receiver.requests == []
    assert _deliveries(db)[0].last_error == "address_refused"


def test_a_delivery_connects_to_the_address_it_checked(
    app, db, dns, receiver, allow_receiver, unit_pointing_at, make_case
):
    receiver.failures = 0
    dns.names["ombytlig.example.se"] = ["127.0.0.1"]
    port = receiver.server_address[1]
    unit_pointing_at(f"http://ombytlig.example.se:{port}/cases")
    make_case(category="park-och-lekplats")
    dns.lookups.clear()
    assert services.deliver_due() == (1, 0)
    # One look-up, checked and then used: a second answer could not steer the connection.
    assert dns.lookups.count("ombytlig.example.se") == 1
    [(_path, headers, body)] = receiver.accepted
    assert headers["Host"] == f"ombytlig.example.se:{port}"
    assert json.loads(body)["event"] == "case.created"


def test_a_host_name_allowed_by_configuration_is_delivered_to(
    app, db, receiver, unit_pointing_at, make_case
):
    receiver.failures = 0
    app.config["WEBHOOK_ALLOWED_NETWORKS"] = ("lokal.example.se",)
    unit_pointing_at(f"http://lokal.example.se:{receiver.server_address[1]}/cases")
    make_case(category="park-och-lekplats")
    assert services.deliver_due() == (1, 0)
    assert len(receiver.accepted) == 1


def test_handlers_see_the_status_and_time_of_an_answer_never_its_body(
    app, db, receiver, webhook, units, make_staff, make_case
):
    receiver.failures = 100
    number = make_case(category="park-och-lekplats").number
    services.deliver_due()
    [delivery] = _deliveries(db)
    assert (delivery.last_status_code, delivery.last_error) == (503, None)
    assert delivery.last_duration_ms is not None and delivery.last_duration_ms >= 0
    client = staff_client(app, make_staff(role="handler", units=[units["park-och-natur"]]))
    page = client.get("/handlaggning/leveranser")
    check_page(page)
    assert number in page.text and "HTTP 503" in page.text and " ms" in page.text
    assert "maintenance" not in page.text and "anna.andersson" not in page.text


def test_handlers_see_why_a_delivery_got_no_answer(
    app, db, receiver, unit_pointing_at, units, make_staff, make_case
):
    unit_pointing_at(receiver.url + "/cases")
    make_case(category="park-och-lekplats")
    services.deliver_due()
    client = staff_client(app, make_staff(role="handler", units=[units["park-och-natur"]]))
    page = client.get("/handlaggning/leveranser")
    check_page(page)
    assert "Stoppad: adressen leder till ett internt nät" in page.text


# --- TLS through the checked address --------------------------------------------------------


def _certificate(tmp_path, name):
    """A self-signed certificate for ``name``; returns (certificate file, key file)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / f"{name}.pem", tmp_path / f"{name}.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@pytest.fixture
def tls_receiver(tmp_path, monkeypatch):
    """The receiving system over TLS on 127.0.0.1, with a certificate for arende.example.se
    that the delivery trusts."""
    cert_file, key_file = _certificate(tmp_path, "arende.example.se")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert_file))
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    yield from serve(server, failures=0)


@pytest.mark.parametrize(
    ("host", "delivered"), [("arende.example.se", True), ("annan.example.se", False)]
)
def test_tls_checks_the_certificate_against_the_name_not_the_address(
    app, db, dns, tls_receiver, allow_receiver, unit_pointing_at, make_case, host, delivered
):
    # Both names lead to the receiver, whose certificate is for arende.example.se only.
    dns.names[host] = ["127.0.0.1"]
    unit_pointing_at(f"https://{host}:{tls_receiver.server_address[1]}/cases")
    make_case(category="park-och-lekplats")
    services.deliver_due()
    [delivery] = _deliveries(db)
    if delivered:
        assert delivery.status == "delivered"
        [(_path, headers, _body)] = tls_receiver.accepted
        assert headers["Host"] == f"{host}:{tls_receiver.server_address[1]}"
    else:
        assert (delivery.status, delivery.last_error) == ("pending", "tls")
        assert tls_receiver.accepted == []
