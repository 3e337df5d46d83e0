"""The virus-scan hook: clamd's INSTREAM command, when CLAMD_URL is configured.

CLAMD_URL is ``tcp://host:port`` or ``unix:///run/clamav/clamd.ctl``. With no URL files are
stored as "not scanned". When a scanner is configured but does not answer, uploads are
refused rather than stored unscanned.
"""

import socket
import struct
from urllib.parse import urlsplit

from flask import current_app

CHUNK = 64 * 1024


class ScannerUnavailable(Exception):
    """clamd is configured but could not scan the file."""


def enabled():
    """Whether a virus scanner is configured."""
    return bool(current_app.config.get("CLAMD_URL"))


def scan(data):
    """The name of the virus found in ``data``, or None when clamd finds it clean."""
    try:
        with _connect(current_app.config["CLAMD_URL"]) as connection:
            connection.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CHUNK):
                chunk = data[start : start + CHUNK]
                connection.sendall(struct.pack("!L", len(chunk)) + chunk)
            connection.sendall(struct.pack("!L", 0))
            reply = _read_reply(connection)
    except OSError as exc:
        raise ScannerUnavailable(str(exc)) from exc
    # "stream: OK", "stream: Eicar-Signature FOUND" or "... ERROR".
    if reply.endswith(" FOUND"):
        return reply.removeprefix("stream: ").removesuffix(" FOUND")
    if reply.endswith("OK"):
        return None
    raise ScannerUnavailable(reply)


def _connect(url):
    parts = urlsplit(url)
    timeout = current_app.config.get("CLAMD_TIMEOUT", 30)
    if parts.scheme == "unix":
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(timeout)
        connection.connect(parts.path)
        return connection
    if parts.scheme == "tcp":
        return socket.create_connection((parts.hostname, parts.port or 3310), timeout=timeout)
    raise ScannerUnavailable(f"CLAMD_URL must start with tcp:// or unix://, not {url!r}")


def _read_reply(connection):
    reply = b""
    while not reply.endswith(b"\0"):
        chunk = connection.recv(4096)
        if not chunk:
            break
        reply += chunk
    return reply.rstrip(b"\0").decode("utf-8", "replace").strip()
