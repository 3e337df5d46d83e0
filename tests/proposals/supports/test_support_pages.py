"""The support routes over HTTP: who may use each, supporting and withdrawing from the
proposal's page, paper supports at a citizen office, Mina stöd, and the committee's answer."""

import pytest
from sqlalchemy import select

from eservices.proposals import supports
from eservices.proposals.support_models import Forwarding
from tests.conftest import check_page, csrf_token, post_form, staff_client

# (method, url, {who: expected status}) for every support route; anyone not listed gets
# 403, anonymous visitors are sent to log in (302). {id} is a forwarded proposal.
ROUTES = [
    ("POST", "/e-forslag/{id}/stod", {"resident": 302, "other_resident": 302}),
    ("POST", "/e-forslag/{id}/stod/ta-tillbaka", {"resident": 302, "other_resident": 302}),
    ("GET", "/e-forslag/{id}/pappersstod", {"citizen_office": 200}),
    ("POST", "/e-forslag/{id}/pappersstod", {"citizen_office": 400}),
    ("GET", "/e-forslag/medborgarkontor/nytt-forslag", {"citizen_office": 200}),
    ("POST", "/e-forslag/medborgarkontor/nytt-forslag", {"citizen_office": 400}),
    ("GET", "/mina-sidor/stod", {"resident": 200, "other_resident": 200}),
    ("GET", "/e-forslag/{id}/svar", {"committee_secretary": 200}),
    ("POST", "/e-forslag/{id}/svar", {"committee_secretary": 400}),
    ("GET", "/e-forslag/forsenade-svar", {"manager": 200, "admin": 200}),
]
WHO = [
    "anonymous",
    "resident",
    "other_resident",
    "moderator",
    "committee_secretary",
    "other_committee_secretary",
    "citizen_office",
    "manager",
    "admin",
]


def test_the_matrix_covers_every_support_route(app):
    from eservices.proposals import support_routes

    views = {
        name
        for name, value in vars(support_routes).items()
        if callable(value) and hasattr(value, "access")
    }
    endpoints = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.split(".")[-1] in views and rule.endpoint.startswith("proposals.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    listed = {(method, url.replace("{id}", "<int:proposal_id>")) for method, url, _ in ROUTES}
    assert listed == endpoints


@pytest.fixture
def forwarded(app, db, proposal, make_residents, threshold):
    """A proposal forwarded to its committee."""
    for person in make_residents(threshold):
        supports.support(proposal, person)
    return proposal


@pytest.fixture
def visitor(app, client, make_staff, make_committee, login_resident, forwarded):
    """A client for each kind of visitor."""

    def make(who):
        if who == "anonymous":
            return client
        if who == "resident":
            login_resident()
            return client
        if who == "other_resident":
            login_resident(pnr="19800101-5554", given_name="Olle", family_name="Annan")
            return client
        if who == "committee_secretary":
            staff = make_staff(role=who, committees=[forwarded.committee])
        elif who == "other_committee_secretary":
            other = make_committee(slug="idrott", name_sv="Idrottsnämnden", name_en="Sports")
            staff = make_staff(role="committee_secretary", committees=[other])
        else:
            staff = make_staff(role=who)
        return staff_client(app, staff)

    return make


@pytest.mark.parametrize("who", WHO)
def test_who_may_use_each_support_route(app, db, forwarded, visitor, who):
    client = visitor(who)
    # An anonymous visitor's proposal page has no form: their token comes from a log-in form.
    page = (
        f"/e-forslag/{forwarded.id}-{forwarded.slug}"
        if who != "anonymous"
        else "/personal/logga-in"
    )
    token = csrf_token(client.get(page).text)
    for method, template, allowed in ROUTES:
        url = template.format(id=forwarded.id)
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": token})
        expected = 302 if who == "anonymous" else allowed.get(who, 403)
        assert response.status_code == expected, (who, method, url, response.status_code)
        if who == "anonymous":
            assert "/logga-in" in response.headers["Location"]


def page_of(proposal):
    return f"/e-forslag/{proposal.id}-{proposal.slug}"


def test_a_resident_supports_and_withdraws_from_the_proposals_page(
    app, db, client, proposal, login_resident
):
    page = client.get(page_of(proposal))
    assert "för att stödja</a>" in page.text and "/logga-in?next=" in page.text
    login_resident()
    page = client.get(page_of(proposal))
    check_page(page)
    assert "Stöd förslaget" in page.text
    response = client.post(
        f"/e-forslag/{proposal.id}/stod",
        data={"csrf_token": csrf_token(page.text), "notify": "y"},
        follow_redirects=True,
    )
    check_page(response)
    assert "Tack för ditt stöd." in response.text
    assert "Ta tillbaka mitt stöd" in response.text
    assert "1 stöd" in client.get("/mina-sidor/stod").text
    response = client.post(
        f"/e-forslag/{proposal.id}/stod",
        data={"csrf_token": csrf_token(page.text)},
        follow_redirects=True,
    )
    assert "Du stöder redan förslaget." in response.text
    response = client.post(
        f"/e-forslag/{proposal.id}/stod/ta-tillbaka",
        data={"csrf_token": csrf_token(page.text)},
        follow_redirects=True,
    )
    assert "Ditt stöd är borttaget." in response.text
    assert "Stöd förslaget" in response.text
    assert "Du stöder inga förslag." in client.get("/mina-sidor/stod").text


def test_a_citizen_office_registers_a_paper_support_once_per_person(app, db, proposal, make_staff):
    clerk = staff_client(app, make_staff(role="citizen_office"))
    url = f"/e-forslag/{proposal.id}/pappersstod"
    check_page(clerk.get(url))
    person = {"personnummer": "19800101-5554", "given_name": "Olle", "family_name": "Papper"}
    response = post_form(clerk, url, person, follow_redirects=True)
    check_page(response)
    assert "Stödet är registrerat." in response.text
    response = post_form(clerk, url, person)
    check_page(response, 400)
    assert "Personen stöder redan förslaget." in response.text
    response = post_form(clerk, url, {**person, "personnummer": "19800101-5555"})
    check_page(response, 400)
    assert 'value="19800101-5555"' in response.text
    assert "Kontrollera de fyra sista siffrorna" in response.text
    assert supports.count_rows(proposal.id) == 1


def test_the_committee_secretary_publishes_the_answer(app, db, client, forwarded, make_staff):
    secretary = staff_client(
        app, make_staff(role="committee_secretary", committees=[forwarded.committee])
    )
    sent = db.session.scalar(select(Forwarding))
    case_page = secretary.get(f"/handlaggning/arenden/{sent.case.number}")
    assert case_page.status_code == 200, case_page.status_code
    assert "Registrera nämndens svar" in case_page.text
    url = f"/e-forslag/{forwarded.id}/svar"
    response = post_form(secretary, url, {"decision": "declined", "text": "", "decided_on": "x"})
    check_page(response, 400)
    assert "Fel:" in response.text.split("</title>")[0]
    response = post_form(
        secretary,
        url,
        {
            "decision": "partly_carried_out",
            "text": "Nämnden sätter ut tio bänkar.\n\nResten får vänta.",
            "decided_on": "2026-12-10",
            "minutes_url": "https://goteborg.se/protokoll/12",
        },
        follow_redirects=True,
    )
    check_page(response)
    assert "Genomförs delvis" in response.text
    assert "Nämnden sätter ut tio bänkar." in client.get(page_of(forwarded)).text
    assert "Genomförs delvis" in client.get(page_of(forwarded)).text


def test_a_late_answer_is_flagged_on_the_page_and_listed_for_managers(
    app, db, client, forwarded, make_staff
):
    from datetime import timedelta

    from eservices.database import utcnow

    assert "Svaret är försenat" not in client.get(page_of(forwarded)).text
    sent = db.session.get(Forwarding, forwarded.id)
    sent.answer_due_at = utcnow() - timedelta(days=1)
    db.session.commit()
    assert "Svaret är försenat" in client.get(page_of(forwarded)).text
    manager = staff_client(app, make_staff(role="manager"))
    listing = manager.get("/e-forslag/forsenade-svar")
    check_page(listing)
    assert forwarded.title in listing.text
