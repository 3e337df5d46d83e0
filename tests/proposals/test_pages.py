"""The public list, a proposal's page and the Atom feed."""

import re
from datetime import timedelta
from xml.etree import ElementTree

from eservices.database import utcnow
from eservices.moderation import reports
from tests.conftest import check_page


def _titles(html):
    return re.findall(r'class="service-list__title"><a href="[^"]+">([^<]+)</a>', html)


def test_the_list_filters_searches_and_sorts(app, db, make_proposal, bertil, page):
    now = utcnow()
    make_proposal(
        status="published", title="Bänkar", support_count=5, area="hisingen",
        published_at=now - timedelta(days=1), closes_at=now + timedelta(days=89),
    )  # fmt: skip
    make_proposal(
        status="published", title="Cykelbana", support_count=150, category="trafik-och-gator",
        published_at=now - timedelta(days=80), closes_at=now + timedelta(days=10),
    )  # fmt: skip
    make_proposal(status="answered", title="Simhall", support_count=230)
    make_proposal(status="rejected", title="Reklam för kaffe", rule_ids=["kommersiellt"])
    make_proposal(title="Hemligt utkast")
    make_proposal(status="submitted", title="Väntar på moderator", author=bertil)

    everything = page("/e-forslag/")
    assert set(_titles(everything.text)) == {"Bänkar", "Cykelbana", "Simhall", "Reklam för kaffe"}
    assert "Hemligt utkast" not in everything.text

    assert _titles(page("/e-forslag/?sortering=mest-stod").text)[:3] == [
        "Simhall", "Cykelbana", "Bänkar",
    ]  # fmt: skip
    assert _titles(page("/e-forslag/?sortering=slutar-snart").text) == ["Cykelbana", "Bänkar"]
    assert _titles(page("/e-forslag/?status=oppna&omrade=hisingen").text) == ["Bänkar"]
    assert _titles(page("/e-forslag/?kategori=trafik-och-gator").text) == ["Cykelbana"]
    assert _titles(page("/e-forslag/?q=cykel").text) == ["Cykelbana"]
    assert _titles(page("/e-forslag/?q=100%25").text) == []
    # A rejected proposal shows its title and the rule only.
    rejected = page("/e-forslag/?status=avvisade").text
    assert "regel-kommersiellt" in rejected
    # Unknown filters are ignored, not errors.
    assert len(_titles(page("/e-forslag/?status=x&sortering=y&kategori=z&page=abc").text)) == 4


def test_the_list_pages_through_many_proposals(app, db, make_proposal, page):
    for number in range(25):
        make_proposal(status="published", title=f"Förslag {number:02d}")
    first = page("/e-forslag/?status=oppna")
    assert len(_titles(first.text)) == 20
    assert 'rel="next"' in first.text
    second = page("/e-forslag/?status=oppna&page=2")
    assert len(_titles(second.text)) == 5


def test_a_proposal_page_shows_supports_days_left_and_history(app, db, make_proposal, page):
    now = utcnow()
    proposal = make_proposal(
        status="published", support_count=150,
        published_at=now - timedelta(days=60), closes_at=now + timedelta(days=30, hours=1),
    )  # fmt: skip
    html = page(f"/e-forslag/{proposal.id}-{proposal.slug}").text
    assert "Anna Andersson" in html
    assert "19900315" not in html  # only the name is public
    assert 'max="200" value="150"' in html
    assert "30" in re.search(r"(\d+) (?:days? left|dagar? kvar)", html).group(0)
    assert "Stadsmiljönämnden" in html
    assert f"/anmal/proposal/{proposal.id}" in html
    assert f"http://localhost/e-forslag/{proposal.id}" in html  # the share link


def test_the_text_keeps_its_paragraphs_and_links_are_not_clickable(app, db, make_proposal, page):
    proposal = make_proposal(
        status="published", body="Första stycket.\n\nSe https://example.com/<b>x</b>\nrad två"
    )
    html = page(f"/e-forslag/{proposal.id}-{proposal.slug}").text
    assert "<p>Första stycket.</p>" in html
    assert "<p>Se https://example.com/&lt;b&gt;x&lt;/b&gt;<br>\nrad två</p>" in html
    assert 'href="https://example.com' not in html


def test_a_proposal_hidden_by_reports_is_hidden_in_the_list_and_on_its_page(
    app, db, make_proposal, page
):
    proposal = make_proposal(status="published", title="Anmält förslag")
    with app.test_request_context():
        for number in range(3):
            reports.report("proposal", proposal.id, "Kränkande", ip=f"10.0.0.{number}")
    assert "Anmält förslag" not in "".join(_titles(page("/e-forslag/").text))
    html = page(f"/e-forslag/{proposal.id}-{proposal.slug}").text
    assert "Parken behöver" not in html


def test_the_atom_feed_lists_published_proposals(app, db, make_proposal, client):
    make_proposal(status="published", title="Fler <bänkar> & bord")
    make_proposal(title="Utkast")
    response = client.get("/e-forslag/flode.atom")
    assert response.mimetype == "application/atom+xml"
    feed = ElementTree.fromstring(response.data)  # noqa: S314 - our own feed, in a test
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)] == [
        "Fler <bänkar> & bord"
    ]


def test_the_delay_notice_shows_when_moderation_is_past_its_target(app, db, make_proposal, page):
    from eservices.moderation.models import ModerationItem

    proposal = make_proposal(status="submitted")
    item = db.session.query(ModerationItem).filter_by(object_id=str(proposal.id)).one()
    item.submitted_at = utcnow() - timedelta(days=30)
    db.session.commit()
    assert "moderation-delay" in page("/e-forslag/").text


def test_an_old_address_leads_to_the_current_one(app, db, make_proposal, client):
    proposal = make_proposal(status="published")
    response = client.get(f"/e-forslag/{proposal.id}-gammal-titel")
    assert response.status_code == 301
    assert response.location.endswith(f"/e-forslag/{proposal.id}-{proposal.slug}")
    check_page(client.get(response.location))
