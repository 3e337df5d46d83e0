"""Account rules: resident log-in by e-ID, staff log-in, invitations, profiles."""

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from eservices import crypto, keys
from eservices.accounts import credentials, sessions, throttling
from eservices.accounts.models import RESIDENT_KIND, STAFF_KIND, RoleAssignment, User
from eservices.audit import services as audit
from eservices.database import transaction, utcnow
from eservices.extensions import db
from eservices.notifications import services as notifications

PNR_PURPOSE = "personnummer"


class AccountError(Exception):
    """A rule about accounts was broken; `code` says which."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def pnr_lookup_hash(number):
    """The keyed hash by which a resident is found from their personnummer."""
    return crypto.lookup_hash(number.normalized, purpose=PNR_PURPOSE)


def find_resident(number):
    """The resident with this personnummer, or None; found by the current PNR_HMAC_KEY or
    by one of PNR_HMAC_PREVIOUS_KEYS while they are being rotated out."""
    hashes = crypto.lookup_hashes(number.normalized, purpose=PNR_PURPOSE)
    found = db.session.scalars(select(User).where(User.pnr_hash.in_(hashes))).all()
    return min(found, key=lambda user: hashes.index(user.pnr_hash), default=None)


def rehash_resident(user, number):
    """Move the resident's look-up hash to the current key (the caller commits)."""
    user.pnr_hash = pnr_lookup_hash(number)


def rehash_residents(batch_size=500):
    """Move every resident's look-up hash to the current key, from the encrypted number.

    Returns (changed, could not be changed): a number no field key decrypts, or a hash that
    another account already holds under the current key, is left for people to look at.
    """
    changed = failed = 0
    last_id = 0
    while True:
        batch = db.session.scalars(
            select(User)
            .where(User.id > last_id, User.pnr_encrypted.is_not(None))
            .order_by(User.id)
            .limit(batch_size)
        ).all()
        if not batch:
            return changed, failed
        for user in batch:
            try:
                current = crypto.lookup_hash(
                    crypto.decrypt(user.pnr_encrypted), purpose=PNR_PURPOSE
                )
            except ValueError:
                failed += 1
                continue
            if current == user.pnr_hash:
                continue
            try:
                with db.session.begin_nested():
                    user.pnr_hash = current
                changed += 1
            except IntegrityError:
                failed += 1
        db.session.commit()
        last_id = batch[-1].id


keys.register_rehash("users.pnr_hash", rehash_residents)


def get_or_create_resident(number, given_name="", family_name=""):
    """Find the resident by personnummer or create them; safe against concurrent first log-ins.

    The caller owns the transaction; on a lost race the winner's row is returned.
    """
    user = find_resident(number)
    if user is not None:
        rehash_resident(user, number)
        return user
    user = User(
        kind=RESIDENT_KIND,
        given_name=given_name,
        family_name=family_name,
        pnr_hash=pnr_lookup_hash(number),
        pnr_encrypted=crypto.encrypt(number.normalized),
        pnr_masked=number.masked,
    )
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError:
        # Another request created the same resident a moment ago: use that row.
        return find_resident(number)
    audit.record("resident.created", user, actor=user)
    return user


def log_in_resident(identity):
    """Log a resident in from an e-ID identity, creating the account on first visit."""
    with transaction():
        user = get_or_create_resident(
            identity.personnummer, identity.given_name, identity.family_name
        )
        if not user.is_active:
            raise AccountError("inactive")
        # The e-ID is the authority on names: keep them current.
        if identity.given_name:
            user.given_name = identity.given_name
        if identity.family_name:
            user.family_name = identity.family_name
        sessions.start(user, identity.method)
        audit.record("login.success", user, actor=user, method=identity.method)
    return user


def log_out(user):
    """End the person's current session for good, and record it."""
    with transaction():
        audit.record("logout", user, actor=user)
        sessions.end()


def reveal_personnummer(user):
    """The resident's personnummer in clear. Callers that are staff must audit the view."""
    return crypto.decrypt(user.pnr_encrypted) if user.pnr_encrypted else None


# --- Staff -----------------------------------------------------------------------------


def normalise_email(email):
    """E-mail addresses compare case-insensitively."""
    return (email or "").strip().lower()


def find_staff(email):
    """The staff member with this log-in address, or None."""
    return db.session.scalar(
        select(User).where(User.kind == STAFF_KIND, User.login_email == normalise_email(email))
    )


def check_staff_password(email, password, address=None):
    """The active staff member whose credentials these are, or None. Records failures.

    Raises throttling.Throttled, without checking, after too many failures (throttling.py).
    """
    counters = throttling.password_counters(normalise_email(email)[:320], address)
    throttling.attempt(counters)
    user = find_staff(email)
    ok = credentials.verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_active:
        with transaction():
            audit.record(
                "login.failure",
                actor=None,
                object_type="users",
                object_id=user.id if user else None,
                email=normalise_email(email)[:320],
                reason="inactive" if ok and user is not None else "password",
            )
        return None
    throttling.succeeded(counters)
    return user


def needs_totp_enrolment(user):
    """True when the person's roles require two-factor log-in and none is set up."""
    required = current_app.config["TOTP_REQUIRED_ROLES"]
    return not user.totp_enabled_at and ("*" in required or bool(user.role_names & required))


def complete_staff_login(user, method):
    """Start the staff member's session after every factor has been checked."""
    with transaction():
        sessions.start(user, method)
        audit.record("login.success", user, actor=user, method=method)


def check_totp(user, code, address=None):
    """Verify a TOTP code (one use per code) and record a failure.

    Raises throttling.Throttled, without checking, after too many failures.
    """
    counters = throttling.code_counters(user.id, address)
    throttling.attempt(counters, user_id=user.id)
    with transaction():
        ok = credentials.verify_totp(user, code)
        if not ok:
            audit.record("login.failure", user, actor=None, reason="totp")
    if ok:
        throttling.succeeded(counters)
    return ok


def enable_totp(user, secret, code):
    """Turn on two-factor log-in once the person proves their app shows the right code."""
    step = credentials.matching_totp_step(secret, code)
    if step is None:
        return False
    with transaction():
        user.totp_secret_encrypted = crypto.encrypt(secret)
        user.totp_enabled_at = utcnow()
        user.totp_last_step = step
        # During an enrolment forced at log-in nobody is logged in yet: the person acts.
        audit.record("totp.enabled", user, actor=user)
    return True


def disable_totp(user, *, actor=None):
    """Turn off two-factor log-in (an administrator resets it for a lost phone)."""
    with transaction():
        user.totp_secret_encrypted = None
        user.totp_enabled_at = None
        user.totp_last_step = None
        audit.record("totp.disabled", user, actor=actor)


def create_staff(
    email, given_name, family_name, *, roles=(), units=(), committees=(), password=None, actor=None
):
    """Create a staff account; without a password an invitation is e-mailed."""
    with transaction():
        if find_staff(email) is not None:
            raise AccountError("email_taken")
        user = User(
            kind=STAFF_KIND,
            login_email=normalise_email(email),
            email=normalise_email(email),
            given_name=given_name,
            family_name=family_name,
            units=[*units, *committees],
        )
        if password:
            user.password_hash = credentials.hash_password(password)
            user.password_changed_at = utcnow()
        db.session.add(user)
        db.session.flush()
        audit.record("user.created", user, actor=actor, email=user.login_email)
        _apply_roles(user, set(roles), actor=actor)
        if not password:
            _queue_invitation(user)
    return user


def update_staff(
    user, *, given_name, family_name, email, is_active, roles, units, committees, actor
):
    """Change a staff account; every role and membership change is audited.

    Raises AccountError("email_taken") or AccountError("last_admin"): the last active
    administrator can neither lose the role nor be deactivated.
    """
    with transaction():
        losing_admin = "admin" not in roles or not is_active
        if (
            user.is_active
            and "admin" in user.role_names
            and losing_admin
            and len(_lock_active_admins()) <= 1
        ):
            raise AccountError("last_admin")
        email = normalise_email(email)
        if email != user.login_email:
            other = find_staff(email)
            if other is not None and other.id != user.id:
                raise AccountError("email_taken")
        changed = {}
        for field, value in (
            ("given_name", given_name),
            ("family_name", family_name),
            ("login_email", email),
        ):
            if getattr(user, field) != value:
                changed[field] = value
                setattr(user, field, value)
        user.email = email
        if changed:
            audit.record("user.updated", user, actor=actor, **changed)
        if is_active != user.is_active:
            user.is_active = is_active
            audit.record("user.activated" if is_active else "user.deactivated", user, actor=actor)
            if not is_active:
                sessions.end_all_for(user)
        _apply_roles(user, set(roles), actor=actor)
        _apply_memberships(user, list(units), "unit_membership.changed", actor)
        _apply_memberships(
            user, list(committees), "committee_membership.changed", actor, committees=True
        )
    return user


def _apply_roles(user, wanted, *, actor):
    current = {assignment.role for assignment in user.roles}
    for role in sorted(wanted - current):
        user.roles.append(RoleAssignment(role=role))
        audit.record("role.granted", user, actor=actor, role=role)
    for assignment in [a for a in user.roles if a.role in current - wanted]:
        user.roles.remove(assignment)
        audit.record("role.revoked", user, actor=actor, role=assignment.role)


def _apply_memberships(user, wanted, action, actor, *, committees=False):
    """Set the units (or the committees) the user works in; the other kind stays as it is."""
    before = {item.slug for item in user.units if item.is_committee == committees}
    after = {item.slug for item in wanted}
    if before != after:
        user.units = [item for item in user.units if item.is_committee != committees] + wanted
        audit.record(
            action, user, actor=actor, added=sorted(after - before), removed=sorted(before - after)
        )


def _lock_active_admins():
    # Locking the rows (on PostgreSQL) makes two administrators who demote each other at the
    # same moment take turns, so the second sees that only one is left.
    query = (
        select(RoleAssignment.user_id)
        .join(User)
        .where(RoleAssignment.role == "admin", User.is_active.is_(True))
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(of=RoleAssignment)
    return db.session.scalars(query).all()


# --- Signed links: staff invitations and e-mail confirmation ---------------------------------


def _serializer(salt):
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _password_fingerprint(user):
    # Changes when the password does, so an invitation or reset link works only once.
    return hashlib.sha256((user.password_hash or "none").encode()).hexdigest()[:16]


def invitation_token(user):
    """A signed, single-use link token for setting a staff password."""
    return _serializer("staff-password").dumps([user.id, _password_fingerprint(user)])


def user_for_invitation(token):
    """The staff member an invitation token belongs to, or None if it is spent or expired."""
    max_age = current_app.config["INVITATION_MAX_AGE"].total_seconds()
    try:
        user_id, fingerprint = _serializer("staff-password").loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired, ValueError, TypeError):
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.is_staff or _password_fingerprint(user) != fingerprint:
        return None
    return user


def set_staff_password(user, password, *, actor=None):
    """Store a new password and end the person's other sessions."""
    with transaction():
        user.password_hash = credentials.hash_password(password)
        user.password_changed_at = utcnow()
        sessions.end_all_for(user)
        audit.record("password.set", user, actor=actor or user)


def send_invitation(user, *, actor=None):
    """E-mail a (new) link for setting a password."""
    with transaction():
        _queue_invitation(user)
        audit.record("email.confirmation_sent", user, actor=actor, purpose="invitation")


def _queue_invitation(user):
    notifications.queue_email(
        to=user.login_email,
        template="staff_invitation",
        language="sv",
        name=user.full_name,
        link_endpoint=("accounts.set_password", {"token": invitation_token(user)}),
    )


def email_confirmation_token(user, email):
    """A signed token proving that whoever holds it received mail at `email`."""
    return _serializer("confirm-email").dumps([user.id, normalise_email(email)])


def confirm_email(token):
    """Mark the address in the token as confirmed; returns the user or raises AccountError."""
    max_age = current_app.config["EMAIL_TOKEN_MAX_AGE"].total_seconds()
    try:
        user_id, email = _serializer("confirm-email").loads(token, max_age=max_age)
    except SignatureExpired:
        raise AccountError("expired") from None
    except (BadSignature, ValueError, TypeError):
        raise AccountError("invalid") from None
    with transaction():
        user = db.session.get(User, user_id)
        if user is None or normalise_email(user.email) != email:
            raise AccountError("invalid")
        if user.email_confirmed_at is None:
            user.email_confirmed_at = utcnow()
            audit.record("email.confirmed", user, actor=user)
    return user


def update_profile(
    user,
    *,
    email,
    phone,
    street_address,
    postal_code,
    city,
    language,
    notify_status=True,
    notify_messages=True,
):
    """Save a resident's contact details and notification choices; a new e-mail address must
    be confirmed again."""
    with transaction():
        user.notify_status, user.notify_messages = notify_status, notify_messages
        new_email = normalise_email(email) or None
        email_changed = new_email != user.email
        user.phone = phone or None
        user.street_address = street_address or None
        user.postal_code = postal_code or None
        user.city = city or None
        if email_changed:
            user.email = new_email
            user.email_confirmed_at = None
            if new_email:
                notifications.queue_email(
                    to=new_email,
                    template="confirm_email",
                    language=language,
                    name=user.full_name,
                    link_endpoint=(
                        "accounts.confirm_email",
                        {"token": email_confirmation_token(user, new_email)},
                    ),
                )
        audit.record("profile.updated", user, actor=user, email_changed=email_changed)
    return email_changed
