"""Resident log-in through an OIDC e-ID broker, against a real local provider over HTTP."""

import secrets
import threading
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from flask import Flask, jsonify, redirect, request
from joserfc import jwt
from joserfc.jwk import RSAKey
from sqlalchemy import select
from werkzeug.serving import make_server

from eservices.accounts.models import User

PNR_CLAIM = "https://id.oidc.se/claim/personalIdentityNumber"
CLIENT_ID = "eservices"
CLIENT_SECRET = "broker-secret"


class Broker:
    """A minimal OpenID provider: discovery, authorize, token and JWKS."""

    def __init__(self):
        self.key = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig"})
        self.codes = {}
        self.person = {PNR_CLAIM: "199003152387", "given_name": "Anna", "family_name": "Andersson"}
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
                jwks_uri=f"{self.issuer}/jwks",
                response_types_supported=["code"],
                subject_types_supported=["public"],
                id_token_signing_alg_values_supported=["RS256"],
            )

        @app.get("/jwks")
        def jwks():
            return jsonify(keys=[self.key.as_dict(private=False)])

        @app.get("/authorize")
        def authorize():
            code = secrets.token_urlsafe(16)
            self.codes[code] = request.args["nonce"]
            query = urlencode({"code": code, "state": request.args["state"]})
            return redirect(f"{request.args['redirect_uri']}?{query}")

        @app.post("/token")
        def token():
            assert request.authorization.username == CLIENT_ID
            assert request.authorization.password == CLIENT_SECRET
            nonce = self.codes.pop(request.form["code"])
            now = int(time.time())
            claims = {
                "iss": self.issuer,
                "aud": CLIENT_ID,
                "sub": "anna",
                "iat": now,
                "exp": now + 300,
                "nonce": nonce,
                **self.person,
            }
            id_token = jwt.encode({"alg": "RS256", "kid": "k1"}, claims, self.key)
            return jsonify(
                access_token="at", token_type="Bearer", expires_in=300, id_token=id_token
            )

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
        "SERVER_NAME": "localhost",
    }


def _log_in_through_the_broker(client, next_url=None):
    start = client.get("/logga-in/e-legitimation" + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302
    authorize = start.headers["Location"]
    assert parse_qs(urlsplit(authorize).query)["client_id"] == [CLIENT_ID]
    import requests

    back = requests.get(authorize, allow_redirects=False, timeout=5).headers["Location"]
    callback = urlsplit(back)
    return client.get(f"{callback.path}?{callback.query}")


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
    response = _log_in_through_the_broker(client)
    assert response.headers["Location"].endswith("/logga-in")
    assert db.session.scalar(select(User).where(User.kind == "resident")) is None


def test_a_forged_callback_is_refused(client, db):
    # A real code from the broker, but a state this browser never sent: a login CSRF.
    start = client.get("/logga-in/e-legitimation")
    import requests

    back = requests.get(start.headers["Location"], allow_redirects=False, timeout=5)
    code = parse_qs(urlsplit(back.headers["Location"]).query)["code"][0]
    response = client.get(f"/logga-in/e-legitimation/retur?code={code}&state=attacker")
    assert response.headers["Location"].endswith("/logga-in")
    assert db.session.scalar(select(User).where(User.kind == "resident")) is None
