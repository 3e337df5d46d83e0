"""E-service definitions as data: immutable dataclasses, and loading them from forms/.

The schema is forms/README.md. Loading checks a whole file and reports every problem,
each naming the file, the line and the path inside the file::

    forms/felanmalan.yaml:42: steps[0].fields[2].type: unknown field type 'txt' (...)

- ``load_directory(path) -> Catalogue`` reads ``_taxonomy.yaml`` and every service file,
  and raises ``DefinitionErrors`` listing the problems of all files together.
- ``load_service(path, taxonomy) -> Service`` and ``load_taxonomy(path) -> Taxonomy``
  read one file and raise ``DefinitionErrors`` for that file.
- ``check_units(catalogue, known_unit_slugs)`` returns the routing and responsible units
  that are not among the known slugs (the units table), as DefinitionErrors.

The taxonomy file maps ids to texts::

    categories:
      gator-och-trafik: {sv: Gator och trafik, en: Streets and traffic}
    life_events:
      flytta: {sv: Flytta, en: Moving}
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from eservices import content
from eservices.catalogue.fields import (
    YES_NO_OPTIONS,
    Condition,
    Field,
    Option,
    condition_from,
    field_from,
)
from eservices.catalogue.validation import check_service, check_taxonomy
from eservices.content import DefinitionError, DefinitionErrors, Text, text_from

__all__ = [
    "Catalogue", "Condition", "DefinitionError", "DefinitionErrors", "Field", "Keywords",
    "Option", "Routing", "RoutingRule", "Service", "ServiceDescription", "Step", "Taxonomy",
    "Text", "YES_NO_OPTIONS", "check_units", "load_directory", "load_service", "load_taxonomy",
]  # fmt: skip

TAXONOMY_FILE = "_taxonomy.yaml"


@dataclass(frozen=True)
class Step:
    """One page of a form."""

    id: str
    title: Text
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class ServiceDescription:
    """The service description (tjänstebeskrivning) shown before the form."""

    who_may_apply: Text
    what_you_need: Text
    cost: Text
    processing_days: int
    legal_basis: Text
    personal_data: Text
    responsible_unit: str


@dataclass(frozen=True)
class RoutingRule:
    """Send the case to ``unit`` when the condition holds."""

    when: Condition
    unit: str


@dataclass(frozen=True)
class Routing:
    """Which unit receives a case."""

    default_unit: str
    rules: tuple[RoutingRule, ...] = ()

    def unit_for(self, answers: Mapping[str, Any]) -> str:
        """Return the unit of the first rule that matches the answers, else the default."""
        for rule in self.rules:
            if rule.when.matches(answers):
                return rule.unit
        return self.default_unit


@dataclass(frozen=True)
class Keywords:
    """Search words per language."""

    sv: tuple[str, ...] = ()
    en: tuple[str, ...] = ()

    def get(self, lang: str) -> tuple[str, ...]:
        """Return the words for ``lang``; Swedish for anything but English."""
        return self.en if lang == "en" else self.sv


class UnitReference(NamedTuple):
    """Where a service names a unit, for checking it against the units table."""

    slug: str
    path: str
    line: int


@dataclass(frozen=True)
class Service:
    """One e-service: its texts, form, routing and retention."""

    id: str
    version: int
    published: bool
    title: Text
    summary: Text
    keywords: Keywords
    category: str
    life_events: tuple[str, ...]
    access: str
    description: ServiceDescription
    steps: tuple[Step, ...]
    routing: Routing
    retention_days: int
    source_file: str = field(default="", compare=False, repr=False)
    unit_references: tuple[UnitReference, ...] = field(default=(), compare=False, repr=False)

    @property
    def requires_login(self) -> bool:
        """True when residents must log in with e-ID to use the service."""
        return self.access == "e-id"

    def fields(self) -> Iterator[Field]:
        """Yield every field of every step, in form order."""
        for step in self.steps:
            yield from step.fields

    def field(self, field_id: str) -> Field:
        """Return the field with this id; raise KeyError if there is none."""
        for candidate in self.fields():
            if candidate.id == field_id:
                return candidate
        raise KeyError(f"{self.id} has no field {field_id!r}")


@dataclass(frozen=True)
class Taxonomy:
    """The categories and life events (livshändelser), in file order, id to text."""

    categories: Mapping[str, Text]
    life_events: Mapping[str, Text]


@dataclass(frozen=True)
class Catalogue:
    """Every service of a directory, ordered by Swedish title, and the taxonomy."""

    services: tuple[Service, ...]
    taxonomy: Taxonomy

    def __iter__(self) -> Iterator[Service]:
        return iter(self.services)

    def __len__(self) -> int:
        return len(self.services)

    def get(self, service_id: str) -> Service | None:
        """Return the service with this id, or None."""
        return next((s for s in self.services if s.id == service_id), None)

    def published(self) -> tuple[Service, ...]:
        """The services residents may see."""
        return tuple(service for service in self.services if service.published)


# --- Loading ------------------------------------------------------------------------------


def load_taxonomy(path: str | Path) -> Taxonomy:
    """Read ``_taxonomy.yaml``; raise DefinitionErrors listing every problem."""
    data = content.read(path)
    content.raise_if(check_taxonomy(data, str(path)))
    return Taxonomy(
        categories=_terms(data.get("categories", {})),
        life_events=_terms(data.get("life_events", {})),
    )


def load_service(path: str | Path, taxonomy: Taxonomy | None) -> Service:
    """Read one service file; raise DefinitionErrors listing every problem.

    With ``taxonomy`` None (it could not be read) category and life events go unchecked.
    """
    data = content.read(path)
    content.raise_if(check_service(data, str(path), taxonomy))
    return _build_service(data, str(path))


def load_directory(path: str | Path) -> Catalogue:
    """Read the taxonomy and every service file (not starting with "_") of a directory.

    Raise DefinitionErrors listing the problems of all files, taxonomy first.
    """
    directory = content.folder(path)
    errors: list[DefinitionError] = []
    taxonomy = None
    try:
        taxonomy = load_taxonomy(directory / TAXONOMY_FILE)
    except DefinitionErrors as exc:
        errors.extend(exc.errors)
    services: dict[str, Service] = {}
    for file in sorted(directory.iterdir()):
        if file.name.startswith("_") or file.suffix not in (".yaml", ".yml") or not file.is_file():
            continue
        try:
            service = load_service(file, taxonomy)
        except DefinitionErrors as exc:
            errors.extend(exc.errors)
            continue
        if service.id in services:
            other = Path(services[service.id].source_file).name
            errors.append(DefinitionError(str(file), None, "id", f"{other} has the same id"))
        services[service.id] = service
    content.raise_if(errors)
    ordered = sorted(services.values(), key=lambda s: (swedish_sort_key(s.title.sv), s.id))
    return Catalogue(tuple(ordered), taxonomy)


def check_units(catalogue: Iterable[Service], known_unit_slugs) -> list[DefinitionError]:
    """Return an error for every routing or responsible unit not among the known slugs."""
    known = set(known_unit_slugs)
    return [
        DefinitionError(service.source_file, ref.line, ref.path, f"unknown unit '{ref.slug}'")
        for service in catalogue
        for ref in service.unit_references
        if ref.slug not in known
    ]


# Å, Ä and Ö come after Z in Swedish; the three characters after "z" in ASCII keep that
# order. Other accents sort with their base letter (é with e).
_AFTER_Z = {"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"}


def swedish_sort_key(text: str) -> str:
    """Return a key that sorts text in Swedish alphabetical order, ignoring case."""
    return "".join(
        _AFTER_Z.get(char) or unicodedata.normalize("NFD", char)[0] for char in text.casefold()
    )


# --- Building from checked YAML -----------------------------------------------------------


def _terms(raw: Mapping) -> Mapping[str, Text]:
    return MappingProxyType({key: text_from(value) for key, value in raw.items()})


def _build_service(raw: Any, file: str) -> Service:
    description, routing = raw["description"], raw["routing"]
    rules = routing.get("rules") or ()
    keywords = raw.get("keywords") or {}
    units = [
        UnitReference(
            description["responsible_unit"],
            "description.responsible_unit",
            description.line_of("responsible_unit"),
        ),
        UnitReference(
            routing["default_unit"], "routing.default_unit", routing.line_of("default_unit")
        ),
    ]
    units += [
        UnitReference(rule["unit"], f"routing.rules[{n}].unit", rule.line_of("unit"))
        for n, rule in enumerate(rules)
    ]
    return Service(
        id=raw["id"],
        version=raw["version"],
        published=raw.get("published", True),
        title=text_from(raw["title"]),
        summary=text_from(raw["summary"]),
        keywords=Keywords(tuple(keywords.get("sv", ())), tuple(keywords.get("en", ()))),
        category=raw["category"],
        life_events=tuple(raw.get("life_events", ())),
        access=raw["access"],
        description=ServiceDescription(
            who_may_apply=text_from(description["who_may_apply"]),
            what_you_need=text_from(description["what_you_need"]),
            cost=text_from(description["cost"]),
            processing_days=description["processing_days"],
            legal_basis=text_from(description["legal_basis"]),
            personal_data=text_from(description["personal_data"]),
            responsible_unit=description["responsible_unit"],
        ),
        steps=tuple(
            Step(
                step["id"], text_from(step["title"]), tuple(field_from(f) for f in step["fields"])
            )
            for step in raw["steps"]
        ),
        routing=Routing(
            routing["default_unit"],
            tuple(RoutingRule(condition_from(rule["when"]), rule["unit"]) for rule in rules),
        ),
        retention_days=raw["retention"]["anonymise_after_days"],
        source_file=file,
        unit_references=tuple(units),
    )
