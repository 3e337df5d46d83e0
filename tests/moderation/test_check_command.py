"""`flask moderation check` and the start-up check of the rulebook."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from eservices import create_app
from eservices.config import ConfigurationError
from eservices.moderation.cli import moderation_group

RULES = Path(__file__).resolve().parents[2] / "moderation" / "rules.yaml"


def check(app, *args):
    """Run `flask moderation check` with the arguments."""
    return app.test_cli_runner().invoke(moderation_group, ["check", *args])


@pytest.fixture
def broken(tmp_path):
    """A copy of the rulebook with a misspelt kind and a setting out of range."""
    path = tmp_path / "moderation" / "rules.yaml"
    path.parent.mkdir()
    text = RULES.read_text(encoding="utf-8")
    text = text.replace("applies_to: [proposal]", "applies_to: [propsal]", 1)
    text = text.replace("reports_to_hide: 3", "reports_to_hide: 0")
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(path, needle, nth=1):
    lines = path.read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines, 1) if needle in line][nth - 1]


def test_the_shipped_rulebook_passes(app):
    result = check(app)
    assert result.exit_code == 0, result.output
    assert result.stdout == "11 rules OK\n"
    assert result.stderr == ""


def test_a_broken_rulebook_prints_each_problem_and_exits_1(app, broken):
    result = check(app, "--file", str(broken))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{broken}:{_line_of(broken, 'reports_to_hide')}: settings.reports_to_hide: "
        "must be between 1 and 1000, got 0",
        f"{broken}:{_line_of(broken, 'propsal')}: rules[0].applies_to[0]: unknown kind of "
        "item 'propsal' (expected one of: proposal, comment, candidate)",
    ]


def test_the_file_is_named_relative_to_the_working_directory(app, broken, monkeypatch):
    monkeypatch.chdir(broken.parent.parent)
    result = check(app, "--file", str(broken))
    assert result.stderr.startswith("moderation/rules.yaml:")


def test_a_missing_file_is_an_error(app, tmp_path):
    result = check(app, "--file", str(tmp_path / "none.yaml"))
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'none.yaml'}: No such file or directory\n"


def test_a_broken_rulebook_stops_the_app_from_starting(broken, tmp_path, monkeypatch):
    monkeypatch.setenv("ESERVICES_INSTANCE", str(tmp_path / "instance"))
    with pytest.raises(ConfigurationError, match=r"rules\.yaml:\d+: rules\[0\]\.applies_to\[0\]"):
        create_app("test", MODERATION_RULES=str(broken))


def test_the_check_runs_when_the_app_cannot_start(broken, tmp_path):
    flask = Path(sys.executable).with_name("flask")
    env = {
        "MODERATION_RULES": str(broken),
        "PATH": "/usr/bin:/bin",
        "ESERVICES_INSTANCE": str(tmp_path / "instance"),
    }
    command = [str(flask), "--app", "eservices", "moderation", "check", "--file", str(broken)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 1
    assert f"{broken}:{_line_of(broken, 'propsal')}: rules[0].applies_to[0]:" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_app_serves_the_rulebook_it_was_given(tmp_path, monkeypatch):
    own = tmp_path / "rules.yaml"
    shutil.copy(RULES, own)
    text = own.read_text(encoding="utf-8").replace(
        "support_threshold: 200", "support_threshold: 150"
    )
    own.write_text(text, encoding="utf-8")
    monkeypatch.setenv("ESERVICES_INSTANCE", str(tmp_path / "instance"))
    app = create_app("test", MODERATION_RULES=str(own))
    assert app.extensions["rulebook"].settings.support_threshold == 150
