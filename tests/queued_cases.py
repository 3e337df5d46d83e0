"""Cases in units' queues, made through the real submission service."""

import pytest

from eservices.submissions.cases import submit_case


@pytest.fixture
def queue_units(make_unit):
    """The fault report's units, by slug."""
    slugs = ("felanmalan", "park-och-natur", "trafik")
    return {slug: make_unit(slug=slug, name_sv=f"Enhet {slug}") for slug in slugs}


@pytest.fixture
def make_case(app, db, queue_units):
    """make_case(category="klotter", applicant=None): a received fault report."""
    service = app.extensions["catalogue"].get("felanmalan")

    def factory(category="klotter", applicant=None, description="Klotter på skolan"):
        answers = {
            "category": category,
            "location": {"description": "Här", "lat": None, "lng": None},
            "description": description,
            "wants_reply": "no",
        }
        with app.test_request_context():
            return submit_case(service, answers, applicant=applicant)

    return factory


@pytest.fixture
def handler(make_staff, queue_units):
    """A handler of the unit that gets graffiti reports (felanmalan)."""
    return make_staff(role="handler", units=[queue_units["felanmalan"]])
