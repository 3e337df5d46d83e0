"""The proposal pages kept for anonymous visitors: how fresh they are, and whose they are."""

from eservices.proposals import supports
from tests.conftest import check_page


def anonymous(app, language=None):
    """A visitor without cookies, in `language` if given."""
    visitor = app.test_client()
    if language:
        visitor.set_cookie("lang", language)
    return visitor


def page_of(proposal):
    return f"/e-forslag/{proposal.id}-{proposal.slug}"


def test_a_new_support_shows_to_anonymous_visitors_within_the_setting(
    app, db, published, bertil, page_clock
):
    assert "12 stöd</strong>" in anonymous(app).get(page_of(published)).text
    supports.support(published, bertil)
    # Kept: the same count for a few seconds, whoever asks without logging in.
    page_clock[0] += app.config["PAGE_CACHE_SECONDS"] - 1
    kept = anonymous(app).get(page_of(published))
    assert "12 stöd</strong>" in kept.text and "Set-Cookie" not in kept.headers
    page_clock[0] += 2
    assert "13 stöd</strong>" in anonymous(app).get(page_of(published)).text


def test_the_list_and_the_feed_show_a_new_proposal_within_the_setting(
    app, db, make_proposal, page_clock
):
    make_proposal(status="published", title="Fler bänkar i Slottsskogen")
    assert "Fler bänkar i Slottsskogen" in anonymous(app).get("/e-forslag/").text
    feed = anonymous(app).get("/e-forslag/flode.atom")
    make_proposal(status="published", title="Belysning på gångvägen")
    kept = anonymous(app).get("/e-forslag/flode.atom")
    assert kept.mimetype == feed.mimetype == "application/atom+xml"
    assert "Belysning" not in kept.text
    page_clock[0] += app.config["PAGE_CACHE_SECONDS"] + 1
    assert "Belysning på gångvägen" in anonymous(app).get("/e-forslag/").text
    assert "Belysning på gångvägen" in anonymous(app).get("/e-forslag/flode.atom").text


def test_a_resident_sees_her_own_support_at_once_never_the_kept_page(
    app, db, client, published, anna, login_resident, page_clock
):
    assert "för att stödja</a>" in anonymous(app).get(page_of(published)).text  # kept
    login_resident()
    own = client.get(page_of(published))
    check_page(own)
    assert "Stöd förslaget" in own.text and "för att stödja</a>" not in own.text
    assert own.headers["Cache-Control"] == "no-store"
    supports.support(published, anna)
    assert "13 stöd</strong>" in client.get(page_of(published)).text
    assert "12 stöd</strong>" in anonymous(app).get(page_of(published)).text  # still the kept one


def test_each_language_gets_its_own_proposal_page(app, db, published):
    assert '<html lang="sv">' in anonymous(app).get(page_of(published)).text
    english = anonymous(app, "en").get(page_of(published)).text
    assert '<html lang="en">' in english and "12 supporters</strong>" in english
    assert '<html lang="sv">' in anonymous(app).get(page_of(published)).text


def test_a_proposal_that_is_not_public_is_never_kept_nor_shown(
    app, db, make_proposal, client, login_resident
):
    draft = make_proposal()  # Anna's draft: hers alone, whoever asks first
    login_resident()
    assert client.get(page_of(draft)).status_code == 200
    assert anonymous(app).get(page_of(draft)).status_code == 404
    assert anonymous(app).get(page_of(draft)).status_code == 404


def test_a_wrong_address_is_redirected_every_time_never_kept(app, db, published):
    for _ in range(2):
        response = anonymous(app).get(f"/e-forslag/{published.id}-gammal-rubrik")
        assert response.status_code == 301
        assert response.headers["Location"] == page_of(published)
