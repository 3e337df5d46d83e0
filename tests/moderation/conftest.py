"""A small kind of item, registered only in these tests: notices on a notice board.

It exercises the registry the way proposals and candidate profiles will: its own storage
(a dict here), callbacks that change the item and e-mail its author through the outbox,
an extra field on approval, and open items for the near-duplicate check.
"""

from dataclasses import dataclass, field

import pytest
from wtforms import SelectField

from eservices.forms import choices
from eservices.moderation import services
from eservices.moderation.notify import notify_author
from eservices.moderation.registry import Content, Kind, register_kind

KIND = "notice"


@dataclass
class Notice:
    """An item of the test kind."""

    id: str
    title: str
    body: str
    author_email: str | None = "anna@example.se"
    state: str = "waiting"
    board: str | None = None
    decisions: list = field(default_factory=list)

    @property
    def is_public(self):
        return self.state == "published"


class NoticeBoard:
    """The test kind's storage and callbacks."""

    def __init__(self):
        self.notices = {}
        self.fail_on_approve = False

    def add(self, title="Fler bänkar i Slottsskogen", body="Det behövs fler bänkar.", **kw):
        """Create a notice (not yet in the queue)."""
        notice = Notice(id=str(len(self.notices) + 1), title=title, body=body, **kw)
        self.notices[notice.id] = notice
        return notice

    def submit(self, db, **kw):
        """Create a notice and put it in the queue, committed."""
        notice = self.add(**kw)
        item = services.submit(KIND, notice.id)
        db.session.commit()
        return notice, item

    def publish(self, db, **kw):
        """A notice that is already public (reportable, and a near-duplicate candidate)."""
        notice = self.add(**kw)
        notice.state = "published"
        return notice

    # --- the callbacks --------------------------------------------------------------------

    def load(self, object_id):
        return self.notices.get(object_id)

    def show(self, notice):
        return Content(
            title=notice.title,
            texts=(("Anslagets text", notice.body),),
            author="Anna Andersson",
            facts=(("Område", "Centrum"),),
            public_url=f"/anslag/{notice.id}" if notice.is_public else None,
        )

    def _decided(self, state):
        def callback(notice, decision):
            if self.fail_on_approve and state == "published":
                raise RuntimeError("the kind failed")
            notice.state = state
            notice.decisions.append(decision)
            if state == "published":
                notice.board = decision.extra
            notify_author(decision, to=notice.author_email, title=notice.title)

        return callback

    def open_items(self):
        return [(n.id, f"{n.title}\n\n{n.body}") for n in self.notices.values() if n.is_public]

    def approve_field(self, notice):
        return SelectField(
            "Anslagstavla",
            choices=choices([("centrum", "Centrum"), ("hisingen", "Hisingen")]),
            default="hisingen",
        )

    def kind(self):
        return Kind(
            name=KIND,
            label="Anslag",
            load=self.load,
            show=self.show,
            on_approve=self._decided("published"),
            on_reject=self._decided("rejected"),
            on_request_changes=self._decided("draft"),
            on_remove=self._decided("removed"),
            open_items=self.open_items,
            approve_field=self.approve_field,
            rules="proposal",
        )


@pytest.fixture
def board(app):
    """The notice board, registered as a moderation kind of the test app."""
    notices = NoticeBoard()
    register_kind(app, notices.kind())
    return notices


@pytest.fixture
def moderator(make_staff):
    """A moderator."""
    return make_staff(role="moderator")


@pytest.fixture
def colleague(make_staff):
    """A second moderator."""
    return make_staff(role="moderator")
