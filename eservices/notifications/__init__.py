"""E-mail through an outbox: written in the transaction of the change, sent by a worker."""

# Sent e-mail is disposed of by the daily retention run.
from eservices.notifications import retention  # noqa: E402, F401
