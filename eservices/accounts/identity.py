"""Identity providers for residents: an OIDC e-ID broker, or the built-in test e-ID.

Both end in an Identity, which accounts.services turns into a logged-in resident.
"""

import time
from dataclasses import dataclass

from authlib.integrations.flask_client import OAuth
from flask import current_app, redirect, request, session

from eservices import parsers
from eservices.accounts import oidc_states

METHOD_OIDC = "oidc"
METHOD_TEST_EID = "test-eid"

# Seconds of clock difference with the broker accepted in the ID token's times.
CLOCK_LEEWAY = 60


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
    """Register the e-ID broker with Authlib from the OIDC_* settings, with PKCE (S256)."""
    # One registry per app: each app (and each test) may point at a different broker.
    oauth = OAuth(app)
    app.extensions["eid_oauth"] = oauth
    issuer = app.config["OIDC_ISSUER"].rstrip("/")
    oauth.register(
        "eid",
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config["OIDC_CLIENT_SECRET"],
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": app.config["OIDC_SCOPE"], "code_challenge_method": "S256"},
    )


def oidc_enabled():
    """True when residents log in through an OIDC broker."""
    return current_app.config["IDENTITY_PROVIDER"] == "oidc"


def test_eid_enabled():
    """True when the built-in test e-ID may be used (never in production)."""
    return bool(current_app.config["TEST_EID_ENABLED"])


def oidc_redirect(redirect_uri, *, prompt=None, max_age=None, fresh=False):
    """Send the browser to the broker's authorisation endpoint.

    `prompt="login"` and `max_age=0` ask the person to prove who they are again, even with
    a session at the broker (a vote). `fresh` asks for both: on a shared school computer the
    last pupil's log-in must not carry over to the next. The state, nonce and PKCE verifier
    stay on our side.
    """
    if fresh:
        prompt, max_age = "login", 0
    params = {}
    acr_values = current_app.config["OIDC_ACR_VALUES"]
    if acr_values:
        params["acr_values"] = " ".join(acr_values)
    if prompt:
        params["prompt"] = prompt
    if max_age is not None:
        params["max_age"] = str(max_age)
    authorization = _client().create_authorization_url(redirect_uri, **params)
    oidc_states.save(authorization, redirect_uri, max_age)
    # The state also names this browser: a callback begun in another one is refused.
    session["oidc_state"] = authorization["state"]
    return redirect(authorization["url"])


def oidc_identity():
    """Finish the OIDC code flow and read the identity from the ID token, checked whole:
    signature, issuer, audience, expiry, nonce, level of assurance and, when asked, age."""
    error = request.args.get("error")
    if error:
        raise IdentityError(f"the broker answered {error!r}")
    state = request.args.get("state", "")
    if not state or state != session.pop("oidc_state", None):
        raise IdentityError("the state does not belong to this browser")
    pending = oidc_states.take(state)
    if pending is None:
        raise IdentityError("the state is unknown, used already or expired")
    client = _client()
    try:
        token = client.fetch_access_token(
            redirect_uri=pending.redirect_uri,
            code=request.args.get("code", ""),
            code_verifier=pending.code_verifier,
            state=state,
        )
    except Exception as exc:  # Authlib raises several types; all mean "no log-in"
        raise IdentityError(f"the token request failed: {exc}") from exc
    # Only a signed ID token says who the person is: no userinfo, in the token answer or
    # from its endpoint, is an identity on its own.
    if not token.get("id_token"):
        raise IdentityError("the token response has no ID token")
    client_id = current_app.config["OIDC_CLIENT_ID"]
    try:
        claims = client.parse_id_token(
            token,
            nonce=pending.nonce,
            claims_options={
                "iss": {"essential": True, "values": [client.load_server_metadata()["issuer"]]},
                # Authlib checks azp against our client id when there are several audiences.
                "aud": {"essential": True, "values": [client_id]},
            },
            leeway=CLOCK_LEEWAY,
        )
    except Exception as exc:  # a bad signature, a claim missing or wrong
        raise IdentityError(f"the ID token was refused: {exc}") from exc
    _check_assurance(claims, pending.max_age)
    return identity_from_claims(claims, current_app.config["OIDC_PNR_CLAIM"])


def _check_assurance(claims, max_age):
    acr_values = current_app.config["OIDC_ACR_VALUES"]
    if acr_values and claims.get("acr") not in acr_values:
        raise IdentityError(f"the level of assurance {claims.get('acr')!r} is not accepted")
    if max_age is not None:
        auth_time = claims.get("auth_time")
        if not isinstance(auth_time, int | float):
            raise IdentityError("a fresh log-in was asked for, and auth_time is missing")
        if auth_time < time.time() - max_age - CLOCK_LEEWAY:
            raise IdentityError("a fresh log-in was asked for, and the broker gave an old one")


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
