"""Resident log-in through an OIDC e-ID broker, against a real local provider over HTTP."""

import base64
import hashlib
import secrets
import threading
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from flask import Flask, jsonify, redirect, request
from joserfc import jwt
from joserfc.jwk import RSAKey
from sqlalchemy import select
from werkzeug.serving import make_server

from eservices.accounts.models import User

PNR_CLAIM = "https://id.oidc.se/claim/personalIdentityNumber"
CLIENT_ID = "eservices"
CLIENT_SECRET = "broker-secret"


LOA3 = "http://id.elegnamnden.se/loa/1.0/loa3"


class Broker:
    """A minimal OpenID provider: discovery, authorize, token, userinfo and JWKS.

    Its answers can be crafted as a hostile or broken broker's would be: `claims` changes the
    ID token, `omit_id_token` leaves it out, `token_extra` adds to the token answer, and
    `reuse_codes` lets a code be used again. Like a real provider, it checks the PKCE verifier
    when the request carried a challenge.
    """

    def __init__(self):
        self.key = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig"})
        self.codes = {}
        self.person = {PNR_CLAIM: "199003152387", "given_name": "Anna", "family_name": "Andersson"}
        self.claims = {}
        self.omit_id_token = False
        self.token_extra = {}
        self.reuse_codes = False
        self.authorize_requests = []
        self.app = Flask("broker")
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self._routes()

    def _routes(self):
        app = self.app

        @app.get("/.well-known/openid-configuration")
        def discovery():
            return jsonify(
                issuer=self.issuer,
                authorization_endpoint=f"{self.issuer}/authorize",
                token_endpoint=f"{self.issuer}/token",
                userinfo_endpoint=f"{self.issuer}/userinfo",
                jwks_uri=f"{self.issuer}/jwks",
                response_types_supported=["code"],
                subject_types_supported=["public"],
                id_token_signing_alg_values_supported=["RS256"],
                code_challenge_methods_supported=["S256"],
            )

        @app.get("/jwks")
        def jwks():
            return jsonify(keys=[self.key.as_dict(private=False)])

        @app.get("/userinfo")
        def userinfo():
            return jsonify(sub="anna", **self.person)

        @app.get("/authorize")
        def authorize():
            self.authorize_requests.append(request.args.to_dict())
            code = secrets.token_urlsafe(16)
            self.codes[code] = request.args.to_dict()
            query = urlencode({"code": code, "state": request.args["state"]})
            return redirect(f"{request.args['redirect_uri']}?{query}")

        @app.post("/token")
        def token():
            assert request.authorization.username == CLIENT_ID
            assert request.authorization.password == CLIENT_SECRET
            code = request.form["code"]
            asked = self.codes[code] if self.reuse_codes else self.codes.pop(code)
            if "code_challenge" in asked and not self._verifier_fits(asked["code_challenge"]):
                return jsonify(error="invalid_grant"), 400
            now = int(time.time())
            claims = {
                "iss": self.issuer,
                "aud": CLIENT_ID,
                "sub": "anna",
                "iat": now,
                "exp": now + 300,
                "auth_time": now,
                "nonce": asked["nonce"],
                "acr": LOA3,
                **self.person,
                **self.claims,
            }
            claims = {key: value for key, value in claims.items() if value is not None}
            answer = {"access_token": "at", "token_type": "Bearer", "expires_in": 300}
            if not self.omit_id_token:
                answer["id_token"] = jwt.encode({"alg": "RS256", "kid": "k1"}, claims, self.key)
            return jsonify(**answer, **self.token_extra)

    @staticmethod
    def _verifier_fits(challenge):
        digest = hashlib.sha256(request.form.get("code_verifier", "").encode()).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == challenge

    def __enter__(self):
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join()


@pytest.fixture
def broker():
    with Broker() as running:
        yield running


@pytest.fixture
def app_config(broker):
    return {
        "IDENTITY_PROVIDER": "oidc",
        "TEST_EID_ENABLED": False,
        "OIDC_ISSUER": broker.issuer,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_ACR_VALUES": (LOA3,),
        "SERVER_NAME": "localhost",
        "BASE_URL": "http://localhost",
    }


def _to_broker_and_back(client, start_url="/logga-in/e-legitimation"):
    """Start a log-in; the broker's answer, as the path and query of our callback."""
    start = client.get(start_url)
    assert start.status_code == 302
    authorize = start.headers["Location"]
    assert parse_qs(urlsplit(authorize).query)["client_id"] == [CLIENT_ID]
    back = urlsplit(requests.get(authorize, allow_redirects=False, timeout=5).headers["Location"])
    return f"{back.path}?{back.query}"


def _log_in_through_the_broker(client, next_url=None):
    start = "/logga-in/e-legitimation" + (f"?next={next_url}" if next_url else "")
    return client.get(_to_broker_and_back(client, start))


def _residents(db):
    return db.session.scalars(select(User).where(User.kind == "resident")).all()


def _refused(client, db):
    response = _log_in_through_the_broker(client)
    assert response.headers["Location"].endswith("/logga-in")
    assert _residents(db) == []
    return response


def test_resident_logs_in_with_e_id_through_the_broker(client, db):
    login_page = client.get("/logga-in")
    assert "/logga-in/e-legitimation" in login_page.text
    response = _log_in_through_the_broker(client, next_url="/mina-sidor/profil")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/mina-sidor/profil")
    assert "19900315-****" in client.get("/mina-sidor/").text
    user = db.session.scalar(select(User).where(User.kind == "resident"))
    assert (user.given_name, user.pnr_masked) == ("Anna", "19900315-****")


def test_a_broker_answer_without_a_valid_personnummer_does_not_log_in(client, broker, db):
    broker.person = {PNR_CLAIM: "199003152388", "given_name": "Anna"}
    _refused(client, db)


def test_a_forged_callback_is_refused(client, db):
    # A real code from the broker, but a state this browser never sent: a login CSRF.
    code = parse_qs(urlsplit(_to_broker_and_back(client)).query)["code"][0]
    response = client.get(f"/logga-in/e-legitimation/retur?code={code}&state=attacker")
    assert response.headers["Location"].endswith("/logga-in")
    assert db.session.scalar(select(User).where(User.kind == "resident")) is None


def test_an_id_token_for_another_client_is_refused(client, broker, db):
    # azp names us, but the token was issued to someone else.
    broker.claims = {"aud": "someone-else", "azp": CLIENT_ID}
    _refused(client, db)


@pytest.mark.parametrize(
    "audience",
    [
        {"aud": [CLIENT_ID, "another-client"]},  # several audiences and no azp
        {"aud": [CLIENT_ID, "another-client"], "azp": "another-client"},
        {"aud": ["another-client", "a-third"], "azp": CLIENT_ID},
    ],
)
def test_an_id_token_shared_with_others_must_be_issued_to_us(client, broker, db, audience):
    broker.claims = audience
    _refused(client, db)


def test_an_id_token_for_several_audiences_issued_to_us_is_taken(client, broker, db):
    broker.claims = {"aud": [CLIENT_ID, "another-client"], "azp": CLIENT_ID}
    assert _log_in_through_the_broker(client).headers["Location"].endswith("/mina-sidor/")


def test_a_token_answer_without_an_id_token_is_refused_even_with_userinfo(client, broker, db):
    # The userinfo endpoint would name Anna, and the answer carries her claims unsigned.
    broker.omit_id_token = True
    broker.token_extra = {"userinfo": {"sub": "anna", **broker.person}}
    _refused(client, db)


def test_a_token_answer_without_an_id_token_is_not_made_up_from_the_userinfo_endpoint(
    client, broker, db
):
    broker.omit_id_token = True
    _refused(client, db)


@pytest.mark.parametrize(
    "claims",
    [
        {"acr": "http://id.elegnamnden.se/loa/1.0/loa2"},
        {"acr": None},
        {"nonce": "not-the-one-we-sent"},
        {"iss": "https://another-broker.example"},
        {"exp": 1_000_000_000},
    ],
)
def test_an_id_token_with_a_wrong_claim_is_refused(client, broker, db, claims):
    broker.claims = claims
    _refused(client, db)


def test_the_level_of_assurance_and_pkce_are_asked_for(client, broker, db):
    _log_in_through_the_broker(client)
    asked = broker.authorize_requests[-1]
    assert asked["acr_values"] == LOA3
    assert asked["code_challenge_method"] == "S256"
    assert len(asked["code_challenge"]) == 43
    assert "prompt" not in asked and "max_age" not in asked
    assert len(_residents(db)) == 1


def test_a_replayed_callback_is_refused_even_when_the_broker_takes_the_code_again(
    app, client, broker, db
):
    broker.reuse_codes = True
    callback = _to_broker_and_back(client)
    cookie = client.get_cookie("session").value  # as it was before the callback
    assert client.get(callback).headers["Location"].endswith("/mina-sidor/")
    replay = app.test_client()
    replay.set_cookie("session", cookie)
    response = replay.get(callback)
    assert response.headers["Location"].endswith("/logga-in")
    assert replay.get("/mina-sidor/").status_code == 302


def test_a_fresh_log_in_asks_the_broker_to_identify_the_person_again(client, broker, db):
    fresh = "/logga-in/e-legitimation?ny-inloggning=1"
    response = client.get(_to_broker_and_back(client, fresh))
    assert response.headers["Location"].endswith("/mina-sidor/")
    asked = broker.authorize_requests[-1]
    assert (asked["prompt"], asked["max_age"]) == ("login", "0")


@pytest.mark.parametrize("auth_time", [None, "an hour ago"])
def test_a_fresh_log_in_is_refused_an_old_one(client, broker, db, auth_time):
    broker.claims = {"auth_time": None if auth_time is None else int(time.time()) - 3600}
    fresh = "/logga-in/e-legitimation?ny-inloggning=1"
    response = client.get(_to_broker_and_back(client, fresh))
    assert response.headers["Location"].endswith("/logga-in")
    assert _residents(db) == []


def test_the_callback_address_comes_from_base_url(client, broker):
    start = client.get("/logga-in/e-legitimation")
    redirect_uri = parse_qs(urlsplit(start.headers["Location"]).query)["redirect_uri"]
    assert redirect_uri == ["http://localhost/logga-in/e-legitimation/retur"]
