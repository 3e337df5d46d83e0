"""A database that stops answering, without refusing connections, does not hold the site."""

import socket
import threading
import time

import pytest

from eservices import create_app
from eservices.extensions import db as _db


@pytest.fixture
def silent_database():
    """A TCP socket that accepts connections and never says a word: a partitioned or stuck
    database server looks exactly like this to its clients."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    port = listener.getsockname()[1]
    yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/eservices"
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


@pytest.fixture
def stuck_app(silent_database, tmp_path, monkeypatch):
    monkeypatch.setenv("ESERVICES_INSTANCE", str(tmp_path))
    app = create_app("test", SQLALCHEMY_DATABASE_URI=silent_database)
    yield app
    with app.app_context():
        _db.engine.dispose()


def test_healthz_answers_503_quickly_when_the_database_is_silent(stuck_app):
    started = time.monotonic()
    response = stuck_app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "error", "database": "unavailable"}
    assert time.monotonic() - started < 2.5


def test_a_page_that_needs_the_database_gives_up_after_the_connect_timeout(stuck_app):
    # Without a connect timeout the worker waits until gunicorn kills it (30 s).
    started = time.monotonic()
    response = stuck_app.test_client().get("/folj/some-follow-token")
    assert response.status_code == 500
    assert time.monotonic() - started < 5


def test_timeouts_are_configurable(tmp_path, monkeypatch):
    monkeypatch.setenv("ESERVICES_INSTANCE", str(tmp_path))
    monkeypatch.setenv("DB_CONNECT_TIMEOUT", "7")
    monkeypatch.setenv("DB_STATEMENT_TIMEOUT", "20")
    postgres = create_app("test", SQLALCHEMY_DATABASE_URI="postgresql://db.example/x")
    options = postgres.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]
    assert options["connect_timeout"] == 7
    assert options["options"] == "-c statement_timeout=20000"
    sqlite = create_app("test", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/x.sqlite")
    assert sqlite.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"] == {"timeout": 20}
    # Options in the URL, such as a schema's search_path, are kept beside the timeout.
    schema = create_app(
        "test", SQLALCHEMY_DATABASE_URI="postgresql://db.example/x?options=-csearch_path%3Dbench"
    )
    assert schema.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["options"] == (
        "-csearch_path=bench -c statement_timeout=20000"
    )


def test_every_connection_carries_the_statement_timeout(app, db):
    app_timeout = app.config["DB_STATEMENT_TIMEOUT"]
    with db.engine.connect() as connection:
        if db.engine.dialect.name == "postgresql":
            shown = connection.exec_driver_sql("SHOW statement_timeout").scalar()
            assert shown == f"{app_timeout}s"
        else:
            busy = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
            assert busy == app_timeout * 1000


@pytest.mark.parametrize("app_config", [{"SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 20}}])
def test_a_pool_size_given_is_kept_beside_the_timeouts(app, db):
    # Tests that run twenty threads at once ask for twenty connections; they got five.
    assert db.engine.pool.size() == 20
    assert "connect_args" in app.config["SQLALCHEMY_ENGINE_OPTIONS"]
