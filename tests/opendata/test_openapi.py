"""The OpenAPI document at /api/openapi.json: valid, complete, and true of the public APIs."""

import re
from datetime import timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate

from eservices.database import utcnow
from eservices.proposals.models import PUBLISHED, Proposal

PUBLIC = r"^/api/(openapi\.json|v1/services|v1/proposals)"


@pytest.fixture
def app_config():
    """No rate limit in the way of the generated requests."""
    return {"OPEN_DATA_LIMIT": "100000 per minute"}


def test_the_document_is_valid_openapi_3_1(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    document = response.json
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_every_api_route_is_described(app, client):
    described = client.get("/api/openapi.json").json["paths"]
    routes = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
    }
    assert routes - set(described) == set()
    assert set(described) - routes == set()


@pytest.fixture
def proposal(db, make_resident, make_committee):
    """A published proposal, so the proposal routes have one to find."""
    author = make_resident()
    found = Proposal(
        title="Fler bänkar",
        slug="fler-bankar",
        body="Längs promenadvägen.",
        category="parker-och-natur",
        area="centrum",
        proposer_id=author.id,
        proposer_name=author.full_name,
        status=PUBLISHED,
        published_at=utcnow(),
        decided_at=utcnow(),
        closes_at=utcnow() + timedelta(days=90),
        committee_id=make_committee().id,
    )
    db.session.add(found)
    db.session.commit()
    return found


def test_the_public_apis_answer_as_described(app, proposal):
    """Generated requests get no server error and answers that match the document."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    operations = [result.ok() for result in schema.include(path_regex=PUBLIC).get_all_operations()]
    assert len(operations) == 6

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=15,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate()

        check()
