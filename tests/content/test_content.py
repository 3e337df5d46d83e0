"""The content machinery serves any kind of YAML content, not only the e-services.

A small rulebook, defined here the way a new capability would define its own, gets the
same errors, start-up refusal and check command as `forms/` in a few lines.
"""

from dataclasses import dataclass

import pytest

from eservices import content
from eservices.config import ConfigurationError


@dataclass(frozen=True)
class Rulebook:
    reasons: dict


def check_rulebook(data, file):
    check = content.Checker(file)
    if check.document(data, "a rulebook {reasons}"):
        check.keys(data, (), ("reasons",))
        if "reasons" in data and check.mapping(data, "reasons", (), "reasons {id: text}"):
            for key in data["reasons"]:
                check.text(data["reasons"], key, ("reasons",))
    return check.in_line_order()


def load_rulebook(directory):
    path = content.folder(directory) / "rulebook.yaml"
    data = content.read(path)
    content.raise_if(check_rulebook(data, str(path)))
    return Rulebook({key: content.text_from(text) for key, text in data["reasons"].items()})


moderation_group = content.check_group(
    "moderation",
    description="The moderation rulebook.",
    load=load_rulebook,
    summary=lambda rulebook: f"{len(rulebook.reasons)} reasons OK",
)

GOOD = """\
reasons:
  personal-data:
    sv: Förslaget innehåller personuppgifter.
    en: The proposal contains personal data.
"""
BROKEN = """\
reasons:
  personal-data:
    sv: Förslaget innehåller personuppgifter.
  personal-data:
    sv: ""
    en: Twice.
reason: {}
"""


@pytest.fixture
def folder(tmp_path):
    def write(text):
        (tmp_path / "rulebook.yaml").write_text(text, encoding="utf-8")
        return tmp_path

    return write


def test_a_good_file_becomes_its_dataclass(folder):
    rulebook = load_rulebook(folder(GOOD))
    assert rulebook.reasons["personal-data"].get("en") == "The proposal contains personal data."


def test_every_problem_is_reported_with_its_line(folder):
    path = folder(BROKEN) / "rulebook.yaml"
    with pytest.raises(content.DefinitionErrors) as caught:
        load_rulebook(path.parent)
    assert [str(error) for error in caught.value.errors] == [
        f"{path}:4: reasons.personal-data: duplicate key 'personal-data' (first given on line 2)",
        f"{path}:5: reasons.personal-data.sv: must not be empty",
        f"{path}:7: reason: unknown key 'reason' (did you mean 'reasons'?)",
    ]


def test_the_check_command_prints_each_problem_or_a_summary(app, folder):
    runner = app.test_cli_runner()
    good = runner.invoke(moderation_group, ["check", "--dir", str(folder(GOOD))])
    assert (good.exit_code, good.stdout) == (0, "1 reasons OK\n")
    broken = runner.invoke(moderation_group, ["check", "--dir", str(folder("- a list\n"))])
    assert broken.exit_code == 1
    assert broken.stderr.endswith("rulebook.yaml:1: expected a rulebook {reasons}, got a list\n")


def test_a_broken_file_stops_the_app_from_starting_and_names_the_command(app, folder):
    with pytest.raises(ConfigurationError, match=r"flask moderation check.*\n.*rulebook.yaml:1"):
        content.load_at_start(
            app, "rulebook", load_rulebook, folder("[]\n"), command="flask moderation check"
        )
    content.load_at_start(app, "rulebook", load_rulebook, folder(GOOD), command="-")
    assert app.extensions["rulebook"].reasons["personal-data"].sv.startswith("Förslaget")


def test_loading_once_reads_again_only_when_a_file_changes(folder):
    directory = folder(GOOD)
    first = content.load_once(load_rulebook, directory)
    assert content.load_once(load_rulebook, directory) is first
    folder(GOOD.replace("personal-data", "off-topic"))
    assert list(content.load_once(load_rulebook, directory).reasons) == ["off-topic"]
