"""The rules of forms/README.md for a whole service and for the taxonomy.

Both checks take YAML as read by ``yamlsource.parse`` and return every problem found, in
line order, rather than stopping at the first.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from eservices.catalogue.field_checks import FieldIndex, check_condition, check_fields
from eservices.catalogue.schema import ACCESS, STEP_ID
from eservices.content import (
    LANGUAGES,
    SLUG,
    SLUG_RULE,
    Checker,
    DefinitionError,
    KeyPath,
    YamlList,
    YamlMap,
    describe,
    one_of,
)

SERVICE_REQUIRED = (
    "id", "version", "title", "summary", "category", "access", "description", "steps",
    "routing", "retention",
)  # fmt: skip
SERVICE_OPTIONAL = ("published", "keywords", "life_events")
DESCRIPTION_TEXTS = ("who_may_apply", "what_you_need", "cost", "legal_basis", "personal_data")
DESCRIPTION_KEYS = (*DESCRIPTION_TEXTS, "processing_days", "responsible_unit")
TAXONOMY_KEYS = ("categories", "life_events")


def check_service(data: Any, file: str, taxonomy=None) -> list[DefinitionError]:
    """Return every problem in one service definition.

    ``taxonomy`` (a Taxonomy) is what category and life_events must come from; pass None
    when the taxonomy could not be read, and those two keys are not checked against it.
    """
    check = Checker(file)
    if not check.document(data, "a service definition"):
        return check.errors
    check.keys(data, (), SERVICE_REQUIRED, SERVICE_OPTIONAL)
    if "id" in data and check.slug(data, "id", ()):
        name = PurePath(file).name
        if data["id"] != PurePath(file).stem:
            check.error_at(
                data, "id", (), f"id '{data['id']}' does not match the file name {name}"
            )
    if "version" in data:
        check.integer(data, "version", (), 1)
    if "published" in data:
        check.boolean(data, "published", ())
    for key in ("title", "summary"):
        if key in data:
            check.text(data, key, ())
    if "keywords" in data:
        _check_keywords(check, data)
    _check_taxonomy_terms(check, data, taxonomy)
    if "access" in data:
        check.choice(data, "access", (), ACCESS, "access")
    if "description" in data:
        _check_description(check, data)
    index = _check_steps(check, data)
    check_fields(check, index)
    if "routing" in data:
        _check_routing(check, data, index)
    if "retention" in data:
        _check_retention(check, data)
    return check.in_line_order()


def check_taxonomy(data: Any, file: str) -> list[DefinitionError]:
    """Return every problem in ``_taxonomy.yaml``: categories and life events, id to text."""
    check = Checker(file)
    if not check.document(data, "categories and life_events"):
        return check.errors
    check.keys(data, (), TAXONOMY_KEYS)
    for key in TAXONOMY_KEYS:
        if key not in data or not check.mapping(data, key, (), "a mapping of id: {sv, en}"):
            continue
        terms = data[key]
        if not terms:
            check.error_at(data, key, (), "must list at least one id")
        for term in terms:
            if not isinstance(term, str) or not SLUG.fullmatch(term):
                check.error_at(
                    terms, term, (key,), f"{describe(term)} is not a slug ({SLUG_RULE})"
                )
            check.text(terms, term, (key,))
    return check.in_line_order()


def _check_keywords(check: Checker, data: YamlMap) -> None:
    if not check.mapping(data, "keywords", (), "keywords {sv: [...], en: [...]}"):
        return
    keywords, path = data["keywords"], ("keywords",)
    check.keys(keywords, path, (), LANGUAGES)
    for language in LANGUAGES:
        if language not in keywords:
            continue
        words = keywords[language]
        if not isinstance(words, YamlList):
            check.error_at(keywords, language, path, f"expected a list, got {describe(words)}")
            continue
        for number, word in enumerate(words):
            if not isinstance(word, str) or not word.strip():
                got = describe(word)
                check.error_at(words, number, (*path, language), f"expected a word, got {got}")


def _check_taxonomy_terms(check: Checker, data: YamlMap, taxonomy) -> None:
    if "category" in data:
        if taxonomy is None:
            check.slug(data, "category", ())
        else:
            check.choice(data, "category", (), tuple(taxonomy.categories), "category")
    if "life_events" not in data:
        return
    events = data["life_events"]
    if not isinstance(events, YamlList):
        check.error_at(data, "life_events", (), f"expected a list, got {describe(events)}")
        return
    known = tuple(taxonomy.life_events) if taxonomy is not None else None
    seen = set()
    for number, event in enumerate(events):
        if known is not None and (not isinstance(event, str) or event not in known):
            message = f"unknown life event {describe(event)} {one_of(known)}"
            check.error_at(events, number, ("life_events",), message)
        elif isinstance(event, str) and event in seen:
            check.error_at(events, number, ("life_events",), f"'{event}' is listed twice")
        if isinstance(event, str):
            seen.add(event)


def _check_description(check: Checker, data: YamlMap) -> None:
    if not check.mapping(data, "description", (), "a service description"):
        return
    description, path = data["description"], ("description",)
    check.keys(description, path, DESCRIPTION_KEYS)
    for key in DESCRIPTION_TEXTS:
        if key in description:
            check.text(description, key, path)
    if "processing_days" in description:
        check.integer(description, "processing_days", path, 1)
    if "responsible_unit" in description:
        check.slug(description, "responsible_unit", path)


def _check_steps(check: Checker, data: YamlMap) -> FieldIndex:
    """Check the steps and return their fields, in form order, for the field checks."""
    fields: list[tuple[KeyPath, YamlMap]] = []
    if "steps" not in data or not check.sequence(data, "steps", (), "steps"):
        return FieldIndex.of(fields)
    steps = data["steps"]
    step_ids: dict[str, int] = {}
    for number, step in enumerate(steps):
        if not check.mapping(steps, number, ("steps",), "a step {id, title, fields}"):
            continue
        path = ("steps", number)
        check.keys(step, path, ("id", "title", "fields"))
        if "id" in step and check.matches(step, "id", path, STEP_ID, "a step id (a-z, 0-9, _, -)"):
            if step["id"] in step_ids:
                message = f"duplicate step id '{step['id']}' (also steps[{step_ids[step['id']]}])"
                check.error_at(step, "id", path, message)
            step_ids.setdefault(step["id"], number)
        if "title" in step:
            check.text(step, "title", path)
        if "fields" in step and check.sequence(step, "fields", path, "fields"):
            for position, field in enumerate(step["fields"]):
                here = (*path, "fields")
                if check.mapping(step["fields"], position, here, "a field {id, type, label}"):
                    fields.append(((*here, position), field))
    return FieldIndex.of(fields)


def _check_routing(check: Checker, data: YamlMap, index: FieldIndex) -> None:
    if not check.mapping(data, "routing", (), "routing {default_unit, rules}"):
        return
    routing, path = data["routing"], ("routing",)
    check.keys(routing, path, ("default_unit",), ("rules",))
    if "default_unit" in routing:
        check.slug(routing, "default_unit", path)
    if "rules" not in routing:
        return
    rules = routing["rules"]
    if not isinstance(rules, YamlList):
        check.error_at(routing, "rules", path, f"expected a list of rules, got {describe(rules)}")
        return
    for number, rule in enumerate(rules):
        if not check.mapping(rules, number, (*path, "rules"), "a rule {when, unit}"):
            continue
        here = (*path, "rules", number)
        check.keys(rule, here, ("when", "unit"))
        if "when" in rule:
            check_condition(check, rule, "when", here, index)
        if "unit" in rule:
            check.slug(rule, "unit", here)


def _check_retention(check: Checker, data: YamlMap) -> None:
    if check.mapping(data, "retention", (), "retention {anonymise_after_days: N}"):
        retention, path = data["retention"], ("retention",)
        check.keys(retention, path, ("anonymise_after_days",))
        if "anonymise_after_days" in retention:
            check.integer(retention, "anonymise_after_days", path, 1)
