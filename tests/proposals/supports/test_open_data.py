"""Open proposal data: /api/v1/proposals as JSON and CSV, public proposals only."""

from datetime import date

import pytest

from eservices.proposals import answers, supports
from eservices.proposals.models import CLOSED
from eservices.proposals.support_models import DECLINED
from tests.proposals.supports.helpers import personnummer


@pytest.fixture
def answered(app, db, proposal, make_residents, threshold, make_staff):
    """The proposal, forwarded by its supports and answered by the committee."""
    for person in make_residents(threshold):
        supports.support(proposal, person)
    db.session.expire_all()
    secretary = make_staff(role="committee_secretary", committees=[proposal.committee])
    answers.record(
        proposal,
        decision=DECLINED,
        text="Nämnden har inte pengar till fler bänkar i år.",
        decided_on=date(2026, 12, 10),
        minutes_url="https://goteborg.se/protokoll/1",
        actor=secretary,
    )
    return proposal


@pytest.fixture
def unpublished(make_proposal):
    """A draft, one in the moderation queue and a rejected one."""
    return [
        make_proposal(title=status, status=status) for status in ("draft", "submitted", "rejected")
    ]


def test_an_answered_proposal_shows_its_count_committee_and_answer(client, answered, threshold):
    listed = client.get("/api/v1/proposals").json["proposals"]
    assert [p["id"] for p in listed] == [answered.id]
    one = client.get(f"/api/v1/proposals/{answered.id}").json
    assert one == listed[0]
    assert (one["status"], one["support_count"], one["threshold"]) == ("answered", 5, 5)
    assert one["title"] == "Fler bänkar i Slottsskogen"
    assert one["committee"]["name_sv"] == answered.committee.name_sv
    assert one["answer"]["decision"] == "declined"
    assert one["answer"]["text"] == "Nämnden har inte pengar till fler bänkar i år."
    assert one["answer"]["decided_on"] == "2026-12-10"
    assert one["answer"]["minutes_url"] == "https://goteborg.se/protokoll/1"
    assert one["forwarded_at"] and one["published_at"] and one["closes_at"]
    assert one["proposer_name"] == answered.proposer_name


def test_drafts_queued_and_rejected_proposals_are_not_open_data(client, proposal, unpublished):
    assert [p["id"] for p in client.get("/api/v1/proposals").json["proposals"]] == [proposal.id]
    for hidden_id in [*(p.id for p in unpublished), 9999, 2**40]:
        response = client.get(f"/api/v1/proposals/{hidden_id}")
        assert (response.status_code, response.json) == (404, {"error": "not_found"})
    csv_ids = [line.split(";")[0] for line in _csv(client).splitlines()[1:]]
    assert csv_ids == [str(proposal.id)]


def test_no_email_or_personnummer_in_the_json_or_the_csv(client, answered, proposer):
    texts = [client.get("/api/v1/proposals").text, _csv(client)]
    texts.append(client.get(f"/api/v1/proposals/{answered.id}").text)
    for text in texts:
        assert "@example.se" not in text
        assert "199003152387" not in text.replace("-", "")  # the proposer's
        assert "9003152387" not in text.replace("-", "")
        assert personnummer(1) not in text  # a supporter's


def test_filters_by_status_category_and_area(client, db, make_proposal):
    def placed(title, category, area, status="published"):
        proposal = make_proposal(title=title, status=status)
        proposal.category, proposal.area = category, area
        db.session.commit()
        return proposal

    park = placed("Park", "parker-och-natur", "centrum")
    street = placed("Gata", "trafik-och-gator", "hisingen")
    closed = placed("Stängd", "skola", "centrum", status=CLOSED)

    def ids(query):
        response = client.get(f"/api/v1/proposals?{query}")
        assert response.status_code == 200
        return {p["id"] for p in response.json["proposals"]}

    assert ids("") == {park.id, street.id, closed.id}
    assert ids("status=closed") == {closed.id}
    assert ids("status=published") == {park.id, street.id}
    assert ids("category=trafik-och-gator") == {street.id}
    assert ids("area=centrum") == {park.id, closed.id}
    assert ids("area=centrum&status=published") == {park.id}
    assert ids("page=2") == set()
    assert ids("category=okand") == set()
    assert "Gata" in _csv(client, "?area=hisingen")
    assert "Park" not in _csv(client, "?area=hisingen")


@pytest.mark.parametrize("query", ["status=rejected", "status=draft", "page=0", "page=x"])
def test_an_unknown_filter_value_is_a_json_error(client, query):
    response = client.get(f"/api/v1/proposals?{query}")
    assert response.status_code == 400
    assert response.json["error"] == "invalid_parameter"


def test_the_csv_opens_in_swedish_excel(client, answered):
    response = client.get("/api/v1/proposals.csv")
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    assert response.data.startswith(b"\xef\xbb\xbf")
    header, row = response.data.decode("utf-8-sig").splitlines()
    assert header.startswith("id;title;category;area;status;support_count;threshold")
    assert row.split(";")[:7] == [
        str(answered.id),
        "Fler bänkar i Slottsskogen",
        "park",
        "centrum",
        "answered",
        "5",
        "5",
    ]
    assert "declined;2026-12-10;https://goteborg.se/protokoll/1" in row


@pytest.mark.parametrize(
    "url", ["/api/v1/proposals", "/api/v1/proposals.csv", "/api/v1/proposals/{id}"]
)
def test_anyone_may_read_and_cache_it(client, proposal, url):
    response = client.get(url.format(id=proposal.id))
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Cache-Control"] == "public, max-age=300"


@pytest.mark.parametrize("app_config", [{"OPEN_DATA_LIMIT": "3 per minute"}])
def test_too_many_requests_get_429_as_json(client, proposal):
    statuses = [client.get("/api/v1/proposals").status_code for _ in range(3)]
    refused = client.get(f"/api/v1/proposals/{proposal.id}")
    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert refused.json == {"error": "too_many_requests"}
    assert int(refused.headers["Retry-After"]) > 0


def _csv(client, query=""):
    response = client.get(f"/api/v1/proposals.csv{query}")
    assert response.status_code == 200
    return response.data.decode("utf-8-sig")
