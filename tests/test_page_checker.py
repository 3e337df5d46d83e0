"""The page checker that every HTML response in the tests passes through refuses bad pages."""

import pytest

from tests.conftest import check_document

GOOD = """<!doctype html><html lang="sv"><head><title>{prefix}Ansökan – Kommunen</title></head>
<body><h1>Ansökan</h1>{summary}
<form method="post"><input type="hidden" name="csrf_token" value="x">
<label for="namn">Namn</label><input id="namn" name="namn">
<label>Ort <select name="ort"><option>A</option></select></label>
<textarea name="text" aria-label="Text"></textarea>
<button type="submit">Skicka</button></form></body></html>"""
SUMMARY = '<div class="error-summary" role="alert"><h2>Det finns ett problem</h2></div>'


def test_a_good_page_passes():
    check_document(GOOD.format(prefix="", summary=""))
    check_document(GOOD.format(prefix="Fel: ", summary=SUMMARY))


@pytest.mark.parametrize(
    "page, complaint",
    [
        (GOOD.format(prefix="", summary=SUMMARY), "errors shown"),
        (GOOD.format(prefix="", summary="").replace(' for="namn"', ""), "without a label"),
        (GOOD.format(prefix="", summary="").replace(' aria-label="Text"', ""), "without a label"),
        (GOOD.format(prefix="", summary="").replace('name="csrf_token"', 'name="x"'), "CSRF"),
        (GOOD.format(prefix="", summary="").replace("<h1>Ansökan</h1>", ""), "<h1>"),
        (GOOD.format(prefix="", summary="").replace("<title>Ansökan", "<title>Sida"), "title"),
        (GOOD.format(prefix="", summary="").replace('name="ort"', 'id="namn"'), "duplicate ids"),
    ],
)
def test_a_bad_page_is_refused(page, complaint):
    with pytest.raises(AssertionError, match=complaint):
        check_document(page)
