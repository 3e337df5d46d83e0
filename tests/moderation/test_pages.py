"""The moderator's pages and the public ones, used over HTTP as people use them."""

import pytest
from flask import render_template_string
from sqlalchemy import select

from eservices.database import utcnow
from eservices.moderation import reports, services
from eservices.moderation.models import ModerationItem
from tests.conftest import check_page, csrf_token, staff_client
from tests.moderation.conftest import KIND


@pytest.fixture
def mod(app, moderator):
    """The moderator's logged-in client."""
    return staff_client(app, moderator)


def post(client, url, data=None, page=None):
    """POST with the CSRF token of ``page`` (default: the start page)."""
    token = csrf_token(client.get(page or "/").text)
    return client.post(url, data={"csrf_token": token, **(data or {})})


def follow(client, response):
    assert response.status_code == 302, response.text[:500]
    return client.get(response.headers["Location"])


def test_the_queue_shows_age_against_the_target_and_what_the_pre_screen_found(db, board, mod):
    _notice, item = board.submit(db, title="Ring oss", body="Ring 070-123 45 67")
    page = mod.get("/moderering/")
    check_page(page)
    assert "Ring oss" in page.text
    assert "0 av 5 arbetsdagar" in page.text
    assert "Telefonnummer" in page.text
    assert f'href="/moderering/{item.id}"' in page.text


def test_the_item_page_marks_the_flagged_parts_and_escapes_the_rest(db, board, mod):
    _notice, item = board.submit(
        db, title="<script>alert(1)</script>", body="Ring 070-123 45 67 <b>nu</b>"
    )
    page = mod.get(f"/moderering/{item.id}")
    check_page(page)
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert (
        '<mark class="flagged">070-123 45 67<span class="visually-hidden"> (Telefonnummer)'
        "</span></mark> &lt;b&gt;nu&lt;/b&gt;"
    ) in page.text
    assert "Ta ärendet" not in page.text  # the words of case handling are not used here
    assert "Ta inlägget" in page.text


def test_a_moderator_takes_and_approves_an_item_with_the_kinds_field(db, board, mod, moderator):
    notice, item = board.submit(db)
    url = f"/moderering/{item.id}"
    taken = follow(mod, post(mod, f"{url}/ta"))
    assert "Inlägget är ditt tills du beslutar" in taken.text
    assert f'href="{url}/godkann"' in taken.text

    confirm = mod.get(f"{url}/godkann")
    check_page(confirm)
    assert 'name="extra"' in confirm.text and "Anslagstavla" in confirm.text
    assert notice.state == "waiting"  # showing the confirm page changes nothing

    done = follow(mod, post(mod, f"{url}/godkann", {"extra": "centrum"}, page=f"{url}/godkann"))
    assert "Godkänt. Skribenten får veta det." in done.text
    assert (notice.state, notice.board) == ("published", "centrum")


def test_rejecting_without_a_rule_explains_the_error_and_keeps_the_note(db, board, mod):
    notice, item = board.submit(db)
    url = f"/moderering/{item.id}/avvisa"
    refused = post(mod, url, {"note": "Min anteckning"}, page=url)
    check_page(refused, 400)
    assert refused.text.count("Välj minst en regel som texten bryter mot.") == 2
    assert "<title>Fel: " in refused.text
    assert "Min anteckning</textarea>" in refused.text
    # The rules offered are the kind's: proposal rules, not candidate-only ones.
    assert 'value="dubblett"' in refused.text
    assert 'value="egna-kontaktuppgifter"' not in refused.text

    done = post(mod, url, {"rules": ["otydligt", "dubblett"], "note": "Se 12."}, page=url)
    assert done.status_code == 302
    assert notice.state == "rejected"
    assert [rule.id for rule in notice.decisions[0].rules] == ["dubblett", "otydligt"]


def test_requesting_changes_needs_a_note(db, board, mod):
    notice, item = board.submit(db)
    url = f"/moderering/{item.id}/begar-andringar"
    refused = post(mod, url, {"note": ""}, page=url)
    check_page(refused, 400)
    assert "Ange vad som bör ändras." in refused.text
    assert post(mod, url, {"note": "Var ska bänkarna stå?"}, page=url).status_code == 302
    assert notice.state == "draft"


def test_a_colleagues_claim_hides_the_decisions_and_refuses_them(app, db, board, mod, colleague):
    notice, item = board.submit(db)
    post(mod, f"/moderering/{item.id}/ta")
    other = staff_client(app, colleague)
    page = other.get(f"/moderering/{item.id}")
    assert "arbetar med det här inlägget" in page.text
    assert f"/moderering/{item.id}/godkann" not in page.text
    url = f"/moderering/{item.id}/godkann"
    refused = follow(other, post(other, url, {"extra": "centrum"}, page=url))
    assert "En kollega arbetar med det här inlägget" in refused.text
    assert notice.state == "waiting"


def test_a_decided_item_offers_no_decisions(db, board, mod, moderator):
    _notice, item = board.submit(db)
    services.decide(item, "approved", moderator)
    page = mod.get(f"/moderering/{item.id}")
    check_page(page)
    assert "Godkänt för publicering" in page.text
    refused = follow(mod, mod.get(f"/moderering/{item.id}/avvisa"))
    assert "Inlägget är redan beslutat." in refused.text


def test_parking_and_unparking_over_http(db, board, mod):
    _notice, item = board.submit(db, title="Parkeras")
    url = f"/moderering/{item.id}/parkera"
    check_page(mod.get(url))
    refused = post(mod, url, {"reason": ""}, page=url)
    check_page(refused, 400)
    follow(mod, post(mod, url, {"reason": "Väntar på juristen"}, page=url))
    assert "Parkeras" not in mod.get("/moderering/").text
    parked = mod.get("/moderering/?vy=parkerade")
    check_page(parked)
    assert "Parkeras" in parked.text
    item_page = mod.get(f"/moderering/{item.id}")
    assert "Väntar på juristen" in item_page.text
    follow(mod, post(mod, f"/moderering/{item.id}/ateruppta"))
    assert "Parkeras" in mod.get("/moderering/").text


def test_an_unknown_item_or_a_kind_no_longer_registered_is_not_found(app, db, board, mod):
    assert mod.get("/moderering/999").status_code == 404
    db.session.add(ModerationItem(kind="gone", object_id="1", submitted_at=utcnow()))
    db.session.commit()
    gone = db.session.scalar(select(ModerationItem).where(ModerationItem.kind == "gone"))
    assert mod.get(f"/moderering/{gone.id}").status_code == 404
    assert "gone" not in mod.get("/moderering/").text


def test_reports_queue_and_review_over_http(db, board, mod):
    notice = board.publish(db, title="Anmält anslag")
    for ip in ("1", "2", "3"):
        reports.report(KIND, notice.id, "Det här är <b>kränkande</b>", ip=ip)
    page = mod.get("/moderering/anmalningar")
    check_page(page)
    assert "Anmält anslag" in page.text and "Dolt" in page.text
    item_url = f"/moderering/anmalningar/{KIND}/{notice.id}"
    item = mod.get(item_url)
    check_page(item)
    assert "Det här är &lt;b&gt;kränkande&lt;/b&gt;" in item.text
    assert "3 öppna anmälningar" in item.text

    remove = f"{item_url}/ta-bort"
    check_page(mod.get(remove))
    check_page(post(mod, remove, {}, page=remove), 400)
    done = follow(mod, post(mod, remove, {"rules": ["krankande"]}, page=remove))
    assert "Inlägget är borttaget." in done.text
    assert notice.state == "removed"


def test_keeping_a_reported_item_over_http(db, board, mod):
    notice = board.publish(db)
    reports.report(KIND, notice.id, "Spam", ip="1")
    keep = f"/moderering/anmalningar/{KIND}/{notice.id}/behall"
    check_page(mod.get(keep))
    done = follow(mod, post(mod, keep, page=keep))
    assert "Anmälningarna är stängda" in done.text
    again = follow(mod, post(mod, keep, page=keep))
    assert "Anmälningarna är redan granskade." in again.text


def test_the_overview_shows_the_figures(db, board, mod, moderator):
    _notice, item = board.submit(db)
    services.decide(item, "approved", moderator)
    page = mod.get("/moderering/oversikt")
    check_page(page)
    assert "Tid till beslut" in page.text
    assert "Median" in page.text and "90:e percentilen" in page.text


def test_the_rules_page_is_made_from_the_rulebook_in_both_languages(client, page):
    swedish = page("/e-forslag/regler")
    assert "<h1>Regler för e-förslag</h1>" in swedish.text
    assert 'id="regel-ej-kommunens-ansvar"' in swedish.text
    assert "Inte en fråga för kommunen" in swedish.text
    assert "Handlar inte om förslaget" in swedish.text  # a comment rule
    assert "Dina egna kontaktuppgifter" not in swedish.text  # a candidate rule
    assert "200 stöd" in swedish.text and "90 dagar" in swedish.text
    assert "5 arbetsdagar" in swedish.text and "6 månader" in swedish.text
    assert "Gäller: förslag, kommentarer" in swedish.text

    client.set_cookie("lang", "en")
    english = page("/e-forslag/regler")
    assert "<h1>Rules for e-proposals</h1>" in english.text
    assert "Not a matter for the municipality" in english.text
    assert "200 supports" in english.text


def test_the_election_rules_page_lists_the_candidate_rules(page):
    election = page("/ungdomsval/regler")
    assert "Dina egna kontaktuppgifter" in election.text
    assert "Reklam för ett politiskt parti" in election.text
    assert "Inte en fråga för kommunen" not in election.text
    assert "Gäller:" not in election.text


def test_anyone_can_report_a_public_item(client, db, board):
    notice = board.publish(db)
    url = f"/anmal/{KIND}/{notice.id}"
    form = client.get(url)
    check_page(form)
    assert "Anmäl ”Fler bänkar i Slottsskogen”" in form.text
    empty = post(client, url, {"reason": ""}, page=url)
    check_page(empty, 400)
    assert "Ange vad som är fel med det." in empty.text
    sent = post(client, url, {"reason": "Reklam för ett företag"}, page=url)
    assert sent.headers["Location"] == f"/anslag/{notice.id}"
    assert [r.reason for r in reports.open_reports(KIND, notice.id)] == ["Reklam för ett företag"]


def test_reporting_is_rate_limited_per_visitor(client, db, board):
    notice = board.publish(db)
    url = f"/anmal/{KIND}/{notice.id}"
    token = csrf_token(client.get(url).text)
    statuses = [
        client.post(url, data={"csrf_token": token, "reason": f"Nr {n}"}).status_code
        for n in range(11)
    ]
    assert statuses == [302] * 10 + [429]


def test_only_public_items_of_known_kinds_can_be_reported(client, db, board):
    waiting, _item = board.submit(db)
    assert client.get(f"/anmal/{KIND}/{waiting.id}").status_code == 404
    assert client.get(f"/anmal/{KIND}/404").status_code == 404
    assert client.get("/anmal/ballot/1").status_code == 404


def test_the_delay_notice_shows_on_public_pages_only_when_past_the_target(app, db, board):
    template = '{% set delay_kinds = ["notice"] %}{% include "moderation/_delay_notice.html" %}'
    _notice, item = board.submit(db)
    with app.test_request_context("/"):
        assert render_template_string(template).strip() == ""
    item.submitted_at = utcnow().replace(year=utcnow().year - 1)
    db.session.commit()
    with app.test_request_context("/"):
        assert "1 inskickad text har väntat längre än vårt mål på 5 arbetsdagar" in (
            render_template_string(template)
        )


def test_the_menu_links_to_the_queue_only_for_moderators(app, make_staff, moderator):
    link = 'href="/moderering/"'
    assert link in staff_client(app, moderator).get("/personal").text
    assert link not in staff_client(app, make_staff(role="handler")).get("/personal").text


def test_kinds_pages_can_name_a_cited_rule(app):
    with app.test_request_context("/"):
        html = render_template_string("{{ moderation_rule('dubblett').title.get('sv') }}")
        assert html == "Det finns redan ett öppet förslag om samma sak"
        assert render_template_string("{{ moderation_rule('nothing') is none }}") == "True"


@pytest.mark.parametrize("object_id", ["'; DROP TABLE x; --", "%00", "..", "ÅÄÖ" * 30])
def test_odd_item_ids_are_not_found(client, db, board, object_id):
    assert client.get(f"/anmal/{KIND}/{object_id}").status_code in (404, 400)
