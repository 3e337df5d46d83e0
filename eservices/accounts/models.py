"""People who log in: residents (by e-ID) and staff (by password and TOTP)."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eservices.database import UTCDateTime, utcnow
from eservices.extensions import db
from eservices.permissions import RESIDENT, permissions_for

RESIDENT_KIND = "resident"
STAFF_KIND = "staff"


class User(db.Model):
    """A resident or a member of staff."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    given_name: Mapped[str] = mapped_column(String(200), default="")
    family_name: Mapped[str] = mapped_column(String(200), default="")
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Residents: the personnummer as a keyed hash (unique) and encrypted; never in clear.
    pnr_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    pnr_encrypted: Mapped[str | None] = mapped_column(Text)
    pnr_masked: Mapped[str | None] = mapped_column(String(16))

    # Contact details, used to pre-fill forms: information is given once.
    email: Mapped[str | None] = mapped_column(String(320))
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    phone: Mapped[str | None] = mapped_column(String(40))
    street_address: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    city: Mapped[str | None] = mapped_column(String(100))
    # Notification choices: e-mail on status changes and decisions, and on messages and
    # completion requests. The receipt is always sent.
    notify_status: Mapped[bool] = mapped_column(default=True, server_default=sa_true())
    notify_messages: Mapped[bool] = mapped_column(default=True, server_default=sa_true())
    # Set when a resident removed their account: the row stays so that cases keep their
    # history, with the personal data gone.
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Staff: the log-in address is unique among staff; residents have none.
    login_email: Mapped[str | None] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str | None] = mapped_column(Text)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_secret_encrypted: Mapped[str | None] = mapped_column(Text)
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The last accepted TOTP time step, so a code cannot be replayed.
    totp_last_step: Mapped[int | None] = mapped_column()

    # Roles decide every permission check, so they come with the user. The units and
    # committees a member of staff works in (`units`) are added by eservices.organisation
    # and load only on the pages that show them.
    roles: Mapped[list["RoleAssignment"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    # Flask-Login: the session token this user object was loaded through.
    session_token = None

    @property
    def is_resident(self):
        """True for a resident who logs in with e-ID."""
        return self.kind == RESIDENT_KIND

    @property
    def is_staff(self):
        """True for a member of staff."""
        return self.kind == STAFF_KIND

    @property
    def is_authenticated(self):
        """Flask-Login: a loaded user is a logged-in user."""
        return True

    @property
    def is_anonymous(self):
        """Flask-Login: never anonymous."""
        return False

    def get_id(self):
        """Flask-Login stores the log-in session token, not the user id, in the cookie."""
        return self.session_token

    @property
    def full_name(self):
        """Given and family name."""
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def role_names(self):
        """The names of the roles this person holds."""
        if self.is_resident:
            return {RESIDENT}
        return {assignment.role for assignment in self.roles}

    def can(self, permission):
        """True when one of this person's roles grants `permission`."""
        return self.is_active and permission in permissions_for(self.role_names)

    def __repr__(self):
        return f"<User {self.id} {self.kind}>"


class RoleAssignment(db.Model):
    """A staff member holds a role."""

    __tablename__ = "role_assignments"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(40), primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="roles")


class LoginSession(db.Model):
    """A server-side log-in session: logout and timeouts end it for good."""

    __tablename__ = "login_sessions"
    __table_args__ = (Index("ix_login_sessions_user_id", "user_id"),)

    # SHA-256 of the token in the cookie: a database dump cannot be replayed as a session.
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    method: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ip: Mapped[str | None] = mapped_column(String(45))

    user: Mapped[User] = relationship()


class LoginThrottle(db.Model):
    """Log-in attempts counted under one key (an address, an account from an address, a
    pending second factor) in a fixed window: every worker and server counts in one place."""

    __tablename__ = "login_throttles"
    __table_args__ = (Index("ix_login_throttles_window_start", "window_start"),)

    # SHA-256 of what is counted: no e-mail or IP address is kept here in clear.
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    # When this window's refusals were audited: once per episode, not once per request.
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OidcLoginState(db.Model):
    """A log-in on its way through the e-ID broker: what the callback must match, kept here
    rather than in the cookie, so that a callback is taken once and a replay finds nothing."""

    __tablename__ = "oidc_login_states"
    __table_args__ = (Index("ix_oidc_login_states_created_at", "created_at"),)

    # SHA-256 of the state parameter, which travels through the browser.
    state_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(128))
    code_verifier: Mapped[str] = mapped_column(String(128))
    redirect_uri: Mapped[str] = mapped_column(String(2000))
    # Seconds since the person last proved who they are that this log-in accepts, if asked.
    max_age: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


__all__ = [
    "LoginSession",
    "OidcLoginState",
    "LoginThrottle",
    "RoleAssignment",
    "STAFF_KIND",
    "RESIDENT_KIND",
    "User",
]
