"""The status workflow of a case: every allowed transition is here, and nowhere else.

Mottagen ──► Under handläggning ──► Beslutad ──► Avslutad
               │        ▲    └──────────────────► Avslutad (withdrawn, no decision)
               ▼        │
          Komplettering begärd   (the clock pauses while the resident answers)
"""

RECEIVED = "received"
IN_PROGRESS = "in_progress"
AWAITING_INFO = "awaiting_info"
DECIDED = "decided"
CLOSED = "closed"

STATUSES = (RECEIVED, IN_PROGRESS, AWAITING_INFO, DECIDED, CLOSED)
OPEN_STATUSES = (RECEIVED, IN_PROGRESS, AWAITING_INFO)

TRANSITIONS = {
    RECEIVED: {IN_PROGRESS},
    IN_PROGRESS: {AWAITING_INFO, DECIDED, CLOSED},
    AWAITING_INFO: {IN_PROGRESS},
    DECIDED: {CLOSED},
    CLOSED: set(),
}

APPROVED = "approved"
PARTLY_APPROVED = "partly_approved"
REJECTED = "rejected"
DECISIONS = (APPROVED, PARTLY_APPROVED, REJECTED)


class TransitionNotAllowed(Exception):
    """The case cannot go from its status to the one asked for."""

    def __init__(self, current, wanted):
        super().__init__(f"a case cannot go from {current!r} to {wanted!r}")
        self.current, self.wanted = current, wanted


def allowed(current, wanted):
    """Whether a case in status ``current`` may go to ``wanted``."""
    return wanted in TRANSITIONS.get(current, set())


def check(current, wanted):
    """Raise TransitionNotAllowed unless ``current`` → ``wanted`` is allowed."""
    if not allowed(current, wanted):
        raise TransitionNotAllowed(current, wanted)


def next_statuses(current):
    """The statuses a case may go to next, in workflow order."""
    return [status for status in STATUSES if allowed(current, status)]
