"""The audit log: recording, chaining each entry to the one before, and, for
administrators, browsing."""

# Appends are chained by a flush hook, wherever an entry is recorded from.
from eservices.audit import chain  # noqa: E402, F401
