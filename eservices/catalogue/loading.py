"""The catalogue an app serves: loaded and checked at start-up, cached per process."""

from flask import current_app

from eservices import content
from eservices.catalogue.definitions import load_directory


def load_catalogue(directory):
    """The catalogue in `directory`, parsed once per process while the files are unchanged."""
    return content.load_once(load_directory, directory)


def init_app(app):
    """Load the e-service definitions; refuse to start when any of them is broken."""
    content.load_at_start(
        app, "catalogue", load_directory, app.config["FORMS_DIR"], command="flask forms check"
    )


def get_catalogue():
    """The catalogue of the current app."""
    return current_app.extensions["catalogue"]
