"""The catalogue an app serves: loaded and checked at start-up, cached per process."""

from pathlib import Path

from flask import current_app

from eservices.catalogue.definitions import DefinitionErrors, load_directory
from eservices.config import ConfigurationError

_cache = {}


def _fingerprint(directory):
    # Reload when a file is added, removed or edited; otherwise parse the YAML only once.
    return tuple(
        sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in directory.glob("*.y*ml"))
    )


def load_catalogue(directory):
    """The catalogue in `directory`, parsed once per process while the files are unchanged."""
    directory = Path(directory).resolve()
    key = (directory, _fingerprint(directory))
    if key not in _cache:
        _cache[key] = load_directory(directory)
    return _cache[key]


def init_app(app):
    """Load the e-service definitions; refuse to start when any of them is broken."""
    try:
        app.extensions["catalogue"] = load_catalogue(app.config["FORMS_DIR"])
    except DefinitionErrors as exc:
        raise ConfigurationError(
            "Refusing to start: the e-service definitions have errors "
            f"(`flask forms check` lists them):\n{exc}"
        ) from None


def get_catalogue():
    """The catalogue of the current app."""
    return current_app.extensions["catalogue"]
