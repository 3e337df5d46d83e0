"""Data put into a message reaches the page as text, never as HTML.

Flask-Babel's lazy strings tell Jinja they are HTML already (they have ``__html__``), so a
file name interpolated into one was rendered as markup. Messages that carry data are made
with ``eservices.i18n.lazy_message``, which is escaped; the first test finds any that is not.
"""

import ast
import io
import re
from pathlib import Path

import pytest
from markupsafe import escape
from werkzeug.datastructures import FileStorage

from eservices.attachments import scanning
from eservices.attachments import services as attachments
from eservices.i18n import lazy_message
from tests.conftest import check_page, csrf_token
from tests.fault_report import PDF, png, upload
from tests.resident_cases import write

SOURCE = Path(__file__).resolve().parents[1] / "eservices"
# The reviewer's file name; a browser sends its leading quote as %22, so it is left out.
EVIL = "><img src=x onerror=alert(document.domain)>.png"
ESCAPED = str(escape(EVIL))
LAZY = {"lazy_gettext", "lazy_ngettext", "lazy_pgettext", "lazy_npgettext"}


def _unescaped_lazy_messages(path):
    """(line, name) of every Flask-Babel lazy translation in ``path`` given data."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "flask_babel"
        for alias in node.names
        if alias.name in LAZY
    }
    plural = {"lazy_ngettext", "lazy_npgettext"}
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id in names:
            # The message's own arguments (text; plural and count) carry no data.
            own = 3 if node.func.id in plural else 1
            if node.keywords or len(node.args) > own:
                found.append((node.lineno, node.func.id))
    return found


def test_no_lazy_translation_carries_data_unescaped():
    offenders = [
        f"{path.relative_to(SOURCE.parent)}:{line}: {name}(...) with data"
        for path in sorted(SOURCE.rglob("*.py"))
        for line, name in _unescaped_lazy_messages(path)
    ]
    assert not offenders, "use eservices.i18n.lazy_message:\n" + "\n".join(offenders)


def test_the_check_finds_a_lazy_translation_with_data(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(
        "from flask_babel import lazy_gettext as _l\n"
        "A = _l('Plain')\n"
        "B = _l('“%(name)s” is empty.', name=name)\n"
    )
    assert _unescaped_lazy_messages(module) == [(3, "_l")]


def test_a_lazy_message_is_escaped_and_still_translated(app):
    with app.test_request_context(headers={"Cookie": "lang=sv"}):
        message = lazy_message("“%(name)s” is empty.", name=EVIL)
        assert str(message) == f"”{EVIL}” är tom."
        assert str(escape(message)) == f"”{ESCAPED}” är tom."


def _upload(name, data):
    return FileStorage(io.BytesIO(data), filename=name)


class _Field:
    id, accept, max_size_mb, max_files = "photos", ("image/png",), 1, 1


@pytest.mark.parametrize(
    ("data", "scanner"),
    [
        (b"", None),  # empty
        (png() + b"\0" * 1024 * 1024, None),  # too large
        (PDF, None),  # not an image
        (png(), "virus"),
        (png(), "down"),
    ],
    ids=["empty", "too-large", "wrong-type", "virus", "scanner-down"],
)
def test_every_refusal_of_a_file_escapes_its_name(app, monkeypatch, data, scanner):
    if scanner:
        monkeypatch.setattr(scanning, "enabled", lambda: True)

        def scan(_data):
            if scanner == "down":
                raise scanning.ScannerUnavailable("no answer")
            return "Eicar-Signature"

        monkeypatch.setattr(scanning, "scan", scan)
    with app.test_request_context():
        with pytest.raises(attachments.UploadRejected) as refused:
            attachments.check(_upload(EVIL, data), _Field())
        shown = str(escape(refused.value.message))
    assert ESCAPED in shown and "<img src=x" not in shown


def _errors(html):
    summary = re.search(r'class="error-summary".*?</div>', html, re.S).group(0)
    beside = re.findall(r'class="field__error"[^>]*>(.*?)</p>', html, re.S)
    return summary, beside


def test_a_file_name_is_text_in_the_error_summary_and_beside_the_field(at_photo_step):
    response = upload(at_photo_step, (EVIL, PDF))
    check_page(response)
    summary, beside = _errors(response.text)
    assert "<img src=x" not in response.text
    assert ESCAPED in summary and ESCAPED in beside[0]


def test_the_file_over_the_limit_is_named_as_text(at_photo_step):
    response = upload(at_photo_step, *[(f"{n}{EVIL}", png()) for n in range(4)])
    assert "<img src=x" not in response.text
    assert f"3{ESCAPED}" in _errors(response.text)[0]


def test_a_file_name_is_text_in_a_reply_on_mina_sidor(own_case, handler_client, resident_client):
    write(handler_client, own_case.number, "completion_request", "Bild, tack.")
    url = f"/mina-sidor/arenden/{own_case.number}"
    response = resident_client.post(
        f"{url}/svar",
        data={
            "csrf_token": csrf_token(resident_client.get(url).text),
            "body": "Här",
            "files": [(io.BytesIO(b"MZ\x90\x00" + b"\x00" * 200), EVIL.replace(".png", ".exe"))],
        },
        content_type="multipart/form-data",
    )
    check_page(response, status=400)
    assert "<img src=x" not in response.text
    assert str(escape(EVIL.replace(".png", ".exe"))) in response.text
