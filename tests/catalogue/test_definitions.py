"""Loading e-service definitions: the data they become, and precise errors when broken."""

import dataclasses
import shutil
from pathlib import Path

import pytest

from eservices.catalogue.definitions import (
    Condition,
    DefinitionError,
    DefinitionErrors,
    Text,
    check_units,
    load_directory,
    load_service,
    load_taxonomy,
    swedish_sort_key,
)
from eservices.content.yamlsource import parse

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid"
BROKEN = FIXTURES / "broken"
FORMS = Path(__file__).resolve().parents[2] / "forms"
FIELD_TYPES_LISTED = (
    "text, textarea, email, phone, personnummer, organisationsnummer, postal_code, date, "
    "number, amount, radio, select, checkboxes, yes_no, file, address, location, consent, info"
)


@pytest.fixture(scope="module")
def taxonomy():
    """The taxonomy of the valid fixtures."""
    return load_taxonomy(VALID / "_taxonomy.yaml")


@pytest.fixture(scope="module")
def catalogue():
    """The valid fixture services."""
    return load_directory(VALID)


def problems(path, taxonomy):
    """Load a file that must fail; return its errors as (line, path, message)."""
    with pytest.raises(DefinitionErrors) as caught:
        load_service(path, taxonomy)
    return [(error.line, error.path, error.message) for error in caught.value.errors]


# --- What a valid definition becomes --------------------------------------------------


def test_directory_loads_every_service_in_swedish_title_order(catalogue):
    assert [service.title.sv for service in catalogue] == ["Felanmälan", "Lämna en synpunkt"]
    assert catalogue.get("synpunkt").id == "synpunkt"
    assert catalogue.get("missing") is None
    assert list(catalogue.taxonomy.categories) == ["gator-och-trafik", "kommun-och-politik"]
    assert catalogue.taxonomy.life_events["flytta"] == Text("Flytta", "Moving")


def test_swedish_order_puts_a_ring_a_diaeresis_and_o_diaeresis_after_z():
    titles = ["Öppna", "Ändra", "Ångra", "Zon", "ekonomi", "Éclair"]
    assert sorted(titles, key=swedish_sort_key) == [
        "Éclair",
        "ekonomi",
        "Zon",
        "Ångra",
        "Ändra",
        "Öppna",
    ]


def test_minimal_service_gets_the_schema_defaults(catalogue):
    service = catalogue.get("synpunkt")
    assert service.published is True
    assert service.version == 1
    assert service.access == "anonymous" and not service.requires_login
    assert service.keywords.get("sv") == () and service.life_events == ()
    assert service.description.processing_days == 10
    assert service.description.responsible_unit == "kontaktcenter"
    assert service.retention_days == 365
    message = service.field("message")
    assert (message.type, message.required, message.max_length) == ("textarea", True, 4000)
    assert service.routing.unit_for({"message": "Bra service"}) == "kontaktcenter"


def test_texts_fall_back_to_swedish(catalogue):
    title = catalogue.get("felanmalan").title
    assert title.get("en") == "Report a fault"
    assert title.get("sv_easy") == "Säg till om något är trasigt"
    plain = catalogue.get("synpunkt").title
    assert plain.get("sv_easy") == "Lämna en synpunkt"
    assert plain.get("fi") == "Lämna en synpunkt"


def test_fields_come_in_form_order_and_by_id(catalogue):
    service = catalogue.get("felanmalan")
    assert [step.id for step in service.steps] == ["fault", "contact"]
    assert [field.id for field in service.fields()][:4] == [
        "intro",
        "category",
        "lamp_number",
        "problems",
    ]
    assert service.field("lamp_number").visible_if == Condition("category", ("gatubelysning",))
    assert service.field("problems").visible_if == Condition("category", ("park", "vag"))
    with pytest.raises(KeyError):
        service.field("nothing")


def test_fields_carry_their_type_settings_and_defaults(catalogue):
    service = catalogue.get("felanmalan")
    lamp = service.field("lamp_number")
    assert (lamp.pattern, lamp.pattern_message.en, lamp.max_length) == (
        "[0-9]{4,6}",
        "Four to six digits.",
        6,
    )
    assert service.field("name").max_length == 200
    assert service.field("intro").text.sv == "Akuta fel ringer du in."
    assert service.field("intro").label is None
    assert (service.field("noticed").min, service.field("noticed").max) == ("2020-01-01", "today")
    count = service.field("count")
    assert (count.min, count.max, count.decimals) == (1, 50, 0)
    photos = service.field("photos")
    assert (photos.accept, photos.max_size_mb, photos.max_files) == (
        ("image/jpeg", "image/png"),
        10,
        3,
    )
    problems_field = service.field("problems")
    assert problems_field.option_values == ("trasig", "skrap", "annat")
    assert problems_field.option("skrap").label.sv == "Skräp"
    assert (problems_field.min_choices, problems_field.max_choices) == (1, 2)
    assert service.field("wants_answer").option_values == ("yes", "no")
    assert service.field("gdpr").required is True  # consent implies required
    assert service.field("email").prefill == "email"


@pytest.mark.parametrize(
    "answers, unit",
    [
        ({"category": "park"}, "park-och-natur"),
        ({"category": "vag", "problems": ["trasig", "skrap"]}, "renhallning"),
        ({"category": "park", "problems": ["skrap"]}, "park-och-natur"),  # first rule wins
        ({"category": "vag", "problems": ["trasig"]}, "felanmalan"),
        ({}, "felanmalan"),
    ],
)
def test_routing_takes_the_first_matching_rule_else_the_default(catalogue, answers, unit):
    assert catalogue.get("felanmalan").routing.unit_for(answers) == unit


@pytest.mark.parametrize(
    "condition, answers, matches",
    [
        (Condition("a", ("x",)), {"a": "x"}, True),
        (Condition("a", ("x",)), {"a": "y"}, False),
        (Condition("a", ("x",)), {}, False),
        (Condition("a", ("x", "y")), {"a": "y"}, True),
        (Condition("a", ("x",)), {"a": ["y", "x"]}, True),  # checkboxes: contains
        (Condition("a", ("x", "z")), {"a": ["y"]}, False),
        (Condition("a", ("yes",)), {"a": True}, True),
        (Condition("a", ("3",)), {"a": 3}, True),
    ],
)
def test_conditions_compare_answers_as_text(condition, answers, matches):
    assert condition.matches(answers) is matches


def test_definitions_are_immutable(catalogue):
    with pytest.raises(dataclasses.FrozenInstanceError):
        catalogue.get("synpunkt").version = 2


def test_check_units_names_the_line_of_each_unknown_unit(catalogue):
    errors = check_units(catalogue, ["felanmalan", "park-och-natur", "kontaktcenter"])
    assert [str(error) for error in errors] == [
        f"{VALID / 'felanmalan.yaml'}:105: routing.rules[1].unit: unknown unit 'renhallning'"
    ]


# --- Broken files: one precise message each ---------------------------------------------

BROKEN_CASES = {
    "unknown-type": [
        (
            21,
            "steps[0].fields[0].type",
            f"unknown field type 'txt' (expected one of: {FIELD_TYPES_LISTED})",
        )
    ],
    "missing-sv": [(4, "title", "missing required key 'sv'")],
    "duplicate-field-id": [
        (24, "steps[0].fields[1].id", "duplicate field id 'message' (also at steps[0].fields[0])")
    ],
    "duplicate-key": [
        (24, "steps[0].fields[0].label", "duplicate key 'label' (first given on line 22)")
    ],
    "visible-if-later": [
        (
            23,
            "steps[0].fields[0].visible_if.field",
            "'wants_reply' comes later in the form; visible_if can only refer to an earlier field",
        )
    ],
    "visible-if-not-option": [
        (
            30,
            "steps[0].fields[2].visible_if.equals",
            "'ja' is not an option of 'wants_reply' (expected one of: yes, no)",
        )
    ],
    "routing-unknown-field": [(27, "routing.rules[0].when.field", "unknown field 'kategori'")],
    "bad-slug": [(2, "id", "'Synpunkt_2' is not a slug (lowercase a-z, 0-9 and single hyphens)")],
    "id-mismatch": [(2, "id", "id 'synpunkt' does not match the file name id-mismatch.yaml")],
    "unknown-top-level-key": [
        (2, "", "missing required key 'steps'"),
        (16, "stpes", "unknown key 'stpes' (did you mean 'steps'?)"),
    ],
    "min-greater-than-max": [(27, "steps[0].fields[1].min", "min 10 is greater than max 5")],
    "bad-pattern": [
        (
            27,
            "steps[0].fields[1].pattern",
            "not a valid regular expression: unterminated character set at position 0",
        )
    ],
    "invalid-yaml": [
        (
            22,
            "",
            "invalid YAML: expected <block end>, but found '<block mapping start>' "
            "(while parsing a block collection on line 20)",
        )
    ],
    "unknown-category": [
        (
            6,
            "category",
            "unknown category 'idrott' (expected one of: gator-och-trafik, kommun-och-politik)",
        )
    ],
    "several-problems": [
        (3, "version", "must be at least 1, got 0"),
        (7, "access", "unknown access 'public' (expected one of: anonymous, e-id)"),
        (22, "steps[0].fields[0].prefill", "prefill 'email' is for email fields, not textarea"),
    ],
}


@pytest.mark.parametrize("name", BROKEN_CASES)
def test_broken_file_is_reported_with_line_path_and_message(name, taxonomy):
    assert problems(BROKEN / f"{name}.yaml", taxonomy) == BROKEN_CASES[name]


def test_every_broken_fixture_has_a_case():
    assert {path.stem for path in BROKEN.glob("*.yaml")} == set(BROKEN_CASES)


def test_an_error_reads_file_line_path_message(taxonomy):
    with pytest.raises(DefinitionErrors) as caught:
        load_service(BROKEN / "missing-sv.yaml", taxonomy)
    expected = f"{BROKEN / 'missing-sv.yaml'}:4: title: missing required key 'sv'"
    assert str(caught.value) == expected
    assert str(caught.value.errors[0]) == expected


# --- More rules of forms/README.md, on variations of the minimal service ------------------

MESSAGE_FIELD = """      - id: message
        type: textarea
        label: {sv: Synpunkt, en: Feedback}
        required: true
"""
L = "label: {sv: A, en: A}"
KIND = f"{{id: kind, type: radio, {L}, options: [{{value: berom, {L}}}]}}"
MIME_TYPES = (
    "image/jpeg, image/png, image/gif, image/webp, image/heic, application/pdf, text/plain, "
    "audio/mpeg, audio/mp4, video/mp4, "
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document, "
    "application/vnd.oasis.opendocument.text"
)
F = "steps[0].fields[0]"
G = "steps[0].fields[1]"


def variant(tmp_path, *replacements):
    """Write synpunkt.yaml with text replaced; return its path."""
    text = (VALID / "synpunkt.yaml").read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "synpunkt.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_field_marked_as_summary_says_so(tmp_path, taxonomy):
    path = variant(
        tmp_path, ("        required: true\n", "        required: true\n        summary: true\n")
    )
    service = load_service(path, taxonomy)
    assert service.field("message").summary is True


@pytest.mark.parametrize(
    "fields, expected",
    [
        (
            [f"{{id: name, type: text, {L}, prefill: email}}"],
            [(f"{F}.prefill", "prefill 'email' is for email fields, not text")],
        ),
        (
            [f"{{id: gdpr, type: consent, {L}, required: false}}"],
            [(f"{F}.required", "a consent field is always required")],
        ),
        (
            [f"{{id: i, type: info, {L}, text: {{sv: B, en: B}}}}"],
            [(f"{F}.label", "an info field has 'text' instead of 'label'")],
        ),
        (["{id: i, type: info}"], [(F, "missing required key 'text'")]),
        (
            ["{id: a, type: text, lable: {sv: A, en: A}}"],
            [
                (F, "missing required key 'label'"),
                (f"{F}.lable", "unknown key 'lable' (did you mean 'label'?)"),
            ],
        ),
        (
            [f"{{id: Message, type: text, {L}}}"],
            [(f"{F}.id", "'Message' is not a field id ([a-z][a-z0-9_]*)")],
        ),
        (
            [f"{{id: a, type: text, {L}, required: yes}}"],
            [(f"{F}.required", "expected true or false, got 'yes'")],
        ),
        (
            ["{id: a, type: text, label: {sv: '', en: A}}"],
            [(f"{F}.label.sv", "must not be empty")],
        ),
        (
            [f"{{id: a, type: text, {L}, options: []}}"],
            [(f"{F}.options", "'options' does not apply to a text field")],
        ),
        (
            [f"{{id: a, type: text, {L}, min_length: 300}}"],
            [(f"{F}.min_length", "min_length 300 is greater than the default max_length 200")],
        ),
        (
            [f"{{id: a, type: textarea, {L}, max_length: 200000}}"],
            [(f"{F}.max_length", "must be between 1 and 100000, got 200000")],
        ),
        (
            [f"{{id: a, type: text, {L}, pattern: '[0-9]+'}}"],
            [(f"{F}.pattern", "a pattern needs a pattern_message")],
        ),
        (
            [f"{{id: a, type: date, {L}, min: 31/12/2025}}"],
            [(f"{F}.min", "expected an ISO date (YYYY-MM-DD) or 'today', got '31/12/2025'")],
        ),
        (
            [f"{{id: a, type: date, {L}, min: 2025-12-31, max: 2025-01-01}}"],
            [(f"{F}.min", "min 2025-12-31 is greater than max 2025-01-01")],
        ),
        (
            [f"{{id: a, type: radio, {L}, options: []}}"],
            [(f"{F}.options", "expected a list of options {value, label}, got an empty list")],
        ),
        (
            [KIND.replace("berom", "beröm")],
            [
                (
                    f"{F}.options[0].value",
                    "'beröm' is not a slug (lowercase a-z, 0-9 and single hyphens)",
                )
            ],
        ),
        (
            [KIND.replace("}]}", f"}}, {{value: berom, {L}}}]}}")],
            [(f"{F}.options[1].value", "duplicate option value 'berom' (also options[0])")],
        ),
        (
            [
                KIND.replace("radio", "checkboxes").replace(
                    "]}", "], min_choices: 2, max_choices: 1}"
                )
            ],
            [
                (f"{F}.min_choices", "min_choices 2 is more than the 1 options"),
                (f"{F}.min_choices", "min_choices 2 is greater than max_choices 1"),
            ],
        ),
        (
            [f"{{id: f, type: file, {L}, accept: [image/jpg]}}"],
            [
                (
                    f"{F}.accept[0]",
                    f"file type 'image/jpg' is not allowed (expected one of: {MIME_TYPES})",
                )
            ],
        ),
        ([f"{{id: f, type: file, {L}}}"], [(F, "missing required key 'accept'")]),
        (
            [f"{{id: f, type: file, {L}, accept: [text/plain], max_size_mb: 60, max_files: 0}}"],
            [
                (f"{F}.max_size_mb", "must be between 1 and 50, got 60"),
                (f"{F}.max_files", "must be between 1 and 20, got 0"),
            ],
        ),
        (
            [f"{{id: a, type: text, {L}, visible_if: {{field: a, equals: x}}}}"],
            [(f"{F}.visible_if.field", "a field cannot depend on itself")],
        ),
        (
            [f"{{id: a, type: text, {L}, summary: yes}}"],
            [(f"{F}.summary", "expected true or false, got 'yes'")],
        ),
        (
            [f"{{id: p, type: personnummer, {L}, summary: true}}"],
            [(f"{F}.summary", "a personnummer field cannot be shown as the case's summary")],
        ),
        (
            [f"{{id: f, type: file, {L}, accept: [text/plain], summary: true}}"],
            [(f"{F}.summary", "a file field cannot be shown as the case's summary")],
        ),
        (
            [
                f"{{id: reply, type: text, {L}}}",
                f"{{id: a, type: text, {L}, visible_if: {{field: reply, equals: y, in: [n]}}}}",
            ],
            [(f"{G}.visible_if", "give 'equals' or 'in', not both")],
        ),
        (
            [
                KIND,
                f"{{id: a, type: text, {L}, visible_if: {{field: kind, in: [berom, klagomal]}}}}",
            ],
            [
                (
                    f"{G}.visible_if.in[1]",
                    "'klagomal' is not an option of 'kind' (expected one of: berom)",
                )
            ],
        ),
        (
            [
                "{id: i, type: info, text: {sv: A, en: A}}",
                f"{{id: a, type: text, {L}, visible_if: {{field: i, equals: x}}}}",
            ],
            [(f"{G}.visible_if.field", "'i' is an info field and has no answer")],
        ),
    ],
)
def test_field_rules(tmp_path, taxonomy, fields, expected):
    written = "".join(f"      - {field}\n" for field in fields)
    found = problems(variant(tmp_path, (MESSAGE_FIELD, written)), taxonomy)
    assert [(path, message) for _, path, message in found] == expected


ROUTE_KIND = "  rules:\n    - {when: {field: kind, equals: klagomal}, unit: kontaktcenter}\n"


@pytest.mark.parametrize(
    "replacements, expected",
    [
        ([("version: 1", "version: '1'")], [("version", "expected a whole number, got '1'")]),
        (
            [("title: {sv: Lämna en synpunkt,", "title: {sv: ' ',")],
            [("title.sv", "must not be empty")],
        ),
        (
            [("access: anonymous", "access: anonymous\nlife_events: [flytta, skilsmassa]")],
            [
                (
                    "life_events[1]",
                    "unknown life event 'skilsmassa' (expected one of: flytta, starta-foretag)",
                )
            ],
        ),
        (
            [("access: anonymous", "access: anonymous\nkeywords: {se: [klagomål]}")],
            [("keywords.se", "unknown key 'se'")],
        ),
        (
            [("  cost: {sv: Kostnadsfritt, en: Free of charge}\n", "")],
            [("description", "missing required key 'cost'")],
        ),
        (
            [("processing_days: 10", "processing_days: 0")],
            [("description.processing_days", "must be at least 1, got 0")],
        ),
        (
            [("responsible_unit: kontaktcenter", "responsible_unit: Kontaktcenter")],
            [
                (
                    "description.responsible_unit",
                    "'Kontaktcenter' is not a slug (lowercase a-z, 0-9 and single hyphens)",
                )
            ],
        ),
        (
            [("anonymise_after_days: 365", "anonymise_after_days: -1")],
            [("retention.anonymise_after_days", "must be at least 1, got -1")],
        ),
        (
            [("  default_unit: kontaktcenter\n", "  rules: []\n")],
            [("routing", "missing required key 'default_unit'")],
        ),
        (
            [
                (MESSAGE_FIELD, f"      - {KIND}\n"),
                ("retention:", ROUTE_KIND + "retention:"),
            ],
            [
                (
                    "routing.rules[0].when.equals",
                    "'klagomal' is not an option of 'kind' (expected one of: berom)",
                )
            ],
        ),
        (
            [
                (
                    "steps:\n",
                    f"steps:\n  - {{id: synpunkt, title: {{sv: A, en: A}}, fields: [{KIND}]}}\n",
                )
            ],
            [("steps[1].id", "duplicate step id 'synpunkt' (also steps[0])")],
        ),
    ],
)
def test_service_rules(tmp_path, taxonomy, replacements, expected):
    found = problems(variant(tmp_path, *replacements), taxonomy)
    assert [(path, message) for _, path, message in found] == expected


# --- Taxonomy and directories -----------------------------------------------------------


def test_broken_taxonomy_is_reported(tmp_path):
    path = tmp_path / "_taxonomy.yaml"
    path.write_text("categories:\n  Gator: {sv: Gator}\nlife_event: {}\n", encoding="utf-8")
    with pytest.raises(DefinitionErrors) as caught:
        load_taxonomy(path)
    assert [(e.line, e.path, e.message) for e in caught.value.errors] == [
        (1, "", "missing required key 'life_events'"),
        (2, "categories.Gator", "'Gator' is not a slug (lowercase a-z, 0-9 and single hyphens)"),
        (2, "categories.Gator", "missing required key 'en'"),
        (3, "life_event", "unknown key 'life_event' (did you mean 'life_events'?)"),
    ]


def test_directory_reports_every_broken_file_together(tmp_path):
    shutil.copy(VALID / "_taxonomy.yaml", tmp_path)
    shutil.copy(VALID / "synpunkt.yaml", tmp_path)
    shutil.copy(BROKEN / "missing-sv.yaml", tmp_path)
    shutil.copy(BROKEN / "unknown-category.yaml", tmp_path)
    (tmp_path / "_notes.yaml").write_text("not: [a service", encoding="utf-8")
    (tmp_path / "README.md").write_text("# Not YAML", encoding="utf-8")
    with pytest.raises(DefinitionErrors) as caught:
        load_directory(tmp_path)
    assert [(Path(e.file).name, e.line, e.path) for e in caught.value.errors] == [
        ("missing-sv.yaml", 4, "title"),
        ("unknown-category.yaml", 6, "category"),
    ]


def test_directory_without_taxonomy_still_checks_the_services(tmp_path):
    shutil.copy(BROKEN / "unknown-type.yaml", tmp_path)
    with pytest.raises(DefinitionErrors) as caught:
        load_directory(tmp_path)
    assert [(Path(e.file).name, e.line, e.path) for e in caught.value.errors] == [
        ("_taxonomy.yaml", None, ""),
        ("unknown-type.yaml", 21, "steps[0].fields[0].type"),
    ]


# --- Reading YAML -------------------------------------------------------------------------


def test_yaml_keeps_yes_no_and_dates_as_text():
    text = 'a: yes\nb: no\nc: 2025-01-31\nd: true\ne: {sv: "Vad gäller det?", en: Why}\n'
    data = parse(text, "x")
    assert data == {
        "a": "yes",
        "b": "no",
        "c": "2025-01-31",
        "d": True,
        "e": {"sv": "Vad gäller det?", "en": "Why"},
    }


def test_an_unquoted_question_mark_in_a_short_text_is_reported_with_its_line():
    with pytest.raises(DefinitionError, match=r"^x:2: invalid YAML"):
        parse("a: 1\ne: {sv: Vad gäller det?, en: Why?}\n", "x")


def test_yaml_merge_keys_may_be_overridden_without_a_duplicate():
    data = parse("base: &b {sv: A, en: B}\ntitle: {<<: *b, en: C}\n", "x")
    assert data["title"] == {"sv": "A", "en": "C"}
    assert data["title"].duplicates == []


# --- The real definitions in forms/ -----------------------------------------------------

REAL_SERVICES = sorted(p for p in FORMS.glob("*.yaml") if not p.name.startswith("_"))


@pytest.mark.skipif(not REAL_SERVICES, reason="no e-service definitions in forms/ yet")
def test_the_real_definitions_all_load():
    try:
        catalogue = load_directory(FORMS)
    except DefinitionErrors as exc:
        pytest.fail(f"forms/ has errors:\n{exc}")
    assert len(catalogue) >= 6
    assert {service.id for service in catalogue} == {path.stem for path in REAL_SERVICES}
