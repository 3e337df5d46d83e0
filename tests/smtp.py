"""A real SMTP server on localhost (aiosmtpd) that keeps what it receives."""

import socket
import time

from aiosmtpd.controller import Controller


class Collector:
    """An SMTP handler that keeps what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(envelope)
        return "250 OK"

    def wait_for(self, count, seconds=5):
        """Wait until ``count`` messages have arrived (or the time is up)."""
        deadline = time.time() + seconds
        while len(self.messages) < count and time.time() < deadline:
            time.sleep(0.05)


def free_port():
    """A TCP port on localhost that nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port):
    """Start an SMTP server on ``port``; returns (controller, collector)."""
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, collector
