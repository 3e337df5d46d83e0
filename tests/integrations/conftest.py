"""A back-end system on this machine that receives webhooks, and a DNS that the tests own.

No test here asks a real name server: names under example.se resolve as NAMES says, IP
literals and localhost as the system does, anything else not at all.
"""

import hashlib
import hmac
import ipaddress
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from eservices.integrations import services

# The public addresses are example.com's; no test connects to them.
NAMES = {
    "arende.example.se": ["93.184.215.14", "2606:2800:220:1:248:1893:25c8:1946"],
    "intern.example.se": ["10.20.30.40"],
    "halvintern.example.se": ["93.184.215.14", "fd12:3456::1"],
    "lokal.example.se": ["127.0.0.1"],
    "metadata.example.se": ["169.254.169.254"],
}

_real_getaddrinfo = socket.getaddrinfo


class FakeDNS:
    """Answers for names under example.se, changeable during a test (DNS rebinding), and
    counts every look-up of each name."""

    def __init__(self):
        self.names = {name: list(found) for name, found in NAMES.items()}
        self.lookups = []

    def getaddrinfo(self, host, port, family=0, type=0, proto=0, flags=0):  # noqa: A002
        """socket.getaddrinfo as the system's, with our names."""
        self.lookups.append(host)
        if host in self.names:
            result = []
            for text in self.names[host]:
                address = ipaddress.ip_address(text)
                if address.version == 4:
                    result.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (text, port)))
                else:
                    result.append((socket.AF_INET6, socket.SOCK_STREAM, 6, "", (text, port, 0, 0)))
            return result
        try:
            ipaddress.ip_address(host.strip("[]") if isinstance(host, str) else host)
        except ValueError:
            if host != "localhost":
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
        return _real_getaddrinfo(host, port, family, type, proto, flags)


@pytest.fixture(autouse=True)
def dns(monkeypatch):
    """The tests' own DNS (see FakeDNS)."""
    fake = FakeDNS()
    monkeypatch.setattr(socket, "getaddrinfo", fake.getaddrinfo)
    return fake


class Receiver(BaseHTTPRequestHandler):
    """A back-end system that answers 503 to its first ``failures`` requests, then 202;
    it keeps (path, headers, body) of every request, and of those it accepted."""

    def do_POST(self):  # noqa: N802 - the name http.server calls
        body = self.rfile.read(int(self.headers["Content-Length"]))
        server = self.server
        server.requests.append((self.path, dict(self.headers), body))
        if len(server.requests) <= server.failures:
            self.send_response(503)
            self.end_headers()
            self.wfile.write(b"down for maintenance: ask anna.andersson@example.se")
            return
        server.accepted.append((self.path, dict(self.headers), body))
        self.send_response(202)
        self.end_headers()

    def log_message(self, *args):
        pass


def serve(server, failures):
    """Run a receiving ``server`` in a thread until the test ends (a fixture's body)."""
    server.requests, server.accepted, server.failures = [], [], failures
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def receiver():
    """The receiving system on 127.0.0.1, at a free port; down for its first 2 requests."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield from serve(server, failures=2)


@pytest.fixture
def allow_receiver(app):
    """The server's configuration lets webhooks reach the receiver on this machine."""
    app.config["WEBHOOK_ALLOWED_NETWORKS"] = ("127.0.0.1/32",)


@pytest.fixture
def webhook(app, receiver, allow_receiver, units, make_staff, db):
    """The fault-report unit for parks pushes to the receiver; returns the signing secret."""
    admin = make_staff(role="admin")
    return services.set_webhook(units["park-och-natur"], receiver.url + "/cases", actor=admin)


def valid_signature(secret, headers, body):
    """Whether the delivery's signature is the secret's HMAC of timestamp and body."""
    message = headers["X-Eservices-Timestamp"].encode() + b"." + body
    expected = "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, headers["X-Eservices-Signature"])
