"""The catalogue's pages: start and search, browsing, and the service descriptions."""

import re
import shutil
from pathlib import Path

import pytest

FORMS = Path(__file__).resolve().parents[2] / "forms"
SERVICE_IDS = [
    "anmalan-om-storning",
    "felanmalan",
    "foreningsbidrag",
    "parkeringstillstand-rorelsehindrade",
    "skolskjuts",
    "synpunkter-och-klagomal",
]
PAGES = [
    "/e-tjanster/",
    "/e-tjanster/?q=parkering",
    "/e-tjanster/?q=finns-inte",
    "/e-tjanster/kategori/trafik-och-gator",
    "/e-tjanster/kategori/naringsliv-och-arbete",
    "/e-tjanster/livshandelse/flytta",
    *[f"/e-tjanster/{service_id}" for service_id in SERVICE_IDS],
]


@pytest.fixture
def english(client):
    """Show the pages in English, as the language switch would."""
    client.set_cookie("lang", "en")


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_catalogue_page_follows_the_page_rules_in_both_languages(
    client, page, url, language
):
    client.set_cookie("lang", language)
    assert f'<html lang="{language}">' in page(url).text


def test_the_start_page_links_to_the_catalogue(page):
    assert 'href="/e-tjanster/"' in page("/").text


def test_catalogue_start_lists_every_service_and_the_ways_to_browse(page):
    text = page("/e-tjanster/").text
    assert "<h1>E-tjänster</h1>" in text
    assert '<label for="q">Sök e-tjänster</label>' in text
    for service_id in SERVICE_IDS:
        assert f'href="/e-tjanster/{service_id}"' in text
    assert "Parkeringstillstånd för rörelsehindrade" in text
    assert 'href="/e-tjanster/kategori/trafik-och-gator">Trafik och gator</a>' in text
    assert "(2 e-tjänster)" in text
    assert 'href="/e-tjanster/livshandelse/flytta">Flytta</a>' in text
    assert "/e-tjanster/livshandelse/bli-foralder" not in text  # no services yet
    assert 'role="status"' not in text  # no search, no count


def test_catalogue_start_in_english(english, page):
    text = page("/e-tjanster/").text
    assert "<h1>E-services</h1>" in text
    assert "Disabled parking permit" in text
    assert ">Traffic and streets</a>" in text
    assert ">Moving</a>" in text
    assert "Parkeringstillstånd" not in text


def test_search_shows_the_count_and_the_matches(page):
    text = page("/e-tjanster/?q=parkering").text
    assert '<p role="status" class="result-count">1 träff för ”parkering”</p>' in text
    assert 'href="/e-tjanster/parkeringstillstand-rorelsehindrade"' in text
    assert 'href="/e-tjanster/felanmalan"' not in text
    assert 'value="parkering"' in text  # the query stays in the search box


def test_search_without_accents_and_in_english(page, english):
    text = page("/e-tjanster/?q=storning").text
    assert "1 result for “storning”" in text
    assert "Report a nuisance" in text


def test_search_with_several_matches_uses_the_plural(page):
    assert "2 träffar för ”anmälan”" in page("/e-tjanster/?q=anmälan").text


def test_search_without_matches_helps_the_visitor_on(page):
    text = page("/e-tjanster/?q=zzzqqq").text
    assert "0 träffar för ”zzzqqq”" in text
    assert "Kontrollera stavningen" in text
    assert 'href="/e-tjanster/kategori/trafik-och-gator"' in text  # browse instead


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "%",
        "100%",
        "%(num)d %s {{ 7*7 }}",
        "Ärende på gång 😀 ﷽ \u202egnirots",
        "a" * 5000,
        "   ",
        "\t\n",
    ],
)
def test_odd_queries_are_escaped_and_never_fail(client, page, query):
    response = page("/e-tjanster/", query_string={"q": query})
    assert "<script>alert" not in response.text
    assert "<img src=x" not in response.text
    assert "49" not in response.text.split("<main", 1)[1]  # no template evaluated


def test_markup_in_a_query_is_shown_as_text(page):
    text = page("/e-tjanster/", query_string={"q": "<b>fet</b>"}).text
    assert "”&lt;b&gt;fet&lt;/b&gt;”" in text


def test_a_long_query_is_cut_to_100_characters(page):
    main = page("/e-tjanster/", query_string={"q": "b" * 300}).text.split("<main", 1)[1]
    assert f'value="{"b" * 100}"' in main
    assert "b" * 101 not in main
    assert 'maxlength="100"' in main


def test_repeated_and_badly_encoded_queries_do_not_fail(client):
    assert client.get("/e-tjanster/?q=a&q=b").status_code == 200
    assert client.get("/e-tjanster/?q=%ZZ%").status_code == 200
    assert client.get("/e-tjanster/?q=%C3%28").status_code == 200  # not UTF-8
    assert client.get("/e-tjanster/?q=a%00b").status_code == 400  # refused for the whole site


def test_a_category_lists_its_services(page):
    text = page("/e-tjanster/kategori/trafik-och-gator").text
    assert "<h1>Trafik och gator</h1>" in text
    assert "2 e-tjänster inom det här ämnet." in text
    assert 'href="/e-tjanster/felanmalan"' in text
    assert 'href="/e-tjanster/parkeringstillstand-rorelsehindrade"' in text
    assert 'href="/e-tjanster/skolskjuts"' not in text


def test_a_life_event_lists_its_services_in_english(english, page):
    text = page("/e-tjanster/livshandelse/flytta").text
    assert "<h1>Moving</h1>" in text
    assert "1 e-service for this life event." in text
    assert ">Apply for school transport</a>" in text


def test_a_life_event_without_services_says_so(page):
    text = page("/e-tjanster/livshandelse/bli-foralder").text
    assert "<h1>Bli förälder</h1>" in text
    assert "Det finns inga e-tjänster här ännu." in text


@pytest.mark.parametrize(
    "url",
    [
        "/e-tjanster/finns-inte",
        "/e-tjanster/kategori/finns-inte",
        "/e-tjanster/livshandelse/finns-inte",
        "/e-tjanster/FELANMALAN",
        "/e-tjanster/kategori/",
        "/e-tjanster/felanmalan/extra",
    ],
)
def test_unknown_pages_are_not_found(page, url):
    assert "Sidan finns inte" in page(url, status=404).text


def test_the_description_shows_the_service_description(page, make_unit):
    make_unit(slug="trafik", name_sv="Trafikkontoret, tillstånd", name_en="Traffic Office")
    text = page("/e-tjanster/parkeringstillstand-rorelsehindrade").text
    assert "<h1>Parkeringstillstånd för rörelsehindrade</h1>" in text
    assert "<dt>Handläggningstid</dt><dd>Normalt 35 dagar</dd>" in text
    assert "<dt>Lagstöd</dt>" in text
    assert "13 kap. 8 § trafikförordningen (1998:1276)" in text
    assert "<dt>Ansvarig enhet</dt><dd>Trafikkontoret, tillstånd</dd>" in text
    assert "Personuppgifterna anonymiseras 5 år efter att ärendet har avslutats." in text
    assert "Krävs. Du loggar in med e-legitimation" in text
    assert "<li>Läkarintyg</li>" in text  # the steps
    assert "Ansök om parkeringstillstånd om du har en varaktig" in text


def test_the_description_in_english(english, page, make_unit):
    make_unit(slug="felanmalan", name_sv="Felanmälan", name_en="Fault reports")
    text = page("/e-tjanster/felanmalan").text
    assert "<h1>Report a fault</h1>" in text
    assert "<dt>Processing time</dt><dd>Normally 14 days</dd>" in text
    assert "<dd>Fault reports</dd>" in text
    assert "Personal data is anonymised 2 years after the case is closed." in text
    assert "Not required. You can use the e-service without logging in" in text


def test_an_unknown_unit_is_shown_by_its_slug(page):
    text = page("/e-tjanster/skolskjuts").text
    assert "<dt>Ansvarig enhet</dt><dd>skolskjuts</dd>" in text
    assert "anonymiseras 3 år efter" in text


def test_easy_to_read_swedish_is_shown_when_there_is_some(page):
    text = page("/e-tjanster/synpunkter-och-klagomal").text
    assert '<h2 id="easy-heading">Lättläst</h2>' in text
    assert "Här kan du säga vad du tycker om det staden gör." in text
    assert "Lättläst" not in page("/e-tjanster/felanmalan").text


def test_the_start_button_posts_to_the_form(page):
    text = page("/e-tjanster/felanmalan").text
    assert '<form method="post" action="/e-tjanster/felanmalan/ansok">' in text
    # The label as read: "e-tjänsten" sits in a span that keeps it on one line.
    assert "Starta e-tjänsten" in re.sub(r"<[^>]+>", "", text)


class TestUnpublishedServices:
    """A service with `published: false` is nowhere in the catalogue."""

    @pytest.fixture
    def app_config(self, tmp_path):
        forms = tmp_path / "forms"
        shutil.copytree(FORMS, forms)
        path = forms / "skolskjuts.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("published: true", "published: false", 1), "utf-8")
        return {"FORMS_DIR": str(forms)}

    def test_it_has_no_page_and_is_not_listed(self, page):
        assert page("/e-tjanster/skolskjuts", status=404)
        assert "/e-tjanster/skolskjuts" not in page("/e-tjanster/").text
        assert "0 träffar" in page("/e-tjanster/?q=skolskjuts").text
        assert "/e-tjanster/livshandelse/flytta" not in page("/e-tjanster/").text
        assert (
            "Det finns inga e-tjänster här ännu." in page("/e-tjanster/livshandelse/flytta").text
        )
