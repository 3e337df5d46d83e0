"""The baseline for bench/submissions.py: the least a Flask app served by gunicorn can do.

One route, no database, no templates, no session: what is left is gunicorn, WSGI, Flask's
routing and the HTTP client. Served as ``bare_app:create_app()`` with bench/ on the path.
"""

from flask import Flask


def create_app():
    """A Flask app whose only page answers with a few bytes of text."""
    app = Flask(__name__)

    @app.get("/")
    def hello():
        return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8"}

    return app
