"""The rulebook is read from moderation/rules.yaml, and every mistake in it is named."""

from dataclasses import fields
from pathlib import Path

import pytest

from eservices.moderation.rulebook import KINDS, Settings, load
from eservices.moderation.rulebook_checks import SETTINGS
from eservices.moderation.yamldata import DefinitionErrors

RULES = Path(__file__).resolve().parents[2] / "moderation" / "rules.yaml"

MINIMAL = """\
rules:
  - id: krankande
    applies_to: [proposal, comment, candidate]
    title: {sv: Kränkande, en: Offensive}
    explanation: {sv: Inga kränkningar., en: No offence.}
"""


def problems(tmp_path, text):
    """The error lines for a rulebook with this text."""
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionErrors) as caught:
        load(path)
    return [str(error).removeprefix(f"{path}:") for error in caught.value.errors]


def test_the_shipped_rulebook_has_the_rules_the_service_promises():
    rulebook = load(RULES)
    ids = {rule.id for rule in rulebook.rules_for("proposal")}
    assert {
        "ej-kommunens-ansvar", "personuppgifter", "krankande", "kommersiellt", "dubblett",
        "otydligt", "olagligt",
    } <= ids  # fmt: skip
    assert {rule.id for rule in rulebook.rules_for("candidate")} >= {
        "personuppgifter",
        "krankande",
        "egna-kontaktuppgifter",
        "inte-om-kandidaturen",
    }
    settings = rulebook.settings
    assert (settings.support_threshold, settings.support_days, settings.answer_months) == (
        200, 90, 6,
    )  # fmt: skip
    assert settings.moderation_target_working_days == 5
    assert settings.reports_to_hide == 3
    assert "jävl*" in rulebook.prescreen.words
    assert (
        rulebook.rule("dubblett").title.get("en")
        == "A proposal about the same thing is already open"
    )


def test_settings_left_out_take_the_platform_defaults(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(MINIMAL + "settings:\n  support_threshold: 50\n", encoding="utf-8")
    rulebook = load(path)
    assert rulebook.settings.support_threshold == 50
    assert rulebook.settings.support_days == 90
    assert rulebook.settings.claim_minutes == 30
    assert rulebook.prescreen.words == ()
    assert rulebook.prescreen.similarity == 0.5


def test_every_setting_has_a_default_and_a_field():
    assert [f.name for f in fields(Settings)] == list(SETTINGS)


def test_rules_for_a_kind_keep_file_order(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(
        MINIMAL
        + "  - id: a\n    applies_to: [comment]\n    title: {sv: A, en: A}\n"
        + "    explanation: {sv: A, en: A}\n",
        encoding="utf-8",
    )
    rulebook = load(path)
    assert [rule.id for rule in rulebook.rules_for("comment")] == ["krankande", "a"]
    assert [rule.id for rule in rulebook.rules_for("proposal")] == ["krankande"]
    assert rulebook.rule("nothing") is None


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            MINIMAL.replace("[proposal, comment, candidate]", "[propsal, comment, candidate]"),
            [
                "1: rules: no rule applies to 'proposal': a moderator would have none to cite",
                "3: rules[0].applies_to[0]: unknown kind of item 'propsal' "
                "(expected one of: proposal, comment, candidate)",
            ],
        ),
        (
            MINIMAL.replace("id: krankande", "id: Kränkande"),
            ["2: rules[0].id: 'Kränkande' is not a slug (lowercase a-z, 0-9 and single hyphens)"],
        ),
        (
            MINIMAL.replace("{sv: Kränkande, en: Offensive}", "{en: Offensive}"),
            ["4: rules[0].title: missing required key 'sv'"],
        ),
        (
            MINIMAL.replace("    explanation: {sv: Inga kränkningar., en: No offence.}\n", ""),
            ["2: rules[0]: missing required key 'explanation'"],
        ),
        (
            MINIMAL + MINIMAL.removeprefix("rules:\n"),
            ["6: rules[1].id: 'krankande' is already the id of rules[0]"],
        ),
        (
            MINIMAL.replace(
                "[proposal, comment, candidate]", "[proposal, comment, candidate, comment]"
            ),
            ["3: rules[0].applies_to[3]: 'comment' is listed twice"],
        ),
        (
            MINIMAL.replace("[proposal, comment, candidate]", "[]"),
            [
                "1: rules: no rule applies to 'proposal': a moderator would have none to cite",
                "1: rules: no rule applies to 'comment': a moderator would have none to cite",
                "1: rules: no rule applies to 'candidate': a moderator would have none to cite",
                "3: rules[0].applies_to: expected a list of kinds of item (expected one of: "
                "proposal, comment, candidate), got an empty list",
            ],
        ),
        (
            "settings:\n  suport_threshold: 200\n" + MINIMAL,
            [
                "2: settings.suport_threshold: unknown key 'suport_threshold' "
                "(did you mean 'support_threshold'?)"
            ],
        ),
        (
            "settings:\n  support_threshold: 0\n  support_days: ninety\n" + MINIMAL,
            [
                "2: settings.support_threshold: must be between 1 and 1000000, got 0",
                "3: settings.support_days: expected a whole number, got 'ninety'",
            ],
        ),
        (
            "prescreen:\n  similarity: 1.5\n" + MINIMAL,
            [
                "2: prescreen.similarity: expected a number above 0 and at most 1, "
                "got the number 1.5"
            ],
        ),
        (
            "prescreen:\n  words:\n    - jävl*\n    - ''\n    - '*fan'\n    - JÄVL*\n" + MINIMAL,
            [
                "4: prescreen.words[1]: '' is not a word (letters and digits, words joined by "
                "single spaces or hyphens, optionally ending in *)",
                "5: prescreen.words[2]: '*fan' is not a word (letters and digits, words joined by "
                "single spaces or hyphens, optionally ending in *)",
                "6: prescreen.words[3]: 'JÄVL*' is already listed as words[0]",
            ],
        ),
        (
            "settings: {}\nsettings: {}\n" + MINIMAL,
            ["2: settings: duplicate key 'settings' (first given on line 1)"],
        ),
        (
            "rule:\n" + MINIMAL.removeprefix("rules:\n"),
            [
                "1: missing required key 'rules'",
                "1: rule: unknown key 'rule' (did you mean 'rules'?)",
            ],
        ),
        (
            "rules: [\n",
            [
                "2: invalid YAML: expected the node content, but found '<stream end>' "
                "(while parsing a flow node)"
            ],
        ),
        ("- just a list\n", ["1: expected settings, prescreen and rules, got a list"]),
    ],
    ids=[
        "unknown kind",
        "bad id",
        "missing sv",
        "missing key",
        "duplicate id",
        "kind twice",
        "no kinds",
        "unknown setting",
        "bad settings",
        "similarity",
        "words",
        "duplicate key",
        "no rules",
        "syntax",
        "not a mapping",
    ],  # fmt: skip
)
def test_a_broken_rulebook_names_file_line_path_and_problem(tmp_path, text, expected):
    assert problems(tmp_path, text) == expected


def test_kinds_are_the_three_the_platform_moderates():
    assert KINDS == ("proposal", "comment", "candidate")


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(DefinitionErrors) as caught:
        load(tmp_path / "none.yaml")
    assert str(caught.value) == f"{tmp_path / 'none.yaml'}: No such file or directory"
