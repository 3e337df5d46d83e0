"""A unit's back-end system reads the unit's cases as JSON with a token an administrator made."""

import hashlib
import re

import pytest

from tests.conftest import check_page, csrf_token, post_form, staff_client
from tests.fault_report import png, post, upload


def _shown_once(html):
    return re.search(r'<code class="secret">([^<]+)</code>', html).group(1)


@pytest.fixture
def admin(app, make_staff):
    return staff_client(app, make_staff(role="admin"))


def _make_client(admin, unit, name="Ärendesystemet"):
    url = f"/admin/enheter/{unit.id}/integrationer"
    response = post_form(admin, url, {"client-name": name})
    check_page(response)
    return _shown_once(response.text)


@pytest.fixture
def sent_case(client, units, login_resident):
    """A logged-in resident's fault report with a photo, routed to felanmalan (klotter)."""
    login_resident()
    post(client, "/e-tjanster/felanmalan/ansok", {})
    post(client, "/e-tjanster/felanmalan/steg/1", {"category": "klotter", "action": "next"})
    post(
        client, "/e-tjanster/felanmalan/steg/2", {"location__description": "Här", "action": "next"}
    )
    upload(client, ("klotter.png", png()))
    post(client, "/e-tjanster/felanmalan/steg/4", {"wants_reply": "no", "action": "next"})
    sent = post(client, "/e-tjanster/felanmalan/granska", {})
    return sent.headers["Location"].rsplit("/", 1)[1]


def _get(app, url, token):
    return app.test_client().get(url, headers={"Authorization": f"Bearer {token}"})


def test_a_token_reads_its_units_cases_with_answers_files_and_applicant(
    app, admin, units, sent_case
):
    token = _make_client(admin, units["felanmalan"])
    listing = _get(app, "/api/v1/cases", token)
    assert listing.status_code == 200
    assert [case["number"] for case in listing.json["cases"]] == [sent_case]
    document = _get(app, f"/api/v1/cases/{sent_case}", token).json
    assert document["service"]["id"] == "felanmalan"
    assert document["answers"]["location"]["description"] == "Här"
    assert document["applicant"]["personnummer"] == "199003152387"
    assert {"id": "category", "type": "radio", "label": "Vad gäller felet?"} in document["fields"]
    [photo] = document["attachments"]
    download = _get(app, photo["download_url"].split("127.0.0.1:5000")[1], token)
    assert download.status_code == 200 and download.data == png()


def test_a_token_sees_nothing_of_another_unit(app, admin, units, sent_case):
    token = _make_client(admin, units["trafik"])
    assert _get(app, "/api/v1/cases", token).json["cases"] == []
    assert _get(app, f"/api/v1/cases/{sent_case}", token).status_code == 404


def test_a_revoked_token_stops_working(app, admin, units, sent_case, db):
    from eservices.integrations.models import ApiClient

    token = _make_client(admin, units["felanmalan"])
    client_id = db.session.scalar(db.select(ApiClient.id))
    confirm = admin.get(f"/admin/api-klienter/{client_id}/aterkalla")
    check_page(confirm)
    assert _get(app, "/api/v1/cases", token).status_code == 200  # the GET changed nothing
    admin.post(
        f"/admin/api-klienter/{client_id}/aterkalla",
        data={"csrf_token": csrf_token(confirm.text)},
    )
    assert _get(app, "/api/v1/cases", token).status_code == 401


def test_since_filters_and_a_bad_time_is_a_clear_400(app, admin, units, sent_case):
    token = _make_client(admin, units["felanmalan"])
    later = _get(app, "/api/v1/cases?since=2999-01-01T00:00:00%2B00:00", token)
    assert later.json["cases"] == []
    bad = _get(app, "/api/v1/cases?since=yesterday", token)
    assert bad.status_code == 400 and "ISO 8601" in bad.json["title"]
    naive = _get(app, "/api/v1/cases?since=2026-01-01T00:00:00", token)
    assert naive.status_code == 400


def test_the_token_is_shown_once_and_only_its_hash_is_kept(app, admin, units, db):
    from eservices.integrations.models import ApiClient

    token = _make_client(admin, units["felanmalan"])
    page = admin.get(f"/admin/enheter/{units['felanmalan'].id}/integrationer").text
    assert token not in page and "Ärendesystemet" in page
    stored = db.session.scalar(db.select(ApiClient))
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {str(value) for value in vars(stored).values()}


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("https://arende.example.se/hook", True),
        # This machine, unless the configuration allows it (see test_webhook_addresses.py).
        ("http://127.0.0.1:9000/hook", False),
        ("http://arende.example.se/hook", False),
        ("ftp://arende.example.se/hook", False),
        ("arende.example.se", False),
        ("https://" + "a" * 500 + ".se", False),
    ],
)
def test_the_webhook_address_is_checked(admin, units, url, accepted):
    page_url = f"/admin/enheter/{units['felanmalan'].id}/integrationer"
    response = post_form(admin, page_url, {"webhook-url": url})
    page = check_page(response)
    if accepted:
        assert "Signeringsnyckel" in response.text and len(_shown_once(response.text)) > 30
    else:
        assert page.title_text.startswith("Fel: ")
        assert url[:50] in response.text  # what was typed is kept
