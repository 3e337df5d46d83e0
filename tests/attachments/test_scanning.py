"""With clamd configured, every file is scanned before it is kept; no scanner, no upload."""

import socket
import socketserver
import struct
import threading

import pytest
from sqlalchemy import func, select

from eservices.attachments.models import Attachment
from tests.fault_report import png, upload

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class _Clamd(socketserver.StreamRequestHandler):
    """Speaks clamd's INSTREAM: reads length-prefixed chunks, answers OK or FOUND."""

    def handle(self):
        command = b""
        while not command.endswith(b"\0"):
            command += self.rfile.read(1)
        assert command == b"zINSTREAM\0"
        data = b""
        while True:
            (size,) = struct.unpack("!L", self.rfile.read(4))
            if size == 0:
                break
            data += self.rfile.read(size)
        self.server.scanned.append(data)
        if b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE" in data:
            self.wfile.write(b"stream: Eicar-Signature FOUND\0")
        else:
            self.wfile.write(b"stream: OK\0")


@pytest.fixture
def clamd():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Clamd)
    server.scanned = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def app_config(request):
    if "clamd" in request.fixturenames:
        server = request.getfixturevalue("clamd")
        return {"CLAMD_URL": f"tcp://127.0.0.1:{server.server_address[1]}"}
    # A port where nothing listens: the scanner is configured but down.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return {"CLAMD_URL": f"tcp://127.0.0.1:{port}"}


def test_a_clean_file_is_scanned_and_kept(clamd, at_photo_step, db):
    assert upload(at_photo_step, ("gunga.png", png())).status_code == 302
    assert clamd.scanned == [png()]
    assert db.session.scalar(select(Attachment.scan_status)) == "clean"


def test_an_infected_file_is_refused_with_a_message(clamd, at_photo_step, db):
    infected = png() + EICAR  # still a PNG by its first bytes
    response = upload(at_photo_step, ("gunga.png", infected))
    assert "”gunga.png” innehåller virus och sparades inte." in response.text
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0


def test_when_the_configured_scanner_is_down_nothing_unscanned_is_kept(at_photo_step, db):
    response = upload(at_photo_step, ("gunga.png", png()), description="Behåll mig")
    assert response.status_code == 200
    assert "kunde inte kontrolleras mot virus just nu" in response.text
    assert "Behåll mig" in response.text
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0
