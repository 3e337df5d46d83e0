"""The Big List of Naughty Strings in a proposal's title and text, in a comment and in a
report's reason: what is accepted is stored exactly and shown escaped; what is refused gets
an error beside its field; nothing is a server error."""

from markupsafe import escape
from sqlalchemy import select

from eservices.forms import _strip
from eservices.moderation import reports
from eservices.moderation.models import Report
from eservices.proposals import comments
from eservices.proposals.comment_models import ProposalComment
from eservices.proposals.models import Proposal
from tests.conftest import check_page, csrf_token
from tests.data import naughty_strings

# Makes every text long enough to be a proposal.
FILLER = "Ett förslag om parken: "


def _assert_shown_escaped(html, text):
    for line in text.splitlines() or [text]:
        assert str(escape(line)) in html, line


def test_naughty_titles_and_texts_are_stored_exactly_and_shown_escaped(
    app, db, anna, resident_client
):
    token = csrf_token(resident_client.get("/e-forslag/nytt").text)
    accepted = refused = 0
    for naughty in naughty_strings():
        body = FILLER + naughty
        response = resident_client.post(
            "/e-forslag/nytt",
            data={
                "csrf_token": token, "title": naughty, "body": body,
                "category": "ovrigt", "area": "centrum",
            },
        )  # fmt: skip
        assert response.status_code in (302, 400), (naughty, response.status_code)
        if response.status_code == 400:
            check_page(response, 400)
            assert 'id="title-error"' in response.text or 'id="body-error"' in response.text
            refused += 1
            continue
        accepted += 1
        proposal = db.session.scalar(select(Proposal).order_by(Proposal.id.desc()))
        assert proposal.title == _strip(naughty)
        assert proposal.body == _strip(body)
        page = resident_client.get(f"/e-forslag/{proposal.id}/granska")
        check_page(page)
        _assert_shown_escaped(page.text, proposal.title)
        _assert_shown_escaped(page.text, proposal.body)
    # Most are accepted; the empty ones, control characters and over-long titles are not.
    assert accepted > 400 and refused > 0


def test_naughty_report_reasons_are_stored_exactly_and_shown_escaped(
    app, db, published, moderator_client
):
    kept = []
    with app.test_request_context():
        for number, naughty in enumerate(naughty_strings()):
            reports.report("proposal", published.id, naughty, ip=f"10.1.{number // 250}.{number}")
            kept.append(naughty)
    stored = db.session.scalars(select(Report.reason).order_by(Report.id)).all()
    assert stored == kept
    page = moderator_client.get(f"/moderering/anmalningar/proposal/{published.id}")
    check_page(page)
    for reason in kept:
        if reason.strip():
            _assert_shown_escaped(page.text, reason)


def test_naughty_comments_are_stored_exactly_and_shown_escaped(
    app, db, published, resident_client, monkeypatch
):
    monkeypatch.setattr(comments, "hourly_limit", lambda: 10_000)
    url = f"/e-forslag/{published.id}-{published.slug}"
    token = csrf_token(resident_client.get(url).text)
    accepted, refused = [], 0
    for naughty in naughty_strings():
        response = resident_client.post(
            f"/e-forslag/{published.id}/kommentarer", data={"csrf_token": token, "body": naughty}
        )
        assert response.status_code in (302, 400), (naughty, response.status_code)
        if response.status_code == 400:
            check_page(response, 400)
            assert 'id="body-error"' in response.text
            refused += 1
            continue
        accepted.append(_strip(naughty))
    stored = db.session.scalars(select(ProposalComment.body).order_by(ProposalComment.id)).all()
    assert stored == accepted
    page = resident_client.get(url)
    check_page(page)
    for body in accepted:
        _assert_shown_escaped(page.text, body)
    assert len(accepted) > 400 and refused > 0
