"""Reading content files, loading a folder once per process, and refusing to start."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from eservices.config import ConfigurationError
from eservices.content import yamlsource
from eservices.content.errors import DefinitionError, DefinitionErrors

_cache: dict = {}


def read(path: str | Path) -> Any:
    """The YAML in one file, with lines; raise DefinitionErrors when it cannot be read."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise DefinitionErrors([DefinitionError(str(path), None, "", exc.strerror)]) from None
    except UnicodeDecodeError:
        error = DefinitionError(str(path), None, "", "not UTF-8 text")
        raise DefinitionErrors([error]) from None
    try:
        return yamlsource.parse(text, str(path))
    except DefinitionError as error:
        raise DefinitionErrors([error]) from None


def raise_if(errors: list[DefinitionError]) -> None:
    """Raise DefinitionErrors listing ``errors``, when there are any."""
    if errors:
        raise DefinitionErrors(errors)


def folder(path: str | Path) -> Path:
    """``path`` as a folder; raise DefinitionErrors when it is not one."""
    directory = Path(path)
    if not directory.is_dir():
        raise DefinitionErrors([DefinitionError(str(directory), None, "", "not a directory")])
    return directory


def _fingerprint(directory: Path):
    # Reload when a file is added, removed or edited; otherwise parse the YAML only once.
    return tuple(
        sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in directory.glob("*.y*ml"))
    )


def load_once(load: Callable[[Path], Any], directory: str | Path) -> Any:
    """``load(directory)``, computed once per process while the folder's files are unchanged."""
    directory = Path(directory).resolve()
    key = (load, directory, _fingerprint(directory))
    if key not in _cache:
        _cache[key] = load(directory)
    return _cache[key]


def load_at_start(app, name: str, load: Callable[[Path], Any], directory, *, command: str):
    """Load content into ``app.extensions[name]``; refuse to start when any file is broken.

    The refusal lists every problem and names the ``command`` that checks the files
    without starting the app.
    """
    try:
        app.extensions[name] = load_once(load, directory)
    except DefinitionErrors as exc:
        raise ConfigurationError(
            f"Refusing to start: {directory} has errors (`{command}` lists them):\n{exc}"
        ) from None
    return app.extensions[name]
