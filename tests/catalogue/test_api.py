"""The open-data API: the published e-services as JSON."""

import json
import shutil
from pathlib import Path

import pytest

from eservices import create_app
from eservices.extensions import db

FORMS = Path(__file__).resolve().parents[2] / "forms"


def test_the_list_holds_every_published_service_with_its_description(client):
    response = client.get("/api/v1/services")
    assert response.status_code == 200
    services = response.json
    assert len(services) == 6
    felanmalan = next(s for s in services if s["id"] == "felanmalan")
    assert felanmalan["title"] == {"sv": "Felanmälan", "en": "Report a fault"}
    assert felanmalan["category"] == {
        "id": "trafik-och-gator",
        "label": {"sv": "Trafik och gator", "en": "Traffic and streets"},
    }
    assert felanmalan["life_events"] == [
        {
            "id": "trafik-och-parkering",
            "label": {"sv": "Trafik och parkering", "en": "Traffic and parking"},
        }
    ]
    assert felanmalan["access"] == "anonymous"
    assert felanmalan["retention"] == {"anonymise_after_days": 730}
    assert felanmalan["url"] == "http://127.0.0.1:5000/e-tjanster/felanmalan"  # BASE_URL


def test_a_service_in_detail(client):
    response = client.get("/api/v1/services/parkeringstillstand-rorelsehindrade")
    assert response.status_code == 200
    service = response.json
    assert set(service) == {
        "id", "version", "title", "summary", "keywords", "category", "life_events", "access",
        "description", "retention", "steps", "url",
    }  # fmt: skip
    assert service["version"] == 1
    assert service["access"] == "e-id"
    assert "parkering" in service["keywords"]["sv"]
    assert "parking permit" in service["keywords"]["en"]
    assert [event["id"] for event in service["life_events"]] == [
        "trafik-och-parkering",
        "leva-med-funktionsnedsattning",
    ]
    description = service["description"]
    assert description["processing_days"] == 35
    assert description["responsible_unit"] == "trafik"
    assert description["legal_basis"]["sv"].startswith("13 kap. 8 § trafikförordningen")
    assert set(description) == {
        "who_may_apply", "what_you_need", "cost", "processing_days", "legal_basis",
        "personal_data", "responsible_unit",
    }  # fmt: skip
    steps = service["steps"]
    assert [step["id"] for step in steps] == [
        "applicant",
        "needs",
        "certificate",
        "photo_and_signature",
    ]
    assert steps[0]["title"] == {"sv": "Om dig", "en": "About you"}
    fields = {field["id"]: field for step in steps for field in step["fields"]}
    assert fields["name"] == {
        "id": "name",
        "type": "text",
        "label": {"sv": "Namn", "en": "Name"},
        "required": True,
    }
    assert fields["applies_as"]["options"][0] == {
        "value": "forare",
        "label": {
            "sv": "Som förare – jag kör bilen själv",
            "en": "As a driver – I drive the car myself",
        },
    }
    assert fields["prefill_info"]["label"] is None
    assert fields["prefill_info"]["text"]["sv"].startswith("Vi har fyllt i")


def test_easy_to_read_swedish_is_included_where_there_is_some(client):
    summary = client.get("/api/v1/services/synpunkter-och-klagomal").json["summary"]
    assert summary["sv_easy"].startswith("Här kan du säga")


@pytest.mark.parametrize(
    "url", ["/api/v1/services", "/api/v1/services/felanmalan", "/api/v1/services/finns-inte"]
)
def test_responses_are_open_cacheable_utf8_json(client, url):
    response = client.get(url)
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Cache-Control"] == "public, max-age=300"
    json.loads(response.data.decode("utf-8"))


def test_swedish_letters_are_sent_as_utf8_not_escaped(client):
    raw = client.get("/api/v1/services/felanmalan").data
    assert "Felanmälan".encode() in raw
    assert b"\\u00e4" not in raw


def test_an_unknown_service_is_a_json_404(client):
    response = client.get("/api/v1/services/finns-inte")
    assert response.status_code == 404
    assert response.json == {"error": "not_found"}


def test_the_api_is_read_only(client):
    assert client.post("/api/v1/services").status_code == 405


@pytest.fixture
def app_with_an_unpublished_service(app, tmp_path):
    """An app on the same database whose forms/ has skolskjuts unpublished."""
    forms = tmp_path / "forms-unpublished"
    shutil.copytree(FORMS, forms)
    path = forms / "skolskjuts.yaml"
    text = path.read_text(encoding="utf-8")
    assert "published: true" in text
    path.write_text(text.replace("published: true", "published: false", 1), encoding="utf-8")
    other = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        FORMS_DIR=str(forms),
    )
    other.test_client_class = app.test_client_class
    yield other
    with other.app_context():
        db.engine.dispose()


def test_unpublished_services_are_absent(app_with_an_unpublished_service):
    client = app_with_an_unpublished_service.test_client()
    ids = [service["id"] for service in client.get("/api/v1/services").json]
    assert len(ids) == 5
    assert "skolskjuts" not in ids
    response = client.get("/api/v1/services/skolskjuts")
    assert response.status_code == 404
    assert response.json == {"error": "not_found"}
