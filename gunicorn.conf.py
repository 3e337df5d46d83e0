"""gunicorn reads this file when it starts in this folder: settings for serving the app."""

import os


def on_starting(server):
    """Refuse a number of workers the configuration cannot serve, before any of them starts.

    The app cannot see gunicorn's --workers; it is told here, and checks it on its own too.
    """
    from eservices.config import load_config

    os.environ["WEB_CONCURRENCY"] = str(server.cfg.workers)
    load_config().check_workers(server.cfg.workers)
