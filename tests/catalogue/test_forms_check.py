"""`flask forms check`: every problem on its own line, exit 1; else a count and exit 0."""

import shutil
from pathlib import Path

import pytest

from eservices.catalogue.cli import forms_group, register
from eservices.extensions import db as _db
from eservices.organisation.models import Unit

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid"
BROKEN = FIXTURES / "broken"
FORMS = Path(__file__).resolve().parents[2] / "forms"
ALL_UNITS = ("kontaktcenter", "felanmalan", "park-och-natur", "renhallning")


def check(app, *args):
    """Run `flask forms check` with the arguments."""
    return app.test_cli_runner().invoke(forms_group, ["check", *args])


@pytest.fixture
def broken_dir(tmp_path):
    """A folder with the taxonomy, one good service and two broken ones."""
    folder = tmp_path / "forms"
    folder.mkdir()
    for source in (
        VALID / "_taxonomy.yaml",
        VALID / "synpunkt.yaml",
        BROKEN / "missing-sv.yaml",
        BROKEN / "unknown-type.yaml",
    ):
        shutil.copy(source, folder)
    return folder


def test_valid_folder_prints_the_count_and_exits_0(app):
    result = check(app, "--dir", str(VALID))
    assert result.exit_code == 0, result.output
    assert result.stdout == "2 e-services OK\n"
    assert result.stderr == ""


def test_broken_folder_prints_each_error_and_exits_1(app, broken_dir):
    result = check(app, "--dir", str(broken_dir))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{broken_dir / 'missing-sv.yaml'}:4: title: missing required key 'sv'",
        f"{broken_dir / 'unknown-type.yaml'}:21: steps[0].fields[0].type: unknown field type "
        "'txt' (expected one of: text, textarea, email, phone, personnummer, "
        "organisationsnummer, postal_code, date, number, amount, radio, select, checkboxes, "
        "yes_no, file, address, location, consent, info)",
    ]


def test_files_are_named_relative_to_the_working_directory(app, broken_dir, monkeypatch):
    monkeypatch.chdir(broken_dir.parent)
    result = check(app, "--dir", str(broken_dir.resolve()))
    assert result.exit_code == 1
    assert (
        result.stderr.splitlines()[0]
        == "forms/missing-sv.yaml:4: title: missing required key 'sv'"
    )


def test_missing_folder_is_an_error(app, tmp_path):
    result = check(app, "--dir", str(tmp_path / "nothing"))
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'nothing'}: not a directory\n"


def test_units_reports_a_unit_missing_from_the_database(app, make_unit, monkeypatch):
    for slug in ALL_UNITS[:-1]:
        make_unit(slug=slug, name_sv=slug)
    monkeypatch.chdir(FIXTURES)
    result = check(app, "--dir", str(VALID), "--units")
    assert result.exit_code == 1
    assert result.stderr == (
        "valid/felanmalan.yaml:105: routing.rules[1].unit: unknown unit 'renhallning'\n"
    )


def test_units_passes_when_every_unit_exists(app):
    # No application context here: the command loads the app itself, as `flask` would.
    with app.app_context():
        _db.session.add_all(Unit(slug=slug, name_sv=slug) for slug in ALL_UNITS)
        _db.session.commit()
    result = check(app, "--dir", str(VALID), "--units")
    assert result.exit_code == 0, result.output
    assert result.stdout == "2 e-services OK\n"


def test_register_adds_the_group_to_flask(app):
    register(app)
    result = app.test_cli_runner().invoke(args=["forms", "check", "--dir", str(VALID)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "2 e-services OK\n"


@pytest.mark.skipif(
    not any(p for p in FORMS.glob("*.yaml") if not p.name.startswith("_")),
    reason="no e-service definitions in forms/ yet",
)
def test_without_dir_it_checks_the_repository_forms(app):
    result = check(app)
    assert result.exit_code == 0, result.stderr
    count = len([p for p in FORMS.glob("*.yaml") if not p.name.startswith("_")])
    assert result.stdout == f"{count} e-services OK\n"
