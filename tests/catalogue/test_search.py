"""Searching and browsing the real catalogue, without HTTP."""

import dataclasses
from pathlib import Path

import pytest

from eservices.catalogue import search
from eservices.catalogue.definitions import Catalogue, Keywords, Text
from eservices.catalogue.loading import load_catalogue

FORMS = Path(__file__).resolve().parents[2] / "forms"


@pytest.fixture(scope="module")
def catalogue():
    """The catalogue in the repository's forms/ folder."""
    return load_catalogue(FORMS)


def ids(services):
    """The ids of services, in order."""
    return [service.id for service in services]


@pytest.mark.parametrize(
    "query, first",
    [
        ("parkering", "parkeringstillstand-rorelsehindrade"),
        ("Parkering", "parkeringstillstand-rorelsehindrade"),
        ("storning", "anmalan-om-storning"),
        ("störning", "anmalan-om-storning"),
        ("felanmälan", "felanmalan"),
        ("FELANMALAN", "felanmalan"),
        ("fault", "felanmalan"),
        ("parking permit", "parkeringstillstand-rorelsehindrade"),
        ("school transport", "skolskjuts"),
        ("hål i gatan", "felanmalan"),  # a keyword of several words
        ("mogel", "anmalan-om-storning"),  # "mögel", in the summary
        ("tillstånd", "parkeringstillstand-rorelsehindrade"),  # inside a compound
    ],
)
def test_search_finds_the_service(catalogue, query, first):
    assert ids(search.search(catalogue, query))[0] == first


def test_search_for_parking_finds_only_the_permit(catalogue):
    assert ids(search.search(catalogue, "parkering")) == ["parkeringstillstand-rorelsehindrade"]


def test_every_word_of_a_query_must_match(catalogue):
    assert ids(search.search(catalogue, "parkering skola")) == []
    assert ids(search.search(catalogue, "anonym buller")) == ["anmalan-om-storning"]


def test_a_title_hit_ranks_above_a_keyword_hit_whatever_the_alphabet_says(catalogue):
    # "Synpunkter och klagomål" has it in the title; "Anmälan om störning", which comes
    # first alphabetically, only has the keyword "miljöklagomål".
    assert ids(search.search(catalogue, "klagomål")) == [
        "synpunkter-och-klagomal",
        "anmalan-om-storning",
    ]


def test_ranking_puts_title_hits_before_summary_hits_before_keyword_hits(catalogue):
    base = catalogue.get("felanmalan")
    plain = Text("Tjänst", "Service")

    def service(service_id, title=plain, summary=plain, keywords=()):
        return dataclasses.replace(
            base, id=service_id, title=title, summary=summary, keywords=Keywords(keywords)
        )

    # In alphabetical (catalogue) order, the reverse of the expected ranking.
    made_up = Catalogue(
        (
            service("a-keyword", keywords=("zebra",)),
            service("b-summary", summary=Text("Om en zebra", "About a zebra")),
            service("c-title", title=Text("Zebralagret", "The zebra store")),
        ),
        catalogue.taxonomy,
    )
    assert ids(search.search(made_up, "Zebra")) == ["c-title", "b-summary", "a-keyword"]


def test_an_empty_query_gives_every_published_service_in_catalogue_order(catalogue):
    assert search.search(catalogue, "") == catalogue.published()
    assert search.search(catalogue, "   ") == catalogue.published()
    assert len(catalogue.published()) == 6


@pytest.mark.parametrize("query", ["%", "<script>", "--", "zzzqqq", "Ärendehanteringssystem"])
def test_queries_that_match_nothing_give_no_services(catalogue, query):
    assert search.search(catalogue, query) == ()


def test_unpublished_services_are_never_found(catalogue):
    hidden = dataclasses.replace(catalogue.get("felanmalan"), published=False)
    others = tuple(s for s in catalogue.services if s.id != "felanmalan")
    made_up = Catalogue((hidden, *others), catalogue.taxonomy)
    assert search.search(made_up, "felanmälan") == ()
    assert "felanmalan" not in ids(search.search(made_up, ""))
    assert search.published_service(made_up, "felanmalan") is None
    assert search.category(made_up, "trafik-och-gator").count == 1


@pytest.mark.parametrize(
    "raw, cleaned",
    [
        (None, ""),
        ("  parkering  ", "parkering"),
        ("hål   i\tgatan", "hål i gatan"),
        ("x" * 500, "x" * search.MAX_QUERY_LENGTH),
    ],
)
def test_clean_query(raw, cleaned):
    assert search.clean_query(raw) == cleaned


def test_normalise_folds_case_accents_and_punctuation():
    assert search.normalise("Anmälan om STÖRNING!") == "anmalan om storning"
    assert search.normalise("gång- och cykelbanor") == "gang och cykelbanor"


def test_categories_list_those_with_services_in_taxonomy_order_with_counts(catalogue):
    terms = search.categories(catalogue)
    assert [(term.id, term.count) for term in terms][:2] == [
        ("trafik-och-gator", 2),
        ("miljo-och-halsa", 1),
    ]
    assert all(term.count for term in terms)
    assert "naringsliv-och-arbete" not in [term.id for term in terms]  # has no services


def test_life_events_list_those_with_services(catalogue):
    terms = {term.id: term for term in search.life_events(catalogue)}
    assert ids(terms["flytta"].services) == ["skolskjuts"]
    assert terms["trafik-och-parkering"].count == 2
    assert terms["flytta"].label.get("en") == "Moving"


def test_browsing_a_known_term_without_services_gives_an_empty_term(catalogue):
    term = search.life_event(catalogue, "bli-foralder")
    assert term.label.sv == "Bli förälder"
    assert term.services == ()


@pytest.mark.parametrize("unknown", ["finns-inte", "", "../flytta", "FLYTTA"])
def test_unknown_categories_and_life_events_give_none(catalogue, unknown):
    assert search.category(catalogue, unknown) is None
    assert search.life_event(catalogue, unknown) is None


def test_published_service(catalogue):
    assert search.published_service(catalogue, "skolskjuts").id == "skolskjuts"
    assert search.published_service(catalogue, "finns-inte") is None


@pytest.mark.parametrize(
    "days, period",
    [
        (730, (2, "years")),
        (1096, (3, "years")),
        (1826, (5, "years")),
        (3652, (10, "years")),
        (365, (1, "years")),
        (90, (3, "months")),
        (30, (1, "months")),
        (45, (45, "days")),
        (1, (1, "days")),
    ],
)
def test_retention_period_is_whole_years_or_months_when_round(days, period):
    assert search.retention_period(days) == period
