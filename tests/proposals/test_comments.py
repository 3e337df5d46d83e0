"""Comments: residents write them under a proposal, shown at once; the author deletes their
own; reports hide one until a moderator keeps or removes it, citing the comment rules."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from eservices.audit.models import AuditEvent
from eservices.database import utcnow
from eservices.moderation import reports
from eservices.moderation.models import KEPT, REMOVED
from eservices.notifications.models import OutboxMessage
from eservices.privacy import services as privacy
from eservices.proposals import comments
from eservices.proposals.comment_models import ProposalComment
from eservices.proposals.comment_privacy import REMOVED_COMMENT_DAYS, RemovedCommentDisposal
from eservices.proposals.forms import COMMENT_MAX
from tests.conftest import check_page, csrf_token

TEXT = "Bra förslag! Bänkarna vid dammen behövs mest."


def checked(response, status=200):
    """The response, once the page checker has passed it."""
    check_page(response, status)
    return response


def _field_error(html):
    """The error shown beside the comment field."""
    return html.split('id="body-error"')[1].split("</p>")[0]


def _page(proposal):
    return f"/e-forslag/{proposal.id}-{proposal.slug}"


def _write(client, proposal, body):
    token = csrf_token(client.get(_page(proposal)).text)
    return client.post(
        f"/e-forslag/{proposal.id}/kommentarer", data={"csrf_token": token, "body": body}
    )


@pytest.fixture
def comment_by(db):
    """comment_by(person, proposal, text): a comment written through the service."""

    def factory(person, proposal, text=TEXT):
        return comments.add(proposal, person, text)

    return factory


def _actions(db):
    return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


# --- Writing ------------------------------------------------------------------------------


def test_a_comment_is_shown_at_once_with_the_name_and_date_oldest_first(
    db, published, bertil, comment_by, resident_client
):
    comment_by(bertil, published, "Först: håller med.")
    response = _write(resident_client, published, TEXT)
    assert response.status_code == 302
    mine = db.session.scalar(select(ProposalComment).order_by(ProposalComment.id.desc()))
    assert response.location.endswith(f"#kommentar-{mine.id}")
    page = checked(resident_client.get(_page(published)))
    assert "Din kommentar är publicerad." in page.text
    assert page.text.index("Först: håller med.") < page.text.index(TEXT)
    assert "Bertil Berg" in page.text and "Anna Andersson" in page.text
    assert mine.created_at.strftime("%Y") in page.text
    assert "comment.created" in _actions(db)


def test_links_in_a_comment_are_text_never_clickable(published, resident_client):
    _write(resident_client, published, "Läs mer på https://example.se/bankar <b>nu</b>")
    page = resident_client.get(_page(published)).text
    assert "https://example.se/bankar &lt;b&gt;nu&lt;/b&gt;" in page
    assert 'href="https://example.se' not in page


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Ange din kommentar"),
        ("x" * (COMMENT_MAX + 1), str(COMMENT_MAX)),
    ],
)
def test_an_empty_or_too_long_comment_is_an_error_beside_the_field_with_the_text_kept(
    db, published, resident_client, body, message
):
    response = _write(resident_client, published, body)
    checked(response, 400)
    assert response.text.split("<title>")[1].startswith("Fel:")
    assert message.lower() in _field_error(response.text).lower()
    if body:
        assert body in response.text  # what was typed stays in the field
    assert db.session.scalar(select(ProposalComment)) is None


def test_the_hourly_limit_is_an_error_beside_the_field(
    db, published, anna, comment_by, resident_client, monkeypatch
):
    monkeypatch.setattr(comments, "hourly_limit", lambda: 2)
    comment_by(anna, published)
    comment_by(anna, published)
    response = _write(resident_client, published, "En tredje.")
    checked(response, 400)
    assert "2 kommentarer den senaste timmen" in _field_error(response.text)
    assert "En tredje." in response.text
    # An hour later it is allowed again.
    for comment in db.session.scalars(select(ProposalComment)):
        comment.created_at -= timedelta(minutes=61)
    db.session.commit()
    assert _write(resident_client, published, "En tredje.").status_code == 302


@pytest.mark.parametrize(
    ("status", "takes"),
    [("published", True), ("forwarded", True), ("answered", False), ("closed", False)],
)
def test_comments_are_taken_while_the_proposal_is_open_or_with_the_committee(
    db, make_proposal, anna, bertil, comment_by, resident_client, status, takes
):
    proposal = make_proposal(status=status)
    page = checked(resident_client.get(_page(proposal)))
    assert ('name="body"' in page.text) is takes
    assert ("Förslaget går inte längre att kommentera." in page.text) is not takes
    if takes:
        assert comment_by(bertil, proposal).body == TEXT
    else:
        with pytest.raises(comments.CommentError) as refused:
            comment_by(bertil, proposal)
        assert refused.value.code == "closed"
        assert _write(resident_client, proposal, TEXT).status_code == 400


def test_only_residents_comment_and_a_visitor_is_asked_to_log_in(
    app, db, published, moderator, client
):
    page = checked(client.get(_page(published)))
    assert "för att kommentera" in page.text
    assert 'name="body"' not in page.text
    with pytest.raises(comments.CommentError) as refused:
        comments.add(published, moderator, TEXT)
    assert refused.value.code == "not_resident"


def test_comments_are_not_shown_with_a_draft_or_a_rejected_proposal(
    db, make_proposal, moderator_client
):
    for status in ("draft", "rejected"):
        proposal = make_proposal(status=status)
        assert 'id="kommentarer"' not in moderator_client.get(_page(proposal)).text


# --- Deleting one's own -------------------------------------------------------------------


def test_the_author_deletes_their_comment_and_its_place_says_so(
    db, published, anna, comment_by, resident_client
):
    comment = comment_by(anna, published, "Jag ångrar mig.")
    reports.report("comment", comment.id, "Fel", ip="10.0.0.1")
    url = f"/e-forslag/{published.id}/kommentarer/{comment.id}/radera"
    page = checked(resident_client.get(url))
    assert "Jag ångrar mig." in page.text
    response = resident_client.post(url, data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 302
    db.session.refresh(comment)
    assert comment.body == "" and comment.deleted_at is not None
    page = resident_client.get(_page(published)).text
    assert "Kommentaren har tagits bort." in page
    assert "Jag ångrar mig." not in page
    # Nothing is left for a moderator to look at.
    assert reports.reported_items() == ([], 0)
    assert "comment.deleted" in _actions(db)
    # Deleted once is deleted: the page to delete it is gone.
    assert resident_client.get(url).status_code == 403


def test_only_the_author_may_delete_a_comment(db, published, bertil, comment_by):
    comment = comment_by(bertil, published)
    with pytest.raises(comments.CommentError) as refused:
        comments.delete(comment, published.proposer)
    assert refused.value.code == "not_yours"
    assert comment.body == TEXT


# --- Reports and the moderator ------------------------------------------------------------


def _report_until_hidden(comment):
    for number in range(3):
        reports.report("comment", comment.id, "Kränkande", ip=f"10.0.0.{number}")


def test_reported_comments_are_hidden_until_a_moderator_keeps_them(
    app, db, published, bertil, comment_by, client, moderator_client
):
    comment = comment_by(bertil, published, "Ni är dumma i huvudet.")
    with app.test_request_context():
        _report_until_hidden(comment)
    page = client.get(_page(published)).text
    assert "Ni är dumma i huvudet." not in page
    assert "Flera har anmält den här kommentaren." in page

    queue = checked(moderator_client.get("/moderering/anmalningar"))
    assert "Kommentar till ”Fler bänkar i Slottsskogen”" in queue.text
    reported = checked(moderator_client.get(f"/moderering/anmalningar/comment/{comment.id}"))
    assert "Ni är dumma i huvudet." in reported.text
    assert f"#kommentar-{comment.id}" in reported.text  # the public page, to see it in place

    keep = f"/moderering/anmalningar/comment/{comment.id}/behall"
    token = csrf_token(checked(moderator_client.get(keep)).text)
    assert moderator_client.post(keep, data={"csrf_token": token}).status_code == 302
    # An anonymous visitor's kept page is at most PAGE_CACHE_SECONDS old (docs/performance.md).
    app.extensions["pagecache"].clear()
    assert "Ni är dumma i huvudet." in client.get(_page(published)).text
    assert "moderation.report_kept" in _actions(db)


def test_a_removed_comment_shows_the_rule_and_its_author_is_told(
    app, db, published, bertil, comment_by, client, moderator_client
):
    bertil.email = "bertil@example.se"
    db.session.commit()
    comment = comment_by(bertil, published, "Ring Kalle på 070-1234567, han är en idiot.")
    with app.test_request_context():
        reports.report("comment", comment.id, "Personuppgifter", ip="10.0.0.1")
    remove = f"/moderering/anmalningar/comment/{comment.id}/ta-bort"
    form = checked(moderator_client.get(remove)).text
    # Only the rules that apply to comments are offered.
    assert 'value="inte-om-forslaget"' in form and 'value="otydligt"' not in form
    response = moderator_client.post(
        remove, data={"csrf_token": csrf_token(form), "rules": ["personuppgifter"]}
    )
    assert response.status_code == 302

    db.session.refresh(comment)
    assert comment.removed_at is not None and comment.rule_ids == ["personuppgifter"]
    page = client.get(_page(published)).text
    assert "070-1234567" not in page
    assert "Borttagen av moderator enligt regeln" in page
    assert '/e-forslag/regler#regel-personuppgifter">Uppgifter om andra personer' in page
    message = db.session.scalar(select(OutboxMessage))
    assert message.to_address == "bertil@example.se"
    assert "Din kommentar har tagits bort" in message.subject
    assert "070-1234567" in message.body_text  # the author sees what was removed
    assert _actions(db)[-2:] == ["moderation.report_removed", "comment.removed"]
    # Taken down, it can no longer be reported.
    assert client.get(f"/anmal/comment/{comment.id}").status_code == 404


def test_a_review_outcome_is_one_of_keep_or_remove(db, published, bertil, comment_by, moderator):
    comment = comment_by(bertil, published)
    reports.report("comment", comment.id, "Fel", ip="10.0.0.1")
    decision = reports.review("comment", comment.id, KEPT, moderator)
    assert decision.outcome == KEPT and comment.is_shown
    reports.report("comment", comment.id, "Fel igen", ip="10.0.0.1")
    reports.review("comment", comment.id, REMOVED, moderator, rule_ids=["krankande"])
    assert comment.removed_by_id == moderator.id


# --- Personal data ------------------------------------------------------------------------


def test_the_data_download_includes_the_comments(db, published, anna, comment_by, resident_client):
    comment_by(anna, published, "Min åsikt om bänkarna.")
    data = resident_client.get("/mina-sidor/mina-uppgifter/export.json").json
    assert [c["text"] for c in data["proposal_comments"]] == ["Min åsikt om bänkarna."]
    assert data["proposal_comments"][0]["title"] == published.title
    page = checked(resident_client.get("/mina-sidor/mina-uppgifter/"))
    assert "Min åsikt om bänkarna." in page.text


def test_removing_the_account_takes_the_name_off_the_comments(
    app, db, published, anna, comment_by, client
):
    comment = comment_by(anna, published, "Min åsikt om bänkarna.")
    with app.test_request_context():
        privacy.remove_account(anna)
    db.session.refresh(comment)
    assert (comment.author_id, comment.author_name) == (None, "")
    page = client.get(_page(published)).text
    assert "Min åsikt om bänkarna." in page
    assert "Anna Andersson" not in page.split('id="kommentarer"')[1]


def test_the_disposal_run_empties_removed_comments_after_their_days(
    db, published, bertil, comment_by, moderator
):
    old, recent, shown = (comment_by(bertil, published, f"Text {n}") for n in range(3))
    for comment in (old, recent):
        reports.report("comment", comment.id, "Fel", ip="10.0.0.1")
        reports.review("comment", comment.id, REMOVED, moderator, rule_ids=["krankande"])
    old.removed_at = utcnow() - timedelta(days=REMOVED_COMMENT_DAYS + 1)
    db.session.commit()
    dry = RemovedCommentDisposal().run(now=utcnow(), dry_run=True, batch_size=10)
    assert dry.count == 1
    RemovedCommentDisposal().run(now=utcnow(), dry_run=False, batch_size=10)
    db.session.expire_all()
    assert [c.body for c in (old, recent, shown)] == ["", "Text 1", "Text 2"]
