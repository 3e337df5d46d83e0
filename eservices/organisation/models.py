"""Units and committees, and who works in them.

A committee (nämnd, styrelse) is a unit of its own kind: it receives cases as a unit does
(a proposal with enough support, for example), so the queue, the handlers' memberships,
assignment and transfer work for it unchanged. What differs is a matter of `kind`: a
committee stands outside the tree of administrations, e-services do not route to it, and
administrators keep it on a page of its own.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eservices.accounts.models import User
from eservices.database import EncryptedText, UTCDateTime, utcnow
from eservices.extensions import db

UNIT = "unit"  # an administration (förvaltning) or a unit (enhet) within one
COMMITTEE = "committee"  # a committee (nämnd) or board (styrelse)
KINDS = (UNIT, COMMITTEE)

unit_memberships = db.Table(
    "unit_memberships",
    db.Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    db.Column("unit_id", ForeignKey("units.id", ondelete="CASCADE"), primary_key=True),
)


class Unit(db.Model):
    """A unit or a committee: a part of the organisation that receives cases."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default=UNIT, server_default=UNIT)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name_sv: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    email: Mapped[str | None] = mapped_column(String(320))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Where each new case is pushed, signed with the secret (see eservices/integrations).
    webhook_url: Mapped[str | None] = mapped_column(String(500))
    webhook_secret: Mapped[str | None] = mapped_column(EncryptedText)

    parent: Mapped["Unit | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Unit"]] = relationship(back_populates="parent")
    # The other side is User.units: every unit and committee a member of staff works in.
    members: Mapped[list[User]] = relationship(secondary=unit_memberships, backref="units")

    @property
    def is_committee(self):
        """A committee or board rather than a unit of an administration."""
        return self.kind == COMMITTEE
