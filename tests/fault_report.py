"""A fault report on its way: real small files, and a resident at the step with the photos."""

import io
import struct
import zlib

import pytest

from tests.conftest import csrf_token

PHOTO_STEP = "/e-tjanster/felanmalan/steg/3"


def png(width=1, height=1):
    """A real, tiny PNG image."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack("!I", len(data)) + body + struct.pack("!I", zlib.crc32(body))

    header = struct.pack("!IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\xff\x00\x00" * width)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def post(client, url, data, **kwargs):
    """POST the form of the page at `url`; starting (`…/ansok`) is the service page's form."""
    page = url.removesuffix("/ansok")
    token = csrf_token(client.get(page).text)
    return client.post(url, data={"csrf_token": token, **data}, **kwargs)


@pytest.fixture
def at_photo_step(client, units):
    """An anonymous resident on the fault report's step with the photos."""
    token = csrf_token(client.get("/e-tjanster/felanmalan").text)
    client.post("/e-tjanster/felanmalan/ansok", data={"csrf_token": token})
    post(client, "/e-tjanster/felanmalan/steg/1", {"category": "klotter", "action": "next"})
    post(
        client,
        "/e-tjanster/felanmalan/steg/2",
        {"location__description": "Järntorget", "action": "next"},
    )
    return client


def upload(client, *files, description="Klotter på elskåpet", action="next"):
    """Send the photo step with ``files`` as (name, bytes) pairs."""
    data = {
        "description": description,
        "action": action,
        "photos": [(io.BytesIO(content), name) for name, content in files],
    }
    return post(client, PHOTO_STEP, data, content_type="multipart/form-data")
