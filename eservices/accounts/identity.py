"""Identity providers for residents: an OIDC e-ID broker, or the built-in test e-ID.

Both end in an Identity, which accounts.services turns into a logged-in resident.
"""

from dataclasses import dataclass

from authlib.integrations.flask_client import OAuth
from flask import current_app

from eservices import parsers

METHOD_OIDC = "oidc"
METHOD_TEST_EID = "test-eid"


class IdentityError(Exception):
    """The identity provider's answer could not be used to log in."""


@dataclass(frozen=True)
class Identity:
    """A person as the identity provider vouches for them."""

    personnummer: parsers.Personnummer
    given_name: str
    family_name: str
    method: str


def init_oidc(app):
    """Register the e-ID broker with Authlib from the OIDC_* settings."""
    # One registry per app: each app (and each test) may point at a different broker.
    oauth = OAuth(app)
    app.extensions["eid_oauth"] = oauth
    issuer = app.config["OIDC_ISSUER"].rstrip("/")
    oauth.register(
        "eid",
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config["OIDC_CLIENT_SECRET"],
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": app.config["OIDC_SCOPE"]},
    )


def oidc_enabled():
    """True when residents log in through an OIDC broker."""
    return current_app.config["IDENTITY_PROVIDER"] == "oidc"


def test_eid_enabled():
    """True when the built-in test e-ID may be used (never in production)."""
    return bool(current_app.config["TEST_EID_ENABLED"])


def oidc_redirect(redirect_uri, fresh=False):
    """Send the browser to the broker's authorisation endpoint.

    With `fresh`, the broker must ask for the e-ID again (prompt=login, max_age=0) even if it
    remembers the browser: on a shared school computer the last pupil's log-in must not
    carry over to the next.
    """
    if fresh:
        return _client().authorize_redirect(redirect_uri, prompt="login", max_age=0)
    return _client().authorize_redirect(redirect_uri)


def oidc_identity():
    """Finish the OIDC code flow and read the identity from the ID token's claims."""
    try:
        token = _client().authorize_access_token()
    except Exception as exc:  # Authlib raises several types; all mean "no log-in"
        raise IdentityError(str(exc)) from exc
    claims = token.get("userinfo") or _client().userinfo(token=token)
    return identity_from_claims(claims, current_app.config["OIDC_PNR_CLAIM"])


def _client():
    return current_app.extensions["eid_oauth"].eid


def identity_from_claims(claims, pnr_claim, method=METHOD_OIDC):
    """Build an Identity from OIDC claims; the personnummer comes from `pnr_claim`."""
    raw = claims.get(pnr_claim)
    if not raw:
        raise IdentityError(f"the claim {pnr_claim!r} is missing")
    try:
        number = parsers.parse_personnummer(str(raw))
    except parsers.InvalidPersonnummer as exc:
        raise IdentityError(f"the claim {pnr_claim!r} is not a valid personnummer") from exc
    return Identity(
        personnummer=number,
        given_name=str(claims.get("given_name", ""))[:200],
        family_name=str(claims.get("family_name", ""))[:200],
        method=method,
    )


# Test persons for the test e-ID. The numbers are valid but made up for this platform.
TEST_PERSONS = (
    ("199003152387", "Anna", "Andersson"),
    ("198507302399", "Erik", "Johansson"),
    ("200811042381", "Sara", "Karlsson"),
    ("195512242370", "Gunnar", "Nilsson"),
)
