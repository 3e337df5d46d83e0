"""The public pages exist in both languages and follow the page rules."""

import pytest

PUBLIC_PAGES = [
    "/",
    "/om-webbplatsen",
    "/tillganglighet",
    "/logga-in",
    "/logga-in/test",
    "/personal/logga-in",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_render_in_swedish_by_default(page, url):
    response = page(url)
    assert '<html lang="sv">' in response.text


def test_start_page_leads_to_the_three_parts_of_the_platform(page):
    text = page("/").text
    assert "E-tjänster" in text
    assert "E-förslag" in text
    assert "Val till ungdomsfullmäktige" in text


def _switch_language(client, language, next_url):
    # As a browser sends the switch from a page of the site: no token, a same-origin form.
    return client.post(
        "/sprak",
        data={"lang": language, "next": next_url},
        headers={"Sec-Fetch-Site": "same-origin"},
    )


def test_language_choice_is_remembered_and_returns_to_the_same_page(client, page):
    response = _switch_language(client, "en", "/tillganglighet")
    assert response.status_code == 302
    assert response.headers["Location"] == "/tillganglighet"
    text = page("/tillganglighet").text
    assert '<html lang="en">' in text
    assert "Accessibility statement" in text
    assert '<html lang="en">' in page("/").text  # remembered on the next page too
    _switch_language(client, "sv", "/")
    assert '<html lang="sv">' in page("/").text


def test_language_switch_refuses_an_outside_redirect(client):
    response = _switch_language(client, "en", "https://evil.example/")
    assert response.headers["Location"] == "/"


def test_language_switch_refuses_an_unknown_language(client):
    assert _switch_language(client, "xx", "/").status_code == 400


@pytest.mark.parametrize(
    "language, heading", [("sv", "Sidan finns inte"), ("en", "The page cannot be found")]
)
def test_not_found_page_in_both_languages(client, page, language, heading):
    client.set_cookie("lang", language)
    assert heading in page("/finns-inte", status=404).text


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}
