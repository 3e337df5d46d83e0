"""The platform checks the e-service definitions when it starts."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from eservices import create_app
from eservices.config import ConfigurationError

FORMS = Path(__file__).resolve().parents[2] / "forms"


def test_the_app_serves_the_real_catalogue(app):
    catalogue = app.extensions["catalogue"]
    assert len(catalogue) >= 6
    assert catalogue.get("felanmalan") is not None


def test_a_broken_definition_stops_the_app_from_starting(tmp_path, monkeypatch):
    broken = tmp_path / "forms"
    shutil.copytree(FORMS, broken)
    text = (broken / "felanmalan.yaml").read_text(encoding="utf-8")
    (broken / "felanmalan.yaml").write_text(
        text.replace("type: textarea", "type: txt", 1), encoding="utf-8"
    )
    monkeypatch.setenv("ESERVICES_INSTANCE", str(tmp_path / "instance"))
    with pytest.raises(ConfigurationError, match=r"felanmalan.yaml:\d+: steps\[\d\]\.fields"):
        create_app("test", FORMS_DIR=str(broken))


def test_flask_forms_check_reports_a_broken_file_even_though_the_app_cannot_start(tmp_path):
    broken = tmp_path / "forms"
    shutil.copytree(FORMS, broken)
    (broken / "skolskjuts.yaml").write_text("id: skolskjuts\nversion: 0\n", encoding="utf-8")
    flask = Path(sys.executable).with_name("flask")
    env = {
        "FORMS_DIR": str(broken),
        "PATH": "/usr/bin:/bin",
        "ESERVICES_INSTANCE": str(tmp_path / "instance"),
    }
    result = subprocess.run(
        [str(flask), "--app", "eservices", "forms", "check", "--dir", str(broken)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert "skolskjuts.yaml:2: version:" in result.stderr
    assert "Traceback" not in result.stderr
