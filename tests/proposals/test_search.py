"""The list's search: words in a proposal's title or text, from their start, in any case."""

import pytest
from sqlalchemy import select

from eservices.proposals.models import Proposal
from tests.conftest import check_page
from tests.data import naughty_strings
from tests.proposals.test_pages import _titles


@pytest.fixture
def proposals(make_proposal):
    """Three public proposals and a draft, all with words to search for."""
    make_proposal(
        status="published", title="Cykelbana längs älven",
        body="Det behövs en säker väg för cyklister från Ängen till Åby torg.",
        support_count=10,
    )  # fmt: skip
    make_proposal(
        status="answered", title="Fler bänkar i parken",
        body="Äldre behöver vila. Bänkarna ska stå i skuggan under träden.",
        support_count=200,
    )  # fmt: skip
    make_proposal(
        status="closed", title="Ny simhall", body="Simhallen i Angered räcker inte till.",
        support_count=50,
    )  # fmt: skip
    make_proposal(title="Hemlig cykelparkering", body="Ett utkast om cyklister.")


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("cyklister", ["Cykelbana längs älven"]),  # a word of the text alone
        ("skuggan", ["Fler bänkar i parken"]),
        ("cyk", ["Cykelbana längs älven"]),  # the start of a word
        ("sim", ["Ny simhall"]),
        ("SIMHALL", ["Ny simhall"]),  # any case
        ("ÄNGEN", ["Cykelbana längs älven"]),
        ("äng", ["Cykelbana längs älven"]),
        ("ang", ["Ny simhall"]),  # Angered, not Ängen: ä is a letter of its own
        ("bank", []),  # bänk is not bank
        ("åby", ["Cykelbana längs älven"]),
        ("aby", []),
        ("bänkarna skuggan", ["Fler bänkar i parken"]),  # every word
        ("bänkarna cyklister", []),
        ("och", []),
        ("100%", []),
    ],
)
def test_a_search_finds_every_word_from_its_start_in_any_case(proposals, page, query, found):
    assert _titles(page("/e-forslag/", query_string={"q": query}).text) == found


@pytest.mark.parametrize(
    "query",
    [
        '"cykelbana', "cykelbana*", "cyk*", "cykelbana:*", "'cykelbana'", "cykelbana & !",
        "(cykelbana", "^cykelbana", "cykelbana\\", "+cykelbana", "cykelbana)) |",
    ],
)  # fmt: skip
def test_search_syntax_in_the_query_is_ignored(proposals, page, query):
    assert _titles(page("/e-forslag/", query_string={"q": query}).text) == [
        "Cykelbana längs älven"
    ]


@pytest.mark.parametrize(
    "query",
    ["cykelbana AND", "NOT cykelbana", "cykelbana OR", "NEAR(cykelbana", "title:cykelbana",
     "cykelbana -simhall"],
)  # fmt: skip
def test_search_operators_in_the_query_are_words_to_find(proposals, page, query):
    assert _titles(page("/e-forslag/", query_string={"q": query}).text) == []


def test_no_query_text_is_a_server_error(proposals, client):
    for naughty in naughty_strings():
        response = client.get("/e-forslag/", query_string={"q": naughty})
        check_page(response, 200)


def test_the_search_follows_changes_to_a_proposal(db, proposals, page):
    simhall = db.session.scalar(select(Proposal).where(Proposal.title == "Ny simhall"))
    simhall.title = "Nytt badhus"
    simhall.body = "Badhuset i Angered räcker inte till."
    db.session.commit()
    assert _titles(page("/e-forslag/?q=badhus").text) == ["Nytt badhus"]
    assert _titles(page("/e-forslag/?q=simhall").text) == []
    db.session.delete(simhall)
    db.session.commit()
    assert _titles(page("/e-forslag/?q=badhus").text) == []


def test_a_search_is_filtered_and_sorted_like_the_list(proposals, page):
    assert _titles(page("/e-forslag/?q=i&status=besvarade").text) == ["Fler bänkar i parken"]
    assert _titles(page("/e-forslag/?q=i&sortering=mest-stod").text) == [
        "Fler bänkar i parken", "Ny simhall",
    ]  # fmt: skip
