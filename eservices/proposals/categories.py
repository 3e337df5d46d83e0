"""The categories and city areas of e-proposals, from moderation/categories.yaml.

Each category names the committee a moderator is offered first when approving a proposal
in it. The file is checked when the app starts, with the rulebook's error format
(``file:line: path: message``); a broken file stops the start.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from eservices import content
from eservices.config import ConfigurationError

FILE = Path(__file__).resolve().parents[2] / "moderation" / "categories.yaml"


@dataclass(frozen=True)
class Choice:
    """A category or an area: its id (stored with the proposal) and its name."""

    id: str
    title: content.Text
    committee: str | None = None  # categories only: the suggested committee's short name


@dataclass(frozen=True)
class Categories:
    """Both lists, in file order."""

    categories: tuple[Choice, ...]
    areas: tuple[Choice, ...]

    def category(self, category_id):
        """The category with this id, or None."""
        return next((c for c in self.categories if c.id == category_id), None)

    def area(self, area_id):
        """The area with this id, or None."""
        return next((a for a in self.areas if a.id == area_id), None)


def check(data, file):
    """Every problem in the file, in line order."""
    check = content.Checker(file)
    if not check.document(data, "a mapping with 'categories' and 'areas'"):
        return check.in_line_order()
    check.keys(data, (), ("categories", "areas"))
    for key in ("categories", "areas"):
        if key not in data or not check.sequence(data, key, (), key):
            continue
        seen = {}
        for index, raw in enumerate(data[key]):
            path = (key, index)
            if not check.mapping(data[key], index, (key,), "a mapping with 'id' and 'title'"):
                continue
            optional = ("committee",) if key == "categories" else ()
            check.keys(raw, path, ("id", "title"), optional)
            if "id" in raw and check.slug(raw, "id", path):
                if raw["id"] in seen:
                    check.error_at(
                        raw, "id", path, f"'{raw['id']}' is already used on line {seen[raw['id']]}"
                    )
                seen.setdefault(raw["id"], raw.line_of("id"))
            if "title" in raw:
                check.text(raw, "title", path)
            if "committee" in raw:
                check.slug(raw, "committee", path)
    return check.in_line_order()


def load(path=FILE):
    """Read and check the file; raise DefinitionErrors listing every problem."""
    data = content.read(path)
    content.raise_if(check(data, str(path)))

    def choices(key):
        return tuple(
            Choice(raw["id"], content.text_from(raw["title"]), raw.get("committee"))
            for raw in data[key]
        )

    return Categories(categories=choices("categories"), areas=choices("areas"))


_cache: dict = {}


def _load_cached(path):
    # Parse once per process while the file is unchanged; every test app reuses it.
    stat = path.stat() if path.exists() else None
    key = (path, stat and (stat.st_mtime_ns, stat.st_size))
    if key not in _cache:
        _cache[key] = load(path)
    return _cache[key]


def init_app(app):
    """Load the file named by PROPOSAL_CATEGORIES (default: moderation/categories.yaml)."""
    path = Path(app.config["PROPOSAL_CATEGORIES"])
    try:
        app.extensions["proposal_categories"] = _load_cached(path)
    except content.DefinitionErrors as exc:
        raise ConfigurationError(f"Refusing to start: {path} has errors:\n{exc}") from None


def get():
    """The categories and areas of the current app."""
    return current_app.extensions["proposal_categories"]
